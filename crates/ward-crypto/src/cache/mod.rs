//! The incremental cache: per file its stamp (size, mtime, ctime, inode), content hash and
//! findings; per directory its stamp; and the stamps of the files the ignore rules come from.
//! The whole cache is keyed by the rule set and the scan's options.
//!
//! A rescan first checks the snapshot: when every directory, ignore input and file still has its
//! stamp, the walk would see the same files with the same content, so the report is answered
//! from the cache without listing a directory or opening a file. Otherwise the walk runs and
//! each file is answered by its stamp, then by its content hash, and only then rescanned.

mod codec;
mod snapshot;
mod stamp;
#[cfg(test)]
mod tests;

use crate::finding::{Finding, ScanError, ScanErrorKind};
use snapshot::{ERROR_KINDS, ErrRec, code, path_order};
pub(crate) use snapshot::{FileRec, Snapshot};
pub(crate) use stamp::{Stamp, ignore_inputs, now_ns, outside_inputs};
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
}

/// What this scan saw, to be saved.
#[derive(Debug, Default)]
struct Recording {
    fingerprint: String,
    started_ns: i64,
    files: Vec<NewFile>,
    watched: Vec<(String, Stamp)>,
}

/// The cache for one scan: what was loaded, and what this scan saw.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    old: Option<Snapshot>,
    warning: Option<String>,
    rec: Mutex<Recording>,
    /// The snapshot of this scan, built when it finishes, written by `save`.
    built: Mutex<Option<Snapshot>>,
    /// Cleared by anything the snapshot could not replay (a walk error, an unreadable ignore
    /// input, a path that is not UTF-8).
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
        self.unchanged.store(false, Ordering::Relaxed);
        if let Ok(mut r) = self.rec.lock() {
            *r = Recording {
                fingerprint: fingerprint.clone(),
                started_ns,
                ..Recording::default()
            };
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

    /// Builds the snapshot from what the walk recorded and the scan's report (its findings are
    /// sorted by path, as the files are, so each file's run is found by one merge).
    pub(crate) fn finish(
        &self,
        findings: &[Finding],
        errors: &[ScanError],
        files: u64,
        bytes: u64,
    ) {
        if !self.enabled() {
            return;
        }
        let Ok(mut r) = self.rec.lock() else {
            return;
        };
        let mut rec = std::mem::take(&mut *r);
        drop(r);
        // Path-string order first, the report's order, for the merge below.
        rec.files.sort_by(|a, b| a.path.cmp(&b.path));
        rec.watched.sort_by(|a, b| path_order(&a.0, &b.0));
        let mut s = Snapshot {
            fingerprint: rec.fingerprint,
            started_ns: rec.started_ns,
            clean: self.clean.load(Ordering::Relaxed),
            files_seen: files,
            bytes_seen: bytes,
            ..Snapshot::default()
        };
        let mut rest = findings;
        for f in &rec.files {
            // Findings of files before this one (none, unless a path was visited twice).
            let skip = rest.iter().take_while(|x| x.path < f.path).count();
            rest = rest.get(skip..).unwrap_or(&[]);
            let n = rest.iter().take_while(|x| x.path == f.path).count();
            let first = u32::try_from(s.findings.len()).unwrap_or(u32::MAX);
            for x in rest.get(..n).unwrap_or(&[]) {
                s.push_finding(x);
            }
            rest = rest.get(n..).unwrap_or(&[]);
            let path = s.strings.path(&f.path);
            s.files.push(FileRec {
                path,
                stamp: f.stamp,
                hash: f.hash,
                invalid_utf8: f.invalid_utf8,
                first,
                len: u32::try_from(n).unwrap_or(0),
            });
        }
        // Then the stored order (directory, name), which lookups bisect.
        let mut order: Vec<usize> = (0..rec.files.len()).collect();
        let path = |i: usize| rec.files.get(i).map_or("", |f| f.path.as_str());
        order.sort_by(|&a, &b| path_order(path(a), path(b)));
        s.files = order
            .into_iter()
            .filter_map(|i| s.files.get(i).copied())
            .collect();
        for (p, st) in &rec.watched {
            let p = s.strings.path(p);
            s.watched.push((p, *st));
        }
        for e in errors {
            let rec = ErrRec {
                path: s.strings.push(&e.path),
                kind: code(&ERROR_KINDS, &e.kind),
                message: s.strings.push(&e.message),
            };
            s.errors.push(rec);
        }
        if let Ok(mut b) = self.built.lock() {
            *b = Some(s);
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
        let Some(mut snap) = self.built.lock().ok().and_then(|mut b| b.take()) else {
            return Ok(());
        };
        ruleset.clone_into(&mut snap.ruleset);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        // Per process, so two scans sharing a cache never write into one temp file.
        let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
        // Owner-only: the cache holds snippets of the scanned code.
        let f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(err)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
        snap.write_to(&mut w).map_err(err)?;
        w.into_inner().map_err(|e| err(e.into_error()))?;
        std::fs::rename(&tmp, path).map_err(err)
    }
}

impl Snapshot {
    /// The cached record of the file the walk shows as `path`.
    pub(crate) fn lookup(&self, path: &str) -> Option<&FileRec> {
        let i = self
            .files
            .binary_search_by(|f| self.strings.cmp_path(f.path, path))
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
        let get = |i: usize, buf: &mut String| {
            let (p, st) = match i.checked_sub(w) {
                None => self.watched.get(i).map(|x| (x.0, x.1)),
                Some(j) => self.files.get(j).map(|f| (f.path, f.stamp)),
            }?;
            s.path_into(p, buf);
            Some(st)
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
