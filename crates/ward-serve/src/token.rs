//! API tokens: random bearer tokens, stored only as blake3 hashes in a 0600
//! file, compared in constant time.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs::{DirBuilder, OpenOptions};
use std::io::{Read as _, Write as _};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// How long a server takes a token it has seen live without looking at the
/// token file again: revoking a token reaches a running server within this.
pub const RECHECK: Duration = Duration::from_secs(1);

/// The token file's name in the state directory.
pub const TOKEN_FILE: &str = "serve-tokens.json";

/// What the token file keeps about one token (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenInfo {
    /// Short id used to revoke it.
    pub id: u64,
    /// A label for people.
    pub name: String,
    /// blake3 of the token, hex.
    pub hash: String,
    /// When it was made (ns since the epoch).
    pub created_ns: i64,
    /// Revoked tokens stay listed but no longer authenticate.
    pub revoked: bool,
}

/// The token file.
#[derive(Debug)]
pub struct Tokens {
    path: PathBuf,
    // The live hashes as last read; reloaded when the file's mtime or length
    // changes, so `ward serve token new|revoke` reach a running server.
    cache: Mutex<Option<Loaded>>,
    recheck: Duration,
}

#[derive(Debug)]
struct Loaded {
    /// The file's (mtime, length) when `live` was read.
    stamp: (Option<SystemTime>, u64),
    /// When the stamp was last compared with the file.
    checked: Instant,
    live: Vec<blake3::Hash>,
}

impl Tokens {
    /// The token file at `path` (it need not exist yet).
    pub fn new(path: PathBuf) -> Self {
        Self::with_recheck(path, RECHECK)
    }

    /// The token file at `path`; a token seen live is taken for `recheck`
    /// without looking at the file (zero: look at every check).
    pub fn with_recheck(path: PathBuf, recheck: Duration) -> Self {
        Self {
            path,
            cache: Mutex::new(None),
            recheck,
        }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every token ever made, revoked ones included.
    pub fn list(&self) -> Result<Vec<TokenInfo>> {
        let mut text = String::new();
        match std::fs::File::open(&self.path) {
            Ok(mut f) => f.read_to_string(&mut text).map_err(self.io())?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(self.io()(e)),
        };
        serde_json::from_str(&text).map_err(|e| Error::Tokens(self.path.clone(), e.to_string()))
    }

    /// Makes a token named `name`; returns its info and the secret, shown once.
    pub fn create(&self, name: &str) -> Result<(TokenInfo, String)> {
        let mut all = self.list()?;
        let mut raw = [0u8; 32];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut raw))
            .map_err(|source| Error::Io {
                path: "/dev/urandom".into(),
                source,
            })?;
        let secret = format!("ward_{}", ward_audit::hex(&raw));
        let info = TokenInfo {
            id: all.iter().map(|t| t.id).max().unwrap_or(0) + 1,
            name: name.to_owned(),
            hash: blake3::hash(secret.as_bytes()).to_hex().to_string(),
            created_ns: ward_audit::now_ns(),
            revoked: false,
        };
        all.push(info.clone());
        self.write(&all)?;
        Ok((info, secret))
    }

    /// Revokes token `id`.
    pub fn revoke(&self, id: u64) -> Result<TokenInfo> {
        let mut all = self.list()?;
        let Some(t) = all.iter_mut().find(|t| t.id == id) else {
            return Err(Error::NoToken(id.to_string()));
        };
        t.revoked = true;
        let out = t.clone();
        self.write(&all)?;
        Ok(out)
    }

    /// Whether `secret` is a live token. Every stored hash is compared (blake3's
    /// `Hash` equality is constant-time), so timing tells nothing about which.
    pub fn check(&self, secret: &str) -> Result<bool> {
        self.check_at(secret, Instant::now())
    }

    // A token seen live within `recheck` is taken without a stat of the file;
    // anything else (stale, or not among the live hashes) looks first, so a
    // new token works at once and a revoked one stops within `recheck`.
    fn check_at(&self, secret: &str, now: Instant) -> Result<bool> {
        let given = blake3::hash(secret.as_bytes());
        let mut cache = self
            .cache
            .lock()
            .map_err(|_| Error::Config("token cache poisoned".into()))?;
        if let Some(c) = cache.as_ref()
            && now.saturating_duration_since(c.checked) < self.recheck
            && live(&c.live, &given)
        {
            return Ok(true);
        }
        let stamp = self.stamp()?;
        match cache.as_mut() {
            Some(c) if c.stamp == stamp => c.checked = now,
            _ => {
                let live = self
                    .list()?
                    .into_iter()
                    .filter(|t| !t.revoked)
                    .filter_map(|t| blake3::Hash::from_hex(&t.hash).ok())
                    .collect();
                *cache = Some(Loaded {
                    stamp,
                    checked: now,
                    live,
                });
            }
        }
        Ok(cache.as_ref().is_some_and(|c| live(&c.live, &given)))
    }

    /// The file's (mtime, length); (None, 0) when it does not exist.
    fn stamp(&self) -> Result<(Option<SystemTime>, u64)> {
        match std::fs::metadata(&self.path) {
            Ok(m) => Ok((m.modified().ok(), m.len())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, 0)),
            Err(e) => Err(self.io()(e)),
        }
    }

    fn write(&self, all: &[TokenInfo]) -> Result<()> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(self.io())?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let _ = std::fs::remove_file(&tmp);
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)
            .map_err(self.io())?;
        let text = serde_json::to_string_pretty(all)
            .map_err(|e| Error::Tokens(self.path.clone(), e.to_string()))?;
        f.write_all(text.as_bytes())
            .and_then(|()| f.write_all(b"\n"))
            .and_then(|()| f.sync_all())
            .map_err(self.io())?;
        std::fs::rename(&tmp, &self.path).map_err(self.io())
    }

    fn io(&self) -> impl Fn(std::io::Error) -> Error + '_ {
        |source| Error::Io {
            path: self.path.clone(),
            source,
        }
    }
}

/// Whether `given` is among `hashes`, comparing every one.
fn live(hashes: &[blake3::Hash], given: &blake3::Hash) -> bool {
    hashes.iter().fold(false, |any, h| any | (h == given))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn create_check_revoke() {
        let dir = tempfile::tempdir().unwrap();
        let t = Tokens::with_recheck(dir.path().join("s").join(TOKEN_FILE), Duration::ZERO);
        assert!(!t.check("nothing").unwrap());
        let (a, secret) = t.create("ci").unwrap();
        let (b, other) = t.create("dash").unwrap();
        assert_eq!((a.id, b.id), (1, 2));
        assert!(t.check(&secret).unwrap() && t.check(&other).unwrap());
        assert!(!t.check("ward_0000").unwrap());
        let text = std::fs::read_to_string(t.path()).unwrap();
        assert!(!text.contains(&secret), "the secret itself is never stored");
        let mode = std::fs::metadata(t.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        t.revoke(1).unwrap();
        assert!(!t.check(&secret).unwrap() && t.check(&other).unwrap());
        assert!(matches!(t.revoke(9), Err(Error::NoToken(_))));
    }

    #[test]
    fn a_revocation_reaches_a_server_within_the_recheck_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(TOKEN_FILE);
        let cli = Tokens::new(path.clone());
        let (info, secret) = cli.create("ci").unwrap();
        let server = Tokens::with_recheck(path, Duration::from_secs(1));
        let t0 = Instant::now();
        assert!(server.check_at(&secret, t0).unwrap());
        cli.revoke(info.id).unwrap();
        // Within the second the file is not looked at: still accepted.
        let soon = t0 + Duration::from_millis(500);
        assert!(server.check_at(&secret, soon).unwrap());
        assert!(!server.check_at("ward_0000", soon).unwrap());
        // That miss looked at the file, so the revocation is seen already.
        assert!(!server.check_at(&secret, soon).unwrap());

        let (info, other) = cli.create("dash").unwrap();
        let t1 = soon + Duration::from_secs(5);
        assert!(
            server.check_at(&other, t1).unwrap(),
            "a new token works at once"
        );
        cli.revoke(info.id).unwrap();
        assert!(
            server
                .check_at(&other, t1 + Duration::from_millis(999))
                .unwrap()
        );
        // Past the second the revocation is seen, and stays seen.
        let later = t1 + Duration::from_millis(1000);
        assert!(!server.check_at(&other, later).unwrap());
        assert!(
            !server
                .check_at(&other, later + Duration::from_millis(1))
                .unwrap()
        );
    }
}
