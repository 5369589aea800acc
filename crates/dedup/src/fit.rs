//! Fitting the logistic model of [`crate::SimilarityConfig`] (used by
//! `crosscheck eval paraphrase --fit` on the MSRP train split), and its fitted defaults.

use std::sync::LazyLock;

use crate::{SimilarityConfig, N_FEATURES};

/// What a fit produced: the config and its accuracy on the data it was fitted on.
#[derive(Debug, Clone)]
pub struct Fitted {
    pub config: SimilarityConfig,
    pub train_accuracy: f64,
}

/// The decision threshold (0.20 to 0.80 in steps of 0.01) with the best accuracy on the
/// data fitted on, and that accuracy.
fn best_threshold(probs: &[f64], y: &[bool]) -> (f64, f64) {
    let n = y.len().max(1) as f64;
    let mut best = (0.5, 0.0);
    for step in 20..=80 {
        let t = f64::from(step) / 100.0;
        let acc = probs
            .iter()
            .zip(y)
            .filter(|(p, l)| (**p >= t) == **l)
            .count() as f64
            / n;
        if acc > best.1 {
            best = (t, acc);
        }
    }
    best
}

/// Rounds and shrinkage of the boosted trees [`fit_trees`] fits.
pub const TREE_ROUNDS: usize = 200;
pub const TREE_RATE: f64 = 0.05;

/// Boosted depth-2 trees ([`crate::fit_boosted`], [`TREE_ROUNDS`] trees, shrinkage
/// [`TREE_RATE`]); the logistic fields stay the defaults. The threshold is chosen for
/// accuracy on *out-of-fold* probabilities (5 folds of `x`), because the trees fit their own
/// training rows too well for an in-sample choice. `train_accuracy` is in-sample.
pub fn fit_trees(x: &[[f64; N_FEATURES]], y: &[bool]) -> Fitted {
    let folds = stratified_folds(y, 5);
    let mut oof = vec![0.0; x.len()];
    for k in 0..5 {
        let (tx, ty) = rows_where(x, y, &folds, |f| f != k);
        let model = crate::fit_boosted(&tx, &ty, TREE_ROUNDS, TREE_RATE);
        for (i, row) in x.iter().enumerate() {
            if folds[i] == k {
                oof[i] = sigmoid(model.margin(&row[..]));
            }
        }
    }
    let (threshold, _) = best_threshold(&oof, y);
    let model = crate::fit_boosted(x, y, TREE_ROUNDS, TREE_RATE);
    let probs: Vec<f64> = x
        .iter()
        .map(|row| sigmoid(model.margin(&row[..])))
        .collect();
    Fitted {
        config: SimilarityConfig {
            threshold,
            boosted: Some(model),
            ..LOGISTIC.clone()
        },
        train_accuracy: accuracy_at(&probs, y, threshold),
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn accuracy_at(probs: &[f64], y: &[bool], t: f64) -> f64 {
    probs
        .iter()
        .zip(y)
        .filter(|(p, l)| (**p >= t) == **l)
        .count() as f64
        / y.len().max(1) as f64
}

/// The rows of `x` and `y` whose fold passes `keep`.
fn rows_where(
    x: &[[f64; N_FEATURES]],
    y: &[bool],
    folds: &[usize],
    keep: impl Fn(usize) -> bool,
) -> (Vec<[f64; N_FEATURES]>, Vec<bool>) {
    folds
        .iter()
        .enumerate()
        .filter(|(_, f)| keep(**f))
        .map(|(i, _)| (x[i], y[i]))
        .unzip()
}

/// Stratified folds: the fold (0..k) of every row. Positives and negatives are each dealt
/// round-robin in a fixed pseudo-random order, so every fold holds the same share of each
/// and the split does not follow the file's order. Deterministic.
pub fn stratified_folds(y: &[bool], k: usize) -> Vec<usize> {
    let k = k.max(1);
    let mix = |i: usize| {
        // splitmix64 of the row number
        let mut z = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut folds = vec![0; y.len()];
    for label in [true, false] {
        let mut rows: Vec<usize> = (0..y.len()).filter(|&i| y[i] == label).collect();
        rows.sort_by_key(|&i| mix(i));
        for (n, i) in rows.into_iter().enumerate() {
            folds[i] = n % k;
        }
    }
    folds
}

/// What k-fold cross-validation measured: every row scored by the model fitted (threshold
/// included) on the other folds; accuracy and F1 of the positive class over all rows.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CrossValidated {
    pub folds: usize,
    pub accuracy: f64,
    pub f1: f64,
}

/// k-fold cross-validation of a fitting procedure (such as [`fit_logistic`] or
/// [`fit_trees`]) on `x`, `y`.
pub fn cross_validate(
    x: &[[f64; N_FEATURES]],
    y: &[bool],
    k: usize,
    fit: impl Fn(&[[f64; N_FEATURES]], &[bool]) -> Fitted,
) -> CrossValidated {
    let folds = stratified_folds(y, k);
    let mut said = vec![false; x.len()];
    for fold in 0..k.max(1) {
        let (tx, ty) = rows_where(x, y, &folds, |f| f != fold);
        let sim = fit(&tx, &ty).config.build();
        for (i, row) in x.iter().enumerate() {
            if folds[i] == fold {
                said[i] = sim.probability(row) >= sim.config().threshold;
            }
        }
    }
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut right = 0usize;
    for (&s, &l) in said.iter().zip(y) {
        right += usize::from(s == l);
        match (s, l) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
    }
    CrossValidated {
        folds: k,
        accuracy: right as f64 / y.len().max(1) as f64,
        f1: 2.0 * tp as f64 / (2 * tp + fp + fn_).max(1) as f64,
    }
}

/// L2-regularised logistic regression by batch gradient descent on standardised
/// features; the threshold is then chosen for accuracy on the same data.
pub fn fit_logistic(x: &[[f64; N_FEATURES]], y: &[bool]) -> Fitted {
    let n = x.len().max(1) as f64;
    let mut mean = vec![0.0; N_FEATURES];
    let mut scale = vec![0.0; N_FEATURES];
    for row in x {
        for i in 0..N_FEATURES {
            mean[i] += row[i] / n;
        }
    }
    for row in x {
        for i in 0..N_FEATURES {
            scale[i] += (row[i] - mean[i]).powi(2) / n;
        }
    }
    for s in &mut scale {
        *s = s.sqrt().max(1e-6);
    }
    let z: Vec<Vec<f64>> = x
        .iter()
        .map(|row| {
            (0..N_FEATURES)
                .map(|i| (row[i] - mean[i]) / scale[i])
                .collect()
        })
        .collect();
    let mut w = [0.0; N_FEATURES];
    let mut b = 0.0;
    let (rate, l2) = (0.5, 1e-3);
    for _ in 0..3000 {
        let mut gw = [0.0; N_FEATURES];
        let mut gb = 0.0;
        for (row, &label) in z.iter().zip(y) {
            let p =
                1.0 / (1.0 + (-(b + row.iter().zip(&w).map(|(a, c)| a * c).sum::<f64>())).exp());
            let err = p - if label { 1.0 } else { 0.0 };
            for i in 0..N_FEATURES {
                gw[i] += err * row[i] / n;
            }
            gb += err / n;
        }
        for i in 0..N_FEATURES {
            w[i] -= rate * (gw[i] + l2 * w[i]);
        }
        b -= rate * gb;
    }
    let probs: Vec<f64> = z
        .iter()
        .map(|row| 1.0 / (1.0 + (-(b + row.iter().zip(&w).map(|(a, c)| a * c).sum::<f64>())).exp()))
        .collect();
    let best = best_threshold(&probs, y);
    let round = |v: f64| (v * 1e6).round() / 1e6;
    Fitted {
        config: SimilarityConfig {
            mean: mean.into_iter().map(round).collect(),
            scale: scale.into_iter().map(round).collect(),
            weights: w.into_iter().map(round).collect(),
            bias: round(b),
            threshold: best.0,
            boosted: None,
        },
        train_accuracy: best.1,
    }
}

/// The default sentence-similarity model: the boosted trees of [`TREES`]. Chosen over the
/// logistic model by cross-validation (`crosscheck eval paraphrase --msrp TRAIN DEV --cv
/// 10`: accuracy 0.766 against 0.749 over all 4,076 labelled MSRP pairs).
pub static DEFAULT: LazyLock<SimilarityConfig> = LazyLock::new(|| TREES.clone());

/// The boosted trees and threshold of `trees.json`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TreesFile {
    threshold: f64,
    base: f64,
    rate: f64,
    trees: Vec<crate::Tree>,
}

/// 200 boosted depth-2 trees fitted on MSRP train (3,676 pairs) with `crosscheck eval
/// paraphrase --msrp ../shared/eval/paraphrase/msr_paraphrase_train.txt --fit --trees`; the
/// file `trees.json` holds that command's `threshold` and `boosted`, one tree per line. The
/// logistic fields are [`LOGISTIC`]'s (unused while the trees are present).
pub static TREES: LazyLock<SimilarityConfig> = LazyLock::new(|| {
    // Embedded at build time and parsed by a unit test, so this cannot fail at run time.
    #[allow(clippy::expect_used)]
    let file: TreesFile =
        serde_json::from_str(include_str!("trees.json")).expect("trees.json is valid");
    SimilarityConfig {
        threshold: file.threshold,
        boosted: Some(crate::Boosted {
            base: file.base,
            rate: file.rate,
            trees: file.trees,
        }),
        ..LOGISTIC.clone()
    }
});

// The fitted numbers are data, not approximations of constants such as 1/π.
#[allow(clippy::approx_constant)]
/// Fitted on MSRP train (3,675 pairs) with `crosscheck eval paraphrase --msrp
/// ../shared/eval/paraphrase/msr_paraphrase_train.txt --fit`.
pub static LOGISTIC: LazyLock<SimilarityConfig> = LazyLock::new(|| SimilarityConfig {
    mean: vec![
        0.68086, 0.627995, 0.752617, 0.480357, 0.371211, 0.682937, 0.827953, 0.160138, 0.625647,
        0.852478, 0.186997, 0.527872, 0.623886, 0.73334, 0.629024, 0.486263, 0.531914, 0.378979,
        0.5274, 0.410117, 0.229298, 0.415751, 0.884113, 0.721218, 0.421124, 0.431219,
    ],
    scale: vec![
        0.150641, 0.154357, 0.161304, 0.200478, 0.223433, 0.165297, 0.324588, 0.318, 0.370984,
        0.099041, 0.149935, 0.168001, 0.157177, 0.155674, 0.145791, 0.202893, 0.181897, 0.161005,
        0.218816, 0.246429, 0.158178, 0.185973, 0.320089, 0.396545, 0.1807, 0.182635,
    ],
    weights: vec![
        -0.544514, -0.194544, -0.026396, 0.468537, -0.032755, 0.766093, -0.026223, -0.307176,
        -0.35914, 0.178581, 0.234517, 0.760084, 0.620467, -0.339464, 0.105335, 0.239531, 0.515025,
        -0.20627, -0.638985, -1.146589, 0.226458, -0.374515, 0.021335, 0.270163, 0.65861,
        -0.434611,
    ],
    bias: 1.048493,
    threshold: 0.55,
    boosted: None,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_trees_parse_and_are_the_default() {
        let t = &*TREES;
        let m = t.boosted.as_ref().map_or(0, |b| b.trees.len());
        assert_eq!(m, TREE_ROUNDS);
        assert!(t.threshold > 0.3 && t.threshold < 0.7);
        assert_eq!(*DEFAULT, *t);
    }

    #[test]
    fn folds_are_stratified_and_cover_every_row() {
        let y: Vec<bool> = (0..103).map(|i| i % 3 != 0).collect();
        let folds = stratified_folds(&y, 5);
        for k in 0..5 {
            let pos = (0..y.len()).filter(|&i| folds[i] == k && y[i]).count();
            let neg = (0..y.len()).filter(|&i| folds[i] == k && !y[i]).count();
            assert!((13..=14).contains(&pos), "fold {k}: {pos} positives");
            assert!((6..=7).contains(&neg), "fold {k}: {neg} negatives");
        }
        // Not simply the file order.
        assert_ne!(folds[..5], [0, 0, 1, 1, 2]);
    }

    #[test]
    fn cross_validation_scores_rows_the_model_never_saw() {
        // Labels are pure noise: a fit can memorise its own rows, but cross-validation
        // must stay near chance.
        let mut x = Vec::new();
        let mut y = Vec::new();
        let mut state = 7u64;
        for _ in 0..400 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let mut row = [0.0; N_FEATURES];
            for (i, v) in row.iter_mut().enumerate() {
                *v = ((state >> (i % 50)) & 0xff) as f64 / 255.0;
            }
            x.push(row);
            y.push((state >> 60) & 1 == 1);
        }
        let fitted = fit_trees(&x, &y);
        let cv = cross_validate(&x, &y, 4, fit_trees);
        assert!(fitted.train_accuracy > 0.7, "{}", fitted.train_accuracy);
        assert!(cv.accuracy < 0.62, "{}", cv.accuracy);
    }

    #[test]
    fn learns_a_separable_rule() {
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..200 {
            let v = i as f64 / 200.0;
            let mut row = [0.5; N_FEATURES];
            row[0] = v;
            x.push(row);
            y.push(v > 0.6);
        }
        let f = fit_logistic(&x, &y);
        assert!(f.train_accuracy > 0.97, "{}", f.train_accuracy);
        assert!(f.config.weights[0] > 0.0);
    }
}
