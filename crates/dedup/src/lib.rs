//! Dedup: finding copies among articles.
//!
//! Under rewrite detection lies a sentence similarity: an outlet restating another's
//! article sentence by sentence shares few word 5-grams with it, but its sentences keep the
//! same content words (or their synonyms), names and numbers. [`Similarity`] scores a
//! sentence pair from lexical features (overlaps of stems, n-grams, names and numbers,
//! sentence BLEU, LCS, IDF mass, WordNet synonyms) combined by the mean of boosted trees
//! and a logistic model, both fitted on the MSRP *train* split (`crosscheck eval
//! paraphrase --msrp TRAIN --fit --blend --model-out crates/dedup/src/model.json`
//! reproduces the embedded default of [`SimilarityConfig`]).
//!
//! ```
//! use crosscheck_dedup::{Sentence, SimilarityConfig};
//! let sim = SimilarityConfig::default().build();
//! let a = Sentence::new("At least 14 people were killed when the ferry capsized, the coastguard said.");
//! let b = Sentence::new("The coastguard said the ferry overturned and at least 14 people died.");
//! let c = Sentence::new("Dock workers walked out over pay on Wednesday.");
//! assert!(sim.score(&a, &b) > sim.score(&a, &c));
//! ```

mod boost;
mod compare;
mod direction;
mod evidence;
mod families;
mod features;
mod fit;
mod index;
pub mod irregular;
mod relate;
mod sketch;
mod synonyms;
mod text;

pub use compare::{
    cannot_be_copies, compare, compare_articles, compare_docs, compare_gated, could_align_enough,
    could_be_near, pair_lang, read_as, read_swapped, word_diff, Aligned, CompareConfig, Comparison,
    Doc, Gates, Piece,
};
pub use crosscheck_model::CopyKind;
pub use features::{features, FEATURE_NAMES, N_FEATURES};

pub use boost::{fit_boosted, Boosted, Split, Tree};
pub use crosscheck_lang::Lang;
pub use direction::{direction, Direction, Side};
pub use evidence::{copy_signs, source_by_text, CopySigns, TEXT_MARGIN};
pub use families::{families, independent_sources, source_families, Family};
pub use fit::{
    cross_validate, fit_blend, fit_logistic, fit_trees, stratified_folds, write_model,
    CrossValidated, Fitted,
};
pub use index::{Candidate, Index, IndexConfig, Via};
pub use relate::{Copies, CopiesConfig};
pub use sketch::{estimate, SketchConfig, Sketcher};
pub use text::{Idf, Sentence, Voice};

use serde::{Deserialize, Serialize};

/// A seeded linear congruential generator for tests: `next(n)` is a pseudo-random number
/// below `n`, the same sequence on every run.
#[cfg(test)]
pub(crate) fn test_rng(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % n
    }
}

pub(crate) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Weights of the sentence-similarity model. Defaults were fitted on MSRP train.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarityConfig {
    /// Per-feature mean and scale used to standardise features before weighting.
    pub mean: Vec<f64>,
    pub scale: Vec<f64>,
    pub weights: Vec<f64>,
    pub bias: f64,
    /// Probability above which two sentences say the same thing.
    pub threshold: f64,
    /// Boosted trees; when present they score the pair instead of the logistic weights.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boosted: Option<Boosted>,
    /// With trees present: score by the mean of the trees' and the logistic model's
    /// probabilities instead of the trees' alone.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blend: bool,
}

impl Default for SimilarityConfig {
    fn default() -> Self {
        fit::DEFAULT.clone()
    }
}

impl SimilarityConfig {
    pub fn build(self) -> Similarity {
        Similarity { cfg: self }
    }
}

/// The runtime sentence-similarity scorer.
#[derive(Debug, Clone)]
pub struct Similarity {
    cfg: SimilarityConfig,
}

impl Similarity {
    /// Probability that the two sentences are paraphrases (0..1), with stems weighted by
    /// `idf` (learned from the text at hand; [`Idf::uniform`] when there is none).
    pub fn score_with(&self, a: &Sentence, b: &Sentence, idf: &Idf) -> f64 {
        self.score_of(&features(a, b, idf))
    }

    /// [`Similarity::score_with`] with the content stems already weighed (see
    /// [`Idf::weights_of`]).
    pub(crate) fn score_weighted(&self, a: &Sentence, wa: &[f64], b: &Sentence, wb: &[f64]) -> f64 {
        self.score_of(&features::features_weighted(a, wa, b, wb))
    }

    fn score_of(&self, x: &[f64; N_FEATURES]) -> f64 {
        self.probability(x)
    }

    /// Probability of a paraphrase from a pair's feature vector ([`features`]).
    pub fn probability(&self, x: &[f64; N_FEATURES]) -> f64 {
        let c = &self.cfg;
        let logistic = || self.logistic(x);
        match &c.boosted {
            Some(m) if c.blend => (sigmoid(m.margin(x)) + logistic()) / 2.0,
            Some(m) => sigmoid(m.margin(x)),
            None => logistic(),
        }
    }

    fn logistic(&self, x: &[f64; N_FEATURES]) -> f64 {
        let c = &self.cfg;
        let z = c.bias
            + x.iter()
                .enumerate()
                .map(|(i, v)| {
                    let mean = c.mean.get(i).copied().unwrap_or(0.0);
                    let scale = c.scale.get(i).copied().unwrap_or(1.0);
                    c.weights.get(i).copied().unwrap_or(0.0) * (v - mean) / scale
                })
                .sum::<f64>();
        sigmoid(z)
    }

    /// [`Similarity::score_with`] with IDF learned from the two sentences alone.
    pub fn score(&self, a: &Sentence, b: &Sentence) -> f64 {
        self.score_with(a, b, &Idf::learn([a, b]))
    }

    pub fn same_with(&self, a: &Sentence, b: &Sentence, idf: &Idf) -> bool {
        self.score_with(a, b, idf) >= self.cfg.threshold
    }

    pub fn config(&self) -> &SimilarityConfig {
        &self.cfg
    }
}
