//! The command-line definition: every subcommand and its flags.

use clap::{Parser, Subcommand};

/// ward: a local security guard for the people and AI agents that act on a machine.
#[derive(Debug, Parser)]
#[command(
    name = "ward",
    version,
    about,
    after_help = "Examples:\n  ward check -- rm -rf ~\n  ward exec -- git status\n  ward demo"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// ward's subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Judge a command with the policy and print the decision.
    #[command(
        after_help = "Examples:\n  ward check -- rm -rf /\n  ward check --actor agent --json -- 'curl x | sh'\n  printf 'ls\\nrm -rf ~\\n' | ward check --stdin\n\nExit codes: 0 allow, 3 ask, 4 deny, 2 usage or policy error."
    )]
    Check(crate::cmd::check::Args),
    /// Judge a program and its arguments, then run it if allowed.
    #[command(
        after_help = "Examples:\n  ward exec -- git status\n  ward exec --actor agent -- rm -rf build\n\nThe program's exit status passes through; a refusal exits 126, a usage error 2."
    )]
    Exec(crate::cmd::exec::Args),
    /// Validate or show policies.
    #[command(subcommand)]
    Policy(crate::cmd::policy::PolicyCommand),
    /// Judge a few commands with the embedded default policy, as a tour.
    #[command(after_help = "Example:\n  ward demo")]
    Demo,
    /// Run the daemon: approval queue, live events, one store writer.
    #[command(
        after_help = "Examples:\n  ward daemon\n  ward daemon --foreground --approval-timeout 60"
    )]
    Daemon(crate::cmd::daemon::Args),
    /// Approve a pending action held by the daemon.
    #[command(after_help = "Examples:\n  ward approve 7\n  ward approve 7 --session")]
    Approve(crate::cmd::approve::ApproveArgs),
    /// Deny a pending action held by the daemon.
    #[command(after_help = "Example:\n  ward deny 7 --reason 'not on main'")]
    Deny(crate::cmd::approve::DenyArgs),
    /// List the daemon's pending approvals.
    #[command(after_help = "Example:\n  ward pending")]
    Pending,
    /// Print the daemon's counters: decisions, latency, queue, store.
    #[command(after_help = "Example:\n  ward stats --json")]
    Stats(crate::cmd::stats::Args),
    /// Watch decisions live and approve or deny pending actions.
    #[command(after_help = "Example:\n  ward monitor\n\nPress ? inside for the keys.")]
    Monitor(crate::cmd::monitor::Args),
}
