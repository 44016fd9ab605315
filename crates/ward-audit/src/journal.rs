//! The append journal (`audit.db.journal`): how a short-lived front end
//! records a decision durably without opening SQLite.
//!
//! A hook, check or shim is a new process for every call; opening the store,
//! reading its schema, taking the write lock and committing a WAL frame cost
//! more than the decision itself. Instead such a process appends one line to
//! the journal and `fdatasync`s it before it answers: the decision is on disk
//! before the action runs, as the design requires. The next process that
//! opens the store, and every append to it (the daemon's included), moves
//! the journal's entries into the hash chain in order, then empties it.
//!
//! Format: a header naming where the entries end, then each entry as
//! `\x1e`, one line of JSON and `\n`, then zeros (the file is pre-allocated
//! so an entry's sync writes data only). JSON never holds a raw `\x1e` or
//! newline, so an entry torn by a crash (never acknowledged: the caller
//! answers only after the sync) is skipped without taking the next entry
//! with it.
//!
//! Crash safety: appenders hold an exclusive `flock` on the journal while
//! they write; the ingest holds it too from reading the entries until it
//! has committed them and emptied the file. A process killed between the
//! commit and the truncation leaves entries that are already in the chain;
//! the next ingest recognises them (same time, process, source and raw
//! input) and skips them, so nothing is lost and nothing is recorded twice.
//!
//! Until it is ingested an entry is protected by the file's permissions
//! (0600 in the store's 0700 directory), not yet by the chain.

use crate::error::{Error, Result};
use crate::event::NewEvent;
use crate::time::now_ns;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Starts every entry; never appears in JSON text.
const MARK: u8 = 0x1e;

/// The journal beside the store at `store`.
pub fn journal_path(store: &Path) -> PathBuf {
    let mut s = store.as_os_str().to_owned();
    s.push(".journal");
    PathBuf::from(s)
}

/// One journal line: the event and the time it was decided.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// Nanoseconds since the Unix epoch, stamped when appended.
    t: i64,
    /// The event.
    e: NewEvent,
}

/// The journal is pre-allocated to this many bytes of zeros, synced once:
/// an entry then overwrites blocks that are already written, so its
/// `fdatasync` flushes data only (an append that grows the file also makes
/// ext4 commit its metadata journal: 0.26 vs 0.16 ms measured here).
const PREALLOC: u64 = 256 * 1024;

/// `wardj ` + the end of the entries as 16 hex digits + `\n`, at offset 0.
const HEADER_LEN: usize = 23;

fn header(end: u64) -> Vec<u8> {
    format!("wardj {end:016x}\n").into_bytes()
}

/// The end offset a journal's first bytes name, if they are a header.
fn parse_header(bytes: &[u8]) -> Option<u64> {
    let hex = bytes.get(..HEADER_LEN)?.strip_prefix(b"wardj ")?;
    let hex = std::str::from_utf8(hex.strip_suffix(b"\n")?).ok()?;
    u64::from_str_radix(hex, 16)
        .ok()
        .filter(|end| *end >= HEADER_LEN as u64)
}

/// Appends `e` to the journal of the store at `store` and syncs it to disk
/// before returning. Returns where the journal's entries end afterwards, so
/// the caller can ingest a long journal.
///
/// The store itself is not opened; the caller appends to a journal only of
/// a store that exists (the first event of a new store goes to the store,
/// which creates and migrates it).
pub fn append(store: &Path, e: &NewEvent) -> Result<u64> {
    use std::os::unix::fs::FileExt;
    let path = journal_path(store);
    let err = |source| Error::Journal {
        path: path.clone(),
        source,
    };
    let entry = Entry {
        t: e.time_ns.unwrap_or_else(now_ns),
        e: e.clone(),
    };
    let mut line = vec![MARK];
    serde_json::to_writer(&mut line, &entry).map_err(|e| err(e.into()))?;
    line.push(b'\n');
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(&path)
        .map_err(err)?;
    // Exclusive: the end offset is read and moved under the lock.
    file.lock().map_err(err)?;
    let len = file.metadata().map_err(err)?.len();
    let mut head = [0u8; HEADER_LEN];
    let known = (len >= HEADER_LEN as u64)
        .then(|| file.read_exact_at(&mut head, 0).ok())
        .flatten()
        .and_then(|()| parse_header(&head));
    let end = match known {
        Some(end) => end,
        // Entries without a header: keep appending after them.
        None if len > 0 => len,
        // New or just ingested: the header and the zeros, synced with the
        // directory entry once.
        None => {
            file.write_all_at(&header(HEADER_LEN as u64), 0)
                .map_err(err)?;
            file.set_len(PREALLOC).map_err(err)?;
            let zeros = vec![0u8; PREALLOC as usize - HEADER_LEN];
            file.write_all_at(&zeros, HEADER_LEN as u64).map_err(err)?;
            file.sync_all().map_err(err)?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                File::open(dir).and_then(|d| d.sync_all()).map_err(err)?;
            }
            HEADER_LEN as u64
        }
    };
    // One write for the entry: a torn one is skipped by the reader.
    file.write_all_at(&line, end).map_err(err)?;
    let new_end = end + line.len() as u64;
    if known.is_some() || len == 0 {
        file.write_all_at(&header(new_end), 0).map_err(err)?;
    }
    file.sync_data().map_err(err)?;
    Ok(new_end)
}

/// Whether the journal of `store` holds entries (reads its header).
pub fn is_pending(store: &Path) -> bool {
    use std::os::unix::fs::FileExt;
    let Ok(file) = File::open(journal_path(store)) else {
        return false;
    };
    let len = file.metadata().map_or(0, |m| m.len());
    let mut head = [0u8; HEADER_LEN];
    match file
        .read_exact_at(&mut head, 0)
        .ok()
        .and_then(|()| parse_header(&head))
    {
        Some(end) => end > HEADER_LEN as u64,
        None => len > 0,
    }
}

/// The journal, locked exclusively while its entries are moved into the
/// chain.
pub(crate) struct Pending {
    file: File,
    path: PathBuf,
    /// The well-formed entries, oldest first.
    pub(crate) events: Vec<NewEvent>,
}

/// Opens and locks the journal of `store` when it holds anything.
pub(crate) fn pending(store: &Path) -> Result<Option<Pending>> {
    let path = journal_path(store);
    let err = |source| Error::Journal {
        path: path.clone(),
        source,
    };
    // Checked from the header first: the common case is an empty journal.
    if !is_pending(store) {
        return Ok(None);
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&path)
        .map_err(err)?;
    file.lock().map_err(err)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(err)?;
    if bytes.is_empty() {
        return Ok(None);
    }
    Ok(Some(Pending {
        file,
        path,
        events: parse(&bytes),
    }))
}

impl Pending {
    /// Empties the journal once its entries are committed to the store.
    pub(crate) fn clear(self) -> Result<()> {
        let err = |source| Error::Journal {
            path: self.path.clone(),
            source,
        };
        self.file.set_len(0).map_err(err)?;
        self.file.sync_data().map_err(err)
    }
}

/// The well-formed entries of journal text, in order; torn or damaged ones
/// are skipped.
fn parse(bytes: &[u8]) -> Vec<NewEvent> {
    bytes
        .split(|b| *b == MARK)
        // The pre-allocated zeros follow the last entry.
        .map(|chunk| {
            let keep = chunk.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1);
            chunk.get(..keep).unwrap_or_default()
        })
        .filter_map(|chunk| chunk.strip_suffix(b"\n"))
        .filter_map(|json| serde_json::from_slice::<Entry>(json).ok())
        .map(|entry| NewEvent {
            time_ns: Some(entry.t),
            ..entry.e
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(raw: &str) -> NewEvent {
        NewEvent {
            actor: "agent:claude".into(),
            source: "hook".into(),
            raw: raw.into(),
            decision: "allow".into(),
            commands: vec![raw.into()],
            pid: 7,
            ..NewEvent::default()
        }
    }

    fn raws(s: &crate::Store) -> Vec<String> {
        let mut out = Vec::new();
        s.for_each(&crate::Filter::default(), |e| {
            out.push(e.body.raw);
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn entries_read_back_in_order_with_their_time() {
        let d = tempfile::tempdir().unwrap();
        let store = d.path().join("audit.db");
        append(&store, &event("ls -la")).unwrap();
        let n = append(&store, &event("multi\nline \u{1e} text")).unwrap();
        assert!(n > 0);
        let p = pending(&store).unwrap().unwrap();
        let raws: Vec<&str> = p.events.iter().map(|e| e.raw.as_str()).collect();
        assert_eq!(raws, ["ls -la", "multi\nline \u{1e} text"]);
        assert!(p.events.iter().all(|e| e.time_ns.is_some_and(|t| t > 0)));
        p.clear().unwrap();
        assert!(pending(&store).unwrap().is_none());
    }

    /// A crash mid-write leaves a torn entry: it is skipped, and the entry
    /// appended after it is still read.
    #[test]
    fn a_torn_entry_does_not_take_the_next_one_with_it() {
        let d = tempfile::tempdir().unwrap();
        let store = d.path().join("audit.db");
        append(&store, &event("first")).unwrap();
        use std::io::Write;
        let mut f = OpenOptions::new()
            .append(true)
            .open(journal_path(&store))
            .unwrap();
        f.write_all(b"\x1e{\"t\":1,\"e\":{\"actor\":\"hu").unwrap();
        append(&store, &event("after the tear")).unwrap();
        let p = pending(&store).unwrap().unwrap();
        let raws: Vec<&str> = p.events.iter().map(|e| e.raw.as_str()).collect();
        assert_eq!(raws, ["first", "after the tear"]);
    }

    #[test]
    fn the_journal_is_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let store = d.path().join("audit.db");
        append(&store, &event("x")).unwrap();
        let mode = std::fs::metadata(journal_path(&store))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    /// Opening the store moves journalled events into the chain, in order,
    /// after what the store already held; the chain verifies and the
    /// journal is empty afterwards.
    #[test]
    fn opening_the_store_ingests_the_journal_into_the_chain() {
        let d = tempfile::tempdir().unwrap();
        let store = d.path().join("audit.db");
        crate::Store::open(&store)
            .unwrap()
            .append(&event("direct"))
            .unwrap();
        append(&store, &event("one")).unwrap();
        append(&store, &event("two")).unwrap();
        let mut s = crate::Store::open(&store).unwrap();
        assert!(pending(&store).unwrap().is_none());
        s.append(&event("three")).unwrap();
        append(&store, &event("four")).unwrap();
        // An append (the daemon's) ingests too, before its own event.
        s.append(&event("five")).unwrap();
        let raws = raws(&s);
        assert_eq!(raws, ["direct", "one", "two", "three", "four", "five"]);
        assert!(s.verify().unwrap().ok());
    }

    /// An ingest killed after its commit, before it emptied the journal:
    /// the next ingest records each entry once.
    #[test]
    fn entries_already_in_the_chain_are_not_recorded_twice() {
        let d = tempfile::tempdir().unwrap();
        let store = d.path().join("audit.db");
        crate::Store::open(&store).unwrap();
        append(&store, &event("one")).unwrap();
        append(&store, &event("two")).unwrap();
        let journal = std::fs::read(journal_path(&store)).unwrap();
        crate::Store::open(&store).unwrap();
        // The journal as the killed ingest left it, plus a later entry.
        std::fs::write(journal_path(&store), &journal).unwrap();
        append(&store, &event("three")).unwrap();
        let s = crate::Store::open(&store).unwrap();
        let raws = raws(&s);
        assert_eq!(raws, ["one", "two", "three"]);
        assert!(s.verify().unwrap().ok());
    }

    /// After an ingest the journal is empty, the next entry pre-allocates
    /// it again, and a pre-allocated journal without entries is not
    /// pending (readers do not take the writers' lock for nothing).
    #[test]
    fn an_ingested_journal_is_not_pending_and_grows_again() {
        let d = tempfile::tempdir().unwrap();
        let store = d.path().join("audit.db");
        crate::Store::open(&store).unwrap();
        assert!(!is_pending(&store));
        let end = append(&store, &event("one")).unwrap();
        assert!(is_pending(&store));
        assert_eq!(
            std::fs::metadata(journal_path(&store)).unwrap().len(),
            PREALLOC
        );
        assert!(append(&store, &event("two")).unwrap() > end);
        let s = crate::Store::open(&store).unwrap();
        assert!(!is_pending(&store));
        append(&store, &event("three")).unwrap();
        assert_eq!(raws(&s), ["one", "two", "three"]);
    }
}
