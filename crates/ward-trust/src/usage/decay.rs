//! A weight that decays exponentially with time.

use super::Seconds;
use serde::{Deserialize, Serialize};

/// A weight and the time it was last brought up to date; its value at a
/// later time halves every half-life. Decay is applied lazily, on read and
/// on update, so an untouched entry costs nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Decayed {
    /// The weight at `t`.
    pub w: f64,
    /// When `w` was last brought up to date.
    pub t: Seconds,
}

impl Decayed {
    /// The weight at `now` (never grows: a `now` before `t` reads as `t`).
    pub fn at(&self, now: Seconds, half_life: Seconds) -> f64 {
        let dt = (now - self.t).max(0);
        if dt == 0 || half_life <= 0 {
            return self.w;
        }
        // Lossless for any realistic span: i64 seconds to f64.
        #[expect(
            clippy::cast_precision_loss,
            reason = "spans of seconds fit in f64's mantissa"
        )]
        let halvings = dt as f64 / half_life as f64;
        self.w * (-halvings * std::f64::consts::LN_2).exp()
    }

    /// Decays to `now`, then adds `x`.
    pub fn add(&mut self, now: Seconds, half_life: Seconds, x: f64) {
        let now = now.max(self.t);
        self.w = self.at(now, half_life) + x;
        self.t = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halves_every_half_life() {
        let mut d = Decayed::default();
        d.add(100, 10, 8.0);
        assert!((d.at(110, 10) - 4.0).abs() < 1e-9);
        assert!((d.at(130, 10) - 1.0).abs() < 1e-9);
        assert_eq!(d.at(50, 10), 8.0);
        d.add(110, 10, 1.0);
        assert!((d.w - 5.0).abs() < 1e-9);
    }
}
