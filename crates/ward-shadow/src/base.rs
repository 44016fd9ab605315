//! The base: a stamp of every real file when the shadow started or was last
//! applied. `apply` refuses a file whose real copy no longer matches its
//! stamp (someone changed it meanwhile) unless it already holds the staged
//! version (an apply that was cut short).

use crate::error::{Result, ShadowError};
use std::collections::BTreeMap;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

const MAGIC: &[u8] = b"ward-shadow-base 1\n";

/// What a path was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// A device, fifo or socket (never applied).
    Other,
}

impl Node {
    /// The node kind of `meta`.
    pub fn of(meta: &std::fs::Metadata) -> Node {
        let t = meta.file_type();
        if t.is_file() {
            Node::File
        } else if t.is_dir() {
            Node::Dir
        } else if t.is_symlink() {
            Node::Symlink
        } else {
            Node::Other
        }
    }

    fn code(self) -> u8 {
        match self {
            Node::File => 0,
            Node::Dir => 1,
            Node::Symlink => 2,
            Node::Other => 3,
        }
    }

    fn from_code(c: u8) -> Option<Node> {
        Some(match c {
            0 => Node::File,
            1 => Node::Dir,
            2 => Node::Symlink,
            3 => Node::Other,
            _ => return None,
        })
    }
}

/// One path's stamp: enough to tell that it changed without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// What it is.
    pub node: Node,
    /// Permission bits.
    pub mode: u32,
    /// Size in bytes.
    pub size: u64,
    /// Modification time, seconds.
    pub mtime: i64,
    /// Modification time, nanoseconds.
    pub mtime_ns: u32,
    /// Inode number (an editor that renames a new file over it changes it).
    pub ino: u64,
}

impl Stamp {
    /// The stamp of `meta`.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            node: Node::of(meta),
            mode: meta.mode() & 0o7777,
            size: meta.size(),
            mtime: meta.mtime(),
            mtime_ns: u32::try_from(meta.mtime_nsec()).unwrap_or(0),
            ino: meta.ino(),
        }
    }

    /// Whether `other` is the same path state. A directory's times change
    /// whenever an entry does, so only its kind and mode count.
    pub fn same(&self, other: &Stamp) -> bool {
        if self.node == Node::Dir || other.node == Node::Dir {
            return self.node == other.node && self.mode == other.mode;
        }
        self == other
    }
}

/// Every real path's stamp, by path relative to the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Base {
    /// Stamps by relative path.
    pub entries: BTreeMap<PathBuf, Stamp>,
}

impl Base {
    /// Stamps every path under `tree` (symlinks not followed).
    pub fn record(tree: &Path) -> Result<Base> {
        let mut base = Base::default();
        base.walk(tree, Path::new(""))?;
        Ok(base)
    }

    fn walk(&mut self, tree: &Path, rel: &Path) -> Result<()> {
        let dir = tree.join(rel);
        let entries = std::fs::read_dir(&dir).map_err(ShadowError::io("list", &dir))?;
        for e in entries {
            let e = e.map_err(ShadowError::io("list", &dir))?;
            let r = rel.join(e.file_name());
            let meta = e
                .metadata()
                .map_err(ShadowError::io("inspect", tree.join(&r)))?;
            let stamp = Stamp::of(&meta);
            self.entries.insert(r.clone(), stamp);
            if stamp.node == Node::Dir {
                self.walk(tree, &r)?;
            }
        }
        Ok(())
    }

    /// Restamps `rel` from the real tree (removing it, and everything under
    /// it, when it is gone).
    pub fn refresh(&mut self, tree: &Path, rel: &Path) -> Result<()> {
        let under: Vec<PathBuf> = self
            .entries
            .range(rel.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(rel))
            .map(|(p, _)| p.clone())
            .collect();
        for p in under {
            self.entries.remove(&p);
        }
        if let Some(meta) = crate::fsio::lstat(&tree.join(rel))? {
            let stamp = Stamp::of(&meta);
            self.entries.insert(rel.to_path_buf(), stamp);
            if stamp.node == Node::Dir {
                self.walk(tree, rel)?;
            }
        }
        Ok(())
    }

    /// Writes the base atomically to `path`.
    pub fn save(&self, path: &Path) -> Result<()> {
        let mut out = Vec::with_capacity(MAGIC.len() + self.entries.len() * 48);
        out.extend_from_slice(MAGIC);
        for (p, s) in &self.entries {
            let bytes = p.as_os_str().as_bytes();
            let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(bytes);
            out.push(s.node.code());
            out.extend_from_slice(&s.mode.to_le_bytes());
            out.extend_from_slice(&s.size.to_le_bytes());
            out.extend_from_slice(&s.mtime.to_le_bytes());
            out.extend_from_slice(&s.mtime_ns.to_le_bytes());
            out.extend_from_slice(&s.ino.to_le_bytes());
        }
        crate::fsio::write_atomic(path, &out, 0o600)
    }

    /// Reads a base written by [`Base::save`].
    pub fn load(path: &Path) -> Result<Base> {
        let bytes = std::fs::read(path).map_err(ShadowError::io("read", path))?;
        let damaged = |why: &str| ShadowError::Damaged {
            path: path.to_path_buf(),
            why: why.into(),
        };
        let mut r = Reader(
            bytes
                .strip_prefix(MAGIC)
                .ok_or_else(|| damaged("it is not a ward shadow base"))?,
        );
        let mut base = Base::default();
        while !r.0.is_empty() {
            let entry = (|| {
                let len = usize::try_from(u32::from_le_bytes(r.take()?)).ok()?;
                let p = PathBuf::from(std::ffi::OsStr::from_bytes(r.bytes(len)?));
                let node = Node::from_code(r.take::<1>()?[0])?;
                let stamp = Stamp {
                    node,
                    mode: u32::from_le_bytes(r.take()?),
                    size: u64::from_le_bytes(r.take()?),
                    mtime: i64::from_le_bytes(r.take()?),
                    mtime_ns: u32::from_le_bytes(r.take()?),
                    ino: u64::from_le_bytes(r.take()?),
                };
                Some((p, stamp))
            })()
            .ok_or_else(|| damaged("it ends in the middle of an entry"))?;
            base.entries.insert(entry.0, entry.1);
        }
        Ok(base)
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.bytes(N)?.try_into().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_round_trips_and_refreshes() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("d/e")).unwrap();
        std::fs::write(t.path().join("d/e/f"), "x").unwrap();
        std::fs::write(t.path().join("a"), "y").unwrap();
        let base = Base::record(t.path()).unwrap();
        assert_eq!(base.entries.len(), 4);
        let file = t.path().join("base");
        base.save(&file).unwrap();
        assert_eq!(Base::load(&file).unwrap(), base);
        let mut b2 = base.clone();
        std::fs::remove_dir_all(t.path().join("d")).unwrap();
        b2.refresh(t.path(), Path::new("d")).unwrap();
        assert_eq!(b2.entries.len(), 1);
    }

    #[test]
    fn a_truncated_base_is_named_damaged() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("a"), "y").unwrap();
        let file = t.path().join("base");
        Base::record(t.path()).unwrap().save(&file).unwrap();
        let bytes = std::fs::read(&file).unwrap();
        std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        let err = Base::load(&file).unwrap_err().to_string();
        assert!(err.contains("damaged"), "{err}");
    }
}
