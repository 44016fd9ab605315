//! Where session memory lives between calls when no daemon holds it: one
//! file per session (id + cwd) under `STATE/sessions/`, owner-only (0600 in a
//! 0700 directory), bounded in size, dropped after an idle time.
//!
//! Crash safety: a save writes a temporary file and renames it over the old
//! one, so a killed process leaves the old memory or the new one, never half
//! of one. A file that still does not parse (disk damage, a foreign writer)
//! loads as a memory marked *lost*: it knows nothing, and while it is in use
//! a call that runs a file or reaches the network is never answered `allow`
//! (at most the agent's own prompt decides), so a damaged file never makes
//! ward more permissive than it would be without it. Concurrent calls of one
//! session are serialised by an advisory lock on `NAME.lock`.

use crate::session::{MAX_FILES, Memory, hex};

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The largest session file: 128 KiB. Memory is trimmed (oldest first) to fit.
pub const MAX_STATE_BYTES: usize = 128 * 1024;
/// The default idle time after which a session's memory is dropped: 12 hours.
pub const DEFAULT_IDLE: Duration = Duration::from_secs(12 * 3600);

/// Session files in one directory.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
    idle: Duration,
}

/// A loaded session: its memory and the lock held until it is saved.
#[derive(Debug)]
pub struct Loaded {
    /// The memory.
    pub memory: Memory,
    path: PathBuf,
    _lock: Option<File>,
}

impl FileStore {
    /// Session files under `state/sessions`, dropped after `idle`.
    pub fn new(state: &Path, idle: Duration) -> Self {
        Self {
            dir: state.join("sessions"),
            idle,
        }
    }

    /// The file of session `id` working in `cwd`. Ids are hashed, so a
    /// session id never names a path.
    pub fn path(&self, id: &str, cwd: &str) -> PathBuf {
        let mut h = blake3::Hasher::new();
        h.update(id.as_bytes());
        h.update(b"\0");
        h.update(cwd.as_bytes());
        let name = hex(h.finalize().as_bytes().get(..16).unwrap_or_default());
        self.dir.join(format!("{name}.json"))
    }

    /// Loads (and locks) the memory of session `id` in `cwd`: empty when new
    /// or idle too long, lost when unreadable.
    pub fn load(&self, id: &str, cwd: &str) -> Loaded {
        let mut l = self.lock(id, cwd);
        l.memory = self.read(&l.path);
        l
    }

    /// Locks session `id` in `cwd` without reading its file: the caller
    /// (the daemon, which holds the memory) fills in [`Loaded::memory`].
    pub fn lock(&self, id: &str, cwd: &str) -> Loaded {
        let _ = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir);
        let path = self.path(id, cwd);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .mode(0o600)
            .open(path.with_extension("lock"))
            .ok();
        if let Some(l) = &lock {
            let _ = l.lock();
        }
        Loaded {
            memory: Memory::default(),
            path,
            _lock: lock,
        }
    }

    /// The memory in `path` as of now (no lock).
    pub fn read(&self, path: &Path) -> Memory {
        let mut bytes = Vec::new();
        match File::open(path) {
            Err(_) => return Memory::new(),
            Ok(f) => {
                if f.take(MAX_STATE_BYTES as u64 * 2)
                    .read_to_end(&mut bytes)
                    .is_err()
                {
                    return Memory::lost();
                }
            }
        }
        match serde_json::from_slice::<Memory>(&bytes) {
            Ok(m) if now().saturating_sub(m.last) > self.idle.as_secs() => Memory::new(),
            Ok(m) => m,
            Err(_) => Memory::lost(),
        }
    }

    /// Saves `loaded` when it changed, atomically, and releases its lock.
    pub fn save(&self, mut loaded: Loaded) -> std::io::Result<()> {
        let m = &mut loaded.memory;
        let stamp = now();
        if !m.dirty && stamp.saturating_sub(m.last) < 60 {
            return Ok(());
        }
        m.last = stamp;
        let bytes = encode(m);
        let fresh = !loaded.path.exists();
        let tmp = loaded
            .path
            .with_extension(format!("{}.tmp", std::process::id()));
        let mut f = OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(&bytes)?;
        drop(f);
        std::fs::rename(&tmp, &loaded.path)?;
        if fresh {
            self.sweep();
        }
        Ok(())
    }

    /// Removes session files idle longer than the idle time, and temporary
    /// files a killed process left.
    pub fn sweep(&self) {
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        for e in rd.flatten() {
            let Ok(meta) = e.metadata() else { continue };
            let age = meta
                .modified()
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .unwrap_or_default();
            let name = e.file_name();
            let name = name.to_string_lossy();
            let stale_tmp = name.ends_with(".tmp") && age > Duration::from_secs(60);
            if stale_tmp || age > self.idle {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

/// The memory as JSON within [`MAX_STATE_BYTES`]: the oldest files and
/// secrets are dropped until it fits.
pub fn encode(m: &mut Memory) -> Vec<u8> {
    loop {
        let bytes = serde_json::to_vec(m).unwrap_or_default();
        if bytes.len() <= MAX_STATE_BYTES {
            return bytes;
        }
        let n = (m.written.len() / 4).max(1).min(m.written.len());
        m.written.drain(..n);
        let n = (m.fetched.len() / 4).max(1).min(m.fetched.len());
        m.fetched.drain(..n);
        if m.written.is_empty() && m.fetched.is_empty() {
            m.trim_secrets();
        }
        debug_assert!(m.written.len() <= MAX_FILES);
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 10,000 calls that each teach the session something: the file stays
    /// under its bound, and what was learnt last is still known.
    #[test]
    fn the_state_file_stays_bounded_over_ten_thousand_calls() {
        use crate::{judge, payload};
        let d = tempfile::tempdir().unwrap();
        let s = FileStore::new(d.path(), DEFAULT_IDLE);
        let cwd = d.path().join("p");
        std::fs::create_dir_all(&cwd).unwrap();
        let cwd = cwd.to_string_lossy().into_owned();
        let policy = ward_core::Policy::embedded();
        let pad = "x".repeat(120);
        let mut biggest = 0;
        for i in 0..10_000u32 {
            let input = match i % 4 {
                0 => {
                    serde_json::json!({"tool_name": "Write", "tool_input": {"file_path": format!("{cwd}/{pad}/f{i}.sh"), "content": format!("rm -rf ~ # {pad}\n")}})
                }
                1 => {
                    serde_json::json!({"tool_name": "Bash", "tool_input": {"command": format!("curl -o {pad}{i} https://example.invalid/{pad}")}})
                }
                2 => {
                    let secret = format!("{cwd}/.env");
                    let body: String = (0..40)
                        .map(|k| format!("K{k}=tok{i}x{k}ABCDEFGHIJKLMNOP\n"))
                        .collect();
                    std::fs::write(&secret, body).unwrap();
                    serde_json::json!({"tool_name": "Read", "tool_input": {"file_path": secret}})
                }
                _ => {
                    serde_json::json!({"tool_name": "Bash", "tool_input": {"command": format!("echo 'rm -rf /' > {pad}{i}.txt")}})
                }
            };
            let mut v = input;
            v["session_id"] = "s".into();
            v["cwd"] = cwd.clone().into();
            v["hook_event_name"] = "PreToolUse".into();
            let call = payload::parse(v.to_string().as_bytes(), None, &cwd, "/home/u").unwrap();
            let mut l = s.load("s", &cwd);
            assert!(!l.memory.lost, "call {i}");
            let mut cache = crate::script::NoCache;
            judge::judge_with(
                policy,
                &call,
                "/home/u",
                &[],
                crate::Extras {
                    scripts: &mut cache,
                    memory: Some(&mut l.memory),
                },
            );
            s.save(l).unwrap();
            let size = std::fs::metadata(s.path("s", &cwd)).unwrap().len();
            biggest = biggest.max(size);
            assert!(size as usize <= MAX_STATE_BYTES, "call {i}: {size} bytes");
        }
        let m = s.load("s", &cwd).memory;
        assert!(
            m.written
                .iter()
                .any(|w| w.path.ends_with("9999.txt") && w.finding.is_some())
        );
        assert!(m.written.len() <= MAX_FILES && m.fetched.len() <= MAX_FILES);
        assert!(m.secret_count() <= crate::session::MAX_SECRETS);
        assert!(biggest > 32 * 1024, "the caps were reached: {biggest}");
    }

    #[test]
    fn corrupt_files_load_as_lost_and_new_ones_as_empty() {
        let d = tempfile::tempdir().unwrap();
        let s = FileStore::new(d.path(), DEFAULT_IDLE);
        let l = s.load("a", "/w");
        assert!(!l.memory.lost);
        let p = s.path("a", "/w");
        s.save(l).unwrap();
        let mode =
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&p).unwrap().permissions());
        assert_eq!(mode & 0o777, 0o600);
        std::fs::write(&p, b"{\"key\":\"ab").unwrap();
        assert!(s.load("a", "/w").memory.lost);
        assert_ne!(s.path("a", "/w"), s.path("b", "/w"));
        assert_ne!(s.path("a", "/w"), s.path("a", "/x"));
    }
}
