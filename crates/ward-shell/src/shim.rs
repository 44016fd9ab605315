//! A shim directory: links named after guarded programs, pointing at ward.
//!
//! Only symlinks whose target is named `ward` count as shims; anything else
//! in the directory is left alone, so `remove` never deletes a real file.

use crate::error::ShellError;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

/// One shim link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShimEntry {
    /// The program it stands for (the link's name).
    pub program: String,
    /// The link itself.
    pub path: PathBuf,
    /// Where it points (a ward binary).
    pub target: PathBuf,
}

fn check_program(p: &str) -> Result<(), ShellError> {
    let bad =
        p.is_empty() || p.contains('/') || p.contains('\0') || p == "." || p == ".." || p == "ward";
    if bad {
        Err(ShellError::BadProgram(p.to_owned()))
    } else {
        Ok(())
    }
}

/// The link's target when `path` is a ward shim.
fn shim_target(path: &Path) -> Option<PathBuf> {
    let target = std::fs::read_link(path).ok()?;
    (target.file_name()? == "ward").then_some(target)
}

/// Creates (or re-points) a shim for each program in `dir`, pointing at
/// `ward_exe`. Refuses to replace a file that is not a shim.
pub fn install(
    dir: &Path,
    programs: &[String],
    ward_exe: &Path,
) -> Result<Vec<ShimEntry>, ShellError> {
    for p in programs {
        check_program(p)?;
    }
    std::fs::create_dir_all(dir).map_err(ShellError::io("create", dir))?;
    let mut out = Vec::with_capacity(programs.len());
    for program in programs {
        let path = dir.join(program);
        if path.symlink_metadata().is_ok() {
            if shim_target(&path).is_none() {
                return Err(ShellError::NotAShim(path));
            }
            std::fs::remove_file(&path).map_err(ShellError::io("replace", &path))?;
        }
        symlink(ward_exe, &path).map_err(ShellError::io("create", &path))?;
        out.push(ShimEntry {
            program: program.clone(),
            path,
            target: ward_exe.to_path_buf(),
        });
    }
    Ok(out)
}

/// The shims in `dir`, sorted by program; an absent directory has none.
pub fn list(dir: &Path) -> Result<Vec<ShimEntry>, ShellError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ShellError::io("read", dir)(e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(ShellError::io("read", dir))?;
        let path = entry.path();
        if let Some(target) = shim_target(&path) {
            out.push(ShimEntry {
                program: entry.file_name().to_string_lossy().into_owned(),
                path,
                target,
            });
        }
    }
    out.sort_by(|a, b| a.program.cmp(&b.program));
    Ok(out)
}

/// Removes the shims for `programs` (all shims when empty) from `dir`, then
/// the directory itself when nothing else is left. Returns what was removed.
pub fn remove(dir: &Path, programs: &[String]) -> Result<Vec<String>, ShellError> {
    let mut removed = Vec::new();
    for entry in list(dir)? {
        if programs.is_empty() || programs.contains(&entry.program) {
            std::fs::remove_file(&entry.path).map_err(ShellError::io("remove", &entry.path))?;
            removed.push(entry.program);
        }
    }
    for p in programs {
        if !removed.contains(p) && dir.join(p).symlink_metadata().is_ok() {
            return Err(ShellError::NotAShim(dir.join(p)));
        }
    }
    // Only an empty directory goes; anything else in it stays.
    let _ = std::fs::remove_dir(dir);
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[ShimEntry]) -> Vec<&str> {
        v.iter().map(|e| e.program.as_str()).collect()
    }

    #[test]
    fn install_list_remove_round_trip() {
        let t = tempfile::tempdir().unwrap();
        let ward = t.path().join("ward");
        std::fs::write(&ward, "").unwrap();
        let dir = t.path().join("shims");
        let progs = vec!["rm".to_owned(), "git".to_owned()];
        install(&dir, &progs, &ward).unwrap();
        // Installing again re-points instead of failing.
        install(&dir, &progs, &ward).unwrap();
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        assert_eq!(names(&list(&dir).unwrap()), ["git", "rm"]);
        assert_eq!(std::fs::read_link(dir.join("rm")).unwrap(), ward);
        assert_eq!(remove(&dir, &["rm".to_owned()]).unwrap(), ["rm"]);
        assert_eq!(names(&list(&dir).unwrap()), ["git"]);
        assert_eq!(remove(&dir, &[]).unwrap(), ["git"]);
        assert!(
            dir.join("notes.txt").exists(),
            "a file that is not a shim stays"
        );
    }

    #[test]
    fn never_replaces_or_removes_a_real_file() {
        let t = tempfile::tempdir().unwrap();
        let ward = t.path().join("ward");
        std::fs::write(t.path().join("rm"), "real").unwrap();
        let err = install(t.path(), &["rm".to_owned()], &ward).unwrap_err();
        assert!(matches!(err, ShellError::NotAShim(_)), "{err}");
        let err = remove(t.path(), &["rm".to_owned()]).unwrap_err();
        assert!(matches!(err, ShellError::NotAShim(_)), "{err}");
        assert_eq!(
            std::fs::read_to_string(t.path().join("rm")).unwrap(),
            "real"
        );
    }

    #[test]
    fn rejects_bad_names() {
        let t = tempfile::tempdir().unwrap();
        for bad in ["", "a/b", "..", "ward", "x\0y"] {
            let err = install(t.path(), &[bad.to_owned()], Path::new("/w/ward")).unwrap_err();
            assert!(matches!(err, ShellError::BadProgram(_)), "{bad:?}: {err}");
        }
    }

    #[test]
    fn absent_dir_lists_nothing() {
        let t = tempfile::tempdir().unwrap();
        assert!(list(&t.path().join("none")).unwrap().is_empty());
    }
}
