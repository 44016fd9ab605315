//! Live feeds: reader threads for input devices, stdin JSON lines and the
//! terminal, all sending into one channel. Reads block, so an idle feed
//! costs no CPU.

use crate::error::Error;
use crate::event::InputEvent;
use crate::source::{evdev, jsonl, terminal};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A message from a reader thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Feed {
    /// An event, and whether it came from a virtual (uinput) device.
    Event(InputEvent, bool),
    /// A reader failed or met a bad line; the message says which.
    Failed(String),
}

/// Starts one reader thread per `/dev/input/event*` device.
pub fn spawn_devices() -> Result<mpsc::Receiver<Feed>, Error> {
    let devices = evdev::devices()?;
    if devices.is_empty() {
        return Err(Error::NotEnough("no input devices under /dev/input".into()));
    }
    let (tx, rx) = mpsc::channel();
    for d in devices {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let virt = d.is_virtual;
            let res = evdev::read_device(&d.path, |ev| tx.send(Feed::Event(ev, virt)).is_ok());
            if let Err(e) = res {
                let _ = tx.send(Feed::Failed(e.to_string()));
            }
        });
    }
    Ok(rx)
}

/// Starts a reader of JSON-lines events on stdin.
pub fn spawn_stdin() -> mpsc::Receiver<Feed> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for (i, line) in std::io::stdin().lines().enumerate() {
            let Ok(line) = line else { break };
            if line.trim().is_empty() {
                continue;
            }
            let msg = match jsonl::parse_line(&line) {
                Ok(ev) => Feed::Event(ev, false),
                Err(e) => Feed::Failed(format!("stdin line {}: {e}", i + 1)),
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
    rx
}

/// Starts a reader of this terminal's key events (Esc or Ctrl-C ends it).
pub fn spawn_terminal() -> mpsc::Receiver<Feed> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let res = terminal::read_keys(None, |e| tx.send(Feed::Event(e, false)).is_ok());
        if let Err(e) = res {
            let _ = tx.send(Feed::Failed(e.to_string()));
        }
    });
    rx
}

/// Records from all input devices for `len`, leaving out virtual devices'
/// events (returned as a count). Events come back in time order.
pub fn record_devices(len: Duration) -> Result<(Vec<InputEvent>, usize), Error> {
    let rx = spawn_devices()?;
    let deadline = Instant::now() + len;
    let (mut events, mut failures, mut skipped) = (Vec::new(), Vec::new(), 0usize);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(Feed::Event(_, true)) => skipped += 1,
            Ok(Feed::Event(ev, false)) => events.push(ev),
            Ok(Feed::Failed(e)) => failures.push(e),
            Err(_) => break,
        }
    }
    if events.is_empty()
        && let Some(f) = failures.first()
    {
        return Err(Error::NotEnough(format!("no events recorded: {f}")));
    }
    events.sort_by_key(InputEvent::ts);
    Ok((events, skipped))
}
