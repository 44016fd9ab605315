//! Agent hook payloads judged in the daemon, with the same parser, tool
//! mapping and content checks `ward hook` uses in-process, so a hook process
//! that reaches the daemon loads no policy of its own.

use crate::daemon::{Daemon, lock};
use crate::event::Event;
use crate::proto::{HookRequest, HookVerdict};
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};
use ward_hook::session::Memory;
use ward_hook::{Agent, ContentScanner, judge, payload, script};

/// What the daemon keeps between hook calls: each session's memory (with the
/// stamp of its file when last read or written, so a change made by an
/// in-process hook while the daemon was unreachable is seen), and script
/// judgements by path, size, mtime, content hash and policy.
#[derive(Debug, Default)]
pub struct HookState {
    sessions: Mutex<HashMap<PathBuf, Held>>,
    scripts: Mutex<script::MemCache>,
}

/// A session's memory and its file's (mtime, length) when last seen.
type Held = (Memory, Option<(SystemTime, u64)>);

const MAX_SESSIONS: usize = 1024;

fn stamp(path: &std::path::Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Extra checks on the content an agent writes (the binary adds the
/// cryptography scanner), shared by every hook evaluation.
#[derive(Clone, Default)]
pub struct Scanners(pub Vec<Arc<dyn ContentScanner + Send + Sync>>);

impl fmt::Debug for Scanners {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Scanners({})", self.0.len())
    }
}

fn agent(name: &str) -> Result<Agent, String> {
    Agent::from_name(name).ok_or_else(|| format!("unknown agent `{name}`"))
}

impl Daemon {
    /// Judges one hook payload with the current policy. A payload that does
    /// not parse is an error: the hook process parsed it first and answers
    /// bad input itself, so this only happens with a mismatched client.
    pub fn judge_hook(&self, req: &HookRequest) -> Result<HookVerdict, String> {
        self.judge_hook_event(req).map(|(v, _)| v)
    }

    /// [`Daemon::judge_hook`], with the event that records the decision.
    pub fn judge_hook_event(&self, req: &HookRequest) -> Result<(HookVerdict, Event), String> {
        let start = Instant::now();
        let forced = req.agent.as_deref().map(agent).transpose()?;
        let fallback = agent(&req.fallback)?;
        let call = payload::parse_with(
            req.payload.as_bytes(),
            forced,
            fallback,
            &req.cwd,
            &req.home,
        )
        .map_err(|b| b.message)?;
        let policy = self.policy();
        let scanners: Vec<&dyn ContentScanner> = self
            .config
            .scanners
            .0
            .iter()
            .map(|s| s.as_ref() as &dyn ContentScanner)
            .collect();
        let store = self
            .config
            .sessions
            .as_ref()
            .filter(|_| !call.session.is_empty());
        // The file's lock serialises this session's calls with in-process
        // hooks; the map spares reading the file when nothing changed it.
        let mut loaded = store.map(|s| s.lock(&call.session, &call.cwd));
        if let (Some(s), Some(l)) = (store, loaded.as_mut()) {
            let path = s.path(&call.session, &call.cwd);
            let now = stamp(&path);
            let held = lock(&self.hook_state.sessions)
                .get(&path)
                .filter(|(_, at)| *at == now && now.is_some())
                .map(|(m, _)| m.clone());
            l.memory = held.unwrap_or_else(|| s.read(&path));
        }
        let j = {
            let mut cache = lock(&self.hook_state.scripts);
            judge::judge_with(
                &policy,
                &call,
                &req.home,
                &scanners,
                ward_hook::Extras {
                    scripts: &mut *cache,
                    memory: loaded.as_mut().map(|l| &mut l.memory),
                },
            )
        };
        if let (Some(s), Some(mut l)) = (store, loaded) {
            let path = s.path(&call.session, &call.cwd);
            l.memory.dirty |= l.memory.lost;
            let mut keep = l.memory.clone();
            keep.dirty = false;
            if let Err(e) = s.save(l) {
                return Err(format!("cannot save the session memory: {e}"));
            }
            let mut sessions = lock(&self.hook_state.sessions);
            if sessions.len() >= MAX_SESSIONS {
                sessions.clear();
            }
            sessions.insert(path.clone(), (keep, stamp(&path)));
        }
        let actor = format!("agent:{}", call.agent);
        let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        lock(&self.stats).evaluation(j.decision, &actor, &j.rules, ns);
        let event = Event {
            source: "hook".into(),
            actor,
            kind: j.kind.into(),
            raw: call.summary.clone(),
            commands: j.commands.clone(),
            decision: j.recorded().into(),
            rules: j.rules.clone(),
            reason: j.reason.clone(),
            decided_by: "daemon".into(),
            session: call.session.clone(),
            // The hook process's directory, as an in-process record stamps it.
            cwd: req.cwd.clone(),
            ..Event::default()
        };
        let verdict = HookVerdict {
            decision: j.decision,
            reason: j.reason,
            rules: j.rules,
            kind: j.kind.into(),
            commands: j.commands,
            decided_by: "daemon".into(),
            agent: call.agent.name().into(),
            event: call.event,
            recorded: false,
            deferred: j.deferred,
        };
        Ok((verdict, event))
    }
}
