//! Lexical features of a sentence pair, each in 0..1.

use std::collections::BTreeSet;

use crate::{Idf, Sentence};

pub const FEATURE_NAMES: [&str; 18] = [
    "content_dice",
    "content_overlap_of_longer",
    "content_overlap_of_shorter",
    "bigram_dice",
    "trigram_dice",
    "lcs_of_shorter",
    "number_agreement",
    "number_mismatch",
    "name_dice",
    "length_ratio",
    "content_length_gap",
    "word_jaccard",
    "char4_dice",
    "word_overlap_of_shorter",
    "word_overlap_of_longer",
    "content_dice_squared",
    "idf_content_jaccard",
    "idf_unmatched_max",
];

pub const N_FEATURES: usize = FEATURE_NAMES.len();

fn dice<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * a.intersection(b).count() as f64 / (a.len() + b.len()) as f64
}

fn ngrams(stems: &[String], n: usize) -> BTreeSet<&[String]> {
    stems.windows(n).collect()
}

fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The feature vector of a pair, in the order of [`FEATURE_NAMES`].
pub fn features(a: &Sentence, b: &Sentence, idf: &Idf) -> [f64; N_FEATURES] {
    let mass = |set: &mut dyn Iterator<Item = &String>| set.map(|w| idf.weight(w)).sum::<f64>();
    let common_mass = mass(&mut a.content.intersection(&b.content));
    let union_mass = mass(&mut a.content.union(&b.content)).max(1e-9);
    let only = |x: &Sentence, y: &Sentence| {
        mass(&mut x.content.difference(&y.content)) / mass(&mut x.content.iter()).max(1e-9)
    };
    let common = a.content.intersection(&b.content).count() as f64;
    let (la, lb) = (a.content.len() as f64, b.content.len() as f64);
    let (short, long) = (la.min(lb).max(1.0), la.max(lb).max(1.0));
    let numbers = match (a.numbers.is_empty(), b.numbers.is_empty()) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.5,
        _ => {
            a.numbers.intersection(&b.numbers).count() as f64
                / a.numbers.union(&b.numbers).count() as f64
        }
    };
    let mismatch = a.numbers.symmetric_difference(&b.numbers).count().min(3) as f64 / 3.0;
    let (sa, sb) = (a.stems.len() as f64, b.stems.len() as f64);
    let words_a: BTreeSet<&String> = a.stems.iter().collect();
    let words_b: BTreeSet<&String> = b.stems.iter().collect();
    let union = words_a.union(&words_b).count().max(1) as f64;
    [
        dice(&a.content, &b.content),
        common / long,
        common / short,
        dice(&ngrams(&a.stems, 2), &ngrams(&b.stems, 2)),
        dice(&ngrams(&a.stems, 3), &ngrams(&b.stems, 3)),
        lcs(&a.stems, &b.stems) as f64 / sa.min(sb).max(1.0),
        numbers,
        mismatch,
        dice(&a.names, &b.names),
        sa.min(sb) / sa.max(sb).max(1.0),
        ((la - lb).abs().min(10.0)) / 10.0,
        words_a.intersection(&words_b).count() as f64 / union,
        dice(&a.char4, &b.char4),
        words_a.intersection(&words_b).count() as f64
            / (words_a.len().min(words_b.len()).max(1) as f64),
        words_a.intersection(&words_b).count() as f64
            / (words_a.len().max(words_b.len()).max(1) as f64),
        dice(&a.content, &b.content).powi(2),
        if a.content.is_empty() && b.content.is_empty() {
            1.0
        } else {
            common_mass / union_mass
        },
        only(a, b).max(only(b, a)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_sentences_score_full_marks() {
        let s = Sentence::new("The ferry sank with 212 passengers on board.");
        let f = features(&s, &s, &Idf::uniform());
        for (name, v) in FEATURE_NAMES.iter().zip(f) {
            let want = if matches!(
                *name,
                "number_mismatch" | "content_length_gap" | "idf_unmatched_max"
            ) {
                0.0
            } else {
                1.0
            };
            assert!((v - want).abs() < 1e-9, "{name} = {v}");
        }
    }

    #[test]
    fn different_numbers_are_seen() {
        let a = Sentence::new("At least 14 people died.");
        let b = Sentence::new("At least 12 people died.");
        let f = features(&a, &b, &Idf::uniform());
        assert_eq!(f[6], 0.0);
        assert!(f[7] > 0.0);
    }
}
