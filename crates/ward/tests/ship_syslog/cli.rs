//! `ward audit ship` into a real rsyslog, restarted once in the middle: the
//! collector's file holds every event exactly once, in order, and
//! `ward audit verify --against` checks the local store with it.

use crate::collector::{Collector, rsyslogd, shipped_ids};
use std::path::Path;
use std::process::{Command, Stdio};
use ward_audit::{NewEvent, Store};

const EVENTS: usize = 10_000;

fn ward(store: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ward"));
    c.arg("audit").args(args).arg("--store").arg(store);
    c.env_remove("WARD_HOME");
    c
}

#[test]
fn ten_thousand_events_reach_rsyslog_once_across_a_restart() {
    let Some(bin) = rsyslogd("ship_syslog::cli") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("audit.db");
    {
        let mut s = Store::open(&db).unwrap();
        let evs: Vec<NewEvent> = (0..EVENTS)
            .map(|i| NewEvent {
                actor: ["human", "agent:claude"][i % 2].into(),
                source: "exec".into(),
                kind: "command".into(),
                // Quotes, brackets, backslashes, newlines and non-ASCII survive the trip.
                raw: format!("echo \"{i}\" ] \\ é\nnext"),
                commands: vec![format!("echo {i}")],
                decision: ["allow", "ask", "deny"][i % 3].into(),
                rules: vec![format!("r{}", i % 7)],
                reason: "test [x]".into(),
                ..NewEvent::default()
            })
            .collect();
        s.append_batch(&evs).unwrap();
    }
    let mut collector = Collector::new(bin, dir.path());
    collector.start();
    let target = format!("tcp://127.0.0.1:{}", collector.port);
    let shipper = ward(&db, &["ship", "--syslog", &target, "--retry-for", "60"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Restart the collector once it holds part of the trail.
    let at_stop = collector.restart_at(EVENTS / 3);
    let out = shipper.wait_with_output().unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains(&format!("shipped {EVENTS} events")), "{said}");
    eprintln!("{said}");
    let retries: u64 = said
        .rsplit_once(", ")
        .and_then(|(_, r)| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(
        retries > 0,
        "the restart never refused a connection: {said}"
    );
    collector.stop();

    let ids = shipped_ids(&collector.out());
    assert!(
        at_stop < EVENTS,
        "the restart came before the end ({at_stop})"
    );
    let want: Vec<usize> = (1..=EVENTS).collect();
    if ids != want {
        let dup = ids.windows(2).find(|w| w[1] <= w[0]);
        let gap = ids.windows(2).find(|w| w[1] > w[0] + 1);
        panic!(
            "{} lines; first repeat {dup:?}, first gap {gap:?}; restart at line {at_stop}",
            ids.len()
        );
    }

    // The shipped copy checks the local store.
    let log = collector.out();
    let log = log.to_str().unwrap();
    let o = ward(&db, &["verify", "--against", log]).output().unwrap();
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains(&format!("ok, {EVENTS} shipped events (ids 1 to {EVENTS})")),
        "{said}"
    );
    // Rerunning ships nothing new: the cursor is at the end.
    let o = ward(&db, &["ship", "--syslog", &target, "--retry-for", "1"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("shipped 0 events"));

    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute(
        "UPDATE events SET reason = 'nothing to see' WHERE id = 5000",
        [],
    )
    .unwrap();
    drop(c);
    let o = ward(&db, &["verify", "--against", log]).output().unwrap();
    let said = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{said}");
    assert!(
        said.contains("against") && said.contains("event 5000 was edited in the local store"),
        "{said}"
    );
}
