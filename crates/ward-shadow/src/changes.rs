//! The staged change set: the upper dir read against the real tree.
//!
//! overlayfs records a deletion as a whiteout (a character device 0/0) and a
//! directory that replaced the real one as opaque (`user.overlay.opaque=y`
//! in a user namespace); everything else in the upper dir is a created or
//! copied-up entry. A copied-up file whose bytes and mode equal the real one
//! (opened for writing, never changed) is no change. A rename shows as a
//! delete plus a create: overlayfs without `redirect_dir` stages it that way.

use crate::base::Node;
use crate::error::{Result, ShadowError};
use crate::fsio::{is_opaque, is_whiteout, lstat};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// What happened to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// It did not exist in the real tree.
    Created,
    /// Its content (or a symlink's target) differs.
    Modified,
    /// Only its permission bits differ.
    ModeChanged,
    /// It was removed (a whiteout, or hidden by an opaque directory).
    Deleted,
}

impl ChangeKind {
    /// One word for listings.
    pub fn word(self) -> &'static str {
        match self {
            ChangeKind::Created => "created",
            ChangeKind::Modified => "modified",
            ChangeKind::ModeChanged => "mode",
            ChangeKind::Deleted => "deleted",
        }
    }
}

/// One staged change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The path relative to the tree.
    pub path: PathBuf,
    /// What happened.
    pub kind: ChangeKind,
    /// What the path is now (for a deletion: what it was).
    pub node: Node,
    /// Permission bits in the real tree, when it exists there.
    pub old_mode: Option<u32>,
    /// Permission bits in the shadow, unless deleted.
    pub new_mode: Option<u32>,
}

/// Reads the staged changes of `upper` against `lower`, sorted by path.
pub fn scan(upper: &Path, lower: &Path) -> Result<Vec<Change>> {
    let mut out = Vec::new();
    scan_dir(upper, lower, Path::new(""), true, false, &mut out)?;
    out.sort_by(|a, b| a.path.cmp(&b.path).then(b.kind.cmp(&a.kind)));
    Ok(out)
}

fn mode(m: &std::fs::Metadata) -> u32 {
    m.mode() & 0o7777
}

/// Scans the upper directory `rel`; `lower_is_dir` says whether the real
/// tree has a directory there; `hidden` that an opaque directory above it
/// hides the real one (its entries not in the upper dir are deleted).
fn scan_dir(
    upper: &Path,
    lower: &Path,
    rel: &Path,
    lower_is_dir: bool,
    hidden: bool,
    out: &mut Vec<Change>,
) -> Result<()> {
    let udir = upper.join(rel);
    let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(&udir)
        .map_err(ShadowError::io("list", &udir))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<_>>()
        .map_err(ShadowError::io("list", &udir))?;
    names.sort();
    let opaque = hidden || (!rel.as_os_str().is_empty() && is_opaque(&udir));
    if lower_is_dir && opaque {
        let ldir = lower.join(rel);
        if let Ok(entries) = std::fs::read_dir(&ldir) {
            for e in entries.flatten() {
                let name = e.file_name();
                let hidden_by_upper = names.contains(&name);
                if !hidden_by_upper && let Ok(meta) = e.metadata() {
                    out.push(deleted(rel.join(&name), &meta));
                }
            }
        }
    }
    for name in names {
        let r = rel.join(&name);
        let up = upper.join(&r);
        let Some(u) = lstat(&up)? else { continue };
        let l = if lower_is_dir {
            lstat(&lower.join(&r))?
        } else {
            None
        };
        if is_whiteout(&u) {
            if let Some(l) = l {
                out.push(deleted(r, &l));
            }
            continue;
        }
        let unode = Node::of(&u);
        let lnode = l.as_ref().map(Node::of);
        // A different kind of node at the same path: the old one goes.
        if let (Some(l), Some(ln)) = (&l, lnode)
            && ln != unode
        {
            out.push(deleted(r.clone(), l));
        }
        let same_kind = lnode == Some(unode);
        let old_mode = l.as_ref().filter(|_| same_kind).map(mode);
        let new_mode = Some(mode(&u));
        let change = |kind| Change {
            path: r.clone(),
            kind,
            node: unode,
            old_mode,
            new_mode,
        };
        match unode {
            Node::Dir => {
                if !same_kind {
                    out.push(change(ChangeKind::Created));
                } else if old_mode != new_mode {
                    out.push(change(ChangeKind::ModeChanged));
                }
                scan_dir(upper, lower, &r, same_kind, opaque, out)?;
            }
            _ if !same_kind => out.push(change(ChangeKind::Created)),
            Node::File => {
                let l = l.as_ref();
                let same =
                    l.is_some_and(|l| l.size() == u.size()) && same_bytes(&up, &lower.join(&r))?;
                if !same {
                    out.push(change(ChangeKind::Modified));
                } else if old_mode != new_mode {
                    out.push(change(ChangeKind::ModeChanged));
                }
            }
            Node::Symlink => {
                let a = std::fs::read_link(&up).map_err(ShadowError::io("read", &up))?;
                let lp = lower.join(&r);
                let b = std::fs::read_link(&lp).map_err(ShadowError::io("read", &lp))?;
                if a != b {
                    out.push(change(ChangeKind::Modified));
                }
            }
            Node::Other => out.push(change(ChangeKind::Modified)),
        }
    }
    Ok(())
}

fn deleted(path: PathBuf, meta: &std::fs::Metadata) -> Change {
    Change {
        path,
        kind: ChangeKind::Deleted,
        node: Node::of(meta),
        old_mode: Some(mode(meta)),
        new_mode: None,
    }
}

/// Whether two files hold the same bytes (compared in blocks).
pub fn same_bytes(a: &Path, b: &Path) -> Result<bool> {
    use std::io::Read;
    let mut fa = std::fs::File::open(a).map_err(ShadowError::io("read", a))?;
    let mut fb = std::fs::File::open(b).map_err(ShadowError::io("read", b))?;
    let (mut ba, mut bb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let na = read_full(&mut fa, &mut ba).map_err(ShadowError::io("read", a))?;
        let nb = read_full(&mut fb, &mut bb).map_err(ShadowError::io("read", b))?;
        if na != nb || ba.get(..na) != bb.get(..nb) {
            return Ok(false);
        }
        if na == 0 {
            return Ok(true);
        }
    }

    fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while let Some(rest) = buf.get_mut(n..) {
            if rest.is_empty() {
                break;
            }
            match f.read(rest)? {
                0 => break,
                k => n += k,
            }
        }
        Ok(n)
    }
}

/// Whether `path` is `sel` or lies under it.
pub fn selected(path: &Path, sel: &[PathBuf]) -> bool {
    sel.is_empty() || sel.iter().any(|s| path.starts_with(s))
}
