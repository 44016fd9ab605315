//! Where a shadow lives: `<state dir>/shadow/<name>/` holds `project` (the
//! real tree's path), `base` (the real files' stamps when the shadow started
//! or was last applied), `upper/` and `work/` (overlayfs's staging), and
//! `lock` (held by a running `ward shadow run` and by apply / discard) and
//! `applying` (while an apply lands files).

use crate::base::Base;
use crate::error::{Result, ShadowError};
use std::fs::{File, OpenOptions};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

/// One shadow workspace on disk.
#[derive(Debug, Clone)]
pub struct Shadow {
    /// Its name (a directory name under `<state>/shadow`).
    pub name: String,
    /// Its directory.
    pub dir: PathBuf,
    /// The real tree it shadows (absolute, symlinks resolved).
    pub project: PathBuf,
}

/// A held lock on a shadow; released when dropped (or, after `exec`, when
/// the last process holding the descriptor exits).
#[derive(Debug)]
pub struct Lock(pub File);

/// `<state>/shadow`.
pub fn root(state: &Path) -> PathBuf {
    state.join("shadow")
}

/// Whether `name` is usable as a shadow name.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The default name for a shadow of `project`: its directory name, with
/// characters ward does not use in names replaced by `_`.
pub fn default_name(project: &Path) -> String {
    let base = project
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "root".into());
    let mut name: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with('.') || name.is_empty() {
        name.insert(0, 'p');
    }
    name
}

fn mkdir(path: &Path) -> Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)
        .map_err(ShadowError::io("create", path))
}

impl Shadow {
    /// The staged changes (overlayfs's upper dir).
    pub fn upper(&self) -> PathBuf {
        self.dir.join("upper")
    }

    /// overlayfs's work dir.
    pub fn work(&self) -> PathBuf {
        self.dir.join("work")
    }

    /// Present while an apply is landing files; one that stays was cut short.
    pub fn cut_short_mark(&self) -> PathBuf {
        self.dir.join("applying")
    }

    /// The base stamps file.
    pub fn base_path(&self) -> PathBuf {
        self.dir.join("base")
    }

    /// Opens the shadow `name` under `state`.
    pub fn open(state: &Path, name: &str) -> Result<Shadow> {
        if !valid_name(name) {
            return Err(ShadowError::BadName(name.into()));
        }
        let dir = root(state).join(name);
        let file = dir.join("project");
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ShadowError::NoSuchShadow(name.into()));
            }
            Err(e) => return Err(ShadowError::io("read", file)(e)),
        };
        let project = PathBuf::from(std::ffi::OsStr::from_bytes(&bytes));
        if !project.is_absolute() {
            return Err(ShadowError::Damaged {
                path: file,
                why: "it does not hold an absolute path".into(),
            });
        }
        Ok(Shadow {
            name: name.into(),
            dir,
            project,
        })
    }

    /// Opens the shadow `name`, creating it for `project` (and recording the
    /// real tree's base stamps) when it does not exist. A shadow of that name
    /// for another tree is an error. `project` must be canonical.
    pub fn open_or_create(state: &Path, name: &str, project: &Path) -> Result<Shadow> {
        match Shadow::open(state, name) {
            Ok(s) if s.project == project => return Ok(s),
            Ok(s) => {
                return Err(ShadowError::OtherProject {
                    name: name.into(),
                    project: s.project,
                });
            }
            Err(ShadowError::NoSuchShadow(_)) => {}
            Err(e) => return Err(e),
        }
        let dir = root(state).join(name);
        if dir.starts_with(project) {
            return Err(ShadowError::Refused(format!(
                "the shadow's staging dir `{}` is inside the tree it shadows; set `WARD_HOME` to a directory outside `{}`",
                dir.display(),
                project.display()
            )));
        }
        mkdir(&dir)?;
        let s = Shadow {
            name: name.into(),
            dir,
            project: project.to_path_buf(),
        };
        mkdir(&s.upper())?;
        mkdir(&s.work())?;
        Base::record(&s.project)?.save(&s.base_path())?;
        // Written last: a shadow without it is not listed, and is made again.
        crate::fsio::write_atomic(
            &s.dir.join("project"),
            project.as_os_str().as_bytes(),
            0o600,
        )?;
        Ok(s)
    }

    /// Every shadow under `state`, by name.
    pub fn list(state: &Path) -> Result<Vec<Shadow>> {
        let root = root(state);
        let entries = match std::fs::read_dir(&root) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(ShadowError::io("list", root)(e)),
        };
        let mut out = Vec::new();
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Ok(s) = Shadow::open(state, &name) {
                out.push(s);
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Takes the shadow's lock without waiting: [`ShadowError::Busy`] when
    /// a running shadow (or another apply) holds it.
    pub fn lock(&self) -> Result<Lock> {
        use rustix::fs::{FlockOperation, flock};
        let path = self.dir.join("lock");
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(ShadowError::io("open", &path))?;
        match flock(&f, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(Lock(f)),
            Err(rustix::io::Errno::WOULDBLOCK) => Err(ShadowError::Busy(self.name.clone())),
            Err(e) => Err(ShadowError::io("lock", path)(e.into())),
        }
    }

    /// Whether a running shadow holds the lock now.
    pub fn running(&self) -> bool {
        matches!(self.lock(), Err(ShadowError::Busy(_)))
    }

    /// Removes the shadow entirely: staging, base, lock. Overlayfs leaves
    /// its work dir unreadable (mode 0), so permissions are opened first.
    pub fn remove(self, _lock: Lock) -> Result<()> {
        open_up(&self.dir);
        std::fs::remove_dir_all(&self.dir).map_err(ShadowError::io("remove", &self.dir))
    }
}

/// Gives the owner rwx on every directory under `dir` so it can be removed.
pub(crate) fn open_up(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    open_up(&e.path());
                }
            }
        }
        return;
    };
    for e in entries.flatten() {
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            let p = e.path();
            let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o700));
            open_up(&p);
        }
    }
}
