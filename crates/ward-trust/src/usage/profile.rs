//! [`UsageProfile`]: decayed counts of how a person works, updated one
//! action at a time and bounded in size.

use super::decay::Decayed;
use super::score::{UsageScore, novelty};
use super::{MAX_PROGRAMS_PER_ACTION, Seconds, UsageAction};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Bounds and time constants of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Distinct programs kept (least used evicted).
    pub programs: usize,
    /// Subcommands kept per program.
    pub subs: usize,
    /// Argument shapes kept per program.
    pub shapes: usize,
    /// Directory trees kept.
    pub dirs: usize,
    /// Actors and sensitive effects kept, each.
    pub others: usize,
    /// Habits fade: every weight halves over this many seconds.
    pub half_life: Seconds,
    /// Weighted actions needed before the profile says anything.
    pub min_history: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            programs: 256,
            subs: 16,
            shapes: 4,
            dirs: 128,
            others: 32,
            half_life: 30 * 86_400,
            min_history: 30.0,
        }
    }
}

/// Half-life of the short-term signals (pace and recent novelty), seconds.
pub(crate) const RECENT_HALF_LIFE: Seconds = 60;

/// What the profile knows about one program.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgramStats {
    /// How often it runs (decayed).
    pub uses: Decayed,
    /// Its subcommands.
    pub subs: BTreeMap<String, Decayed>,
    /// Its argument shapes.
    pub shapes: BTreeMap<String, Decayed>,
}

/// How one person normally works: counts and summaries only, never command
/// lines or argument values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageProfile {
    /// Format version.
    pub version: u32,
    /// Bounds and time constants.
    pub limits: Limits,
    /// The last audit event id learned (incremental updates resume after it).
    pub last_id: i64,
    /// The time of the last action learned.
    pub last_time: Seconds,
    /// All actions (decayed).
    pub total: Decayed,
    /// Programs by name.
    pub programs: BTreeMap<String, ProgramStats>,
    /// Working-directory trees.
    pub dirs: BTreeMap<String, Decayed>,
    /// Hours of the day (UTC).
    pub hours: [Decayed; 24],
    /// Days of the week, Monday first.
    pub weekdays: [Decayed; 7],
    /// Actors (`human`, `agent:NAME`, `unknown`).
    pub actors: BTreeMap<String, Decayed>,
    /// Sensitive effects seen.
    pub sensitive: BTreeMap<String, Decayed>,
    /// Actions in the last minute or so (half-life [`RECENT_HALF_LIFE`]).
    pub recent_actions: Decayed,
    /// The usual value of `recent_actions` when an action arrives (slow average).
    pub usual_pace: f64,
    /// Novelty of recent actions (half-life [`RECENT_HALF_LIFE`]): a burst of new things.
    pub recent_novelty: Decayed,
}

impl Default for UsageProfile {
    fn default() -> Self {
        UsageProfile::new(Limits::default())
    }
}

/// The profile's file: `<state dir>/trust/usage.json`.
pub fn usage_path() -> Option<PathBuf> {
    crate::home::state_dir().map(|d| d.join("trust").join("usage.json"))
}

/// Hour of the day (UTC) and weekday (Monday = 0) of a time.
pub(crate) fn hour_and_weekday(t: Seconds) -> (usize, usize) {
    let days = t.div_euclid(86_400);
    let hour = t.rem_euclid(86_400) / 3_600;
    // 1970-01-01 was a Thursday (weekday 3).
    let weekday = (days + 3).rem_euclid(7);
    (
        usize::try_from(hour).unwrap_or(0),
        usize::try_from(weekday).unwrap_or(0),
    )
}

/// Makes room in a full bounded map: removes the least-used eighth of its
/// entries (at `now`; at least one), so the decay of every entry is computed
/// once per eviction rather than once per insert. Ties go to the first key
/// in order, so a replay gives the same map.
fn evict<V>(map: &mut BTreeMap<String, V>, cap: usize, weight: impl Fn(&V) -> f64) {
    if map.len() < cap {
        return;
    }
    let mut ranked: Vec<(f64, &String)> = map.iter().map(|(k, v)| (weight(v), k)).collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let drop: Vec<String> = ranked
        .iter()
        .take((cap / 8).max(1) + map.len() - cap)
        .map(|(_, k)| (*k).clone())
        .collect();
    for k in drop {
        map.remove(&k);
    }
}

/// Adds one use of `key` to a bounded map, making room when it is full.
fn bump(map: &mut BTreeMap<String, Decayed>, key: &str, now: Seconds, hl: Seconds, cap: usize) {
    if let Some(d) = map.get_mut(key) {
        d.add(now, hl, 1.0);
        return;
    }
    evict(map, cap, |d| d.at(now, hl));
    let mut d = Decayed::default();
    d.add(now, hl, 1.0);
    map.insert(key.to_owned(), d);
}

impl UsageProfile {
    /// An empty profile.
    pub fn new(limits: Limits) -> Self {
        UsageProfile {
            version: 1,
            limits,
            last_id: 0,
            last_time: 0,
            total: Decayed::default(),
            programs: BTreeMap::new(),
            dirs: BTreeMap::new(),
            hours: [Decayed::default(); 24],
            weekdays: [Decayed::default(); 7],
            actors: BTreeMap::new(),
            sensitive: BTreeMap::new(),
            recent_actions: Decayed::default(),
            usual_pace: 0.0,
            recent_novelty: Decayed::default(),
        }
    }

    /// Learns one action. Actions should arrive in time order; an older one
    /// is learned as if it happened at the last time seen.
    pub fn learn(&mut self, a: &UsageAction) {
        let hl = self.limits.half_life;
        let now = a.time.max(self.last_time);
        // Remember how new this was, for the burst signal of the next actions.
        let fresh = novelty(self, a, now);
        self.recent_novelty.add(now, RECENT_HALF_LIFE, fresh);
        let pace = self.recent_actions.at(now, RECENT_HALF_LIFE);
        self.usual_pace = if self.total.w == 0.0 {
            pace
        } else {
            self.usual_pace * 0.98 + pace * 0.02
        };
        self.recent_actions.add(now, RECENT_HALF_LIFE, 1.0);
        self.total.add(now, hl, 1.0);
        let cap = self.limits.programs;
        for p in a.programs.iter().take(MAX_PROGRAMS_PER_ACTION) {
            if !self.programs.contains_key(&p.program) {
                evict(&mut self.programs, cap, |s| s.uses.at(now, hl));
            }
            let stats = self.programs.entry(p.program.clone()).or_default();
            stats.uses.add(now, hl, 1.0);
            if let Some(sub) = &p.sub {
                bump(&mut stats.subs, sub, now, hl, self.limits.subs);
            }
            bump(&mut stats.shapes, &p.shape, now, hl, self.limits.shapes);
        }
        bump(&mut self.dirs, &a.dir, now, hl, self.limits.dirs);
        let (hour, weekday) = hour_and_weekday(now);
        if let Some(h) = self.hours.get_mut(hour) {
            h.add(now, hl, 1.0);
        }
        if let Some(d) = self.weekdays.get_mut(weekday) {
            d.add(now, hl, 1.0);
        }
        bump(&mut self.actors, &a.actor, now, hl, self.limits.others);
        for s in &a.sensitive {
            bump(&mut self.sensitive, s, now, hl, self.limits.others);
        }
        self.last_id = self.last_id.max(a.id);
        self.last_time = now;
    }

    /// How novel `a` is for this person, with the reasons.
    pub fn score(&self, a: &UsageAction) -> UsageScore {
        UsageScore::of(self, Some(a), a.time.max(self.last_time))
    }

    /// The usage signal at `now` without a new action: only what recent
    /// history says (a burst of new things, an unusual pace).
    pub fn recent(&self, now: Seconds) -> UsageScore {
        UsageScore::of(self, None, now.max(self.last_time))
    }

    /// Weighted actions at `now`.
    pub fn weight(&self, now: Seconds) -> f64 {
        self.total.at(now, self.limits.half_life)
    }

    /// Reads a profile file; `Ok(None)` when it does not exist.
    pub fn load(path: &Path) -> Result<Option<Self>, Error> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| Error::Profile {
                    path: path.to_owned(),
                    reason: e.to_string(),
                }),
            // No file, or no state dir to hold one: profiling is off.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                Ok(None)
            }
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Writes the profile (0600, atomically).
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let bytes = serde_json::to_vec(self).map_err(|e| Error::Profile {
            path: path.to_owned(),
            reason: e.to_string(),
        })?;
        crate::home::write_private(path, &bytes)
    }
}
