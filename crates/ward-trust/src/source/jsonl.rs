//! JSON lines: one event an object.
//!
//! `{"type":"keystroke","ts":µs,"key":"a","event":"press|release"}` and
//! `{"type":"mouse","ts":µs,"x":…,"y":…,"event":"move|press|release|scroll","button":…}`.

use crate::error::Error;
use crate::event::{Button, InputEvent, MouseKind, Press, char_code};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "lowercase", deny_unknown_fields)]
enum Line {
    Keystroke {
        ts: u64,
        key: String,
        event: String,
    },
    Mouse {
        ts: u64,
        x: f64,
        y: f64,
        event: String,
        button: Option<serde_json::Value>,
        delta: Option<i32>,
    },
}

/// Stable code for a key name: evdev codes for common named keys, the code
/// point for single characters, otherwise a hash of the name.
pub fn key_code(name: &str) -> u32 {
    let lower = name.to_ascii_lowercase();
    let named = match lower.as_str() {
        "esc" | "escape" => Some(1),
        "backspace" => Some(crate::keys::KEY_BACKSPACE),
        "tab" => Some(15),
        "enter" | "return" => Some(28),
        "ctrl" | "control" | "leftctrl" => Some(29),
        "shift" | "leftshift" => Some(42),
        "rightshift" => Some(54),
        "alt" | "leftalt" => Some(56),
        "space" => Some(57),
        _ => None,
    };
    if let Some(c) = named {
        return c;
    }
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => char_code(c),
        // FNV-1a of the name, above the character range.
        _ => {
            0x20_0000
                + (name.bytes().fold(0x811c_9dc5u32, |h, b| {
                    (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
                }) & 0xF_FFFF)
        }
    }
}

fn button(v: Option<&serde_json::Value>) -> Button {
    match v
        .and_then(|v| {
            v.as_str()
                .map(str::to_ascii_lowercase)
                .or_else(|| v.as_u64().map(|n| n.to_string()))
        })
        .as_deref()
    {
        Some("left" | "1" | "0") | None => Button::Left,
        Some("right" | "3" | "2") => Button::Right,
        Some("middle") => Button::Middle,
        Some(_) => Button::Other,
    }
}

/// Parses one line.
pub fn parse_line(line: &str) -> Result<InputEvent, String> {
    let l: Line = serde_json::from_str(line).map_err(|e| e.to_string())?;
    match l {
        Line::Keystroke { ts, key, event } => {
            if key.is_empty() {
                return Err("empty `key`".into());
            }
            let press = match event.as_str() {
                "press" => Press::Press,
                "release" => Press::Release,
                e => return Err(format!("unknown keystroke event `{e}`")),
            };
            Ok(InputEvent::Key {
                ts,
                code: key_code(&key),
                press,
            })
        }
        Line::Mouse {
            ts,
            x,
            y,
            event,
            button: b,
            delta,
        } => {
            if !x.is_finite() || !y.is_finite() {
                return Err("coordinates must be finite numbers".into());
            }
            let kind = match event.as_str() {
                "move" => MouseKind::Move,
                "press" => MouseKind::Press(button(b.as_ref())),
                "release" => MouseKind::Release(button(b.as_ref())),
                "scroll" => MouseKind::Scroll(delta.unwrap_or(1)),
                e => return Err(format!("unknown mouse event `{e}`")),
            };
            Ok(InputEvent::Mouse { ts, x, y, kind })
        }
    }
}

/// Parses a whole JSON-lines text; `what` names it in errors. Blank lines are skipped.
pub fn parse(text: &str, what: &str) -> Result<Vec<InputEvent>, Error> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            parse_line(l).map_err(|reason| Error::Parse {
                what: what.to_owned(),
                line: i + 1,
                reason,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(r#"{"type":"keystroke","ts":5,"key":"a","event":"press"}"#, InputEvent::Key { ts: 5, code: 0x10061, press: Press::Press })]
    #[case(r#"{"type":"keystroke","ts":6,"key":"Backspace","event":"release"}"#, InputEvent::Key { ts: 6, code: 14, press: Press::Release })]
    #[case(r#"{"type":"mouse","ts":7,"x":1.5,"y":2,"event":"move"}"#, InputEvent::Mouse { ts: 7, x: 1.5, y: 2.0, kind: MouseKind::Move })]
    #[case(r#"{"type":"mouse","ts":8,"x":1,"y":2,"event":"press","button":"right"}"#, InputEvent::Mouse { ts: 8, x: 1.0, y: 2.0, kind: MouseKind::Press(Button::Right) })]
    #[case(r#"{"type":"mouse","ts":9,"x":1,"y":2,"event":"scroll","delta":-2}"#, InputEvent::Mouse { ts: 9, x: 1.0, y: 2.0, kind: MouseKind::Scroll(-2) })]
    fn parses_valid_lines(#[case] line: &str, #[case] want: InputEvent) {
        assert_eq!(parse_line(line), Ok(want));
    }

    #[rstest]
    #[case::not_json("hello")]
    #[case::unknown_type(r#"{"type":"touch","ts":1}"#)]
    #[case::negative_ts(r#"{"type":"keystroke","ts":-1,"key":"a","event":"press"}"#)]
    #[case::bad_event(r#"{"type":"keystroke","ts":1,"key":"a","event":"hold"}"#)]
    #[case::empty_key(r#"{"type":"keystroke","ts":1,"key":"","event":"press"}"#)]
    #[case::missing_x(r#"{"type":"mouse","ts":1,"y":2,"event":"move"}"#)]
    #[case::extra_field(r#"{"type":"keystroke","ts":1,"key":"a","event":"press","text":"secret"}"#)]
    fn rejects_bad_lines(#[case] line: &str) {
        assert!(parse_line(line).is_err());
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("\n{\"type\":\"x\"}\n", "in.jsonl").unwrap_err();
        assert!(err.to_string().starts_with("in.jsonl line 2"), "{err}");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in ".{0,120}") {
            let _ = parse_line(&s);
        }
    }
}
