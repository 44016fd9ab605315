//! `ward policy check FILE` and `ward policy show`.

use super::common;
use std::path::PathBuf;
use std::process::ExitCode;
use ward_core::{Layer, Policy};

/// `ward policy …` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum PolicyCommand {
    /// Validate a policy file over the default and run every rule's examples.
    #[command(after_help = "Example:\n  ward policy check ~/.config/ward/policy.toml")]
    Check {
        /// The policy file.
        file: PathBuf,
    },
    /// Print the effective policy as one TOML file (it loads back unchanged).
    #[command(after_help = "Example:\n  ward policy show > effective.toml")]
    Show {
        /// A policy file to layer over the default.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Make the running daemon load the policy again (a bad file keeps the old one).
    #[command(after_help = "Example:\n  ward policy reload")]
    Reload,
}

/// Runs `ward policy …`.
pub fn run(cmd: PolicyCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        PolicyCommand::Check { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read `{}`: {e}", file.display()))?;
            let layer = Layer {
                origin: file.display().to_string(),
                text,
            };
            // Load without running examples first, so every failure is listed.
            let policy = match Policy::layered_unchecked(vec![layer]) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{e}");
                    return Ok(ExitCode::from(super::EXIT_USAGE));
                }
            };
            let failures = policy.check_user_examples();
            for f in &failures {
                eprintln!("{f}");
            }
            let useless = policy.check_allow_exact();
            for u in &useless {
                eprintln!("{}: {u}", file.display());
            }
            if failures.is_empty() && useless.is_empty() {
                println!(
                    "ok: {} rules, {} exact allows, every example passes",
                    policy.len(),
                    policy.file().allow_exact.len()
                );
                Ok(ExitCode::SUCCESS)
            } else {
                if !failures.is_empty() {
                    eprintln!("{} example(s) failed", failures.len());
                }
                Ok(ExitCode::from(super::EXIT_USAGE))
            }
        }
        PolicyCommand::Show { policy } => {
            let user = common::user_policy_layer(policy.as_deref())?;
            let p = Policy::layered_source(user.into_iter().collect())?;
            print!("{}", p.file());
            Ok(ExitCode::SUCCESS)
        }
        PolicyCommand::Reload => {
            let mut c = super::daemon::connect_or_fail()?;
            match c.call(&ward_daemon::Request::ReloadPolicy) {
                Ok(ward_daemon::Response::Reloaded { policy_hash, rules }) => {
                    println!("reloaded: {rules} rules, policy {policy_hash:016x}");
                    Ok(ExitCode::SUCCESS)
                }
                Ok(_) => anyhow::bail!("the daemon gave an unexpected answer"),
                Err(e) => {
                    eprintln!("ward: {e}");
                    Ok(ExitCode::from(super::EXIT_USAGE))
                }
            }
        }
    }
}
