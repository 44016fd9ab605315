//! Opening the store (dir 0700, files 0600, WAL, migrations) and appending.

use crate::error::{Error, Result};
use crate::event::{Event, GENESIS, Hash, NewEvent, chain_hash};
use crate::journal;
use crate::path::resolve_path;
use crate::time::now_ns;
use crate::tip::{Tip, TipFile};
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, TransactionBehavior, params};
use std::fs::{DirBuilder, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Numbered migrations; index + 1 is the schema version each one produces.
/// INVARIANT: never edit a landed file; append a new one.
/// Past this many bytes of write-ahead log, an append folds it into the
/// main file and truncates it (about 30 single appends).
const WAL_TRUNCATE_BYTES: u64 = 256 * 1024;

const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

/// The newest schema version this build knows.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How hard a commit waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sync {
    /// fsync the WAL on every commit: an acknowledged event survives power loss.
    #[default]
    Full,
    /// fsync only at checkpoints: survives a crash of any process, not of the machine.
    Normal,
}

/// Knobs for opening a store.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Durability of each commit.
    pub sync: Sync,
    /// How long an append waits for another writer before failing.
    pub busy_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            sync: Sync::Full,
            busy_timeout: Duration::from_secs(2),
        }
    }
}

/// An open audit store.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) tip: TipFile,
    pub(crate) busy_timeout: Duration,
}

pub(crate) const COLUMNS: &str = "id, time_ns, actor, source, kind, raw, commands, decision, \
     rules, reason, cwd, pid, ppid, uid, session, decided_by, extra, prev_hash, hash";

impl Store {
    /// Opens (creating on first use) the store at `--store`, `WARD_HOME`, or the XDG state dir.
    pub fn open_default(explicit: Option<&Path>) -> Result<Self> {
        Self::open(&resolve_path(explicit)?)
    }

    /// Opens (creating on first use) the store at `path` with default options.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, Options::default())
    }

    /// Opens a store that must already exist (for reading commands).
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Missing(path.to_path_buf()));
        }
        Self::open(path)
    }

    /// Opens (creating on first use) the store at `path`.
    pub fn open_with(path: &Path, opts: Options) -> Result<Self> {
        let open_err = |source| Error::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(open_err)?;
        }
        // Create the file ourselves so it is 0600 from the first byte; SQLite
        // gives its -wal and -shm files the same mode.
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(open_err(e)),
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let sql = |what| {
            move |source| Error::Sqlite {
                path: path.to_path_buf(),
                what,
                source,
            }
        };
        let conn = Connection::open_with_flags(path, flags).map_err(sql("cannot open"))?;
        conn.busy_timeout(opts.busy_timeout)
            .map_err(sql("cannot set timeout"))?;
        let sync = match opts.sync {
            Sync::Full => "FULL",
            Sync::Normal => "NORMAL",
        };
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql("cannot switch to WAL"))?;
        conn.pragma_update(None, "synchronous", sync)
            .map_err(sql("cannot set synchronous"))?;
        // A front end opens the store, appends once and exits: checkpointing
        // on every close would cost several fsyncs per process, so closing
        // leaves the WAL. SQLite's own auto-checkpoint does not help here:
        // the first connection after a close rebuilds the WAL index from the
        // whole file and counts every frame as not yet copied, so the log
        // would only grow (and every open re-read it). Appends truncate it
        // themselves instead (`fold_wal`).
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(sql("cannot configure"))?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(sql("cannot configure"))?;
        migrate(&conn, path)?;
        let tip = TipFile::open(path)?;
        let mut store = Self {
            conn,
            path: path.to_path_buf(),
            tip,
            busy_timeout: opts.busy_timeout,
        };
        // Whoever opens the store sees what front ends journalled. Best
        // effort: a reader that cannot take the writers' lock in time still
        // reads the chain, and the journal stays for the next open.
        let _ = store.append_batch(&[]);
        Ok(store)
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one event durably: one transaction that takes the write lock,
    /// reads the tip, inserts and commits. Fails (never hangs) when another
    /// writer holds the lock past the busy timeout.
    pub fn append(&mut self, e: &NewEvent) -> Result<Event> {
        let mut out = self.append_batch(std::slice::from_ref(e))?;
        out.pop()
            .ok_or_else(|| self.malformed(0, "append stored nothing"))
    }

    /// Appends several events in one transaction (one fsync): what a daemon
    /// batching many front ends does. Events waiting in the append journal
    /// (`crate::journal`) go into the chain first, in the same transaction;
    /// only `events` are returned.
    pub fn append_batch(&mut self, events: &[NewEvent]) -> Result<Vec<Event>> {
        self.append_shared(events)
    }

    /// Moves journalled events into the chain when there are any (one
    /// `stat` when there are none): readers call it first, so a long-lived
    /// reader (the HTTP API's stream, the monitor) sees what front ends
    /// journalled. Best effort: a reader that cannot write still reads.
    pub(crate) fn ingest_for_read(&self) {
        if journal::is_pending(&self.path) {
            let _ = self.append_shared(&[]);
        }
    }

    /// [`Store::append_batch`] through a shared reference: the transaction
    /// is SQLite's (`BEGIN IMMEDIATE`), the exclusion the writers' lock.
    fn append_shared(&self, events: &[NewEvent]) -> Result<Vec<Event>> {
        let path = self.path.clone();
        let sql = |what| {
            let path = path.clone();
            move |source| Error::Sqlite { path, what, source }
        };
        let guard = self.tip.lock(self.busy_timeout)?;
        // Under the writers' lock: no other process ingests at the same time.
        let pending = journal::pending(&self.path)?;
        if events.is_empty() && pending.is_none() {
            return Ok(Vec::new());
        }
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(sql("cannot lock for writing"))?;
        let (mut id, mut prev) = read_tip(&tx).map_err(sql("cannot read the chain tip"))?;
        let extends = sidecar_extends(&tx, guard.current()?, id, &prev)
            .map_err(sql("cannot read the chain tip"))?;
        let now = now_ns();
        let mut last_ingested = None;
        for e in pending.iter().flat_map(|p| &p.events) {
            if journalled(&tx, e).map_err(sql("cannot read the journal's events"))? {
                continue;
            }
            id += 1;
            let ev = insert(&tx, id, e, prev, now).map_err(sql("cannot insert event"))?;
            prev = ev.hash;
            last_ingested = Some(ev);
        }
        let mut out = Vec::with_capacity(events.len());
        for e in events {
            id += 1;
            let ev = insert(&tx, id, e, prev, now).map_err(sql("cannot insert event"))?;
            prev = ev.hash;
            out.push(ev);
        }
        tx.commit().map_err(sql("cannot commit event"))?;
        // Committed: the journal may go (a crash before this leaves entries
        // the next ingest recognises as already in the chain).
        if let Some(p) = pending {
            p.clear()?;
        }
        if let Some(last) = out.last().or(last_ingested.as_ref()).filter(|_| extends) {
            guard.advance(Tip {
                id: last.id,
                hash: last.hash,
            })?;
        }
        drop(guard);
        self.fold_wal();
        Ok(out)
    }

    /// Folds a long write-ahead log into the main file and truncates it,
    /// without waiting: a reader in another process (the monitor, an
    /// export) makes it give up, and a later append tries again. The event
    /// is already committed, so a failure here is not an append failure.
    fn fold_wal(&self) {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let long = std::fs::metadata(&wal).is_ok_and(|m| m.len() > WAL_TRUNCATE_BYTES);
        if !long || self.conn.busy_timeout(Duration::ZERO).is_err() {
            return;
        }
        let _ = self.checkpoint();
        let _ = self.conn.busy_timeout(self.busy_timeout);
    }

    /// Folds the write-ahead log into the main file and truncates it.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(self.sql("cannot checkpoint"))
    }

    pub(crate) fn malformed(&self, id: i64, what: impl Into<String>) -> Error {
        Error::Malformed {
            path: self.path.clone(),
            id,
            what: what.into(),
        }
    }

    pub(crate) fn sql(&self, what: &'static str) -> impl Fn(rusqlite::Error) -> Error + '_ {
        move |source| Error::Sqlite {
            path: self.path.clone(),
            what,
            source,
        }
    }
}

fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    let sql = |what| {
        move |source| Error::Sqlite {
            path: path.to_path_buf(),
            what,
            source,
        }
    };
    let version =
        |c: &Connection| c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0));
    let found = version(conn).map_err(sql("cannot read schema version"))?;
    if found > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            path: path.to_path_buf(),
            found,
            known: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    // Another process may be migrating too: decide again under the write lock.
    conn.execute_batch("BEGIN IMMEDIATE")
        .map_err(sql("cannot start migration"))?;
    let res = (|| {
        let found = version(conn)?;
        for (v, m) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(found).unwrap_or(0))
        {
            conn.execute_batch(m)?;
            conn.pragma_update(None, "user_version", v as i64 + 1)?;
        }
        conn.execute_batch("COMMIT")
    })();
    if res.is_err() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    res.map_err(sql("cannot migrate"))
}

/// Whether journal entry `e` is already in the chain (an ingest that was
/// killed after its commit, before it emptied the journal).
fn journalled(c: &Connection, e: &NewEvent) -> rusqlite::Result<bool> {
    let Some(t) = e.time_ns else { return Ok(false) };
    c.prepare_cached(
        "SELECT 1 FROM events WHERE time_ns = ?1 AND pid = ?2 AND source = ?3 AND raw = ?4 LIMIT 1",
    )?
    .query_row(params![t, e.pid, e.source, e.raw], |_| Ok(()))
    .optional()
    .map(|found| found.is_some())
}

/// The id and hash the next event chains onto.
pub(crate) fn read_tip(c: &Connection) -> rusqlite::Result<(i64, Hash)> {
    let last = c
        .prepare_cached("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let last = match last {
        Some(l) => Some(l),
        None => read_checkpoint(c)?.map(|cp| (cp.last_id, cp.last_hash)),
    };
    Ok(last.unwrap_or((0, GENESIS)))
}

/// Whether the chain ending at (`db_id`, `db_hash`) contains the sidecar's
/// tip. If not (rows rewritten or cut off since), the sidecar is left alone
/// so the evidence survives later appends.
pub(crate) fn sidecar_extends(
    c: &Connection,
    cur: Option<Tip>,
    db_id: i64,
    db_hash: &Hash,
) -> rusqlite::Result<bool> {
    let Some(cur) = cur else { return Ok(true) };
    if cur.id == db_id {
        return Ok(cur.hash == *db_hash);
    }
    if cur.id > db_id {
        return Ok(false);
    }
    let stored: Option<Vec<u8>> = c
        .prepare_cached("SELECT hash FROM events WHERE id = ?")?
        .query_row([cur.id], |r| r.get(0))
        .optional()?;
    Ok(match stored {
        Some(h) => h == cur.hash,
        // Pruned away: nothing left to contradict it.
        None => read_checkpoint(c)?.is_some_and(|cp| cur.id <= cp.last_id),
    })
}

/// Where the chain restarts after a prune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// The last pruned event's id.
    pub last_id: i64,
    /// The last pruned event's hash.
    pub last_hash: Hash,
    /// How many events have been pruned in total.
    pub pruned: i64,
}

pub(crate) fn read_checkpoint(c: &Connection) -> rusqlite::Result<Option<Checkpoint>> {
    c.prepare_cached("SELECT last_id, last_hash, pruned FROM checkpoint WHERE one = 1")?
        .query_row([], |r| {
            Ok(Checkpoint {
                last_id: r.get(0)?,
                last_hash: r.get(1)?,
                pruned: r.get(2)?,
            })
        })
        .optional()
}

pub(crate) fn insert(
    c: &Connection,
    id: i64,
    e: &NewEvent,
    prev: Hash,
    now: i64,
) -> rusqlite::Result<Event> {
    let time_ns = e.time_ns.unwrap_or(now);
    let hash = chain_hash(id, time_ns, e, &prev);
    let json = |l: &[String]| serde_json::to_string(l).unwrap_or_else(|_| "[]".into());
    c.prepare_cached(
        "INSERT INTO events (id, time_ns, actor, source, kind, raw, commands, decision, rules, \
         reason, cwd, pid, ppid, uid, session, decided_by, extra, prev_hash, hash) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?
    .execute(params![
        id,
        time_ns,
        e.actor,
        e.source,
        e.kind,
        e.raw,
        json(&e.commands),
        e.decision,
        json(&e.rules),
        e.reason,
        e.cwd,
        e.pid,
        e.ppid,
        e.uid,
        e.session,
        e.decided_by,
        e.extra,
        prev,
        hash
    ])?;
    let mut body = e.clone();
    body.time_ns = Some(time_ns);
    Ok(Event {
        id,
        time_ns,
        body,
        prev_hash: prev,
        hash,
    })
}

/// Decodes a row selected with [`COLUMNS`]; `Err(text)` names what is malformed.
pub(crate) fn decode(r: &Row<'_>) -> rusqlite::Result<Result<Event, String>> {
    let list = |i: usize| -> rusqlite::Result<Result<Vec<String>, String>> {
        let s: String = r.get(i)?;
        Ok(serde_json::from_str(&s).map_err(|e| format!("column {i} is not a list: {e}")))
    };
    let hash = |i: usize| -> rusqlite::Result<Result<Hash, String>> {
        let v: Vec<u8> = r.get(i)?;
        Ok(Hash::try_from(v.as_slice())
            .map_err(|_| format!("hash column {i} has {} bytes", v.len())))
    };
    let id: i64 = r.get(0)?;
    let time_ns: i64 = r.get(1)?;
    let (commands, rules, prev_hash, hash) = match (list(6)?, list(8)?, hash(17)?, hash(18)?) {
        (Ok(c), Ok(ru), Ok(p), Ok(h)) => (c, ru, p, h),
        (Err(e), ..) | (_, Err(e), ..) | (_, _, Err(e), _) | (.., Err(e)) => return Ok(Err(e)),
    };
    let body = NewEvent {
        time_ns: Some(time_ns),
        actor: r.get(2)?,
        source: r.get(3)?,
        kind: r.get(4)?,
        raw: r.get(5)?,
        commands,
        decision: r.get(7)?,
        rules,
        reason: r.get(9)?,
        cwd: r.get(10)?,
        pid: r.get(11)?,
        ppid: r.get(12)?,
        uid: r.get(13)?,
        session: r.get(14)?,
        decided_by: r.get(15)?,
        extra: r.get(16)?,
    };
    Ok(Ok(Event {
        id,
        time_ns,
        body,
        prev_hash,
        hash,
    }))
}
