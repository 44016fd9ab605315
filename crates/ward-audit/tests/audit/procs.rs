//! Several processes: concurrent appenders keep one chain; a SIGKILLed
//! appender loses nothing it acknowledged. Children are this test binary,
//! re-executed with `WARD_AUDIT_CHILD` set.

use crate::{Fixture, event};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, SystemTime};
use ward_audit::{Filter, Options, Store, Sync};

const CHILD_ENV: &str = "WARD_AUDIT_CHILD";
const COUNT_ENV: &str = "WARD_AUDIT_CHILD_COUNT";
const SYNC_ENV: &str = "WARD_AUDIT_CHILD_SYNC";

fn spawn(store: &Path, count: usize, sync: Sync) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "procs::child_appender",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, store)
        .env(COUNT_ENV, count.to_string())
        .env(SYNC_ENV, if sync == Sync::Full { "full" } else { "normal" })
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// Not a test on its own: the body of each child process. Appends
/// `WARD_AUDIT_CHILD_COUNT` events (0 = forever), printing `ACK id` after each
/// append returns.
#[test]
fn child_appender() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let count: usize = std::env::var(COUNT_ENV).unwrap().parse().unwrap();
    let sync = match std::env::var(SYNC_ENV).as_deref() {
        Ok("normal") => Sync::Normal,
        _ => Sync::Full,
    };
    // What these tests check is the chain under contention, not how long a
    // writer waits: on a loaded 2-core machine eight appenders can hold the
    // write lock from one another past the default 2 s.
    let opts = Options {
        sync,
        busy_timeout: Duration::from_secs(120),
    };
    let mut store = Store::open_with(Path::new(&path), opts).unwrap();
    let mut i = 0;
    while count == 0 || i < count {
        let id = store.append(&event(i)).unwrap().id;
        println!("ACK {id}");
        i += 1;
    }
}

fn acks(out: ChildStdout) -> Vec<i64> {
    BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| l.strip_prefix("ACK ").and_then(|n| n.parse().ok()))
        .collect()
}

#[test]
fn eight_processes_keep_one_chain() {
    let f = Fixture::empty();
    drop(f.store()); // create and migrate once, before the race
    // synchronous=NORMAL here: what this test checks (the write lock, reading
    // the tip and linking under it) does not depend on fsync, and 16,000
    // serialised fsyncs would take 10-60 s on a slow disk. The crash test
    // below runs with the default FULL.
    let mut kids: Vec<Child> = (0..8)
        .map(|_| spawn(&f.path(), 2_000, Sync::Normal))
        .collect();
    let readers: Vec<_> = kids
        .iter_mut()
        .map(|k| {
            let out = k.stdout.take().unwrap();
            std::thread::spawn(move || BufReader::new(out).lines().count())
        })
        .collect();
    for k in &mut kids {
        assert!(k.wait().unwrap().success());
    }
    for r in readers {
        assert!(r.join().unwrap() >= 2_000);
    }
    let s = f.store();
    let r = s.verify().unwrap();
    assert!(r.ok(), "{r}");
    assert_eq!((r.events, r.last_id), (16_000, 16_000));
    assert_eq!(r.tip, ward_audit::TipStatus::Current);
}

#[test]
fn sigkill_loses_no_acknowledged_event() {
    let f = Fixture::empty();
    drop(f.store());
    let mut seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut acked = BTreeSet::new();
    for round in 0..20 {
        // xorshift: a random kill moment between 5 and 60 ms after spawn.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(5 + seed % 56);
        let mut child = spawn(&f.path(), 0, Sync::Full);
        let out = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || acks(out));
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        acked.extend(reader.join().unwrap());
        let s = Store::open(&f.path()).unwrap();
        let r = s.verify().unwrap();
        assert!(r.ok(), "round {round} (killed after {delay:?}): {r}");
        let mut present = BTreeSet::new();
        s.for_each(&Filter::default(), |e| {
            present.insert(e.id);
            Ok(())
        })
        .unwrap();
        let lost: Vec<_> = acked.difference(&present).collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged but missing: {lost:?}"
        );
    }
    assert!(!acked.is_empty(), "the children never got to append");
}
