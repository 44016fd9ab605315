//! The live pipeline: events in, window verdicts and a trust state out.
//!
//! Per event the work is a feature update (segmenter, stroke builder,
//! automation check); a detector runs only when an action or stroke window
//! completes.

use crate::automation::{AutomationDetector, AutomationReason};
use crate::event::InputEvent;
use crate::keys::{KeyWindow, StrokeBuilder};
use crate::mouse::Segmenter;
use crate::mouse_features::{N_MOUSE, action_features, squash};
use crate::profile::{Profile, Thresholds};
use crate::state::{TrustConfig, TrustMachine, TrustState, Verdict};
use serde::Serialize;

/// What one completed window did.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WindowResult {
    /// `mouse` or `keys` or `automation`.
    pub source: &'static str,
    /// The window's verdict.
    pub verdict: Verdict,
    /// The window's anomaly score (absent for automation).
    pub score: Option<f64>,
    /// Why automation was flagged.
    pub reason: Option<AutomationReason>,
    /// The state after this window.
    pub state: TrustState,
}

/// Scores live input against a profile.
#[derive(Debug)]
pub struct Engine {
    profile: Profile,
    machine: TrustMachine,
    segmenter: Segmenter,
    strokes: StrokeBuilder,
    keys: KeyWindow,
    automation: AutomationDetector,
    mouse_sum: f64,
    mouse_n: usize,
}

fn verdict(score: f64, t: Thresholds) -> Verdict {
    if score <= t.accept {
        Verdict::Owner
    } else if score > t.reject {
        Verdict::Stranger
    } else {
        Verdict::Unsure
    }
}

impl Engine {
    /// A fresh engine in the `uncertain` state.
    pub fn new(profile: Profile, config: TrustConfig) -> Self {
        Engine {
            profile,
            machine: TrustMachine::new(config),
            segmenter: Segmenter::new(),
            strokes: StrokeBuilder::default(),
            keys: KeyWindow::default(),
            automation: AutomationDetector::new(),
            mouse_sum: 0.0,
            mouse_n: 0,
        }
    }

    /// The current trust state.
    pub fn state(&self) -> TrustState {
        self.machine.state()
    }

    /// Applies idle decay at `now` (microseconds, same clock as the events).
    pub fn tick(&mut self, now: u64) -> TrustState {
        self.machine.tick(now)
    }

    /// Events from a virtual device: automated, whatever their timing.
    pub fn virtual_input(&mut self, ts: u64) -> WindowResult {
        let state = self.machine.observe(Verdict::Automated, ts);
        WindowResult {
            source: "automation",
            verdict: Verdict::Automated,
            score: None,
            reason: Some(AutomationReason::VirtualDevice),
            state,
        }
    }

    /// Feeds recorded events in order, yielding each completed window with
    /// the event that completed it.
    pub fn windows<'a>(
        &'a mut self,
        events: &'a [InputEvent],
    ) -> impl Iterator<Item = (&'a InputEvent, WindowResult)> + 'a {
        events
            .iter()
            .filter_map(move |ev| self.push(ev).map(|r| (ev, r)))
    }

    /// Feeds one event; returns a result when a window completes.
    pub fn push(&mut self, ev: &InputEvent) -> Option<WindowResult> {
        let ts = ev.ts();
        if let Some(reason) = self.automation.push(ev) {
            let state = self.machine.observe(Verdict::Automated, ts);
            return Some(WindowResult {
                source: "automation",
                verdict: Verdict::Automated,
                score: None,
                reason: Some(reason),
                state,
            });
        }
        if let Some(action) = self.segmenter.push(ev)
            && let Some(mouse) = &self.profile.mouse
        {
            let f: [f64; N_MOUSE] = action_features(&action).map(squash);
            self.mouse_sum += mouse.model.anomaly(&f);
            self.mouse_n += 1;
            if self.mouse_n >= mouse.window {
                let score = self.mouse_sum / self.mouse_n as f64;
                (self.mouse_sum, self.mouse_n) = (0.0, 0);
                let v = verdict(score, mouse.thresholds);
                let state = self.machine.observe(v, ts);
                return Some(WindowResult {
                    source: "mouse",
                    verdict: v,
                    score: Some(score),
                    reason: None,
                    state,
                });
            }
        }
        if let Some(stroke) = self.strokes.push(ev)
            && let Some(keys) = &self.profile.keys
        {
            self.keys.add(stroke);
            if self.keys.strokes >= keys.window {
                let score = keys.stats.anomaly(&self.keys);
                self.keys = KeyWindow::default();
                let v = verdict(score, keys.thresholds);
                let state = self.machine.observe(v, ts);
                return Some(WindowResult {
                    source: "keys",
                    verdict: v,
                    score: Some(score),
                    reason: None,
                    state,
                });
            }
        }
        None
    }
}
