//! `ward check`: judge command text and print the decision.

use super::common;
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use ward_core::{Action, CommandLine, Decision, Policy, Verdict, shell};
use ward_daemon::{Client, EvalRequest, Request, Response, WireAction};

/// Arguments of `ward check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Who acts: human, agent, agent:NAME or unknown (default: detected).
    #[arg(long)]
    pub actor: Option<String>,
    /// A policy file to layer over the default.
    #[arg(long)]
    pub policy: Option<PathBuf>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Read one command per line from stdin; print one JSON object per line.
    #[arg(long)]
    pub stdin: bool,
    /// Also write the decision to the audit store (one command, not `--stdin`).
    #[arg(long, conflicts_with = "stdin")]
    pub record: bool,
    /// The command to judge (words are joined with spaces and parsed as shell).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
}

/// Runs `ward check`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // The same command is judged differently for a person and an agent, so
    // the output says which actor was assumed and why.
    let (actor, how) = match args.actor.as_deref() {
        Some(flag) => (common::actor_or_detect(Some(flag))?, "--actor"),
        None => common::detect_actor_why(),
    };
    let interactive = actor == ward_core::Actor::Human;
    let assumed = Assumed {
        actor: actor.to_string(),
        how,
    };
    let line = (!args.stdin).then(|| args.command.join(" "));
    let (ctx, usage) = common::context_for(actor, interactive, line.as_deref());
    if args.stdin {
        let policy = common::load_policy(args.policy.as_deref())?;
        let stdin = std::io::stdin();
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let mut worst = Decision::Allow;
        for line in stdin.lock().split(b'\n') {
            let line = line?;
            let parsed = shell::parse_bytes(&line);
            let verdict = policy.evaluate_line(&parsed, &ctx);
            worst = worst.max(verdict.decision);
            writeln!(out, "{}", to_json(&parsed, &verdict, &assumed))?;
        }
        out.flush()?;
        return Ok(exit_for(worst));
    }
    if args.command.is_empty() {
        anyhow::bail!("no command given: try `ward check -- rm -rf /`");
    }
    let text = line.unwrap_or_default();
    // A recorded check asks the daemon when it is up (one writer, shown
    // live), exactly as `ward exec` does.
    let mut client = if args.record {
        super::daemon::connect_for(args.policy.as_deref())
    } else {
        None
    };
    let remote = client
        .as_mut()
        .and_then(|c| via_daemon(c, &text, &ctx, "check"));
    let (parsed, verdict, by) = match remote {
        Some(v) => (shell::parse(&text), v, "daemon"),
        None => {
            client = None;
            let policy = common::load_policy(args.policy.as_deref())?;
            let (parsed, verdict) = judge(policy, &text, &ctx);
            (parsed, verdict, "in-process")
        }
    };
    if args.record {
        let r = super::record::Record {
            source: "check".into(),
            actor: ctx.actor.to_string(),
            kind: "command".into(),
            raw: text.clone(),
            commands: parsed.commands.iter().map(|c| c.line()).collect(),
            decision: verdict.decision.as_str().into(),
            rules: verdict.rule_ids().iter().map(|s| (*s).to_owned()).collect(),
            reason: verdict.reason.clone(),
            decided_by: by.into(),
            session: std::env::var("WARD_SESSION").unwrap_or_default(),
            ..super::record::Record::default()
        };
        super::daemon::record_via(client.as_mut(), &r)?;
    }
    if args.json {
        let mut v = to_json(&parsed, &verdict, &assumed);
        if let (Some(u), Some(obj)) = (&usage, v.as_object_mut()) {
            let usage = super::trust::usage::score_json(u);
            obj.insert("trust".into(), json!({"state": ctx.trust, "usage": usage}));
        }
        println!("{v}");
    } else {
        print_human(&parsed, &verdict, &assumed);
        if let Some(u) = &usage {
            let state = ctx
                .trust
                .map_or("none".to_owned(), |t| format!("{t:?}").to_lowercase());
            println!("  trust: {state} (usage {} {:.2})", u.level, u.score);
            for r in &u.reasons {
                println!("    {r}");
            }
        }
    }
    Ok(exit_for(verdict.decision))
}

/// Judges `text` through the daemon for the front end `source`; `None`
/// means fall back to in-process.
pub fn via_daemon(
    c: &mut Client,
    text: &str,
    ctx: &ward_core::Context,
    source: &str,
) -> Option<Verdict> {
    let req = EvalRequest::new(
        WireAction::Command { text: text.into() },
        ctx,
        source,
        false,
    );
    match c.call(&Request::Evaluate(req)) {
        // A session approval is the daemon's own state; a check reports the
        // policy's decision, so only a plain verdict is taken.
        Ok(Response::Verdict(v)) if v.decided_by == "daemon" => Some(v.to_verdict()),
        _ => None,
    }
}

/// Parses and evaluates one command text.
pub fn judge(policy: &Policy, text: &str, ctx: &ward_core::Context) -> (CommandLine, Verdict) {
    let parsed = shell::parse(text);
    let verdict = policy.evaluate(&Action::Command(parsed.clone()), ctx);
    (parsed, verdict)
}

/// The exit code for a decision.
pub fn exit_for(d: Decision) -> ExitCode {
    match d {
        Decision::Allow => ExitCode::SUCCESS,
        Decision::Ask => ExitCode::from(super::EXIT_ASK),
        Decision::Deny => ExitCode::from(super::EXIT_DENY),
    }
}

/// The actor a check judged for, and how it was chosen.
pub struct Assumed {
    /// `human`, `agent:NAME` or `unknown`.
    pub actor: String,
    /// `--actor`, or what detection went by.
    pub how: &'static str,
}

/// The JSON form: decision, reason, actor (and how it was chosen), rules,
/// commands, matches, problems.
pub fn to_json(parsed: &CommandLine, v: &Verdict, a: &Assumed) -> serde_json::Value {
    json!({
        "decision": v.decision,
        "actor": a.actor,
        "actor_from": a.how,
        "reason": v.reason,
        "rules": v.rule_ids(),
        "commands": parsed.commands.iter().map(|c| c.line()).collect::<Vec<_>>(),
        "matches": v.matches,
        "problems": parsed.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}

fn print_human(parsed: &CommandLine, v: &Verdict, a: &Assumed) {
    println!("{}: {}", v.decision, v.reason);
    println!("  actor: {} ({}; `--actor` chooses)", a.actor, a.how);
    for m in &v.matches {
        let cmd = m
            .command
            .and_then(|i| parsed.commands.get(i))
            .map(|c| c.line())
            .unwrap_or_default();
        println!("  {} {} ({}) on `{}`", m.decision, m.rule, m.reason, cmd);
    }
    for p in &parsed.problems {
        println!("  problem: {p}");
    }
}
