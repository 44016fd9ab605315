//! `ward monitor`: the live terminal UI.

use super::common;
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
    let state = common::state_dir()?;
    // Until the audit store lands, the recording seam writes JSON lines here.
    let backfill: Vec<Event> = std::fs::read_to_string(state.join("events.jsonl"))
        .unwrap_or_default()
        .lines()
        .rev()
        .take(args.capacity)
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    ward_monitor::run(ward_monitor::Options {
        socket: super::daemon::socket(None)?,
        backfill,
        capacity: args.capacity,
    })?;
    Ok(ExitCode::SUCCESS)
}
