//! Extremely randomised trees: a small binary classifier learned from the
//! owner's samples against other people's.

use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Forest size and shape.
#[derive(Debug, Clone, Copy)]
pub struct ForestParams {
    /// Number of trees.
    pub trees: usize,
    /// Deepest split level.
    pub max_depth: usize,
    /// Fewest samples in a node that may still be split.
    pub min_split: usize,
    /// Random candidate splits tried per node (0 = square root of the feature count).
    pub candidates: usize,
}

impl Default for ForestParams {
    fn default() -> Self {
        ForestParams {
            trees: 60,
            max_depth: 12,
            min_split: 10,
            candidates: 0,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
enum Node {
    Leaf(f32),
    Split {
        feature: u16,
        threshold: f64,
        left: u32,
        right: u32,
    },
}

/// A trained forest; predicts the probability a sample is the owner's.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Forest {
    trees: Vec<Vec<Node>>,
}

impl Forest {
    /// Trains on `positive` (the owner) against `negative` samples.
    pub fn train(
        positive: &[Vec<f64>],
        negative: &[Vec<f64>],
        params: ForestParams,
        seed: u64,
    ) -> Forest {
        let rows: Vec<(&[f64], bool)> = positive
            .iter()
            .map(|r| (r.as_slice(), true))
            .chain(negative.iter().map(|r| (r.as_slice(), false)))
            .collect();
        let dims = rows.first().map_or(0, |r| r.0.len());
        let candidates = if params.candidates == 0 {
            ((dims as f64).sqrt().ceil() as usize).max(1)
        } else {
            params.candidates
        };
        let mut rng = Rng::new(seed);
        let trees = (0..params.trees)
            .map(|_| {
                let mut idx: Vec<usize> = (0..rows.len()).collect();
                let mut nodes = Vec::new();
                grow(
                    &rows, &mut idx, 0, dims, candidates, &params, &mut rng, &mut nodes,
                );
                nodes
            })
            .collect();
        Forest { trees }
    }

    /// Mean over trees of the leaf's owner fraction, in [0, 1].
    pub fn predict(&self, x: &[f64]) -> f64 {
        if self.trees.is_empty() {
            return 0.5;
        }
        let mut sum = 0.0;
        for tree in &self.trees {
            let mut at = 0usize;
            // INVARIANT: children indices always point forward, so this ends.
            loop {
                match tree.get(at) {
                    Some(Node::Leaf(p)) => {
                        sum += f64::from(*p);
                        break;
                    }
                    Some(Node::Split {
                        feature,
                        threshold,
                        left,
                        right,
                    }) => {
                        let v = x.get(usize::from(*feature)).copied().unwrap_or(0.0);
                        at = if v < *threshold { *left } else { *right } as usize;
                    }
                    None => {
                        sum += 0.5;
                        break;
                    }
                }
            }
        }
        sum / self.trees.len() as f64
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "recursive builder threads its context explicitly"
)]
fn grow(
    rows: &[(&[f64], bool)],
    idx: &mut [usize],
    depth: usize,
    dims: usize,
    candidates: usize,
    params: &ForestParams,
    rng: &mut Rng,
    nodes: &mut Vec<Node>,
) -> u32 {
    let at = nodes.len();
    let label = |i: &usize| rows.get(*i).is_some_and(|r| r.1);
    let pos = idx.iter().filter(|i| label(i)).count();
    let n = idx.len();
    let frac = if n == 0 { 0.5 } else { pos as f64 / n as f64 };
    nodes.push(Node::Leaf(frac as f32));
    if depth >= params.max_depth || n < params.min_split || pos == 0 || pos == n || dims == 0 {
        return at as u32;
    }
    let value = |i: usize, f: usize| rows.get(i).and_then(|r| r.0.get(f)).copied().unwrap_or(0.0);
    let mut best: Option<(f64, usize, f64)> = None;
    for _ in 0..candidates {
        let f = rng.below(dims);
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for &i in idx.iter() {
            let v = value(i, f);
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if hi <= lo {
            continue;
        }
        let thr = lo + rng.f64() * (hi - lo);
        let (mut ln, mut lp, mut rn, mut rp) = (0.0, 0.0, 0.0, 0.0);
        for &i in idx.iter() {
            let p = f64::from(u8::from(label(&i)));
            if value(i, f) < thr {
                ln += 1.0;
                lp += p;
            } else {
                rn += 1.0;
                rp += p;
            }
        }
        let gini = |c: f64, p: f64| {
            if c == 0.0 {
                0.0
            } else {
                let q = p / c;
                c * 2.0 * q * (1.0 - q)
            }
        };
        let impurity = gini(ln, lp) + gini(rn, rp);
        if best.is_none_or(|b| impurity < b.0) {
            best = Some((impurity, f, thr));
        }
    }
    let Some((_, f, thr)) = best else {
        return at as u32;
    };
    // Partition: left part holds values below the threshold.
    let mut split = 0;
    for k in 0..idx.len() {
        if idx.get(k).is_some_and(|&i| value(i, f) < thr) {
            idx.swap(k, split);
            split += 1;
        }
    }
    if split == 0 || split == idx.len() {
        return at as u32;
    }
    let (l, r) = idx.split_at_mut(split);
    let left = grow(rows, l, depth + 1, dims, candidates, params, rng, nodes);
    let right = grow(rows, r, depth + 1, dims, candidates, params, rng, nodes);
    if let Some(node) = nodes.get_mut(at) {
        *node = Node::Split {
            feature: f as u16,
            threshold: thr,
            left,
            right,
        };
    }
    at as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_two_clusters() {
        let mut rng = Rng::new(1);
        let mk = |c: f64, rng: &mut Rng| {
            (0..200)
                .map(|_| vec![c + rng.f64(), rng.f64()])
                .collect::<Vec<_>>()
        };
        let pos = mk(0.0, &mut rng);
        let neg = mk(3.0, &mut rng);
        let f = Forest::train(
            &pos,
            &neg,
            ForestParams {
                trees: 20,
                ..Default::default()
            },
            7,
        );
        assert!(f.predict(&[0.5, 0.5]) > 0.9);
        assert!(f.predict(&[3.5, 0.5]) < 0.1);
    }
}
