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
    /// Read, verify and prune the audit log.
    Audit(crate::cmd::audit::AuditArgs),
    /// Answer one AI agent hook call (stdin JSON → the agent's answer on stdout).
    #[command(
        after_help = "Examples:\n  echo '{\"hook_event_name\":\"PreToolUse\",\"tool_name\":\"Bash\",\"tool_input\":{\"command\":\"rm -rf ~\"}}' | ward hook\n  ward hook --agent codex < payload.json\n\nAlways prints a valid answer and exits 0; bad input is a deny naming the problem."
    )]
    Hook(crate::cmd::hook::Args),
    /// Add ward's hook to an agent's settings (claude, codex, gemini, cursor).
    #[command(
        after_help = "Examples:\n  ward install claude --project --dry-run\n  ward install codex --user"
    )]
    Install(crate::cmd::install::Args),
    /// Remove ward's hook from an agent's settings, leaving everything else.
    #[command(after_help = "Example:\n  ward uninstall claude --project")]
    Uninstall(crate::cmd::install::Args),
    /// Behavioural trust: enrol, watch, score and evaluate keystroke/mouse dynamics.
    Trust(crate::cmd::trust::TrustArgs),
    /// Turn a plain-language security request into a validated tool command line.
    Do(crate::cmd::do_::DoArgs),
}
