//! The one input event type every source produces.

use serde::{Deserialize, Serialize};

/// Microseconds on a monotonic clock (only differences are meaningful).
pub type Micros = u64;

/// Whether a key or button went down or up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Press {
    /// The key or button went down.
    Press,
    /// The key or button went up.
    Release,
}

/// A mouse button.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Button {
    /// The primary button.
    Left,
    /// The secondary button.
    Right,
    /// The middle button or wheel click.
    Middle,
    /// Any other button.
    Other,
}

/// What happened on the mouse.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum MouseKind {
    /// The pointer moved (with no button held, or as part of a drag).
    Move,
    /// A button went down.
    Press(Button),
    /// A button went up.
    Release(Button),
    /// The wheel turned; positive is up.
    Scroll(i32),
}

/// One input event, from any source.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum InputEvent {
    /// A key went down or up.
    Key {
        /// When, in microseconds.
        ts: Micros,
        /// A stable key code (evdev code, or a character's code point plus 0x10000).
        code: u32,
        /// Down or up.
        press: Press,
    },
    /// The mouse moved, clicked or scrolled.
    Mouse {
        /// When, in microseconds.
        ts: Micros,
        /// Pointer x in screen pixels.
        x: f64,
        /// Pointer y in screen pixels.
        y: f64,
        /// What happened.
        kind: MouseKind,
    },
}

impl InputEvent {
    /// The event's timestamp in microseconds.
    pub fn ts(&self) -> Micros {
        match self {
            InputEvent::Key { ts, .. } | InputEvent::Mouse { ts, .. } => *ts,
        }
    }
}

/// Key code for a character typed on a terminal (outside evdev's code range).
pub fn char_code(c: char) -> u32 {
    0x1_0000 + u32::from(c)
}
