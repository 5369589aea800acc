//! Scores a clustering against gold labels: BCubed precision, recall and F1 (each item's
//! share of its cluster that shares its label, and of its label that shares its
//! cluster), and pairwise F1 (over all pairs of items placed together).

use std::collections::HashMap;
use std::hash::Hash;

use serde::Serialize;

/// Agreement between a predicted and a gold clustering of the same items.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub bcubed_precision: f64,
    pub bcubed_recall: f64,
    pub bcubed_f1: f64,
    pub pairwise_precision: f64,
    pub pairwise_recall: f64,
    pub pairwise_f1: f64,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// `pred[i]` and `gold[i]` are item i's cluster and label. Panics if lengths differ.
pub fn score<P: Hash + Eq, G: Hash + Eq>(pred: &[P], gold: &[G]) -> Scores {
    assert_eq!(pred.len(), gold.len(), "one label per item");
    let n = pred.len();
    if n == 0 {
        return Scores {
            bcubed_precision: 1.0,
            bcubed_recall: 1.0,
            bcubed_f1: 1.0,
            pairwise_precision: 1.0,
            pairwise_recall: 1.0,
            pairwise_f1: 1.0,
        };
    }
    let mut p_size: HashMap<&P, u64> = HashMap::new();
    let mut g_size: HashMap<&G, u64> = HashMap::new();
    let mut both: HashMap<(&P, &G), u64> = HashMap::new();
    for (p, g) in pred.iter().zip(gold) {
        *p_size.entry(p).or_default() += 1;
        *g_size.entry(g).or_default() += 1;
        *both.entry((p, g)).or_default() += 1;
    }
    // Each item in cell (p, g) contributes |cell|/|p| and |cell|/|g|.
    let (mut bp, mut br) = (0.0, 0.0);
    let mut together_right = 0u64;
    for (&(p, g), &c) in &both {
        bp += (c * c) as f64 / p_size[p] as f64;
        br += (c * c) as f64 / g_size[g] as f64;
        together_right += pairs(c);
    }
    let (bp, br) = (bp / n as f64, br / n as f64);
    let pred_pairs: u64 = p_size.values().map(|&c| pairs(c)).sum();
    let gold_pairs: u64 = g_size.values().map(|&c| pairs(c)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let (pp, pr) = (
        ratio(together_right, pred_pairs),
        ratio(together_right, gold_pairs),
    );
    Scores {
        bcubed_precision: bp,
        bcubed_recall: br,
        bcubed_f1: f1(bp, br),
        pairwise_precision: pp,
        pairwise_recall: pr,
        pairwise_f1: f1(pp, pr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_clusterings_score_one() {
        let s = score(&[1, 1, 2, 3], &["a", "a", "b", "c"]);
        assert_eq!(s.bcubed_f1, 1.0);
        assert_eq!(s.pairwise_f1, 1.0);
    }

    #[test]
    fn everything_in_one_cluster_has_full_recall_and_low_precision() {
        let s = score(&[0, 0, 0, 0], &["a", "a", "b", "c"]);
        assert_eq!(s.bcubed_recall, 1.0);
        // Items a: 2/4 each, b and c: 1/4 each -> (0.5+0.5+0.25+0.25)/4.
        assert!((s.bcubed_precision - 0.375).abs() < 1e-12);
        assert!((s.pairwise_precision - 1.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn all_singletons_have_full_precision() {
        let s = score(&[0, 1, 2, 3], &["a", "a", "b", "b"]);
        assert_eq!(s.bcubed_precision, 1.0);
        assert!((s.bcubed_recall - 0.5).abs() < 1e-12);
        assert_eq!(s.pairwise_recall, 0.0);
    }
}
