//! Regression tests for the rough edges a new user met (issue 20), each
//! named after what it reproduces.

use super::*;
use serde_json::Value;
use std::io::Write;
use std::path::Path;

#[test]
fn monitor_without_a_terminal_prints_one_line_and_exits_2() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).arg("monitor"));
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("needs a terminal"), "{e}");
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn closed_pipe_ends_quietly() {
    let t = tempfile::tempdir().unwrap();
    for args in [
        &["man"][..],
        &["completions", "bash"],
        &["policy", "show"],
        &["check", "--json", "--", "ls"],
        &["--help"],
    ] {
        // The reader is gone before ward writes a byte: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = ward(t.path())
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(err(&o).is_empty(), "{args:?}: {}", err(&o));
        assert!(
            matches!(o.status.code(), Some(0)),
            "{args:?}: {:?}",
            o.status
        );
    }
}

#[test]
fn error_chain_names_the_os_error_once() {
    let t = tempfile::tempdir().unwrap();
    let file = t.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let o = run(ward(t.path())
        .env("WARD_HOME", file.join("state"))
        .env("WARD_NO_DAEMON", "1")
        .args(["exec", "--", "true"]));
    let e = err(&o);
    assert_eq!(o.status.code(), Some(126), "{e}");
    assert_eq!(e.matches("os error 20").count(), 1, "{e}");
    let o = run(ward(t.path()).env("WARD_HOME", file.join("state")).args([
        "trust",
        "enrol",
        "--from",
        "/nonexistent/x.jsonl",
    ]));
    let e = err(&o);
    assert!(e.matches("os error 2)").count() <= 1, "{e}");
}

#[test]
fn check_says_which_actor_it_assumed() {
    let t = tempfile::tempdir().unwrap();
    let json = |c: &mut Command| -> Value { serde_json::from_str(&out(&run(c))).unwrap() };
    // Without a terminal or agent marker: unknown, and it says why.
    let v = json(ward(t.path()).args(["check", "--json", "--", "git push --force"]));
    assert_eq!(v["actor"], "unknown");
    assert!(
        v["actor_from"].as_str().unwrap().starts_with("detected"),
        "{v}"
    );
    let v = json(
        ward(t.path())
            .env("CLAUDECODE", "1")
            .args(["check", "--json", "--", "ls"]),
    );
    assert_eq!(v["actor"], "agent:claude");
    let v = json(ward(t.path()).args(["check", "--actor", "human", "--json", "--", "ls"]));
    assert_eq!(v["actor"], "human");
    assert_eq!(v["actor_from"], "--actor");
    // The text form names it too.
    let o = run(ward(t.path()).args(["check", "--actor", "human", "--", "git push --force"]));
    assert!(out(&o).contains("actor: human (--actor"), "{}", out(&o));
    let o = run(ward(t.path()).args(["check", "--", "git push --force"]));
    assert!(out(&o).contains("actor: unknown (detected"), "{}", out(&o));
}

#[test]
fn flat_chain_of_170000_commands_says_too_many_commands() {
    let t = tempfile::tempdir().unwrap();
    let line = vec!["a"; 170_000].join(" && ");
    let mut child = ward(t.path())
        .args(["check", "--actor", "agent", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(line.as_bytes()).unwrap();
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_str(out(&o).trim()).unwrap();
    assert_eq!(v["decision"], "deny", "{v}");
    let reason = v["reason"].as_str().unwrap();
    assert!(reason.contains("too many commands"), "{reason}");
    assert!(reason.contains("4096"), "{reason}");
}

#[test]
fn shared_data_missing_prints_one_line_per_set_and_fails_under_ci() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/test-data.sh");
    let t = tempfile::tempdir().unwrap();
    let check = |data: &Path, ci: &str| {
        Command::new("bash")
            .arg(script)
            .env("WARD_SHARED_DATA", data)
            .env("CI", ci)
            .output()
            .unwrap()
    };
    let o = check(&t.path().join("none"), "false");
    assert!(o.status.success(), "{}", err(&o));
    let lines: Vec<String> = out(&o).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    for set in ["balabit-mouse", "guard-corpus", "schemas"] {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("test.sh: SKIPPED") && l.contains(set)),
            "{set}: {lines:?}"
        );
    }
    let o = check(&t.path().join("none"), "true");
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(err(&o).contains("CI=true"), "{}", err(&o));
    // Every set present: nothing to say, under CI too.
    for set in ["balabit-mouse", "guard-corpus", "schemas"] {
        std::fs::create_dir_all(t.path().join("all").join(set)).unwrap();
    }
    let o = check(&t.path().join("all"), "true");
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(out(&o), "");
}
