//! One module per subcommand; each turns parsed arguments into a library call.

pub mod scan;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

/// Exit code for usage and load errors.
pub const EXIT_USAGE: u8 = 2;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Version => {
            println!("ward {}", ward_core::version());
            Ok(ExitCode::SUCCESS)
        }
        Command::Scan(args) => scan::run(&args),
    }
}
