//! `ward shell-check`, the snippets' side of the protocol, called directly.

use crate::harness::ward;
use rstest::rstest;
use std::process::Command;

fn check(state: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(ward())
        .args(["shell-check", "--shell", "bash"])
        .args(args)
        .env("WARD_HOME", state)
        .env("HOME", "/home/u")
        .env_remove("WARD_POLICY")
        .env_remove("XDG_CONFIG_HOME")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[rstest]
#[case::allow(&["--", "ls -la"], 0, "allow", "in-process")]
#[case::deny(&["--", "rm -rf ~"], 4, "deny", "in-process")]
#[case::deny_says_yes_anyway(&["--answer", "yes", "--", "rm -rf ~"], 4, "deny", "in-process")]
#[case::ask_yes(&["--answer", "yes", "--", "git push --force origin main"], 0, "allow", "human:confirmed")]
#[case::ask_no(&["--answer", "no", "--", "git push --force origin main"], 4, "deny", "human:declined")]
#[case::override_yes(&["--answer", "yes", "--", "ward! rm -rf ~"], 0, "allow", "human:override")]
#[case::override_no(&["--answer", "no", "--", "ward! rm -rf ~"], 4, "deny", "human:declined")]
fn records_the_final_decision(
    #[case] args: &[&str],
    #[case] code: i32,
    #[case] decision: &str,
    #[case] by: &str,
) {
    let dir = tempfile::tempdir().unwrap();
    let (got, err) = check(dir.path(), args);
    assert_eq!(got, code, "{err}");
    let events = super::harness::audit_events(dir.path());
    let ev = events.first().unwrap();
    assert_eq!(
        (
            ev["decision"].as_str().unwrap(),
            ev["decided_by"].as_str().unwrap()
        ),
        (decision, by)
    );
    assert_eq!(ev["actor"], "human");
    assert_eq!(ev["source"], "shell");
}

#[rstest]
#[case::ask(&["--", "git push --force origin main"], "needs confirmation")]
#[case::override_of_deny(&["--", "ward! rm -rf ~"], "ward: override: ward would deny")]
fn asks_without_recording(#[case] args: &[&str], #[case] says: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (got, err) = check(dir.path(), args);
    assert_eq!(got, 3, "{err}");
    assert!(err.contains(says), "{err}");
    assert!(super::harness::audit_events(dir.path()).is_empty());
}

#[test]
fn fails_closed_when_the_record_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    let (got, err) = check(&blocker, &["--", "ls"]);
    assert_eq!(got, 4);
    assert!(
        err.contains("not run, the decision could not be recorded"),
        "{err}"
    );
}
