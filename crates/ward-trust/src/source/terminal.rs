//! Terminal key events (crossterm). Where the terminal supports keyboard
//! enhancement (kitty protocol) presses and releases are both reported; where
//! not, only presses arrive and each is followed by a zero-hold release, so
//! flights from press times stay valid and holds read as zero consistently.

use crate::error::Error;
use crate::event::{InputEvent, Press, char_code};
use crossterm::event::{
    Event, KeyCode, KeyEventKind, KeyModifiers, KeyboardEnhancementFlags,
    PopKeyboardEnhancementFlags, PushKeyboardEnhancementFlags, poll, read,
};
use std::time::{Duration, Instant};

/// Restores the terminal on drop, also on early return or panic.
struct RawGuard {
    enhanced: bool,
}

impl Drop for RawGuard {
    fn drop(&mut self) {
        if self.enhanced {
            let _ = crossterm::execute!(std::io::stdout(), PopKeyboardEnhancementFlags);
        }
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Stable code for a terminal key, matching the JSON-lines names.
pub fn terminal_code(code: KeyCode) -> Option<u32> {
    Some(match code {
        KeyCode::Char(c) => char_code(c.to_ascii_lowercase()),
        KeyCode::Backspace => crate::keys::KEY_BACKSPACE,
        KeyCode::Enter => 28,
        KeyCode::Tab => 15,
        KeyCode::Esc => 1,
        _ => return None,
    })
}

/// Reads key events from the terminal until `limit` passes, Ctrl-C or Esc
/// is pressed, or `f` returns false. Returns whether releases were reported.
pub fn read_keys(
    limit: Option<Duration>,
    mut f: impl FnMut(InputEvent) -> bool,
) -> Result<bool, Error> {
    let tty = |e: std::io::Error| Error::io("terminal", e);
    crossterm::terminal::enable_raw_mode().map_err(tty)?;
    let mut guard = RawGuard { enhanced: false };
    if crossterm::terminal::supports_keyboard_enhancement().unwrap_or(false) {
        crossterm::execute!(
            std::io::stdout(),
            PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::REPORT_EVENT_TYPES)
        )
        .map_err(tty)?;
        guard.enhanced = true;
    }
    let start = Instant::now();
    loop {
        let wait = match limit {
            Some(l) => match l.checked_sub(start.elapsed()) {
                Some(left) => left.min(Duration::from_millis(200)),
                None => break,
            },
            None => Duration::from_millis(200),
        };
        if !poll(wait).map_err(tty)? {
            continue;
        }
        let Event::Key(k) = read().map_err(tty)? else {
            continue;
        };
        let stop = k.code == KeyCode::Esc
            || (k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL));
        if stop && k.kind == KeyEventKind::Press {
            break;
        }
        let Some(code) = terminal_code(k.code) else {
            continue;
        };
        let ts = start.elapsed().as_micros() as u64;
        let more = match k.kind {
            KeyEventKind::Press if guard.enhanced => f(InputEvent::Key {
                ts,
                code,
                press: Press::Press,
            }),
            KeyEventKind::Press => {
                f(InputEvent::Key {
                    ts,
                    code,
                    press: Press::Press,
                }) && f(InputEvent::Key {
                    ts,
                    code,
                    press: Press::Release,
                })
            }
            KeyEventKind::Release => f(InputEvent::Key {
                ts,
                code,
                press: Press::Release,
            }),
            KeyEventKind::Repeat => true,
        };
        if !more {
            break;
        }
    }
    Ok(guard.enhanced)
}

/// Records this terminal's key events for at most `limit` (Esc or Ctrl-C
/// ends it sooner). Returns the events and whether releases were reported
/// (when not, holds read as zero).
pub fn record(limit: Duration) -> Result<(Vec<InputEvent>, bool), Error> {
    let mut events = Vec::new();
    let releases = read_keys(Some(limit), |e| {
        events.push(e);
        true
    })?;
    Ok((events, releases))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_codes_match_json_lines_names() {
        use crate::source::jsonl::key_code;
        assert_eq!(terminal_code(KeyCode::Char('a')), Some(key_code("a")));
        assert_eq!(terminal_code(KeyCode::Char('A')), Some(key_code("a")));
        assert_eq!(
            terminal_code(KeyCode::Backspace),
            Some(key_code("Backspace"))
        );
        assert_eq!(terminal_code(KeyCode::Enter), Some(key_code("enter")));
        assert_eq!(terminal_code(KeyCode::F(5)), None);
    }
}
