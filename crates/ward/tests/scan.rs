//! `ward scan` end to end: formats, exit codes, cache.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

fn ward() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ward"))
}

#[test]
fn json_report_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("k.go"),
        "k, _ := rsa.GenerateKey(rand.Reader, 1024)\n",
    )
    .unwrap();
    let out = ward()
        .args([
            "scan",
            "--no-cache",
            "--format",
            "json",
            "--fail-on",
            "broken",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["findings"][0]["algorithm"], "RSA-1024");
    assert_eq!(r["findings"][0]["status"], "broken");
    let ok = ward()
        .args(["scan", "--no-cache", "--fail-on", "never"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("RSA-1024  [broken]  1 finding"));
}

#[test]
fn missing_root_exits_2_with_the_error_in_the_report() {
    let out = ward()
        .args([
            "scan",
            "--no-cache",
            "--format",
            "json",
            "/definitely/not/here",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["errors"][0]["kind"], "not-found");
}

#[test]
fn cache_in_ward_home_answers_the_rescan() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("t");
    std::fs::create_dir(&tree).unwrap();
    std::fs::write(tree.join("a.py"), "hashlib.md5(b'')\n").unwrap();
    let run = || {
        let out = ward()
            .env("WARD_HOME", dir.path().join("home"))
            .args(["scan", "--format", "json"])
            .arg(&tree)
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    assert_eq!(run()["stats"]["cache_hits"], 0);
    assert_eq!(run()["stats"]["cache_hits"], 1);
    assert!(std::fs::read_dir(dir.path().join("home")).unwrap().count() == 1);
}

#[test]
fn a_damaged_cache_is_one_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("t");
    std::fs::create_dir(&tree).unwrap();
    std::fs::write(tree.join("a.py"), "hashlib.md5(b'')\n").unwrap();
    let cache = dir.path().join("c.bin");
    let run = || {
        ward()
            .args(["scan", "--format", "json", "--cache"])
            .arg(&cache)
            .arg(&tree)
            .output()
            .unwrap()
    };
    assert!(run().stderr.is_empty());
    // Damage a byte in the middle of a real cache.
    let mut bytes = std::fs::read(&cache).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&cache, bytes).unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("warning") && err.contains("damaged"), "{err}");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["findings"][0]["algorithm"], "MD5");
    // Rebuilt: quiet from now on.
    let out = run();
    assert!(out.stderr.is_empty());
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["stats"]["cache_hits"], 1);
}
