//! Decisions and verdicts.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// What happens to an action. Ordered: the strictest of several wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Let it run.
    Allow,
    /// A person must confirm.
    Ask,
    /// Refuse.
    Deny,
}

impl Decision {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::Ask => "ask",
            Decision::Deny => "deny",
        }
    }

    /// What `ask` becomes when nobody can answer: `deny`.
    pub fn non_interactive(self) -> Self {
        if self == Decision::Ask {
            Decision::Deny
        } else {
            self
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::str::FromStr for Decision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "allow" => Ok(Decision::Allow),
            "ask" => Ok(Decision::Ask),
            "deny" => Ok(Decision::Deny),
            other => Err(format!(
                "unknown decision `{other}` (expected allow, ask or deny)"
            )),
        }
    }
}

/// One rule that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleMatch {
    /// The rule's id.
    pub rule: Arc<str>,
    /// The rule's decision.
    pub decision: Decision,
    /// The rule's reason.
    pub reason: Arc<str>,
    /// Which simple command matched (index into the command line).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<usize>,
}

/// The outcome of evaluating one action: the decision and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The combined decision.
    pub decision: Decision,
    /// Why, in one line: the strictest match's reason, or what could not be understood.
    pub reason: String,
    /// Every rule that matched, in rule order per command.
    pub matches: Vec<RuleMatch>,
}

impl Verdict {
    /// The ids of the matched rules, deduplicated, in order.
    pub fn rule_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for m in &self.matches {
            if !ids.contains(&&*m.rule) {
                ids.push(&m.rule);
            }
        }
        ids
    }
}
