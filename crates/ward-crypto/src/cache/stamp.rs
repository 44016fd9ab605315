//! File identity from metadata alone: what must be unchanged for a cached answer to stand, and
//! the inputs the walk's ignore rules are read from.

use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// What `stat` says about a path: a change to the content, the inode, the permissions, the
/// entries of a directory or the target of a symlink changes at least one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Stamp {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
}

/// A stamp for a path that does not exist (its creation changes its directory's stamp, or the
/// path is re-checked directly).
pub(crate) const MISSING: Stamp = Stamp {
    dev: u64::MAX,
    ino: u64::MAX,
    size: 0,
    mtime_ns: 0,
    ctime_ns: 0,
};

/// Timestamps come from a clock that ticks coarsely (a few ms on Linux, 1–2 s on some file
/// systems), so an edit in the same tick as the scan that cached a file can leave its stamp as it
/// was. A stamp this close to (or after) the scan's start is never trusted alone; git calls
/// these entries "racily clean".
const RACY_FINE_NS: i64 = 100_000_000;
const RACY_COARSE_NS: i64 = 2_100_000_000;

impl Stamp {
    pub fn of(m: &std::fs::Metadata) -> Self {
        Self {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime_ns: m.mtime().saturating_mul(1_000_000_000) + m.mtime_nsec(),
            ctime_ns: m.ctime().saturating_mul(1_000_000_000) + m.ctime_nsec(),
        }
    }

    /// The stamp of `path` following symlinks; [`MISSING`] when it does not exist.
    pub fn stat(path: &Path) -> std::io::Result<Self> {
        match std::fs::metadata(path) {
            Ok(m) => Ok(Self::of(&m)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(MISSING),
            Err(e) => Err(e),
        }
    }

    /// Whether this stamp can prove "unchanged" for a scan that started at `started_ns`.
    pub fn trusted(&self, started_ns: i64) -> bool {
        if *self == MISSING {
            return true;
        }
        // Whole-second timestamps suggest a coarse file system; allow for its tick.
        let coarse = self.mtime_ns % 1_000_000_000 == 0 || self.ctime_ns % 1_000_000_000 == 0;
        let margin = if coarse { RACY_COARSE_NS } else { RACY_FINE_NS };
        self.mtime_ns.max(self.ctime_ns) < started_ns.saturating_sub(margin)
    }
}

/// Nanoseconds since the epoch, now.
pub(crate) fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// The ignore-rule files the walk reads in `dir` (`.gitignore`, `.ignore`, `.git/info/exclude`),
/// with their stamps. Unless `keep_missing`, files that do not exist are left out: their
/// creation changes `dir`'s own stamp, which the caller watches. `None` when one cannot be
/// read, so no snapshot can vouch for the walk.
pub(crate) fn ignore_inputs(dir: &Path, keep_missing: bool) -> Option<Vec<(PathBuf, Stamp)>> {
    let mut out = Vec::new();
    for name in [".gitignore", ".ignore"] {
        let p = dir.join(name);
        let s = Stamp::stat(&p).ok()?;
        if s != MISSING || keep_missing {
            out.push((p, s));
        }
    }
    let git = dir.join(".git");
    match std::fs::metadata(&git) {
        Ok(m) if m.is_dir() => {
            // Watched present or missing: `.git` itself changes on every git command.
            let exclude = git.join("info/exclude");
            let s = Stamp::stat(&exclude).ok()?;
            out.push((exclude, s));
        }
        Ok(m) => {
            // A worktree or submodule: `.git` names the real git dir, whose `commondir` names
            // the directory holding `info/exclude` (the walk resolves it the same way).
            out.push((git.clone(), Stamp::of(&m)));
            out.extend(linked_exclude(&git)?);
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if keep_missing {
                out.push((git, MISSING));
            }
        }
        Err(_) => return None,
    }
    Some(out)
}

/// The inputs behind a `.git` file: its git dir's `commondir` file and the `info/exclude` it
/// leads to, present or missing.
fn linked_exclude(dot_git: &Path) -> Option<Vec<(PathBuf, Stamp)>> {
    let text = std::fs::read_to_string(dot_git).ok()?;
    let Some(git_dir) = text.lines().next().and_then(|l| l.strip_prefix("gitdir: ")) else {
        return Some(Vec::new());
    };
    let git_dir = PathBuf::from(git_dir);
    let commondir = git_dir.join("commondir");
    let mut out = vec![(commondir.clone(), Stamp::stat(&commondir).ok()?)];
    if let Ok(c) = std::fs::read_to_string(&commondir)
        && let Some(line) = c.lines().next()
    {
        let common = if line.starts_with('.') {
            git_dir.join(line)
        } else {
            PathBuf::from(line)
        };
        let exclude = common.join("info/exclude");
        out.push((exclude.clone(), Stamp::stat(&exclude).ok()?));
    }
    Some(out)
}

/// Files outside the tree that decide what the walk ignores: the user's git configuration and
/// global excludes file, and the ignore files of every ancestor of the roots (they apply too).
/// Ancestors are not watched themselves (`/tmp` changes all the time); their ignore files are,
/// present or missing.
pub(crate) fn outside_inputs(roots: &[PathBuf]) -> Option<Vec<(PathBuf, Stamp)>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    if let Some(h) = &home {
        paths.push(h.join(".gitconfig"));
    }
    if let Some(x) = &xdg {
        paths.push(x.join("git/config"));
    }
    if let Some(p) = ignore::gitignore::gitconfig_excludes_path() {
        paths.push(p);
    }
    let mut out = Vec::new();
    for p in paths {
        let s = Stamp::stat(&p).ok()?;
        out.push((p, s));
    }
    for r in roots {
        let abs = std::fs::canonicalize(r).ok()?;
        for a in abs.ancestors().skip(1) {
            out.extend(ignore_inputs(a, true)?);
        }
    }
    Some(out)
}

/// Checks that each of the `n` paths (`get` writes path `i` into a buffer and returns its stamp)
/// still has its stamp and that each stamp is trusted, on up to `threads` threads (one spawn each,
/// a contiguous share of the list); stops
/// at the first difference.
///
/// (Opening each directory and stat'ing its entries by name was measured too: it saves the
/// kernel's path walk but its open/close calls cost more, +5 ms CPU on 23k files.)
pub(crate) fn all_unchanged(
    n: usize,
    get: impl Fn(usize, &mut String) -> Option<Stamp> + Sync,
    started_ns: i64,
    threads: usize,
) -> bool {
    let changed = AtomicBool::new(false);
    let check = |range: std::ops::Range<usize>| {
        let mut path = String::new();
        for i in range {
            if changed.load(Ordering::Relaxed) {
                return;
            }
            let ok = get(i, &mut path).is_some_and(|want| {
                want.trusted(started_ns)
                    && Stamp::stat(Path::new(&path)).is_ok_and(|now| now == want)
            });
            if !ok {
                changed.store(true, Ordering::Relaxed);
                return;
            }
        }
    };
    // Below a few thousand stats a thread costs more than it saves.
    let threads = threads.clamp(1, n.div_ceil(2048).max(1));
    let per = n.div_ceil(threads);
    std::thread::scope(|s| {
        for t in 1..threads {
            let check = &check;
            s.spawn(move || check(t * per..((t + 1) * per).min(n)));
        }
        check(0..per.min(n));
    });
    !changed.load(Ordering::Relaxed)
}
