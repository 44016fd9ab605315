//! Reports: the JSON [`Report`] (findings, summary, stats, errors), human text, SARIF, CBOM, and
//! baselines.

mod cbom;
mod sarif;

pub use cbom::to_cbom;
pub use sarif::to_sarif;

use crate::finding::{CodeContext, Finding, QuantumStatus, ScanError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// Counters from a scan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Files visited.
    pub files: u64,
    /// Bytes in visited files.
    pub bytes: u64,
    /// Files actually read (not answered from the cache by metadata).
    pub files_read: u64,
    /// Files the prefilter passed to the recognisers.
    pub candidates: u64,
    /// Files answered from the cache.
    pub cache_hits: u64,
    /// Binary files skipped.
    pub binary_skipped: u64,
    /// Wall time in milliseconds.
    pub elapsed_ms: u64,
}

/// Counts by status and by algorithm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Findings.
    pub total: usize,
    /// Findings per quantum status.
    pub by_status: BTreeMap<String, usize>,
    /// Findings per algorithm name.
    pub by_algorithm: BTreeMap<String, usize>,
}

/// A whole scan's result; this is the `--format json` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The tool and version.
    pub tool: String,
    /// The rule set's version.
    pub ruleset: String,
    /// Counts.
    pub summary: Summary,
    /// Scan counters.
    pub stats: Stats,
    /// Every finding, sorted by path and line.
    pub findings: Vec<Finding>,
    /// Problems met; each appears once.
    pub errors: Vec<ScanError>,
}

impl Report {
    /// Builds a report and its summary.
    pub fn new(findings: Vec<Finding>, errors: Vec<ScanError>, stats: Stats) -> Self {
        let summary = summarize(&findings);
        Self {
            tool: format!("ward {}", env!("CARGO_PKG_VERSION")),
            ruleset: crate::RULESET_VERSION.to_owned(),
            summary,
            stats,
            findings,
            errors,
        }
    }

    /// Keeps only findings that pass `keep`, recomputing the summary.
    pub fn retain(&mut self, keep: impl FnMut(&Finding) -> bool) {
        self.findings.retain(keep);
        self.summary = summarize(&self.findings);
    }

    /// The worst status among findings in code and tests (comments and docs never fail a build).
    pub fn worst(&self) -> Option<QuantumStatus> {
        self.findings
            .iter()
            .filter(|f| matches!(f.context, CodeContext::Code | CodeContext::Test))
            .map(|f| f.status)
            .max()
    }
}

fn summarize(findings: &[Finding]) -> Summary {
    let mut s = Summary {
        total: findings.len(),
        ..Summary::default()
    };
    // Counted under borrowed keys, so a name is allocated once per distinct value, not per
    // finding (a rescan rebuilds this for thousands of findings).
    let mut by_status: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_algorithm: BTreeMap<&str, usize> = BTreeMap::new();
    for f in findings {
        *by_status.entry(f.status.as_str()).or_default() += 1;
        *by_algorithm.entry(&f.algorithm).or_default() += 1;
    }
    s.by_status = by_status
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    s.by_algorithm = by_algorithm
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    s
}

/// Human text: findings grouped by algorithm (worst first) with counts, then errors and stats.
pub fn to_text(r: &Report, max_per_group: usize) -> String {
    let mut groups: BTreeMap<(std::cmp::Reverse<QuantumStatus>, &str), Vec<&Finding>> =
        BTreeMap::new();
    for f in &r.findings {
        groups
            .entry((std::cmp::Reverse(f.status), f.algorithm.as_str()))
            .or_default()
            .push(f);
    }
    let mut out = String::new();
    for ((status, algo), fs) in &groups {
        let first = fs.first().map_or("", |f| f.advice.as_str());
        let _ = writeln!(
            out,
            "{algo}  [{}]  {} finding{}  — {first}",
            status.0.as_str(),
            fs.len(),
            if fs.len() == 1 { "" } else { "s" }
        );
        for f in fs.iter().take(max_per_group) {
            let ctx = match f.context {
                CodeContext::Code => String::new(),
                other => format!(
                    " ({})",
                    serde_json::to_value(other)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                ),
            };
            let _ = writeln!(
                out,
                "  {}:{}:{}{ctx}  {}",
                f.path, f.line, f.column, f.snippet
            );
        }
        if fs.len() > max_per_group {
            let _ = writeln!(out, "  … and {} more", fs.len() - max_per_group);
        }
    }
    for e in &r.errors {
        let _ = writeln!(out, "error: {}: {}", e.path, e.message);
    }
    let s = &r.stats;
    let by: Vec<String> = r
        .summary
        .by_status
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    let _ = writeln!(
        out,
        "{} ({}) in {}, {} bytes, {} ms, {}, {}",
        counted(r.summary.total as u64, "finding"),
        if by.is_empty() {
            "none".to_owned()
        } else {
            by.join(", ")
        },
        counted(s.files, "file"),
        s.bytes,
        s.elapsed_ms,
        counted(s.cache_hits, "cache hit"),
        counted(r.errors.len() as u64, "error"),
    );
    out
}

/// `1 file`, `2 files`.
fn counted(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Reads an earlier JSON report's finding fingerprints.
pub fn load_baseline(json: &[u8]) -> Result<HashSet<String>, serde_json::Error> {
    let r: Report = serde_json::from_slice(json)?;
    Ok(r.findings.iter().map(Finding::fingerprint).collect())
}

/// Drops findings present in the baseline.
pub fn baseline_filter(r: &mut Report, baseline: &HashSet<String>) {
    r.retain(|f| !baseline.contains(&f.fingerprint()));
}
