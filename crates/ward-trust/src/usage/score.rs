//! How novel an action is for the person whose profile it is, and why.
//!
//! Each reason adds a fixed weight to the score (capped at 1):
//!
//! | reason | weight |
//! |---|---|
//! | a program never seen (each further one +0.1) | 0.35 |
//! | a subcommand never seen of a known program | 0.15 |
//! | a directory tree never seen | 0.2 |
//! | an hour holding under 1% of the person's actions | 0.2 |
//! | an actor never seen (a new agent) | 0.15 |
//! | a sensitive effect never seen (reading secrets, egress, …), each | 0.3 |
//! | a burst: recent actions were new things (recent novelty ≥ 1), or the pace is over 5× usual and over 20 a minute | 0.4 |
//!
//! Levels: under 0.3 familiar, under 0.7 novel, else very novel. Until the
//! profile holds [`Limits::min_history`](super::Limits) weighted actions it
//! is still learning and says nothing.

use super::profile::{RECENT_HALF_LIFE, UsageProfile, hour_and_weekday};
use super::{MAX_PROGRAMS_PER_ACTION, Seconds, UsageAction};
use serde::Serialize;
use std::fmt;

const NEW_PROGRAM: f64 = 0.35;
const MORE_NEW_PROGRAMS: f64 = 0.1;
const NEW_SUB: f64 = 0.15;
const NEW_DIR: f64 = 0.2;
const ODD_HOUR: f64 = 0.2;
const NEW_ACTOR: f64 = 0.15;
const NEW_SENSITIVE: f64 = 0.3;
const BURST: f64 = 0.4;
/// A weight below this counts as never seen.
const SEEN: f64 = 0.5;
/// An hour holding less than this share of all actions is unusual.
const ODD_HOUR_SHARE: f64 = 0.01;
/// Recent novelty at or above this is a burst (about three new things a minute).
const BURST_NOVELTY: f64 = 1.0;
const NOVEL: f64 = 0.3;
const VERY_NOVEL: f64 = 0.7;

/// What the usage signal says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UsageLevel {
    /// Too little history to say anything.
    Learning,
    /// The way this person usually works.
    Familiar,
    /// Something new: worth a second look.
    Novel,
    /// Several new things at once, or a strong one.
    VeryNovel,
}

impl fmt::Display for UsageLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UsageLevel::Learning => "learning",
            UsageLevel::Familiar => "familiar",
            UsageLevel::Novel => "novel",
            UsageLevel::VeryNovel => "very-novel",
        })
    }
}

/// One reason an action is novel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum UsageReason {
    /// The profile holds too few actions to judge.
    Learning {
        /// Weighted actions so far.
        actions: f64,
    },
    /// A program never seen.
    NewProgram {
        /// Its name.
        program: String,
    },
    /// A subcommand never seen of a known program.
    NewSubcommand {
        /// The program.
        program: String,
        /// The subcommand.
        sub: String,
    },
    /// A working-directory tree never seen.
    NewDirectory {
        /// The tree.
        dir: String,
    },
    /// An hour of the day the person rarely works in.
    UnusualHour {
        /// The hour (UTC).
        hour: usize,
        /// Its share of the person's actions.
        share: f64,
    },
    /// An actor never seen (a new agent).
    NewActor {
        /// The actor.
        actor: String,
    },
    /// A sensitive effect the person has never caused.
    FirstSensitive {
        /// The effect kind.
        effect: String,
    },
    /// Many new things, or many actions, in a short time.
    Burst {
        /// Recent novelty (decayed sum of recent actions' novelty).
        novelty: f64,
        /// Actions in about the last minute, and the usual figure.
        pace: f64,
        /// The usual pace.
        usual: f64,
    },
}

impl fmt::Display for UsageReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UsageReason::Learning { actions } => {
                write!(f, "still learning ({actions:.0} actions so far)")
            }
            UsageReason::NewProgram { program } => write!(f, "never ran `{program}` before"),
            UsageReason::NewSubcommand { program, sub } => {
                write!(f, "never ran `{program} {sub}` before")
            }
            UsageReason::NewDirectory { dir } => write!(f, "never worked in `{dir}` before"),
            UsageReason::UnusualHour { hour, share } => write!(
                f,
                "rarely works at {hour:02}:00 UTC ({:.1}% of actions)",
                share * 100.0
            ),
            UsageReason::NewActor { actor } => write!(f, "first action by `{actor}`"),
            UsageReason::FirstSensitive { effect } => write!(f, "first `{effect}` effect"),
            UsageReason::Burst {
                novelty,
                pace,
                usual,
            } => write!(
                f,
                "a burst: recent novelty {novelty:.1}, {pace:.0} actions a minute (usually {usual:.1})"
            ),
        }
    }
}

/// The usage signal for one action (or for recent history alone).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UsageScore {
    /// 0 (the usual) to 1 (everything new).
    pub score: f64,
    /// The level the score falls in.
    pub level: UsageLevel,
    /// Why, strongest first.
    pub reasons: Vec<UsageReason>,
}

fn seen(d: Option<&super::Decayed>, now: Seconds, hl: Seconds) -> bool {
    d.is_some_and(|d| d.at(now, hl) >= SEEN)
}

/// The reasons `a` is new for `p` at `now`, burst excluded, with their weight.
fn reasons(p: &UsageProfile, a: &UsageAction, now: Seconds) -> (f64, Vec<UsageReason>) {
    let hl = p.limits.half_life;
    let (mut w, mut out) = (0.0, Vec::new());
    let mut new_programs = 0;
    for u in a.programs.iter().take(MAX_PROGRAMS_PER_ACTION) {
        match p.programs.get(&u.program) {
            Some(stats) if stats.uses.at(now, hl) >= SEEN => {
                if let Some(sub) = &u.sub
                    && !seen(stats.subs.get(sub), now, hl)
                    && !out
                        .iter()
                        .any(|r| matches!(r, UsageReason::NewSubcommand { .. }))
                {
                    w += NEW_SUB;
                    out.push(UsageReason::NewSubcommand {
                        program: u.program.clone(),
                        sub: sub.clone(),
                    });
                }
            }
            _ => {
                w += if new_programs == 0 {
                    NEW_PROGRAM
                } else {
                    MORE_NEW_PROGRAMS
                };
                new_programs += 1;
                out.push(UsageReason::NewProgram {
                    program: u.program.clone(),
                });
            }
        }
    }
    if !seen(p.dirs.get(&a.dir), now, hl) {
        w += NEW_DIR;
        out.push(UsageReason::NewDirectory { dir: a.dir.clone() });
    }
    let total = p.total.at(now, hl);
    let (hour, _) = hour_and_weekday(now);
    let share = p.hours.get(hour).map_or(0.0, |h| h.at(now, hl)) / total.max(1.0);
    if total >= p.limits.min_history && share < ODD_HOUR_SHARE {
        w += ODD_HOUR;
        out.push(UsageReason::UnusualHour { hour, share });
    }
    if !seen(p.actors.get(&a.actor), now, hl) {
        w += NEW_ACTOR;
        out.push(UsageReason::NewActor {
            actor: a.actor.clone(),
        });
    }
    for s in &a.sensitive {
        if !seen(p.sensitive.get(s), now, hl) {
            w += NEW_SENSITIVE;
            out.push(UsageReason::FirstSensitive { effect: s.clone() });
        }
    }
    (w, out)
}

/// How new `a` is for `p`, burst excluded: what the profile remembers as
/// recent novelty when it learns `a`.
pub(crate) fn novelty(p: &UsageProfile, a: &UsageAction, now: Seconds) -> f64 {
    if p.total.at(now, p.limits.half_life) < p.limits.min_history {
        return 0.0;
    }
    reasons(p, a, now).0.min(1.0)
}

impl UsageScore {
    pub(crate) fn of(p: &UsageProfile, a: Option<&UsageAction>, now: Seconds) -> UsageScore {
        let total = p.weight(now);
        if total < p.limits.min_history {
            return UsageScore {
                score: 0.0,
                level: UsageLevel::Learning,
                reasons: vec![UsageReason::Learning { actions: total }],
            };
        }
        let (mut w, mut out) = a.map(|a| reasons(p, a, now)).unwrap_or_default();
        let novelty = p.recent_novelty.at(now, RECENT_HALF_LIFE);
        let pace = p.recent_actions.at(now, RECENT_HALF_LIFE);
        let fast = pace >= 20.0 && pace > 5.0 * p.usual_pace;
        if novelty >= BURST_NOVELTY || fast {
            w += BURST;
            out.insert(
                0,
                UsageReason::Burst {
                    novelty,
                    pace,
                    usual: p.usual_pace,
                },
            );
        }
        let score = w.min(1.0);
        let level = if score >= VERY_NOVEL {
            UsageLevel::VeryNovel
        } else if score >= NOVEL {
            UsageLevel::Novel
        } else {
            UsageLevel::Familiar
        };
        UsageScore {
            score,
            level,
            reasons: out,
        }
    }
}
