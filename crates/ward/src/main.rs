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
    if let Some(code) = hook_fast_path() {
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

/// `ward hook` runs on every tool call an agent makes: parse only its own
/// flags instead of building the whole command-line definition (about
/// 0.15 ms of each call). Help and anything that does not parse take the
/// normal path, which prints clap's usual messages.
fn hook_fast_path() -> Option<ExitCode> {
    use clap::{Args, FromArgMatches};
    let argv: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    if argv.first()? != "hook" || argv.iter().any(|a| a == "-h" || a == "--help") {
        return None;
    }
    let matches = cmd::hook::Args::augment_args(clap::Command::new("hook"))
        .try_get_matches_from(&argv)
        .ok()?;
    let args = cmd::hook::Args::from_arg_matches(&matches).ok()?;
    Some(cmd::hook::run(args).unwrap_or_else(|err| {
        eprintln!("ward: {err:#}");
        ExitCode::from(cmd::EXIT_USAGE)
    }))
}
