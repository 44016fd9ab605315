//! Agent hook payloads judged in the daemon, with the same parser, tool
//! mapping and content checks `ward hook` uses in-process, so a hook process
//! that reaches the daemon loads no policy of its own.

use crate::daemon::{Daemon, lock};
use crate::event::Event;
use crate::proto::{HookRequest, HookVerdict};
use std::fmt;
use std::sync::Arc;
use std::time::Instant;
use ward_hook::{Agent, ContentScanner, judge, payload};

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
        let j = judge::judge(&policy, &call, &req.home, &scanners);
        let actor = format!("agent:{}", call.agent);
        let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        lock(&self.stats).evaluation(j.decision, &actor, &j.rules, ns);
        let event = Event {
            source: "hook".into(),
            actor,
            kind: j.kind.into(),
            raw: call.summary.clone(),
            commands: j.commands.clone(),
            decision: j.decision.as_str().into(),
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
        };
        Ok((verdict, event))
    }
}
