//! `/metrics`: the server's own counters in Prometheus text format, the audit
//! store's decisions by kind, and — when the daemon is up — the daemon's
//! counters rendered by `ward_daemon::metrics::render` (one implementation).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use ward_crypto::Finding;

/// Upper bounds (seconds) of the scan duration histogram.
const BUCKETS: [f64; 9] = [0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0];

#[derive(Debug, Default)]
struct Inner {
    started: u64,
    ended: BTreeMap<&'static str, u64>,
    duration_counts: [u64; BUCKETS.len()],
    duration_sum: f64,
    duration_n: u64,
    files: u64,
    last_files_per_second: f64,
    findings: BTreeMap<String, u64>,
    unauthorized: u64,
}

/// Counters since the server started.
#[derive(Debug, Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

/// What the renderer needs from elsewhere.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Scans in the history by state.
    pub scans_by_state: Vec<(String, u64)>,
    /// Scans waiting for a slot.
    pub queue_depth: usize,
    /// Scans running now.
    pub running: usize,
    /// Audit events by decision.
    pub decisions: Vec<(String, u64)>,
    /// The daemon's own metrics, when it answered.
    pub daemon: Option<String>,
}

impl Metrics {
    /// A scan left the queue.
    pub fn started(&self) {
        if let Ok(mut i) = self.inner.lock() {
            i.started += 1;
        }
    }

    /// A request was refused for its token.
    pub fn unauthorized(&self) {
        if let Ok(mut i) = self.inner.lock() {
            i.unauthorized += 1;
        }
    }

    /// A scan ended in `state` after `secs` over `files` files.
    pub fn ended(&self, state: &'static str, secs: f64, files: u64, findings: &[Finding]) {
        let Ok(mut i) = self.inner.lock() else { return };
        *i.ended.entry(state).or_default() += 1;
        for (n, le) in i.duration_counts.iter_mut().zip(BUCKETS) {
            if secs <= le {
                *n += 1;
            }
        }
        i.duration_sum += secs;
        i.duration_n += 1;
        i.files += files;
        if secs > 0.0 {
            i.last_files_per_second = files as f64 / secs;
        }
        for f in findings {
            *i.findings.entry(crate::history::severity(f)).or_default() += 1;
        }
    }

    /// The exposition text.
    pub fn render(&self, snap: &Snapshot) -> String {
        let mut out = String::with_capacity(4096);
        let i = match self.inner.lock() {
            Ok(i) => i,
            Err(p) => p.into_inner(),
        };
        let head = |out: &mut String, name: &str, kind: &str, help: &str| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
        };
        head(
            &mut out,
            "ward_serve_scans",
            "gauge",
            "Scans in the history by state.",
        );
        for (s, n) in &snap.scans_by_state {
            let _ = writeln!(out, "ward_serve_scans{{state=\"{}\"}} {n}", esc(s));
        }
        head(
            &mut out,
            "ward_serve_scans_started_total",
            "counter",
            "Scans started since the server started.",
        );
        let _ = writeln!(out, "ward_serve_scans_started_total {}", i.started);
        head(
            &mut out,
            "ward_serve_scans_ended_total",
            "counter",
            "Scans ended since the server started, by outcome.",
        );
        for (s, n) in &i.ended {
            let _ = writeln!(out, "ward_serve_scans_ended_total{{state=\"{s}\"}} {n}");
        }
        head(
            &mut out,
            "ward_serve_scan_duration_seconds",
            "histogram",
            "Wall time of each scan.",
        );
        for (n, le) in i.duration_counts.iter().zip(BUCKETS) {
            let _ = writeln!(
                out,
                "ward_serve_scan_duration_seconds_bucket{{le=\"{le}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "ward_serve_scan_duration_seconds_bucket{{le=\"+Inf\"}} {n}\nward_serve_scan_duration_seconds_sum {}\nward_serve_scan_duration_seconds_count {n}",
            i.duration_sum,
            n = i.duration_n
        );
        head(
            &mut out,
            "ward_serve_scan_files_total",
            "counter",
            "Files visited by finished scans.",
        );
        let _ = writeln!(out, "ward_serve_scan_files_total {}", i.files);
        head(
            &mut out,
            "ward_serve_scan_files_per_second",
            "gauge",
            "Files per second of the last finished scan.",
        );
        let _ = writeln!(
            out,
            "ward_serve_scan_files_per_second {}",
            i.last_files_per_second
        );
        head(
            &mut out,
            "ward_serve_findings_total",
            "counter",
            "Findings of finished scans by severity.",
        );
        for (s, n) in &i.findings {
            let _ = writeln!(
                out,
                "ward_serve_findings_total{{severity=\"{}\"}} {n}",
                esc(s)
            );
        }
        head(
            &mut out,
            "ward_serve_queue_depth",
            "gauge",
            "Scans waiting for a slot.",
        );
        let _ = writeln!(out, "ward_serve_queue_depth {}", snap.queue_depth);
        head(
            &mut out,
            "ward_serve_scans_running",
            "gauge",
            "Scans running now.",
        );
        let _ = writeln!(out, "ward_serve_scans_running {}", snap.running);
        head(
            &mut out,
            "ward_serve_unauthorized_total",
            "counter",
            "Requests refused for a missing or invalid token.",
        );
        let _ = writeln!(out, "ward_serve_unauthorized_total {}", i.unauthorized);
        head(
            &mut out,
            "ward_audit_events",
            "gauge",
            "Events in the audit store by decision.",
        );
        for (d, n) in &snap.decisions {
            let _ = writeln!(out, "ward_audit_events{{decision=\"{}\"}} {n}", esc(d));
        }
        if let Some(d) = &snap.daemon {
            out.push_str(d);
        }
        out
    }
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
