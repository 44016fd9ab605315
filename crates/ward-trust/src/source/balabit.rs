//! The Balabit mouse-dynamics CSV session format.
//!
//! Header `record timestamp,client timestamp,button,state,x,y`; times in
//! seconds since the session start. The client timestamp is used (finer
//! grained); it is clamped to be non-decreasing. Scroll rows often carry
//! nonsense coordinates, so they keep the last valid position.

use crate::error::Error;
use crate::event::{Button, InputEvent, MouseKind};
use std::path::Path;

/// Coordinates at or above this are treated as invalid (the data uses 65535).
const MAX_COORD: f64 = 20_000.0;

/// Reads one session file.
pub fn read_session(path: &Path) -> Result<Vec<InputEvent>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_session(&text, &path.display().to_string())
}

/// Parses the text of one session file; `what` names it in errors.
pub fn parse_session(text: &str, what: &str) -> Result<Vec<InputEvent>, Error> {
    let mut out = Vec::with_capacity(text.len() / 40);
    let (mut last_ts, mut last_x, mut last_y) = (0u64, 0.0f64, 0.0f64);
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || (i == 0 && line.starts_with("record")) {
            continue;
        }
        let err = |reason: String| Error::Parse {
            what: what.to_owned(),
            line: i + 1,
            reason,
        };
        let mut f = line.split(',');
        let (Some(_rec), Some(client), Some(button), Some(state), Some(x), Some(y), None) = (
            f.next(),
            f.next(),
            f.next(),
            f.next(),
            f.next(),
            f.next(),
            f.next(),
        ) else {
            return Err(err("expected 6 comma-separated fields".into()));
        };
        let secs: f64 = client
            .parse()
            .map_err(|_| err(format!("bad timestamp `{client}`")))?;
        if !secs.is_finite() || secs < 0.0 {
            return Err(err(format!("bad timestamp `{client}`")));
        }
        // INVARIANT: timestamps are non-decreasing in the output.
        let ts = ((secs * 1e6).round() as u64).max(last_ts);
        let x: f64 = x.parse().map_err(|_| err(format!("bad x `{x}`")))?;
        let y: f64 = y.parse().map_err(|_| err(format!("bad y `{y}`")))?;
        let valid = x.is_finite()
            && y.is_finite()
            && (0.0..MAX_COORD).contains(&x)
            && (0.0..MAX_COORD).contains(&y);
        let kind = match (button, state) {
            (_, "Move" | "Drag") => MouseKind::Move,
            (b, "Pressed") => MouseKind::Press(button_of(b)),
            (b, "Released") => MouseKind::Release(button_of(b)),
            ("Scroll", "Up") => MouseKind::Scroll(1),
            ("Scroll", "Down") => MouseKind::Scroll(-1),
            (b, s) => return Err(err(format!("unknown button/state `{b}`/`{s}`"))),
        };
        let (x, y) = if valid {
            (x, y)
        } else if matches!(kind, MouseKind::Scroll(_)) || out.is_empty() {
            (last_x, last_y)
        } else {
            // A move or click at an impossible position: skip the row, keep the timeline.
            last_ts = ts;
            continue;
        };
        last_ts = ts;
        last_x = x;
        last_y = y;
        out.push(InputEvent::Mouse { ts, x, y, kind });
    }
    Ok(out)
}

fn button_of(name: &str) -> Button {
    match name {
        "Left" => Button::Left,
        "Right" => Button::Right,
        "Middle" => Button::Middle,
        _ => Button::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_and_keeps_time_monotonic() {
        let text = "record timestamp,client timestamp,button,state,x,y\n\
            0.0,0.5,NoButton,Move,10,20\n\
            0.1,0.4,Left,Pressed,11,20\n\
            0.2,0.6,Scroll,Down,65535,65535\n\
            0.3,0.7,Left,Released,12,21\n";
        let ev = parse_session(text, "t").unwrap();
        assert_eq!(ev.len(), 4);
        assert_eq!(ev[1].ts(), 500_000);
        assert_eq!(
            ev[2],
            InputEvent::Mouse {
                ts: 600_000,
                x: 11.0,
                y: 20.0,
                kind: MouseKind::Scroll(-1)
            }
        );
    }

    #[test]
    fn bad_rows_are_errors_not_panics() {
        assert!(parse_session("1,2,3\n", "t").is_err());
        assert!(parse_session("0,x,NoButton,Move,1,2\n", "t").is_err());
        assert!(parse_session("0,1,Weird,Move,1,2\n", "t").is_ok());
        assert!(parse_session("0,1,Weird,Zap,1,2\n", "t").is_err());
        assert!(parse_session("0,-1,NoButton,Move,1,2\n", "t").is_err());
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(s in "[0-9a-zA-Z.,\\n-]{0,200}") {
            let _ = parse_session(&s, "p");
        }

        #[test]
        fn valid_rows_all_parse_with_monotonic_time(rows in proptest::collection::vec((0.0f64..100.0, 0u16..3000, 0u16..3000), 1..50)) {
            let mut text = String::from("record timestamp,client timestamp,button,state,x,y\n");
            for (t, x, y) in &rows {
                text.push_str(&format!("{t},{t},NoButton,Move,{x},{y}\n"));
            }
            let ev = parse_session(&text, "p").unwrap();
            prop_assert_eq!(ev.len(), rows.len());
            prop_assert!(ev.windows(2).all(|w| w[0].ts() <= w[1].ts()));
        }
    }
}
