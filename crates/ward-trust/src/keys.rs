//! Keystroke dynamics: hold times and the four flight times per digraph,
//! keyed by the key pair itself (a stable identity, never a frequency rank),
//! plus typing speed, pauses, bursts and corrections over a window.

use crate::event::{InputEvent, Micros, Press};
use crate::mouse_features::Stat;
use std::collections::HashMap;

/// evdev code of Backspace (also used for the terminal's backspace).
pub const KEY_BACKSPACE: u32 = 14;
/// A gap longer than this (seconds) between presses is a pause, not a flight.
pub const PAUSE_SECS: f64 = 1.5;

/// The four flight times of one digraph, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flights {
    /// First press to second press.
    pub press_press: f64,
    /// First release to second press.
    pub release_press: f64,
    /// First release to second release.
    pub release_release: f64,
    /// First press to second release.
    pub press_release: f64,
}

/// One completed keystroke: a key's press and release times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Key code.
    pub code: u32,
    /// Press time, microseconds.
    pub down: Micros,
    /// Release time, microseconds.
    pub up: Micros,
}

impl Stroke {
    /// Hold time in seconds.
    pub fn hold(&self) -> f64 {
        self.up.saturating_sub(self.down) as f64 / 1e6
    }
}

/// The four flights from stroke `a` to the next stroke `b` (seconds; may be negative on overlap).
pub fn flights(a: &Stroke, b: &Stroke) -> Flights {
    let s = |x: Micros, y: Micros| (y as f64 - x as f64) / 1e6;
    Flights {
        press_press: s(a.down, b.down),
        release_press: s(a.up, b.down),
        release_release: s(a.up, b.up),
        press_release: s(a.down, b.up),
    }
}

/// Pairs presses with releases into strokes, in press order, one event at a time.
#[derive(Debug, Default, Clone)]
pub struct StrokeBuilder {
    down: HashMap<u32, Micros>,
}

impl StrokeBuilder {
    /// Feeds one event; a release of a pressed key yields its stroke.
    pub fn push(&mut self, ev: &InputEvent) -> Option<Stroke> {
        let InputEvent::Key { ts, code, press } = *ev else {
            return None;
        };
        match press {
            // Auto-repeat presses keep the first press time.
            Press::Press => {
                self.down.entry(code).or_insert(ts);
                None
            }
            Press::Release => self
                .down
                .remove(&code)
                .map(|down| Stroke { code, down, up: ts }),
        }
    }
}

/// Statistics of one keystroke window, keyed by key and key pair.
#[derive(Debug, Default, Clone)]
pub struct KeyWindow {
    /// Hold time per key code.
    pub holds: HashMap<u32, Stat>,
    /// Flights per (first, second) key pair: press-press, release-press, release-release, press-release.
    pub digraphs: HashMap<(u32, u32), [Stat; 4]>,
    /// Press-to-press gaps inside bursts (seconds).
    pub gaps: Stat,
    /// Hold times of all keys.
    pub all_holds: Stat,
    /// Strokes seen.
    pub strokes: usize,
    /// Backspaces seen.
    pub corrections: usize,
    /// Pauses seen.
    pub pauses: usize,
    /// Lengths of bursts (strokes between pauses).
    pub bursts: Stat,
    burst_len: usize,
    first: Option<Micros>,
    last: Option<Stroke>,
}

impl KeyWindow {
    /// Adds a completed stroke (strokes must arrive in press order).
    pub fn add(&mut self, s: Stroke) {
        self.strokes += 1;
        self.first.get_or_insert(s.down);
        if s.code == KEY_BACKSPACE {
            self.corrections += 1;
        }
        self.holds.entry(s.code).or_default().add(s.hold());
        self.all_holds.add(s.hold());
        if let Some(prev) = self.last {
            let f = flights(&prev, &s);
            if f.press_press > PAUSE_SECS {
                self.pauses += 1;
                self.bursts.add(self.burst_len as f64);
                self.burst_len = 0;
            } else {
                self.gaps.add(f.press_press);
                let d = self.digraphs.entry((prev.code, s.code)).or_default();
                for (st, v) in d.iter_mut().zip([
                    f.press_press,
                    f.release_press,
                    f.release_release,
                    f.press_release,
                ]) {
                    st.add(v);
                }
            }
        }
        self.burst_len += 1;
        self.last = Some(s);
    }

    /// Keys per second over the window (pauses included).
    pub fn speed(&self) -> f64 {
        match (self.first, self.last) {
            (Some(a), Some(b)) if b.down > a => {
                self.strokes.saturating_sub(1) as f64 / ((b.down - a) as f64 / 1e6)
            }
            _ => 0.0,
        }
    }

    /// Share of strokes that were corrections.
    pub fn correction_rate(&self) -> f64 {
        if self.strokes == 0 {
            0.0
        } else {
            self.corrections as f64 / self.strokes as f64
        }
    }

    /// Window-level features: speed, mean/sd press gap, mean/sd hold, pause rate, mean burst, correction rate.
    pub fn global_features(&self) -> [f64; 8] {
        let n = self.strokes.max(1) as f64;
        let burst = if self.bursts.count() > 0.0 {
            self.bursts.mean()
        } else {
            self.burst_len as f64
        };
        [
            self.speed(),
            self.gaps.mean(),
            self.gaps.sd(),
            self.all_holds.mean(),
            self.all_holds.sd(),
            self.pauses as f64 / n,
            burst,
            self.correction_rate(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(ts: Micros, code: u32, press: Press) -> InputEvent {
        InputEvent::Key { ts, code, press }
    }

    #[test]
    fn hand_computed_holds_and_four_flights() {
        // a down 0, b down 80ms, a up 100ms, b up 190ms (overlapping keys).
        let mut b = StrokeBuilder::default();
        let evs = [
            key(0, 30, Press::Press),
            key(80_000, 48, Press::Press),
            key(100_000, 30, Press::Release),
            key(190_000, 48, Press::Release),
        ];
        let strokes: Vec<Stroke> = evs.iter().filter_map(|e| b.push(e)).collect();
        assert_eq!(strokes.len(), 2);
        assert!((strokes[0].hold() - 0.100).abs() < 1e-12);
        assert!((strokes[1].hold() - 0.110).abs() < 1e-12);
        let f = flights(&strokes[0], &strokes[1]);
        assert!((f.press_press - 0.080).abs() < 1e-12);
        assert!((f.release_press - -0.020).abs() < 1e-12);
        assert!((f.release_release - 0.090).abs() < 1e-12);
        assert!((f.press_release - 0.190).abs() < 1e-12);
    }

    #[test]
    fn window_keys_digraphs_by_pair_and_counts_pauses() {
        let mut w = KeyWindow::default();
        let s = |code, down, up| Stroke { code, down, up };
        w.add(s(30, 0, 100_000));
        w.add(s(48, 200_000, 280_000));
        w.add(s(KEY_BACKSPACE, 3_000_000, 3_050_000)); // after a 2.8 s pause
        w.add(s(30, 3_200_000, 3_300_000));
        assert_eq!(w.strokes, 4);
        assert_eq!(w.pauses, 1);
        assert_eq!(w.corrections, 1);
        assert!(w.digraphs.contains_key(&(30, 48)));
        assert!(!w.digraphs.contains_key(&(48, KEY_BACKSPACE)));
        assert!((w.digraphs[&(30, 48)][1].mean() - 0.100).abs() < 1e-12);
        assert!((w.speed() - 3.0 / 3.2).abs() < 1e-12);
        assert!((w.correction_rate() - 0.25).abs() < 1e-12);
    }
}
