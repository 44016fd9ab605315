//! Probes of what a person sets up: the binary on PATH, agent hooks, shell
//! integration, PATH shims.

use super::{Check, Probe, State};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use ward_hook::{Agent, Scope};

const INSTALL: &str = "cargo install --locked --path crates/ward   # from ward's source; lands in ~/.cargo/bin, put that on PATH";

/// The first executable named `name` in `path`, canonical.
fn on_path(name: &str, path: &std::ffi::OsStr) -> Option<PathBuf> {
    std::env::split_paths(path)
        .filter(|d| d.is_absolute())
        .map(|d| d.join(name))
        .find(|c| is_executable(c))
        .map(|c| std::fs::canonicalize(&c).unwrap_or(c))
}

fn is_executable(p: &Path) -> bool {
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The binary: its version, where it runs from, and whether `ward` on PATH is it.
pub fn binary(p: &Probe) -> Vec<Check> {
    let version = env!("CARGO_PKG_VERSION");
    let build = super::super::install::in_build_dir(&p.exe);
    let here = format!(
        "ward {version} at `{}`{}",
        p.exe.display(),
        if build {
            " (a cargo build directory)"
        } else {
            ""
        }
    );
    let check = match on_path("ward", &p.path) {
        Some(found) if found == p.exe && !build => {
            Check::new("binary", State::Ok, format!("{here}, the `ward` on PATH"))
        }
        Some(found) => Check::new(
            "binary",
            State::Warn,
            format!("{here}; `ward` on PATH is `{}`", found.display()),
        )
        .fix(INSTALL),
        None => Check::new(
            "binary",
            State::Warn,
            format!("{here}; no `ward` on PATH (shell snippets and hooks written by it need one)"),
        )
        .fix(INSTALL),
    };
    vec![check]
}

/// The first word of a hook command, quoting removed.
fn first_word(cmd: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = cmd.trim_start().chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, ' ' | '\t' | '\n') => break,
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None | Some('"'), '\\') => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

/// Every string under a `command` key, anywhere in `v`.
fn commands(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match v {
                    serde_json::Value::String(s) if k == "command" => out.push(s.clone()),
                    _ => commands(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| commands(v, out)),
        _ => {}
    }
}

/// ward's hooks in each agent's project and user settings, and whether the
/// binary each one runs exists.
pub fn hooks(p: &Probe) -> Vec<Check> {
    let mut scopes = vec![("project", "--project", Scope::Project(p.cwd.clone()))];
    if let Some(home) = p.home.as_ref().filter(|h| **h != p.cwd) {
        scopes.push(("user", "--user", Scope::User(home.clone())));
    }
    let mut out = Vec::new();
    for name in ["claude", "codex", "gemini", "cursor"] {
        let Some(agent) = Agent::from_name(name) else {
            continue;
        };
        for (label, flag, scope) in &scopes {
            let file = ward_hook::install::settings_path(agent, scope);
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let fix = format!("ward install {name} {flag}");
            let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
                out.push(
                    Check::new(
                        "hook",
                        State::Warn,
                        format!("{name} ({label}): `{}` is not valid JSON", file.display()),
                    )
                    .fix(format!("fix the file, then {fix}")),
                );
                continue;
            };
            let mut cmds = Vec::new();
            commands(&json, &mut cmds);
            cmds.retain(|c| ward_hook::install::is_ward_command(c));
            cmds.dedup();
            for cmd in cmds {
                out.push(hook_check(p, name, label, &file, &cmd, &fix));
            }
        }
    }
    if out.is_empty() {
        out.push(
            Check::new(
                "hook",
                State::Warn,
                "no agent hooks (claude, codex, gemini, cursor) in this project's or your user settings",
            )
            .fix("ward install claude --project"),
        );
    }
    out
}

fn hook_check(p: &Probe, agent: &str, label: &str, file: &Path, cmd: &str, fix: &str) -> Check {
    let word = first_word(cmd);
    let exe = if word.contains('/') {
        Some(PathBuf::from(&word)).filter(|w| is_executable(w))
    } else {
        on_path(&word, &p.path)
    };
    match exe {
        Some(exe) => Check::new(
            "hook",
            State::Ok,
            format!(
                "{agent} ({label}): `{}` runs `{}`",
                file.display(),
                exe.display()
            ),
        ),
        None => Check::new(
            "hook",
            State::Fail,
            format!(
                "{agent} ({label}): the hook in `{}` runs `{word}`, which does not exist: {agent}'s tool calls go unguarded",
                file.display()
            ),
        )
        .fix(format!("{fix}   # run by the installed ward")),
    }
}

/// Shell integration: which rc files load ward's snippet.
pub fn shells(p: &Probe) -> Vec<Check> {
    let Some(home) = &p.home else {
        return vec![Check::new(
            "shell",
            State::Info,
            "`HOME` is not set; shell rc files not checked",
        )];
    };
    let mut out = Vec::new();
    for (shell, rc, line) in [
        ("bash", ".bashrc", "eval \"$(ward init bash)\""),
        ("zsh", ".zshrc", "eval \"$(ward init zsh)\""),
        (
            "fish",
            ".config/fish/config.fish",
            "ward init fish | source",
        ),
    ] {
        let file = home.join(rc);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let loads = text
            .lines()
            .any(|l| !l.trim_start().starts_with('#') && l.contains(&format!("init {shell}")));
        let fix = format!("echo '{line}' >> ~/{rc}");
        let check = match (loads, on_path("ward", &p.path).is_some()) {
            (true, true) => Check::new(
                "shell",
                State::Ok,
                format!("{shell}: `{}` loads ward's snippet in new shells", file.display()),
            ),
            (true, false) => Check::new(
                "shell",
                State::Fail,
                format!(
                    "{shell}: `{}` loads ward's snippet, but no `ward` is on PATH, so new shells run unguarded",
                    file.display()
                ),
            )
            .fix(INSTALL),
            (false, _) if on_path(shell, &p.path).is_some() => Check::new(
                "shell",
                State::Warn,
                format!("{shell}: not guarded (`{}` does not load ward)", file.display()),
            )
            .fix(fix),
            (false, _) => continue,
        };
        out.push(check);
    }
    out
}

/// PATH shims: installed, pointing at a ward that exists, on PATH and ahead
/// of the real programs.
pub fn shims(p: &Probe) -> Vec<Check> {
    let dir = p.state.join("shims");
    let links = ward_shell::list(&dir).unwrap_or_default();
    if links.is_empty() {
        return vec![
            Check::new(
                "shims",
                State::Info,
                format!("no PATH shims in `{}`", dir.display()),
            )
            .fix("ward shim install"),
        ];
    }
    let mut out = Vec::new();
    let dangling: Vec<&str> = links
        .iter()
        .filter(|l| !l.path.exists())
        .map(|l| l.program.as_str())
        .collect();
    if !dangling.is_empty() {
        out.push(
            Check::new(
                "shims",
                State::Warn,
                format!(
                    "{} shims in `{}` point at a ward that no longer exists: {}",
                    dangling.len(),
                    dir.display(),
                    dangling.join(" ")
                ),
            )
            .fix("ward shim install   # with the installed ward: re-points the links"),
        );
    }
    let canon = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    let export = format!("export PATH=\"{}:$PATH\"", dir.display());
    let on =
        std::env::split_paths(&p.path).any(|d| std::fs::canonicalize(&d).is_ok_and(|d| d == canon));
    if !on {
        out.push(
            Check::new(
                "shims",
                State::Warn,
                format!(
                    "{} shims in `{}`, which is not on PATH",
                    links.len(),
                    dir.display()
                ),
            )
            .fix(export),
        );
        return out;
    }
    let behind: Vec<String> = links
        .iter()
        .filter_map(|l| {
            let first = std::env::split_paths(&p.path)
                .filter(|d| d.is_absolute())
                .find(|d| d.join(&l.program).symlink_metadata().is_ok())?;
            let first_canon = std::fs::canonicalize(&first).unwrap_or(first.clone());
            (first_canon != canon).then(|| first.join(&l.program).display().to_string())
        })
        .collect();
    if behind.is_empty() {
        out.push(Check::new(
            "shims",
            State::Ok,
            format!(
                "{} shims in `{}`, on PATH ahead of the real programs",
                links.len(),
                dir.display()
            ),
        ));
    } else {
        out.push(
            Check::new(
                "shims",
                State::Warn,
                format!(
                    "`{}` is on PATH after the real programs: {} found first",
                    dir.display(),
                    behind.join(", ")
                ),
            )
            .fix(export),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{commands, first_word};

    #[test]
    fn first_word_removes_quoting() {
        assert_eq!(
            first_word("/usr/bin/ward hook --agent claude"),
            "/usr/bin/ward"
        );
        assert_eq!(
            first_word("'/opt/my tools/ward' hook"),
            "/opt/my tools/ward"
        );
        assert_eq!(first_word("\"/a b/ward\" hook"), "/a b/ward");
        assert_eq!(first_word("/a\\ b/ward hook"), "/a b/ward");
        assert_eq!(first_word("ward hook"), "ward");
    }

    #[test]
    fn commands_are_found_at_any_depth() {
        let v = serde_json::json!({"hooks": {"PreToolUse": [{"matcher": "*", "hooks": [
            {"type": "command", "command": "/x/ward hook --agent claude"},
            {"type": "command", "command": "other"}]}]}});
        let mut out = Vec::new();
        commands(&v, &mut out);
        assert_eq!(out, ["/x/ward hook --agent claude", "other"]);
    }
}
