//! `ward daemon --ship-syslog`: a running daemon ships each event as it is
//! recorded, resuming from the cursor `ward audit ship` left, across a
//! collector restart and a daemon restart, with no gap and no repeat.

use crate::collector::{Collector, rsyslogd, shipped_ids};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use ward_audit::{NewEvent, Store};

fn ward(home: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ward"));
    c.args(args)
        .env("WARD_HOME", home)
        .env("XDG_RUNTIME_DIR", "")
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env_remove("WARD_POLICY")
        .env_remove("WARD_SOCKET")
        .env_remove("WARD_NO_DAEMON")
        .env("WARD_DAEMON_TIMEOUT_MS", "5000")
        .current_dir(home)
        .stdin(Stdio::null());
    c
}

fn ok(out: Output) -> String {
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    said
}

fn append(home: &Path, n: usize) {
    let mut s = Store::open(&home.join("audit.db")).unwrap();
    let evs: Vec<NewEvent> = (0..n)
        .map(|i| NewEvent {
            actor: "human".into(),
            source: "test".into(),
            raw: format!("echo \"{i}\" ]"),
            decision: "allow".into(),
            ..NewEvent::default()
        })
        .collect();
    s.append_batch(&evs).unwrap();
}

/// A background daemon, stopped (SIGTERM) when dropped, so a failing test
/// leaves none behind.
struct Daemon {
    pid: String,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(&self.pid).status();
    }
}

/// Starts the daemon in the background (as a user would).
fn start_daemon(home: &Path, target: &str) -> Daemon {
    let said = ok(ward(home, &["daemon", "--ship-syslog", target])
        .output()
        .unwrap());
    let pid = said
        .rsplit("pid ")
        .next()
        .unwrap()
        .trim_end_matches([')', '\n'])
        .to_owned();
    Daemon { pid }
}

/// SIGTERM, then wait until the daemon has removed its socket.
fn stop_daemon(home: &Path, daemon: Daemon) {
    drop(daemon);
    let start = Instant::now();
    while home.join("ward.sock").exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "daemon kept running"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits until the collector's file holds `n` events; their ids.
fn wait_for(c: &Collector, n: usize, home: &Path) -> Vec<usize> {
    let start = Instant::now();
    loop {
        let ids = shipped_ids(&c.out());
        if ids.len() >= n {
            return ids;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{} of {n} events shipped; daemon log: {}",
            ids.len(),
            std::fs::read_to_string(home.join("daemon.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_daemon_ships_events_as_they_are_recorded() {
    let Some(bin) = rsyslogd("ship_syslog::daemon") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut collector = Collector::new(bin, dir.path());
    collector.start();
    let target = format!("tcp://127.0.0.1:{}", collector.port);

    // 30 shipped by hand first; the daemon carries on from that cursor.
    append(&home, 30);
    let said = ok(ward(&home, &["audit", "ship", "--syslog", &target])
        .output()
        .unwrap());
    assert!(said.contains("shipped 30 events"), "{said}");
    append(&home, 20);
    let daemon = start_daemon(&home, &target);
    wait_for(&collector, 50, &home);

    // While the daemon ships, a second shipper to the same collector is refused.
    let o = ward(&home, &["audit", "ship", "--syslog", &target])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("another shipper"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // Decisions recorded through the daemon reach the collector.
    for _ in 0..5 {
        ok(ward(&home, &["exec", "--", "true"]).output().unwrap());
    }
    wait_for(&collector, 55, &home);

    // Recorded while the collector is down: delivered once it is back.
    collector.stop();
    for _ in 0..5 {
        ok(ward(&home, &["exec", "--", "echo", "while down"])
            .output()
            .unwrap());
    }
    std::thread::sleep(Duration::from_millis(300));
    collector.start();
    wait_for(&collector, 60, &home);

    // A daemon restart resumes after the last acknowledged event.
    stop_daemon(&home, daemon);
    append(&home, 5);
    let daemon = start_daemon(&home, &target);
    let ids = wait_for(&collector, 65, &home);
    // Give a repeat, if there were one, time to arrive before judging.
    ok(ward(&home, &["exec", "--", "true"]).output().unwrap());
    let ids_then = wait_for(&collector, 66, &home);
    stop_daemon(&home, daemon);
    collector.stop();
    assert_eq!(ids, (1..=65).collect::<Vec<_>>());
    assert_eq!(ids_then, (1..=66).collect::<Vec<_>>());

    let said = ok(ward(
        &home,
        &[
            "audit",
            "verify",
            "--against",
            collector.out().to_str().unwrap(),
        ],
    )
    .output()
    .unwrap());
    assert!(
        said.contains("ok, 66 shipped events (ids 1 to 66)"),
        "{said}"
    );
    let mut exec = 0;
    Store::open_existing(&home.join("audit.db"))
        .unwrap()
        .for_each(&ward_audit::Filter::default(), |e| {
            exec += usize::from(e.body.source == "exec");
            Ok(())
        })
        .unwrap();
    assert_eq!(exec, 11, "the ward exec decisions are among them");
}
