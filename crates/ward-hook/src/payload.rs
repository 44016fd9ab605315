//! One hook payload from stdin → a [`Call`]: which agent, which event, which
//! tool, and the actions it would take. Every way the payload can be wrong is
//! a [`BadInput`] that still knows which protocol to answer in.

use crate::agent::{self, Agent, CURSOR_EVENTS};
use crate::tools;
use serde_json::Value;
use ward_core::Action;

/// The largest payload ward reads: 10 MiB. Larger input is refused unread.
pub const MAX_PAYLOAD: usize = 10 * 1024 * 1024;

/// One tool call an agent is about to make.
#[derive(Debug, Clone)]
pub struct Call {
    /// The protocol to answer in.
    pub agent: Agent,
    /// The hook event (`PreToolUse`, `BeforeTool`, `beforeShellExecution`, …).
    pub event: String,
    /// The tool's name as the agent gives it (`Bash`, `run_shell_command`, …).
    pub tool: String,
    /// The working directory the paths were resolved against.
    pub cwd: String,
    /// The agent's session id, when given.
    pub session: String,
    /// A one-line form of what the call does, for records.
    pub summary: String,
    /// What the call would do; judged together, the strictest wins.
    pub actions: Vec<Action>,
}

/// A payload ward cannot judge; answered with a deny in `agent`'s protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct BadInput {
    /// The protocol to answer in (requested, detected, or Claude Code's).
    pub agent: Agent,
    /// The event to answer for, when known.
    pub event: String,
    /// What is wrong, in one line.
    pub message: String,
}

/// Parses one payload. `forced` is `--agent`; `fallback` answers when neither
/// `--agent` nor the payload tells the protocol. `cwd` stands in when the
/// payload has none; `home` expands `~`.
pub fn parse(bytes: &[u8], forced: Option<Agent>, cwd: &str, home: &str) -> Result<Call, BadInput> {
    parse_with(bytes, forced, Agent::Claude, cwd, home)
}

/// [`parse`] with an explicit fallback protocol (for example one detected from
/// the environment).
pub fn parse_with(
    bytes: &[u8],
    forced: Option<Agent>,
    fallback: Agent,
    cwd: &str,
    home: &str,
) -> Result<Call, BadInput> {
    let guess = || {
        forced
            .or_else(|| agent::detect_raw(bytes))
            .unwrap_or(fallback)
    };
    let bad = |agent: Agent, message: String| BadInput {
        agent,
        event: String::new(),
        message,
    };
    if bytes.len() > MAX_PAYLOAD {
        return Err(bad(guess(), "the hook payload is over 10 MB".into()));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad(guess(), "the hook payload is empty".into()));
    }
    let v: Value = serde_json::from_slice(bytes)
        .map_err(|e| bad(guess(), format!("the hook payload is not valid JSON: {e}")))?;
    let agent = forced.or_else(|| agent::detect(&v)).unwrap_or(fallback);
    let Some(obj) = v.as_object() else {
        return Err(bad(agent, "the hook payload is not a JSON object".into()));
    };
    let event = match obj.get("hook_event_name") {
        None | Some(Value::Null) => agent.pre_tool_event().to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(bad(agent, "`hook_event_name` is not a string".into())),
    };
    let bad = |message: String| BadInput {
        agent,
        event: event.clone(),
        message,
    };
    let known = match agent {
        Agent::Claude | Agent::Codex => event == "PreToolUse",
        Agent::Gemini => event == "BeforeTool",
        Agent::Cursor => CURSOR_EVENTS.contains(&event.as_str()),
    };
    if !known {
        return Err(bad(format!(
            "unknown hook event `{}` for {agent} (ward answers {})",
            truncate(&event, 80),
            match agent {
                Agent::Cursor => CURSOR_EVENTS.join(", "),
                _ => agent.pre_tool_event().to_owned(),
            }
        )));
    }
    let cwd = match obj.get("cwd") {
        Some(Value::String(s)) if s.starts_with('/') => s.clone(),
        Some(Value::String(s)) if !s.is_empty() => {
            return Err(bad(format!(
                "`cwd` is not an absolute path: `{}`",
                truncate(s, 200)
            )));
        }
        None | Some(Value::Null) | Some(Value::String(_)) => cwd.to_owned(),
        Some(_) => return Err(bad("`cwd` is not a string".into())),
    };
    let session = ["session_id", "conversation_id"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned();
    let mapped = tools::map(agent, &event, obj, &cwd, home).map_err(bad)?;
    Ok(Call {
        agent,
        event,
        tool: mapped.tool,
        cwd,
        session,
        summary: mapped.summary,
        actions: mapped.actions,
    })
}

/// Cuts `s` to at most `max` bytes on a character boundary, for messages.
pub(crate) fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            "[a-z./~ -]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(
                    prop_oneof![
                        Just("command".to_owned()),
                        Just("file_path".to_owned()),
                        Just("content".to_owned()),
                        Just("edits".to_owned()),
                        Just("new_string".to_owned()),
                        Just("paths".to_owned()),
                        "[a-z_]{1,8}",
                    ],
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
            let _ = parse(&bytes, None, "/w", "/h");
        }

        #[test]
        fn arbitrary_tool_inputs_never_panic(
            event in prop_oneof![Just("PreToolUse"), Just("BeforeTool"), Just("beforeShellExecution"), Just("beforeReadFile"), Just("beforeMCPExecution")],
            tool in prop_oneof![Just("Bash"), Just("Write"), Just("Edit"), Just("MultiEdit"), Just("NotebookEdit"), Just("Read"), Just("Grep"), Just("WebFetch"), Just("apply_patch"), Just("run_shell_command"), Just("read_many_files"), Just("web_fetch"), Just("mcp__x__y")],
            input in arb_json(),
            turn in any::<bool>(),
        ) {
            let mut v = json!({"hook_event_name": event, "tool_name": tool, "tool_input": input.clone(), "cwd": "/w"});
            if turn {
                v["turn_id"] = json!("t");
            }
            if let Some(o) = input.as_object() {
                for (k, x) in o {
                    v[k] = x.clone();
                }
            }
            let bytes = serde_json::to_vec(&v).unwrap();
            if let Ok(call) = parse(&bytes, None, "/w", "/h") {
                prop_assert!(!call.actions.is_empty());
            }
        }
    }
}
