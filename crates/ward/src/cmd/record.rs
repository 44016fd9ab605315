//! The one place front ends record a decision before enforcing it.
//!
//! Every front end (`exec`, `check --record`, `hook`, `do`, shells, shims)
//! builds a [`Record`] and calls [`record`] *before* the action runs; if it
//! returns an error the caller must not run the action (fail closed) and
//! must tell the user why in one line.
//!
//! The record goes to the audit store directly (the daemon, when it runs,
//! batches appends for its own clients).

use serde::Serialize;

/// What one enforced decision records.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// The front end: `exec`, `check`, `hook`, `do`, `shell`, `shim`.
    pub source: String,
    /// `human`, `agent:NAME` or `unknown`.
    pub actor: String,
    /// `command`, `file-write`, `file-read`, `network`, `tool`.
    pub kind: String,
    /// The raw input as given.
    pub raw: String,
    /// The normalised simple commands.
    pub commands: Vec<String>,
    /// `allow`, `ask` or `deny`, after any confirmation.
    pub decision: String,
    /// Matched rule ids.
    pub rules: Vec<String>,
    /// The reason shown.
    pub reason: String,
    /// `in-process`, `daemon`, or `human:…` when a person decided.
    pub decided_by: String,
    /// The session or agent session id, when known.
    pub session: String,
}

/// Records `r` durably in the audit store (`$WARD_HOME/audit.db`, else the
/// XDG state dir), stamping time, cwd, pid, ppid and uid.
pub fn record(r: &Record) -> anyhow::Result<()> {
    let mut store = ward_audit::Store::open_default(None)?;
    store.append(&new_event(r))?;
    Ok(())
}

/// The audit store's event for `r`, with this process's identity.
pub fn new_event(r: &Record) -> ward_audit::NewEvent {
    ward_audit::NewEvent {
        time_ns: None,
        actor: r.actor.clone(),
        source: r.source.clone(),
        kind: r.kind.clone(),
        raw: r.raw.clone(),
        commands: r.commands.clone(),
        decision: r.decision.clone(),
        rules: r.rules.clone(),
        reason: r.reason.clone(),
        cwd: std::env::current_dir()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        pid: std::process::id(),
        ppid: std::os::unix::process::parent_id(),
        uid: current_uid(),
        session: r.session.clone(),
        decided_by: r.decided_by.clone(),
        extra: String::new(),
    }
}

/// This process's user id, read from `/proc/self` (no `unsafe` needed).
pub fn current_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(u32::MAX)
}
