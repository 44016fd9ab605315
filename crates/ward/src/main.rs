//! The one `ward` command-line program: parses arguments and calls the
//! libraries. Logic lives in the library crates.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Invoked under another program's name (a PATH shim): judge, then run it.
    if let Some(code) = cmd::shim::run_if_shim() {
        return code;
    }
    let cli = cli::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("ward: {err:#}");
            ExitCode::from(cmd::EXIT_USAGE)
        }
    }
}
