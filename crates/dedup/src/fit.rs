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
/// [`TREE_RATE`]) alone; the logistic fields stay empty. The threshold is chosen for
/// accuracy on *out-of-fold* probabilities (5 folds of `x`), because the trees fit their own
/// training rows too well for an in-sample choice. `train_accuracy` is in-sample.
pub fn fit_trees(x: &[[f64; N_FEATURES]], y: &[bool]) -> Fitted {
    with_out_of_fold_threshold(x, y, |x, y| SimilarityConfig {
        mean: Vec::new(),
        scale: Vec::new(),
        weights: Vec::new(),
        bias: 0.0,
        threshold: 0.5,
        boosted: Some(crate::fit_boosted(x, y, TREE_ROUNDS, TREE_RATE)),
        blend: false,
    })
}

/// The blend: [`fit_logistic`] and the trees of [`fit_trees`] fitted on the same rows, a
/// pair scored by the mean of their probabilities. The two err differently (the trees cut
/// features into steps, the logistic model weighs them smoothly), so their mean is steadier
/// than either. Threshold out of fold, as for the trees.
pub fn fit_blend(x: &[[f64; N_FEATURES]], y: &[bool]) -> Fitted {
    with_out_of_fold_threshold(x, y, |x, y| SimilarityConfig {
        boosted: Some(crate::fit_boosted(x, y, TREE_ROUNDS, TREE_RATE)),
        blend: true,
        ..fit_logistic(x, y).config
    })
}

/// Fits `make` on all rows, with the threshold that is most accurate on the
/// probabilities each row gets from `make` fitted on the other four of five folds.
fn with_out_of_fold_threshold(
    x: &[[f64; N_FEATURES]],
    y: &[bool],
    make: impl Fn(&[[f64; N_FEATURES]], &[bool]) -> SimilarityConfig,
) -> Fitted {
    let folds = stratified_folds(y, 5);
    let mut oof = vec![0.0; x.len()];
    for k in 0..5 {
        let (tx, ty) = rows_where(x, y, &folds, |f| f != k);
        let sim = make(&tx, &ty).build();
        for (i, row) in x.iter().enumerate() {
            if folds[i] == k {
                oof[i] = sim.probability(row);
            }
        }
    }
    let (threshold, _) = best_threshold(&oof, y);
    let config = SimilarityConfig {
        threshold,
        ..make(x, y)
    };
    let sim = config.clone().build();
    let probs: Vec<f64> = x.iter().map(|row| sim.probability(row)).collect();
    Fitted {
        config,
        train_accuracy: accuracy_at(&probs, y, threshold),
    }
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
            blend: false,
        },
        train_accuracy: best.1,
    }
}

/// The default sentence-similarity model, embedded from `model.json`: the blend of
/// [`fit_blend`] fitted on MSRP train (3,676 pairs), written by `crosscheck eval
/// paraphrase --msrp ../shared/eval/paraphrase/msr_paraphrase_train.txt --fit --blend
/// --model-out crates/dedup/src/model.json`. Chosen by cross-validation over all 4,076
/// labelled MSRP pairs (`--cv 10`; BENCHMARKS.md has the figures).
pub static DEFAULT: LazyLock<SimilarityConfig> = LazyLock::new(|| {
    // Embedded at build time and parsed by a unit test, so this cannot fail at run time.
    #[allow(clippy::expect_used)]
    serde_json::from_str(include_str!("model.json")).expect("model.json is valid")
});

/// A fitted config in the layout of `model.json`: one JSON object, one tree per line (so
/// a refit shows as a readable diff).
pub fn write_model(config: &SimilarityConfig) -> String {
    let mut out = format!(
        "{{\"threshold\": {}, \"blend\": {}, \"bias\": {},\n\"mean\": {},\n\"scale\": {},\n\"weights\": {}",
        config.threshold,
        config.blend,
        config.bias,
        json(&config.mean),
        json(&config.scale),
        json(&config.weights),
    );
    match &config.boosted {
        Some(b) => {
            out.push_str(&format!(
                ",\n\"boosted\": {{\"base\": {}, \"rate\": {}, \"trees\": [\n",
                b.base, b.rate
            ));
            let trees: Vec<String> = b.trees.iter().map(json).collect();
            out.push_str(&trees.join(",\n"));
            out.push_str("\n]}}\n");
        }
        None => out.push_str("}\n"),
    }
    out
}

/// Compact JSON of a value that serialises (config parts always do).
fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_model_is_a_full_blend() {
        let m = &*DEFAULT;
        assert!(m.blend);
        assert_eq!(m.boosted.as_ref().map_or(0, |b| b.trees.len()), TREE_ROUNDS);
        assert_eq!(
            m.weights.len(),
            N_FEATURES,
            "refit model.json after a feature change"
        );
        assert_eq!(m.mean.len(), N_FEATURES);
        assert!(m.threshold > 0.3 && m.threshold < 0.7);
    }

    #[test]
    fn a_written_model_reads_back_the_same() {
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..120 {
            let mut row = [0.5; N_FEATURES];
            row[0] = f64::from(i) / 120.0;
            row[3] = f64::from(i % 7) / 7.0;
            x.push(row);
            y.push(i > 50);
        }
        let fitted = fit_blend(&x, &y);
        let back: SimilarityConfig =
            serde_json::from_str(&write_model(&fitted.config)).expect("reads back");
        // serde_json parses floats to within an ulp, not always exactly: compare scores.
        assert_eq!(back.threshold, fitted.config.threshold);
        assert!(back.blend);
        let (a, b) = (fitted.config.clone().build(), back.build());
        for row in &x {
            assert!((a.probability(row) - b.probability(row)).abs() < 1e-9);
        }
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
        // In-sample at an even threshold (the fitted threshold is chosen out of fold,
        // which on noise can land anywhere).
        let sim = fitted.config.clone().build();
        let memorised = x
            .iter()
            .zip(&y)
            .filter(|(r, l)| (sim.probability(r) >= 0.5) == **l)
            .count() as f64
            / x.len() as f64;
        assert!(memorised > 0.7, "{memorised}");
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
