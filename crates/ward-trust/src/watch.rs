//! The live watch loop: feed events from a reader into an [`Engine`], apply
//! idle decay on the events' clock, and publish each new state to a file.

use crate::automation::AutomationReason;
use crate::engine::Engine;
use crate::error::Error;
use crate::home::write_private;
use crate::source::live::{self, Feed};
use crate::state::TrustState;
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Where live events come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchSource {
    /// Every `/dev/input/event*` device.
    Devices,
    /// JSON lines on stdin.
    Stdin,
    /// This terminal's key events.
    Terminal,
}

impl WatchSource {
    /// Starts the source's reader threads.
    pub fn spawn(self) -> Result<Receiver<Feed>, Error> {
        match self {
            WatchSource::Terminal => Ok(live::spawn_terminal()),
            WatchSource::Stdin => Ok(live::spawn_stdin()),
            WatchSource::Devices => live::spawn_devices(),
        }
    }
}

/// What the watch loop reports as it runs.
#[derive(Debug, Clone, PartialEq)]
pub enum WatchNote {
    /// A window was flagged as automation, for this reason.
    Automation(AutomationReason),
    /// A reader failed or met a bad line.
    Failed(String),
    /// The state changed; it is published right after this note.
    State(TrustState),
}

/// How often idle decay is applied when no event arrives.
const TICK: Duration = Duration::from_secs(1);

/// Runs until every reader behind `rx` has ended: feeds each event to
/// `engine`, reports to `note`, and writes each new state (with a newline,
/// 0600) to `state_file`. Fails only when the state cannot be written.
pub fn watch(
    engine: &mut Engine,
    rx: &Receiver<Feed>,
    state_file: &Path,
    mut note: impl FnMut(WatchNote),
) -> Result<(), Error> {
    let mut shown: Option<TrustState> = None;
    // Idle decay runs on the events' clock, advanced by wall time since the last event.
    let (mut last_ts, mut last_at) = (now_micros(), Instant::now());
    loop {
        match rx.recv_timeout(TICK) {
            Ok(Feed::Event(ev, is_virtual)) => {
                (last_ts, last_at) = (ev.ts(), Instant::now());
                let r = if is_virtual {
                    Some(engine.virtual_input(ev.ts()))
                } else {
                    engine.push(&ev)
                };
                if let Some(why) = r.and_then(|r| r.reason) {
                    note(WatchNote::Automation(why));
                }
            }
            Ok(Feed::Failed(e)) => note(WatchNote::Failed(e)),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        let now = last_ts + last_at.elapsed().as_micros() as u64;
        let state = engine.tick(now);
        if shown != Some(state) {
            shown = Some(state);
            note(WatchNote::State(state));
            write_private(state_file, format!("{state}\n").as_bytes())?;
        }
    }
}

fn now_micros() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

#[cfg(test)]
mod tests {
    use super::{WatchNote, watch};
    use crate::source::live::Feed;
    use crate::{
        AutomationReason, Engine, EnrolOptions, InputEvent, Press, Profile, TrustConfig, TrustState,
    };
    use std::sync::mpsc;

    /// A steady-but-human typist, enough to enrol the keys profile.
    fn typing() -> Vec<InputEvent> {
        let gaps = [140u64, 210, 180, 95, 260, 150, 120, 330, 170, 200, 110, 240];
        let mut t = 0;
        let mut out = Vec::new();
        for i in 0..1200usize {
            let code = [20, 35, 18, 57, 30, 49, 32][i % 7];
            t += gaps[i % gaps.len()] * 1000;
            out.push(InputEvent::Key {
                ts: t,
                code,
                press: Press::Press,
            });
            let up = t + 80_000 + (i % 5) as u64 * 7000;
            out.push(InputEvent::Key {
                ts: up,
                code,
                press: Press::Release,
            });
        }
        out.sort_by_key(InputEvent::ts);
        out
    }

    #[test]
    fn watch_reports_and_publishes_each_new_state_until_readers_end() {
        let profile = Profile::enrol(&typing(), &[], &EnrolOptions::default()).unwrap();
        let mut engine = Engine::new(profile, TrustConfig::default());
        let dir = tempfile::tempdir().unwrap();
        let state_file = dir.path().join("trust/state");
        let (tx, rx) = mpsc::channel();
        let key = InputEvent::Key {
            ts: 5,
            code: 20,
            press: Press::Press,
        };
        tx.send(Feed::Event(key, true)).unwrap();
        tx.send(Feed::Failed("stdin line 2: bad".into())).unwrap();
        drop(tx);
        let mut notes = Vec::new();
        watch(&mut engine, &rx, &state_file, |n| notes.push(n)).unwrap();
        assert_eq!(
            notes,
            [
                WatchNote::Automation(AutomationReason::VirtualDevice),
                WatchNote::State(TrustState::Automated),
                WatchNote::Failed("stdin line 2: bad".into()),
            ]
        );
        assert_eq!(std::fs::read_to_string(&state_file).unwrap(), "automated\n");
    }

    #[test]
    fn watch_fails_when_the_state_cannot_be_written() {
        let profile = Profile::enrol(&typing(), &[], &EnrolOptions::default()).unwrap();
        let mut engine = Engine::new(profile, TrustConfig::default());
        let dir = tempfile::tempdir().unwrap();
        // The state file's directory is a regular file.
        let blocker = dir.path().join("trust");
        std::fs::write(&blocker, "").unwrap();
        let (tx, rx) = mpsc::channel();
        tx.send(Feed::Failed("gone".into())).unwrap();
        let mut notes = Vec::new();
        let err = watch(&mut engine, &rx, &blocker.join("state"), |n| notes.push(n));
        assert!(err.is_err());
        assert_eq!(
            notes,
            [
                WatchNote::Failed("gone".into()),
                WatchNote::State(TrustState::Uncertain)
            ]
        );
    }
}
