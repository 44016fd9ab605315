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
