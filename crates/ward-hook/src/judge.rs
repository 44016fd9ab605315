//! One call → one judgement: every action through the policy, file writes
//! through the content checks, the strictest result wins.

use crate::content::{self, ContentScanner};
use crate::payload::Call;
use ward_core::{Action, Actor, Context, Decision, Policy};

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
pub fn judge(
    policy: &Policy,
    call: &Call,
    home: &str,
    scanners: &[&dyn ContentScanner],
) -> Judgement {
    let ctx = context(call, home);
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
    Judgement {
        decision,
        reason,
        rules,
        kind: call.actions.first().map_or("tool", Action::kind),
        commands,
    }
}
