//! `ward init SHELL`: print the snippet a shell evals from its rc file.

use std::process::ExitCode;

/// Arguments of `ward init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// bash, zsh or fish.
    pub shell: ward_shell::Shell,
}

/// Runs `ward init`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let exe = std::env::current_exe()?;
    let exe = exe.canonicalize().unwrap_or(exe);
    print!("{}", args.shell.snippet(&exe.to_string_lossy()));
    Ok(ExitCode::SUCCESS)
}
