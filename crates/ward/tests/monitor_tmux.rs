//! End to end in tmux: an agent-style `ward exec` without a terminal waits
//! in the approval queue, `ward monitor` shows it, a key approves it, and
//! the command runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WARD: &str = env!("CARGO_BIN_EXE_ward");

fn tmux(args: &[&str]) -> std::process::Output {
    Command::new("tmux").args(args).output().unwrap()
}

fn pane(session: &str) -> String {
    String::from_utf8_lossy(&tmux(&["capture-pane", "-p", "-t", session]).stdout).into_owned()
}

fn wait_for(session: &str, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let text = pane(session);
        if text.contains(needle) {
            return text;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "`{needle}` never showed:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn env(c: &mut Command, home: &Path) {
    c.env("WARD_HOME", home)
        .env("XDG_RUNTIME_DIR", "")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("WARD_POLICY")
        .env_remove("WARD_SOCKET");
}

#[test]
fn monitor_key_approves_a_waiting_agent_command() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    std::fs::create_dir_all(h.join("build/sub")).unwrap();
    let mut d = Command::new(WARD);
    d.args(["daemon"]);
    env(&mut d, h);
    let started = d.output().unwrap();
    assert!(
        started.status.success(),
        "{}",
        String::from_utf8_lossy(&started.stderr)
    );
    let ready = String::from_utf8_lossy(&started.stdout).to_string();
    let daemon_pid = ready
        .rsplit("pid ")
        .next()
        .unwrap()
        .trim_end_matches([')', '\n'])
        .to_owned();

    // The agent: no terminal, so its `ask` waits for a person.
    let mut agent = Command::new(WARD);
    agent
        .args(["exec", "--", "rm", "-rf", "build"])
        .env("WARD_AGENT", "claude")
        .current_dir(h)
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    env(&mut agent, h);
    let mut agent = agent.spawn().unwrap();

    let session = format!("ward-e2e-{}", std::process::id());
    let cmd = format!(
        "env WARD_HOME={} XDG_RUNTIME_DIR= XDG_CONFIG_HOME={}/config {WARD} monitor",
        h.display(),
        h.display()
    );
    let out = tmux(&[
        "new-session",
        "-d",
        "-s",
        &session,
        "-x",
        "160",
        "-y",
        "40",
        &cmd,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = wait_for(&session, "rm -rf build");
    assert!(shown.contains("pending approvals (1)"), "{shown}");
    assert!(shown.contains("daemon up"), "{shown}");
    tmux(&["send-keys", "-t", &session, "a"]);
    let status = {
        let start = Instant::now();
        loop {
            if let Some(s) = agent.try_wait().unwrap() {
                break s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the agent never ran:\n{}",
                pane(&session)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for(&session, "pending approvals (0)");
    // The recorded decision streams into the live pane.
    let after = wait_for(&session, "decisions (1)");
    tmux(&["send-keys", "-t", &session, "q"]);
    std::thread::sleep(Duration::from_millis(200));
    tmux(&["kill-session", "-t", &session]);
    Command::new("kill").arg(&daemon_pid).status().unwrap();
    assert!(status.success(), "agent exit {status:?}");
    assert!(
        !h.join("build").exists(),
        "the approved command did not run"
    );
    assert!(after.contains("allow agent:claude"), "{after}");
    let out = Command::new(WARD)
        .args(["audit", "export", "--format", "jsonl"])
        .env("WARD_HOME", h)
        .output()
        .unwrap();
    let rows = String::from_utf8_lossy(&out.stdout);
    assert!(rows.contains("\"decided_by\":\"human:approve\""), "{rows}");
}
