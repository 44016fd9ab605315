//! Where ward-trust keeps its files, and how they are written and removed.
//!
//! A profile lives at `<state dir>/trust/profile.json` unless the user names
//! another path; the live state `ward trust watch` publishes sits beside it,
//! in a file named `state`. Both are written 0600 in a 0700 directory.

use crate::error::Error;
use std::path::{Path, PathBuf};

/// ward's state directory: `$WARD_HOME`, else `$XDG_STATE_HOME/ward`, else `~/.local/state/ward`.
pub fn state_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    env("WARD_HOME")
        .or_else(|| env("XDG_STATE_HOME").map(|p| p.join("ward")))
        .or_else(|| env("HOME").map(|p| p.join(".local/state/ward")))
}

/// The default profile path: `<state dir>/trust/profile.json`.
pub fn default_profile_path() -> Option<PathBuf> {
    state_dir().map(|d| d.join("trust").join("profile.json"))
}

/// Writes `bytes` to `path` with mode 0600 (directory 0700), via a temporary file and rename.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| Error::io(dir, e))?;
    }
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)
        .map_err(|e| Error::io(&tmp, e))?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Where the live state is published for a profile at `profile`: a file
/// named `state` beside it, read by the daemon and the policy.
pub fn state_path(profile: &Path) -> PathBuf {
    profile.with_file_name("state")
}

/// Removes the profile at `profile` and the state published beside it,
/// calling `removed` with each file that was there. Returns how many were
/// removed; files already absent are not an error.
pub fn forget(profile: &Path, mut removed: impl FnMut(&Path)) -> Result<usize, Error> {
    let mut count = 0;
    for path in [profile.to_path_buf(), state_path(profile)] {
        match std::fs::remove_file(&path) {
            Ok(()) => {
                removed(&path);
                count += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Remove { path, source }),
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::{forget, state_path, write_private};
    use std::path::{Path, PathBuf};

    #[test]
    fn state_is_published_beside_the_profile() {
        assert_eq!(
            state_path(Path::new("/h/trust/profile.json")),
            PathBuf::from("/h/trust/state")
        );
        assert_eq!(state_path(Path::new("me.json")), PathBuf::from("state"));
    }

    #[test]
    fn forget_removes_the_profile_and_its_state_once() {
        let dir = tempfile::tempdir().unwrap();
        let profile = dir.path().join("trust/profile.json");
        write_private(&profile, b"{}").unwrap();
        write_private(&state_path(&profile), b"trusted\n").unwrap();
        let mut seen = Vec::new();
        assert_eq!(forget(&profile, |p| seen.push(p.to_path_buf())).unwrap(), 2);
        assert_eq!(seen, [profile.clone(), state_path(&profile)]);
        assert!(!profile.exists() && !state_path(&profile).exists());
        assert_eq!(forget(&profile, |_| panic!("nothing left")).unwrap(), 0);
    }

    #[test]
    fn forget_reports_a_file_it_cannot_remove() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the profile should be: unlink fails, not "absent".
        let profile = dir.path().join("profile.json");
        std::fs::create_dir(&profile).unwrap();
        let err = forget(&profile, |_| {}).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("cannot remove `{}`: ", profile.display())),
            "{err}"
        );
    }
}
