//! `ward-tools`: the `ward` subcommands with heavy dependencies (the daemon,
//! the monitor, scans, the shadow workspace, trust, `do`, the audit
//! commands), which `ward` runs by replacing itself with this program. It
//! accepts the whole `ward` command line. Thin: parses arguments and calls
//! `ward::cmd::run`.

use clap::Parser;
use std::process::ExitCode;
use ward::{cli, cmd};

fn main() -> ExitCode {
    cmd::common::quiet_on_closed_pipe();
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) if cmd::common::is_closed_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("ward: {}", cmd::common::chain(&err));
            ExitCode::from(cmd::EXIT_USAGE)
        }
    }
}
