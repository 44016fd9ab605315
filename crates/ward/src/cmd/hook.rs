//! `ward hook`: one agent hook payload on stdin → the agent's answer on stdout.
//! Always prints a valid answer: bad input, a policy that will not load, a
//! record that cannot be written, even a panic, all answer deny.

use super::common;
use super::record::{Record, record};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};
use ward_core::Decision;
use ward_hook::{Agent, MAX_PAYLOAD, answer, judge, payload};

/// Arguments of `ward hook`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The protocol: claude, codex, gemini or cursor (default: detected from the payload).
    #[arg(long)]
    pub agent: Option<String>,
    /// A policy file to layer over the default.
    #[arg(long)]
    pub policy: Option<PathBuf>,
}

/// The protocol the panic answer uses; set as soon as it is known.
static PROTOCOL: AtomicU8 = AtomicU8::new(0);

/// Runs `ward hook`. Never returns an error: every failure is a deny answer.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    std::panic::set_hook(Box::new(|info| {
        let agent = Agent::ALL
            .get(usize::from(PROTOCOL.load(Ordering::Relaxed)))
            .copied()
            .unwrap_or(Agent::Claude);
        let out = answer::render(
            agent,
            agent.pre_tool_event(),
            Decision::Deny,
            "ward failed internally and refuses the call; see its stderr",
        );
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{out}");
        let _ = stdout.flush();
        eprintln!("ward: internal error: {info}");
        // Exit 2 is every protocol's "block" code, should stdout be ignored.
        std::process::exit(2);
    }));
    let (forced, flag_problem) = match args.agent.as_deref() {
        None => (None, None),
        Some(name) => match Agent::from_name(name) {
            Some(a) => (Some(a), None),
            None => (
                None,
                Some(format!(
                    "unknown agent `{name}` (expected claude, codex, gemini or cursor)"
                )),
            ),
        },
    };
    let fallback = env_agent().unwrap_or(Agent::Claude);
    set_protocol(forced.unwrap_or(fallback));
    if std::env::var_os("WARD_TEST_PANIC").is_some() {
        test_panic();
    }
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(MAX_PAYLOAD as u64 + 1)
        .read_to_end(&mut bytes);
    let home = std::env::var("HOME").unwrap_or_default();
    let home = std::fs::canonicalize(&home)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or(home);
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "/".into());

    let detected = || {
        forced
            .or_else(|| ward_hook::agent::detect_raw(&bytes))
            .unwrap_or(fallback)
    };
    let (agent, event, decision, reason) = if let Err(e) = read {
        let a = detected();
        bad(a, "", &format!("cannot read the hook payload: {e}"))
    } else if let Some(problem) = flag_problem {
        let a = detected();
        bad(a, "", &problem)
    } else {
        match payload::parse_with(&bytes, forced, fallback, &cwd, &home) {
            Err(b) => bad(b.agent, &b.event, &b.message),
            Ok(call) => {
                set_protocol(call.agent);
                decide(&call, args.policy.as_deref(), &home)
            }
        }
    };
    let out = answer::render(agent, &event, decision, &reason);
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{out}");
    let _ = stdout.flush();
    Ok(ExitCode::SUCCESS)
}

type Answer = (Agent, String, Decision, String);

/// Judges a well-formed call and records it; a failure to load the policy or
/// to record is a deny.
fn decide(call: &payload::Call, policy: Option<&std::path::Path>, home: &str) -> Answer {
    let event = call.event.clone();
    let policy = match common::load_policy(policy) {
        Ok(p) => p,
        Err(e) => {
            return bad(
                call.agent,
                &event,
                &format!("cannot load the policy: {e:#}"),
            );
        }
    };
    let j = judge::judge(
        policy,
        call,
        home,
        &[&CryptoScanner {
            decision: policy.crypto_writes(),
        }],
    );
    let r = Record {
        source: "hook".into(),
        actor: format!("agent:{}", call.agent),
        kind: j.kind.into(),
        raw: call.summary.clone(),
        commands: j.commands.clone(),
        decision: j.decision.as_str().into(),
        rules: j.rules.clone(),
        reason: j.reason.clone(),
        decided_by: "in-process".into(),
        session: call.session.clone(),
    };
    if let Err(e) = record(&r) {
        return (
            call.agent,
            event,
            Decision::Deny,
            format!("cannot record the decision, so the call is refused: {e:#}"),
        );
    }
    (call.agent, event, j.decision, j.reason)
}

/// A deny for input ward cannot judge, recorded when it can be.
fn bad(agent: Agent, event: &str, message: &str) -> Answer {
    let r = Record {
        source: "hook".into(),
        actor: format!("agent:{agent}"),
        kind: "invalid".into(),
        raw: String::new(),
        commands: Vec::new(),
        decision: "deny".into(),
        rules: Vec::new(),
        reason: message.into(),
        decided_by: "in-process".into(),
        session: String::new(),
    };
    // The answer is deny whether or not the record lands.
    let _ = record(&r);
    let event = if event.is_empty() {
        agent.pre_tool_event()
    } else {
        event
    };
    (agent, event.into(), Decision::Deny, message.into())
}

fn set_protocol(agent: Agent) {
    let i = Agent::ALL.iter().position(|a| *a == agent).unwrap_or(0);
    PROTOCOL.store(u8::try_from(i).unwrap_or(0), Ordering::Relaxed);
}

/// The agent whose environment markers this process inherited.
fn env_agent() -> Option<Agent> {
    let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty() && x != "0");
    if set("CLAUDECODE") || set("CLAUDE_CODE_ENTRYPOINT") {
        Some(Agent::Claude)
    } else if set("CODEX_SANDBOX") || set("CODEX_MANAGED_BY_NPM") {
        Some(Agent::Codex)
    } else if set("GEMINI_CLI") {
        Some(Agent::Gemini)
    } else if set("CURSOR_AGENT") {
        Some(Agent::Cursor)
    } else {
        None
    }
}

#[expect(
    clippy::panic,
    reason = "tests prove that a panic still answers deny; a deny is all this can cause"
)]
fn test_panic() {
    panic!("forced by `WARD_TEST_PANIC`");
}

/// Agent writes that add quantum-vulnerable or already-broken cryptography to
/// code (not comments, tests or docs) get the policy's `crypto_writes`
/// decision (`ask` by default): a person decides whether new RSA/ECDH/MD5
/// code is what they want before it lands.
struct CryptoScanner {
    decision: Decision,
}

impl ward_hook::ContentScanner for CryptoScanner {
    fn scan(&self, path: &str, content: &str) -> Vec<ward_hook::ContentFinding> {
        use ward_crypto::{CodeContext, QuantumStatus};
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        if self.decision == Decision::Allow {
            return out;
        }
        for f in ward_crypto::scan_bytes(std::path::Path::new(path), content.as_bytes()) {
            let risky = matches!(f.status, QuantumStatus::Vulnerable | QuantumStatus::Broken);
            if !risky || f.context != CodeContext::Code || seen.contains(&f.algorithm) {
                continue;
            }
            seen.push(f.algorithm.clone());
            out.push(ward_hook::ContentFinding {
                decision: self.decision,
                rule: format!("crypto.{}", f.rule),
                reason: format!(
                    "writes {} cryptography ({} at line {}): {}",
                    f.status.as_str(),
                    f.algorithm,
                    f.line,
                    f.advice
                ),
            });
        }
        out
    }
}
