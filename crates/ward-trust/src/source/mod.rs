//! Event sources: each turns its own input format into [`InputEvent`](crate::InputEvent)s.

pub mod balabit;
pub mod evdev;
pub mod jsonl;
pub mod live;
pub mod terminal;

use crate::error::Error;
use crate::event::InputEvent;
use std::path::Path;

/// Reads a recorded file, choosing the format by its content: Balabit CSV
/// (a `record timestamp` header) or JSON lines.
pub fn read_file(path: &Path) -> Result<Vec<InputEvent>, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let what = path.display().to_string();
    if text.trim_start().starts_with("record timestamp") {
        balabit::parse_session(&text, &what)
    } else {
        jsonl::parse(&text, &what)
    }
}
