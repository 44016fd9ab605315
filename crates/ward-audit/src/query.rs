//! Reading the log: filtered, streaming queries, exports, stats, and pruning.

use crate::error::Result;
use crate::event::{Event, NewEvent};
use crate::store::{COLUMNS, Store, decode, insert, read_tip};
use crate::time::{format_time, now_ns};
use crate::verify::mark;
use rusqlite::{OptionalExtension, ToSql, TransactionBehavior, params};
use std::io::Write;

/// Which events to read. Empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Exact decision (`allow`, `ask`, `deny`).
    pub decision: Option<String>,
    /// Exact actor, or a kind prefix: `agent` matches `agent:claude`.
    pub actor: Option<String>,
    /// Not before this time (ns).
    pub since_ns: Option<i64>,
    /// Before this time (ns).
    pub until_ns: Option<i64>,
    /// A matched rule id.
    pub rule: Option<String>,
    /// Text contained in the raw input, a command or the reason.
    pub grep: Option<String>,
    /// Only ids greater than this (for following the tail).
    pub after_id: Option<i64>,
    /// Only the last N matching events (still returned oldest first).
    pub last: Option<u64>,
    /// Skip this many matching events (a page's start; ignored with `last`).
    pub offset: Option<u64>,
    /// At most this many events (a page's size; ignored with `last`).
    pub limit: Option<u64>,
}

/// Output formats for [`Store::export`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// RFC 4180 CSV with a header row.
    Csv,
}

/// Counts for `ward audit stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Events in the store.
    pub total: u64,
    /// Events pruned so far.
    pub pruned: u64,
    /// First and last event times (ns), when any.
    pub span_ns: Option<(i64, i64)>,
    /// Counts by decision, largest first.
    pub by_decision: Vec<(String, u64)>,
    /// Counts by actor, largest first.
    pub by_actor: Vec<(String, u64)>,
    /// The most-matched rules, largest first (at most 10).
    pub top_rules: Vec<(String, u64)>,
}

impl Store {
    /// Calls `f` with each matching event, oldest first, one row at a time.
    pub fn for_each(&self, filter: &Filter, mut f: impl FnMut(Event) -> Result<()>) -> Result<()> {
        self.ingest_for_read();
        let (conds, mut args) = conditions(filter);
        let mut sql = format!("SELECT {COLUMNS} FROM events");
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        let limit;
        if let Some(n) = filter.last {
            limit = i64::try_from(n).unwrap_or(i64::MAX);
            sql = format!("SELECT * FROM ({sql} ORDER BY id DESC LIMIT ?) ORDER BY id");
            args.push(&limit);
        } else {
            sql.push_str(" ORDER BY id");
        }
        let page;
        if filter.last.is_none() && (filter.limit.is_some() || filter.offset.is_some()) {
            let n = |v: Option<u64>, none| v.map_or(none, |v| i64::try_from(v).unwrap_or(i64::MAX));
            page = [n(filter.limit, -1), n(filter.offset, 0)];
            sql.push_str(" LIMIT ? OFFSET ?");
            args.extend(page.iter().map(|v| v as &dyn ToSql));
        }
        let mut stmt = self
            .conn
            .prepare(&sql)
            .map_err(self.sql("cannot query events"))?;
        let mut rows = stmt
            .query(args.as_slice())
            .map_err(self.sql("cannot query events"))?;
        while let Some(row) = rows.next().map_err(self.sql("cannot query events"))? {
            let id: i64 = row.get(0).map_err(self.sql("cannot query events"))?;
            let ev = decode(row)
                .map_err(|e| self.malformed(id, e.to_string()))?
                .map_err(|e| self.malformed(id, e))?;
            f(ev)?;
        }
        Ok(())
    }

    /// How many events match `filter` (its `last`, `offset` and `limit` aside).
    pub fn count(&self, filter: &Filter) -> Result<u64> {
        self.ingest_for_read();
        let (conds, args) = conditions(filter);
        let mut sql = String::from("SELECT COUNT(*) FROM events");
        if !conds.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&conds.join(" AND "));
        }
        let n: i64 = self
            .conn
            .query_row(&sql, args.as_slice(), |r| r.get(0))
            .map_err(self.sql("cannot count events"))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Streams matching events to `out` as JSON lines or CSV.
    pub fn export(&self, filter: &Filter, format: Format, out: &mut dyn Write) -> Result<()> {
        if format == Format::Csv {
            writeln!(out, "{}", CSV_HEADER.join(","))?;
        }
        self.for_each(filter, |ev| {
            match format {
                Format::Jsonl => {
                    serde_json::to_writer(&mut *out, &ev).map_err(std::io::Error::from)?;
                    writeln!(out)?;
                }
                Format::Csv => writeln!(out, "{}", csv_row(&ev))?,
            }
            Ok(())
        })
    }

    /// Counts by decision, actor and rule.
    pub fn stats(&self) -> Result<Stats> {
        let c = &self.conn;
        let err = self.sql("cannot count events");
        let counts = |sql: &str| -> rusqlite::Result<Vec<(String, u64)>> {
            let mut stmt = c.prepare(sql)?;
            let rows =
                stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.unsigned_abs())))?;
            rows.collect()
        };
        let (total, first, last): (i64, Option<i64>, Option<i64>) = c
            .query_row(
                "SELECT count(*), min(time_ns), max(time_ns) FROM events",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(&err)?;
        let pruned: Option<i64> = c
            .query_row("SELECT pruned FROM checkpoint", [], |r| r.get(0))
            .optional()
            .map_err(&err)?;
        Ok(Stats {
            total: total.unsigned_abs(),
            pruned: pruned.unwrap_or(0).unsigned_abs(),
            span_ns: first.zip(last),
            by_decision: counts(
                "SELECT decision, count(*) n FROM events GROUP BY 1 ORDER BY n DESC, 1",
            )
            .map_err(&err)?,
            by_actor: counts("SELECT actor, count(*) n FROM events GROUP BY 1 ORDER BY n DESC, 1")
                .map_err(&err)?,
            top_rules: counts(
                "SELECT j.value, count(*) n FROM events, json_each(events.rules) j \
                 GROUP BY 1 ORDER BY n DESC, 1 LIMIT 10",
            )
            .map_err(&err)?,
        })
    }

    /// Deletes the oldest events, those before `before_ns` up to the first
    /// newer one, and keeps the rest verifiable: the last pruned event's id
    /// and hash become the checkpoint the chain restarts from, and a prune
    /// event recording that checkpoint is appended to the chain, so editing
    /// the checkpoint later is detected. Returns how many events were pruned.
    pub fn prune(&mut self, before_ns: i64) -> Result<u64> {
        let path = self.path.clone();
        let sql = |what| {
            let path = path.clone();
            move |source| crate::Error::Sqlite { path, what, source }
        };
        let guard = self.tip.lock(self.busy_timeout)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql("cannot lock for pruning"))?;
        let (tip_id, tip_hash) = read_tip(&tx).map_err(sql("cannot read the chain tip"))?;
        let extends = crate::store::sidecar_extends(&tx, guard.current()?, tip_id, &tip_hash)
            .map_err(sql("cannot read the chain tip"))?;
        let first_new: Option<i64> = tx
            .query_row(
                "SELECT min(id) FROM events WHERE time_ns >= ?",
                [before_ns],
                |r| r.get(0),
            )
            .map_err(sql("cannot prune"))?;
        let cut = first_new.map_or(tip_id, |id| id - 1);
        let last: Option<Vec<u8>> = tx
            .query_row("SELECT hash FROM events WHERE id = ?", [cut], |r| r.get(0))
            .optional()
            .map_err(sql("cannot prune"))?;
        let Some(last_hash) = last.and_then(|h| crate::event::Hash::try_from(h.as_slice()).ok())
        else {
            return Ok(0);
        };
        let n = tx
            .execute("DELETE FROM events WHERE id <= ?", [cut])
            .map_err(sql("cannot prune"))?;
        tx.execute(
            "INSERT INTO checkpoint (one, last_id, last_hash, pruned, time_ns) VALUES (1, ?1, ?2, ?3, ?4) \
             ON CONFLICT (one) DO UPDATE SET last_id = ?1, last_hash = ?2, pruned = pruned + ?3, time_ns = ?4",
            params![cut, last_hash, i64::try_from(n).unwrap_or(i64::MAX), now_ns()],
        )
        .map_err(sql("cannot prune"))?;
        let (id, prev) = read_tip(&tx).map_err(sql("cannot read the chain tip"))?;
        let ev = NewEvent {
            actor: "unknown".into(),
            source: "audit".into(),
            kind: "prune".into(),
            raw: format!("prune --before {}", format_time(before_ns)),
            decision: "allow".into(),
            reason: format!("pruned {n} events through event {cut}"),
            extra: mark(cut, &last_hash),
            pid: std::process::id(),
            decided_by: "in-process".into(),
            ..NewEvent::default()
        };
        let ev = insert(&tx, id + 1, &ev, prev, now_ns()).map_err(sql("cannot record prune"))?;
        tx.commit().map_err(sql("cannot commit prune"))?;
        if extends {
            guard.advance(crate::Tip {
                id: ev.id,
                hash: ev.hash,
            })?;
        }
        Ok(n as u64)
    }
}

const CSV_HEADER: [&str; 19] = [
    "id",
    "time",
    "actor",
    "source",
    "kind",
    "raw",
    "commands",
    "decision",
    "rules",
    "reason",
    "cwd",
    "pid",
    "ppid",
    "uid",
    "session",
    "decided_by",
    "extra",
    "prev_hash",
    "hash",
];

fn csv_row(ev: &Event) -> String {
    let b = &ev.body;
    let fields: [String; 19] = [
        ev.id.to_string(),
        format_time(ev.time_ns),
        b.actor.clone(),
        b.source.clone(),
        b.kind.clone(),
        b.raw.clone(),
        b.commands.join("\n"),
        b.decision.clone(),
        b.rules.join(" "),
        b.reason.clone(),
        b.cwd.clone(),
        b.pid.to_string(),
        b.ppid.to_string(),
        b.uid.to_string(),
        b.session.clone(),
        b.decided_by.clone(),
        b.extra.clone(),
        crate::event::hex(&ev.prev_hash),
        crate::event::hex(&ev.hash),
    ];
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// Quotes a CSV field when it needs it (RFC 4180); fields that a spreadsheet
/// would run as a formula get a leading `'`.
fn csv_field(f: &str) -> String {
    let f = if f.starts_with(['=', '+', '-', '@']) {
        format!("'{f}")
    } else {
        f.to_owned()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

/// The WHERE conditions of a filter and their arguments.
fn conditions(filter: &Filter) -> (Vec<&'static str>, Vec<&dyn ToSql>) {
    let mut conds: Vec<&'static str> = Vec::new();
    let mut args: Vec<&dyn ToSql> = Vec::new();

    if let Some(d) = &filter.decision {
        conds.push("decision = ?");
        args.push(d);
    }
    if let Some(a) = &filter.actor {
        conds.push("(actor = ? OR actor LIKE ? || ':%')");
        args.extend([a as &dyn ToSql, a]);
    }
    if let Some(t) = &filter.since_ns {
        conds.push("time_ns >= ?");
        args.push(t);
    }
    if let Some(t) = &filter.until_ns {
        conds.push("time_ns < ?");
        args.push(t);
    }
    if let Some(r) = &filter.rule {
        conds.push("EXISTS (SELECT 1 FROM json_each(rules) WHERE value = ?)");
        args.push(r);
    }
    if let Some(g) = &filter.grep {
        conds.push("(instr(raw, ?) > 0 OR instr(commands, ?) > 0 OR instr(reason, ?) > 0)");
        args.extend([g as &dyn ToSql, g, g]);
    }
    if let Some(a) = &filter.after_id {
        conds.push("id > ?");
        args.push(a);
    }
    (conds, args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("plain", "plain")]
    #[case("a,b", "\"a,b\"")]
    #[case("say \"hi\"", "\"say \"\"hi\"\"\"")]
    #[case("two\nlines", "\"two\nlines\"")]
    #[case("=cmd()", "'=cmd()")]
    #[case("", "")]
    fn csv_fields(#[case] input: &str, #[case] want: &str) {
        assert_eq!(csv_field(input), want);
    }
}
