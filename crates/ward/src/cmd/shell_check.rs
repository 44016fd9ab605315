//! `ward shell-check` (hidden): what the `ward init` snippets call on every
//! line a person types. Exit 0 runs the line, 4 does not, 3 asks (the snippet
//! asks y/N and calls back with `--answer`).

use super::check::{judge, via_daemon};
use super::common;
use super::record::Record;
use std::path::PathBuf;
use std::process::ExitCode;
use ward_core::{Actor, CommandLine, Decision, Verdict};
use ward_shell::marker::{OVERRIDE_MARKER, strip_override};

/// Arguments of `ward shell-check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell asking: bash, zsh or fish.
    #[arg(long)]
    pub shell: ward_shell::Shell,
    /// The person's answer to the ask: yes or no.
    #[arg(long, value_parser = ["yes", "no"])]
    pub answer: Option<String>,
    /// A policy file to layer over the default.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// The whole line as typed.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
    pub line: Vec<String>,
}

const RUN: u8 = 0;
const ASK: u8 = super::EXIT_ASK;
const STOP: u8 = super::EXIT_DENY;

/// Runs `ward shell-check`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let line = args.line.join(" ");
    if line.trim().is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let overriding = strip_override(&line);
    let text = overriding.unwrap_or(&line);
    let ctx = common::context(Actor::Human, true);
    // The daemon, when it is up, judges and records (no policy load or store
    // open in this process).
    let mut client = super::daemon::connect_for(args.policy.as_deref());
    let remote = client
        .as_mut()
        .and_then(|c| via_daemon(c, text, &ctx, "shell"));
    let (parsed, verdict, by) = match remote {
        Some(v) => (ward_core::shell::parse(text), v, "daemon"),
        None => {
            client = None;
            let policy = common::load_policy(args.policy.as_deref())?;
            let (parsed, verdict) = judge(policy, text, &ctx);
            (parsed, verdict, "in-process")
        }
    };
    let shown = super::exec::bracket(&verdict.rule_ids().join(", "));
    let mut base = Base {
        client,
        shell: args.shell,
        line: &line,
        parsed: &parsed,
        verdict: &verdict,
    };
    let code = match (
        verdict.decision,
        args.answer.as_deref(),
        overriding.is_some(),
    ) {
        (Decision::Allow, _, _) => base.enforce(Decision::Allow, by, RUN),
        // INVARIANT: a deny without the override marker is never turned into a run,
        // whatever `--answer` says.
        (Decision::Deny, _, false) => {
            eprintln!("ward: denied `{text}`: {}{shown}", verdict.reason);
            eprintln!("ward: to run it anyway, type `{OVERRIDE_MARKER} ` before the line");
            base.enforce(Decision::Deny, by, STOP)
        }
        (d, None, over) => {
            if over {
                eprintln!(
                    "ward: override: ward would {d} `{text}`: {}{shown}",
                    verdict.reason
                );
            } else {
                eprintln!(
                    "ward: `{text}` needs confirmation: {}{shown}",
                    verdict.reason
                );
            }
            ASK
        }
        (_, Some("yes"), over) => {
            let by = if over {
                "human:override"
            } else {
                "human:confirmed"
            };
            base.enforce(Decision::Allow, by, RUN)
        }
        (_, Some(_), _) => {
            eprintln!("ward: not run");
            base.enforce(Decision::Deny, "human:declined", STOP)
        }
    };
    Ok(ExitCode::from(code))
}

struct Base<'a> {
    client: Option<ward_daemon::Client>,
    shell: ward_shell::Shell,
    line: &'a str,
    parsed: &'a CommandLine,
    verdict: &'a Verdict,
}

impl Base<'_> {
    /// Records the final decision; `code` when that worked, else a refusal
    /// with one line saying why (fail closed).
    fn enforce(&mut self, decision: Decision, decided_by: &str, code: u8) -> u8 {
        let r = Record {
            source: "shell".into(),
            actor: Actor::Human.to_string(),
            kind: "command".into(),
            raw: self.line.to_owned(),
            commands: self.parsed.commands.iter().map(|c| c.line()).collect(),
            decision: decision.to_string(),
            rules: self
                .verdict
                .rule_ids()
                .iter()
                .map(ToString::to_string)
                .collect(),
            reason: self.verdict.reason.clone(),
            decided_by: decided_by.to_owned(),
            session: format!("{}:{}", self.shell, std::os::unix::process::parent_id()),
            ..Record::default()
        };
        match super::daemon::record_via(self.client.as_mut(), &r) {
            Ok(()) => code,
            Err(e) => {
                eprintln!(
                    "ward: not run, the decision could not be recorded: {}",
                    super::common::chain(&e)
                );
                STOP
            }
        }
    }
}
