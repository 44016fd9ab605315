//! One-line renderings for listings: an event, and the stats table.

use crate::event::Event;
use crate::query::Stats;
use crate::time::format_time;
use std::fmt;

/// `2026-11-23T14:05:09.123Z  #42  deny   agent:claude  exec  rm -rf /  [rm-root] reason`
impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = &self.body;
        write!(
            f,
            "{}  #{}  {:<5}  {}  {}  {}",
            format_time(self.time_ns),
            self.id,
            b.decision,
            b.actor,
            b.source,
            one_line(&b.raw)
        )?;
        if !b.rules.is_empty() {
            write!(f, "  [{}]", b.rules.join(","))?;
        }
        if !b.reason.is_empty() {
            write!(f, "  {}", one_line(&b.reason))?;
        }
        Ok(())
    }
}

/// Control characters (newlines, escapes) shown escaped so that recorded
/// input cannot forge extra lines or drive the terminal.
fn one_line(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            let esc: Vec<char> = if c.is_control() {
                c.escape_default().collect()
            } else {
                vec![c]
            };
            esc
        })
        .collect()
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "events: {}", self.total)?;
        if self.pruned > 0 {
            write!(f, " (and {} pruned)", self.pruned)?;
        }
        writeln!(f)?;
        if let Some((a, b)) = self.span_ns {
            writeln!(f, "from {} to {}", format_time(a), format_time(b))?;
        }
        for (title, rows) in [
            ("by decision", &self.by_decision),
            ("by actor", &self.by_actor),
            ("top rules", &self.top_rules),
        ] {
            if rows.is_empty() {
                continue;
            }
            writeln!(f, "{title}:")?;
            for (name, n) in rows {
                writeln!(f, "  {n:>8}  {}", one_line(name))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{GENESIS, NewEvent};

    #[test]
    fn event_line_escapes_control_characters() {
        let e = Event {
            id: 42,
            time_ns: 0,
            body: NewEvent {
                actor: "agent:claude".into(),
                source: "exec".into(),
                raw: "rm -rf /\n\u{1b}[2Jfake".into(),
                decision: "deny".into(),
                rules: vec!["rm-root".into()],
                reason: "deletes the root".into(),
                ..NewEvent::default()
            },
            prev_hash: GENESIS,
            hash: GENESIS,
        };
        assert_eq!(
            e.to_string(),
            "1970-01-01T00:00:00.000Z  #42  deny   agent:claude  exec  rm -rf /\\n\\u{1b}[2Jfake  [rm-root]  deletes the root"
        );
    }
}
