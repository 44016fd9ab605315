//! `ward hook`, `ward install` and `ward uninstall` through the built binary:
//! real payloads of each protocol in, the exact answer out.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pretty_assertions::assert_eq;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const WARD: &str = env!("CARGO_BIN_EXE_ward");
const DEFER: &str = "ward: no rule matched; the agent's own permission settings decide";
const HOW: &str = " (ward needs a person to approve this and this agent cannot ask; a person can run it themselves, or loosen the rule in their ward policy)";

struct Env {
    state: tempfile::TempDir,
    home: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            state: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn home(&self) -> String {
        std::fs::canonicalize(self.home.path())
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(WARD);
        c.args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.home.path())
            .env("WARD_HOME", self.state.path());
        c
    }

    /// Runs `ward hook ARGS` with `stdin`; returns stdout and the exit code.
    fn hook(&self, args: &[&str], stdin: &[u8]) -> (String, i32) {
        self.hook_with(self.cmd(&[&["hook"], args].concat()), stdin)
    }

    fn hook_with(&self, mut c: Command, stdin: &[u8]) -> (String, i32) {
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        let data = stdin.to_vec();
        // ward may stop reading early (oversized input): a broken pipe is fine.
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&data);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        (
            String::from_utf8(out.stdout).unwrap(),
            out.status.code().unwrap_or(-1),
        )
    }

    /// The answer as JSON, asserting exit 0 and exactly one line.
    fn answer(&self, args: &[&str], stdin: &str) -> Value {
        let (out, code) = self.hook(args, stdin.as_bytes());
        assert_eq!(code, 0, "exit code for {stdin}");
        assert_eq!(out.lines().count(), 1, "one line: {out}");
        serde_json::from_str(&out).unwrap()
    }
}

fn claude(decision: &str, reason: &str) -> Value {
    json!({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": decision, "permissionDecisionReason": reason}})
}

fn claude_bash(cmd: &str, mode: &str) -> String {
    json!({"session_id": "abc123", "transcript_path": "/tmp/t.jsonl", "cwd": "/work/project", "permission_mode": mode,
           "hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": cmd, "description": "d"}, "tool_use_id": "toolu_1"})
    .to_string()
}

fn codex_bash(cmd: &str) -> String {
    json!({"session_id": "s", "transcript_path": null, "cwd": "/work/project", "hook_event_name": "PreToolUse", "model": "gpt-5-codex",
           "turn_id": "t1", "permission_mode": "default", "tool_name": "Bash", "tool_input": {"command": cmd}, "tool_use_id": "c1"})
    .to_string()
}

fn gemini_shell(cmd: &str) -> String {
    json!({"session_id": "s", "transcript_path": "/tmp/g.json", "cwd": "/work/project", "hook_event_name": "BeforeTool",
           "timestamp": "2026-11-23T10:00:00Z", "tool_name": "run_shell_command", "tool_input": {"command": cmd, "description": "d"}})
    .to_string()
}

fn cursor_shell(cmd: &str) -> String {
    json!({"conversation_id": "c", "generation_id": "g", "hook_event_name": "beforeShellExecution", "command": cmd,
           "cwd": "/work/project", "workspace_roots": ["/work/project"]})
    .to_string()
}

const ASK_RM: &str = "ward: an agent force-deletes a directory tree [fs.rm-rf-agent]";
const DENY_RM: &str =
    "ward: recursive delete of the root, a home or a system directory [fs.delete-root-home-system]";

#[test]
fn claude_allow_ask_deny_exact() {
    let e = Env::new();
    assert_eq!(e.answer(&[], &claude_bash("ls -la", "default")), json!({}));
    assert_eq!(
        e.answer(&[], &claude_bash("rm -rf build", "default")),
        claude("ask", ASK_RM)
    );
    assert_eq!(
        e.answer(&[], &claude_bash("rm -rf /", "default")),
        claude("deny", DENY_RM)
    );
}

#[test]
fn claude_bypass_permissions_does_not_loosen_ward() {
    let e = Env::new();
    assert_eq!(
        e.answer(&[], &claude_bash("rm -rf build", "bypassPermissions")),
        claude("ask", ASK_RM)
    );
    assert_eq!(
        e.answer(&[], &claude_bash("rm -rf /", "bypassPermissions")),
        claude("deny", DENY_RM)
    );
}

#[test]
fn codex_allow_is_empty_and_ask_becomes_deny() {
    let e = Env::new();
    assert_eq!(e.answer(&[], &codex_bash("cargo test")), json!({}));
    assert_eq!(
        e.answer(&[], &codex_bash("rm -rf build")),
        claude("deny", &format!("{ASK_RM}{HOW}"))
    );
    assert_eq!(
        e.answer(&[], &codex_bash("rm -rf /")),
        claude("deny", DENY_RM)
    );
}

#[test]
fn gemini_allow_and_ask_becomes_deny() {
    let e = Env::new();
    assert_eq!(e.answer(&[], &gemini_shell("ls")), json!({}));
    assert_eq!(
        e.answer(&[], &gemini_shell("rm -rf build")),
        json!({"decision": "deny", "reason": format!("{ASK_RM}{HOW}")})
    );
    assert_eq!(
        e.answer(&[], &gemini_shell("rm -rf /")),
        json!({"decision": "deny", "reason": DENY_RM})
    );
}

#[test]
fn cursor_allow_ask_deny_exact() {
    let e = Env::new();
    let c = |p: &str, m: &str| json!({"permission": p, "user_message": m, "agent_message": m});
    assert_eq!(e.answer(&[], &cursor_shell("git status")), c("ask", DEFER));
    assert_eq!(
        e.answer(&[], &cursor_shell("rm -rf build")),
        c("ask", ASK_RM)
    );
    assert_eq!(e.answer(&[], &cursor_shell("rm -rf /")), c("deny", DENY_RM));
    let read = json!({"conversation_id": "c", "hook_event_name": "beforeReadFile", "file_path": "/work/project/.env", "content": "X=1"});
    assert_eq!(
        e.answer(&[], &read.to_string()),
        c(
            "deny",
            "ward: an agent reads keys, credentials or .env files [file.read-secret]"
        )
    );
}

/// Each bad input, in each protocol: a deny naming the problem, exit 0.
#[test]
fn bad_input_is_a_deny_in_each_protocol() {
    let e = Env::new();
    let big = {
        let mut s = String::from(
            r#"{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls #"#,
        );
        s.push_str(&"x".repeat(10 * 1024 * 1024));
        s.push_str(r#""}}"#);
        s
    };
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "the hook payload is empty"),
        (
            "invalid",
            "{not json".into(),
            "the hook payload is not valid JSON: key must be a string at line 1 column 2",
        ),
        ("big", big, "the hook payload is over 10 MB"),
    ];
    for agent in ["claude", "codex", "gemini", "cursor"] {
        for (name, stdin, msg) in &cases {
            let got = e.answer(&["--agent", agent], stdin);
            let reason = format!("ward: {msg}");
            let want = match agent {
                "claude" | "codex" => claude("deny", &reason),
                "gemini" => json!({"decision": "deny", "reason": reason}),
                _ => json!({"permission": "deny", "user_message": reason, "agent_message": reason}),
            };
            assert_eq!(got, want, "{agent} {name}");
        }
    }
    let nonstring = [
        (
            r#"{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":123}}"#,
            claude("deny", "ward: `command` is not a string (it is a number)"),
        ),
        (
            r#"{"hook_event_name":"PreToolUse","turn_id":"t","tool_name":"Bash","tool_input":{"command":["rm",1]}}"#,
            claude("deny", "ward: `command` holds a word that is not a string"),
        ),
        (
            r#"{"hook_event_name":"BeforeTool","tool_name":"run_shell_command","tool_input":{"command":{"x":1}}}"#,
            json!({"decision":"deny","reason":"ward: `command` is not a string (it is an object)"}),
        ),
        (
            r#"{"hook_event_name":"beforeShellExecution","command":null}"#,
            json!({"permission":"deny","user_message":"ward: the `shell` call has no `command`","agent_message":"ward: the `shell` call has no `command`"}),
        ),
    ];
    for (stdin, want) in nonstring {
        assert_eq!(e.answer(&[], stdin), want, "{stdin}");
    }
    let unknown = [
        (
            r#"{"hook_event_name":"PostToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}"#,
            claude(
                "deny",
                "ward: unknown hook event `PostToolUse` for claude (ward answers PreToolUse)",
            ),
        ),
        (
            r#"{"hook_event_name":"SessionStart","turn_id":"t","model":"m"}"#,
            claude(
                "deny",
                "ward: unknown hook event `SessionStart` for codex (ward answers PreToolUse)",
            ),
        ),
        (
            r#"{"hook_event_name":"AfterTool","tool_name":"x"}"#,
            json!({"decision":"deny","reason":"ward: unknown hook event `AfterTool` for gemini (ward answers BeforeTool)"}),
        ),
        (
            r#"{"hook_event_name":"afterFileEdit","file_path":"/x"}"#,
            json!({"permission":"deny","user_message":"ward: unknown hook event `afterFileEdit` for cursor (ward answers beforeShellExecution, beforeMCPExecution, beforeReadFile)","agent_message":"ward: unknown hook event `afterFileEdit` for cursor (ward answers beforeShellExecution, beforeMCPExecution, beforeReadFile)"}),
        ),
    ];
    for (stdin, want) in unknown {
        assert_eq!(e.answer(&[], stdin), want, "{stdin}");
    }
}

#[test]
fn unknown_agent_flag_is_a_deny_not_a_usage_error() {
    let e = Env::new();
    assert_eq!(
        e.answer(&["--agent", "vim"], &claude_bash("ls", "default")),
        claude(
            "deny",
            "ward: unknown agent `vim` (expected claude, codex, gemini or cursor)"
        )
    );
}

#[test]
fn panic_still_answers_deny_and_exits_2() {
    let e = Env::new();
    let mut c = e.cmd(&["hook", "--agent", "gemini"]);
    c.env("WARD_TEST_PANIC", "1");
    let (out, code) = e.hook_with(c, gemini_shell("ls").as_bytes());
    assert_eq!(code, 2);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        json!({"decision": "deny", "reason": "ward: ward failed internally and refuses the call; see its stderr"})
    );
}

#[test]
fn unrecordable_decision_is_a_deny() {
    let e = Env::new();
    let file = e.state.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let mut c = e.cmd(&["hook"]);
    c.env("WARD_HOME", &file);
    let (out, code) = e.hook_with(c, claude_bash("ls", "default").as_bytes());
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    let reason = v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap();
    assert!(
        reason.starts_with("ward: cannot record the decision, so the call is refused"),
        "{reason}"
    );
}

#[test]
fn decisions_are_recorded() {
    let e = Env::new();
    e.answer(&[], &claude_bash("rm -rf /", "default"));
    let out = e
        .cmd(&["audit", "export", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = String::from_utf8(out.stdout).unwrap();
    let r: Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert_eq!(r["source"], "hook");
    assert_eq!(r["actor"], "agent:claude");
    assert_eq!(r["decision"], "deny");
    assert_eq!(r["session"], "abc123");
    assert_eq!(r["raw"], "rm -rf /");
}

#[test]
fn file_actions_resolve_paths_and_check_content() {
    let e = Env::new();
    let home = e.home();
    let tool = |name: &str, input: Value| {
        json!({"session_id": "s", "cwd": format!("{home}/p"), "hook_event_name": "PreToolUse", "tool_name": name, "tool_input": input}).to_string()
    };
    let ask_read = claude(
        "ask",
        "ward: an agent reads keys, credentials or .env files [file.read-secret]",
    );
    assert_eq!(
        e.answer(
            &[],
            &tool("Read", json!({"file_path": "src/../../.ssh/id_rsa"}))
        ),
        ask_read
    );
    assert_eq!(
        e.answer(
            &[],
            &tool(
                "Read",
                json!({"file_path": format!("{home}/p/src/main.rs")})
            )
        ),
        json!({})
    );
    // A symlink inside the project into ~/.ssh.
    std::fs::create_dir_all(format!("{home}/.ssh")).unwrap();
    std::fs::create_dir_all(format!("{home}/p")).unwrap();
    std::os::unix::fs::symlink(format!("{home}/.ssh"), format!("{home}/p/keys")).unwrap();
    assert_eq!(
        e.answer(&[], &tool("Read", json!({"file_path": "keys/id_ed25519"}))),
        ask_read
    );
    assert_eq!(
        e.answer(
            &[],
            &tool(
                "Write",
                json!({"file_path": format!("{home}/p/.claude/settings.json"), "content": "{}"})
            )
        ),
        claude(
            "deny",
            "ward: an agent must not change ward's configuration or its own hook settings [file.write-protected]"
        )
    );
    assert_eq!(
        e.answer(&[], &tool("Edit", json!({"file_path": "cfg.py", "old_string": "a", "new_string": "key = 'AKIAABCDEFGHIJKLMNOP'"}))),
        claude("deny", "ward: the content holds a private key or an access token [file.write-private-key]")
    );
    assert_eq!(
        e.answer(
            &[],
            &tool(
                "Write",
                json!({"file_path": "clean.sh", "content": "#!/bin/sh\nset -e\nrm -rf ~\n"})
            )
        ),
        claude(
            "ask",
            "ward: the written script runs `rm -rf ~`, which rule `fs.delete-root-home-system` denies: recursive delete of the root, a home or a system directory [content.script:fs.delete-root-home-system]"
        )
    );
    assert_eq!(
        e.answer(&[], &tool("MultiEdit", json!({"file_path": "Dockerfile", "edits": [{"old_string": "a", "new_string": "RUN apt-get update && \\\n  rm -rf /"}]}))),
        claude(
            "ask",
            "ward: the written script runs `rm -rf /`, which rule `fs.delete-root-home-system` denies: recursive delete of the root, a home or a system directory [content.script:fs.delete-root-home-system]"
        )
    );
    assert_eq!(
        e.answer(
            &[],
            &tool(
                "Write",
                json!({"file_path": "build.sh", "content": "#!/bin/sh\ncargo build\n"})
            )
        ),
        json!({})
    );
    assert_eq!(
        e.answer(&[], &tool("mcp__db__drop_table", json!({"table": "users"}))),
        claude(
            "ask",
            "ward: an MCP tool that deletes, drops or destroys [tool.destructive-mcp]"
        )
    );
    assert_eq!(
        e.answer(&[], &tool("TodoWrite", json!({"todos": []}))),
        claude("allow", "ward: a read-only agent tool [tool.read-only]")
    );
}

/// The 4 `raw_hook_input` rows of the dcg corpus. ward's contract: malformed
/// input is a deny naming the problem (dcg's file expects allow for these).
#[test]
fn dcg_raw_hook_input_rows() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/guard-corpus/dcg_cases.jsonl"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        // CI is given ../shared/data: there a missing set is a failure.
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "{path} is absent under CI=true"
        );
        eprintln!("skipping: {path} is absent");
        return;
    };
    let want: &[(&str, &str)] = &[
        ("hook.malformed.empty", "ward: the hook payload is empty"),
        (
            "hook.malformed.invalid-json",
            "ward: the hook payload is not valid JSON: key must be a string at line 1 column 2",
        ),
        (
            "hook.malformed.nonstring-command",
            "ward: `command` is not a string (it is a number)",
        ),
        // A `Read` without `file_path` cannot be judged: malformed, so deny
        // (the stray `command` is never run as a shell command).
        (
            "hook.non-bash",
            "ward: the payload has no `tool_input.file_path`",
        ),
    ];
    let e = Env::new();
    let mut seen = 0;
    for line in text.lines() {
        let row: Value = serde_json::from_str(line).unwrap();
        let Some(raw) = row["raw_hook_input"].as_str() else {
            continue;
        };
        let id = row["id"].as_str().unwrap();
        let (_, reason) = want
            .iter()
            .find(|(i, _)| *i == id)
            .unwrap_or_else(|| panic!("unexpected row {id}"));
        assert_eq!(e.answer(&[], raw), claude("deny", reason), "{id}");
        seen += 1;
    }
    assert_eq!(seen, 4);
}

fn settings(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(".claude/settings.json")).unwrap())
        .unwrap()
}

#[test]
fn install_claude_project_merges_is_idempotent_and_uninstalls_cleanly() {
    let e = Env::new();
    let proj = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(proj.path().join(".claude")).unwrap();
    let original = r#"{
  "model": "opus",
  "permissions": {"allow": ["Bash(npm run test:*)"], "deny": ["Read(./.env)"]},
  "hooks": {
    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "/opt/other-guard"}]}],
    "PostToolUse": [{"matcher": "Write", "hooks": [{"type": "command", "command": "prettier --write"}]}]
  }
}
"#;
    std::fs::write(proj.path().join(".claude/settings.json"), original).unwrap();
    let run = |args: &[&str]| {
        let out = e.cmd(args).current_dir(proj.path()).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    // --dry-run prints the diff and writes nothing.
    let diff = run(&["install", "claude", "--project", "--dry-run"]);
    assert!(diff.starts_with("--- "), "{diff}");
    assert!(
        diff.lines()
            .any(|l| l.starts_with('+') && l.contains("hook --agent claude")),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(proj.path().join(".claude/settings.json")).unwrap(),
        original
    );

    run(&["install", "claude", "--project"]);
    let v = settings(proj.path());
    assert_eq!(v["model"], "opus");
    assert_eq!(v["permissions"]["deny"][0], "Read(./.env)");
    assert_eq!(
        v["hooks"]["PostToolUse"][0]["hooks"][0]["command"],
        "prettier --write"
    );
    assert_eq!(
        v["hooks"]["PreToolUse"][0]["hooks"][0]["command"],
        "/opt/other-guard"
    );
    // Claude Code's documented shape: matcher string, hooks of type command.
    let ours = &v["hooks"]["PreToolUse"][1];
    assert_eq!(ours["matcher"], "*");
    assert_eq!(ours["hooks"][0]["type"], "command");
    let cmd = ours["hooks"][0]["command"].as_str().unwrap();
    assert!(cmd.ends_with("ward hook --agent claude"), "{cmd}");
    // The installed command really answers.
    let prog = cmd.split(" hook").next().unwrap();
    assert!(Path::new(prog).exists(), "{prog}");

    let first = std::fs::read_to_string(proj.path().join(".claude/settings.json")).unwrap();
    let again = run(&["install", "claude", "--project"]);
    assert!(again.contains("already"), "{again}");
    assert_eq!(
        std::fs::read_to_string(proj.path().join(".claude/settings.json")).unwrap(),
        first
    );
    assert_eq!(run(&["install", "claude", "--project", "--dry-run"]), again);

    run(&["uninstall", "claude", "--project"]);
    let back = settings(proj.path());
    assert_eq!(back, serde_json::from_str::<Value>(original).unwrap());
}

#[test]
fn install_each_agent_into_an_empty_project() {
    let e = Env::new();
    let proj = tempfile::tempdir().unwrap();
    for (agent, file, event) in [
        ("codex", ".codex/hooks.json", "PreToolUse"),
        ("gemini", ".gemini/settings.json", "BeforeTool"),
        ("cursor", ".cursor/hooks.json", "beforeShellExecution"),
    ] {
        let out = e
            .cmd(&["install", agent])
            .current_dir(proj.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(proj.path().join(file)).unwrap())
                .unwrap();
        let entry = &v["hooks"][event][0];
        let cmd = entry["command"]
            .as_str()
            .or(entry["hooks"][0]["command"].as_str())
            .unwrap();
        assert!(
            cmd.ends_with(&format!("hook --agent {agent}")),
            "{agent}: {cmd}"
        );
        let out = e
            .cmd(&["uninstall", agent])
            .current_dir(proj.path())
            .output()
            .unwrap();
        assert!(out.status.success());
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(proj.path().join(file)).unwrap())
                .unwrap();
        assert!(v.get("hooks").is_none(), "{agent}: {v}");
    }
}

#[test]
fn install_refuses_to_clobber_invalid_settings() {
    let e = Env::new();
    let proj = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(proj.path().join(".claude")).unwrap();
    std::fs::write(proj.path().join(".claude/settings.json"), "{ // comment\n}").unwrap();
    let out = e
        .cmd(&["install", "claude"])
        .current_dir(proj.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(proj.path().join(".claude/settings.json")).unwrap(),
        "{ // comment\n}"
    );
}

#[test]
fn more_tools_of_each_protocol() {
    let e = Env::new();
    // Codex apply_patch: the added lines are the written content.
    let patch = "*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** Add File: key.pem\n+-----BEGIN OPENSSH PRIVATE KEY-----\n*** End Patch\n";
    let p = json!({"session_id": "s", "cwd": "/work/project", "hook_event_name": "PreToolUse", "turn_id": "t", "model": "m",
                   "tool_name": "apply_patch", "tool_input": {"command": patch}});
    assert_eq!(
        e.answer(&[], &p.to_string()),
        claude(
            "deny",
            "ward: the content holds a private key or an access token [file.write-private-key]"
        )
    );
    // Gemini write_file and read_file.
    let g = |tool: &str, input: Value| {
        json!({"session_id": "s", "cwd": "/work/project", "hook_event_name": "BeforeTool", "tool_name": tool, "tool_input": input}).to_string()
    };
    assert_eq!(
        e.answer(
            &[],
            &g(
                "write_file",
                json!({"file_path": "/etc/hosts", "content": "1.2.3.4 x"})
            )
        ),
        json!({"decision": "deny", "reason": format!("ward: an agent writes to keys, credentials, .env files or system configuration [file.write-secret-path]{HOW}")})
    );
    assert_eq!(
        e.answer(
            &[],
            &g(
                "read_file",
                json!({"absolute_path": "/work/project/src/lib.rs"})
            )
        ),
        json!({})
    );
    // Cursor MCP.
    let m = json!({"conversation_id": "c", "hook_event_name": "beforeMCPExecution", "tool_name": "mcp__db__drop_table", "tool_input": "{}"});
    let msg = "ward: an MCP tool that deletes, drops or destroys [tool.destructive-mcp]";
    assert_eq!(
        e.answer(&[], &m.to_string()),
        json!({"permission": "ask", "user_message": msg, "agent_message": msg})
    );
}

#[test]
fn a_policy_that_does_not_load_is_a_deny() {
    let e = Env::new();
    let bad = e.state.path().join("bad.toml");
    std::fs::write(&bad, "[[rule]]\nid = 3\n").unwrap();
    let v = e.answer(
        &["--policy", bad.to_str().unwrap()],
        &claude_bash("ls", "default"),
    );
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    let reason = v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap();
    assert!(
        reason.starts_with("ward: cannot load the policy"),
        "{reason}"
    );
}

#[test]
fn agent_writing_quantum_vulnerable_crypto_is_asked() {
    let e = Env::new();
    let write = |path: &str, content: &str| {
        json!({"session_id": "s", "cwd": "/work/project", "permission_mode": "default", "hook_event_name": "PreToolUse",
               "tool_name": "Write", "tool_input": {"file_path": path, "content": content}})
        .to_string()
    };
    let rsa = "from cryptography.hazmat.primitives.asymmetric import rsa\nkey = rsa.generate_private_key(public_exponent=65537, key_size=2048)\n";
    let v = e.answer(&[], &write("/work/project/keys.py", rsa));
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "ask", "{v}");
    let reason = v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap();
    assert!(
        reason.contains("RSA-2048") && reason.contains("ML-DSA"),
        "{reason}"
    );
    // The same code in a comment, or harmless code, is not a finding.
    let v = e.answer(
        &[],
        &write(
            "/work/project/a.py",
            "# rsa.generate_private_key(key_size=2048)\nprint(1)\n",
        ),
    );
    assert_eq!(v, json!({}), "{v}");
    // `[settings] crypto_writes` sets what such a write becomes (allow: no
    // finding, so no rule speaks and ward defers).
    for (setting, expect) in [("deny", json!("deny")), ("allow", Value::Null)] {
        let pol = e.state.path().join(format!("crypto-{setting}.toml"));
        std::fs::write(&pol, format!("[settings]\ncrypto_writes = \"{setting}\"\n")).unwrap();
        let v = e.answer(
            &["--policy", pol.to_str().unwrap()],
            &write("/work/project/keys.py", rsa),
        );
        assert_eq!(
            v["hookSpecificOutput"]["permissionDecision"], expect,
            "{setting}: {v}"
        );
    }
}
