//! The scan history: SQLite with numbered migrations, so scans and their
//! findings outlive the server.

use crate::error::{Error, Result};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ward_crypto::{Finding, Report};

/// INVARIANT: never edit a landed file; append a new one.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

/// One scan as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanRow {
    /// The scan's id.
    pub id: i64,
    /// The scanned path (canonical).
    pub path: String,
    /// `default` or `cnsa2`.
    pub profile: String,
    /// `queued`, `running`, `done`, `failed` or `cancelled`.
    pub state: String,
    /// Files visited so far.
    pub files_done: u64,
    /// Files in the tree, once known.
    pub files_total: Option<u64>,
    /// Findings, once done.
    pub findings: u64,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was asked for (ns).
    pub created_ns: i64,
    /// When it started (ns).
    pub started_ns: Option<i64>,
    /// When it ended (ns).
    pub finished_ns: Option<i64>,
    /// How long the walk took.
    pub elapsed_ms: Option<u64>,
}

/// A finding as stored: the filter keys and its JSON.
#[derive(Debug, Clone)]
pub struct StoredFinding {
    /// The file.
    pub path: String,
    /// Lowercase severity.
    pub severity: String,
    /// Algorithm name.
    pub algorithm: String,
    /// The finding serialised once, reused by every page.
    pub json: Box<serde_json::value::RawValue>,
}

/// The history database; one connection, used from blocking tasks.
#[derive(Debug)]
pub struct History {
    conn: Connection,
    path: PathBuf,
}

fn as_u64(v: Option<i64>) -> Option<u64> {
    v.and_then(|v| u64::try_from(v).ok())
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

impl History {
    /// Opens (creating) the history at `path` and marks scans a previous
    /// server left unfinished as failed.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|source| Error::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
        }
        let conn = Connection::open(path).map_err(sql(path, "cannot open"))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sql(path, "cannot switch to WAL"))?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sql(path, "cannot configure"))?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(sql(path, "cannot configure"))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sql(path, "cannot configure"))?;
        let mut h = Self {
            conn,
            path: path.to_path_buf(),
        };
        h.migrate()?;
        h.conn
            .execute(
                "UPDATE scans SET state = 'failed', error = 'interrupted: the server stopped' \
                 WHERE state IN ('queued', 'running')",
                [],
            )
            .map_err(h.sql("cannot mark interrupted scans"))?;
        Ok(h)
    }

    fn migrate(&mut self) -> Result<()> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(sql(&path, "cannot migrate"))?;
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql(&path, "cannot read schema version"))?;
        let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
        if version > known {
            return Err(Error::SchemaTooNew(path));
        }
        for m in MIGRATIONS
            .iter()
            .skip(usize::try_from(version).unwrap_or(0))
        {
            tx.execute_batch(m).map_err(sql(&path, "cannot migrate"))?;
        }
        tx.pragma_update(None, "user_version", known)
            .map_err(sql(&path, "cannot migrate"))?;
        tx.commit().map_err(sql(&path, "cannot migrate"))
    }

    /// Records a new queued scan; returns its id.
    pub fn insert(&self, path: &str, profile: &str, now_ns: i64) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO scans (path, profile, state, created_ns) VALUES (?, ?, 'queued', ?)",
                params![path, profile, now_ns],
            )
            .map_err(self.sql("cannot record scan"))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Marks a scan running.
    pub fn start(&self, id: i64, now_ns: i64) -> Result<()> {
        self.conn
            .execute(
                "UPDATE scans SET state = 'running', started_ns = ? WHERE id = ? AND state = 'queued'",
                params![now_ns, id],
            )
            .map_err(self.sql("cannot update scan"))?;
        Ok(())
    }

    /// Stores a finished scan's report and findings in one transaction.
    /// Returns false when the scan was deleted meanwhile.
    pub fn finish(&mut self, id: i64, report: &Report, now_ns: i64) -> Result<bool> {
        let whole = serde_json::to_string(report)
            .map_err(|e| Error::Config(format!("cannot encode report: {e}")))?;
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction()
            .map_err(sql(&path, "cannot store scan"))?;
        let n = tx
            .execute(
                "UPDATE scans SET state = 'done', files_done = ?1, files_total = ?1, findings = ?2, \
                 finished_ns = ?3, elapsed_ms = ?4, report = ?5 WHERE id = ?6",
                params![
                    as_i64(report.stats.files),
                    as_i64(report.findings.len() as u64),
                    now_ns,
                    as_i64(report.stats.elapsed_ms),
                    whole,
                    id
                ],
            )
            .map_err(sql(&path, "cannot store scan"))?;
        if n == 0 {
            return Ok(false);
        }
        {
            let mut ins = tx
                .prepare(
                    "INSERT INTO findings (scan_id, seq, path, severity, algorithm, body) \
                     VALUES (?, ?, ?, ?, ?, ?)",
                )
                .map_err(sql(&path, "cannot store findings"))?;
            for (seq, f) in report.findings.iter().enumerate() {
                let body = serde_json::to_string(f)
                    .map_err(|e| Error::Config(format!("cannot encode finding: {e}")))?;
                ins.execute(params![
                    id,
                    as_i64(seq as u64),
                    f.path,
                    severity(f),
                    f.algorithm,
                    body
                ])
                .map_err(sql(&path, "cannot store findings"))?;
            }
        }
        tx.commit().map_err(sql(&path, "cannot store scan"))?;
        Ok(true)
    }

    /// Marks a scan failed with a reason.
    pub fn fail(&self, id: i64, why: &str, now_ns: i64) -> Result<()> {
        self.conn
            .execute(
                "UPDATE scans SET state = 'failed', error = ?, finished_ns = ? WHERE id = ?",
                params![why, now_ns, id],
            )
            .map_err(self.sql("cannot update scan"))?;
        Ok(())
    }

    /// Deletes a scan and its findings; false when there was none.
    pub fn delete(&self, id: i64) -> Result<bool> {
        let n = self
            .conn
            .execute("DELETE FROM scans WHERE id = ?", [id])
            .map_err(self.sql("cannot delete scan"))?;
        Ok(n > 0)
    }

    /// One scan.
    pub fn get(&self, id: i64) -> Result<Option<ScanRow>> {
        self.conn
            .query_row(
                "SELECT id, path, profile, state, files_done, files_total, findings, error, \
                 created_ns, started_ns, finished_ns, elapsed_ms FROM scans WHERE id = ?",
                [id],
                |r| {
                    Ok(ScanRow {
                        id: r.get(0)?,
                        path: r.get(1)?,
                        profile: r.get(2)?,
                        state: r.get(3)?,
                        files_done: as_u64(r.get(4)?).unwrap_or(0),
                        files_total: as_u64(r.get(5)?),
                        findings: as_u64(r.get(6)?).unwrap_or(0),
                        error: r.get(7)?,
                        created_ns: r.get(8)?,
                        started_ns: r.get(9)?,
                        finished_ns: r.get(10)?,
                        elapsed_ms: as_u64(r.get(11)?),
                    })
                },
            )
            .optional()
            .map_err(self.sql("cannot read scan"))
    }

    /// The stored JSON report of a finished scan.
    pub fn report(&self, id: i64) -> Result<Option<Report>> {
        let text: Option<Option<String>> = self
            .conn
            .query_row("SELECT report FROM scans WHERE id = ?", [id], |r| r.get(0))
            .optional()
            .map_err(self.sql("cannot read report"))?;
        let Some(Some(text)) = text else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| Error::Config(format!("stored report of scan {id} is damaged: {e}")))
    }

    /// A finished scan's findings in report order.
    pub fn findings(&self, id: i64) -> Result<Vec<StoredFinding>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT path, severity, algorithm, body FROM findings WHERE scan_id = ? ORDER BY seq",
            )
            .map_err(self.sql("cannot read findings"))?;
        let rows = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(self.sql("cannot read findings"))?;
        let mut out = Vec::new();
        for row in rows {
            let (path, severity, algorithm, body) =
                row.map_err(self.sql("cannot read findings"))?;
            let json = serde_json::value::RawValue::from_string(body).map_err(|e| {
                Error::Config(format!("stored finding of scan {id} is damaged: {e}"))
            })?;
            out.push(StoredFinding {
                path,
                severity,
                algorithm,
                json,
            });
        }
        Ok(out)
    }

    /// Scans by state.
    pub fn count_by_state(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT state, COUNT(*) FROM scans GROUP BY state ORDER BY state")
            .map_err(self.sql("cannot count scans"))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
            .map_err(self.sql("cannot count scans"))?;
        rows.map(|r| {
            r.map(|(s, n)| (s, as_u64(Some(n)).unwrap_or(0)))
                .map_err(self.sql("cannot count scans"))
        })
        .collect()
    }

    fn sql<'a>(&'a self, what: &'static str) -> impl Fn(rusqlite::Error) -> Error + 'a {
        sql(&self.path, what)
    }
}

fn sql<'a>(path: &'a Path, what: &'static str) -> impl Fn(rusqlite::Error) -> Error + 'a {
    move |source| Error::Sqlite {
        path: path.to_path_buf(),
        what,
        source,
    }
}

/// A finding's severity as the API spells it.
pub fn severity(f: &Finding) -> String {
    serde_json::to_value(f.severity)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
