//! Each agent's tool names and inputs → typed actions.
//!
//! Tool shapes, from each agent's hook documentation:
//! - Claude Code (<https://docs.claude.com/en/docs/claude-code/hooks>, "PreToolUse
//!   input"): `Bash{command}`, `Write{file_path,content}`,
//!   `Edit{file_path,old_string,new_string}`, `MultiEdit{file_path,edits[]}`,
//!   `NotebookEdit{notebook_path,new_source}`, `Read{file_path}`,
//!   `Grep{pattern,path?}`, `Glob{pattern,path?}`, `WebFetch{url,prompt}`,
//!   MCP tools as `mcp__SERVER__TOOL`.
//! - Codex (<https://developers.openai.com/codex/hooks>, "PreToolUse"): the
//!   same shape; shell calls arrive as `Bash{command}`, patches as
//!   `apply_patch` with the patch text.
//! - Gemini CLI (<https://geminicli.com/docs/hooks/reference>, "BeforeTool"):
//!   `run_shell_command{command}`, `write_file{file_path,content}`,
//!   `replace{file_path,new_string}`, `read_file{absolute_path|file_path}`,
//!   `read_many_files{paths[]}`, `web_fetch{prompt}`.
//! - Cursor (<https://cursor.com/docs/agent/hooks>): `beforeShellExecution
//!   {command,cwd}`, `beforeMCPExecution{tool_name,tool_input}`,
//!   `beforeReadFile{file_path,content}`.

use crate::agent::Agent;
use crate::paths;
use crate::payload::truncate;
use serde_json::{Map, Value};
use ward_core::{Action, shell};

/// A tool call mapped to actions.
#[derive(Debug, Clone)]
pub struct Mapped {
    /// The tool's name.
    pub tool: String,
    /// One line for records.
    pub summary: String,
    /// The actions; never empty.
    pub actions: Vec<Action>,
}

type Obj = Map<String, Value>;

/// Maps the payload `obj` of `agent`'s `event` to actions. Paths are resolved
/// against `cwd`; an error names what is missing or malformed.
pub fn map(agent: Agent, event: &str, obj: &Obj, cwd: &str, home: &str) -> Result<Mapped, String> {
    let r = Resolver { cwd, home };
    if agent == Agent::Cursor {
        return match event {
            "beforeShellExecution" => command(&r, "shell", obj, "command"),
            "beforeReadFile" => {
                let p = req_str(obj, "file_path", "")?;
                Ok(Mapped {
                    tool: "read".into(),
                    summary: format!("read {p}"),
                    actions: r.reads(p),
                })
            }
            _ => {
                let name = req_str(obj, "tool_name", "")?;
                Ok(tool(name))
            }
        };
    }
    let name = match obj.get("tool_name") {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return Err("the payload has no `tool_name`".into());
        }
        Some(_) => return Err("`tool_name` is not a string".into()),
    };
    let input = match obj.get("tool_input") {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => &Map::new(),
        Some(_) => return Err("`tool_input` is not an object".into()),
    };
    let mut m = match (agent, name) {
        (Agent::Claude | Agent::Codex, "Bash") | (Agent::Gemini, "run_shell_command") => {
            command(&r, name, input, "command")?
        }
        (Agent::Codex, "shell" | "exec_command" | "local_shell") => {
            command(&r, name, input, "command")?
        }
        (Agent::Codex, "apply_patch") => apply_patch(&r, input)?,
        (Agent::Claude, "Write") | (Agent::Gemini, "write_file") => {
            write(&r, input, "file_path", &opt_str(input, "content")?)?
        }
        (Agent::Claude, "Edit") | (Agent::Gemini, "replace") => {
            write(&r, input, "file_path", &opt_str(input, "new_string")?)?
        }
        (Agent::Claude, "MultiEdit") => {
            let mut content = String::new();
            if let Some(edits) = input.get("edits") {
                let Some(edits) = edits.as_array() else {
                    return Err("`tool_input.edits` is not an array".into());
                };
                for e in edits {
                    let Some(e) = e.as_object() else {
                        return Err("an entry of `tool_input.edits` is not an object".into());
                    };
                    content.push_str(&opt_str(e, "new_string")?);
                    content.push('\n');
                }
            }
            write(&r, input, "file_path", &content)?
        }
        (Agent::Claude, "NotebookEdit") => {
            write(&r, input, "notebook_path", &opt_str(input, "new_source")?)?
        }
        (Agent::Claude | Agent::Codex, "Read") => {
            let p = req_str(input, "file_path", "tool_input.")?;
            read(&r, name, p)
        }
        (Agent::Gemini, "read_file") => {
            let p = match input.get("absolute_path") {
                Some(_) => req_str(input, "absolute_path", "tool_input.")?,
                None => req_str(input, "file_path", "tool_input.")?,
            };
            read(&r, name, p)
        }
        (Agent::Gemini, "read_many_files") => {
            let paths = input
                .get("paths")
                .and_then(Value::as_array)
                .ok_or("`tool_input.paths` is not an array")?;
            let mut actions = Vec::new();
            for p in paths {
                let p = p
                    .as_str()
                    .ok_or("an entry of `tool_input.paths` is not a string")?;
                actions.extend(r.reads(p));
            }
            if actions.is_empty() {
                return Err("`tool_input.paths` is empty".into());
            }
            Mapped {
                tool: name.into(),
                summary: format!("{name} ({} paths)", paths.len()),
                actions,
            }
        }
        (Agent::Claude | Agent::Codex, "Grep" | "Glob")
        | (Agent::Gemini, "glob" | "search_file_content" | "grep_search" | "list_directory") => {
            let key = ["path", "dir_path"]
                .into_iter()
                .find(|k| input.contains_key(*k));
            let p = match key {
                Some(k) => req_str(input, k, "tool_input.")?,
                None => cwd,
            };
            read(&r, name, p)
        }
        (Agent::Claude | Agent::Codex, "WebFetch") => {
            let url = req_str(input, "url", "tool_input.")?;
            Mapped {
                tool: name.into(),
                summary: format!("fetch {}", truncate(url, 2000)),
                actions: vec![Action::Network { url: url.into() }],
            }
        }
        (Agent::Gemini, "web_fetch") => {
            let prompt = opt_str(input, "prompt")?;
            let actions: Vec<Action> = prompt
                .split_whitespace()
                .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
                .map(|u| Action::Network { url: u.into() })
                .collect();
            if actions.is_empty() {
                tool(name)
            } else {
                Mapped {
                    tool: name.into(),
                    summary: format!("fetch {}", truncate(&prompt, 2000)),
                    actions,
                }
            }
        }
        _ => tool(name),
    };
    m.tool = name.into();
    Ok(m)
}

struct Resolver<'a> {
    cwd: &'a str,
    home: &'a str,
}

impl Resolver<'_> {
    /// Both spellings of a path: as written (normalised) and after symlinks,
    /// so a rule on either catches it.
    fn variants(&self, p: &str) -> Vec<String> {
        let r = paths::resolve(p, self.cwd, self.home);
        if r.lexical == r.real {
            vec![r.real]
        } else {
            vec![r.real, r.lexical]
        }
    }

    fn reads(&self, p: &str) -> Vec<Action> {
        self.variants(p)
            .into_iter()
            .map(|path| Action::FileRead { path })
            .collect()
    }

    fn writes(&self, p: &str, content: &str) -> Vec<Action> {
        self.variants(p)
            .into_iter()
            .map(|path| Action::FileWrite {
                path,
                content: content.to_owned(),
            })
            .collect()
    }
}

fn command(_r: &Resolver<'_>, name: &str, input: &Obj, key: &str) -> Result<Mapped, String> {
    let line = match input.get(key) {
        Some(Value::String(s)) => shell::parse(s),
        // Codex's shell tools may pass an argv vector.
        Some(Value::Array(words)) => {
            let argv = words
                .iter()
                .map(|w| w.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("`{key}` holds a word that is not a string"))?;
            shell::from_argv(&argv)
        }
        None | Some(Value::Null) => return Err(format!("the `{name}` call has no `{key}`")),
        Some(other) => {
            return Err(format!(
                "`{key}` is not a string (it is {})",
                json_kind(other)
            ));
        }
    };
    Ok(Mapped {
        tool: name.into(),
        summary: truncate(&line.raw, 4096).to_owned(),
        actions: vec![Action::Command(line)],
    })
}

fn write(r: &Resolver<'_>, input: &Obj, key: &str, content: &str) -> Result<Mapped, String> {
    let p = req_str(input, key, "tool_input.")?;
    Ok(Mapped {
        tool: String::new(),
        summary: format!("write {} ({} bytes)", truncate(p, 2000), content.len()),
        actions: r.writes(p, content),
    })
}

fn read(r: &Resolver<'_>, name: &str, p: &str) -> Mapped {
    Mapped {
        tool: name.into(),
        summary: format!("read {}", truncate(p, 2000)),
        actions: r.reads(p),
    }
}

fn tool(name: &str) -> Mapped {
    Mapped {
        tool: name.into(),
        summary: format!("tool {}", truncate(name, 200)),
        actions: vec![Action::Tool { name: name.into() }],
    }
}

/// Codex `apply_patch`: `*** Add File: P` / `*** Update File: P` /
/// `*** Delete File: P` / `*** Move to: P` headers, `+` lines are new content.
fn apply_patch(r: &Resolver<'_>, input: &Obj) -> Result<Mapped, String> {
    let text = ["input", "patch", "command"]
        .iter()
        .find_map(|k| input.get(*k).and_then(Value::as_str))
        .ok_or("the `apply_patch` call has no patch text")?;
    let mut files: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let header = [
            "*** Add File: ",
            "*** Update File: ",
            "*** Delete File: ",
            "*** Move to: ",
        ]
        .iter()
        .find_map(|h| line.strip_prefix(h));
        if let Some(p) = header {
            files.push((p.trim().to_owned(), String::new()));
        } else if let (Some(added), Some((_, content))) = (line.strip_prefix('+'), files.last_mut())
        {
            content.push_str(added);
            content.push('\n');
        }
    }
    if files.is_empty() {
        return Err("the patch names no file".into());
    }
    let summary = format!(
        "patch {}",
        files
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let actions = files.iter().flat_map(|(p, c)| r.writes(p, c)).collect();
    Ok(Mapped {
        tool: "apply_patch".into(),
        summary: truncate(&summary, 4096).to_owned(),
        actions,
    })
}

fn req_str<'a>(obj: &'a Obj, key: &str, prefix: &str) -> Result<&'a str, String> {
    match obj.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s),
        Some(Value::String(_)) => Err(format!("`{prefix}{key}` is empty")),
        None | Some(Value::Null) => Err(format!("the payload has no `{prefix}{key}`")),
        Some(other) => Err(format!(
            "`{prefix}{key}` is not a string (it is {})",
            json_kind(other)
        )),
    }
}

fn opt_str(obj: &Obj, key: &str) -> Result<String, String> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        None | Some(Value::Null) => Ok(String::new()),
        Some(other) => Err(format!(
            "`{key}` is not a string (it is {})",
            json_kind(other)
        )),
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
