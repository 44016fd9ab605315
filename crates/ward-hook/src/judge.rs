//! One call → one judgement: every action through the policy, file writes
//! through the content checks, scripts a command runs through their content,
//! the session's memory through what earlier calls did; the strictest result
//! wins. When no rule spoke (the allow came from the policy's `default`),
//! the judgement is *unmatched* and `[settings] agent_unmatched` decides:
//! defer to the agent (the default), allow, or ask.

use crate::content::{self, ContentScanner};
use crate::payload::Call;
use crate::script;
use crate::session::{self, Memory};
use ward_core::policy::spec::Unmatched;
use ward_core::{Action, Actor, Context, Decision, Policy, Verdict};

/// The outcome for one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    /// The combined decision (before the protocol maps it).
    pub decision: Decision,
    /// Why, in one line, naming the rule.
    pub reason: String,
    /// Every rule that matched, deduplicated.
    pub rules: Vec<String>,
    /// The kind of the first action (`command`, `file-write`, …).
    pub kind: &'static str,
    /// The normalised simple commands, for command actions.
    pub commands: Vec<String>,
    /// No rule spoke and the policy defers: the agent's own permission
    /// system decides (`decision` is then allow).
    pub deferred: bool,
}

impl Judgement {
    /// The decision as recorded: `deferred`, or the decision's name.
    pub fn recorded(&self) -> &'static str {
        if self.deferred {
            "deferred"
        } else {
            self.decision.as_str()
        }
    }
}

/// What a judgement may consult beyond the payload and the policy.
pub struct Extras<'a> {
    /// Judgements of scripts already read (the daemon's cache).
    pub scripts: &'a mut dyn script::Cache,
    /// The session's memory, when the call names a session.
    pub memory: Option<&'a mut Memory>,
}

/// The context of a hook call: an agent, interactive when its protocol can
/// ask a person.
pub fn context(call: &Call, home: &str) -> Context {
    Context {
        actor: Actor::Agent(call.agent.name().into()),
        interactive: call.agent.can_ask(),
        cwd: call.cwd.clone(),
        home: home.to_owned(),
        trust: None,
    }
}

/// Judges `call` with `policy`; `scanners` add findings on written content.
/// Scripts are read (uncached); no session memory.
pub fn judge(
    policy: &Policy,
    call: &Call,
    home: &str,
    scanners: &[&dyn ContentScanner],
) -> Judgement {
    let mut cache = script::NoCache;
    judge_with(
        policy,
        call,
        home,
        scanners,
        Extras {
            scripts: &mut cache,
            memory: None,
        },
    )
}

/// Whether a rule spoke for `action` in `v`: every simple command of a line
/// matched some rule (or `allow_exact` did), or any rule matched another
/// action. An allow without that came from the policy's `default`.
pub fn spoke(action: &Action, v: &Verdict) -> bool {
    match action {
        Action::Command(line) => {
            v.matches.iter().any(|m| m.command.is_none())
                || (!line.commands.is_empty()
                    && (0..line.commands.len())
                        .all(|i| v.matches.iter().any(|m| m.command == Some(i))))
        }
        _ => !v.matches.is_empty(),
    }
}

/// [`judge`] with a script cache and the session's memory, which learns
/// from the call afterwards.
pub fn judge_with(
    policy: &Policy,
    call: &Call,
    home: &str,
    scanners: &[&dyn ContentScanner],
    extras: Extras<'_>,
) -> Judgement {
    let Extras {
        scripts,
        mut memory,
    } = extras;
    let ctx = context(call, home);
    let mut all_spoke = true;
    let mut lost = false;
    let mut decision = Decision::Allow;
    let mut reason = String::new();
    let mut rules: Vec<String> = Vec::new();
    let mut commands = Vec::new();
    let mut take = |d: Decision,
                    rule: Option<&str>,
                    why: &str,
                    decision: &mut Decision,
                    reason: &mut String| {
        if let Some(rule) = rule
            && !rules.iter().any(|r| r == rule)
        {
            rules.push(rule.to_owned());
        }
        if d > *decision || reason.is_empty() {
            *decision = (*decision).max(d);
            *reason = match rule {
                Some(rule) => format!("{why} [{rule}]"),
                None => why.to_owned(),
            };
        }
    };
    for action in &call.actions {
        let v = policy.evaluate(action, &ctx);
        all_spoke &= spoke(action, &v);
        if let Action::Command(line) = action {
            commands.extend(line.commands.iter().map(|c| c.line()));
        }
        let top = v
            .matches
            .iter()
            .find(|m| m.decision == v.decision)
            .map(|m| &*m.rule);
        take(v.decision, top, &v.reason, &mut decision, &mut reason);
        for m in &v.matches {
            take(
                m.decision,
                Some(&m.rule),
                &m.reason,
                &mut decision,
                &mut reason,
            );
        }
        let mut extra = Vec::new();
        if let Action::Command(line) = action {
            extra.extend(script::findings(policy, &ctx, line, scripts, 0));
        }
        if let Some(m) = memory.as_deref_mut() {
            extra.extend(m.findings(policy, &ctx, action));
        }
        for f in extra {
            if f.rule == session::LOST_RULE {
                lost = true;
                continue;
            }
            take(
                f.decision,
                Some(&f.rule),
                &f.reason,
                &mut decision,
                &mut reason,
            );
        }
        if let Action::FileWrite { path, content } = action {
            let mut findings = content::script_findings(policy, path, content, &ctx);
            for s in scanners {
                findings.extend(s.scan(policy, path, content));
            }
            for f in findings {
                take(
                    f.decision,
                    Some(&f.rule),
                    &f.reason,
                    &mut decision,
                    &mut reason,
                );
            }
        }
    }
    if let Some(m) = memory {
        m.learn(policy, &ctx, call);
    }
    let mut deferred = false;
    if decision == Decision::Allow && (!all_spoke || lost) {
        let setting = policy.settings().agent_unmatched.unwrap_or_default();
        let setting = if lost && setting == Unmatched::Allow {
            Unmatched::Defer
        } else {
            setting
        };
        let why = if lost && all_spoke {
            "this session's memory was lost (its state file was unreadable), so ward does not allow on its own"
        } else {
            "no rule matched"
        };
        match setting {
            Unmatched::Defer => {
                deferred = true;
                reason = format!("{why}; the agent's own permission settings decide");
            }
            Unmatched::Ask => {
                decision = Decision::Ask;
                reason = format!("{why}; `agent_unmatched` is ask");
            }
            Unmatched::Allow => {}
        }
    }
    Judgement {
        decision,
        reason,
        rules,
        kind: call.actions.first().map_or("tool", Action::kind),
        commands,
        deferred,
    }
}
