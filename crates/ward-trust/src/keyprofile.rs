//! The keystroke part of a profile: statistics per key pair and per key,
//! never the typed text or keys in order (a profile is not a key log).

use crate::keys::KeyWindow;
use serde::{Deserialize, Serialize};

/// Fewest samples for a key or key pair to enter a profile.
const MIN_SAMPLES: f64 = 3.0;
/// Floor for a timing spread, seconds.
const MIN_SD: f64 = 0.01;
/// Largest contribution of one term (keeps one odd digraph from dominating).
const CLAMP: f64 = 5.0;

/// One key pair's four flights: mean and spread.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DigraphStats {
    /// First key code.
    pub first: u32,
    /// Second key code.
    pub second: u32,
    /// Mean press-press, release-press, release-release, press-release (seconds).
    pub mean: [f64; 4],
    /// Their standard deviations (floored).
    pub sd: [f64; 4],
}

/// One key's hold time: mean and spread.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct HoldStats {
    /// Key code.
    pub code: u32,
    /// Mean hold (seconds).
    pub mean: f64,
    /// Standard deviation (floored).
    pub sd: f64,
}

/// The owner's typing rhythm.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct KeyProfile {
    /// Per key pair, sorted by pair.
    pub digraphs: Vec<DigraphStats>,
    /// Per key, sorted by key.
    pub holds: Vec<HoldStats>,
    /// Mean of the window-level features (speed, gaps, holds, pauses, bursts, corrections).
    pub global_mean: [f64; 8],
    /// Their mean absolute deviation across enrolment windows (floored).
    pub global_mad: [f64; 8],
}

impl KeyProfile {
    /// Builds a profile from the pooled statistics of all enrolment strokes
    /// (`all`) and the per-window statistics (`windows`).
    pub fn build(all: &KeyWindow, windows: &[KeyWindow]) -> KeyProfile {
        let mut digraphs: Vec<DigraphStats> = all
            .digraphs
            .iter()
            .filter(|(_, s)| s.first().is_some_and(|s| s.count() >= MIN_SAMPLES))
            .map(|(&(first, second), s)| DigraphStats {
                first,
                second,
                mean: s.map(|s| s.mean()),
                sd: s.map(|s| s.sd().max(MIN_SD)),
            })
            .collect();
        digraphs.sort_by_key(|d| (d.first, d.second));
        let mut holds: Vec<HoldStats> = all
            .holds
            .iter()
            .filter(|(_, s)| s.count() >= MIN_SAMPLES)
            .map(|(&code, s)| HoldStats {
                code,
                mean: s.mean(),
                sd: s.sd().max(MIN_SD),
            })
            .collect();
        holds.sort_by_key(|h| h.code);
        let g: Vec<[f64; 8]> = windows.iter().map(KeyWindow::global_features).collect();
        let n = g.len().max(1) as f64;
        let mut global_mean = [0.0; 8];
        for w in &g {
            for (m, x) in global_mean.iter_mut().zip(w) {
                *m += x / n;
            }
        }
        let mut global_mad = [0.0; 8];
        for w in &g {
            for ((d, x), m) in global_mad.iter_mut().zip(w).zip(&global_mean) {
                *d += (x - m).abs() / n;
            }
        }
        global_mad.iter_mut().for_each(|d| *d = d.max(1e-3));
        KeyProfile {
            digraphs,
            holds,
            global_mean,
            global_mad,
        }
    }

    /// Anomaly of one window: mean scaled deviation of its digraph flights and
    /// holds from the profile's (weighted by occurrences), averaged with the
    /// scaled deviation of its window-level features.
    pub fn anomaly(&self, w: &KeyWindow) -> f64 {
        let (mut sum, mut weight) = (0.0, 0.0);
        for (pair, stats) in &w.digraphs {
            let Ok(i) = self
                .digraphs
                .binary_search_by_key(pair, |d| (d.first, d.second))
            else {
                continue;
            };
            let Some(p) = self.digraphs.get(i) else {
                continue;
            };
            let n = stats.first().map_or(0.0, |s| s.count());
            for ((s, m), sd) in stats.iter().zip(&p.mean).zip(&p.sd) {
                sum += n * ((s.mean() - m).abs() / sd).min(CLAMP) / 4.0;
            }
            weight += n;
        }
        for (code, s) in &w.holds {
            let Ok(i) = self.holds.binary_search_by_key(code, |h| h.code) else {
                continue;
            };
            let Some(p) = self.holds.get(i) else { continue };
            sum += s.count() * ((s.mean() - p.mean).abs() / p.sd).min(CLAMP);
            weight += s.count();
        }
        let g = w.global_features();
        let global = g
            .iter()
            .zip(&self.global_mean)
            .zip(&self.global_mad)
            .map(|((x, m), d)| ((x - m).abs() / d).min(CLAMP))
            .sum::<f64>()
            / 8.0;
        if weight > 0.0 {
            0.5 * (sum / weight) + 0.5 * global
        } else {
            global
        }
    }
}
