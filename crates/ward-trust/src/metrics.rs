//! Detector accuracy: ROC AUC and equal-error rate.

/// ROC AUC for anomaly scores where impostors should score higher than genuine
/// samples (ties count half). `None` when either side is empty.
pub fn roc_auc(genuine: &[f64], impostor: &[f64]) -> Option<f64> {
    if genuine.is_empty() || impostor.is_empty() {
        return None;
    }
    // Rank-sum (Mann-Whitney U) with average ranks for ties.
    let mut all: Vec<(f64, bool)> = genuine
        .iter()
        .map(|&s| (s, false))
        .chain(impostor.iter().map(|&s| (s, true)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while all
            .get(j + 1)
            .is_some_and(|n| n.0 == all.get(i).map_or(f64::NAN, |c| c.0))
        {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += avg
            * all
                .get(i..=j)
                .map_or(0, |s| s.iter().filter(|e| e.1).count()) as f64;
        i = j + 1;
    }
    let (ni, ng) = (impostor.len() as f64, genuine.len() as f64);
    Some((rank_sum - ni * (ni + 1.0) / 2.0) / (ni * ng))
}

/// Equal-error rate: the point where the false-accept rate (impostors at or
/// below the threshold) meets the false-reject rate (genuine above it).
/// `None` when either side is empty.
pub fn eer(genuine: &[f64], impostor: &[f64]) -> Option<f64> {
    if genuine.is_empty() || impostor.is_empty() {
        return None;
    }
    let mut th: Vec<f64> = genuine.iter().chain(impostor).copied().collect();
    th.sort_by(f64::total_cmp);
    th.dedup();
    let (ng, ni) = (genuine.len() as f64, impostor.len() as f64);
    let mut best = (f64::INFINITY, 0.5);
    // Thresholds: accept when score <= t. Also consider accepting nothing.
    for t in std::iter::once(f64::NEG_INFINITY).chain(th) {
        let frr = genuine.iter().filter(|&&s| s > t).count() as f64 / ng;
        let far = impostor.iter().filter(|&&s| s <= t).count() as f64 / ni;
        let gap = (frr - far).abs();
        if gap < best.0 {
            best = (gap, (frr + far) / 2.0);
        }
    }
    Some(best.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_separation() {
        assert_eq!(roc_auc(&[0.1, 0.2], &[0.8, 0.9]), Some(1.0));
        assert_eq!(eer(&[0.1, 0.2], &[0.8, 0.9]), Some(0.0));
    }

    #[test]
    fn inverted_and_tied() {
        assert_eq!(roc_auc(&[0.8, 0.9], &[0.1, 0.2]), Some(0.0));
        assert_eq!(roc_auc(&[0.5, 0.5], &[0.5, 0.5]), Some(0.5));
        assert_eq!(eer(&[0.5, 0.5], &[0.5, 0.5]), Some(0.5));
    }

    #[test]
    fn hand_computed_auc() {
        // Pairs (i > g): 0.3>0.1, 0.3>0.2, 0.15>0.1, 0.15<0.2 -> 3/4.
        assert_eq!(roc_auc(&[0.1, 0.2], &[0.3, 0.15]), Some(0.75));
        assert_eq!(roc_auc(&[], &[0.3]), None);
    }
}
