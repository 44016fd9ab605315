//! `ward install` / `ward uninstall`: ward's hook entry in each agent's
//! settings file, merged without clobbering anything else, idempotent, and
//! removable without touching other hooks.
//!
//! Files and shapes:
//! - Claude Code: `.claude/settings.json` (project) or `~/.claude/settings.json`
//!   (user), `{"hooks":{"PreToolUse":[{"matcher":"*","hooks":[{"type":"command","command":…}]}]}}`
//!   (<https://docs.claude.com/en/docs/claude-code/hooks>, "Configuration").
//! - Codex: `.codex/hooks.json` / `~/.codex/hooks.json`, the same shape without
//!   a matcher, so every tool is matched (<https://developers.openai.com/codex/hooks>).
//! - Gemini CLI: `.gemini/settings.json` / `~/.gemini/settings.json`,
//!   `hooks.BeforeTool[{matcher:".*",hooks:[{name,type,command}]}]`
//!   (<https://geminicli.com/docs/hooks/reference>, "Configuration schema").
//! - Cursor: `.cursor/hooks.json` / `~/.cursor/hooks.json`,
//!   `{"version":1,"hooks":{"beforeShellExecution":[{"command":…}],…}}`
//!   (<https://cursor.com/docs/agent/hooks>).

use crate::agent::Agent;
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// Where the settings file lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// In the project rooted at this directory.
    Project(PathBuf),
    /// In the user's home directory.
    User(PathBuf),
}

/// Why a settings file could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    /// The file could not be read or written.
    #[error("cannot {what} `{path}`: {source}")]
    Io {
        /// `read` or `write`.
        what: &'static str,
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not JSON ward can merge into; it is left untouched.
    #[error("`{path}` is not valid JSON, left untouched: {detail}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        detail: String,
    },
}

/// The Cursor events ward hooks.
const CURSOR_HOOKS: &[&str] = &[
    "beforeShellExecution",
    "beforeMCPExecution",
    "beforeReadFile",
];

/// The settings file of `agent` in `scope`.
pub fn settings_path(agent: Agent, scope: &Scope) -> PathBuf {
    let base = match scope {
        Scope::Project(p) | Scope::User(p) => p,
    };
    base.join(match agent {
        Agent::Claude => ".claude/settings.json",
        Agent::Codex => ".codex/hooks.json",
        Agent::Gemini => ".gemini/settings.json",
        Agent::Cursor => ".cursor/hooks.json",
    })
}

/// The hook command for `agent`, with `exe` (ward's path) quoted for a shell.
pub fn hook_command(exe: &str, agent: Agent) -> String {
    format!(
        "{} hook --agent {}",
        ward_core::shell::render_word(exe),
        agent.name()
    )
}

/// Whether a hook command is ward's own (`…/ward hook …`).
pub fn is_ward_command(cmd: &str) -> bool {
    let line = ward_core::shell::parse(cmd);
    line.commands
        .first()
        .is_some_and(|c| c.program == "ward" && c.args.first().is_some_and(|a| a.text == "hook"))
}

/// `text` (the file's current content, `None` when absent) with ward's entry
/// for `agent` running `command`. Returns the text unchanged when ward's entry
/// is already there.
pub fn with_hook(
    text: Option<&str>,
    path: &Path,
    agent: Agent,
    command: &str,
) -> Result<String, InstallError> {
    let mut root = parse(text, path)?;
    let before = root.clone();
    remove_ward(&mut root, agent);
    let hooks = object_at(&mut root, "hooks", path)?;
    match agent {
        Agent::Cursor => {
            for event in CURSOR_HOOKS {
                array_at(hooks, event, path)?.push(json!({"command": command}));
            }
            if let Some(obj) = root.as_object_mut() {
                obj.entry("version").or_insert(json!(1));
            }
        }
        Agent::Claude => array_at(hooks, "PreToolUse", path)?.push(json!({
            "matcher": "*",
            "hooks": [{"type": "command", "command": command}],
        })),
        Agent::Codex => array_at(hooks, "PreToolUse", path)?.push(json!({
            "hooks": [{"type": "command", "command": command}],
        })),
        Agent::Gemini => array_at(hooks, "BeforeTool", path)?.push(json!({
            "matcher": ".*",
            "hooks": [{"name": "ward", "type": "command", "command": command}],
        })),
    }
    Ok(render(text, &before, &root))
}

/// `text` without ward's entries for `agent`; everything else stays.
pub fn without_hook(text: Option<&str>, path: &Path, agent: Agent) -> Result<String, InstallError> {
    let mut root = parse(text, path)?;
    let before = root.clone();
    remove_ward(&mut root, agent);
    Ok(render(text, &before, &root))
}

/// A unified diff of `old` → `new` for `path`, empty when equal.
pub fn diff(old: &str, new: &str, path: &Path) -> String {
    if old == new {
        return String::new();
    }
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&name, &name)
        .to_string()
}

/// What [`apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The settings file.
    pub path: PathBuf,
    /// The diff (empty when nothing changed).
    pub diff: String,
}

/// Installs (`install = true`) or removes ward's hook for `agent` in `scope`;
/// with `dry_run` only computes the diff. Writes atomically (temp file, rename).
pub fn apply(
    agent: Agent,
    scope: &Scope,
    exe: &str,
    install: bool,
    dry_run: bool,
) -> Result<Change, InstallError> {
    let path = settings_path(agent, scope);
    let old = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(io("read", &path, source)),
    };
    if !install && old.is_none() {
        return Ok(Change {
            path,
            diff: String::new(),
        });
    }
    let new = if install {
        with_hook(old.as_deref(), &path, agent, &hook_command(exe, agent))?
    } else {
        without_hook(old.as_deref(), &path, agent)?
    };
    let old = old.unwrap_or_default();
    let diff = diff(&old, &new, &path);
    if !dry_run && !diff.is_empty() {
        write_atomic(&path, &new)?;
    }
    Ok(Change { path, diff })
}

fn write_atomic(path: &Path, text: &str) -> Result<(), InstallError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io("write", dir, e))?;
    }
    let tmp = path.with_extension("json.ward-tmp");
    std::fs::write(&tmp, text).map_err(|e| io("write", &tmp, e))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).map_err(|e| io("write", path, e))
}

fn io(what: &'static str, path: &Path, source: std::io::Error) -> InstallError {
    InstallError::Io {
        what,
        path: path.display().to_string(),
        source,
    }
}

fn parse(text: Option<&str>, path: &Path) -> Result<Value, InstallError> {
    let invalid = |detail: String| InstallError::Invalid {
        path: path.display().to_string(),
        detail,
    };
    let v = match text {
        None => Value::Object(Map::new()),
        Some(t) if t.trim().is_empty() => Value::Object(Map::new()),
        Some(t) => serde_json::from_str(t).map_err(|e| invalid(e.to_string()))?,
    };
    if !v.is_object() {
        return Err(invalid("the top level is not an object".into()));
    }
    Ok(v)
}

fn render(text: Option<&str>, before: &Value, after: &Value) -> String {
    match text {
        Some(t) if before == after => t.to_owned(),
        _ => {
            let mut s = serde_json::to_string_pretty(after).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

fn object_at<'a>(
    root: &'a mut Value,
    key: &str,
    path: &Path,
) -> Result<&'a mut Map<String, Value>, InstallError> {
    let not = || InstallError::Invalid {
        path: path.display().to_string(),
        detail: format!("`{key}` is not an object"),
    };
    let obj = root.as_object_mut().ok_or_else(not)?;
    obj.entry(key)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(not)
}

fn array_at<'a>(
    obj: &'a mut Map<String, Value>,
    key: &str,
    path: &Path,
) -> Result<&'a mut Vec<Value>, InstallError> {
    obj.entry(key)
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(|| InstallError::Invalid {
            path: path.display().to_string(),
            detail: format!("`hooks.{key}` is not an array"),
        })
}

/// Removes ward's entries for `agent`, and the groups, event lists and
/// `hooks` object that this leaves empty.
fn remove_ward(root: &mut Value, agent: Agent) {
    let Some(hooks) = root.get_mut("hooks").and_then(Value::as_object_mut) else {
        return;
    };
    let events: &[&str] = match agent {
        Agent::Claude | Agent::Codex => &["PreToolUse"],
        Agent::Gemini => &["BeforeTool"],
        Agent::Cursor => CURSOR_HOOKS,
    };
    let is_ward = |h: &Value| {
        h.get("command")
            .and_then(Value::as_str)
            .is_some_and(is_ward_command)
    };
    for event in events {
        let Some(list) = hooks.get_mut(*event).and_then(Value::as_array_mut) else {
            continue;
        };
        let n = list.len();
        if agent == Agent::Cursor {
            list.retain(|h| !is_ward(h));
        } else {
            for group in list.iter_mut() {
                if let Some(inner) = group.get_mut("hooks").and_then(Value::as_array_mut) {
                    inner.retain(|h| !is_ward(h));
                }
            }
            list.retain(|g| {
                g.get("hooks")
                    .and_then(Value::as_array)
                    .is_none_or(|h| !h.is_empty())
            });
        }
        if list.is_empty() && n > 0 {
            hooks.remove(*event);
        }
    }
    if hooks.is_empty()
        && let Some(obj) = root.as_object_mut()
    {
        obj.remove("hooks");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    const CMD: &str = "/usr/local/bin/ward hook --agent claude";

    #[test]
    fn claude_keeps_other_keys_and_hooks_and_is_idempotent() {
        let p = Path::new("/p/.claude/settings.json");
        let old = r#"{
  "model": "opus",
  "permissions": {"allow": ["Bash(ls:*)"]},
  "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "other-guard"}]}]}
}
"#;
        let once = with_hook(Some(old), p, Agent::Claude, CMD).unwrap();
        let v: Value = serde_json::from_str(&once).unwrap();
        assert_eq!(v["model"], "opus");
        assert_eq!(v["permissions"]["allow"][0], "Bash(ls:*)");
        assert_eq!(
            v["hooks"]["PreToolUse"][0]["hooks"][0]["command"],
            "other-guard"
        );
        assert_eq!(v["hooks"]["PreToolUse"][1]["hooks"][0]["command"], CMD);
        let twice = with_hook(Some(&once), p, Agent::Claude, CMD).unwrap();
        assert_eq!(once, twice);
        let removed = without_hook(Some(&twice), p, Agent::Claude).unwrap();
        let r: Value = serde_json::from_str(&removed).unwrap();
        let o: Value = serde_json::from_str(old).unwrap();
        assert_eq!(r, o);
    }

    #[test]
    fn replaces_a_stale_ward_path() {
        let p = Path::new("/p/.claude/settings.json");
        let old = with_hook(None, p, Agent::Claude, "/old/ward hook --agent claude").unwrap();
        let new = with_hook(Some(&old), p, Agent::Claude, CMD).unwrap();
        let v: Value = serde_json::from_str(&new).unwrap();
        assert_eq!(v["hooks"]["PreToolUse"].as_array().unwrap().len(), 1);
        assert_eq!(v["hooks"]["PreToolUse"][0]["hooks"][0]["command"], CMD);
    }

    #[test]
    fn cursor_shape() {
        let p = Path::new("/p/.cursor/hooks.json");
        let t = with_hook(None, p, Agent::Cursor, "ward hook --agent cursor").unwrap();
        let v: Value = serde_json::from_str(&t).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(
            v["hooks"]["beforeShellExecution"][0]["command"],
            "ward hook --agent cursor"
        );
        let gone = without_hook(Some(&t), p, Agent::Cursor).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&gone).unwrap(),
            json!({"version": 1})
        );
    }

    #[test]
    fn refuses_invalid_json_and_wrong_shapes() {
        let p = Path::new("/p/x.json");
        assert!(with_hook(Some("{oops"), p, Agent::Claude, CMD).is_err());
        assert!(with_hook(Some("[]"), p, Agent::Claude, CMD).is_err());
        assert!(with_hook(Some(r#"{"hooks": 3}"#), p, Agent::Claude, CMD).is_err());
        assert!(
            with_hook(
                Some(r#"{"hooks": {"PreToolUse": {}}}"#),
                p,
                Agent::Claude,
                CMD
            )
            .is_err()
        );
    }

    #[test]
    fn recognises_ward_commands() {
        assert!(is_ward_command("/usr/bin/ward hook --agent codex"));
        assert!(is_ward_command("'/my dir/ward' hook"));
        assert!(!is_ward_command("ward check -- ls"));
        assert!(!is_ward_command("other-guard hook"));
    }
}
