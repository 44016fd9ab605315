//! What `ward trust` prints: enrolment, score windows, live notes, evaluation tables.

use std::path::Path;
use std::time::Duration;
use ward_trust::eval::balabit::BalabitReport;
use ward_trust::eval::keystroke::KeystrokeFigures;
use ward_trust::{InputEvent, Profile, TrustState, WatchNote, WindowResult};

/// The line after a profile is written.
pub(super) fn enrolled(events: usize, p: &Profile, path: &Path) {
    let mouse = p.mouse.as_ref().map_or_else(
        || "no (too little mouse input)".to_owned(),
        |m| format!("yes ({})", m.model.kind()),
    );
    let keys = if p.keys.is_some() {
        "yes"
    } else {
        "no (too little typing)"
    };
    println!(
        "enrolled {events} events: mouse {mouse}, keys {keys}; profile written to {} (0600)",
        path.display()
    );
}

/// One scored window, at the time of the event that completed it.
pub(super) fn window(ev: &InputEvent, r: &WindowResult) {
    let score = r
        .score
        .map_or_else(|| "-".to_owned(), |s| format!("{s:.3}"));
    let why = r.reason.map(|r| format!(" ({r})")).unwrap_or_default();
    println!(
        "{:>12.3}s {:<10} {:<9} score {score:<8} -> {}{why}",
        ev.ts() as f64 / 1e6,
        r.source,
        format!("{:?}", r.verdict).to_lowercase(),
        r.state
    );
}

/// The summary after scoring a recording.
pub(super) fn scored(events: usize, windows: usize, state: TrustState) {
    println!("{events} events, {windows} windows, final state: {state}");
}

/// A note from the live watch loop; `\r\n` because the terminal may be in raw mode.
pub(super) fn watch_note(note: WatchNote) {
    match note {
        WatchNote::Automation(why) => eprint!("automation: {why}\r\n"),
        WatchNote::Failed(e) => eprintln!("ward: {e}"),
        WatchNote::State(state) => print!("trust: {state}\r\n"),
    }
}

fn fmt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"))
}

/// The Balabit table: overall figures per detector, then per account.
pub(super) fn balabit(r: &BalabitReport, took: Duration) {
    println!(
        "balabit: {} labelled sessions ({} without usable actions), {:.1} s",
        r.sessions,
        r.empty_sessions,
        took.as_secs_f64()
    );
    for d in &r.detectors {
        println!(
            "\n{}: overall AUC {}  EER {}  (mean account AUC {}, lowest {})",
            d.detector,
            fmt(d.auc),
            fmt(d.eer),
            fmt(d.mean_account_auc),
            fmt(d.min_account_auc)
        );
        println!(
            "  {:<8} {:>8} {:>8} {:>7} {:>7}",
            "account", "sessions", "illegal", "AUC", "EER"
        );
        for a in &d.accounts {
            println!(
                "  {:<8} {:>8} {:>8} {:>7} {:>7}",
                a.user,
                a.sessions,
                a.illegal,
                fmt(a.auc),
                fmt(a.eer)
            );
        }
    }
}

/// One line per detector of the Killourhy–Maxion evaluation.
pub(super) fn keystroke(figs: &[KeystrokeFigures]) {
    for f in figs {
        println!(
            "{}: mean EER {:.3} (sd {:.3}), mean AUC {:.3} over {} subjects",
            f.detector,
            f.mean_eer,
            f.sd_eer,
            f.mean_auc,
            f.subjects.len()
        );
    }
}
