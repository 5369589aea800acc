//! Gradient-boosted depth-2 trees over the pair features: the nonlinear alternative to the
//! logistic model (`crosscheck eval paraphrase --fit --trees`). Binomial deviance, Newton
//! leaf values, least-squares splits, as in Friedman's gradient boosting.

use serde::{Deserialize, Serialize};

use crate::N_FEATURES;

/// One depth-2 tree: a root split, then one split under each side, four leaves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tree {
    pub feature: usize,
    pub threshold: f64,
    pub left: Split,
    pub right: Split,
}

/// A split whose sides are leaves (log-odds contributions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Split {
    pub feature: usize,
    pub threshold: f64,
    pub left: f64,
    pub right: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boosted {
    /// Log-odds before any tree.
    pub base: f64,
    /// Shrinkage applied to every tree.
    pub rate: f64,
    pub trees: Vec<Tree>,
}

impl Split {
    fn value(&self, x: &[f64]) -> f64 {
        if x.get(self.feature).copied().unwrap_or(0.0) <= self.threshold {
            self.left
        } else {
            self.right
        }
    }
}

impl Boosted {
    /// The log-odds that the pair is a paraphrase.
    pub fn margin(&self, x: &[f64]) -> f64 {
        self.base
            + self.rate
                * self
                    .trees
                    .iter()
                    .map(|t| {
                        if x.get(t.feature).copied().unwrap_or(0.0) <= t.threshold {
                            t.left.value(x)
                        } else {
                            t.right.value(x)
                        }
                    })
                    .sum::<f64>()
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

// `f` is a column index used across many rows, not an index into one slice.
#[allow(clippy::needless_range_loop)]
/// The best least-squares split of `rows` (indexes into `x`) on residuals `r`: feature,
/// threshold, and the rows on each side. `None` when no feature separates them.
fn best_split(
    x: &[[f64; N_FEATURES]],
    r: &[f64],
    rows: &[usize],
) -> Option<(usize, f64, Vec<usize>, Vec<usize>)> {
    let total: f64 = rows.iter().map(|&i| r[i]).sum();
    let n = rows.len() as f64;
    let mut best: Option<(f64, usize, f64)> = None;
    let mut order = rows.to_vec();
    for f in 0..N_FEATURES {
        order.sort_by(|&a, &b| x[a][f].total_cmp(&x[b][f]));
        let mut left = 0.0;
        for k in 0..order.len().saturating_sub(1) {
            left += r[order[k]];
            let (va, vb) = (x[order[k]][f], x[order[k + 1]][f]);
            if va == vb {
                continue;
            }
            let nl = (k + 1) as f64;
            let nr = n - nl;
            let gain = left * left / nl + (total - left) * (total - left) / nr;
            if best.is_none_or(|b| gain > b.0) {
                best = Some((gain, f, (va + vb) / 2.0));
            }
        }
    }
    let (_, f, t) = best?;
    let (l, rr): (Vec<usize>, Vec<usize>) = rows.iter().partition(|&&i| x[i][f] <= t);
    Some((f, t, l, rr))
}

/// Newton step for a leaf: sum of residuals over sum of p(1-p).
fn leaf(r: &[f64], p: &[f64], rows: &[usize]) -> f64 {
    let num: f64 = rows.iter().map(|&i| r[i]).sum();
    let den: f64 = rows.iter().map(|&i| p[i] * (1.0 - p[i])).sum();
    if den.abs() < 1e-12 {
        0.0
    } else {
        num / den
    }
}

fn fit_split(x: &[[f64; N_FEATURES]], r: &[f64], p: &[f64], rows: &[usize]) -> Split {
    match best_split(x, r, rows) {
        Some((feature, threshold, l, rr)) => Split {
            feature,
            threshold,
            left: leaf(r, p, &l),
            right: leaf(r, p, &rr),
        },
        None => {
            let v = leaf(r, p, rows);
            Split {
                feature: 0,
                threshold: f64::INFINITY,
                left: v,
                right: v,
            }
        }
    }
}

/// Fits `rounds` trees with shrinkage `rate` to labels `y`.
pub fn fit_boosted(x: &[[f64; N_FEATURES]], y: &[bool], rounds: usize, rate: f64) -> Boosted {
    let n = x.len().max(1);
    let pos = y.iter().filter(|l| **l).count() as f64 / n as f64;
    let base = (pos.clamp(1e-6, 1.0 - 1e-6) / (1.0 - pos.clamp(1e-6, 1.0 - 1e-6))).ln();
    let mut f = vec![base; x.len()];
    let all: Vec<usize> = (0..x.len()).collect();
    let mut trees = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let p: Vec<f64> = f.iter().map(|z| sigmoid(*z)).collect();
        let r: Vec<f64> = y
            .iter()
            .zip(&p)
            .map(|(l, p)| f64::from(u8::from(*l)) - p)
            .collect();
        let Some((feature, threshold, l, rr)) = best_split(x, &r, &all) else {
            break;
        };
        let tree = Tree {
            feature,
            threshold,
            left: fit_split(x, &r, &p, &l),
            right: fit_split(x, &r, &p, &rr),
        };
        for (i, fi) in f.iter_mut().enumerate() {
            let side = if x[i][tree.feature] <= tree.threshold {
                &tree.left
            } else {
                &tree.right
            };
            *fi += rate * side.value(&x[i]);
        }
        trees.push(tree);
    }
    Boosted { base, rate, trees }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_an_interaction_a_linear_model_cannot() {
        // Paraphrase only when both features are high: an AND of two thresholds.
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..20 {
            for j in 0..20 {
                let mut row = [0.0; N_FEATURES];
                row[0] = i as f64 / 20.0;
                row[1] = j as f64 / 20.0;
                x.push(row);
                y.push(i >= 10 && j >= 10);
            }
        }
        let m = fit_boosted(&x, &y, 50, 0.3);
        let right = x
            .iter()
            .zip(&y)
            .filter(|(row, l)| (m.margin(&row[..]) > 0.0) == **l)
            .count();
        assert_eq!(right, x.len());
    }
}
