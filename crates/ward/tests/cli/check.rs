use super::*;
use pretty_assertions::assert_eq;
use serde_json::Value;

#[test]
fn exit_codes_follow_the_decision() {
    let t = tempfile::tempdir().unwrap();
    for (cmd, code) in [("ls -la", 0), ("git branch -D x", 3), ("rm -rf /", 4)] {
        let o = run(ward(t.path()).args(["check", "--actor", "agent", "--", cmd]));
        assert_eq!(o.status.code(), Some(code), "{cmd}: {}", out(&o));
    }
}

#[test]
fn json_has_decision_reason_rules_and_commands() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).args([
        "check",
        "--actor",
        "agent",
        "--json",
        "--",
        "ls && sudo rm -rf ~",
    ]));
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["decision"], "deny");
    assert_eq!(
        v["rules"],
        serde_json::json!(["fs.delete-root-home-system"])
    );
    assert_eq!(v["commands"], serde_json::json!(["ls", "rm -rf ~"]));
    assert!(v["reason"].as_str().unwrap().contains("recursive delete"));
}

#[test]
fn stdin_mode_writes_one_object_per_line() {
    let t = tempfile::tempdir().unwrap();
    let mut c = ward(t.path());
    c.args(["check", "--actor", "agent", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"ls\nrm -rf /\n\xff\xfe\necho ok\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let decisions: Vec<String> = out(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["decision"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(decisions, vec!["allow", "deny", "deny", "allow"]);
    assert_eq!(o.status.code(), Some(4));
}

#[test]
fn no_command_is_a_usage_error() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).args(["check"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no command given"), "{}", err(&o));
}

#[test]
fn demo_judges_commands_for_both_actors() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).arg("demo"));
    assert!(o.status.success());
    let text = out(&o);
    assert!(
        text.contains("deny") && text.contains("allow") && text.contains("rm -rf ~"),
        "{text}"
    );
}

#[test]
fn published_trust_state_reaches_the_policy() {
    let t = tempfile::tempdir().unwrap();
    let check = |cmd: &str| {
        run(ward(t.path()).args(["check", "--actor", "human", "--", cmd]))
            .status
            .code()
    };
    // A person: force-push asks, sudo is allowed.
    assert_eq!(check("git push --force"), Some(3));
    assert_eq!(check("sudo apt-get update"), Some(0));
    let trust = t.path().join("state/trust");
    std::fs::create_dir_all(&trust).unwrap();
    // Input that looks automated counts as an agent: the agent rule denies.
    std::fs::write(trust.join("state"), "automated\n").unwrap();
    assert_eq!(check("git push --force"), Some(4));
    // Someone who is not the enrolled owner: raised privileges ask.
    std::fs::write(trust.join("state"), "untrusted\n").unwrap();
    assert_eq!(check("sudo apt-get update"), Some(3));
    std::fs::write(trust.join("state"), "trusted\n").unwrap();
    assert_eq!(check("sudo apt-get update"), Some(0));
}

#[test]
fn stdin_with_record_is_a_usage_error_not_a_silent_no_record() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).args(["check", "--stdin", "--record"]));
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(!t.path().join("audit.db").exists());
}

#[test]
fn a_reader_that_stops_early_ends_ward_quietly() {
    use std::io::Read;
    // 79 KB of completions: more than a pipe holds, so ward is still
    // writing when the reader goes away.
    let t = tempfile::tempdir().unwrap();
    let mut child = ward(t.path())
        .args(["completions", "bash"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
