//! Small filesystem helpers: atomic writes, overlay markers.

use crate::error::{Result, ShadowError};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The xattr overlayfs sets on a directory that hides the lower one, in a
/// user namespace (`userxattr`) and outside one.
pub const OPAQUE_XATTRS: [&str; 2] = ["user.overlay.opaque", "trusted.overlay.opaque"];

/// Whether `meta` is an overlay whiteout: a character device 0/0.
pub fn is_whiteout(meta: &std::fs::Metadata) -> bool {
    meta.file_type().is_char_device() && meta.rdev() == 0
}

/// Whether the directory `path` is marked opaque.
pub fn is_opaque(path: &Path) -> bool {
    let mut buf = [0u8; 4];
    OPAQUE_XATTRS.iter().any(|name| {
        matches!(rustix::fs::lgetxattr(path, *name, &mut buf[..]), Ok(n) if buf.get(..n) == Some(b"y"))
    })
}

/// Removes the opaque marks from `path` (ignoring marks that are absent).
pub fn clear_opaque(path: &Path) {
    for name in OPAQUE_XATTRS {
        let _ = rustix::fs::lremovexattr(path, name);
    }
}

/// `lstat`, with "absent" as `None`.
pub fn lstat(path: &Path) -> Result<Option<std::fs::Metadata>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) => Ok(Some(m)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        // A path through a file (`a/b` where `a` is a file) does not exist either.
        Err(e) if e.raw_os_error() == Some(20) => Ok(None),
        Err(e) => Err(ShadowError::io("inspect", path)(e)),
    }
}

/// The temp file ward writes beside `target` before renaming it into place.
/// The name is fixed per target, so a re-run after a crash replaces a
/// leftover instead of adding another.
pub fn temp_for(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.ward-shadow~"))
}

/// Writes `bytes` to a temp file beside `path` with `mode`, syncs it and
/// renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let tmp = temp_for(path);
    write_temp(&tmp, bytes, mode, true)?;
    std::fs::rename(&tmp, path).map_err(ShadowError::io("rename into place", path))
}

/// Writes a fresh temp file (replacing any leftover) with `mode`, synced
/// when `sync` is set.
pub fn write_temp(tmp: &Path, bytes: &[u8], mode: u32, sync: bool) -> Result<()> {
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode & 0o7777)
            .open(tmp)
    };
    // A leftover of a killed run is replaced, never written into.
    let mut f = match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(tmp).map_err(ShadowError::io("remove", tmp))?;
            open()
        }
        other => other,
    }
    .map_err(ShadowError::io("create", tmp))?;
    f.write_all(bytes).map_err(ShadowError::io("write", tmp))?;
    // The umask may have narrowed `mode`; the staged mode is what lands.
    std::fs::set_permissions(
        tmp,
        std::os::unix::fs::PermissionsExt::from_mode(mode & 0o7777),
    )
    .map_err(ShadowError::io("set the mode of", tmp))?;
    if sync {
        f.sync_all().map_err(ShadowError::io("sync", tmp))?;
    }
    Ok(())
}

/// Syncs the directory `dir` so renames in it are durable.
pub fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(ShadowError::io("sync", dir))
}
