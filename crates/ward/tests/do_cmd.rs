//! `ward do` end to end: output formats, refusals, exit codes, tool lookup and exec.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use pretty_assertions::assert_eq;
use std::process::{Command, Output, Stdio};

fn ward(args: &[&str], path: Option<&std::path::Path>) -> Output {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ward"));
    cmd.args(args)
        .env("HOME", home.path())
        .env_remove("XDG_CONFIG_HOME")
        .stdin(Stdio::null());
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    cmd.output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn dry_run_json_prints_the_argv() {
    let out = ward(
        &[
            "do",
            "--dry-run",
            "--json",
            "scan 192.168.1.1 for web servers",
        ],
        None,
    );
    assert!(out.status.success());
    let v = json(&out);
    assert_eq!(v["intent"], "web-servers");
    assert_eq!(v["tool"], "nmap");
    assert_eq!(
        v["argv"],
        serde_json::json!(["nmap", "-sV", "-p", "80,443,8000,8080,8443", "192.168.1.1"])
    );
    assert_eq!(v["targets"], serde_json::json!(["192.168.1.1"]));
    assert_eq!(v["impact"], "active");
    assert!(v["explanation"].as_str().unwrap().contains("web servers"));
}

#[test]
fn dry_run_text_is_shell_quoted() {
    let out = ward(
        &[
            "do",
            "--dry-run",
            "test http://10.0.0.4/a.php?id=3&b=2 for sql injection",
        ],
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("sqlmap -u 'http://10.0.0.4/a.php?id=3&b=2' --batch\n"),
        "{text}"
    );
    assert!(text.contains("impact: intrusive"));
}

#[test]
fn request_words_need_no_quotes() {
    let out = ward(
        &[
            "do",
            "--dry-run",
            "--json",
            "--explain",
            "udp",
            "scan",
            "10.0.0.1",
        ],
        None,
    );
    let v = json(&out);
    assert_eq!(v["argv"], serde_json::json!(["nmap", "-sU", "10.0.0.1"]));
    assert!(v["explain"]["score"].as_u64().unwrap() >= 2);
}

#[test]
fn refusal_json_names_kind_and_suggestions() {
    let out = ward(
        &["do", "--dry-run", "--json", "scan 10.0.0.1 for malware"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["error"]["kind"], "unknown");
    assert!(!v["error"]["suggestions"].as_array().unwrap().is_empty());
}

#[test]
fn out_of_scope_names_target_and_scope_file() {
    let out = ward(&["do", "--dry-run", "--json", "port scan 8.8.8.8"], None);
    assert_eq!(out.status.code(), Some(1));
    let msg = json(&out)["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        msg.contains("`8.8.8.8`") && msg.contains("scope.toml"),
        "{msg}"
    );
}

#[test]
fn scope_file_authorises_public_targets() {
    let dir = tempfile::tempdir().unwrap();
    let scope = dir.path().join("scope.toml");
    std::fs::write(&scope, "addresses = [\"8.8.8.8\"]\n").unwrap();
    let out = ward(
        &[
            "do",
            "--dry-run",
            "--json",
            "--scope",
            scope.to_str().unwrap(),
            "port scan 8.8.8.8",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn option_in_request_is_refused_not_parsed() {
    let out = ward(
        &[
            "do",
            "--dry-run",
            "port",
            "scan",
            "10.0.0.1",
            "--script=/tmp/x.nse",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("option"));
}

#[test]
fn missing_scope_file_is_a_usage_error() {
    let out = ward(
        &[
            "do",
            "--scope",
            "/nonexistent/scope.toml",
            "port scan 10.0.0.1",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_tool_names_the_debian_package() {
    let empty = tempfile::tempdir().unwrap();
    let out = ward(&["do", "reverse dns for 10.0.0.1"], Some(empty.path()));
    assert_eq!(out.status.code(), Some(127));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("apt-get install bind9-dnsutils"), "{err}");
}

#[test]
fn runs_the_tool_by_exec_with_the_argv() {
    use std::os::unix::fs::PermissionsExt as _;
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("dig");
    std::fs::write(&fake, "#!/bin/sh\nprintf '%s|' \"$@\"\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.path().display());
    let out = ward(
        &["do", "--json", "reverse dns for 10.0.0.1"],
        Some(path.as_ref()),
    );
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.ends_with("-x|10.0.0.1|"), "{stdout}");
}

#[test]
fn intrusive_without_a_terminal_does_not_run() {
    // setsid detaches from the controlling terminal, so /dev/tty cannot be opened.
    let Ok(setsid) = which("setsid") else {
        eprintln!("skipped: setsid not installed");
        return;
    };
    use std::os::unix::fs::PermissionsExt as _;
    let bin = tempfile::tempdir().unwrap();
    let marker = bin.path().join("ran");
    let fake = bin.path().join("sqlmap");
    std::fs::write(&fake, format!("#!/bin/sh\ntouch {}\n", marker.display())).unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(setsid)
        .args([
            "-w",
            env!("CARGO_BIN_EXE_ward"),
            "do",
            "sql injection test of http://10.0.0.4/?id=1",
        ])
        .env("HOME", home.path())
        .env("PATH", format!("{}:/usr/bin:/bin", bin.path().display()))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("confirmation"));
    assert!(
        !marker.exists(),
        "the intrusive tool ran without confirmation"
    );
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    ["/usr/bin", "/bin"]
        .iter()
        .map(|d| std::path::Path::new(d).join(name))
        .find(|p| p.exists())
        .ok_or(())
}

/// Issue 20: "scan HOST", the first request a new user types, was refused.
#[test]
fn bare_scan_of_a_host_resolves_to_the_default_nmap_scan() {
    let out = ward(
        &["do", "--dry-run", "--json", "--explain", "scan 192.168.1.1"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["argv"], serde_json::json!(["nmap", "192.168.1.1"]));
    let default = v["explain"]["default"].as_str().unwrap();
    assert!(default.contains("default"), "{default}");
    let out = ward(
        &["do", "--dry-run", "--explain", "scan hosts on 10.0.0.0/24"],
        None,
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("nmap -sn 10.0.0.0/24\n"), "{text}");
    assert!(text.contains("default: hosts on a range"), "{text}");
}
