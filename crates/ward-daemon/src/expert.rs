//! Escalation to an expert: a configured executable that sees a queued `ask`
//! and may settle it before a person does.
//!
//! The expert is run without a shell, once per queued item, with the pending
//! item as one JSON object on stdin. Within its budget it prints `allow`,
//! `deny` or `abstain` — one word, or one JSON object
//! `{"decision": "…", "reason": "…"}`. Allow and deny resolve the item
//! (`decided_by: expert:NAME`); abstaining, running past the budget,
//! crashing, exiting non-zero or printing anything else leaves the item for a
//! person, and the daemon logs why.

use crate::queue::PendingItem;
use serde::Deserialize;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use ward_core::Decision;

/// The most an expert may print, in bytes; more is garbage.
pub const MAX_ANSWER: usize = 64 * 1024;
/// The default time budget.
pub const DEFAULT_BUDGET: Duration = Duration::from_millis(2000);

/// The configured expert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expert {
    /// The executable (run directly, never through a shell).
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
    /// How long it has to answer.
    pub budget: Duration,
}

impl Expert {
    /// The name records use: the executable's file name.
    pub fn name(&self) -> String {
        self.program.file_name().map_or_else(
            || self.program.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// `expert:NAME`, who decided when the expert settles an item.
    pub fn decided_by(&self) -> String {
        format!("expert:{}", self.name())
    }
}

/// What an expert run came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It settled the item.
    Decided {
        /// Allow or deny.
        decision: Decision,
        /// Its reason, or a stock one.
        reason: String,
    },
    /// It left the item for a person, and why (abstained, timed out, …).
    Left(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonAnswer {
    decision: String,
    #[serde(default)]
    reason: Option<String>,
}

/// Reads an expert's stdout: one word or one JSON object.
pub fn parse_answer(out: &[u8]) -> Outcome {
    if out.len() > MAX_ANSWER {
        return Outcome::Left(format!("printed over {MAX_ANSWER} bytes"));
    }
    let Ok(text) = std::str::from_utf8(out) else {
        return Outcome::Left("printed text that is not UTF-8".into());
    };
    let text = text.trim();
    let (word, reason) = if text.starts_with('{') {
        match serde_json::from_str::<JsonAnswer>(text) {
            Ok(a) => (a.decision, a.reason),
            Err(e) => return Outcome::Left(format!("printed malformed JSON: {e}")),
        }
    } else {
        (text.to_owned(), None)
    };
    let reason = reason.map(|r| r.trim().chars().take(500).collect::<String>());
    let decision = match word.as_str() {
        "allow" => Decision::Allow,
        "deny" => Decision::Deny,
        "abstain" => return Outcome::Left("abstained".into()),
        other => {
            let shown: String = other.chars().take(60).collect();
            return Outcome::Left(format!(
                "answered `{shown}` (expected allow, deny or abstain)"
            ));
        }
    };
    let reason = reason.filter(|r| !r.is_empty()).unwrap_or_else(|| {
        match decision {
            Decision::Allow => "allowed by the expert",
            _ => "denied by the expert",
        }
        .into()
    });
    Outcome::Decided { decision, reason }
}

/// Runs the expert on `item` within its budget.
pub async fn consult(expert: &Expert, item: &PendingItem) -> Outcome {
    let input = match serde_json::to_vec(item) {
        Ok(v) => v,
        Err(e) => return Outcome::Left(format!("cannot encode the item: {e}")),
    };
    let child = tokio::process::Command::new(&expert.program)
        .args(&expert.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Outcome::Left(format!("cannot start: {e}")),
    };
    let run = async {
        if let Some(mut stdin) = child.stdin.take() {
            // An expert that ignores its input may close stdin early; fine.
            let _ = stdin.write_all(&input).await;
            drop(stdin);
        }
        let mut out = Vec::new();
        if let Some(stdout) = child.stdout.take() {
            let limit = u64::try_from(MAX_ANSWER).unwrap_or(u64::MAX) + 1;
            let _ = stdout.take(limit).read_to_end(&mut out).await;
        }
        let status = child.wait().await;
        (out, status)
    };
    match tokio::time::timeout(expert.budget, run).await {
        Err(_) => {
            // Dropping the child on return kills it (`kill_on_drop`).
            Outcome::Left(format!(
                "did not answer within {} ms",
                expert.budget.as_millis()
            ))
        }
        Ok((_, Err(e))) => Outcome::Left(format!("failed: {e}")),
        Ok((_, Ok(status))) if !status.success() => Outcome::Left(format!("exited with {status}")),
        Ok((out, Ok(_))) => parse_answer(&out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("allow", Some(Decision::Allow))]
    #[case("  deny\n", Some(Decision::Deny))]
    #[case(
        r#"{"decision": "allow", "reason": "build dir"}"#,
        Some(Decision::Allow)
    )]
    #[case(r#"{"decision":"deny"}"#, Some(Decision::Deny))]
    #[case("abstain", None)]
    #[case(r#"{"decision":"abstain"}"#, None)]
    #[case("Allow", None)]
    #[case("allow\ndeny", None)]
    #[case("yes", None)]
    #[case("", None)]
    #[case(r#"{"decision": "allow", "extra": 1}"#, None)]
    #[case(r#"{"decision": 1}"#, None)]
    #[case("{not json", None)]
    fn answers(#[case] out: &str, #[case] want: Option<Decision>) {
        let got = match parse_answer(out.as_bytes()) {
            Outcome::Decided { decision, .. } => Some(decision),
            Outcome::Left(_) => None,
        };
        assert_eq!(got, want, "{out:?}");
    }

    proptest::proptest! {
        /// Arbitrary output never panics, and settles an item only when it
        /// is exactly the word allow or deny (or the JSON object saying so).
        #[test]
        fn only_an_exact_answer_settles(out in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            if let Outcome::Decided { decision, .. } = parse_answer(&out) {
                let text = String::from_utf8(out).unwrap_or_default();
                let t = text.trim();
                let word = match decision {
                    Decision::Allow => "allow",
                    _ => "deny",
                };
                proptest::prop_assert!(t == word || t.contains(&format!("\"{word}\"")), "{t}");
            }
        }
    }

    #[test]
    fn reason_comes_through_and_bounds_hold() {
        assert_eq!(
            parse_answer(br#"{"decision":"allow","reason":"only the build dir"}"#),
            Outcome::Decided {
                decision: Decision::Allow,
                reason: "only the build dir".into()
            }
        );
        assert!(matches!(parse_answer(&[0xff, 0xfe]), Outcome::Left(_)));
        let big = vec![b'a'; MAX_ANSWER + 1];
        assert!(matches!(parse_answer(&big), Outcome::Left(_)));
    }
}
