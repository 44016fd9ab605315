//! `ward exec`: judge an argv, then run it (allow), refuse it (deny), or ask
//! on the terminal (ask).

use super::common;
use std::io::{IsTerminal, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::ExitCode;
use ward_core::{Action, Decision, shell};

/// Arguments of `ward exec`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Who acts: human, agent, agent:NAME or unknown (default: detected).
    #[arg(long)]
    pub actor: Option<String>,
    /// A policy file to layer over the default.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// The program and its arguments.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
    pub argv: Vec<String>,
}

/// Runs `ward exec`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let policy = common::load_policy(args.policy.as_deref())?;
    let actor = common::actor_or_detect(args.actor.as_deref())?;
    let tty = std::io::stdin().is_terminal();
    let ctx = common::context(actor, tty);
    let line = shell::from_argv(&args.argv);
    let verdict = policy.evaluate(&Action::Command(line.clone()), &ctx);
    let rules = verdict.rule_ids().join(", ");
    let go = match verdict.decision {
        Decision::Allow => true,
        Decision::Deny => {
            eprintln!(
                "ward: denied `{}`: {}{}",
                line.raw,
                verdict.reason,
                bracket(&rules)
            );
            false
        }
        Decision::Ask if tty => confirm(&line.raw, &verdict.reason),
        Decision::Ask => {
            eprintln!(
                "ward: refused `{}`: {} (needs confirmation and no terminal is attached){}",
                line.raw,
                verdict.reason,
                bracket(&rules)
            );
            false
        }
    };
    let decided_by = match (verdict.decision, go) {
        (Decision::Ask, true) => "human:tty",
        _ => "in-process",
    };
    let rec = super::record::Record {
        source: "exec".into(),
        actor: ctx.actor.to_string(),
        kind: "command".into(),
        raw: line.raw.clone(),
        commands: line.commands.iter().map(|c| c.line()).collect(),
        decision: if go {
            "allow".into()
        } else {
            verdict.decision.as_str().into()
        },
        rules: verdict.rule_ids().iter().map(|s| (*s).to_owned()).collect(),
        reason: verdict.reason.clone(),
        decided_by: decided_by.into(),
        session: std::env::var("WARD_SESSION").unwrap_or_default(),
    };
    // Fail closed: an action whose record cannot be written does not run.
    if let Err(e) = super::record::record(&rec) {
        eprintln!(
            "ward: refused `{}`: the audit record could not be written: {e:#}",
            line.raw
        );
        return Ok(ExitCode::from(super::EXIT_REFUSED));
    }
    if !go {
        return Ok(ExitCode::from(super::EXIT_REFUSED));
    }
    run_program(&args.argv)
}

fn bracket(rules: &str) -> String {
    if rules.is_empty() {
        String::new()
    } else {
        format!(" [{rules}]")
    }
}

/// Asks y/N on the terminal; anything but yes is no.
pub fn confirm(command: &str, reason: &str) -> bool {
    let Ok(mut tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return false;
    };
    let _ = write!(tty, "ward: {reason}\nrun `{command}`? [y/N] ");
    let _ = tty.flush();
    let mut answer = String::new();
    let mut reader = std::io::BufReader::new(tty);
    if std::io::BufRead::read_line(&mut reader, &mut answer).is_err() {
        return false;
    }
    matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes")
}

/// Replaces this process with the program (exit status passes through).
pub fn run_program(argv: &[String]) -> anyhow::Result<ExitCode> {
    let Some((program, rest)) = argv.split_first() else {
        anyhow::bail!("no program given");
    };
    let err = std::process::Command::new(program).args(rest).exec();
    eprintln!("ward: cannot run `{program}`: {err}");
    Ok(ExitCode::from(
        if err.kind() == std::io::ErrorKind::NotFound {
            127
        } else {
            126
        },
    ))
}
