//! `ward hook`: one agent hook payload on stdin → the agent's answer on stdout.
//! Always prints a valid answer: bad input, a policy that will not load, a
//! record that cannot be written, even a panic, all answer deny.

use super::common;
use super::record::Record;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};
use ward_core::{Decision, Policy};
use ward_daemon::{Client, ClientError, ErrorKind, HookRequest, Request, Response};
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
    let mut client = super::daemon::connect_for(args.policy.as_deref());
    let (agent, event, decision, reason, deferred) = if let Err(e) = read {
        let a = detected();
        let msg = format!("cannot read the hook payload: {e}");
        bad(a, "", &msg, client.as_mut())
    } else if let Some(problem) = flag_problem {
        let a = detected();
        bad(a, "", &problem, client.as_mut())
    } else {
        let input = Input {
            bytes: &bytes,
            forced,
            fallback,
            cwd: &cwd,
            home: &home,
        };
        // The daemon parses, judges and records in one round trip; this
        // process then loads no policy and opens no store.
        match client.as_mut().map(|c| via_daemon(c, &input)) {
            Some(Fast::Answer(a)) => a,
            Some(Fast::NotRecorded(message)) => {
                let a = detected();
                let event = match payload::parse_with(&bytes, forced, fallback, &cwd, &home) {
                    Ok(call) => call.event,
                    Err(b) => b.event,
                };
                let event = if event.is_empty() {
                    a.pre_tool_event().to_owned()
                } else {
                    event
                };
                let reason =
                    format!("cannot record the decision, so the call is refused: {message}");
                (a, event, Decision::Deny, reason, false)
            }
            other => {
                if matches!(other, Some(Fast::Gone)) {
                    client = None;
                }
                match payload::parse_with(&bytes, forced, fallback, &cwd, &home) {
                    Err(b) => bad(b.agent, &b.event, &b.message, client.as_mut()),
                    Ok(call) => {
                        set_protocol(call.agent);
                        decide(&call, args.policy.as_deref(), &home, client.as_mut())
                    }
                }
            }
        }
    };
    let out = answer::render_answer(agent, &event, decision, deferred, &reason);
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{out}");
    let _ = stdout.flush();
    Ok(ExitCode::SUCCESS)
}

/// The protocol, event, decision, reason, and whether ward defers.
type Answer = (Agent, String, Decision, String, bool);

/// What the hook process knows beside the parsed call, for the daemon.
struct Input<'a> {
    bytes: &'a [u8],
    forced: Option<Agent>,
    fallback: Agent,
    cwd: &'a str,
    home: &'a str,
}

/// Judges a well-formed call in-process (loading the policy only now) and
/// records it, through `client` when the daemon is up. A failure to load the
/// policy or to record is a deny.
fn decide(
    call: &payload::Call,
    policy: Option<&std::path::Path>,
    home: &str,
    client: Option<&mut Client>,
) -> Answer {
    let event = call.event.clone();
    let policy = match common::load_policy(policy) {
        Ok(p) => p,
        Err(e) => {
            return bad(
                call.agent,
                &event,
                &format!("cannot load the policy: {}", common::chain(&e)),
                client,
            );
        }
    };
    // Session memory lives in a per-session file when no daemon holds it.
    let store = (!call.session.is_empty())
        .then(common::state_dir)
        .and_then(Result::ok)
        .map(|dir| ward_hook::store::FileStore::new(&dir, session_idle()));
    let mut loaded = store.as_ref().map(|s| s.load(&call.session, &call.cwd));
    // Script judgements are cached in the state dir (the daemon keeps its own).
    let mut cache: Box<dyn ward_hook::script::Cache> = match common::state_dir() {
        Ok(dir) => Box::new(ward_hook::script::DirCache::new(dir.join("scripts"))),
        Err(_) => Box::new(ward_hook::script::NoCache),
    };
    let j = judge::judge_with(
        policy,
        call,
        home,
        &[&CryptoScanner],
        ward_hook::Extras {
            scripts: &mut *cache,
            memory: loaded.as_mut().map(|l| &mut l.memory),
        },
    );
    if let (Some(s), Some(l)) = (&store, loaded)
        && let Err(e) = s.save(l)
    {
        eprintln!("ward: cannot save the session memory: {e}");
    }
    let r = Record {
        source: "hook".into(),
        actor: format!("agent:{}", call.agent),
        kind: j.kind.into(),
        raw: call.summary.clone(),
        decision: j.recorded().into(),
        commands: j.commands,
        rules: j.rules,
        reason: j.reason.clone(),
        decided_by: "in-process".into(),
        session: call.session.clone(),
        ..Record::default()
    };
    if let Err(e) = super::daemon::record_via(client, &r) {
        return (
            call.agent,
            event,
            Decision::Deny,
            format!(
                "cannot record the decision, so the call is refused: {}",
                common::chain(&e)
            ),
            false,
        );
    }
    (call.agent, event, j.decision, j.reason, j.deferred)
}

/// How long a session's memory outlives its last call:
/// `WARD_SESSION_IDLE` seconds, else 12 hours.
pub fn session_idle() -> std::time::Duration {
    std::env::var("WARD_SESSION_IDLE")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .map_or(
            ward_hook::store::DEFAULT_IDLE,
            std::time::Duration::from_secs,
        )
}

/// What asking the daemon came to.
enum Fast {
    /// Judged and recorded: the answer to print.
    Answer(Answer),
    /// Judged, but the record failed: refuse the call.
    NotRecorded(String),
    /// The daemon could not judge this payload: judge it here (the
    /// connection still records).
    Unjudged,
    /// The connection failed: judge and record here.
    Gone,
}

/// Judges and records through the daemon in one round trip.
fn via_daemon(c: &mut Client, input: &Input<'_>) -> Fast {
    // Invalid UTF-8 never parses as a payload: the local path answers it.
    let Ok(payload) = std::str::from_utf8(input.bytes) else {
        return Fast::Unjudged;
    };
    let req = Request::Hook(HookRequest {
        payload: payload.to_owned(),
        agent: input.forced.map(|a| a.name().to_owned()),
        fallback: input.fallback.name().to_owned(),
        cwd: input.cwd.to_owned(),
        home: input.home.to_owned(),
        record: true,
    });
    match c.call(&req) {
        Ok(Response::Judged(v)) if v.recorded => match Agent::from_name(&v.agent) {
            Some(agent) => {
                set_protocol(agent);
                Fast::Answer((agent, v.event, v.decision, v.reason, v.deferred))
            }
            // A judgement in a protocol this build does not speak: it was
            // recorded, so refuse rather than judge (and record) twice.
            None => Fast::NotRecorded(format!("the daemon answered for agent `{}`", v.agent)),
        },
        Ok(_) => Fast::Unjudged,
        Err(ClientError::Daemon {
            kind: ErrorKind::Malformed,
            ..
        }) => Fast::Unjudged,
        Err(ClientError::Daemon { message, .. }) => Fast::NotRecorded(message),
        Err(_) => Fast::Gone,
    }
}

/// A deny for input ward cannot judge, recorded when it can be (through the
/// daemon when one answers).
fn bad(agent: Agent, event: &str, message: &str, client: Option<&mut Client>) -> Answer {
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
        ..Record::default()
    };
    // The answer is deny whether or not the record lands.
    let _ = super::daemon::record_via(client, &r);
    let event = if event.is_empty() {
        agent.pre_tool_event()
    } else {
        event
    };
    (agent, event.into(), Decision::Deny, message.into(), false)
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
pub struct CryptoScanner;

impl ward_hook::ContentScanner for CryptoScanner {
    fn scan(&self, policy: &Policy, path: &str, content: &str) -> Vec<ward_hook::ContentFinding> {
        use ward_crypto::{CodeContext, QuantumStatus};
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        let decision = policy.crypto_writes();
        if decision == Decision::Allow {
            return out;
        }
        for f in ward_crypto::scan_bytes(std::path::Path::new(path), content.as_bytes()) {
            let risky = matches!(f.status, QuantumStatus::Vulnerable | QuantumStatus::Broken);
            if !risky || f.context != CodeContext::Code || seen.contains(&f.algorithm) {
                continue;
            }
            seen.push(f.algorithm.clone());
            out.push(ward_hook::ContentFinding {
                decision,
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
