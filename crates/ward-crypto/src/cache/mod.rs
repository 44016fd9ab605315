//! The incremental cache: per file its stamp (size, mtime, ctime, inode), content hash and
//! findings; per directory its stamp; and the stamps of the files the ignore rules come from.
//! The whole cache is keyed by the rule set and the scan's options.
//!
//! A rescan first checks the snapshot: when every directory, ignore input and file still has its
//! stamp, the walk would see the same files with the same content, so the report is answered
//! from the cache without listing a directory or opening a file. Otherwise the walk runs and
//! each file is answered by its stamp, then by its content hash, and only then rescanned.

mod codec;
mod stamp;
#[cfg(test)]
mod tests;

use crate::finding::{Finding, ScanError, ScanErrorKind};
pub(crate) use codec::Snapshot;
use codec::{ERROR_KINDS, ErrRec, FileRec, code};
pub(crate) use stamp::{Stamp, ignore_inputs, now_ns, outside_inputs};
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// A cache problem.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The cache file could not be written.
    #[error("cannot write cache `{path}`: {source}")]
    Write {
        /// The cache file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// One file as this scan saw it.
#[derive(Debug)]
pub(crate) struct NewFile {
    pub path: String,
    pub stamp: Stamp,
    pub hash: [u8; 32],
    pub invalid_utf8: bool,
    pub findings: Vec<Finding>,
}

/// What this scan saw, to be saved.
#[derive(Debug, Default)]
struct Recording {
    fingerprint: String,
    started_ns: i64,
    files: Vec<NewFile>,
    watched: Vec<(String, Stamp)>,
    errors: Vec<ScanError>,
    files_seen: u64,
    bytes_seen: u64,
}

/// The cache for one scan: what was loaded, and what this scan saw.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    old: Option<Snapshot>,
    warning: Option<String>,
    rec: Mutex<Recording>,
    /// Cleared by anything the snapshot could not replay (a walk error, a `.git` file).
    clean: AtomicBool,
    /// Set when the snapshot answered the scan: nothing to write.
    unchanged: AtomicBool,
}

impl Cache {
    /// No caching.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Loads `path`. A missing file, another format version or another rule set gives an empty
    /// cache; a damaged file too, with a [`warning`](Self::warning).
    pub fn load(path: &Path, ruleset: &str) -> Self {
        let mut warning = None;
        let old = match std::fs::read(path) {
            Ok(bytes) => match Snapshot::decode(&bytes) {
                Some(s) => Some(s),
                None if Snapshot::other_format(&bytes) => None,
                None => {
                    warning = Some(format!(
                        "ignoring damaged scan cache `{}`; it will be rebuilt",
                        path.display()
                    ));
                    None
                }
            },
            Err(_) => None,
        };
        Self {
            path: Some(path.to_owned()),
            old: old.filter(|s| s.ruleset == ruleset),
            warning,
            ..Self::default()
        }
    }

    /// Whether a cache file is in use.
    pub fn enabled(&self) -> bool {
        self.path.is_some()
    }

    /// A problem with the loaded file worth one line on stderr (it never fails a scan).
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
    }

    /// Starts a scan: the loaded snapshot when it was made with the same options.
    pub(crate) fn begin(&self, fingerprint: String, started_ns: i64) -> Option<&Snapshot> {
        self.clean.store(self.enabled(), Ordering::Relaxed);
        if let Ok(mut r) = self.rec.lock() {
            r.started_ns = started_ns;
            r.fingerprint.clone_from(&fingerprint);
        }
        self.old.as_ref().filter(|s| s.fingerprint == fingerprint)
    }

    /// Marks this scan as answered wholly by the snapshot.
    pub(crate) fn mark_unchanged(&self) {
        self.unchanged.store(true, Ordering::Relaxed);
    }

    /// Something the snapshot cannot vouch for: the next scan walks.
    pub(crate) fn mark_unclean(&self) {
        self.clean.store(false, Ordering::Relaxed);
    }

    /// Records a file this scan visited.
    pub(crate) fn put(&self, f: NewFile) {
        if self.enabled()
            && let Ok(mut r) = self.rec.lock()
        {
            r.files.push(f);
        }
    }

    /// Records paths whose stamps decide whether the walk can be skipped next time.
    pub(crate) fn watch(&self, items: impl IntoIterator<Item = (String, Stamp)>) {
        if self.enabled()
            && let Ok(mut r) = self.rec.lock()
        {
            r.watched.extend(items);
        }
    }

    /// Records the scan's totals and errors, replayed when the next scan finds nothing changed.
    pub(crate) fn finish(&self, errors: &[ScanError], files: u64, bytes: u64) {
        if self.enabled()
            && let Ok(mut r) = self.rec.lock()
        {
            r.errors = errors.to_vec();
            r.files_seen = files;
            r.bytes_seen = bytes;
        }
    }

    /// Writes the cache atomically (temp file and rename); nothing when the scan changed nothing.
    pub fn save(&self, ruleset: &str) -> Result<(), CacheError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if self.unchanged.load(Ordering::Relaxed) && path.exists() {
            return Ok(());
        }
        let err = |source| CacheError::Write {
            path: path.display().to_string(),
            source,
        };
        let data = match self.rec.lock() {
            Ok(mut r) => self.snapshot(&mut r, ruleset).encode(),
            Err(_) => return Ok(()),
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let tmp = path.with_extension("tmp");
        // Owner-only: the cache holds snippets of the scanned code.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(err)?;
        f.write_all(&data).map_err(err)?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(err)
    }

    fn snapshot(&self, r: &mut Recording, ruleset: &str) -> Snapshot {
        r.files.sort_by(|a, b| a.path.cmp(&b.path));
        r.watched.sort_by(|a, b| a.0.cmp(&b.0));
        let mut s = Snapshot {
            ruleset: ruleset.to_owned(),
            fingerprint: r.fingerprint.clone(),
            started_ns: r.started_ns,
            clean: self.clean.load(Ordering::Relaxed),
            files_seen: r.files_seen,
            bytes_seen: r.bytes_seen,
            ..Snapshot::default()
        };
        for f in &r.files {
            let first = u32::try_from(s.findings.len()).unwrap_or(u32::MAX);
            for x in &f.findings {
                s.push_finding(x);
            }
            let path = s.strings.intern(&f.path);
            s.files.push(FileRec {
                path,
                stamp: f.stamp,
                hash: f.hash,
                invalid_utf8: f.invalid_utf8,
                first,
                len: u32::try_from(f.findings.len()).unwrap_or(0),
            });
        }
        for (p, st) in &r.watched {
            let p = s.strings.intern(p);
            s.watched.push((p, *st));
        }
        for e in &r.errors {
            let rec = ErrRec {
                path: s.strings.intern(&e.path),
                kind: code(&ERROR_KINDS, &e.kind),
                message: s.strings.intern(&e.message),
            };
            s.errors.push(rec);
        }
        s
    }
}

impl Snapshot {
    /// The cached record of the file the walk shows as `path`.
    pub(crate) fn lookup(&self, path: &str) -> Option<&FileRec> {
        let i = self
            .files
            .binary_search_by(|f| self.strings.get(f.path).cmp(path))
            .ok()?;
        self.files.get(i)
    }

    /// Whether every watched path and every file still has its stamp: then the walk would see
    /// exactly the files it saw, with the content it read.
    pub(crate) fn unchanged(&self, threads: usize) -> bool {
        if !self.clean {
            return false;
        }
        let s = &self.strings;
        let w = self.watched.len();
        let get = |i: usize| match i.checked_sub(w) {
            None => self.watched.get(i).map(|x| (s.get(x.0), x.1)),
            Some(j) => self.files.get(j).map(|f| (s.get(f.path), f.stamp)),
        };
        stamp::all_unchanged(w + self.files.len(), get, self.started_ns, threads)
    }

    /// Every cached finding, owned, in file order.
    pub(crate) fn all_findings(&self) -> Vec<Finding> {
        let mut out = Vec::with_capacity(self.findings.len());
        for f in &self.files {
            self.findings_of(f, &mut out);
        }
        out
    }

    /// The errors the snapshot's scan reported.
    pub(crate) fn errors(&self) -> Vec<ScanError> {
        self.errors
            .iter()
            .map(|e| ScanError {
                path: self.strings.get(e.path).to_owned(),
                kind: ERROR_KINDS
                    .get(usize::from(e.kind))
                    .copied()
                    .unwrap_or(ScanErrorKind::Walk),
                message: self.strings.get(e.message).to_owned(),
            })
            .collect()
    }
}
