//! What a cache file holds, in memory: records that point into one string table (the bytes
//! are in `codec`).

use super::stamp::Stamp;
use crate::finding::{CodeContext, Finding, Primitive, QuantumStatus, ScanErrorKind, Severity};
use std::cmp::Ordering;
use std::collections::HashMap;

pub(super) const NONE: u32 = u32::MAX;

/// Strings stored once, referred to by index.
#[derive(Debug, Default)]
pub(crate) struct Strings {
    pub(super) text: String,
    pub(super) ends: Vec<u32>,
    pub(super) index: HashMap<String, u32>,
}

impl Strings {
    /// The string at `i`; empty for an index out of range (decode checks every index).
    pub fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 {
            0
        } else {
            self.ends.get(i - 1).map_or(0, |&e| e as usize)
        };
        let end = self.ends.get(i).map_or(start, |&e| e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    /// Interns `s`, a string many records share (an algorithm, a rule, advice).
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.push(s);
        self.index.insert(s.to_owned(), i);
        i
    }

    /// Adds `s` without looking for a copy: paths and snippets are (nearly) all distinct, and
    /// an index of them would double the memory of writing the cache.
    pub fn push(&mut self, s: &str) -> u32 {
        let i = u32::try_from(self.ends.len()).unwrap_or(NONE);
        self.text.push_str(s);
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(NONE));
        i
    }

    fn opt(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.intern(s))
    }

    fn get_opt(&self, i: u32) -> Option<String> {
        (i != NONE).then(|| self.get(i).to_owned())
    }

    /// Stores a path as its directory (shared by its siblings) and its last component.
    pub fn path(&mut self, p: &str) -> PathRef {
        match split(p) {
            (Some(dir), name) => PathRef {
                dir: self.intern(dir),
                name: self.push(name),
            },
            (None, name) => PathRef {
                dir: NONE,
                name: self.push(name),
            },
        }
    }

    /// Writes a stored path into `out`, exactly as it was given.
    pub fn path_into(&self, r: PathRef, out: &mut String) {
        out.clear();
        if r.dir != NONE {
            out.push_str(self.get(r.dir));
            out.push('/');
        }
        out.push_str(self.get(r.name));
    }

    /// A stored path in [`path_order`] against `p`.
    pub fn cmp_path(&self, r: PathRef, p: &str) -> Ordering {
        let dir = (r.dir != NONE).then(|| self.get(r.dir));
        (dir, self.get(r.name)).cmp(&split(p))
    }

    pub(super) fn len(&self) -> u32 {
        u32::try_from(self.ends.len()).unwrap_or(NONE)
    }
}

/// A path split at its last `/`: the directory part and the name.
pub(crate) fn split(p: &str) -> (Option<&str>, &str) {
    match p.rsplit_once('/') {
        Some((dir, name)) => (Some(dir), name),
        None => (None, p),
    }
}

/// The order paths are stored in: by directory, then name (so a lookup can bisect).
pub(crate) fn path_order(a: &str, b: &str) -> Ordering {
    split(a).cmp(&split(b))
}

/// A stored path: its directory's string (`NONE` when it has no `/`) and its name's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PathRef {
    pub dir: u32,
    pub name: u32,
}

/// One visited file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileRec {
    /// The path as the walk shows it.
    pub path: PathRef,
    pub stamp: Stamp,
    pub hash: [u8; 32],
    pub invalid_utf8: bool,
    /// Its findings: `findings[first..first + len]`.
    pub first: u32,
    pub len: u32,
}

/// One finding, its strings by index (the path is its file's).
#[derive(Debug, Clone, Copy)]
pub(crate) struct FindingRec {
    pub(super) line: u32,
    pub(super) column: u32,
    pub(super) algorithm: u32,
    pub(super) family: u32,
    pub(super) primitive: u8,
    pub(super) key_size: u32,
    pub(super) curve: u32,
    pub(super) mode: u32,
    pub(super) padding: u32,
    pub(super) status: u8,
    pub(super) severity: u8,
    pub(super) context: u8,
    pub(super) language: u32,
    pub(super) rule: u32,
    pub(super) snippet: u32,
    pub(super) advice: u32,
    /// The resolution trail, `line\x1fcode` steps joined by `\x1e` (its paths are the file's).
    pub(super) trail: u32,
}

/// One reported problem.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ErrRec {
    pub path: u32,
    pub kind: u8,
    pub message: u32,
}

/// Everything a cache file holds.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub ruleset: String,
    pub fingerprint: String,
    pub started_ns: i64,
    /// The walk met no problem the snapshot cannot replay, so it can vouch for the whole tree.
    pub clean: bool,
    pub files_seen: u64,
    pub bytes_seen: u64,
    pub strings: Strings,
    /// Sorted by [`path_order`].
    pub files: Vec<FileRec>,
    pub findings: Vec<FindingRec>,
    /// Directories and ignore-rule inputs: if one changed, the walk must run again.
    pub watched: Vec<(PathRef, Stamp)>,
    pub errors: Vec<ErrRec>,
}

pub(super) const PRIMITIVES: [Primitive; 10] = [
    Primitive::Signature,
    Primitive::Pke,
    Primitive::Kem,
    Primitive::KeyAgree,
    Primitive::Hash,
    Primitive::BlockCipher,
    Primitive::StreamCipher,
    Primitive::Ae,
    Primitive::Mac,
    Primitive::Kdf,
];
pub(super) const STATUSES: [QuantumStatus; 4] = [
    QuantumStatus::Safe,
    QuantumStatus::Weakened,
    QuantumStatus::Vulnerable,
    QuantumStatus::Broken,
];
pub(super) const SEVERITIES: [Severity; 5] = [
    Severity::Info,
    Severity::Low,
    Severity::Medium,
    Severity::High,
    Severity::Critical,
];
pub(super) const CONTEXTS: [CodeContext; 4] = [
    CodeContext::Code,
    CodeContext::Comment,
    CodeContext::Test,
    CodeContext::Doc,
];
pub(crate) const ERROR_KINDS: [ScanErrorKind; 6] = [
    ScanErrorKind::NotFound,
    ScanErrorKind::Unreadable,
    ScanErrorKind::TooLarge,
    ScanErrorKind::SymlinkLoop,
    ScanErrorKind::InvalidUtf8,
    ScanErrorKind::Walk,
];

fn pick<T: Copy>(all: &[T], i: u8, default: T) -> T {
    all.get(usize::from(i)).copied().unwrap_or(default)
}

pub(crate) fn code<T: PartialEq>(all: &[T], v: &T) -> u8 {
    all.iter()
        .position(|x| x == v)
        .and_then(|p| u8::try_from(p).ok())
        .unwrap_or(u8::MAX)
}

impl Snapshot {
    /// Adds one finding's record (strings interned).
    pub fn push_finding(&mut self, f: &Finding) {
        let s = &mut self.strings;
        let rec = FindingRec {
            line: f.line,
            column: f.column,
            algorithm: s.intern(&f.algorithm),
            family: s.intern(&f.family),
            primitive: code(&PRIMITIVES, &f.primitive),
            key_size: f.key_size.unwrap_or(NONE),
            curve: s.opt(f.curve.as_deref()),
            mode: s.opt(f.mode.as_deref()),
            padding: s.opt(f.padding.as_deref()),
            status: code(&STATUSES, &f.status),
            severity: code(&SEVERITIES, &f.severity),
            context: code(&CONTEXTS, &f.context),
            language: s.intern(&f.language),
            rule: s.intern(&f.rule),
            snippet: s.push(&f.snippet),
            advice: s.intern(&f.advice),
            trail: if f.trail.is_empty() {
                NONE
            } else {
                let t: Vec<String> = f
                    .trail
                    .iter()
                    .map(|st| format!("{}\u{1f}{}", st.line, st.code))
                    .collect();
                s.push(&t.join("\u{1e}"))
            },
        };
        self.findings.push(rec);
    }

    /// A file's findings, owned, with `path` set.
    pub fn findings_of(&self, file: &FileRec, out: &mut Vec<Finding>) {
        let start = file.first as usize;
        let end = start + file.len as usize;
        let mut path = String::new();
        self.strings.path_into(file.path, &mut path);
        for r in self.findings.get(start..end).unwrap_or(&[]) {
            out.push(self.finding(r, &path));
        }
    }

    fn finding(&self, r: &FindingRec, path: &str) -> Finding {
        let s = &self.strings;
        Finding {
            path: path.to_owned(),
            line: r.line,
            column: r.column,
            algorithm: s.get(r.algorithm).to_owned(),
            family: s.get(r.family).to_owned(),
            primitive: pick(&PRIMITIVES, r.primitive, Primitive::Hash),
            key_size: (r.key_size != NONE).then_some(r.key_size),
            curve: s.get_opt(r.curve),
            mode: s.get_opt(r.mode),
            padding: s.get_opt(r.padding),
            status: pick(&STATUSES, r.status, QuantumStatus::Broken),
            severity: pick(&SEVERITIES, r.severity, Severity::High),
            context: pick(&CONTEXTS, r.context, CodeContext::Code),
            language: s.get(r.language).to_owned(),
            rule: s.get(r.rule).to_owned(),
            snippet: s.get(r.snippet).to_owned(),
            advice: s.get(r.advice).to_owned(),
            trail: s
                .get_opt(r.trail)
                .map(|t| {
                    t.split('\u{1e}')
                        .filter_map(|st| {
                            let (l, code) = st.split_once('\u{1f}')?;
                            Some(crate::finding::TrailStep {
                                path: path.to_owned(),
                                line: l.parse().ok()?,
                                code: code.to_owned(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}
