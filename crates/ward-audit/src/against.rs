//! `verify --against FILE`: the local chain checked against a shipped copy
//! (a collector's file), so a store rewritten on the machine is caught by
//! the copy that left it.

use crate::error::{Error, Result};
use crate::event::{Hash, chain_hash, hex, unhex};
use crate::query::Filter;
use crate::ship::{SD_ID, Wire};
use crate::store::Store;
use std::fmt;
use std::io::BufRead as _;
use std::path::Path;

/// One event read back from the shipped copy.
#[derive(Debug, Clone)]
struct Record {
    line: usize,
    id: i64,
    hash: Hash,
    prev: Hash,
    wire: Wire,
}

/// What the comparison found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgainstReport {
    /// Shipped events read from the file (duplicates counted once).
    pub shipped: u64,
    /// Lines that repeated an event already read (same id and hash).
    pub duplicates: u64,
    /// First and last shipped ids.
    pub span: Option<(i64, i64)>,
    /// The first disagreement, if any.
    pub problem: Option<String>,
}

impl AgainstReport {
    /// True when the local store agrees with the shipped copy.
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }
}

impl fmt::Display for AgainstReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.problem, self.span) {
            (Some(p), _) => write!(f, "tampered: {p}"),
            (None, Some((a, b))) => write!(
                f,
                "ok, {} shipped events (ids {a} to {b}) match the local store",
                self.shipped
            ),
            (None, None) => write!(f, "ok, the file holds no shipped ward events"),
        }
    }
}

/// Parses the parameters of ward's SD element on one line, if it has one.
fn params(line: &str) -> Option<Result<Vec<(String, String)>, String>> {
    let start = line.find(&format!("[{SD_ID} "))? + SD_ID.len() + 2;
    let mut out = Vec::new();
    let mut chars = line.get(start..)?.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        match chars.peek() {
            Some(']') => return Some(Ok(out)),
            None => return Some(Err("structured data ends early".into())),
            _ => {}
        }
        let name: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if chars.next() != Some('"') {
            return Some(Err(format!("parameter `{name}` is not quoted")));
        }
        let mut value = String::new();
        loop {
            match chars.next() {
                Some('\\') => match chars.next() {
                    Some(c @ ('"' | '\\' | ']')) => value.push(c),
                    Some(c) => {
                        value.push('\\');
                        value.push(c);
                    }
                    None => return Some(Err("value ends early".into())),
                },
                Some('"') => break,
                Some(c) => value.push(c),
                None => return Some(Err(format!("value of `{name}` ends early"))),
            }
        }
        out.push((name, value));
    }
}

fn record(line_no: usize, line: &str) -> Option<Result<Record, String>> {
    let ps = match params(line)? {
        Ok(p) => p,
        Err(e) => return Some(Err(format!("line {line_no}: {e}"))),
    };
    let get = |k: &str| ps.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let parsed = (|| {
        let id = get("id")?.parse().ok()?;
        let hash = unhex(get("hash")?)?;
        let prev = unhex(get("prev")?)?;
        let wire: Wire = serde_json::from_str(get("event")?).ok()?;
        Some(Record {
            line: line_no,
            id,
            hash,
            prev,
            wire,
        })
    })();
    Some(parsed.ok_or_else(|| format!("line {line_no}: the ward event cannot be read")))
}

impl Store {
    /// Checks the local store against a shipped copy: each shipped event must
    /// match its own hash and chain onto the one before it, and the local
    /// event with its id must have the same contents and hash.
    pub fn verify_against(&self, file: &Path) -> Result<AgainstReport> {
        let f = std::fs::File::open(file).map_err(|source| Error::Open {
            path: file.to_path_buf(),
            source,
        })?;
        let mut records: Vec<Record> = Vec::new();
        let mut report = AgainstReport {
            shipped: 0,
            duplicates: 0,
            span: None,
            problem: None,
        };
        let fail = |mut r: AgainstReport, p: String| {
            r.problem = Some(p);
            Ok(r)
        };
        for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|source| Error::Open {
                path: file.to_path_buf(),
                source,
            })?;
            let rec = match record(i + 1, &line) {
                None => continue,
                Some(Ok(r)) => r,
                Some(Err(e)) => return fail(report, e),
            };
            let body = rec.wire.clone().body();
            if chain_hash(rec.id, rec.wire.time_ns, &body, &rec.prev) != rec.hash {
                return fail(
                    report,
                    format!(
                        "line {}: shipped event {} does not match its own hash (the copy was edited)",
                        rec.line, rec.id
                    ),
                );
            }
            if let Some(prev) = records.last() {
                if rec.id == prev.id && rec.hash == prev.hash {
                    report.duplicates += 1;
                    continue;
                }
                if rec.id <= prev.id {
                    return fail(
                        report,
                        format!(
                            "line {}: shipped event {} comes after event {}",
                            rec.line, rec.id, prev.id
                        ),
                    );
                }
                if rec.id == prev.id + 1 && rec.prev != prev.hash {
                    return fail(
                        report,
                        format!(
                            "line {}: shipped event {} does not chain onto event {}",
                            rec.line, rec.id, prev.id
                        ),
                    );
                }
            }
            records.push(rec);
        }
        report.shipped = records.len() as u64;
        let (Some(first), Some(last)) = (records.first(), records.last()) else {
            return Ok(report);
        };
        report.span = Some((first.id, last.id));
        // Merge the shipped records with the local events of the same range.
        let mut want = records.iter().peekable();
        let mut problem: Option<String> = None;
        let until = last.id;
        let res = self.for_each(
            &Filter {
                after_id: Some(first.id - 1),
                ..Filter::default()
            },
            |e| {
                if problem.is_some() || e.id > until {
                    return Ok(());
                }
                if let Some(r) = want.peek()
                    && r.id < e.id
                {
                    problem = Some(format!(
                        "event {} is in the shipped copy but missing from the local store",
                        r.id
                    ));
                    return Ok(());
                }
                let Some(r) = want.peek() else { return Ok(()) };
                if r.id != e.id {
                    return Ok(()); // not shipped (yet): nothing to compare
                }
                let local = chain_hash(e.id, e.time_ns, &e.body, &e.prev_hash);
                let shipped_body = r.wire.clone().body();
                problem = if local != e.hash {
                    Some(format!(
                        "event {} was edited in the local store: it no longer matches its hash or the shipped copy",
                        e.id
                    ))
                } else if e.hash != r.hash || e.body != shipped_body {
                    Some(format!(
                        "event {} differs from the shipped copy (local hash {}, shipped {}): the local store was rewritten",
                        e.id,
                        hex(&e.hash),
                        hex(&r.hash)
                    ))
                } else {
                    None
                };
                want.next();
                Ok(())
            },
        );
        res?;
        if problem.is_none()
            && let Some(r) = want.next()
        {
            problem = Some(format!(
                "event {} is in the shipped copy but missing from the local store",
                r.id
            ));
        }
        report.problem = problem;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_unescape() {
        let line = r#"<86>1 - h ward 1 - [ward@32473 id="3" event="{\"a\":\"x\\\\y\]\"}"] msg"#;
        let p = params(line).unwrap().unwrap();
        assert_eq!(p[0], ("id".into(), "3".into()));
        assert_eq!(p[1], ("event".into(), r#"{"a":"x\\y]"}"#.into()));
        assert!(params("no ward here").is_none());
        assert!(params(r#"[ward@32473 id="3"#).unwrap().is_err());
    }
}
