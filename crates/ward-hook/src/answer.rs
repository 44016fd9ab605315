//! A decision → the answer each protocol reads on stdout (exit 0 with JSON is
//! how every one of them takes a structured decision).
//!
//! - Claude Code `PreToolUse`
//!   (<https://docs.claude.com/en/docs/claude-code/hooks>, "PreToolUse decision
//!   control"): `hookSpecificOutput.permissionDecision` allow / deny / ask
//!   with `permissionDecisionReason`. `permission_mode` is never read, so
//!   `bypassPermissions` cannot loosen ward.
//! - Codex `PreToolUse` (<https://developers.openai.com/codex/hooks>): only
//!   `permissionDecision: "deny"` with a non-empty reason is honoured; allow
//!   is an empty object, and ward's ask becomes deny with how a person
//!   approves.
//! - Gemini CLI `BeforeTool` (<https://geminicli.com/docs/hooks/reference>):
//!   `{"decision":"allow|deny","reason":…}`; no ask, so ask becomes deny.
//! - Cursor (<https://cursor.com/docs/agent/hooks>): `beforeShellExecution` and
//!   `beforeMCPExecution` take `{"permission":"allow|deny|ask","user_message",
//!   "agent_message"}`; `beforeReadFile` only allow / deny.
//!
//! "No opinion" ([`render_defer`], when no rule spoke) leaves the call to the
//! agent's own permission system, so installing ward never widens what an
//! agent may do unprompted:
//! - Claude Code: `{}` (exit 0 without `permissionDecision`: the normal
//!   permission flow, settings rules and prompt, decides; its newer
//!   `"defer"` value is only honoured in `-p` runs, so it is not used).
//! - Codex: `{}` (Codex only acts on deny; its own approval policy decides).
//! - Gemini CLI: `{}` (exit 0 with no `decision`: its own confirmation
//!   decides).
//! - Cursor: its hook contract has no "no decision" (an empty answer is a
//!   hook failure under `failClosed`, and `allow` may skip the user's own
//!   approval), so `beforeShellExecution` / `beforeMCPExecution` answer
//!   `ask` (the user approves, as Cursor would without an allowlist entry)
//!   and `beforeReadFile`, which Cursor never prompts for, `allow`.

use crate::agent::Agent;
use serde_json::json;
use ward_core::Decision;

/// What the agent is told when ward's ask cannot be asked through its protocol.
const HOW_TO_APPROVE: &str = "ward needs a person to approve this and this agent cannot ask; a person can run it themselves, or loosen the rule in their ward policy";

/// The stdout line for `decision` in `agent`'s protocol, for `event`.
pub fn render(agent: Agent, event: &str, decision: Decision, reason: &str) -> String {
    let v = match agent {
        Agent::Claude => json!({
            "hookSpecificOutput": {
                "hookEventName": "PreToolUse",
                "permissionDecision": decision.as_str(),
                "permissionDecisionReason": format!("ward: {reason}"),
            }
        }),
        Agent::Codex => match decision {
            Decision::Allow => json!({}),
            Decision::Deny => deny_codex(&format!("ward: {reason}")),
            Decision::Ask => deny_codex(&format!("ward: {reason} ({HOW_TO_APPROVE})")),
        },
        Agent::Gemini => match decision {
            Decision::Ask => json!({
                "decision": "deny",
                "reason": format!("ward: {reason} ({HOW_TO_APPROVE})"),
            }),
            d => json!({"decision": d.as_str(), "reason": format!("ward: {reason}")}),
        },
        Agent::Cursor => {
            let decision = if event == "beforeReadFile" {
                decision.non_interactive()
            } else {
                decision
            };
            let msg = format!("ward: {reason}");
            json!({
                "permission": decision.as_str(),
                "user_message": msg,
                "agent_message": msg,
            })
        }
    };
    v.to_string()
}

/// The "no opinion" answer of `agent`'s protocol for `event`: the agent's
/// own permission system decides (see the module notes per protocol).
pub fn render_defer(agent: Agent, event: &str, reason: &str) -> String {
    match agent {
        Agent::Claude | Agent::Codex | Agent::Gemini => "{}".to_owned(),
        Agent::Cursor => {
            let permission = if event == "beforeReadFile" {
                "allow"
            } else {
                "ask"
            };
            let msg = format!("ward: {reason}");
            json!({"permission": permission, "user_message": msg, "agent_message": msg}).to_string()
        }
    }
}

/// [`render`], or [`render_defer`] when `deferred`.
pub fn render_answer(
    agent: Agent,
    event: &str,
    decision: Decision,
    deferred: bool,
    reason: &str,
) -> String {
    if deferred {
        render_defer(agent, event, reason)
    } else {
        render(agent, event, decision, reason)
    }
}

fn deny_codex(reason: &str) -> serde_json::Value {
    json!({
        "hookSpecificOutput": {
            "hookEventName": "PreToolUse",
            "permissionDecision": "deny",
            "permissionDecisionReason": reason,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn codex_ask_is_deny_with_how_to_approve() {
        let out = render(Agent::Codex, "PreToolUse", Decision::Ask, "why");
        assert!(out.contains(r#""permissionDecision":"deny""#), "{out}");
        assert!(out.contains("run it themselves"), "{out}");
        assert_eq!(
            render(Agent::Codex, "PreToolUse", Decision::Allow, "x"),
            "{}"
        );
    }

    #[test]
    fn defer_is_no_decision_in_each_protocol() {
        for a in [Agent::Claude, Agent::Codex, Agent::Gemini] {
            assert_eq!(render_defer(a, a.pre_tool_event(), "r"), "{}");
        }
        assert!(
            render_defer(Agent::Cursor, "beforeShellExecution", "r")
                .contains(r#""permission":"ask""#)
        );
        assert!(
            render_defer(Agent::Cursor, "beforeReadFile", "r").contains(r#""permission":"allow""#)
        );
    }

    #[test]
    fn gemini_and_cursor_read_never_ask() {
        assert!(
            render(Agent::Gemini, "BeforeTool", Decision::Ask, "r")
                .contains(r#""decision":"deny""#)
        );
        assert!(
            render(Agent::Cursor, "beforeReadFile", Decision::Ask, "r")
                .contains(r#""permission":"deny""#)
        );
        assert!(
            render(Agent::Cursor, "beforeShellExecution", Decision::Ask, "r")
                .contains(r#""permission":"ask""#)
        );
    }
}
