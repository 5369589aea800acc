//! Gradient-boosted depth-2 trees over the pair features: the nonlinear alternative to the
//! logistic model (`crosscheck eval paraphrase --fit --trees`). Binomial deviance, Newton
//! leaf values, least-squares splits, as in Friedman's gradient boosting.

use serde::{Deserialize, Serialize};

use crate::{sigmoid, N_FEATURES};

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

/// The rows of the fit, sorted once by each feature (stable, so ties keep row order); a
/// node's rows are read off these lists instead of being sorted again at every split.
struct Columns {
    sorted: Vec<Vec<usize>>,
}

impl Columns {
    fn new(x: &[[f64; N_FEATURES]]) -> Self {
        let sorted = (0..N_FEATURES)
            .map(|f| {
                let mut order: Vec<usize> = (0..x.len()).collect();
                order.sort_by(|&a, &b| x[a][f].total_cmp(&x[b][f]));
                order
            })
            .collect();
        Self { sorted }
    }
}

/// The best least-squares split of the rows whose `node` is `id`, on residuals `r`:
/// feature, threshold, and the number of rows going left. `None` when no feature separates
/// them.
fn best_split(
    x: &[[f64; N_FEATURES]],
    cols: &Columns,
    r: &[f64],
    node: &[u8],
    id: u8,
) -> Option<(usize, f64)> {
    let mut total = 0.0;
    let mut n = 0usize;
    for (i, &v) in r.iter().enumerate() {
        if node[i] == id {
            total += v;
            n += 1;
        }
    }
    let nf = n as f64;
    let mut best: Option<(f64, usize, f64)> = None;
    let mut rows = Vec::with_capacity(n);
    for (f, order) in cols.sorted.iter().enumerate() {
        rows.clear();
        rows.extend(order.iter().copied().filter(|&i| node[i] == id));
        let mut left = 0.0;
        for k in 0..rows.len().saturating_sub(1) {
            left += r[rows[k]];
            let (va, vb) = (x[rows[k]][f], x[rows[k + 1]][f]);
            if va == vb {
                continue;
            }
            let nl = (k + 1) as f64;
            let nr = nf - nl;
            let gain = left * left / nl + (total - left) * (total - left) / nr;
            if best.is_none_or(|b| gain > b.0) {
                best = Some((gain, f, (va + vb) / 2.0));
            }
        }
    }
    best.map(|(_, f, t)| (f, t))
}

/// Newton step for a leaf: sum of residuals over sum of p(1-p), over the rows of node `id`.
fn leaf(r: &[f64], p: &[f64], node: &[u8], id: u8) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..r.len() {
        if node[i] == id {
            num += r[i];
            den += p[i] * (1.0 - p[i]);
        }
    }
    if den.abs() < 1e-12 {
        0.0
    } else {
        num / den
    }
}

/// The split under one side of the root: the rows of node `id` become nodes `2 * id` (left)
/// and `2 * id + 1` (right).
fn fit_split(
    x: &[[f64; N_FEATURES]],
    cols: &Columns,
    r: &[f64],
    p: &[f64],
    node: &mut [u8],
    id: u8,
) -> Split {
    match best_split(x, cols, r, node, id) {
        Some((feature, threshold)) => {
            for (i, v) in node.iter_mut().enumerate() {
                if *v == id {
                    *v = if x[i][feature] <= threshold {
                        2 * id
                    } else {
                        2 * id + 1
                    };
                }
            }
            Split {
                feature,
                threshold,
                left: leaf(r, p, node, 2 * id),
                right: leaf(r, p, node, 2 * id + 1),
            }
        }
        None => {
            let v = leaf(r, p, node, id);
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
    let cols = Columns::new(x);
    let mut node = vec![1u8; x.len()];
    let mut trees = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let p: Vec<f64> = f.iter().map(|z| sigmoid(*z)).collect();
        let r: Vec<f64> = y
            .iter()
            .zip(&p)
            .map(|(l, p)| f64::from(u8::from(*l)) - p)
            .collect();
        node.fill(1);
        let Some((feature, threshold)) = best_split(x, &cols, &r, &node, 1) else {
            break;
        };
        for (i, v) in node.iter_mut().enumerate() {
            *v = if x[i][feature] <= threshold { 2 } else { 3 };
        }
        let tree = Tree {
            feature,
            threshold,
            left: fit_split(x, &cols, &r, &p, &mut node, 2),
            right: fit_split(x, &cols, &r, &p, &mut node, 3),
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
