//! The compiled-policy cache: a user's layers are merged and checked (every
//! regex, every example) by the first process that loads them, which writes
//! the result to a file keyed by a hash of the ward build and of every
//! layer's origin and text; later processes load that file the way the
//! embedded default loads (settings and index now, each rule compiled when a
//! command first meets it). Start-up is the hot path.
//!
//! A cache file that is missing, unreadable, truncated, corrupt or from
//! another build is ignored and rebuilt; a write that fails is ignored: the
//! cache never turns a load into an error, nor changes a decision.
//!
//! The file is text, one JSON value a line (JSON never holds a raw line
//! break), so each rule's spec is a byte range a process parses on demand:
//!
//! ```text
//! ward-policy-cache 1 \t KEY \t BODY-LENGTH \t BODY-CHECKSUM
//! head: settings and `[[allow_exact]]`
//! meta: hash, rule origins, index, whether the programs are the default's,
//! how many program and rule lines follow
//! one line a program, unless all are the default's: NAME-AS-JSON \t SPEC,
//! or `=` for the default's
//! one line a rule: SPEC (without its examples), or `=N` for rule N of the
//! embedded default, kept as it is
//! ```
//!
//! The default's rules and programs are referred to, not copied: the file of
//! a short user policy is a few KB, and reading it costs a few pages.

mod index;

use super::compile::{LazyProgram, Programs, Rules, SpecAt, StrMap};
use super::spec::PolicyFile;
use super::{DEFAULT_HASH, FNV_BASIS, Layer, Policy, PolicyError, embedded, exact, fnv1a};
use crate::decision::Decision;
use index::IndexAt;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::io::{Read as _, Write as _};
use std::ops::Range;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, OpenOptionsExt as _};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

/// The first field of a cache file; a file of another format is ignored.
const FORMAT: &str = "ward-policy-cache 1";

/// A larger file is not read (a policy's is a few KB to a few hundred).
const MAX_LEN: u64 = 16 << 20;

/// Cache files not rewritten for this long are removed when another is
/// written (each edit of a policy makes a new key).
const STALE: Duration = Duration::from_secs(30 * 24 * 3600);

impl Policy {
    /// [`Policy::layered`] through the cache in `dir` (`None`: no cache).
    /// The first load of some layers builds and checks them as
    /// [`Policy::layered`] does (a failing example is an error) and writes
    /// the cache file; later loads read it and compile rules on first use.
    pub fn layered_cached(user: Vec<Layer>, dir: Option<&Path>) -> Result<Policy, PolicyError> {
        let Some(dir) = dir else {
            return Policy::layered(user);
        };
        let key = key(&user);
        let path = dir.join(format!("policy-{key:016x}.cache"));
        if let Some(policy) = load(&path, key, &user) {
            return Ok(policy);
        }
        let policy = Policy::layered(user)?;
        // A cache that cannot be written (read-only home, full disk) only
        // costs the next process a rebuild.
        if store(dir, &path, key, &policy).is_ok() {
            prune(dir, &path);
        }
        Ok(policy)
    }
}

/// The effective file of a cached policy, rebuilt from its layers when
/// asked for (display, examples): the cache holds no examples.
pub(super) fn merged_file(layers: &[Layer]) -> PolicyFile {
    Policy::build_with(layers.to_vec(), usize::MAX, super::default_file())
        .ok()
        .and_then(|p| p.file.into_inner())
        .unwrap_or_default()
}

/// The cache key: the ward build (format, embedded default, version, the
/// hash of the policy code `build.rs` reports) and
/// every user layer's origin (messages name it) and text.
fn key(user: &[Layer]) -> u64 {
    let mut h = fnv1a(FNV_BASIS, FORMAT.as_bytes());
    h = fnv1a(h, &DEFAULT_HASH.to_le_bytes());
    h = fnv1a(h, env!("CARGO_PKG_VERSION").as_bytes());
    h = fnv1a(h, env!("WARD_POLICY_CODE_HASH").as_bytes());
    for layer in user {
        for part in [&layer.origin, &layer.text] {
            h = fnv1a(
                h,
                &u64::try_from(part.len()).unwrap_or(u64::MAX).to_le_bytes(),
            );
            h = fnv1a(h, part.as_bytes());
        }
    }
    h
}

/// A checksum of the body, eight bytes a step (the body is tens of KB and
/// every process checks it): it catches a torn or damaged file, not forgery
/// (whoever can write the file can write the policy it names).
fn checksum(bytes: &[u8]) -> u64 {
    let mut h = FNV_BASIS ^ u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
        h = (h ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    fnv1a(h, words.remainder())
}

/// What a process needs besides the settings and the rules' specs.
#[derive(Serialize, Deserialize)]
struct Meta {
    hash: u64,
    /// Which layer each rule came from.
    origins: Vec<usize>,
    /// The programs are the embedded default's, unchanged (no lines).
    default_programs: bool,
    programs: usize,
    rules: usize,
    index: IndexAt,
}

/// The cache file's text for a freshly built `policy`.
fn encode(policy: &Policy, key: u64) -> serde_json::Result<String> {
    let file = policy.file();
    let head = PolicyFile {
        settings: file.settings.clone(),
        allow_exact: file.allow_exact.clone(),
        ..PolicyFile::default()
    };
    // The embedded default as its compiled form holds it (no examples).
    let default = super::default_file().unwrap_or_default();
    let default_programs = file.programs == default.programs;
    let programs = if default_programs {
        0
    } else {
        file.programs.len()
    };
    let meta = Meta {
        hash: policy.hash,
        origins: policy.origins.clone(),
        default_programs,
        programs,
        rules: file.rules.len(),
        index: IndexAt::of(policy, &file.rules),
    };
    let mut body = serde_json::to_string(&head)?;
    body.push('\n');
    body.push_str(&serde_json::to_string(&meta)?);
    body.push('\n');
    for (name, spec) in file.programs.iter().take(programs) {
        body.push_str(&serde_json::to_string(name)?);
        body.push('\t');
        let embedded = embedded::PROGRAMS.0.get(name).is_some();
        if embedded && default.programs.get(name) == Some(spec) {
            body.push('=');
        } else {
            body.push_str(&serde_json::to_string(spec)?);
        }
        body.push('\n');
    }
    for (rule, li) in file.rules.iter().zip(&policy.origins) {
        let mut rule = rule.clone();
        rule.examples.clear();
        rule.not_match.clear();
        let kept = (*li == 0)
            .then(|| default.rules.iter().position(|r| *r == rule))
            .flatten()
            .filter(|j| embedded::RULES.get(*j).is_some());
        match kept {
            Some(j) => body.push_str(&format!("={j}")),
            None => body.push_str(&serde_json::to_string(&rule)?),
        }
        body.push('\n');
    }
    let sum = checksum(body.as_bytes());
    Ok(format!(
        "{FORMAT}\t{key:016x}\t{}\t{sum:016x}\n{body}",
        body.len()
    ))
}

/// Writes the cache file: owner-only, through a temporary file renamed into
/// place, so a reader sees the old file or the whole new one.
fn store(dir: &Path, path: &Path, key: u64, policy: &Policy) -> std::io::Result<()> {
    let text = encode(policy, key)?;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let tmp = dir.join(format!(".policy-{key:016x}.{}.tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Removes cache files (and temporary files left by a killed writer) not
/// written for [`STALE`], other than `keep`.
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = (name.starts_with("policy-") && name.ends_with(".cache"))
            || (name.starts_with(".policy-") && name.ends_with(".tmp"));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > STALE);
        if ours && old && path != keep {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// The cached policy at `path`, if the file is whole, owner-only and of
/// this build and these layers.
fn load(path: &Path, key: u64, user: &[Layer]) -> Option<Policy> {
    let f = std::fs::File::open(path).ok()?;
    let meta = f.metadata().ok()?;
    if meta.mode() & 0o077 != 0 || meta.len() > MAX_LEN {
        return None;
    }
    let mut text = String::with_capacity(usize::try_from(meta.len()).ok()?);
    f.take(MAX_LEN).read_to_string(&mut text).ok()?;
    decode(text, key, user)
}

/// A policy from a cache file's `text`, or `None` when anything in it is
/// not as [`encode`] writes it for `key`.
fn decode(text: String, key: u64, user: &[Layer]) -> Option<Policy> {
    let (header, body) = text.split_once('\n')?;
    let mut fields = header.split('\t');
    let expect = [
        FORMAT.to_owned(),
        format!("{key:016x}"),
        body.len().to_string(),
        format!("{:016x}", checksum(body.as_bytes())),
    ];
    for want in &expect {
        if fields.next() != Some(want.as_str()) {
            return None;
        }
    }
    // Byte ranges of the body's lines in `text`.
    let mut lines = Vec::new();
    let mut at = header.len() + 1;
    for line in body.split('\n') {
        lines.push(at..at + line.len());
        at += line.len() + 1;
    }
    let line = |r: Option<&Range<usize>>| r.and_then(|r| text.get(r.clone()));
    let head: PolicyFile = serde_json::from_str(line(lines.first())?).ok()?;
    let mut meta: Meta = serde_json::from_str(line(lines.get(1))?).ok()?;
    let rules_from = 2 + meta.programs;
    // The lines, then the empty piece after the body's last line break.
    if lines.len() != rules_from + meta.rules + 1
        || line(lines.last()) != Some("")
        || meta.origins.len() != meta.rules
        || !meta.index.fits(meta.rules)
    {
        return None;
    }
    let mut programs = Vec::with_capacity(meta.programs);
    for r in lines.get(2..rules_from)? {
        let (name, spec) = line(Some(r))?.split_once('\t')?;
        let name: String = serde_json::from_str(name).ok()?;
        let json = match spec {
            "=" => embedded::PROGRAMS.0.get(&name)?.json.clone(),
            _ => Cow::Owned(spec.to_owned()),
        };
        let spec = LazyProgram {
            json,
            cell: OnceLock::new(),
        };
        programs.push((Cow::Owned(name), spec));
    }
    let programs = match meta.default_programs {
        true => Cow::Borrowed(&embedded::PROGRAMS),
        false => Cow::Owned(Programs(StrMap(Cow::Owned(programs)))),
    };
    let mut specs = Vec::with_capacity(meta.rules);
    for r in lines.get(rules_from..rules_from + meta.rules)? {
        let at = match line(Some(r))?.strip_prefix('=') {
            Some(j) => SpecAt::Static(embedded::RULES.get(j.parse::<usize>().ok()?)?),
            None => SpecAt::Range(r.clone()),
        };
        specs.push(at);
    }
    let exact = exact::Exact::compile(&head.allow_exact).ok()?;
    let settings = head.settings;
    // Layer 0 is the embedded default, read from its compiled form (never
    // from this text): copying its 50 KB source would cost every process.
    let mut layers = vec![Layer {
        origin: "<default>".into(),
        text: String::new(),
    }];
    layers.extend(user.iter().cloned());
    Some(Policy {
        file: OnceLock::new(),
        default: settings.default.unwrap_or(Decision::Allow),
        unknown_tool: settings.unknown_tool.unwrap_or(Decision::Ask),
        crypto_writes: settings.crypto_writes.unwrap_or(Decision::Ask),
        settings,
        // A clone of the static programs shares their compiled cells.
        rules: Rules::lazy_owned(text, specs, programs.as_ref().clone()),
        ix: meta.index.into_index(),
        programs,
        exact,
        origins: meta.origins,
        layers,
        hash: meta.hash,
        by_name: Default::default(),
    })
}

#[cfg(test)]
mod tests;
