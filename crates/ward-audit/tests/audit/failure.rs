//! Appending to a store that cannot be written fails with one clear line.

use crate::{Fixture, event, mode};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use ward_audit::{Error, Options, Store};

#[test]
fn created_owner_only() {
    let f = Fixture::empty();
    let path = f.dir.path().join("a/b/audit.db");
    let mut s = Store::open(&path).unwrap();
    s.append(&event(0)).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&ward_audit::tip_path(&path)), 0o600);
    assert_eq!(mode(&f.dir.path().join("a/b")), 0o700);
    assert_eq!(mode(&f.dir.path().join("a")), 0o700);
}

#[test]
fn corrupt_file_is_a_clear_error() {
    let f = Fixture::empty();
    std::fs::write(f.path(), vec![0x5a; 8192]).unwrap();
    let err = Store::open(&f.path()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("audit store `"), "{msg}");
    assert!(msg.contains("not a database"), "{msg}");
    assert!(!msg.contains('\n'));
}

#[test]
fn corrupted_pages_fail_the_append() {
    let (f, s) = Fixture::with_events(300);
    s.checkpoint().unwrap(); // fold the WAL into the main file
    drop(s);
    let mut bytes = std::fs::read(f.path()).unwrap();
    assert!(bytes.len() > 3 * 4096, "events are in the main file");
    // Keep page 1 (header and schema), destroy the table pages.
    for b in &mut bytes[4096..] {
        *b = 0xee;
    }
    std::fs::write(f.path(), &bytes).unwrap();
    let res = Store::open(&f.path()).and_then(|mut s| s.append(&event(1)));
    let msg = res.unwrap_err().to_string();
    assert!(
        msg.contains("malformed") || msg.contains("not a database"),
        "{msg}"
    );
    assert!(!msg.contains('\n'));
}

#[test]
fn parent_is_a_file() {
    let f = Fixture::empty();
    std::fs::write(f.dir.path().join("file"), "x").unwrap();
    let err = Store::open(&f.dir.path().join("file/audit.db")).unwrap_err();
    assert!(matches!(err, Error::Open { .. }), "{err}");
    assert!(
        err.to_string().starts_with("cannot open audit store `"),
        "{err}"
    );
}

#[test]
fn read_only_store_fails_the_append() {
    use std::os::unix::fs::PermissionsExt;
    let (f, s) = Fixture::with_events(3);
    drop(s);
    let set =
        |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    set(&f.path(), 0o400);
    set(&ward_audit::tip_path(&f.path()), 0o400);
    set(f.dir.path(), 0o500);
    let privileged = std::fs::OpenOptions::new()
        .append(true)
        .open(f.path())
        .is_ok();
    // File modes do not bind root; the immutable attribute does.
    let chattr = |flag: &str| {
        Command::new("chattr")
            .arg(flag)
            .arg(f.path())
            .status()
            .is_ok_and(|s| s.success())
    };
    if privileged && !chattr("+i") {
        set(f.dir.path(), 0o700);
        eprintln!(
            "skipping read_only_store_fails_the_append: privileged and `chattr +i` unavailable"
        );
        return;
    }
    let res = Store::open(&f.path()).and_then(|mut s| s.append(&event(1)));
    if privileged {
        chattr("-i");
    }
    set(f.dir.path(), 0o700);
    let msg = res.unwrap_err().to_string();
    assert!(msg.contains("audit"), "{msg}");
    assert!(
        msg.contains("readonly") || msg.contains("ermission") || msg.contains("not permitted"),
        "{msg}"
    );
    assert!(!msg.contains('\n'), "{msg}");
    eprintln!("read-only store: {msg}");
}

#[test]
fn read_only_connection_fails_the_append() {
    // Works as root too: SQLite itself refuses to write through a read-only handle.
    let (f, s) = Fixture::with_events(3);
    drop(s);
    let uri =
        rusqlite::Connection::open_with_flags(f.path(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let err = uri
        .execute("INSERT INTO events (id) VALUES (99)", [])
        .unwrap_err();
    assert!(err.to_string().contains("readonly"), "{err}");
}

#[test]
fn locked_store_fails_within_the_timeout() {
    let (f, s) = Fixture::with_events(1);
    drop(s);
    let holder = f.raw();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let opts = Options {
        busy_timeout: Duration::from_millis(200),
        ..Options::default()
    };
    let mut s = Store::open_with(&f.path(), opts).unwrap();
    let t = Instant::now();
    let err = s.append(&event(1)).unwrap_err();
    assert!(t.elapsed() < Duration::from_secs(2));
    let msg = err.to_string();
    assert!(
        msg.contains("cannot lock for writing") && msg.contains("locked"),
        "{msg}"
    );
    holder.execute_batch("ROLLBACK").unwrap();
    s.append(&event(1)).unwrap();
    assert!(s.verify().unwrap().ok());
}

#[test]
fn newer_schema_is_refused() {
    let (f, s) = Fixture::with_events(1);
    drop(s);
    f.raw().pragma_update(None, "user_version", 99).unwrap();
    let msg = Store::open(&f.path()).unwrap_err().to_string();
    assert_eq!(
        msg,
        format!(
            "audit store `{}` has schema version 99, newer than this ward knows (1); upgrade ward",
            f.path().display()
        )
    );
}

#[test]
fn missing_store_for_reading() {
    let f = Fixture::empty();
    let msg = Store::open_existing(&f.path()).unwrap_err().to_string();
    assert_eq!(
        msg,
        format!(
            "no audit store at `{}` (nothing recorded yet)",
            f.path().display()
        )
    );
    assert!(!f.path().exists());
}
