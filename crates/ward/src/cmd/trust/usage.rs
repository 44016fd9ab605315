//! `ward trust usage`, and the usage signal every front end folds into its
//! trust state: the profile of how the person works, caught up from the audit
//! store since the last event it learned, then scored.
//!
//! The profile exists only once `ward trust usage` has built it (from the
//! whole history, once); after that each call learns only the events after
//! the profile's last id, so no call re-reads the history. Without the file
//! nothing is loaded and front ends pay one failed `open`.

use anyhow::Context as _;
use serde_json::json;
use std::process::ExitCode;
use ward_core::{CommandLine, Context, TrustLevel, shell};
use ward_trust::{ProgramUse, TrustState, UsageAction, UsageProfile, UsageScore};

/// Effect kinds whose first use is worth a second look.
const SENSITIVE: &[&str] = &["read-secret", "egress", "runs-remote-code", "fork-bomb"];

fn now_s() -> i64 {
    ward_audit::now_ns() / 1_000_000_000
}

fn home() -> String {
    std::env::var("HOME").unwrap_or_default()
}

/// Programs whose first operand names a subcommand rather than a value:
/// only theirs are kept, so the profile never holds an argument's value.
const SUBCOMMANDS: &[&str] = &[
    "apt",
    "apt-get",
    "aws",
    "az",
    "brew",
    "cargo",
    "dnf",
    "docker",
    "gcloud",
    "gh",
    "git",
    "go",
    "helm",
    "ip",
    "kubectl",
    "npm",
    "pip",
    "pip3",
    "pnpm",
    "podman",
    "poetry",
    "rustup",
    "snap",
    "systemctl",
    "terraform",
    "tofu",
    "uv",
    "yarn",
    "yum",
    "zypper",
];

/// The subcommand of a program that has them: its first operand, a short lowercase word.
fn sub_of(line: &ward_core::SimpleCommand) -> Option<String> {
    if !SUBCOMMANDS.contains(&line.program.as_str()) {
        return None;
    }
    let first = line.args.first()?.text.as_str();
    let word = first.len() <= 24
        && first.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && first
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    word.then(|| first.to_owned())
}

/// What the profile keeps of one command line: programs, shapes and sensitive effects.
fn uses_of(line: &CommandLine) -> (Vec<ProgramUse>, Vec<String>) {
    let mut programs = Vec::new();
    let mut sensitive: Vec<String> = Vec::new();
    for c in line
        .commands
        .iter()
        .take(ward_trust::MAX_PROGRAMS_PER_ACTION)
    {
        programs.push(ProgramUse {
            program: c.program.to_string(),
            sub: sub_of(c),
            shape: ward_trust::arg_shape(c.args.iter().map(|a| a.text.as_str())),
        });
        for e in &c.effects {
            let kind = e.kind();
            if SENSITIVE.contains(&kind) && !sensitive.iter().any(|s| s == kind) {
                sensitive.push(kind.to_owned());
            }
        }
    }
    (programs, sensitive)
}

fn action_of_text(
    id: i64,
    time: i64,
    text: &str,
    kind: &str,
    cwd: &str,
    actor: &str,
) -> UsageAction {
    let (programs, sensitive) = if kind == "command" {
        uses_of(&shell::parse(text))
    } else {
        // Agents' file and tool actions: the kind stands for the program.
        let program = ProgramUse {
            program: format!("({kind})"),
            sub: None,
            shape: String::new(),
        };
        (vec![program], Vec::new())
    };
    UsageAction {
        id,
        time,
        programs,
        dir: ward_trust::dir_tree(cwd, &home()),
        actor: actor.to_owned(),
        sensitive,
    }
}

/// Learns every event after the profile's last id (what ran: denied actions
/// are skipped). Returns whether anything was learned.
fn catch_up(p: &mut UsageProfile) -> anyhow::Result<bool> {
    let store = ward_audit::resolve_path(None)?;
    let tip = ward_audit::read_tip(&store).ok().flatten();
    // Decisions in the append journal are not in the tip yet; opening the
    // store moves them into the chain.
    if tip.is_none_or(|t| t.id <= p.last_id) && !ward_audit::journal::is_pending(&store) {
        return Ok(false);
    }
    let s = ward_audit::Store::open_existing(&store)?;
    let filter = ward_audit::Filter {
        after_id: Some(p.last_id),
        ..ward_audit::Filter::default()
    };
    let mut learned = false;
    s.for_each(&filter, |e| {
        if e.body.decision != "deny" {
            let b = &e.body;
            p.learn(&action_of_text(
                e.id,
                e.time_ns / 1_000_000_000,
                &b.raw,
                &b.kind,
                &b.cwd,
                &b.actor,
            ));
        }
        // A denied event is still passed: the next call resumes after it.
        p.last_id = p.last_id.max(e.id);
        learned = true;
        Ok(())
    })?;
    Ok(learned)
}

/// The profile, caught up and saved; `None` when usage profiling is off.
fn current() -> anyhow::Result<Option<UsageProfile>> {
    let Some(path) = ward_trust::usage_path() else {
        return Ok(None);
    };
    let Some(mut p) = UsageProfile::load(&path)? else {
        return Ok(None);
    };
    if catch_up(&mut p)? {
        p.save(&path)?;
    }
    Ok(Some(p))
}

fn to_state(l: TrustLevel) -> TrustState {
    match l {
        TrustLevel::Trusted => TrustState::Trusted,
        TrustLevel::Uncertain => TrustState::Uncertain,
        TrustLevel::Untrusted => TrustState::Untrusted,
        TrustLevel::Automated => TrustState::Automated,
    }
}

fn to_level(s: TrustState) -> TrustLevel {
    match s {
        TrustState::Trusted => TrustLevel::Trusted,
        TrustState::Uncertain => TrustLevel::Uncertain,
        TrustState::Untrusted => TrustLevel::Untrusted,
        TrustState::Automated => TrustLevel::Automated,
    }
}

/// Folds the usage signal into `ctx.trust`: the score of `text` (the command
/// about to be judged) when given, else of recent history alone. A profile
/// that cannot be read leaves the keystroke state as it is and says why on
/// stderr: a broken profile never makes a decision looser.
pub fn fold(ctx: &mut Context, text: Option<&str>) -> Option<UsageScore> {
    let p = match current() {
        Ok(p) => p?,
        Err(e) => {
            eprintln!(
                "ward: usage profile not used: {}",
                crate::cmd::common::chain(&e)
            );
            return None;
        }
    };
    let now = now_s();
    let score = match text {
        Some(t) => p.score(&action_of_text(
            0,
            now,
            t,
            "command",
            &ctx.cwd,
            &ctx.actor.to_string(),
        )),
        None => p.recent(now),
    };
    ctx.trust = ward_trust::combine(ctx.trust.map(to_state), score.level).map(to_level);
    Some(score)
}

/// `ward trust usage`: the learned profile in human terms, and why the
/// current score is what it is.
pub fn run(json_out: bool, reset: bool, off: bool) -> anyhow::Result<ExitCode> {
    let path = ward_trust::usage_path().context("no state dir: set WARD_HOME or HOME")?;
    if off {
        match std::fs::remove_file(&path) {
            Ok(()) => println!("usage profiling off: removed {}", path.display()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                println!("usage profiling is already off")
            }
            Err(e) => return Err(e).with_context(|| format!("cannot remove `{}`", path.display())),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let existing = UsageProfile::load(&path)?;
    let mut p = match existing {
        Some(_) if reset => fresh_from_now()?,
        Some(p) => p,
        None => UsageProfile::default(),
    };
    catch_up(&mut p)?;
    p.save(&path)?;
    let now = now_s();
    let current = p.recent(now);
    if json_out {
        println!("{}", super::usage_print::to_json(&p, &current, now));
    } else {
        super::usage_print::print(&p, &current, now, &path);
    }
    Ok(ExitCode::SUCCESS)
}

/// An empty profile that starts learning after the store's current tip.
fn fresh_from_now() -> anyhow::Result<UsageProfile> {
    let mut p = UsageProfile::default();
    let store = ward_audit::resolve_path(None)?;
    // What is journalled happened before now: into the chain first.
    if ward_audit::journal::is_pending(&store) {
        ward_audit::Store::open_existing(&store)?;
    }
    if let Some(t) = ward_audit::read_tip(&store)? {
        p.last_id = t.id;
    }
    Ok(p)
}

/// The JSON the check front end adds for the usage signal.
pub fn score_json(s: &UsageScore) -> serde_json::Value {
    json!({
        "score": s.score,
        "level": s.level,
        "reasons": s.reasons.iter().map(ToString::to_string).collect::<Vec<_>>(),
    })
}
