//! `ward monitor`: the live terminal UI.

use std::process::ExitCode;
use ward_daemon::Event;

/// Arguments of `ward monitor`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many events to keep in memory.
    #[arg(long, default_value_t = ward_monitor::state::DEFAULT_CAPACITY)]
    pub capacity: usize,
}

/// Runs `ward monitor`: backfills recent history from the recorded events,
/// then streams from the daemon (or shows the history read-only without it).
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "ward: `ward monitor` needs a terminal on stdin and stdout; to follow decisions as text use `ward audit tail -f`"
        );
        return Ok(ExitCode::from(super::EXIT_USAGE));
    }
    let backfill = backfill(args.capacity);
    ward_monitor::run(ward_monitor::Options {
        socket: super::daemon::socket(None)?,
        backfill,
        capacity: args.capacity,
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The latest `capacity` events of the audit store, oldest first (empty when
/// there is no store yet).
fn backfill(capacity: usize) -> Vec<Event> {
    let Ok(path) = ward_audit::resolve_path(None) else {
        return Vec::new();
    };
    let Ok(store) = ward_audit::Store::open_existing(&path) else {
        return Vec::new();
    };
    let filter = ward_audit::Filter {
        last: Some(capacity as u64),
        ..Default::default()
    };
    let mut out = Vec::new();
    let _ = store.for_each(&filter, |e| {
        let b = e.body;
        out.push(Event {
            seq: u64::try_from(e.id).unwrap_or_default(),
            ts_ms: u64::try_from(e.time_ns / 1_000_000).unwrap_or_default(),
            source: b.source,
            actor: b.actor,
            kind: b.kind,
            raw: b.raw,
            commands: b.commands,
            decision: b.decision,
            rules: b.rules,
            reason: b.reason,
            decided_by: b.decided_by,
            session: b.session,
            ..Event::default()
        });
        Ok(())
    });
    out
}
