//! `ward do "REQUEST"`: a plain-language security request → one validated tool
//! command line, judged, confirmed when intrusive, then exec'd.

use anyhow::Context as _;
use serde_json::json;
use std::io::{BufRead as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use ward_intent::{Impact, Refusal, Resolved, Scope, resolve, shell_line};

/// Exit code for a refused request or a declined confirmation.
const EXIT_REFUSED: u8 = 1;
/// Exit code when the tool is not installed (as a shell reports it).
const EXIT_NOT_FOUND: u8 = 127;

/// Arguments of `ward do`.
#[derive(Debug, clap::Args)]
pub struct DoArgs {
    /// Print the command line without running it.
    #[arg(long)]
    pub dry_run: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also show why this intent and these modes were chosen.
    #[arg(long)]
    pub explain: bool,
    /// The scope file (default: ~/.config/ward/scope.toml).
    #[arg(long, value_name = "FILE")]
    pub scope: Option<PathBuf>,
    /// The request, e.g. "scan 192.168.1.1 for web servers".
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
    pub request: Vec<String>,
}

/// Runs `ward do`.
pub fn run(args: DoArgs) -> anyhow::Result<ExitCode> {
    let scope = match &args.scope {
        Some(path) => Scope::load(path)?,
        None => Scope::load_default()?,
    };
    let request = args.request.join(" ");
    let resolved = match resolve(&request, &scope) {
        Ok(r) => r,
        Err(refusal) => {
            print_refusal(&refusal, args.json);
            return Ok(ExitCode::from(EXIT_REFUSED));
        }
    };
    print_resolved(&resolved, &args)?;
    if args.dry_run {
        return Ok(ExitCode::SUCCESS);
    }
    if let Err(err) = judge(&resolved.argv, &request) {
        eprintln!("ward: not run: {}", super::common::chain(&err));
        return Ok(ExitCode::from(EXIT_REFUSED));
    }
    if resolved.impact() == Impact::Intrusive {
        match confirm(&resolved) {
            Ok(true) => {}
            Ok(false) => {
                eprintln!("ward: not run: confirmation declined");
                return Ok(ExitCode::from(EXIT_REFUSED));
            }
            Err(err) => {
                eprintln!("ward: not run: {}", super::common::chain(&err));
                return Ok(ExitCode::from(EXIT_REFUSED));
            }
        }
    }
    let tool = resolved.intent.tool;
    let Some(path) = find_in_path(tool) else {
        eprintln!(
            "ward: `{tool}` is not installed: apt-get install {}",
            resolved.intent.package
        );
        return Ok(ExitCode::from(EXIT_NOT_FOUND));
    };
    let err = exec(&path, resolved.argv.get(1..).unwrap_or_default());
    Err(err).with_context(|| format!("cannot run `{}`", path.display()))
}

/// Judges the command line with ward's policy and records the decision in the
/// audit store before anything runs (fail closed if it cannot be recorded).
/// A `deny` (or an `ask` nobody confirms) is an error naming the rule.
fn judge(argv: &[String], request: &str) -> anyhow::Result<()> {
    use std::io::IsTerminal;
    use ward_core::{Action, Decision, shell};
    let policy = super::common::load_policy(None)?;
    let actor = super::common::detect_actor();
    let tty = std::io::stdin().is_terminal();
    let ctx = super::common::context(actor, tty);
    let line = shell::from_argv(argv);
    let verdict = policy.evaluate(&Action::Command(line.clone()), &ctx);
    let go = match verdict.decision {
        Decision::Allow => true,
        Decision::Ask if tty => super::exec::confirm(&line.raw, &verdict.reason),
        Decision::Ask | Decision::Deny => false,
    };
    let rules: Vec<String> = verdict.rule_ids().iter().map(|s| (*s).to_owned()).collect();
    super::record::record(&super::record::Record {
        source: "do".into(),
        actor: ctx.actor.to_string(),
        kind: "command".into(),
        raw: format!("{} # ward do: {request}", line.raw),
        commands: line.commands.iter().map(|c| c.line()).collect(),
        decision: if go {
            "allow".into()
        } else {
            verdict.decision.as_str().into()
        },
        rules: rules.clone(),
        reason: verdict.reason.clone(),
        decided_by: if go && verdict.decision == Decision::Ask {
            "human:tty".into()
        } else {
            "in-process".into()
        },
        session: std::env::var("WARD_SESSION").unwrap_or_default(),
        ..super::record::Record::default()
    })
    .context("the audit record could not be written, so nothing runs")?;
    if !go {
        anyhow::bail!(
            "policy {}: {} [{}]",
            verdict.decision,
            verdict.reason,
            rules.join(", ")
        );
    }
    Ok(())
}

fn print_refusal(r: &Refusal, as_json: bool) {
    if as_json {
        let v = json!({"error": {
            "kind": r.kind.as_str(),
            "message": r.message,
            "suggestions": r.suggestions,
        }});
        println!("{v}");
        return;
    }
    eprintln!("ward: refused: {}", r.message);
    if !r.suggestions.is_empty() {
        eprintln!("closest intents:");
        for s in &r.suggestions {
            eprintln!("  {s}");
        }
    }
}

fn print_resolved(r: &Resolved, args: &DoArgs) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if args.json {
        let mut v = json!({
            "intent": r.intent.id,
            "tool": r.intent.tool,
            "argv": r.argv,
            "targets": r.targets,
            "impact": r.impact().as_str(),
            "explanation": r.intent.explanation,
        });
        if args.explain {
            let explain = json!({
                "score": r.score,
                "modes": r.modes,
                "runner_up": r.runner_up.map(|(id, s)| json!({"intent": id, "score": s})),
                "default": r.default_note,
            });
            if let Some(obj) = v.as_object_mut() {
                obj.insert("explain".into(), explain);
            }
        }
        writeln!(out, "{v}")?;
        return Ok(());
    }
    writeln!(out, "{}", shell_line(&r.argv))?;
    writeln!(out, "  {}", r.intent.explanation)?;
    writeln!(out, "  impact: {}", r.impact().as_str())?;
    if args.explain {
        writeln!(out, "  intent: {} (score {})", r.intent.id, r.score)?;
        if let Some(note) = r.default_note {
            writeln!(out, "  default: {note}")?;
        }
        if let Some((id, s)) = r.runner_up {
            writeln!(out, "  runner-up: {id} (score {s})")?;
        }
        let modes = if r.modes.is_empty() {
            "none".to_owned()
        } else {
            r.modes.join(", ")
        };
        writeln!(out, "  modes: {modes}")?;
        writeln!(out, "  targets: {}", r.targets.join(" "))?;
    }
    Ok(())
}

/// Asks on the terminal (not stdin, which may be a pipe); anything but `y`/`yes` is no.
fn confirm(r: &Resolved) -> anyhow::Result<bool> {
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .context("this intrusive command needs confirmation on a terminal, and there is none")?;
    let mut writer = &tty;
    write!(
        writer,
        "`{}` is intrusive ({}). run it? [y/N] ",
        r.intent.tool, r.intent.id
    )?;
    writer.flush()?;
    let mut answer = String::new();
    std::io::BufReader::new(&tty).read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

fn find_in_path(tool: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt as _;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

fn exec(path: &Path, args: &[String]) -> std::io::Error {
    use std::os::unix::process::CommandExt as _;
    std::process::Command::new(path).args(args).exec()
}
