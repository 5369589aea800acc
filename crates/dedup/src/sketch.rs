//! Sketches: the small summary of an article that candidate lookup works on.
//!
//! * `exact`: a hash of the article's lower-cased words, so exact copies meet in one bucket;
//! * `minhash`: a MinHash signature of its word shingles; two signatures agree in about the
//!   share of positions that their shingle sets' Jaccard similarity says;
//! * `anchors`: hashes of the names and numbers it mentions, most frequent first. A
//!   rewrite changes the words around them but keeps them.
//!
//! Sketching is pure and runs on the parallel stage.
//!
//! ```
//! use crosscheck_dedup::SketchConfig;
//! let sketcher = SketchConfig::default().build();
//! let a = sketcher.run("The ferry Aldren Star sank in the Kestrel Strait with 212 people on board.");
//! let b = sketcher.run("the ferry aldren star sank in the kestrel strait, with 212 people on board");
//! assert_eq!(a.exact, b.exact);
//! assert_eq!(a.minhash.len(), 64);
//! ```

use std::collections::HashMap;

use crosscheck_model::Sketch;
use serde::{Deserialize, Serialize};

use crate::compare::{shingle_hashes, word_hashes};
use crate::text::{words, Tok};

/// Whole numbers below this are not anchors.
const SMALL_NUMBER: u32 = 32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SketchConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash signature length.
    pub perms: usize,
    /// Most anchors kept per article.
    pub max_anchors: usize,
}

impl Default for SketchConfig {
    fn default() -> Self {
        Self {
            shingle: 5,
            perms: 64,
            max_anchors: 48,
        }
    }
}

impl SketchConfig {
    pub fn build(self) -> Sketcher {
        // Multiply-shift hashing: the shingle hashes are already uniform 64-bit values,
        // so one multiply by a random odd constant and an add per permutation is enough.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let perms = (0..self.perms).map(|_| (next() | 1, next())).collect();
        Sketcher { cfg: self, perms }
    }
}

/// The runtime sketcher.
#[derive(Debug, Clone)]
pub struct Sketcher {
    cfg: SketchConfig,
    perms: Vec<(u64, u64)>,
}

impl Sketcher {
    pub fn config(&self) -> &SketchConfig {
        &self.cfg
    }

    pub fn run(&self, body: &str) -> Sketch {
        let words = word_hashes(body);
        let exact = words
            .iter()
            .fold(words.len() as u64, |h, w| crate::text::mix(h, *w));
        let mut minhash = vec![u32::MAX; self.perms.len()];
        for sh in shingle_hashes(&words, self.cfg.shingle) {
            for (slot, (a, b)) in minhash.iter_mut().zip(&self.perms) {
                let v = (a.wrapping_mul(sh).wrapping_add(*b) >> 32) as u32;
                if v < *slot {
                    *slot = v;
                }
            }
        }
        Sketch {
            exact,
            minhash,
            anchors: self.anchors(body),
        }
    }

    /// Names (capitalised words that do not open a sentence) and numbers, most frequent
    /// first, at most `max_anchors`.
    fn anchors(&self, body: &str) -> Vec<u64> {
        let mut counts: HashMap<Tok, (usize, usize)> = HashMap::new();
        let mut sentence_start = true;
        let mut cursor = 0usize;
        for (i, w) in words(body).into_iter().enumerate() {
            // The text between the previous word and this one: did a sentence end there?
            let at = w.as_ptr() as usize - body.as_ptr() as usize;
            let gap = &body[cursor.min(at)..at];
            if gap.contains(['.', '!', '?', '\n', '"', '“', ':']) {
                sentence_start = true;
            }
            cursor = at + w.len();
            let first = w.chars().next().unwrap_or(' ');
            let key = if first.is_ascii_digit() {
                let n: String = w.chars().filter(|c| *c != ',').collect();
                let n = n.trim_end_matches('.');
                // Small whole numbers (days of the month, counts up to a few dozen) are in
                // every other article: they would make everything a candidate.
                let small = n.parse::<u32>().is_ok_and(|v| v < SMALL_NUMBER);
                (!small).then(|| format!("#{n}"))
            } else if first.is_uppercase() && !sentence_start && w.chars().count() >= 3 {
                Some(w.to_lowercase())
            } else {
                None
            };
            sentence_start = false;
            if let Some(k) = key {
                let e = counts
                    .entry(xxhash_rust::xxh3::xxh3_64(k.as_bytes()))
                    .or_insert((0, i));
                e.0 += 1;
            }
        }
        let mut ranked: Vec<(Tok, (usize, usize))> = counts.into_iter().collect();
        // Most frequent first; ties by first appearance, so the cut is deterministic.
        ranked.sort_by(|x, y| y.1 .0.cmp(&x.1 .0).then(x.1 .1.cmp(&y.1 .1)));
        let mut out: Vec<u64> = ranked
            .into_iter()
            .take(self.cfg.max_anchors)
            .map(|(t, _)| t)
            .collect();
        out.sort_unstable();
        out
    }
}

/// Share of equal positions of two signatures: an estimate of the shingle Jaccard.
pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(n: usize, seed: usize) -> String {
        (0..n)
            .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 100_003))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn signature_agreement_tracks_jaccard() {
        let s = SketchConfig::default().build();
        let a = text(400, 1);
        // Replace every 10th word: roughly half of the 5-grams survive.
        let b: String = a
            .split(' ')
            .enumerate()
            .map(|(i, w)| {
                if i % 10 == 0 {
                    "changed".to_string()
                } else {
                    w.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let (sa, sb) = (s.run(&a), s.run(&b));
        let est = estimate(&sa.minhash, &sb.minhash);
        assert!((0.25..0.6).contains(&est), "estimate {est}");
        let unrelated = s.run(&text(400, 2));
        assert!(estimate(&sa.minhash, &unrelated.minhash) < 0.05);
        assert_ne!(sa.exact, sb.exact);
    }

    #[test]
    fn anchors_are_names_and_numbers_not_sentence_openers() {
        let s = SketchConfig::default().build();
        let k = |w: &str| xxhash_rust::xxh3::xxh3_64(w.as_bytes());
        let sk = s.run("Rescuers reached the Aldren Star on day 12. At least 1,200 people were saved, Halm said.");
        assert!(sk.anchors.contains(&k("aldren")) && sk.anchors.contains(&k("star")));
        assert!(sk.anchors.contains(&k("#1200")) && sk.anchors.contains(&k("halm")));
        assert!(!sk.anchors.contains(&k("rescuers")) && !sk.anchors.contains(&k("at")));
        assert!(
            !sk.anchors.contains(&k("#12")),
            "small numbers are everywhere"
        );
    }

    #[test]
    fn short_and_empty_texts_sketch() {
        let s = SketchConfig::default().build();
        assert_eq!(s.run("two words").minhash.len(), 64);
        assert!(s.run("").anchors.is_empty());
    }
}
