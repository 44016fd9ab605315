//! Integration tests for the audit store: one binary, a small harness.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod failure;
mod procs;
mod reading;
mod tamper;
mod wal;

use std::path::{Path, PathBuf};
use ward_audit::{NewEvent, Store};

/// A temporary directory holding a store at `audit.db`.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn empty() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("audit.db")
    }

    pub fn store(&self) -> Store {
        Store::open(&self.path()).unwrap()
    }

    /// A store holding `n` events.
    pub fn with_events(n: usize) -> (Self, Store) {
        let f = Self::empty();
        let mut s = f.store();
        let evs: Vec<NewEvent> = (0..n).map(event).collect();
        s.append_batch(&evs).unwrap();
        (f, s)
    }

    /// A second, raw connection for tampering.
    pub fn raw(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.path()).unwrap()
    }
}

/// A plausible event, varied by `i`.
pub fn event(i: usize) -> NewEvent {
    let decision = ["allow", "ask", "deny"][i % 3];
    NewEvent {
        time_ns: None,
        actor: if i.is_multiple_of(2) {
            "human".into()
        } else {
            "agent:claude".into()
        },
        source: "exec".into(),
        kind: "command".into(),
        raw: format!("rm -rf /tmp/build-{i}"),
        commands: vec![format!("rm -r -f /tmp/build-{i}")],
        decision: decision.into(),
        rules: if decision == "allow" {
            vec![]
        } else {
            vec!["rm-recursive".into()]
        },
        reason: format!("event number {i}"),
        cwd: "/home/me/project".into(),
        pid: 1000 + i as u32,
        ppid: 999,
        uid: 1000,
        session: "s-1".into(),
        decided_by: "in-process".into(),
        extra: String::new(),
    }
}

pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}
