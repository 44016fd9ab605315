//! The tree scanner: `ignore`'s parallel walk, size cap, binary skip, cache, errors.

use crate::algo::Profile;
use crate::cache::{Cache, NewFile, Stamp, ignore_inputs, now_ns, outside_inputs};
use crate::cache::{FileRec, Snapshot};
use crate::finding::{Finding, ScanError, ScanErrorKind};
use crate::report::{Report, Stats};
use crate::scan::{scan_bytes_with, scan_file};
use ignore::{WalkBuilder, WalkState, overrides::OverrideBuilder};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

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
    /// The loaded snapshot, when made with these options.
    old: Option<&'a Snapshot>,
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
    let old = cache.begin(fingerprint(opts), now_ns());
    if let Some(r) = old.and_then(|o| answer_unchanged(o, opts, start)) {
        cache.mark_unchanged();
        return r;
    }
    if cache.enabled() && !opts.no_ignore {
        match outside_inputs(&opts.roots) {
            Some(v) => cache.watch(v.into_iter().map(|(p, s)| (p.display().to_string(), s))),
            None => cache.mark_unclean(),
        }
    }
    let shared = Shared {
        opts,
        cache,
        old,
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
                cache.mark_unclean();
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
    sort_findings(&mut findings);
    let mut errors = shared.errors.into_inner().unwrap_or_default();
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    errors.dedup_by(|a, b| a.path == b.path && a.kind == b.kind);
    let c = &shared.counters;
    cache.finish(
        &findings,
        &errors,
        c.files.load(Ordering::Relaxed),
        c.bytes.load(Ordering::Relaxed),
    );
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

/// Report order: by path, line, column, algorithm.
fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.algorithm).cmp(&(&b.path, b.line, b.column, &b.algorithm))
    });
}

/// Everything that decides which files a walk visits and what their findings say: a cache
/// made with other options is not used.
fn fingerprint(o: &ScanOptions) -> String {
    let env = |k| std::env::var_os(k).unwrap_or_default();
    format!(
        "{:?}|{}|{}|{:?}|{}|{:?}|{:?}|{:?}|{:?}",
        o.profile,
        o.no_ignore,
        o.hidden,
        o.excludes,
        o.max_filesize,
        // Relative roots make paths relative to the working directory.
        o.roots
            .iter()
            .any(|r| r.is_relative())
            .then(std::env::current_dir),
        o.roots,
        env("HOME"),
        env("XDG_CONFIG_HOME"),
    )
}

/// The report straight from the snapshot, when no directory, ignore input or file changed.
fn answer_unchanged(old: &Snapshot, opts: &ScanOptions, start: Instant) -> Option<Report> {
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    };
    if !old.unchanged(threads) {
        return None;
    }
    let mut findings = old.all_findings();
    sort_findings(&mut findings);
    let stats = Stats {
        files: old.files_seen,
        bytes: old.bytes_seen,
        files_read: 0,
        candidates: 0,
        cache_hits: old.files.len() as u64,
        binary_skipped: 0,
        elapsed_ms: u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX),
    };
    Some(Report::new(findings, old.errors(), stats))
}

fn visit(s: &Shared<'_>, entry: Result<ignore::DirEntry, ignore::Error>) {
    let entry = match entry {
        Ok(e) => e,
        Err(err) => return walk_error(s, &err),
    };
    let Some(ft) = entry.file_type() else {
        return;
    };
    if ft.is_dir() {
        return visit_dir(s, &entry);
    }
    if !ft.is_file() {
        return;
    }
    let path = entry.path();
    if let Some(p) = &s.opts.progress {
        p();
    }
    s.counters.files.fetch_add(1, Ordering::Relaxed);
    let Some(display) = path.to_str() else {
        // A name that is not UTF-8 cannot be stored exactly: the next scan walks again.
        s.cache.mark_unclean();
        return visit_file(s, &entry, &path.to_string_lossy());
    };
    visit_file(s, &entry, display);
}

/// Records a directory's stamp and its ignore-rule files, so the next scan can skip the walk.
///
/// The walk opens a directory and reads its ignore files just before this runs, so an entry
/// added in between shows in the stamp but not in the listing. That is safe: such a change
/// happened after the scan started, and a stamp that recent is never trusted (`Stamp::trusted`),
/// so the next scan walks this directory again.
fn visit_dir(s: &Shared<'_>, entry: &ignore::DirEntry) {
    if !s.cache.enabled() {
        return;
    }
    let path = entry.path();
    match (path.to_str(), entry.metadata()) {
        (Some(p), Ok(m)) => s.cache.watch([(p.to_owned(), Stamp::of(&m))]),
        _ => return s.cache.mark_unclean(),
    }
    if !s.opts.no_ignore {
        match ignore_inputs(path, false) {
            Some(v) => s
                .cache
                .watch(v.into_iter().map(|(p, st)| (p.display().to_string(), st))),
            None => s.cache.mark_unclean(),
        }
    }
}

fn visit_file(s: &Shared<'_>, entry: &ignore::DirEntry, display: &str) {
    let path = entry.path();
    let meta = match entry.metadata() {
        Ok(m) => m,
        Err(e) => {
            s.cache.mark_unclean();
            return s.error(
                path,
                ScanErrorKind::Unreadable,
                format!("cannot read metadata: {e}"),
            );
        }
    };
    let stamp = Stamp::of(&meta);
    let size = stamp.size;
    s.counters.bytes.fetch_add(size, Ordering::Relaxed);
    if size > s.opts.max_filesize {
        s.cache.watch([(display.to_owned(), stamp)]);
        return s.error(
            path,
            ScanErrorKind::TooLarge,
            format!(
                "skipped: {size} bytes is over the {} byte cap",
                s.opts.max_filesize
            ),
        );
    }
    let cached = s.old.and_then(|o| Some((o, o.lookup(display)?)));
    if let Some((o, rec)) = cached.filter(|(o, r)| r.stamp == stamp && stamp.trusted(o.started_ns))
    {
        return replay(s, o, rec, display, stamp);
    }
    let mut buf = Vec::new();
    if let Err(e) = read_file(path, size, s.opts.max_filesize, &mut buf) {
        s.cache.watch([(display.to_owned(), stamp)]);
        return s.error(path, ScanErrorKind::Unreadable, format!("cannot read: {e}"));
    }
    s.counters.read.fetch_add(1, Ordering::Relaxed);
    let hash = if s.cache.enabled() {
        *blake3::hash(&buf).as_bytes()
    } else {
        [0; 32]
    };
    if let Some((o, rec)) = cached.filter(|(_, r)| r.hash == hash && s.cache.enabled()) {
        // Touched but not edited.
        return replay(s, o, rec, display, stamp);
    }
    let head = buf.get(..8192).unwrap_or(&buf);
    let (findings, invalid_utf8) = if memchr::memchr(0, head).is_some() {
        s.counters.binary.fetch_add(1, Ordering::Relaxed);
        // Binary: only DER key material is read.
        let der = scan_bytes_with(path, &buf, s.opts.profile)
            .into_iter()
            .filter(|f| f.rule == "key.der")
            .collect();
        (der, false)
    } else {
        let scanned = scan_file(path, &buf, s.opts.profile);
        if scanned.candidate {
            s.counters.candidates.fetch_add(1, Ordering::Relaxed);
        }
        (scanned.findings, scanned.invalid_utf8)
    };
    keep(
        s,
        NewFile {
            path: display.to_owned(),
            stamp,
            hash,
            invalid_utf8,
        },
        findings,
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

/// Answers a file from the earlier scan's record (same content): its
/// findings again, under its new stamp, counted as a cache hit.
fn replay(s: &Shared<'_>, old: &Snapshot, rec: &FileRec, display: &str, stamp: Stamp) {
    s.counters.cache_hits.fetch_add(1, Ordering::Relaxed);
    let mut findings = Vec::with_capacity(rec.len as usize);
    old.findings_of(rec, &mut findings);
    let f = NewFile {
        path: display.to_owned(),
        stamp,
        hash: rec.hash,
        invalid_utf8: rec.invalid_utf8,
    };
    keep(s, f, findings);
}

fn keep(s: &Shared<'_>, f: NewFile, mut findings: Vec<Finding>) {
    for x in &mut findings {
        if x.path != f.path {
            f.path.clone_into(&mut x.path);
        }
    }
    if f.invalid_utf8 {
        s.error(
            Path::new(&f.path),
            ScanErrorKind::InvalidUtf8,
            "not valid utf-8; scanned as bytes".to_owned(),
        );
    }
    if !findings.is_empty()
        && let Ok(mut all) = s.findings.lock()
    {
        all.append(&mut findings);
    }
    s.cache.put(f);
}

fn walk_error(s: &Shared<'_>, err: &ignore::Error) {
    s.cache.mark_unclean();
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
