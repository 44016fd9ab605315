//! Checking a policy's own examples: every rule's `match`/`not_match`
//! lines, and `[[allow_exact]]` entries that could have no effect.

use super::compile::{ActorCond, Target};
use super::{Policy, id_span, position};
use crate::action::{Action, Actor, Context};
use crate::decision::Decision;

/// One failing example of a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// Where the rule is (`file:line:col`).
    pub at: String,
    /// The rule's id.
    pub rule: String,
    /// The example.
    pub example: String,
    /// `true` for a `match` example that did not match.
    pub should_match: bool,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.should_match {
            "should match but does not"
        } else {
            "matches but should not"
        };
        write!(
            f,
            "{}: rule `{}`: example `{}` {what}",
            self.at, self.rule, self.example
        )
    }
}

impl Policy {
    /// `[[allow_exact]]` entries that can have no effect because the rules
    /// deny their command (an entry only loosens `ask`), one message each.
    pub fn check_allow_exact(&self) -> Vec<String> {
        let mut out = Vec::new();
        for e in &self.file().allow_exact {
            let actor = match e.actor.as_str() {
                "human" => Actor::Human,
                "unknown" => Actor::Unknown,
                other => Actor::Agent(other.strip_prefix("agent:").unwrap_or("agent").into()),
            };
            let ctx = Context {
                interactive: actor == Actor::Human,
                ..example_context(ActorCond::Any)
            };
            let ctx = Context { actor, ..ctx };
            let line = crate::shell::parse(e.command.trim());
            let v = self.evaluate_line(&line, &ctx);
            if v.decision == Decision::Deny {
                let rules = v
                    .matches
                    .iter()
                    .filter(|m| m.decision == Decision::Deny)
                    .map(|m| format!("`{}`", m.rule))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(format!(
                    "`[[allow_exact]]` command `{}` has no effect: {rules} denies it (an entry only loosens ask; name a deny rule under `[overrides]` to loosen it)",
                    e.command.trim()
                ));
            }
        }
        out
    }

    /// Runs every rule's `match`/`not_match` examples.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        self.check_examples_from(0)
    }

    pub(super) fn check_examples_from(&self, first_layer: usize) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for (ri, (spec, li)) in self.file().rules.iter().zip(&self.origins).enumerate() {
            if *li < first_layer {
                continue;
            }
            let Some(rule) = self.rules.get(ri) else {
                continue;
            };
            let ctx = example_context(rule.actor);
            let at = self
                .layers
                .get(*li)
                .map(|l| position(&l.origin, &l.text, id_span(&l.text, &spec.id).start))
                .unwrap_or_default();
            for (example, should_match) in spec
                .examples
                .iter()
                .map(|e| (e, true))
                .chain(spec.not_match.iter().map(|e| (e, false)))
            {
                let action = example_action(rule.target, example);
                if self.rule_matches(ri, &action, &ctx) != should_match {
                    failures.push(ExampleFailure {
                        at: at.clone(),
                        rule: spec.id.clone(),
                        example: example.clone(),
                        should_match,
                    });
                }
            }
        }
        failures
    }
}

fn example_context(actor: ActorCond) -> Context {
    let actor = match actor {
        ActorCond::HumanOnly => Actor::Human,
        _ => Actor::Agent("example".into()),
    };
    Context {
        actor,
        interactive: false,
        cwd: "/work/project".into(),
        home: "/home/user".into(),
        trust: None,
    }
}

/// Examples are commands, paths (`file-read`), `PATH\nCONTENT` (`file-write`),
/// URLs or tool names.
pub(super) fn example_action(target: Target, example: &str) -> Action {
    match target {
        Target::Command => Action::Command(crate::shell::parse(example)),
        Target::FileWrite => {
            let (path, content) = example.split_once('\n').unwrap_or((example, ""));
            Action::FileWrite {
                path: path.into(),
                content: content.into(),
            }
        }
        Target::FileRead => Action::FileRead {
            path: example.into(),
        },
        Target::Network => Action::Network {
            url: example.into(),
        },
        Target::Tool => Action::Tool {
            name: example.into(),
        },
    }
}

/// Asserts that `a` and `b` decide alike (decision, rules, reason) on every
/// `match`/`not_match` example of `source`'s rules, for a person, an agent
/// and an unknown actor; returns how many checks ran.
#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
pub(super) fn assert_same_decisions(a: &Policy, b: &Policy, source: &Policy) -> usize {
    let mut checked = 0;
    for (ri, spec) in source.file().rules.iter().enumerate() {
        let target = source.rules.get(ri).unwrap().target;
        for ex in spec.examples.iter().chain(&spec.not_match) {
            let action = example_action(target, ex);
            for actor in [Actor::Human, Actor::Agent("claude".into()), Actor::Unknown] {
                let ctx = Context::for_actor(actor.clone(), actor == Actor::Human);
                let x = a.evaluate(&action, &ctx);
                let y = b.evaluate(&action, &ctx);
                assert_eq!(
                    (x.decision, x.rule_ids(), &x.reason),
                    (y.decision, y.rule_ids(), &y.reason),
                    "`{ex}` ({actor})"
                );
                checked += 1;
            }
        }
    }
    checked
}
