//! The one place front ends record a decision before enforcing it.
//!
//! Every front end (`exec`, `check --record`, `hook`, `do`, shells, shims)
//! builds a [`Record`] and calls [`record`] *before* the action runs; if it
//! returns an error the caller must not run the action (fail closed) and
//! must tell the user why in one line.

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

/// Records `r` durably. Until the audit store lands this appends one JSON
/// line to `$WARD_HOME/events.jsonl` (else the XDG state dir).
pub fn record(r: &Record) -> anyhow::Result<()> {
    use std::io::Write;
    let dir = super::common::state_dir()?;
    std::fs::create_dir_all(&dir)?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("events.jsonl"))?;
    writeln!(f, "{}", serde_json::to_string(r)?)?;
    f.sync_data()?;
    Ok(())
}
