//! Detectors: given an owner's feature vectors (and, for the learned one,
//! other people's), score how unlike the owner a new vector is.
//!
//! Every detector returns an *anomaly* score: higher means less like the owner.

use crate::error::Error;
use crate::forest::{Forest, ForestParams};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Which detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DetectorKind {
    /// Scaled Manhattan distance to the owner's mean (scaled by mean absolute deviation).
    Manhattan,
    /// Mean distance to the nearest owner samples after z-scaling.
    Neighbour,
    /// Extremely randomised trees trained against other people's samples.
    Forest,
}

impl DetectorKind {
    /// All detectors, in report order.
    pub const ALL: [DetectorKind; 3] = [
        DetectorKind::Manhattan,
        DetectorKind::Neighbour,
        DetectorKind::Forest,
    ];

    /// Whether this detector needs other people's samples to train.
    pub fn needs_others(self) -> bool {
        self == DetectorKind::Forest
    }
}

impl fmt::Display for DetectorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DetectorKind::Manhattan => "manhattan",
            DetectorKind::Neighbour => "neighbour",
            DetectorKind::Forest => "forest",
        })
    }
}

impl FromStr for DetectorKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "manhattan" => Ok(DetectorKind::Manhattan),
            "neighbour" | "neighbor" | "knn" => Ok(DetectorKind::Neighbour),
            "forest" => Ok(DetectorKind::Forest),
            _ => Err(format!(
                "unknown detector `{s}` (expected manhattan, neighbour or forest)"
            )),
        }
    }
}

/// Most owner samples a nearest-neighbour model keeps.
const MAX_NEIGHBOURS: usize = 2000;
/// Neighbours averaged.
const K: usize = 3;
/// Most owner samples the forest trains on.
const MAX_FOREST: usize = 8000;

/// A trained detector.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Model {
    /// Scaled Manhattan.
    Manhattan {
        /// Per-feature owner mean.
        mean: Vec<f64>,
        /// Per-feature mean absolute deviation (floored).
        mad: Vec<f64>,
    },
    /// Nearest neighbours in z-scaled space.
    Neighbour {
        /// Per-feature owner mean.
        mean: Vec<f64>,
        /// Per-feature owner standard deviation (floored).
        sd: Vec<f64>,
        /// Scaled owner samples (feature statistics, never raw events).
        samples: Vec<Vec<f64>>,
    },
    /// Learned owner-versus-others classifier.
    Forest {
        /// The trees.
        forest: Forest,
    },
}

fn mean_of(rows: &[Vec<f64>], dims: usize) -> Vec<f64> {
    let mut m = vec![0.0; dims];
    for r in rows {
        for (a, b) in m.iter_mut().zip(r) {
            *a += b;
        }
    }
    m.iter_mut().for_each(|a| *a /= rows.len().max(1) as f64);
    m
}

impl Model {
    /// Trains a detector. `others` is only used by [`DetectorKind::Forest`].
    pub fn fit(
        kind: DetectorKind,
        owner: &[Vec<f64>],
        others: &[Vec<f64>],
        seed: u64,
    ) -> Result<Model, Error> {
        let dims = owner.first().map_or(0, Vec::len);
        if owner.len() < 2 || dims == 0 {
            return Err(Error::NotEnough(format!("{} owner samples", owner.len())));
        }
        let mean = mean_of(owner, dims);
        match kind {
            DetectorKind::Manhattan => {
                let mut mad = vec![0.0; dims];
                for r in owner {
                    for ((d, x), m) in mad.iter_mut().zip(r).zip(&mean) {
                        *d += (x - m).abs();
                    }
                }
                mad.iter_mut()
                    .for_each(|d| *d = (*d / owner.len() as f64).max(1e-6));
                Ok(Model::Manhattan { mean, mad })
            }
            DetectorKind::Neighbour => {
                let mut sd = vec![0.0; dims];
                for r in owner {
                    for ((d, x), m) in sd.iter_mut().zip(r).zip(&mean) {
                        *d += (x - m) * (x - m);
                    }
                }
                sd.iter_mut()
                    .for_each(|d| *d = (*d / (owner.len() - 1) as f64).sqrt().max(1e-6));
                let mut pick: Vec<&Vec<f64>> = owner.iter().collect();
                Rng::new(seed).shuffle(&mut pick);
                pick.truncate(MAX_NEIGHBOURS);
                let samples = pick
                    .iter()
                    .map(|r| {
                        r.iter()
                            .zip(&mean)
                            .zip(&sd)
                            .map(|((x, m), s)| (x - m) / s)
                            .collect()
                    })
                    .collect();
                Ok(Model::Neighbour { mean, sd, samples })
            }
            DetectorKind::Forest => {
                if others.len() < 2 {
                    return Err(Error::NotEnough(
                        "the forest needs other people's samples to train against".into(),
                    ));
                }
                let mut rng = Rng::new(seed);
                let mut pos: Vec<Vec<f64>> = owner.to_vec();
                rng.shuffle(&mut pos);
                pos.truncate(MAX_FOREST);
                let mut neg: Vec<Vec<f64>> = others.to_vec();
                rng.shuffle(&mut neg);
                neg.truncate(pos.len());
                Ok(Model::Forest {
                    forest: Forest::train(&pos, &neg, ForestParams::default(), rng.next_u64()),
                })
            }
        }
    }

    /// Which detector this is.
    pub fn kind(&self) -> DetectorKind {
        match self {
            Model::Manhattan { .. } => DetectorKind::Manhattan,
            Model::Neighbour { .. } => DetectorKind::Neighbour,
            Model::Forest { .. } => DetectorKind::Forest,
        }
    }

    /// Anomaly score of one sample: higher is less like the owner.
    pub fn anomaly(&self, x: &[f64]) -> f64 {
        match self {
            Model::Manhattan { mean, mad } => {
                let s: f64 = x
                    .iter()
                    .zip(mean)
                    .zip(mad)
                    .map(|((x, m), d)| (x - m).abs() / d)
                    .sum();
                s / mean.len().max(1) as f64
            }
            Model::Neighbour { mean, sd, samples } => {
                let z: Vec<f64> = x
                    .iter()
                    .zip(mean)
                    .zip(sd)
                    .map(|((x, m), s)| (x - m) / s)
                    .collect();
                let mut best = [f64::INFINITY; K];
                for s in samples {
                    let mut d = 0.0;
                    for (a, b) in z.iter().zip(s) {
                        d += (a - b) * (a - b);
                    }
                    // Keep the K smallest, sorted ascending.
                    if let Some(last) = best.last_mut()
                        && d < *last
                    {
                        *last = d;
                        best.sort_by(f64::total_cmp);
                    }
                }
                let found: Vec<f64> = best
                    .iter()
                    .filter(|d| d.is_finite())
                    .map(|d| d.sqrt())
                    .collect();
                found.iter().sum::<f64>()
                    / found.len().max(1) as f64
                    / (z.len().max(1) as f64).sqrt()
            }
            Model::Forest { forest } => 1.0 - forest.predict(x),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_detector_ranks_owner_below_stranger() {
        let mut rng = Rng::new(3);
        let owner: Vec<Vec<f64>> = (0..300)
            .map(|_| vec![rng.f64(), rng.f64(), rng.f64()])
            .collect();
        let others: Vec<Vec<f64>> = (0..300)
            .map(|_| vec![2.0 + rng.f64(), 2.0 + rng.f64(), rng.f64()])
            .collect();
        for kind in DetectorKind::ALL {
            let m = Model::fit(kind, &owner, &others, 1).unwrap();
            assert!(
                m.anomaly(&[0.5, 0.5, 0.5]) < m.anomaly(&[2.5, 2.5, 0.5]),
                "{kind}"
            );
            assert_eq!(m.kind(), kind);
        }
    }

    #[test]
    fn forest_without_others_is_an_error() {
        let owner = vec![vec![1.0], vec![2.0]];
        assert!(matches!(
            Model::fit(DetectorKind::Forest, &owner, &[], 1),
            Err(Error::NotEnough(_))
        ));
        assert!(Model::fit(DetectorKind::Manhattan, &owner[..1], &[], 1).is_err());
    }
}
