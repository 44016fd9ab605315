//! The tree scanner: `ignore`'s parallel walk, size cap, binary skip, cache, errors.

use crate::algo::Profile;
use crate::cache::{Cache, Entry};
use crate::finding::{Finding, ScanError, ScanErrorKind};
use crate::report::{Report, Stats};
use crate::scan::{is_candidate, scan_bytes_with};
use ignore::{WalkBuilder, WalkState, overrides::OverrideBuilder};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Instant, UNIX_EPOCH};

/// Called once per visited file, for progress display.
pub type Progress = Arc<dyn Fn() + Send + Sync>;

/// How to scan a tree.
#[derive(Clone)]
pub struct ScanOptions {
    /// Files or directories to scan.
    pub roots: Vec<PathBuf>,
    /// Ignore `.gitignore`/`.ignore` files.
    pub no_ignore: bool,
    /// Scan hidden files and directories.
    pub hidden: bool,
    /// Globs to exclude.
    pub excludes: Vec<String>,
    /// Files larger than this are skipped and reported.
    pub max_filesize: u64,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// The profile findings are judged against.
    pub profile: Profile,
    /// Progress callback.
    pub progress: Option<Progress>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        Self {
            roots: vec![PathBuf::from(".")],
            no_ignore: false,
            hidden: false,
            excludes: Vec::new(),
            max_filesize: 32 * 1024 * 1024,
            threads: 0,
            profile: Profile::Default,
            progress: None,
        }
    }
}

#[derive(Default)]
struct Counters {
    files: AtomicU64,
    bytes: AtomicU64,
    cache_hits: AtomicU64,
    read: AtomicU64,
    candidates: AtomicU64,
    binary: AtomicU64,
}

struct Shared<'a> {
    opts: &'a ScanOptions,
    cache: &'a Cache,
    cwd: PathBuf,
    counters: Counters,
    findings: Mutex<Vec<Finding>>,
    errors: Mutex<Vec<ScanError>>,
}

impl Shared<'_> {
    fn error(&self, path: &Path, kind: ScanErrorKind, message: String) {
        if let Ok(mut e) = self.errors.lock() {
            e.push(ScanError {
                path: path.display().to_string(),
                kind,
                message,
            });
        }
    }
}

/// Scans the roots in parallel; problems go to the report's `errors`, never abort the scan.
pub fn scan_tree(opts: &ScanOptions, cache: &Cache) -> Report {
    let start = Instant::now();
    let shared = Shared {
        opts,
        cache,
        cwd: std::env::current_dir().unwrap_or_default(),
        counters: Counters::default(),
        findings: Mutex::new(Vec::new()),
        errors: Mutex::new(Vec::new()),
    };
    let roots: Vec<&PathBuf> = opts
        .roots
        .iter()
        .filter(|r| {
            let ok = std::fs::symlink_metadata(r).is_ok();
            if !ok {
                shared.error(
                    r,
                    ScanErrorKind::NotFound,
                    format!("path `{}` does not exist", r.display()),
                );
            }
            ok
        })
        .collect();
    if let Some((first, rest)) = roots.split_first() {
        let mut b = WalkBuilder::new(first);
        for r in rest {
            b.add(r);
        }
        let ign = !opts.no_ignore;
        b.hidden(!opts.hidden)
            .ignore(ign)
            .git_ignore(ign)
            .git_global(ign)
            .git_exclude(ign)
            .parents(ign)
            .require_git(false)
            .follow_links(true)
            .threads(opts.threads);
        if !opts.excludes.is_empty() {
            let mut ob = OverrideBuilder::new(first);
            for g in &opts.excludes {
                if let Err(e) = ob.add(&format!("!{g}")) {
                    shared.error(
                        Path::new(g),
                        ScanErrorKind::Walk,
                        format!("bad exclude glob `{g}`: {e}"),
                    );
                }
            }
            if let Ok(o) = ob.build() {
                b.overrides(o);
            }
        }
        b.build_parallel().run(|| {
            let shared = &shared;
            Box::new(move |entry| {
                visit(shared, entry);
                WalkState::Continue
            })
        });
    }
    let mut findings = shared.findings.into_inner().unwrap_or_default();
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.algorithm).cmp(&(&b.path, b.line, b.column, &b.algorithm))
    });
    let mut errors = shared.errors.into_inner().unwrap_or_default();
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    errors.dedup_by(|a, b| a.path == b.path && a.kind == b.kind);
    let c = &shared.counters;
    let stats = Stats {
        files: c.files.load(Ordering::Relaxed),
        bytes: c.bytes.load(Ordering::Relaxed),
        files_read: c.read.load(Ordering::Relaxed),
        candidates: c.candidates.load(Ordering::Relaxed),
        cache_hits: c.cache_hits.load(Ordering::Relaxed),
        binary_skipped: c.binary.load(Ordering::Relaxed),
        elapsed_ms: u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
    };
    Report::new(findings, errors, stats)
}

fn visit(s: &Shared<'_>, entry: Result<ignore::DirEntry, ignore::Error>) {
    let entry = match entry {
        Ok(e) => e,
        Err(err) => return walk_error(s, &err),
    };
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return;
    }
    let path = entry.path();
    if let Some(p) = &s.opts.progress {
        p();
    }
    s.counters.files.fetch_add(1, Ordering::Relaxed);
    let meta = match entry.metadata() {
        Ok(m) => m,
        Err(e) => {
            return s.error(
                path,
                ScanErrorKind::Unreadable,
                format!("cannot read metadata: {e}"),
            );
        }
    };
    let size = meta.len();
    s.counters.bytes.fetch_add(size, Ordering::Relaxed);
    if size > s.opts.max_filesize {
        return s.error(
            path,
            ScanErrorKind::TooLarge,
            format!(
                "skipped: {size} bytes is over the {} byte cap",
                s.opts.max_filesize
            ),
        );
    }
    let mtime_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(0));
    let key = s.cwd.join(path).to_string_lossy().into_owned();
    let display = path.to_string_lossy();
    if let Some(e) = s.cache.by_meta(&key, size, mtime_ns) {
        s.counters.cache_hits.fetch_add(1, Ordering::Relaxed);
        return keep(s, &key, e.clone(), &display, true);
    }
    let mut buf = Vec::new();
    if let Err(e) = read_file(path, size, s.opts.max_filesize, &mut buf) {
        return s.error(path, ScanErrorKind::Unreadable, format!("cannot read: {e}"));
    }
    s.counters.read.fetch_add(1, Ordering::Relaxed);
    let hash = if s.cache.enabled() {
        blake3::hash(&buf).to_hex().to_string()
    } else {
        String::new()
    };
    if let Some(e) = s.cache.by_hash(&key, &hash).filter(|_| s.cache.enabled()) {
        s.counters.cache_hits.fetch_add(1, Ordering::Relaxed);
        let e = Entry {
            size,
            mtime_ns,
            ..e.clone()
        };
        return keep(s, &key, e, &display, false);
    }
    let head = buf.get(..8192).unwrap_or(&buf);
    let findings = if memchr::memchr(0, head).is_some() {
        s.counters.binary.fetch_add(1, Ordering::Relaxed);
        // Binary: only DER key material is read.
        scan_bytes_with(path, &buf, s.opts.profile)
            .into_iter()
            .filter(|f| f.rule == "key.der")
            .collect()
    } else {
        if is_candidate(&buf) {
            s.counters.candidates.fetch_add(1, Ordering::Relaxed);
            if std::str::from_utf8(&buf).is_err() {
                s.error(
                    path,
                    ScanErrorKind::InvalidUtf8,
                    "not valid utf-8; scanned as bytes".to_owned(),
                );
            }
        }
        scan_bytes_with(path, &buf, s.opts.profile)
    };
    keep(
        s,
        &key,
        Entry {
            size,
            mtime_ns,
            hash,
            findings,
        },
        &display,
        false,
    );
}

/// Reads a file, stopping after the first block when it is binary (a NUL byte) and not a DER
/// key, so large binaries never sit in memory.
fn read_file(path: &Path, size: u64, cap: u64, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut f = std::fs::File::open(path)?;
    let mut head = [0u8; 8192];
    let mut n = 0;
    while n < head.len() {
        let got = f.read(head.get_mut(n..).unwrap_or(&mut []))?;
        if got == 0 {
            break;
        }
        n += got;
    }
    let head = head.get(..n).unwrap_or(&[]);
    buf.extend_from_slice(head);
    let der = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "der" | "cer" | "crt" | "key" | "pub"));
    if memchr::memchr(0, head).is_some() && !der {
        return Ok(());
    }
    buf.reserve(usize::try_from(size).unwrap_or(0).saturating_sub(n));
    f.take(cap.saturating_sub(u64::try_from(n).unwrap_or(0)) + 1)
        .read_to_end(buf)?;
    Ok(())
}

fn keep(s: &Shared<'_>, key: &str, mut e: Entry, display: &str, unchanged: bool) {
    for f in &mut e.findings {
        if f.path != display {
            display.clone_into(&mut f.path);
        }
    }
    if !e.findings.is_empty()
        && let Ok(mut all) = s.findings.lock()
    {
        all.extend(e.findings.iter().cloned());
    }
    s.cache.put(key.to_owned(), e, unchanged);
}

fn walk_error(s: &Shared<'_>, err: &ignore::Error) {
    let (path, kind) = describe(err);
    s.error(&path, kind, err.to_string().to_lowercase());
}

fn describe(err: &ignore::Error) -> (PathBuf, ScanErrorKind) {
    match err {
        ignore::Error::WithPath { path, err } => (path.clone(), describe(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe(err)
        }
        ignore::Error::Loop { child, .. } => (child.clone(), ScanErrorKind::SymlinkLoop),
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            (PathBuf::new(), ScanErrorKind::NotFound)
        }
        ignore::Error::Io(_) => (PathBuf::new(), ScanErrorKind::Unreadable),
        _ => (PathBuf::new(), ScanErrorKind::Walk),
    }
}
