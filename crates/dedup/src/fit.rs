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

/// Boosted depth-2 trees ([`crate::fit_boosted`], 200 trees, shrinkage 0.05) with the
/// threshold chosen as for the logistic model; the logistic fields stay the defaults.
pub fn fit_trees(x: &[[f64; N_FEATURES]], y: &[bool]) -> Fitted {
    let model = crate::fit_boosted(x, y, 200, 0.05);
    let probs: Vec<f64> = x
        .iter()
        .map(|row| 1.0 / (1.0 + (-model.margin(&row[..])).exp()))
        .collect();
    let (threshold, train_accuracy) = best_threshold(&probs, y);
    Fitted {
        config: SimilarityConfig {
            threshold,
            boosted: Some(model),
            ..DEFAULT.clone()
        },
        train_accuracy,
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

// The fitted numbers are data, not approximations of constants such as 1/π.
#[allow(clippy::approx_constant)]
/// Fitted on MSRP train (3,675 pairs) with `crosscheck eval paraphrase --msrp
/// ../shared/eval/paraphrase/msr_paraphrase_train.txt --fit`.
pub static DEFAULT: LazyLock<SimilarityConfig> = LazyLock::new(|| SimilarityConfig {
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
