//! `ward exec`: judge an argv, then run it (allow), refuse it (deny), or ask
//! on the terminal (ask).

use super::common;
use super::record::Record;
use std::io::{IsTerminal, Write};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use ward_core::{Action, Actor, Context, Decision, shell};
use ward_daemon::{Client, EvalRequest, Response, WireAction};

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

/// Runs `ward exec`. With a daemon up, it judges there (and an `ask`
/// without a terminal waits in the approval queue for a person); without
/// one, it judges in-process with the same policy.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let actor = common::actor_or_detect(args.actor.as_deref())?;
    let session = std::env::var("WARD_SESSION").unwrap_or_default();
    let gate = Gate {
        source: "exec",
        session,
        policy: args.policy.as_deref(),
    };
    match gate.pass(&args.argv, actor)? {
        Some(refused) => Ok(refused),
        None => run_program(&args.argv),
    }
}

/// Judges an argv about to run, asks when it must, and records the
/// decision: what `ward exec` and every PATH shim do before running.
pub struct Gate<'a> {
    /// The front end recorded: `exec` or `shim`.
    pub source: &'a str,
    /// The session recorded.
    pub session: String,
    /// An explicit policy file (then the daemon is not asked).
    pub policy: Option<&'a std::path::Path>,
}

impl Gate<'_> {
    /// `None` when `argv` may run; otherwise the exit code of the refusal,
    /// said on stderr. An error means the policy could not be loaded.
    pub fn pass(&self, argv: &[String], actor: Actor) -> anyhow::Result<Option<ExitCode>> {
        let refused = Some(ExitCode::from(super::EXIT_REFUSED));
        let tty = std::io::stdin().is_terminal();
        let ctx = common::context(actor, tty);
        let line = shell::from_argv(argv);
        let mut client = super::daemon::connect_for(self.policy);
        let mut judged = client
            .as_mut()
            .and_then(|c| via_daemon(c, argv, &ctx, tty, self.source));
        if judged.is_none() {
            client = None;
            let policy = common::load_policy(self.policy)?;
            let verdict = policy.evaluate(&Action::Command(line.clone()), &ctx);
            let rules = verdict.rule_ids().iter().map(ToString::to_string).collect();
            let commands = line.commands.iter().map(|c| c.line()).collect();
            judged = Some(Judged {
                decision: verdict.decision,
                reason: verdict.reason,
                rules,
                commands,
                by: "in-process".into(),
            });
        }
        let Some(mut j) = judged else {
            return Ok(refused);
        };
        let rules = j.rules.join(", ");
        let go = match j.decision {
            Decision::Allow => true,
            Decision::Deny => {
                eprintln!(
                    "ward: denied `{}`: {}{}",
                    line.raw,
                    j.reason,
                    bracket(&rules)
                );
                false
            }
            Decision::Ask if tty => {
                let yes = confirm(&line.raw, &j.reason);
                j.by = if yes {
                    "human:confirmed"
                } else {
                    "human:declined"
                }
                .into();
                yes
            }
            Decision::Ask => {
                eprintln!(
                    "ward: refused `{}`: {} (needs confirmation and no terminal is attached){}",
                    line.raw,
                    j.reason,
                    bracket(&rules)
                );
                false
            }
        };
        let r = Record {
            source: self.source.into(),
            actor: ctx.actor.to_string(),
            kind: "command".into(),
            raw: line.raw.clone(),
            commands: j.commands,
            decision: if go {
                "allow"
            } else {
                j.decision.non_interactive().as_str()
            }
            .into(),
            rules: j.rules,
            reason: j.reason,
            decided_by: j.by,
            session: self.session.clone(),
            ..Record::default()
        };
        if let Err(e) = super::daemon::record_via(client.as_mut(), &r) {
            eprintln!(
                "ward: refused `{}`: the decision could not be recorded: {}",
                line.raw,
                super::common::chain(&e)
            );
            return Ok(refused);
        }
        Ok(if go { None } else { refused })
    }
}

/// A decision and where it came from.
struct Judged {
    decision: Decision,
    reason: String,
    rules: Vec<String>,
    commands: Vec<String>,
    by: String,
}

/// Judges through the daemon; `None` means fall back to in-process.
fn via_daemon(
    c: &mut Client,
    argv: &[String],
    ctx: &Context,
    tty: bool,
    source: &str,
) -> Option<Judged> {
    let argv = WireAction::Argv {
        argv: argv.to_vec(),
    };
    // Without a terminal an `ask` waits in the daemon's queue for a person.
    let req = EvalRequest::new(argv, ctx, source, !tty);
    let mut held = None;
    // The daemon answers by the item's deadline; wait a little past it.
    let answer = c.evaluate_queued(req, Duration::from_secs(24 * 3600), |item| {
        let left = item
            .deadline_ms
            .saturating_sub(ward_daemon::event::now_ms());
        held = Some(item.clone());
        eprintln!(
            "ward: `{}` waits for approval {}: {} (`ward approve {}` or `ward deny {}`, {} s)",
            item.raw,
            item.id,
            item.reason,
            item.id,
            item.id,
            left / 1000
        );
    });
    match answer {
        Ok(Response::Verdict(v)) => Some(Judged {
            decision: v.decision,
            reason: v.reason.clone(),
            rules: v.rule_ids(),
            commands: v.commands,
            by: v.decided_by,
        }),
        Ok(Response::Decided {
            decision,
            by,
            reason,
            ..
        }) => {
            let (rules, commands) = held.map_or_else(Default::default, |i| {
                let mut rules: Vec<String> = Vec::new();
                for m in i.matches {
                    if !rules.contains(&m.rule) {
                        rules.push(m.rule);
                    }
                }
                (rules, i.commands)
            });
            Some(Judged {
                decision,
                reason,
                rules,
                commands,
                by,
            })
        }
        // A waiting approval cut short (daemon stopped): nobody decided, so refuse.
        Err(ward_daemon::ClientError::Daemon { message, .. }) => Some(Judged {
            decision: Decision::Deny,
            reason: message,
            rules: Vec::new(),
            commands: Vec::new(),
            by: "daemon".into(),
        }),
        _ => None,
    }
}

/// ` [rule, rule]` after a message, or nothing when no rule matched.
pub fn bracket(rules: &str) -> String {
    if rules.is_empty() {
        String::new()
    } else {
        format!(" [{rules}]")
    }
}

/// Asks y/N on the terminal; anything but yes is no.
pub fn confirm(command: &str, reason: &str) -> bool {
    ask_tty(&format!("ward: {reason}\nrun `{command}`? [y/N] "))
}

/// Writes `prompt` to the terminal (not stdin, which may be a pipe) and reads
/// one line: `y`/`yes` is yes, anything else — no terminal included — is no.
pub fn ask_tty(prompt: &str) -> bool {
    let Ok(mut tty) = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
    else {
        return false;
    };
    let _ = write!(tty, "{prompt}");
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
