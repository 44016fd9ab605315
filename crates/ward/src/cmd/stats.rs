//! `ward stats`: the daemon's counters.

use super::daemon::connect_or_fail;
use std::process::ExitCode;
use ward_daemon::{Request, Response};

/// Arguments of `ward stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Runs `ward stats`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Response::Stats(report) = connect_or_fail()?.call(&Request::Stats)? else {
        anyhow::bail!("the daemon gave an unexpected answer");
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
