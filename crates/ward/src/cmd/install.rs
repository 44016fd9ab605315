//! `ward install AGENT` / `ward uninstall AGENT`: ward's hook entry in an
//! agent's settings file.

use std::process::ExitCode;
use ward_hook::{Agent, Scope, install};

/// Arguments of `ward install` and `ward uninstall`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The agent: claude, codex, gemini or cursor.
    pub agent: String,
    /// The settings file of the project in the current directory (the default).
    #[arg(long, conflicts_with = "user")]
    pub project: bool,
    /// The settings file in your home directory (every project).
    #[arg(long)]
    pub user: bool,
    /// Print the change as a diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `ward install` (`add = true`) or `ward uninstall`.
pub fn run(args: Args, add: bool) -> anyhow::Result<ExitCode> {
    let agent = Agent::from_name(&args.agent).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown agent `{}` (expected claude, codex, gemini or cursor)",
            args.agent
        )
    })?;
    let scope = if args.user {
        let home = std::env::var_os("HOME").ok_or_else(|| anyhow::anyhow!("`HOME` is not set"))?;
        Scope::User(home.into())
    } else {
        Scope::Project(std::env::current_dir()?)
    };
    let exe = std::env::current_exe()?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    let change = install::apply(agent, &scope, &exe.to_string_lossy(), add, args.dry_run)?;
    let path = change.path.display();
    match (change.diff.is_empty(), args.dry_run, add) {
        (true, _, true) => {
            println!("ward's {agent} hook is already in `{path}`; nothing to change")
        }
        (true, _, false) => println!("no ward hook in `{path}`; nothing to change"),
        (false, true, _) => print!("{}", change.diff),
        (false, false, true) => println!("installed ward's {agent} hook in `{path}`"),
        (false, false, false) => println!("removed ward's {agent} hook from `{path}`"),
    }
    Ok(ExitCode::SUCCESS)
}
