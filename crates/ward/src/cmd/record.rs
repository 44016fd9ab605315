//! The one place front ends record a decision before enforcing it.
//!
//! Every front end (`exec`, `check --record`, `hook`, `do`, shells, shims)
//! builds a [`Record`] and calls [`record`] *before* the action runs; if it
//! returns an error the caller must not run the action (fail closed) and
//! must tell the user why in one line.
//!
//! The record goes to the audit store directly (the daemon, when it runs,
//! batches appends for its own clients).

/// What one enforced decision records: the daemon's event type, so a
/// record goes to the daemon or the store unchanged. Front ends fill the
/// decision fields; the process identity (cwd, pid, ppid, uid) is stamped
/// when it is recorded, unless it is already set.
pub use ward_daemon::Event as Record;

/// Past this many bytes of journal (about 700 decisions, within its
/// pre-allocated 256 KiB), the process that wrote it moves it into the store.
const JOURNAL_INGEST_BYTES: u64 = 224 * 1024;

/// Records `r` durably for the audit store (`$WARD_HOME/audit.db`, else the
/// XDG state dir), stamping time, cwd, pid, ppid and uid.
///
/// Once the store exists, the event is appended to its journal and synced
/// (`ward_audit::journal`): durable before the caller answers, without
/// opening SQLite; the next open of the store moves it into the chain. The
/// first event creates the store itself.
pub fn record(r: &Record) -> anyhow::Result<()> {
    let path = ward_audit::resolve_path(None)?;
    let event = new_event(r);
    if path.is_file() {
        let len = ward_audit::journal::append(&path, &event)?;
        if len > JOURNAL_INGEST_BYTES {
            // Already durable in the journal: a failure here only delays
            // the ingest to the next open.
            let _ = ward_audit::Store::open(&path);
        }
        return Ok(());
    }
    let mut store = ward_audit::Store::open(&path)?;
    store.append(&event)?;
    Ok(())
}

/// The audit store's event for `r`: the identity `r` carries, else this
/// process's.
pub fn new_event(r: &Record) -> ward_audit::NewEvent {
    let r = stamped(r);
    ward_audit::NewEvent {
        time_ns: None,
        actor: r.actor,
        source: r.source,
        kind: r.kind,
        raw: r.raw,
        commands: r.commands,
        decision: r.decision,
        rules: r.rules,
        reason: r.reason,
        cwd: r.cwd,
        pid: r.pid,
        ppid: r.ppid,
        uid: r.uid,
        session: r.session,
        decided_by: r.decided_by,
        extra: String::new(),
    }
}

/// `r` with this process's identity, unless it already names one.
pub fn stamped(r: &Record) -> Record {
    let mut r = r.clone();
    if r.pid == 0 {
        r.cwd = std::env::current_dir()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        r.pid = std::process::id();
        r.ppid = std::os::unix::process::parent_id();
        r.uid = current_uid();
    }
    r
}

/// This process's user id, read from `/proc/self` (no `unsafe` needed).
pub fn current_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(u32::MAX)
}
