//! Enrolment into a profile file, and loading it back.
//!
//! A profile holds feature statistics only. Files are written 0600 in a 0700
//! directory, atomically (write then rename).

use crate::detect::{DetectorKind, Model};
use crate::error::Error;
use crate::event::InputEvent;
use crate::home::write_private;
use crate::keyprofile::KeyProfile;
use crate::keys::{KeyWindow, StrokeBuilder};
use crate::mouse::segment;
use crate::mouse_features::{action_features, squash};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Profile format version.
pub const PROFILE_VERSION: u32 = 1;

/// How to enrol.
#[derive(Debug, Clone)]
pub struct EnrolOptions {
    /// Mouse actions per scored window.
    pub mouse_window: usize,
    /// Keystrokes per scored window.
    pub key_window: usize,
    /// Mouse detector (the forest needs `others`).
    pub detector: DetectorKind,
}

impl Default for EnrolOptions {
    fn default() -> Self {
        EnrolOptions {
            mouse_window: 10,
            key_window: 40,
            detector: DetectorKind::Neighbour,
        }
    }
}

/// Window score thresholds calibrated on held-out enrolment data.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Thresholds {
    /// At or below: the window looks like the owner (90th percentile of held-out owner windows).
    pub accept: f64,
    /// Above: the window does not (above every held-out owner window, with margin).
    pub reject: f64,
}

/// The mouse part of a profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MouseProfile {
    /// The trained detector.
    pub model: Model,
    /// Actions per window.
    pub window: usize,
    /// Calibrated thresholds.
    pub thresholds: Thresholds,
}

/// The keystroke part of a profile.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeysProfile {
    /// Timing statistics.
    pub stats: KeyProfile,
    /// Strokes per window.
    pub window: usize,
    /// Calibrated thresholds.
    pub thresholds: Thresholds,
}

/// An enrolled owner.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    /// Format version.
    pub version: u32,
    /// Mouse dynamics, if enough mouse input was enrolled.
    pub mouse: Option<MouseProfile>,
    /// Keystroke dynamics, if enough typing was enrolled.
    pub keys: Option<KeysProfile>,
}

fn percentile(mut v: Vec<f64>, q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len().saturating_sub(1)) as f64 * q).round() as usize;
    v.get(i).copied().unwrap_or(0.0)
}

fn thresholds(held_out: Vec<f64>) -> Thresholds {
    let accept = percentile(held_out.clone(), 0.9);
    let max = percentile(held_out, 1.0);
    Thresholds {
        accept,
        reject: max + 0.25 * (max - accept).abs().max(1e-6),
    }
}

/// Splits keystroke events into windows of `window` strokes.
pub fn key_windows(events: &[InputEvent], window: usize) -> Vec<KeyWindow> {
    let mut b = StrokeBuilder::default();
    let mut out = vec![KeyWindow::default()];
    for s in events.iter().filter_map(|e| b.push(e)) {
        if out.last().is_some_and(|w| w.strokes >= window) {
            out.push(KeyWindow::default());
        }
        if let Some(w) = out.last_mut() {
            w.add(s);
        }
    }
    out.retain(|w| w.strokes >= window.max(2));
    out
}

impl Profile {
    /// Enrols from the owner's events; `others` are other people's mouse
    /// action vectors (only the forest uses them).
    pub fn enrol(
        events: &[InputEvent],
        others: &[Vec<f64>],
        opts: &EnrolOptions,
    ) -> Result<Profile, Error> {
        let mouse = enrol_mouse(events, others, opts)?;
        let keys = enrol_keys(events, opts.key_window.max(2));
        if mouse.is_none() && keys.is_none() {
            return Err(Error::NotEnough(format!(
                "enrolment needs at least {} mouse actions or {} keystrokes",
                opts.mouse_window.max(1) * 8,
                opts.key_window.max(2) * 8
            )));
        }
        Ok(Profile {
            version: PROFILE_VERSION,
            mouse,
            keys,
        })
    }

    /// Writes the profile (0600, atomically).
    pub fn save(&self, path: &Path) -> Result<(), Error> {
        let text = serde_json::to_vec(self).map_err(|e| Error::Profile {
            path: path.into(),
            reason: e.to_string(),
        })?;
        write_private(path, &text)
    }

    /// Reads a profile.
    pub fn load(path: &Path) -> Result<Profile, Error> {
        let text = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let p: Profile = serde_json::from_slice(&text).map_err(|e| Error::Profile {
            path: path.into(),
            reason: e.to_string(),
        })?;
        if p.version != PROFILE_VERSION {
            return Err(Error::Profile {
                path: path.into(),
                reason: format!("version {} (expected {PROFILE_VERSION})", p.version),
            });
        }
        Ok(p)
    }
}

/// Squashed feature vectors of every mouse action in `events`.
pub fn mouse_vectors(events: &[InputEvent]) -> Vec<Vec<f64>> {
    segment(events)
        .iter()
        .map(|a| action_features(a).iter().map(|&x| squash(x)).collect())
        .collect()
}

fn window_means(model: &Model, vecs: &[Vec<f64>], window: usize) -> Vec<f64> {
    vecs.chunks(window.max(1))
        .map(|c| c.iter().map(|v| model.anomaly(v)).sum::<f64>() / c.len().max(1) as f64)
        .collect()
}

fn enrol_mouse(
    events: &[InputEvent],
    others: &[Vec<f64>],
    opts: &EnrolOptions,
) -> Result<Option<MouseProfile>, Error> {
    let vecs = mouse_vectors(events);
    let window = opts.mouse_window.max(1);
    if vecs.len() < window * 8 {
        return Ok(None);
    }
    // Train on the first three quarters, calibrate on windows of the rest.
    let cut = vecs.len() * 3 / 4;
    let (train, held) = vecs.split_at(cut);
    let model = Model::fit(opts.detector, train, others, 1)?;
    let thresholds = thresholds(window_means(&model, held, window));
    Ok(Some(MouseProfile {
        model,
        window,
        thresholds,
    }))
}

fn enrol_keys(events: &[InputEvent], window: usize) -> Option<KeysProfile> {
    let windows = key_windows(events, window);
    if windows.len() < 8 {
        return None;
    }
    let cut = windows.len() * 3 / 4;
    let (train, held) = windows.split_at(cut);
    let mut pooled = KeyWindow::default();
    let mut b = StrokeBuilder::default();
    // Pool the training part's strokes: the windows came from the first `cut * window` strokes.
    for s in events.iter().filter_map(|e| b.push(e)).take(cut * window) {
        pooled.add(s);
    }
    let stats = KeyProfile::build(&pooled, train);
    let thresholds = thresholds(held.iter().map(|w| stats.anomaly(w)).collect());
    Some(KeysProfile {
        stats,
        window,
        thresholds,
    })
}
