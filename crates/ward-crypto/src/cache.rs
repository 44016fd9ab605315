//! The incremental cache: per file, its size, mtime, content hash and findings, invalidated as a
//! whole when the rule set changes. A rescan of an unchanged tree reads only metadata.

use crate::finding::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A cache problem.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The cache file could not be written.
    #[error("cannot write cache `{path}`: {source}")]
    Write {
        /// The cache file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// One file's cached result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub size: u64,
    pub mtime_ns: u64,
    pub hash: String,
    pub findings: Vec<Finding>,
}

#[derive(Serialize, Deserialize)]
struct OnDisk {
    ruleset: String,
    entries: HashMap<String, Entry>,
}

/// The cache for one scan: what was loaded, and what this scan saw.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    old: HashMap<String, Entry>,
    // INVARIANT: holds exactly the files this scan visited, so the saved cache never grows stale.
    new: Mutex<HashMap<String, Entry>>,
    /// Set when any entry differs from the loaded cache, so an unchanged rescan writes nothing.
    changed: std::sync::atomic::AtomicBool,
}

impl Cache {
    /// No caching.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Loads `path`; a missing, corrupt or other-ruleset file gives an empty cache.
    pub fn load(path: &Path, ruleset: &str) -> Self {
        let old = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<OnDisk>(&b).ok())
            .filter(|d| d.ruleset == ruleset)
            .map(|d| d.entries)
            .unwrap_or_default();
        Self {
            path: Some(path.to_owned()),
            old,
            new: Mutex::new(HashMap::new()),
            changed: false.into(),
        }
    }

    /// Whether a cache file is in use.
    pub fn enabled(&self) -> bool {
        self.path.is_some()
    }

    /// Findings for an unchanged file (same size and mtime), without reading it.
    pub(crate) fn by_meta(&self, key: &str, size: u64, mtime_ns: u64) -> Option<&Entry> {
        self.old
            .get(key)
            .filter(|e| e.size == size && e.mtime_ns == mtime_ns)
    }

    /// Findings for a file whose content hash is unchanged (touched but not edited).
    pub(crate) fn by_hash(&self, key: &str, hash: &str) -> Option<&Entry> {
        self.old.get(key).filter(|e| e.hash == hash)
    }

    /// Records this scan's result for a file.
    pub(crate) fn put(&self, key: String, entry: Entry, unchanged: bool) {
        if !unchanged {
            self.changed
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if self.enabled()
            && let Ok(mut m) = self.new.lock()
        {
            m.insert(key, entry);
        }
    }

    /// Writes the cache atomically (temp file and rename).
    pub fn save(&self, ruleset: &str) -> Result<(), CacheError> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let entries = self.new.lock().map(|m| m.clone()).unwrap_or_default();
        if !self.changed.load(std::sync::atomic::Ordering::Relaxed)
            && entries.len() == self.old.len()
            && path.exists()
        {
            return Ok(());
        }
        let err = |source| CacheError::Write {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let tmp = path.with_extension("tmp");
        let data = serde_json::to_vec(&OnDisk {
            ruleset: ruleset.to_owned(),
            entries,
        })
        .map_err(|e| err(e.into()))?;
        // Owner-only: the cache holds snippets of the scanned code.
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(err)?;
        f.write_all(&data).map_err(err)?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(err)
    }
}
