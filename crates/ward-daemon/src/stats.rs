//! Counters: decisions by kind, actor and rule, evaluation latency
//! percentiles, queue depth, store append rate.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;
use ward_core::Decision;

/// How many recent latencies the percentiles are computed over.
const LATENCY_WINDOW: usize = 4096;

/// A snapshot of the daemon's counters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatsReport {
    /// Seconds since the daemon started.
    pub uptime_s: f64,
    /// Evaluations answered.
    pub evaluations: u64,
    /// Evaluations by decision name.
    pub by_decision: BTreeMap<String, u64>,
    /// Evaluations by actor.
    pub by_actor: BTreeMap<String, u64>,
    /// Matches by rule id.
    pub by_rule: BTreeMap<String, u64>,
    /// Evaluation latency percentiles over the last few thousand, in µs:
    /// p50, p90, p99, max.
    pub latency_us: [f64; 4],
    /// Pending approvals now.
    pub queue_depth: usize,
    /// Events appended to the store.
    pub appended: u64,
    /// Appends per second since start.
    pub append_rate: f64,
    /// Connections refused for their peer uid.
    pub refused_peers: u64,
    /// The loaded policy's hash.
    pub policy_hash: u64,
}

/// Running counters; owned by the daemon, updated per request.
#[derive(Debug)]
pub struct Stats {
    started: Instant,
    evaluations: u64,
    by_decision: [u64; 3],
    by_actor: HashMap<String, u64>,
    by_rule: HashMap<String, u64>,
    // INVARIANT: at most LATENCY_WINDOW entries; `next` is the slot to overwrite.
    latencies_ns: Vec<u64>,
    next: usize,
    appended: u64,
    refused_peers: u64,
}

impl Default for Stats {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            evaluations: 0,
            by_decision: [0; 3],
            by_actor: HashMap::new(),
            by_rule: HashMap::new(),
            latencies_ns: Vec::with_capacity(LATENCY_WINDOW),
            next: 0,
            appended: 0,
            refused_peers: 0,
        }
    }
}

impl Stats {
    /// Counts one evaluation.
    pub fn evaluation(&mut self, decision: Decision, actor: &str, rules: &[String], ns: u64) {
        self.evaluations += 1;
        if let Some(c) = self.by_decision.get_mut(decision as usize) {
            *c += 1;
        }
        bump(&mut self.by_actor, actor);
        for r in rules {
            bump(&mut self.by_rule, r);
        }
        if self.latencies_ns.len() < LATENCY_WINDOW {
            self.latencies_ns.push(ns);
        } else if let Some(slot) = self.latencies_ns.get_mut(self.next) {
            *slot = ns;
        }
        self.next = (self.next + 1) % LATENCY_WINDOW;
    }

    /// Counts appended events.
    pub fn appended(&mut self, n: usize) {
        self.appended += n as u64;
    }

    /// Counts a refused peer.
    pub fn refused(&mut self) {
        self.refused_peers += 1;
    }

    /// A snapshot.
    pub fn report(&self, queue_depth: usize, policy_hash: u64) -> StatsReport {
        let uptime_s = self.started.elapsed().as_secs_f64();
        let mut sorted = self.latencies_ns.clone();
        sorted.sort_unstable();
        let pct = |p: f64| -> f64 {
            if sorted.is_empty() {
                return 0.0;
            }
            let ix = ((sorted.len() - 1) as f64 * p).round() as usize;
            sorted.get(ix).copied().unwrap_or(0) as f64 / 1000.0
        };
        let names = [Decision::Allow, Decision::Ask, Decision::Deny];
        StatsReport {
            uptime_s,
            evaluations: self.evaluations,
            by_decision: names
                .iter()
                .zip(self.by_decision)
                .map(|(d, n)| (d.as_str().to_owned(), n))
                .collect(),
            by_actor: self.by_actor.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            by_rule: self.by_rule.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            latency_us: [pct(0.5), pct(0.9), pct(0.99), pct(1.0)],
            queue_depth,
            appended: self.appended,
            append_rate: if uptime_s > 0.0 {
                self.appended as f64 / uptime_s
            } else {
                0.0
            },
            refused_peers: self.refused_peers,
            policy_hash,
        }
    }
}

fn bump(map: &mut HashMap<String, u64>, key: &str) {
    if let Some(c) = map.get_mut(key) {
        *c += 1;
    } else {
        map.insert(key.to_owned(), 1);
    }
}

impl std::fmt::Display for StatsReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "uptime        {:.0} s", self.uptime_s)?;
        writeln!(f, "policy        {:016x}", self.policy_hash)?;
        writeln!(f, "evaluations   {}", self.evaluations)?;
        for (d, n) in &self.by_decision {
            writeln!(f, "  {d:<11} {n}")?;
        }
        writeln!(f, "by actor")?;
        for (a, n) in &self.by_actor {
            writeln!(f, "  {a:<11} {n}")?;
        }
        writeln!(f, "by rule")?;
        let mut rules: Vec<_> = self.by_rule.iter().collect();
        rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (r, n) in rules.iter().take(20) {
            writeln!(f, "  {r:<32} {n}")?;
        }
        let [p50, p90, p99, max] = self.latency_us;
        writeln!(
            f,
            "latency       p50 {p50:.1} µs, p90 {p90:.1} µs, p99 {p99:.1} µs, max {max:.1} µs"
        )?;
        writeln!(f, "queue depth   {}", self.queue_depth)?;
        writeln!(
            f,
            "appended      {} ({:.2}/s)",
            self.appended, self.append_rate
        )?;
        write!(f, "refused peers {}", self.refused_peers)
    }
}
