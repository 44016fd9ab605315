//! Per-action mouse features: a fixed-length vector describing one action's
//! shape and kinematics.

use crate::mouse::{ActionKind, MouseAction};
use std::f64::consts::PI;

/// Number of features per mouse action.
pub const N_MOUSE: usize = 34;

/// Names of the features, in vector order.
pub const MOUSE_FEATURES: [&str; N_MOUSE] = [
    "is_move",
    "is_click",
    "is_drag",
    "duration",
    "path_length",
    "distance",
    "straightness",
    "points",
    "angle_sum",
    "max_deviation",
    "dir_cos",
    "dir_sin",
    "v_mean",
    "v_sd",
    "v_max",
    "vx_mean",
    "vx_sd",
    "vy_mean",
    "vy_sd",
    "a_mean",
    "a_sd",
    "a_max",
    "jerk_mean",
    "jerk_sd",
    "omega_mean",
    "omega_sd",
    "curv_mean",
    "curv_sd",
    "critical_points",
    "accel_time_ratio",
    "hold",
    "last_gap",
    "dt_mean",
    "v_end_ratio",
];

/// Running mean and standard deviation (Welford), also tracking the maximum.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stat {
    n: f64,
    mean: f64,
    m2: f64,
    max: f64,
}

impl Stat {
    /// Adds a value (non-finite values are ignored).
    pub fn add(&mut self, v: f64) {
        if !v.is_finite() {
            return;
        }
        self.n += 1.0;
        let d = v - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (v - self.mean);
        if self.n == 1.0 || v > self.max {
            self.max = v;
        }
    }
    /// The mean (0 when empty).
    pub fn mean(&self) -> f64 {
        self.mean
    }
    /// The sample standard deviation (0 with fewer than two values).
    pub fn sd(&self) -> f64 {
        if self.n < 2.0 {
            0.0
        } else {
            (self.m2 / (self.n - 1.0)).sqrt()
        }
    }
    /// The largest value seen.
    pub fn max(&self) -> f64 {
        self.max
    }
    /// How many values were added.
    pub fn count(&self) -> f64 {
        self.n
    }
}

/// Wraps an angle difference into (-pi, pi].
pub fn wrap_angle(a: f64) -> f64 {
    let mut a = a % (2.0 * PI);
    if a > PI {
        a -= 2.0 * PI;
    } else if a <= -PI {
        a += 2.0 * PI;
    }
    a
}

/// Computes the feature vector of one action.
pub fn action_features(act: &MouseAction) -> [f64; N_MOUSE] {
    let p = &act.points;
    let mut f = [0.0; N_MOUSE];
    let (Some(&(t0, x0, y0)), Some(&(t1, x1, y1))) = (p.first(), p.last()) else {
        return f;
    };
    let duration = t1 - t0;
    let (cdx, cdy) = (x1 - x0, y1 - y0);
    let chord = cdx.hypot(cdy);
    let (mut v, mut vx, mut vy, mut a, mut j) = (
        Stat::default(),
        Stat::default(),
        Stat::default(),
        Stat::default(),
        Stat::default(),
    );
    let (mut om, mut cu) = (Stat::default(), Stat::default());
    let (mut path, mut angle_sum, mut critical, mut max_dev) = (0.0, 0.0, 0.0, 0.0f64);
    let (mut prev_v, mut prev_a, mut prev_theta): (Option<f64>, Option<f64>, Option<f64>) =
        (None, None, None);
    let (mut vmax, mut t_vmax, mut last_v) = (0.0f64, 0.0, 0.0);
    for w in p.windows(2) {
        let &[(ta, xa, ya), (tb, xb, yb)] = w else {
            continue;
        };
        let dt = (tb - ta).max(1e-3);
        let (dx, dy) = (xb - xa, yb - ya);
        let ds = dx.hypot(dy);
        path += ds;
        if chord > 0.0 {
            // Distance of the point from the start-end chord.
            max_dev = max_dev.max(((xb - x0) * cdy - (yb - y0) * cdx).abs() / chord);
        }
        let speed = ds / dt;
        v.add(speed);
        vx.add(dx.abs() / dt);
        vy.add(dy.abs() / dt);
        if speed > vmax {
            vmax = speed;
            t_vmax = tb - t0;
        }
        last_v = speed;
        if let Some(pv) = prev_v {
            let acc = (speed - pv) / dt;
            a.add(acc);
            if let Some(pa) = prev_a {
                j.add((acc - pa) / dt);
            }
            prev_a = Some(acc);
        }
        prev_v = Some(speed);
        if ds > 0.0 {
            let theta = dy.atan2(dx);
            if let Some(pt) = prev_theta {
                let dtheta = wrap_angle(theta - pt);
                angle_sum += dtheta.abs();
                om.add(dtheta / dt);
                cu.add(dtheta / ds);
                if dtheta.abs() > PI / 4.0 {
                    critical += 1.0;
                }
            }
            prev_theta = Some(theta);
        }
    }
    let dir = if chord > 0.0 {
        (cdx / chord, cdy / chord)
    } else {
        (0.0, 0.0)
    };
    let last_gap = p
        .len()
        .checked_sub(2)
        .and_then(|i| p.get(i))
        .map_or(0.0, |&(t, _, _)| t1 - t);
    let vals = [
        f64::from(u8::from(act.kind == ActionKind::Move)),
        f64::from(u8::from(act.kind == ActionKind::PointClick)),
        f64::from(u8::from(act.kind == ActionKind::DragDrop)),
        duration,
        path,
        chord,
        if path > 0.0 { chord / path } else { 1.0 },
        p.len() as f64,
        angle_sum,
        max_dev,
        dir.0,
        dir.1,
        v.mean(),
        v.sd(),
        v.max(),
        vx.mean(),
        vx.sd(),
        vy.mean(),
        vy.sd(),
        a.mean(),
        a.sd(),
        a.max(),
        j.mean(),
        j.sd(),
        om.mean(),
        om.sd(),
        cu.mean(),
        cu.sd(),
        critical,
        if duration > 0.0 {
            t_vmax / duration
        } else {
            0.0
        },
        act.hold,
        last_gap,
        if v.count() > 0.0 {
            duration / v.count()
        } else {
            0.0
        },
        if vmax > 0.0 { last_v / vmax } else { 0.0 },
    ];
    for (o, x) in f.iter_mut().zip(vals) {
        *o = if x.is_finite() { x } else { 0.0 };
    }
    f
}

/// Compresses heavy tails: `sign(x) * ln(1 + |x|)`, applied before scaling.
pub fn squash(x: f64) -> f64 {
    x.signum() * x.abs().ln_1p()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(points: &[(f64, f64, f64)]) -> MouseAction {
        MouseAction {
            kind: ActionKind::Move,
            points: points.to_vec(),
            hold: 0.0,
        }
    }

    #[test]
    fn straight_line_at_constant_speed() {
        let f = action_features(&act(&[
            (0.0, 0.0, 0.0),
            (0.1, 10.0, 0.0),
            (0.2, 20.0, 0.0),
            (0.3, 30.0, 0.0),
        ]));
        let get = |n: &str| f[MOUSE_FEATURES.iter().position(|m| *m == n).unwrap()];
        assert!((get("duration") - 0.3).abs() < 1e-12);
        assert!((get("path_length") - 30.0).abs() < 1e-12);
        assert!((get("straightness") - 1.0).abs() < 1e-12);
        assert!((get("v_mean") - 100.0).abs() < 1e-9);
        assert!(get("v_sd").abs() < 1e-9);
        assert!(get("a_mean").abs() < 1e-9);
        assert!(get("curv_mean").abs() < 1e-12);
        assert!((get("dir_cos") - 1.0).abs() < 1e-12);
        assert_eq!(get("critical_points"), 0.0);
    }

    #[test]
    fn right_angle_turn_curvature() {
        // Right 10 px, then up 10 px, then up 10 px: one +90 degree turn over a 10 px segment.
        let f = action_features(&act(&[
            (0.0, 0.0, 0.0),
            (0.1, 10.0, 0.0),
            (0.2, 10.0, 10.0),
            (0.3, 10.0, 20.0),
        ]));
        let get = |n: &str| f[MOUSE_FEATURES.iter().position(|m| *m == n).unwrap()];
        assert!((get("angle_sum") - PI / 2.0).abs() < 1e-12);
        // Curvature per turn: (pi/2)/10 then 0/10; mean of the two.
        assert!((get("curv_mean") - PI / 40.0).abs() < 1e-12);
        assert_eq!(get("critical_points"), 1.0);
        assert!((get("straightness") - 500f64.sqrt() / 30.0).abs() < 1e-12);
        assert!((get("max_deviation") - 200.0 / 500f64.sqrt()).abs() < 1e-9);
    }

    #[test]
    fn wrap_angle_stays_in_range() {
        assert!((wrap_angle(3.0 * PI / 2.0) + PI / 2.0).abs() < 1e-12);
        assert!((wrap_angle(-3.0 * PI / 2.0) - PI / 2.0).abs() < 1e-12);
    }
}
