//! The last-known tip sidecar (`audit.db.tip`): the id and hash of the newest
//! event, kept outside the database so that cutting rows off the tail (which
//! leaves a perfectly valid, shorter chain) is still detected.
//!
//! Format: one fixed-width line, `{id:020} {hash hex}\n`, rewritten in place
//! under an exclusive `flock` and only ever moved forward, so concurrent
//! appenders never move it back. It is written after the commit: after a
//! crash it may lag the database (harmless) but is never ahead of it.

use crate::error::{Error, Result};
use crate::event::{Hash, hex, unhex};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const LINE_LEN: usize = 20 + 1 + 64 + 1;

/// The sidecar path for a store path.
pub fn tip_path(store: &Path) -> PathBuf {
    let mut s = store.as_os_str().to_owned();
    s.push(".tip");
    PathBuf::from(s)
}

/// The recorded tip: id and hash of the newest event known to have been appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tip {
    /// Event id.
    pub id: i64,
    /// Event hash.
    pub hash: Hash,
}

/// An open sidecar file.
#[derive(Debug)]
pub(crate) struct TipFile {
    path: PathBuf,
    file: File,
}

impl TipFile {
    pub(crate) fn open(store: &Path) -> Result<Self> {
        let path = tip_path(store);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|source| Error::Tip {
                path: path.clone(),
                source,
            })?;
        Ok(Self { path, file })
    }

    /// Takes the writers' lock: an exclusive `flock` on the sidecar, held for
    /// the whole append transaction. Waiting here rather than in SQLite's busy
    /// handler matters: SQLite backs off up to 100 ms between retries, so under
    /// contention one writer can starve past any timeout, while a short fixed
    /// poll serves waiters in roughly arrival order. Fails after `timeout`.
    pub(crate) fn lock(&self, timeout: Duration) -> Result<TipGuard<'_>> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.file.try_lock() {
                Ok(()) => return Ok(TipGuard { tip: self }),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_micros(100));
                }
                Err(TryLockError::WouldBlock) => {
                    let source = std::io::Error::new(
                        ErrorKind::TimedOut,
                        format!(
                            "another writer held the lock for more than {} ms",
                            timeout.as_millis()
                        ),
                    );
                    return Err(Error::Tip {
                        path: self.path.clone(),
                        source,
                    });
                }
                Err(TryLockError::Error(source)) => {
                    return Err(Error::Tip {
                        path: self.path.clone(),
                        source,
                    });
                }
            }
        }
    }
}

/// Proof that the writers' lock is held; released on drop.
#[derive(Debug)]
pub(crate) struct TipGuard<'a> {
    tip: &'a TipFile,
}

impl TipGuard<'_> {
    /// The tip as recorded now.
    pub(crate) fn current(&self) -> Result<Option<Tip>> {
        read_from(&self.tip.file).map_err(|source| Error::Tip {
            path: self.tip.path.clone(),
            source,
        })
    }

    /// Moves the tip forward to `tip` unless it already is at or past it.
    pub(crate) fn advance(&self, tip: Tip) -> Result<()> {
        let err = |source| Error::Tip {
            path: self.tip.path.clone(),
            source,
        };
        let mut file = &self.tip.file;
        let cur = read_from(file).map_err(err)?;
        if cur.is_some_and(|c| c.id >= tip.id) {
            return Ok(());
        }
        let line = format!("{:020} {}\n", tip.id, hex(&tip.hash));
        file.seek(SeekFrom::Start(0)).map_err(err)?;
        file.write_all(line.as_bytes()).map_err(err)
    }
}

impl Drop for TipGuard<'_> {
    fn drop(&mut self) {
        let _ = self.tip.file.unlock();
    }
}

/// Reads the tip for a store: `Ok(None)` when there is no sidecar or it is empty.
pub fn read_tip(store: &Path) -> Result<Option<Tip>> {
    let path = tip_path(store);
    match File::open(&path) {
        Ok(f) => read_from(&f).map_err(|source| Error::Tip { path, source }),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Tip { path, source }),
    }
}

fn read_from(mut f: &File) -> std::io::Result<Option<Tip>> {
    let mut buf = Vec::with_capacity(LINE_LEN);
    f.seek(SeekFrom::Start(0))?;
    f.take(LINE_LEN as u64 + 1).read_to_end(&mut buf)?;
    if buf.is_empty() {
        return Ok(None);
    }
    let bad = || std::io::Error::new(ErrorKind::InvalidData, "not a tip line");
    let text = std::str::from_utf8(&buf).map_err(|_| bad())?;
    let (id, hash) = text.trim_end().split_once(' ').ok_or_else(bad)?;
    let id = id.parse().map_err(|_| bad())?;
    let hash = unhex(hash).ok_or_else(bad)?;
    Ok(Some(Tip { id, hash }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_moves_forward() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("a.db");
        assert_eq!(read_tip(&store).unwrap(), None);
        let t = TipFile::open(&store).unwrap();
        assert_eq!(read_tip(&store).unwrap(), None);
        let g = t.lock(Duration::from_secs(1)).unwrap();
        g.advance(Tip {
            id: 5,
            hash: [5; 32],
        })
        .unwrap();
        g.advance(Tip {
            id: 3,
            hash: [3; 32],
        })
        .unwrap();
        assert_eq!(
            read_tip(&store).unwrap(),
            Some(Tip {
                id: 5,
                hash: [5; 32]
            })
        );
        g.advance(Tip {
            id: 12,
            hash: [7; 32],
        })
        .unwrap();
        assert_eq!(
            read_tip(&store).unwrap(),
            Some(Tip {
                id: 12,
                hash: [7; 32]
            })
        );
    }

    #[test]
    fn lock_times_out() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("a.db");
        let a = TipFile::open(&store).unwrap();
        let b = TipFile::open(&store).unwrap();
        let held = a.lock(Duration::from_secs(1)).unwrap();
        let err = b.lock(Duration::from_millis(50)).unwrap_err().to_string();
        assert!(
            err.contains("another writer held the lock for more than 50 ms"),
            "{err}"
        );
        drop(held);
        assert!(b.lock(Duration::from_millis(50)).is_ok());
    }

    #[test]
    fn garbage_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("a.db");
        std::fs::write(tip_path(&store), "junk").unwrap();
        assert!(read_tip(&store).is_err());
    }
}
