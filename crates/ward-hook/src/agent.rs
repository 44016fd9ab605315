//! The four agent protocols and how a payload tells which one it is.

use serde_json::Value;
use std::fmt;

/// An agent whose hook protocol ward speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Agent {
    /// Claude Code `PreToolUse`: allow / deny / ask.
    Claude,
    /// Codex `PreToolUse`: only deny is honoured.
    Codex,
    /// Gemini CLI `BeforeTool`: allow / deny.
    Gemini,
    /// Cursor `beforeShellExecution` / `beforeMCPExecution` / `beforeReadFile`.
    Cursor,
}

impl Agent {
    /// Every agent, in the order `ward install` lists them.
    pub const ALL: [Agent; 4] = [Agent::Claude, Agent::Codex, Agent::Gemini, Agent::Cursor];

    /// Parses `claude`, `codex`, `gemini` or `cursor`.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "claude" | "claude-code" => Agent::Claude,
            "codex" => Agent::Codex,
            "gemini" | "gemini-cli" => Agent::Gemini,
            "cursor" => Agent::Cursor,
            _ => return None,
        })
    }

    /// The short lowercase name (also the actor name).
    pub fn name(self) -> &'static str {
        match self {
            Agent::Claude => "claude",
            Agent::Codex => "codex",
            Agent::Gemini => "gemini",
            Agent::Cursor => "cursor",
        }
    }

    /// The event name this agent uses for "a tool is about to run".
    pub fn pre_tool_event(self) -> &'static str {
        match self {
            Agent::Claude | Agent::Codex => "PreToolUse",
            Agent::Gemini => "BeforeTool",
            Agent::Cursor => "beforeShellExecution",
        }
    }

    /// Whether a person can answer an `ask` through this protocol.
    pub fn can_ask(self) -> bool {
        matches!(self, Agent::Claude | Agent::Cursor)
    }
}

impl fmt::Display for Agent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The Cursor events ward answers.
pub const CURSOR_EVENTS: &[&str] = &[
    "beforeShellExecution",
    "beforeMCPExecution",
    "beforeReadFile",
];

/// Tells the agent from a parsed payload's shape, when it can.
///
/// `hook_event_name` decides first: `BeforeTool` is Gemini, Cursor's events
/// are camel-case; `PreToolUse` with `turn_id` is Codex (its documented
/// extra field), else Claude Code. Without an event name, a
/// `tool_name` means the Claude shape and a top-level `command` the Cursor one.
pub fn detect(v: &Value) -> Option<Agent> {
    let obj = v.as_object()?;
    match obj.get("hook_event_name").and_then(Value::as_str) {
        Some("BeforeTool" | "AfterTool") => return Some(Agent::Gemini),
        Some(e) if e.starts_with("before") || e.starts_with("after") => return Some(Agent::Cursor),
        Some("PreToolUse" | "PostToolUse") => {
            // `turn_id` alone decides: `model` may well appear in other
            // agents' payloads too.
            let codex = obj.contains_key("turn_id");
            return Some(if codex { Agent::Codex } else { Agent::Claude });
        }
        _ => {}
    }
    if obj.contains_key("turn_id") {
        return Some(Agent::Codex);
    }
    if obj.contains_key("tool_name") {
        return Some(Agent::Claude);
    }
    if obj.contains_key("command") || obj.contains_key("conversation_id") {
        return Some(Agent::Cursor);
    }
    None
}

/// Guesses the agent from raw bytes that are not valid JSON, by the event
/// names they mention, so even a broken payload is answered in its own
/// protocol.
pub fn detect_raw(bytes: &[u8]) -> Option<Agent> {
    let has = |needle: &str| memfind(bytes, needle.as_bytes());
    if has("\"BeforeTool\"") {
        Some(Agent::Gemini)
    } else if CURSOR_EVENTS.iter().any(|e| has(&format!("\"{e}\""))) {
        Some(Agent::Cursor)
    } else if has("\"PreToolUse\"") && has("\"turn_id\"") {
        Some(Agent::Codex)
    } else if has("\"PreToolUse\"") {
        Some(Agent::Claude)
    } else {
        None
    }
}

fn memfind(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use serde_json::json;

    #[rstest]
    #[case(json!({"hook_event_name":"PreToolUse","tool_name":"Bash","permission_mode":"default"}), Some(Agent::Claude))]
    #[case(json!({"hook_event_name":"PreToolUse","tool_name":"Bash","turn_id":"t","model":"gpt-5"}), Some(Agent::Codex))]
    #[case(json!({"hook_event_name":"BeforeTool","tool_name":"run_shell_command"}), Some(Agent::Gemini))]
    #[case(json!({"hook_event_name":"beforeShellExecution","command":"ls"}), Some(Agent::Cursor))]
    #[case(json!({"tool_name":"Bash"}), Some(Agent::Claude))]
    #[case(json!({"command":"ls","cwd":"/"}), Some(Agent::Cursor))]
    #[case(json!({}), None)]
    #[case(json!([1, 2]), None)]
    fn detects_agent_from_shape(#[case] v: Value, #[case] want: Option<Agent>) {
        assert_eq!(detect(&v), want);
    }

    #[rstest]
    #[case(b"{\"hook_event_name\":\"BeforeTool\",", Some(Agent::Gemini))]
    #[case(b"{\"hook_event_name\":\"beforeReadFile\"", Some(Agent::Cursor))]
    #[case(
        b"{\"turn_id\":\"x\",\"hook_event_name\":\"PreToolUse\"",
        Some(Agent::Codex)
    )]
    #[case(b"{\"hook_event_name\":\"PreToolUse\"", Some(Agent::Claude))]
    #[case(b"{not json", None)]
    fn detects_agent_from_broken_bytes(#[case] raw: &[u8], #[case] want: Option<Agent>) {
        assert_eq!(detect_raw(raw), want);
    }
}
