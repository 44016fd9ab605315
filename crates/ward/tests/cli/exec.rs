use super::*;

#[test]
fn allowed_program_runs_and_its_status_passes_through() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).args([
        "exec",
        "--actor",
        "agent",
        "--",
        "sh",
        "-c",
        "echo hi; exit 7",
    ]));
    assert_eq!(o.status.code(), Some(7));
    assert_eq!(out(&o), "hi\n");
}

#[test]
fn denied_program_does_not_run() {
    let t = tempfile::tempdir().unwrap();
    let policy = t.path().join("p.toml");
    std::fs::write(&policy, "[[rule]]\nid = \"t.no-touch\"\ndecision = \"deny\"\nreason = \"no touching\"\nprogram = [\"touch\"]\nmatch = [\"touch x\"]\n").unwrap();
    let canary = t.path().join("canary");
    let o = run(ward(t.path())
        .args(["exec", "--actor", "agent", "--policy"])
        .arg(&policy)
        .arg("--")
        .arg("touch")
        .arg(&canary));
    assert_eq!(o.status.code(), Some(126));
    assert!(!canary.exists(), "the denied program ran");
    assert!(
        err(&o).contains("no touching") && err(&o).contains("t.no-touch"),
        "{}",
        err(&o)
    );
}

#[test]
fn ask_without_a_terminal_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).args([
        "exec",
        "--actor",
        "agent",
        "--",
        "git",
        "branch",
        "-D",
        "nothing-here",
    ]));
    assert_eq!(o.status.code(), Some(126));
    assert!(err(&o).contains("no terminal"), "{}", err(&o));
}

#[test]
fn unwritable_store_fails_closed() {
    let t = tempfile::tempdir().unwrap();
    // A state dir under a regular file cannot be created, even by root.
    let blocker = t.path().join("blocker");
    std::fs::write(&blocker, "").unwrap();
    let canary = t.path().join("canary");
    let o = run(ward(t.path())
        .env("WARD_HOME", blocker.join("state"))
        .args(["exec", "--actor", "agent", "--", "touch"])
        .arg(&canary));
    assert_eq!(o.status.code(), Some(126));
    assert!(!canary.exists(), "ran without a record");
    assert!(err(&o).contains("could not be recorded"), "{}", err(&o));
}

#[test]
fn every_exec_is_recorded_before_it_runs() {
    let t = tempfile::tempdir().unwrap();
    let o = run(ward(t.path()).args(["exec", "--actor", "agent", "--", "true"]));
    assert!(o.status.success());
    let o = run(ward(t.path()).args(["exec", "--actor", "agent", "--", "rm", "-rf", "/"]));
    assert_eq!(o.status.code(), Some(126));
    let o = run(ward(t.path()).args(["audit", "export", "--format", "jsonl"]));
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["decision"], "deny");
    assert_eq!(last["raw"], "rm -rf /");
    assert_eq!(last["source"], "exec");
}
