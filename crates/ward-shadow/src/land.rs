//! Landing approved items in the real tree, durably and atomically per file.
//!
//! Order: parents are made, every file's new version is put at its temp
//! name beside the target, one `syncfs` makes all of them durable, each is
//! renamed into place, deletions come last (children first), and every
//! touched directory is synced once. A reader sees a file's old or its new
//! version, never a torn one; a crash leaves at most a temp file, which the
//! next apply removes.
//!
//! The new version of a file is the staged inode itself when the staging
//! dir and the tree share a filesystem: a hard link at the temp name, so
//! landing copies no bytes and frees no blocks (unstaging then drops a
//! link). Freeing blocks is what costs on a real disk (1–4 ms per file on
//! an ext4 mounted with `discard`); a copy freed them twice per file, once
//! for the replaced version and once for the staged copy. Across
//! filesystems the bytes are copied to the temp file instead.

use crate::apply::{Item, Op};
use crate::base::Node;
use crate::error::{Result, ShadowError};
use crate::fsio::{lstat, sync_dir, temp_for, write_temp};
use crate::state::Shadow;
use std::collections::BTreeSet;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Puts the approved items into the real tree: writes (parents first), then
/// deletions (children first).
pub(crate) fn land(shadow: &Shadow, go: &[Item]) -> Result<()> {
    let deleted: BTreeSet<&Path> = go
        .iter()
        .filter(|i| matches!(i.op, Op::Delete { .. }))
        .map(|i| i.change.path.as_path())
        .collect();
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    let mut renames: Vec<(PathBuf, &Path)> = Vec::new();
    for item in go.iter().filter(|i| !matches!(i.op, Op::Delete { .. })) {
        let rel = &item.change.path;
        make_parents(shadow, rel, &deleted, &mut dirs)?;
        // A node of another kind at this path goes first (it was approved
        // as a deletion of its own).
        if let Some(m) = lstat(&item.real)?
            && Node::of(&m) != item.change.node
            && deleted.contains(rel.as_path())
        {
            remove(&item.real, m.is_dir())?;
        }
        let tmp = temp_for(&item.real);
        match &item.op {
            Op::Write { bytes, mode } => {
                if !link_staged(&shadow.upper().join(rel), &tmp)? {
                    write_temp(&tmp, bytes, *mode, false)?;
                }
                renames.push((tmp, &item.real));
            }
            Op::Symlink { target } => {
                let _ = std::fs::remove_file(&tmp);
                std::os::unix::fs::symlink(target, &tmp)
                    .map_err(ShadowError::io("create", &tmp))?;
                renames.push((tmp, &item.real));
            }
            Op::Mkdir { mode } => {
                if lstat(&item.real)?.is_none() {
                    std::fs::create_dir(&item.real)
                        .map_err(ShadowError::io("create", &item.real))?;
                }
                chmod(&item.real, *mode)?;
            }
            Op::Chmod { mode } => chmod(&item.real, *mode)?,
            Op::Delete { .. } => {}
        }
        if let Some(parent) = item.real.parent() {
            dirs.insert(parent.to_path_buf());
        }
    }
    if !renames.is_empty() {
        // One sync for every temp file's data (and the apply marker), before
        // any rename makes it visible.
        let root = std::fs::File::open(&shadow.project)
            .map_err(ShadowError::io("open", &shadow.project))?;
        rustix::fs::syncfs(&root)
            .map_err(|e| ShadowError::io("sync", &shadow.project)(e.into()))?;
    }
    rename_all(&renames)?;
    let mut deletes: Vec<&Item> = go
        .iter()
        .filter(|i| matches!(i.op, Op::Delete { .. }))
        .collect();
    deletes.sort_by(|a, b| b.change.path.cmp(&a.change.path));
    for item in deletes {
        if let Some(m) = lstat(&item.real)? {
            remove(&item.real, m.is_dir())?;
        }
        if let Some(parent) = item.real.parent() {
            dirs.insert(parent.to_path_buf());
        }
    }
    for d in dirs {
        if lstat(&d)?.is_some() {
            sync_dir(&d)?;
        }
    }
    Ok(())
}

/// Renames every temp file into place. Replacing a file frees the old
/// version's blocks inside `rename`, and on a real disk that waits on I/O
/// (1–4 ms a file here); the waits overlap when several threads rename, so
/// a large apply spreads its renames over a few. Each rename is atomic on
/// its own and every temp file is already durable, so their order is free.
fn rename_all(renames: &[(PathBuf, &Path)]) -> Result<()> {
    const THREADS: usize = 8;
    const PER_THREAD_MIN: usize = 32;
    let rename = |(tmp, real): &(PathBuf, &Path)| {
        std::fs::rename(tmp, real).map_err(ShadowError::io("rename into place", *real))
    };
    let threads = (renames.len() / PER_THREAD_MIN).clamp(1, THREADS);
    if threads == 1 {
        return renames.iter().try_for_each(rename);
    }
    let chunk = renames.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = renames
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().try_for_each(rename)))
            .collect();
        let mut result = Ok(());
        for w in workers {
            let r = w
                .join()
                .unwrap_or_else(|_| Err(ShadowError::Refused("a rename thread stopped".into())));
            result = result.and(r);
        }
        result
    })
}

/// After an apply that was cut short: drops every staged file that is
/// already the real file's inode (landed, but not yet unstaged). The change
/// scan cannot see them (staged and real bytes are the same), and a mounted
/// shadow would write through them into the real tree.
pub(crate) fn drop_landed_links(shadow: &Shadow) -> Result<()> {
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = shadow.upper().join(&rel);
        let entries = std::fs::read_dir(&dir).map_err(ShadowError::io("list", &dir))?;
        for e in entries.flatten() {
            let r = rel.join(e.file_name());
            let Some(m) = lstat(&e.path())? else { continue };
            if m.is_dir() {
                stack.push(r);
            } else if m.is_file()
                && m.nlink() > 1
                && lstat(&shadow.project.join(&r))?
                    .is_some_and(|real| (real.dev(), real.ino()) == (m.dev(), m.ino()))
            {
                remove(&e.path(), false)?;
            }
        }
    }
    Ok(())
}

/// Puts the staged inode at `tmp` as a hard link, with overlayfs's marks
/// taken off it (they describe the staging, not the tree). `false` when it
/// cannot be shared (another filesystem, links refused, a metacopy upper
/// that holds no data, a staged file with links of its own): the caller
/// copies the bytes instead.
fn link_staged(staged: &Path, tmp: &Path) -> Result<bool> {
    // A staged file with other links (the command made hard links in the
    // shadow) would tie the real file to a staged path that may stay.
    if lstat(staged)?.is_none_or(|m| m.nlink() != 1) || std::fs::hard_link(staged, tmp).is_err() {
        return Ok(false);
    }
    if strip_overlay_marks(tmp) {
        return Ok(true);
    }
    std::fs::remove_file(tmp).map_err(ShadowError::io("remove", tmp))?;
    Ok(false)
}

/// Removes every `user.overlay.*` / `trusted.overlay.*` attribute of the
/// file at `path`; `false` when one cannot go or the file is a metacopy.
fn strip_overlay_marks(path: &Path) -> bool {
    let mut buf = [0u8; 4096];
    let Ok(n) = rustix::fs::llistxattr(path, &mut buf[..]) else {
        return false;
    };
    let names = buf.get(..n).unwrap_or_default();
    names
        .split(|b| *b == 0)
        .filter(|name| name.starts_with(b"user.overlay.") || name.starts_with(b"trusted.overlay."))
        .all(|name| {
            !name.ends_with(b".metacopy")
                && std::str::from_utf8(name)
                    .is_ok_and(|name| rustix::fs::lremovexattr(path, name).is_ok())
        })
}

/// Creates the missing parents of `rel` in the real tree with their staged
/// modes.
fn make_parents(
    shadow: &Shadow,
    rel: &Path,
    deleted: &BTreeSet<&Path>,
    made: &mut BTreeSet<PathBuf>,
) -> Result<()> {
    let mut chain: Vec<&Path> = rel.ancestors().skip(1).collect();
    chain.reverse();
    for p in chain.into_iter().filter(|p| !p.as_os_str().is_empty()) {
        let real = shadow.project.join(p);
        match lstat(&real)? {
            Some(m) if m.is_dir() => continue,
            Some(m) if deleted.contains(p) => remove(&real, m.is_dir())?,
            Some(_) => {
                return Err(ShadowError::Refused(format!(
                    "`{}` is not a directory in the real tree",
                    p.display()
                )));
            }
            None => {}
        }
        std::fs::create_dir(&real).map_err(ShadowError::io("create", &real))?;
        let mode = lstat(&shadow.upper().join(p))?.map_or(0o755, |m| m.mode() & 0o7777);
        chmod(&real, mode)?;
        if let Some(parent) = real.parent() {
            made.insert(parent.to_path_buf());
        }
    }
    Ok(())
}

fn chmod(path: &Path, mode: u32) -> Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(ShadowError::io("set the mode of", path))
}

/// Removes a file, link or (`dir`) a directory tree.
pub(crate) fn remove(path: &Path, dir: bool) -> Result<()> {
    if dir {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
    .map_err(ShadowError::io("remove", path))
}

#[cfg(test)]
mod tests {
    use crate::apply::{Gate, Item, apply};
    use crate::state::Shadow;
    use std::os::unix::fs::MetadataExt;

    fn shadow() -> (tempfile::TempDir, Shadow) {
        let t = tempfile::tempdir().unwrap();
        let real = t.path().join("tree");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("a.txt"), "old\n").unwrap();
        let s = Shadow::open_or_create(&t.path().join("state"), "t", &real).unwrap();
        (t, s)
    }

    #[test]
    fn a_landed_file_is_the_staged_inode_alone_without_overlay_marks() {
        let (_t, s) = shadow();
        let staged = s.upper().join("a.txt");
        std::fs::write(&staged, "new\n").unwrap();
        rustix::fs::lsetxattr(
            &staged,
            "user.overlay.origin",
            b"x",
            rustix::fs::XattrFlags::empty(),
        )
        .unwrap();
        let ino = std::fs::metadata(&staged).unwrap().ino();
        let out = apply(&s, &[], &mut |_: &Item| Gate::Apply).unwrap();
        assert_eq!(out.applied.len(), 1);
        let real = s.project.join("a.txt");
        let m = std::fs::metadata(&real).unwrap();
        assert_eq!((m.ino(), m.nlink()), (ino, 1));
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new\n");
        let mut buf = [0u8; 256];
        assert_eq!(rustix::fs::llistxattr(&real, &mut buf[..]).unwrap(), 0);
        assert!(!s.cut_short_mark().exists());
    }

    #[test]
    fn a_staged_file_with_links_of_its_own_lands_as_a_copy() {
        let (_t, s) = shadow();
        let staged = s.upper().join("a.txt");
        std::fs::write(&staged, "new\n").unwrap();
        // Held back below, so it stays staged: it must not share the real inode.
        std::fs::hard_link(&staged, s.upper().join("b.txt")).unwrap();
        let out = apply(&s, &[], &mut |i: &Item| {
            if i.change.path.ends_with("b.txt") {
                Gate::Hold("no".into())
            } else {
                Gate::Apply
            }
        })
        .unwrap();
        assert_eq!(out.applied.len(), 1);
        let real = std::fs::metadata(s.project.join("a.txt")).unwrap();
        let held = std::fs::metadata(s.upper().join("b.txt")).unwrap();
        assert_ne!(real.ino(), held.ino());
        assert_eq!(
            std::fs::read_to_string(s.project.join("a.txt")).unwrap(),
            "new\n"
        );
    }

    #[test]
    fn an_apply_cut_short_after_a_rename_is_finished_before_the_shadow_mounts() {
        let (_t, s) = shadow();
        let staged = s.upper().join("a.txt");
        std::fs::write(&staged, "new\n").unwrap();
        // What a kill right after the rename leaves: the real file is the
        // staged inode, the staged link is still there, the mark too.
        std::fs::write(s.cut_short_mark(), b"").unwrap();
        let tmp = s.project.join(".a.txt.ward-shadow~");
        std::fs::hard_link(&staged, &tmp).unwrap();
        std::fs::rename(&tmp, s.project.join("a.txt")).unwrap();
        let lock = s.lock().unwrap();
        let err = crate::ns::run(&s, lock, &s.project, &["true".into()]).unwrap_err();
        assert!(err.to_string().contains("was cut short"), "{err}");
        apply(&s, &[], &mut |_: &Item| Gate::Apply).unwrap();
        assert!(!staged.exists());
        let m = std::fs::metadata(s.project.join("a.txt")).unwrap();
        assert_eq!(m.nlink(), 1);
        assert!(!s.cut_short_mark().exists());
    }
}
