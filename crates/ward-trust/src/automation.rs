//! Automation detection: input no person produces — near-zero timing
//! variance, superhuman rates, keys arriving in bursts inside one read,
//! events from virtual (uinput) devices.

use crate::event::{InputEvent, Micros, Press};
use serde::Serialize;
use std::collections::VecDeque;
use std::fmt;

/// Presses considered at once.
const WINDOW: usize = 16;
/// Fewest presses before timing is judged.
const MIN_PRESSES: usize = 12;
/// Coefficient of variation of press gaps below this is machine-regular (people type above 0.2).
const REGULAR_CV: f64 = 0.05;
/// Mean press gap below this (microseconds) is superhuman (50 keys per second).
const SUPERHUMAN_GAP: f64 = 20_000.0;
/// Presses closer than this (microseconds) arrived in one read.
const SAME_READ: Micros = 1_000;
/// This many presses in one read is a burst.
const BURST: usize = 4;

/// Why input was judged automated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum AutomationReason {
    /// Key timing with near-zero variance.
    RegularTiming {
        /// Coefficient of variation of the press gaps.
        cv: f64,
    },
    /// Faster than any person types.
    Superhuman {
        /// Keys per second.
        rate: f64,
    },
    /// Several keys delivered inside one read.
    Burst {
        /// Keys in the burst.
        keys: usize,
    },
    /// The device is virtual (uinput).
    VirtualDevice,
}

impl fmt::Display for AutomationReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AutomationReason::RegularTiming { cv } => {
                write!(f, "key timing too regular (variation {cv:.3})")
            }
            AutomationReason::Superhuman { rate } => {
                write!(f, "superhuman typing rate ({rate:.0} keys/s)")
            }
            AutomationReason::Burst { keys } => write!(f, "{keys} keys arrived in one read"),
            AutomationReason::VirtualDevice => f.write_str("events from a virtual input device"),
        }
    }
}

/// Watches key presses for machine-made timing.
#[derive(Debug, Default, Clone)]
pub struct AutomationDetector {
    presses: VecDeque<Micros>,
    same_read: usize,
}

impl AutomationDetector {
    /// A fresh detector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds one event; returns a reason when the recent input looks automated.
    pub fn push(&mut self, ev: &InputEvent) -> Option<AutomationReason> {
        let InputEvent::Key {
            ts,
            press: Press::Press,
            ..
        } = *ev
        else {
            return None;
        };
        match self.presses.back() {
            Some(&last) if ts.saturating_sub(last) < SAME_READ => self.same_read += 1,
            _ => self.same_read = 1,
        }
        self.presses.push_back(ts);
        if self.presses.len() > WINDOW {
            self.presses.pop_front();
        }
        if self.same_read >= BURST {
            return Some(AutomationReason::Burst {
                keys: self.same_read,
            });
        }
        if self.presses.len() < MIN_PRESSES {
            return None;
        }
        let gaps: Vec<f64> = self
            .presses
            .iter()
            .zip(self.presses.iter().skip(1))
            .map(|(a, b)| b.saturating_sub(*a) as f64)
            .collect();
        let n = gaps.len() as f64;
        let mean = gaps.iter().sum::<f64>() / n;
        if mean < SUPERHUMAN_GAP {
            return Some(AutomationReason::Superhuman {
                rate: 1e6 / mean.max(1.0),
            });
        }
        let sd = (gaps.iter().map(|g| (g - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let cv = sd / mean;
        (cv < REGULAR_CV).then_some(AutomationReason::RegularTiming { cv })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typing(gaps: impl IntoIterator<Item = Micros>) -> Vec<InputEvent> {
        let mut t = 0;
        let mut out = Vec::new();
        for (i, g) in gaps.into_iter().enumerate() {
            t += g;
            out.push(InputEvent::Key {
                ts: t,
                code: 30 + (i as u32 % 5),
                press: Press::Press,
            });
            out.push(InputEvent::Key {
                ts: t + 60_000.min(g / 2),
                code: 30 + (i as u32 % 5),
                press: Press::Release,
            });
        }
        out
    }

    fn first_flag(evs: &[InputEvent]) -> Option<AutomationReason> {
        let mut d = AutomationDetector::new();
        evs.iter().find_map(|e| d.push(e))
    }

    #[test]
    fn perfectly_regular_typing_is_automated() {
        let flag = first_flag(&typing([120_000; 30]));
        assert!(
            matches!(flag, Some(AutomationReason::RegularTiming { cv }) if cv < 1e-9),
            "{flag:?}"
        );
    }

    #[test]
    fn human_like_typing_is_not_flagged() {
        // Irregular gaps between 80 and 400 ms.
        let gaps = [
            120, 340, 95, 210, 180, 400, 130, 88, 260, 150, 310, 99, 170, 220, 140, 380, 115, 205,
        ]
        .map(|g| g * 1000);
        assert_eq!(first_flag(&typing(gaps)), None);
    }

    #[test]
    fn superhuman_rate_is_automated() {
        let gaps = (0..30).map(|i| 5_000 + (i % 7) * 1_500);
        assert!(matches!(
            first_flag(&typing(gaps)),
            Some(AutomationReason::Superhuman { .. })
        ));
    }

    #[test]
    fn keys_inside_one_read_are_a_burst() {
        let evs: Vec<InputEvent> = (0..5)
            .map(|i| InputEvent::Key {
                ts: 1_000_000 + i * 10,
                code: 30 + i as u32,
                press: Press::Press,
            })
            .collect();
        assert_eq!(first_flag(&evs), Some(AutomationReason::Burst { keys: 4 }));
    }
}
