//! `ward audit ship --syslog tls://…` into rsyslog's TLS driver (gtls) with a
//! CA made for the test: the certificate is verified (an unknown CA and a
//! wrong host name are refused at once), and a collector restart leaves each
//! event in the file exactly once, in order.

use crate::collector::{Certs, Collector, has_gtls, rsyslogd, shipped_ids};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use ward_audit::{NewEvent, Store};

const EVENTS: usize = 2_000;

fn ship(store: &Path, target: &str, ca: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ward"));
    c.args([
        "audit",
        "ship",
        "--syslog",
        target,
        "--retry-for",
        "60",
        "--ca",
    ])
    .arg(ca)
    .arg("--store")
    .arg(store)
    .env_remove("WARD_HOME");
    c
}

fn said(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[test]
fn tls_shipping_checks_the_certificate_and_survives_a_restart() {
    let Some(bin) = rsyslogd("ship_syslog::tls") else {
        return;
    };
    if !has_gtls() {
        eprintln!(
            "SKIP ship_syslog::tls: rsyslog-gnutls not installed (scripts/test-deps.sh installs it)"
        );
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have rsyslog-gnutls: scripts/test-deps.sh installs it"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let certs = Certs::make(dir.path(), "ward-test-ca");
    let other = Certs::make(dir.path(), "someone-else");
    let db = dir.path().join("audit.db");
    {
        let mut s = Store::open(&db).unwrap();
        let evs: Vec<NewEvent> = (0..EVENTS)
            .map(|i| NewEvent {
                actor: "agent:claude".into(),
                source: "exec".into(),
                raw: format!("echo \"{i}\" ] \\ é"),
                decision: ["allow", "deny"][i % 2].into(),
                ..NewEvent::default()
            })
            .collect();
        s.append_batch(&evs).unwrap();
    }
    let mut collector = Collector::tls(bin, dir.path(), &certs);
    collector.start();
    let good = format!("tls://localhost:{}", collector.port);

    // A certificate from a CA we were not told to trust: refused, not retried.
    let o = ship(&db, &good, &other.ca).output().unwrap();
    assert!(!o.status.success());
    assert!(
        said(&o).contains("invalid peer certificate"),
        "{}",
        said(&o)
    );
    assert!(!said(&o).contains("did not acknowledge"), "{}", said(&o));
    // The right CA, but the certificate names `localhost`, not `127.0.0.1`.
    let by_ip = format!("tls://127.0.0.1:{}", collector.port);
    let o = ship(&db, &by_ip, &certs.ca).output().unwrap();
    assert!(!o.status.success());
    assert!(said(&o).contains("not valid for name"), "{}", said(&o));
    assert_eq!(collector.lines(), 0, "nothing reached the collector");

    let shipper = ship(&db, &good, &certs.ca)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Restart the collector once it holds part of the trail.
    let at_stop = collector.restart_at(EVENTS / 3);
    let o = shipper.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", said(&o));
    assert!(
        said(&o).contains(&format!("shipped {EVENTS} events")),
        "{}",
        said(&o)
    );
    assert!(
        !said(&o).contains(", 0 retries"),
        "the restart was never noticed: {}",
        said(&o)
    );
    collector.stop();
    assert!(
        at_stop < EVENTS,
        "the restart came before the end ({at_stop})"
    );
    let ids = shipped_ids(&collector.out());
    if ids != (1..=EVENTS).collect::<Vec<_>>() {
        let dup = ids.windows(2).find(|w| w[1] <= w[0]);
        let gap = ids.windows(2).find(|w| w[1] > w[0] + 1);
        panic!(
            "{} lines; first repeat {dup:?}, first gap {gap:?}; restart at line {at_stop}",
            ids.len()
        );
    }
    let o = Command::new(env!("CARGO_BIN_EXE_ward"))
        .args(["audit", "verify", "--against"])
        .arg(collector.out())
        .arg("--store")
        .arg(&db)
        .env_remove("WARD_HOME")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", said(&o));
    assert!(
        said(&o).contains(&format!("ok, {EVENTS} shipped events (ids 1 to {EVENTS})")),
        "{}",
        said(&o)
    );
}
