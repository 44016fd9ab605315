//! `ward approve ID`, `ward deny ID`, `ward pending`: decide the daemon's
//! pending approvals from any terminal.

use super::daemon::connect_or_fail;
use std::process::ExitCode;
use ward_daemon::{Request, Response, Scope};

/// Arguments of `ward approve`.
#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    /// The pending approval's id (see `ward pending`).
    pub id: u64,
    /// Also allow the same command from the same actor until the daemon stops.
    #[arg(long, conflicts_with = "always")]
    pub session: bool,
    /// Always allow this exact command for this kind of actor: writes an
    /// `[[allow_exact]]` entry to the daemon's user policy file and reloads.
    #[arg(long)]
    pub always: bool,
}

/// Arguments of `ward deny`.
#[derive(Debug, clap::Args)]
pub struct DenyArgs {
    /// The pending approval's id (see `ward pending`).
    pub id: u64,
    /// Why, shown to the waiting caller.
    #[arg(long)]
    pub reason: Option<String>,
}

/// Runs `ward approve`.
pub fn approve(args: ApproveArgs) -> anyhow::Result<ExitCode> {
    let scope = if args.always {
        Scope::Always
    } else if args.session {
        Scope::Session
    } else {
        Scope::Once
    };
    let what = if args.always {
        "approved, and always allowed from now on:"
    } else {
        "approved"
    };
    decide(Request::Approve { id: args.id, scope }, what)
}

/// Runs `ward deny`.
pub fn deny(args: DenyArgs) -> anyhow::Result<ExitCode> {
    decide(
        Request::Deny {
            id: args.id,
            reason: args.reason,
        },
        "denied",
    )
}

fn decide(req: Request, what: &str) -> anyhow::Result<ExitCode> {
    let id = match &req {
        Request::Approve { id, .. } | Request::Deny { id, .. } => *id,
        _ => 0,
    };
    connect_or_fail()?.call(&req)?;
    println!("{what} `{id}`");
    Ok(ExitCode::SUCCESS)
}

/// Runs `ward pending`: one line per pending approval.
pub fn pending() -> anyhow::Result<ExitCode> {
    let Response::PendingList { items } = connect_or_fail()?.call(&Request::ListPending)? else {
        anyhow::bail!("the daemon gave an unexpected answer");
    };
    let now = ward_daemon::event::now_ms();
    for i in &items {
        let left = i.deadline_ms.saturating_sub(now) / 1000;
        let what = match ward_monitor::shadow::ShadowChange::of(i) {
            Some(c) => format!("`{} {}` in shadow {}", c.what, c.file, c.name),
            None => format!("`{}`", i.raw),
        };
        println!(
            "{:>5}  {:<14} {:>4}s  {what}  {}",
            i.id, i.actor, left, i.reason
        );
    }
    if items.is_empty() {
        println!("nothing pending");
    }
    Ok(ExitCode::SUCCESS)
}
