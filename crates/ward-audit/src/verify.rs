//! Walking the chain: the first event that was edited, deleted, inserted or
//! reordered, and whether the tail matches the last-known tip.

use crate::error::Result;
use crate::event::{GENESIS, Hash, chain_hash, hex, unhex};
use crate::store::{COLUMNS, Store, decode, read_checkpoint};
use crate::tip::read_tip;
use std::fmt;

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Events checked (up to the first problem).
    pub events: u64,
    /// Id of the last event in the store (0 when empty).
    pub last_id: i64,
    /// The first problem, if any.
    pub problem: Option<Problem>,
    /// How the tail compares with the sidecar tip.
    pub tip: TipStatus,
}

impl Report {
    /// True when the chain is intact.
    pub fn ok(&self) -> bool {
        self.problem.is_none()
    }
}

/// How the store's tail compares with the last-known tip sidecar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipStatus {
    /// The sidecar names the last event.
    Current,
    /// The sidecar names an earlier, matching event (a crash between commit
    /// and sidecar update leaves it behind; harmless).
    Behind,
    /// No sidecar: truncation of the tail cannot be detected.
    Missing,
    /// Not checked because an earlier problem was found.
    Unchecked,
}

/// The first bad event and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The first bad event's id.
    pub id: i64,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// Kinds of damage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Its contents no longer match its hash.
    Edited,
    /// It does not chain onto the event before it (reordered or inserted).
    Relinked,
    /// Events `id..next` are gone (deleted); `next` is the next id present, if any.
    Missing {
        /// The next id still present.
        next: Option<i64>,
    },
    /// The store ends before the last-known tip (tail truncated).
    Truncated {
        /// The last-known tip's id.
        tip: i64,
    },
    /// The event at the tip's id has another hash (rewritten chain).
    TipMismatch,
    /// A column could not be decoded.
    Malformed(String),
    /// The prune checkpoint does not match the prune event recorded in the chain.
    Checkpoint,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.id;
        match &self.kind {
            ProblemKind::Edited => write!(
                f,
                "event {id} was edited: its contents do not match its hash"
            ),
            ProblemKind::Relinked => write!(
                f,
                "event {id} does not follow the event before it: rows were reordered or inserted"
            ),
            ProblemKind::Missing { next: Some(n) } if *n == id + 1 => {
                write!(f, "event {id} is missing: it was deleted")
            }
            ProblemKind::Missing { next: Some(n) } => {
                write!(f, "events {id} to {} are missing: they were deleted", n - 1)
            }
            ProblemKind::Missing { next: None } => write!(f, "event {id} and after are missing"),
            ProblemKind::Truncated { tip } => write!(
                f,
                "event {id} is missing: the last-known tip is event {tip} but the store ends before it (tail truncated)"
            ),
            ProblemKind::TipMismatch => write!(
                f,
                "event {id} does not match the last-known tip: the chain was rewritten"
            ),
            ProblemKind::Malformed(what) => write!(f, "event {id} is malformed: {what}"),
            ProblemKind::Checkpoint => write!(
                f,
                "the prune checkpoint before event {id} does not match the recorded prune"
            ),
        }
    }
}

/// The checkpoint a prune event records in its `extra`.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct PruneMark {
    pub(crate) last_id: i64,
    pub(crate) last_hash: String,
}

impl Store {
    /// Walks the whole chain in id order, in constant memory.
    pub fn verify(&self) -> Result<Report> {
        let cp = read_checkpoint(&self.conn).map_err(self.sql("cannot read checkpoint"))?;
        let (mut want_id, mut prev): (i64, Hash) =
            cp.map_or((1, GENESIS), |c| (c.last_id + 1, c.last_hash));
        let mut report = Report {
            events: 0,
            last_id: 0,
            problem: None,
            tip: TipStatus::Unchecked,
        };
        let mut last_prune: Option<(i64, Option<(i64, Hash)>)> = None;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM events ORDER BY id"))
            .map_err(self.sql("cannot read events"))?;
        let mut rows = stmt.query([]).map_err(self.sql("cannot read events"))?;
        let mut hashes_by_id: Option<(i64, Hash)> = None;
        let tip = read_tip(&self.path)?;
        while let Some(row) = rows.next().map_err(self.sql("cannot read events"))? {
            let id: i64 = row.get(0).map_err(self.sql("cannot read events"))?;
            let bad = |kind| Some(Problem { id, kind });
            let ev = match decode(row) {
                Ok(Ok(ev)) => ev,
                Ok(Err(what)) => {
                    return Ok(Report {
                        problem: bad(ProblemKind::Malformed(what)),
                        ..report
                    });
                }
                Err(e) => {
                    let p = Problem {
                        id,
                        kind: ProblemKind::Malformed(e.to_string()),
                    };
                    return Ok(Report {
                        problem: Some(p),
                        ..report
                    });
                }
            };
            if id != want_id {
                let kind = if id > want_id {
                    ProblemKind::Missing { next: Some(id) }
                } else {
                    ProblemKind::Relinked
                };
                report.problem = Some(Problem {
                    id: want_id.min(id),
                    kind,
                });
                return Ok(report);
            }
            if ev.prev_hash != prev {
                report.problem = bad(ProblemKind::Relinked);
                return Ok(report);
            }
            if chain_hash(id, ev.time_ns, &ev.body, &ev.prev_hash) != ev.hash {
                report.problem = bad(ProblemKind::Edited);
                return Ok(report);
            }
            if ev.body.source == "audit" && ev.body.kind == "prune" {
                let mark = serde_json::from_str::<PruneMark>(&ev.body.extra)
                    .ok()
                    .and_then(|m| Some((m.last_id, unhex(&m.last_hash)?)));
                last_prune = Some((id, mark));
            }
            if tip.is_some_and(|t| t.id == id) {
                hashes_by_id = Some((id, ev.hash));
            }
            report.events += 1;
            report.last_id = id;
            prev = ev.hash;
            want_id = id + 1;
        }
        if let Some(c) = cp {
            let first = c.last_id + 1;
            let matches = matches!(last_prune, Some((_, Some((lid, lh)))) if lid == c.last_id && lh == c.last_hash);
            if !matches {
                report.problem = Some(Problem {
                    id: first,
                    kind: ProblemKind::Checkpoint,
                });
                return Ok(report);
            }
        }
        report.tip = match tip {
            None if report.last_id == 0 && cp.is_none() => TipStatus::Current,
            None => TipStatus::Missing,
            Some(t) if t.id >= want_id => {
                report.problem = Some(Problem {
                    id: want_id,
                    kind: ProblemKind::Truncated { tip: t.id },
                });
                TipStatus::Unchecked
            }
            Some(t) => match hashes_by_id {
                Some((_, h)) if h == t.hash => {
                    if t.id == report.last_id {
                        TipStatus::Current
                    } else {
                        TipStatus::Behind
                    }
                }
                // The tip's event was pruned: nothing left to compare.
                None if cp.is_some_and(|c| t.id <= c.last_id) => TipStatus::Behind,
                _ => {
                    report.problem = Some(Problem {
                        id: t.id,
                        kind: ProblemKind::TipMismatch,
                    });
                    TipStatus::Unchecked
                }
            },
        };
        Ok(report)
    }
}

/// One line for `ward audit verify`.
impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Some(p) => write!(
                f,
                "tampered: {p} ({} events verified before it)",
                self.events
            ),
            None => {
                write!(f, "ok, {} events", self.events)?;
                match self.tip {
                    TipStatus::Missing => {
                        write!(f, " (no tip file: a truncated tail would go unnoticed)")
                    }
                    _ => Ok(()),
                }
            }
        }
    }
}

pub(crate) fn mark(last_id: i64, last_hash: &Hash) -> String {
    serde_json::to_string(&PruneMark {
        last_id,
        last_hash: hex(last_hash),
    })
    .unwrap_or_default()
}
