//! One module per subcommand; each turns parsed arguments into a library call.

pub mod approve;
pub mod audit;
pub mod check;
pub mod common;
pub mod completions;
pub mod daemon;
pub mod daemon_ctl;
pub mod daemon_ship;
pub mod daemon_unit;
pub mod demo;
pub mod do_;
pub mod doctor;
pub mod exec;
pub mod hook;
pub mod init;
pub mod install;
pub mod monitor;
pub mod policy;
pub mod record;
pub mod scan;
pub mod serve;
pub mod shadow;
pub mod shell_check;
pub mod shim;
pub mod stats;
pub mod tools;

use crate::cli::{Cli, Command};
use std::process::ExitCode;

pub mod trust;

/// Exit code for usage and load errors.
pub const EXIT_USAGE: u8 = 2;
/// Exit code of `ward check` when the decision is ask.
pub const EXIT_ASK: u8 = 3;
/// Exit code of `ward check` when the decision is deny.
pub const EXIT_DENY: u8 = 4;
/// Exit code of `ward exec` when it refuses to run the program.
pub const EXIT_REFUSED: u8 = 126;

/// Runs the parsed command line, every subcommand in this process (the
/// `ward-tools` program).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    run_with(cli, run_heavy)
}

/// Runs the parsed command line; the rarely used subcommands with heavy
/// dependencies (the daemon and its async runtime and TLS shipping, the
/// monitor, scans, the shadow workspace, trust, the audit commands) go to
/// `heavy`. The `ward` binary passes [`tools::exec`], so their code is
/// not linked into it (its size budget is 10 MiB); `ward-tools` runs them.
pub fn run_with(
    cli: Cli,
    heavy: fn(Command) -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    match cli.command {
        c @ (Command::Daemon(_)
        | Command::Monitor(_)
        | Command::Scan(_)
        | Command::Shadow(_)
        | Command::Trust(_)
        | Command::Audit(_)
        | Command::Stats(_)
        | Command::Completions(_)
        | Command::Man(_)) => heavy(c),
        // The README's first command (`cargo run … -- demo`) builds only
        // `ward`: the demo needs nothing more than the policy.
        Command::Demo => demo::run(),
        // `ward do` needs the intents and the policy only: exec'ing
        // `ward-tools` for it cost ~1 ms of its 3 ms budget.
        Command::Do(args) => do_::run(args),
        Command::Check(args) => check::run(args),
        Command::Exec(args) => exec::run(args),
        Command::Policy(cmd) => policy::run(cmd),
        Command::Hook(args) => hook::run(args),
        Command::Install(args) => install::run(args, true),
        Command::Uninstall(args) => install::run(args, false),
        Command::Init(args) => init::run(args),
        Command::ShellCheck(args) => shell_check::run(args),
        Command::Shim(cmd) => shim::run(cmd),
        Command::Approve(args) => approve::approve(args),
        Command::Deny(args) => approve::deny(args),
        Command::Pending => approve::pending(),
        Command::Doctor(args) => doctor::run(&args),
        Command::Serve(args) => serve::run(args),
    }
}

/// The subcommands [`run_with`] hands to `heavy`, run in this process.
pub fn run_heavy(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Audit(args) => audit::run(args),
        Command::Trust(args) => trust::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => completions::man(args),
        Command::Daemon(args) => daemon::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Monitor(args) => monitor::run(args),
        Command::Scan(args) => scan::run(&args),
        Command::Shadow(cmd) => shadow::run(cmd),
        // The rest never reaches here; run them all the same.
        other => run_with(Cli { command: other }, |_| Ok(ExitCode::from(EXIT_USAGE))),
    }
}
