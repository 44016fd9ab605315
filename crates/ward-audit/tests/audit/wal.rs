//! The write-ahead log stays short when every append comes from a fresh
//! process (open, append, close), even while a reader holds it open.

use crate::{Fixture, event};
use std::path::Path;
use ward_audit::Options;

fn wal_len(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).map_or(0, |m| m.len())
}

/// Open, append one event, close: what one `ward exec` or hook does.
fn append_fresh(f: &Fixture, i: usize) {
    let opts = Options {
        sync: ward_audit::Sync::Normal,
        ..Options::default()
    };
    let mut s = ward_audit::Store::open_with(&f.path(), opts).unwrap();
    s.append(&event(i)).unwrap();
}

#[test]
fn one_append_per_open_keeps_the_log_short() {
    let f = Fixture::empty();
    let mut longest = 0;
    for i in 0..300 {
        append_fresh(&f, i);
        longest = longest.max(wal_len(&f.path()));
    }
    // 300 appends write ~600 frames (2.4 MB) when nothing folds the log.
    assert!(longest < 400 * 1024, "log grew to {longest} bytes");
    let r = f.store().verify().unwrap();
    assert!(r.ok() && r.events == 300, "{r:?}");
}

#[test]
fn a_reader_delays_the_fold_but_never_an_append() {
    let f = Fixture::empty();
    append_fresh(&f, 0);
    let reader = f.raw();
    reader.execute_batch("BEGIN").unwrap();
    let n: i64 = reader
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
    for i in 1..200 {
        append_fresh(&f, i);
    }
    assert!(
        wal_len(&f.path()) > 256 * 1024,
        "the reader's snapshot kept the log"
    );
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    append_fresh(&f, 200);
    assert!(
        wal_len(&f.path()) < 64 * 1024,
        "folded once the reader left"
    );
    let r = f.store().verify().unwrap();
    assert!(r.ok() && r.events == 201, "{r:?}");
}
