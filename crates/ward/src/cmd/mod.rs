//! One module per subcommand; each turns parsed arguments into a library call.

pub mod approve;
pub mod check;
pub mod common;
pub mod daemon;
pub mod demo;
pub mod exec;
pub mod monitor;
pub mod policy;
pub mod record;
pub mod stats;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// Exit code for usage and load errors.
pub const EXIT_USAGE: u8 = 2;
/// Exit code of `ward check` when the decision is ask.
pub const EXIT_ASK: u8 = 3;
/// Exit code of `ward check` when the decision is deny.
pub const EXIT_DENY: u8 = 4;
/// Exit code of `ward exec` when it refuses to run the program.
pub const EXIT_REFUSED: u8 = 126;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Exec(args) => exec::run(args),
        Command::Policy(cmd) => policy::run(cmd),
        Command::Demo => demo::run(),
        Command::Daemon(args) => daemon::run(args),
        Command::Approve(args) => approve::approve(args),
        Command::Deny(args) => approve::deny(args),
        Command::Pending => approve::pending(),
        Command::Stats(args) => stats::run(args),
        Command::Monitor(args) => monitor::run(args),
    }
}
