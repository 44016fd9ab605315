//! Landing staged changes in the real tree, and discarding them.
//!
//! Every selected change is checked against the base (a real file changed
//! since the shadow started is a conflict: reported, left staged), then put
//! to the caller's gate (policy, audit record, confirmation), then applied:
//! files and links are written to a temp file beside their target, synced,
//! and renamed into place (so a reader sees the old or the new version,
//! never a torn one); deletions come last. A change whose real path already
//! holds the staged version (an apply that was cut short) is finished
//! without asking again. Applied changes leave the staging area, and the
//! base is restamped for them.

use crate::base::{Base, Node, Stamp};
use crate::changes::{Change, ChangeKind, same_bytes, scan, selected};
use crate::error::{Result, ShadowError};
use crate::fsio::{clear_opaque, is_opaque, lstat, temp_for};
use crate::land::{drop_landed_links, land, remove};
use crate::state::Shadow;
use std::collections::BTreeSet;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What applying one change does to the real tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Write a file with these bytes and permission bits.
    Write {
        /// The new content.
        bytes: Vec<u8>,
        /// The permission bits.
        mode: u32,
    },
    /// Make a symbolic link.
    Symlink {
        /// Where it points.
        target: PathBuf,
    },
    /// Make a directory.
    Mkdir {
        /// Its permission bits.
        mode: u32,
    },
    /// Change permission bits only.
    Chmod {
        /// The new bits.
        mode: u32,
    },
    /// Remove a file, link or (recursively) a directory.
    Delete {
        /// Whether it is a directory.
        dir: bool,
    },
}

/// One change about to be applied, for the gate to judge.
#[derive(Debug, Clone)]
pub struct Item {
    /// The staged change.
    pub change: Change,
    /// The real path it lands on (absolute).
    pub real: PathBuf,
    /// What applying it does.
    pub op: Op,
}

/// The gate's answer for one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Apply it.
    Apply,
    /// Leave it staged, for this reason.
    Hold(String),
}

/// Judges items before they land: [`Judge::judge`] is asked about each
/// item, then [`Judge::commit`] once before anything is written (where a
/// caller makes its records durable); an error there lands nothing.
pub trait Judge {
    /// The answer for one item.
    fn judge(&mut self, item: &Item) -> Gate;
    /// Called once after every item was judged and before any lands.
    fn commit(&mut self) -> std::result::Result<(), String> {
        Ok(())
    }
}

impl<F: FnMut(&Item) -> Gate> Judge for F {
    fn judge(&mut self, item: &Item) -> Gate {
        self(item)
    }
}

/// What one apply did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Paths now in the real tree as staged.
    pub applied: Vec<PathBuf>,
    /// Paths left staged because the real copy changed meanwhile, and why.
    pub conflicts: Vec<(PathBuf, String)>,
    /// Paths the gate held back (left staged), and why.
    pub held: Vec<(PathBuf, String)>,
}

/// Applies the staged changes under `select` (all when empty; paths relative
/// to the tree), asking `gate` about each one first.
pub fn apply(shadow: &Shadow, select: &[PathBuf], gate: &mut dyn Judge) -> Result<Outcome> {
    let _lock = shadow.lock()?;
    let upper = shadow.upper();
    if lstat(&shadow.cut_short_mark())?.is_some() {
        drop_landed_links(shadow)?;
    }
    let all = scan(&upper, &shadow.project)?;
    let mut base = Base::load(&shadow.base_path())?;
    let mut out = Outcome::default();
    // Temp files a killed apply left behind go first.
    for c in &all {
        let tmp = temp_for(&shadow.project.join(&c.path));
        if lstat(&tmp)?.is_some_and(|m| !m.is_dir()) {
            let _ = std::fs::remove_file(&tmp);
        }
    }
    let mut todo: Vec<Item> = Vec::new();
    let mut done: Vec<Change> = Vec::new();
    for c in all.iter().filter(|c| selected(&c.path, select)) {
        let item = item(shadow, c)?;
        if c.node == Node::Other {
            let why = "a device, fifo or socket is never applied".to_owned();
            out.held.push((c.path.clone(), why));
            continue;
        }
        if holds_staged(shadow, &item)? {
            done.push(c.clone());
        } else if let Some(why) = conflict(shadow, &base, &item)? {
            out.conflicts.push((c.path.clone(), why));
        } else {
            todo.push(item);
        }
    }
    let mut go = Vec::new();
    for item in todo {
        match gate.judge(&item) {
            Gate::Apply => go.push(item),
            Gate::Hold(why) => out.held.push((item.change.path.clone(), why)),
        }
    }
    gate.commit().map_err(|why| {
        ShadowError::Refused(format!(
            "nothing was applied: the decisions could not be recorded: {why}"
        ))
    })?;
    if !go.is_empty() {
        // Until the staged copies are gone a landed file may share its inode
        // with one (see `land`): `run` refuses to mount the shadow meanwhile.
        let mark = shadow.cut_short_mark();
        std::fs::write(&mark, b"").map_err(ShadowError::io("create", &mark))?;
    }
    land(shadow, &go)?;
    for item in &go {
        done.push(item.change.clone());
    }
    // Restamp before the staged copies go: a kill in between leaves real
    // files that hold the staged version, which the next run finishes.
    let mut touched: BTreeSet<PathBuf> = BTreeSet::new();
    for c in &done {
        let mut p = c.path.clone();
        touched.insert(p.clone());
        while p.pop() && !p.as_os_str().is_empty() {
            touched.insert(p.clone());
        }
    }
    for p in &touched {
        base.refresh(&shadow.project, p)?;
    }
    base.save(&shadow.base_path())?;
    // A replaced (opaque) directory whose every change landed hides nothing
    // any more; left marked, it would hide what the real tree gains later.
    let landed: BTreeSet<&Path> = done.iter().map(|c| c.path.as_path()).collect();
    let mut opaque: BTreeSet<&Path> = BTreeSet::new();
    for c in &all {
        for a in c.path.ancestors().filter(|a| !a.as_os_str().is_empty()) {
            if !opaque.contains(a) && is_opaque(&upper.join(a)) {
                opaque.insert(a);
            }
        }
    }
    for d in opaque {
        let under = all.iter().filter(|c| c.path.starts_with(d) && c.path != d);
        if under.map(|c| c.path.as_path()).all(|p| landed.contains(p)) {
            clear_opaque(&upper.join(d));
        }
    }
    for c in &done {
        unstage(&upper, c)?;
        out.applied.push(c.path.clone());
    }
    let mark = shadow.cut_short_mark();
    if lstat(&mark)?.is_some() {
        std::fs::remove_file(&mark).map_err(ShadowError::io("remove", &mark))?;
    }
    settle(shadow)?;
    out.applied.sort();
    Ok(out)
}

/// The item for change `c`: its real path and what applying it does.
fn item(shadow: &Shadow, c: &Change) -> Result<Item> {
    let staged = shadow.upper().join(&c.path);
    let mode = c.new_mode.unwrap_or(0o644);
    let op = match (c.kind, c.node) {
        (ChangeKind::Deleted, node) => Op::Delete {
            dir: node == Node::Dir,
        },
        (ChangeKind::ModeChanged, _) => Op::Chmod { mode },
        (_, Node::Dir) => Op::Mkdir { mode },
        (_, Node::Symlink) => Op::Symlink {
            target: std::fs::read_link(&staged).map_err(ShadowError::io("read", &staged))?,
        },
        (_, Node::File) => Op::Write {
            bytes: std::fs::read(&staged).map_err(ShadowError::io("read", &staged))?,
            mode,
        },
        (_, Node::Other) => Op::Delete { dir: false },
    };
    Ok(Item {
        change: c.clone(),
        real: shadow.project.join(&c.path),
        op,
    })
}

/// Whether the real path already holds what the item would put there.
fn holds_staged(shadow: &Shadow, item: &Item) -> Result<bool> {
    let Some(m) = lstat(&item.real)? else {
        return Ok(matches!(item.op, Op::Delete { .. }));
    };
    let node = Node::of(&m);
    let mode = m.mode() & 0o7777;
    Ok(match &item.op {
        Op::Delete { .. } => false,
        Op::Write { bytes, mode: want } => {
            node == Node::File
                && mode == *want
                && m.size() == bytes.len() as u64
                && std::fs::read(&item.real).is_ok_and(|b| &b == bytes)
        }
        Op::Symlink { target } => {
            node == Node::Symlink && std::fs::read_link(&item.real).is_ok_and(|t| &t == target)
        }
        Op::Mkdir { mode: want } => node == Node::Dir && mode == *want,
        Op::Chmod { mode: want } => {
            mode == *want
                && node == item.change.node
                && (node != Node::File
                    || same_bytes(&item.real, &shadow.upper().join(&item.change.path))?)
        }
    })
}

/// Why the item conflicts with a change in the real tree, if it does.
fn conflict(shadow: &Shadow, base: &Base, item: &Item) -> Result<Option<String>> {
    let rel = &item.change.path;
    let was = base.entries.get(rel);
    let now = lstat(&item.real)?.map(|m| Stamp::of(&m));
    let same = match (was, now) {
        (None, None) => true,
        (Some(a), Some(b)) => a.same(&b),
        _ => false,
    };
    let why = |what: &str| {
        Some(format!(
            "`{}` {what} in the real tree since the shadow started or was last applied",
            rel.display()
        ))
    };
    if !same {
        return Ok(why(match (was, now) {
            (None, Some(_)) => "was created",
            (Some(_), None) => "was deleted",
            _ => "changed",
        }));
    }
    if matches!(item.op, Op::Delete { dir: true }) {
        // Nothing under a directory about to go may be newer than the base.
        let mut stack = vec![rel.clone()];
        while let Some(d) = stack.pop() {
            let dir = shadow.project.join(&d);
            let entries = std::fs::read_dir(&dir).map_err(ShadowError::io("list", &dir))?;
            for e in entries.flatten() {
                let r = d.join(e.file_name());
                let Some(m) = lstat(&e.path())? else { continue };
                let s = Stamp::of(&m);
                if !base.entries.get(&r).is_some_and(|b| b.same(&s)) {
                    return Ok(why(&format!("holds `{}`, which changed", r.display())));
                }
                if s.node == Node::Dir {
                    stack.push(r);
                }
            }
        }
    }
    Ok(None)
}

/// Takes change `c` out of the staging area. Directories stay until
/// [`settle`] finds them empty.
fn unstage(upper: &Path, c: &Change) -> Result<()> {
    let p = upper.join(&c.path);
    match lstat(&p)? {
        Some(m) if m.is_dir() && c.kind == ChangeKind::Deleted => remove(&p, false).or(Ok(())),
        Some(m) if m.is_dir() => Ok(()),
        Some(_) => remove(&p, false),
        None => Ok(()),
    }
}

/// Tidies the staging area: empty directories that are not opaque and
/// match the real tree are removed.
fn settle(shadow: &Shadow) -> Result<()> {
    prune(&shadow.upper(), &shadow.project, Path::new(""))?;
    Ok(())
}

/// Returns whether `rel` (a directory in `upper`) was removed.
fn prune(upper: &Path, real: &Path, rel: &Path) -> Result<bool> {
    let dir = upper.join(rel);
    let entries = std::fs::read_dir(&dir).map_err(ShadowError::io("list", &dir))?;
    let mut empty = true;
    for e in entries.flatten() {
        let r = rel.join(e.file_name());
        if e.file_type().is_ok_and(|t| t.is_dir()) && prune(upper, real, &r)? {
            continue;
        }
        empty = false;
    }
    if rel.as_os_str().is_empty() {
        return Ok(false);
    }
    let matches_real = match (lstat(&dir)?, lstat(&real.join(rel))?) {
        (Some(u), Some(r)) => r.is_dir() && (u.mode() & 0o7777) == (r.mode() & 0o7777),
        _ => false,
    };
    if empty && matches_real && !is_opaque(&dir) {
        std::fs::remove_dir(&dir).map_err(ShadowError::io("remove", &dir))?;
        return Ok(true);
    }
    Ok(false)
}

/// Drops the staged changes under `select` (all of the shadow, staging and
/// records, when `select` is empty).
pub fn discard(shadow: Shadow, select: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let lock = shadow.lock()?;
    let upper = shadow.upper();
    let all = scan(&upper, &shadow.project)?;
    if select.is_empty() {
        let paths = all.into_iter().map(|c| c.path).collect();
        shadow.remove(lock)?;
        return Ok(paths);
    }
    let mut dropped: Vec<PathBuf> = Vec::new();
    for c in all.iter().filter(|c| selected(&c.path, select)) {
        if dropped.iter().any(|d| c.path.starts_with(d)) {
            continue;
        }
        let p = upper.join(&c.path);
        match lstat(&p)? {
            Some(m) => {
                remove(&p, m.is_dir() && !crate::fsio::is_whiteout(&m))?;
            }
            None if c.kind == ChangeKind::Deleted => {
                let whole = c
                    .path
                    .ancestors()
                    .find(|a| !a.as_os_str().is_empty() && is_opaque(&upper.join(a)))
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                if !selected(&whole, select) {
                    return Err(ShadowError::Refused(format!(
                        "cannot keep `{}` alone: the shadow replaced `{}` as a whole; discard `{}`",
                        c.path.display(),
                        whole.display(),
                        whole.display()
                    )));
                }
            }
            None => {}
        }
        dropped.push(c.path.clone());
    }
    settle(&shadow)?;
    Ok(dropped)
}
