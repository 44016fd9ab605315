//! The cache file's binary layout: fixed-size little-endian records that point into one string
//! table, read with one `read` and decoded without an allocation per entry, closed by a blake3
//! checksum so a damaged file is told apart from a valid one.
//!
//! ```text
//! magic "WARDSCN\0", u32 format
//! str ruleset, str options fingerprint, i64 scan start (ns), u8 clean walk, u64 files, u64 bytes
//! strings: u32 count, u32 text length, text, count × u32 end offset
//! files:    u32 count, count × (path, stamp, [u8; 32] hash, u8 flags, u32 first, u32 len)
//! findings: u32 count, count × finding record (12 × u32, 4 × u8; see `write_to`)
//! watched:  u32 count, count × (path, stamp)
//! (a path is u32 directory string or u32::MAX, u32 name string; records sorted by it)
//! errors:   u32 count, count × (u32 path, u8 kind, u32 message)
//! [u8; 32] blake3 of everything before it
//! ```

use super::snapshot::{
    CONTEXTS, ERROR_KINDS, ErrRec, FileRec, FindingRec, NONE, PRIMITIVES, PathRef, SEVERITIES,
    STATUSES, Snapshot, Strings,
};
use super::stamp::Stamp;
use std::collections::HashMap;

const MAGIC: &[u8; 8] = b"WARDSCN\0";
const FORMAT: u32 = 3;

impl Snapshot {
    /// Serialises the snapshot into memory (tests; `write_to` streams).
    #[cfg(test)]
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let _ = self.write_to(&mut out);
        out
    }

    /// Serialises the snapshot to `w`, closed by the checksum of all it wrote.
    pub fn write_to(&self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut b = Out {
            w,
            sum: blake3::Hasher::new(),
        };
        b.put(MAGIC)?;
        b.u32(FORMAT)?;
        b.str(&self.ruleset)?;
        b.str(&self.fingerprint)?;
        b.put(&self.started_ns.to_le_bytes())?;
        b.put(&[u8::from(self.clean)])?;
        b.u64(self.files_seen)?;
        b.u64(self.bytes_seen)?;
        b.u32(self.strings.len())?;
        b.str(&self.strings.text)?;
        for &e in &self.strings.ends {
            b.u32(e)?;
        }
        b.len(self.files.len())?;
        for f in &self.files {
            b.path(f.path)?;
            b.stamp(&f.stamp)?;
            b.put(&f.hash)?;
            b.put(&[u8::from(f.invalid_utf8)])?;
            b.u32(f.first)?;
            b.u32(f.len)?;
        }
        b.len(self.findings.len())?;
        for r in &self.findings {
            for v in [r.line, r.column, r.algorithm, r.family, r.key_size, r.curve] {
                b.u32(v)?;
            }
            for v in [
                r.mode, r.padding, r.language, r.rule, r.snippet, r.advice, r.trail,
            ] {
                b.u32(v)?;
            }
            b.put(&[r.primitive, r.status, r.severity, r.context])?;
        }
        b.len(self.watched.len())?;
        for (p, s) in &self.watched {
            b.path(*p)?;
            b.stamp(s)?;
        }
        b.len(self.errors.len())?;
        for e in &self.errors {
            b.u32(e.path)?;
            b.put(&[e.kind])?;
            b.u32(e.message)?;
        }
        let sum = b.sum.finalize();
        b.w.write_all(sum.as_bytes())
    }

    /// Whether `bytes` is a cache file of another format version (ignored quietly: it is not
    /// damage, only an upgrade).
    pub fn other_format(bytes: &[u8]) -> bool {
        // The JSON cache of ward before this format.
        bytes.first() == Some(&b'{')
            || bytes
                .strip_prefix(MAGIC.as_slice())
                .and_then(|r| r.get(..4))
                .is_some_and(|v| v != FORMAT.to_le_bytes())
    }

    /// Parses a cache file; `None` when it is damaged in any way.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let split = bytes.len().checked_sub(32)?;
        let (body, sum) = (bytes.get(..split)?, bytes.get(split..)?);
        if blake3::hash(body).as_bytes() != sum {
            return None;
        }
        let mut r = Rd::new(body)?;
        let ruleset = r.str()?.to_owned();
        let fingerprint = r.str()?.to_owned();
        let started_ns = i64::from_le_bytes(r.arr()?);
        let clean = r.u8()? == 1;
        let (files_seen, bytes_seen) = (r.u64()?, r.u64()?);
        let n = r.u32()?;
        let text = r.str()?.to_owned();
        let mut ends = Vec::with_capacity(r.cap(n, 4)?);
        let mut prev = 0;
        for _ in 0..n {
            let e = r.u32()?;
            // Every span must be in order and on character boundaries.
            text.get(prev as usize..e as usize)?;
            prev = e;
            ends.push(e);
        }
        let strings = Strings {
            text,
            ends,
            index: HashMap::new(),
        };
        let ok = |i: u32| (i < n).then_some(i);
        let opt = |i: u32| (i == NONE || i < n).then_some(i);
        let count = r.u32()?;
        let mut files = Vec::with_capacity(r.cap(count, 89)?);
        let path = |r: &mut Rd<'_>| {
            let dir = opt(r.u32()?)?;
            Some(PathRef {
                dir,
                name: ok(r.u32()?)?,
            })
        };
        let key = |p: PathRef| {
            (
                (p.dir != NONE).then(|| strings.get(p.dir)),
                strings.get(p.name),
            )
        };
        let mut prev: Option<PathRef> = None;
        for _ in 0..count {
            let path = path(&mut r)?;
            let f = FileRec {
                path,
                stamp: r.stamp()?,
                hash: r.arr()?,
                invalid_utf8: r.u8()? == 1,
                first: r.u32()?,
                len: r.u32()?,
            };
            // Sorted, so a lookup can bisect.
            if prev.is_some_and(|q| key(q) > key(path)) {
                return None;
            }
            prev = Some(path);
            files.push(f);
        }
        let count = r.u32()?;
        let mut findings = Vec::with_capacity(r.cap(count, 56)?);
        for _ in 0..count {
            let (line, column, algorithm, family, key_size) =
                (r.u32()?, r.u32()?, ok(r.u32()?)?, ok(r.u32()?)?, r.u32()?);
            let (curve, mode, padding) = (opt(r.u32()?)?, opt(r.u32()?)?, opt(r.u32()?)?);
            let (language, rule, snippet, advice) =
                (ok(r.u32()?)?, ok(r.u32()?)?, ok(r.u32()?)?, ok(r.u32()?)?);
            let trail = opt(r.u32()?)?;
            let [primitive, status, severity, context] = r.arr()?;
            if usize::from(primitive) >= PRIMITIVES.len()
                || usize::from(status) >= STATUSES.len()
                || usize::from(severity) >= SEVERITIES.len()
                || usize::from(context) >= CONTEXTS.len()
            {
                return None;
            }
            findings.push(FindingRec {
                line,
                column,
                algorithm,
                family,
                primitive,
                key_size,
                curve,
                mode,
                padding,
                status,
                severity,
                context,
                language,
                rule,
                snippet,
                advice,
                trail,
            });
        }
        let total = findings.len() as u64;
        if files
            .iter()
            .any(|f| u64::from(f.first) + u64::from(f.len) > total)
        {
            return None;
        }
        let count = r.u32()?;
        let mut watched = Vec::with_capacity(r.cap(count, 48)?);
        for _ in 0..count {
            watched.push((path(&mut r)?, r.stamp()?));
        }
        let count = r.u32()?;
        let mut errors = Vec::with_capacity(r.cap(count, 9)?);
        for _ in 0..count {
            let e = ErrRec {
                path: ok(r.u32()?)?,
                kind: r.u8()?,
                message: ok(r.u32()?)?,
            };
            if usize::from(e.kind) >= ERROR_KINDS.len() {
                return None;
            }
            errors.push(e);
        }
        if !r.rest.is_empty() {
            return None;
        }
        Some(Self {
            ruleset,
            fingerprint,
            started_ns,
            clean,
            files_seen,
            bytes_seen,
            strings,
            files,
            findings,
            watched,
            errors,
        })
    }
}

/// A writer that checksums what it writes.
struct Out<'a, W> {
    w: &'a mut W,
    sum: blake3::Hasher,
}

impl<W: std::io::Write> Out<'_, W> {
    fn put(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.sum.update(b);
        self.w.write_all(b)
    }

    fn u32(&mut self, v: u32) -> std::io::Result<()> {
        self.put(&v.to_le_bytes())
    }

    fn u64(&mut self, v: u64) -> std::io::Result<()> {
        self.put(&v.to_le_bytes())
    }

    fn len(&mut self, n: usize) -> std::io::Result<()> {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX))
    }

    fn str(&mut self, s: &str) -> std::io::Result<()> {
        self.len(s.len())?;
        self.put(s.as_bytes())
    }

    fn path(&mut self, p: PathRef) -> std::io::Result<()> {
        self.u32(p.dir)?;
        self.u32(p.name)
    }

    fn stamp(&mut self, s: &Stamp) -> std::io::Result<()> {
        self.u64(s.dev)?;
        self.u64(s.ino)?;
        self.u64(s.size)?;
        self.put(&s.mtime_ns.to_le_bytes())?;
        self.put(&s.ctime_ns.to_le_bytes())
    }
}

/// A bounds-checked cursor: every read is `None` past the end.
struct Rd<'a> {
    rest: &'a [u8],
}

impl<'a> Rd<'a> {
    fn new(bytes: &'a [u8]) -> Option<Self> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let mut r = Self { rest };
        (r.u32()? == FORMAT).then_some(r)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.rest.split_at_checked(n)?;
        self.rest = rest;
        Some(head)
    }

    fn arr<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u8(&mut self) -> Option<u8> {
        Some(u8::from_le_bytes(self.arr()?))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.arr()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.arr()?))
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }

    fn stamp(&mut self) -> Option<Stamp> {
        Some(Stamp {
            dev: self.u64()?,
            ino: self.u64()?,
            size: self.u64()?,
            mtime_ns: i64::from_le_bytes(self.arr()?),
            ctime_ns: i64::from_le_bytes(self.arr()?),
        })
    }

    /// A capacity for `count` records of `size` bytes, refused when the file is too short to
    /// hold them (a damaged count never triggers a huge allocation).
    fn cap(&self, count: u32, size: usize) -> Option<usize> {
        let n = count as usize;
        (n.checked_mul(size)? <= self.rest.len()).then_some(n)
    }
}
