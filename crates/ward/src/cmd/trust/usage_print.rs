//! How `ward trust usage` shows a profile: top programs, usual hours as a
//! small text histogram, usual directories, pace, and the current score.

use serde_json::json;
use std::path::Path;
use ward_trust::{Decayed, UsageProfile, UsageScore};

/// Entries of a map by weight at `now`, heaviest first.
fn ranked<'a>(
    map: impl IntoIterator<Item = (&'a String, &'a Decayed)>,
    now: i64,
    hl: i64,
    n: usize,
) -> Vec<(&'a str, f64)> {
    let mut v: Vec<(&str, f64)> = map
        .into_iter()
        .map(|(k, d)| (k.as_str(), d.at(now, hl)))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    v.truncate(n);
    v
}

fn hours(p: &UsageProfile, now: i64) -> Vec<f64> {
    let hl = p.limits.half_life;
    p.hours.iter().map(|h| h.at(now, hl)).collect()
}

/// The profile and score as JSON for tools.
pub fn to_json(p: &UsageProfile, current: &UsageScore, now: i64) -> serde_json::Value {
    let hl = p.limits.half_life;
    let programs: Vec<_> = ranked(p.programs.iter().map(|(k, s)| (k, &s.uses)), now, hl, 50)
        .into_iter()
        .map(|(name, w)| {
            let subs = p
                .programs
                .get(name)
                .map(|s| ranked(&s.subs, now, hl, 5))
                .unwrap_or_default();
            json!({"program": name, "weight": w, "subcommands": subs.iter().map(|(s, w)| json!({"sub": s, "weight": w})).collect::<Vec<_>>()})
        })
        .collect();
    let pairs = |v: Vec<(&str, f64)>| {
        v.into_iter()
            .map(|(k, w)| json!({"name": k, "weight": w}))
            .collect::<Vec<_>>()
    };
    json!({
        "actions": p.weight(now),
        "last_event_id": p.last_id,
        "programs": programs,
        "directories": pairs(ranked(&p.dirs, now, hl, 20)),
        "hours_utc": hours(p, now),
        "actors": pairs(ranked(&p.actors, now, hl, 20)),
        "sensitive": pairs(ranked(&p.sensitive, now, hl, 20)),
        "usual_pace_per_minute": p.usual_pace,
        "current": super::usage::score_json(current),
    })
}

/// One line of block characters, one per hour.
fn histogram(h: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = h.iter().copied().fold(0.0, f64::max);
    h.iter()
        .map(|&v| {
            if v <= 0.0 || max <= 0.0 {
                ' '
            } else {
                let i = ((v / max) * 7.0).round();
                // 0..=7 by construction.
                BARS.get(i as usize).copied().unwrap_or('█')
            }
        })
        .collect()
}

/// The profile in human terms.
pub fn print(p: &UsageProfile, current: &UsageScore, now: i64, path: &Path) {
    let hl = p.limits.half_life;
    println!(
        "usage profile {} ({:.0} recent actions, learned up to event {})",
        path.display(),
        p.weight(now),
        p.last_id
    );
    println!("top programs:");
    for (name, w) in ranked(p.programs.iter().map(|(k, s)| (k, &s.uses)), now, hl, 10) {
        let subs: Vec<&str> = p
            .programs
            .get(name)
            .map(|s| {
                ranked(&s.subs, now, hl, 3)
                    .into_iter()
                    .map(|x| x.0)
                    .collect()
            })
            .unwrap_or_default();
        let subs = if subs.is_empty() {
            String::new()
        } else {
            format!(" ({})", subs.join(", "))
        };
        println!("  {w:>8.1}  {name}{subs}");
    }
    println!("usual hours (UTC):");
    println!("  |{}|", histogram(&hours(p, now)));
    println!("   0     6     12    18   23");
    println!("usual directories:");
    for (d, w) in ranked(&p.dirs, now, hl, 5) {
        println!("  {w:>8.1}  {d}");
    }
    println!("usual pace: {:.1} actions a minute", p.usual_pace);
    let actors: Vec<String> = ranked(&p.actors, now, hl, 5)
        .into_iter()
        .map(|(a, w)| format!("{a} {w:.0}"))
        .collect();
    println!("actors: {}", actors.join(", "));
    println!("now: {} (score {:.2})", current.level, current.score);
    for r in &current.reasons {
        println!("  {r}");
    }
}
