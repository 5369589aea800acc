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
//! let a = sketcher.run("The ferry Aldren Star sank in the Kestrel Strait with 212 people on board.", &[]);
//! let b = sketcher.run("the ferry aldren star sank in the kestrel strait, with 212 people on board", &[]);
//! assert_eq!(a.exact, b.exact);
//! assert_eq!(a.minhash.len(), 64);
//! ```

use crosscheck_model::Sketch;
use serde::{Deserialize, Serialize};

use crate::compare::{for_each_word_hash, shingle_hashes, word_hashes};
use crate::text::{words, FastMap, Tok};

/// Whole numbers below this are not anchors.
const SMALL_NUMBER: u32 = 32;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SketchConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash signature length (one-permutation bins).
    pub bins: usize,
    /// Most anchors kept per article.
    pub max_anchors: usize,
    /// Sentences shorter than this (in words) are not fingerprinted for lifted passages.
    pub min_sentence_words: usize,
}

impl Default for SketchConfig {
    fn default() -> Self {
        Self {
            shingle: 5,
            bins: 64,
            max_anchors: 48,
            min_sentence_words: 8,
        }
    }
}

impl SketchConfig {
    pub fn build(self) -> Sketcher {
        Sketcher { cfg: self }
    }
}

/// Re-seed the shingle hashes (already uniform 64-bit values) before binning: one
/// multiply by an odd constant and an add.
const SEED_MUL: u64 = 0xc0e1_6b16_3a85_a4dd;
const SEED_ADD: u64 = 0x890a_cd8d_d443_c47c;

/// The runtime sketcher.
#[derive(Debug, Clone)]
pub struct Sketcher {
    cfg: SketchConfig,
}

impl Sketcher {
    pub fn config(&self) -> &SketchConfig {
        &self.cfg
    }

    /// Sketches a cleaned article.
    pub fn article(&self, a: &crosscheck_model::Article) -> Sketch {
        self.run(&a.body, &a.sentence_texts())
    }

    /// Sketches an article from its body and its sentences.
    pub fn run(&self, body: &str, sentences: &[&str]) -> Sketch {
        let words = word_hashes(body);
        let exact = words
            .iter()
            .fold(words.len() as u64, |h, w| crate::text::mix(h, *w));
        let minhash = self.one_permutation(shingle_hashes(&words, self.cfg.shingle));
        let mut lifted: Vec<u64> = sentences
            .iter()
            .filter_map(|s| {
                let (mut n, mut h) = (0usize, 0x6c62_272e_07bb_0142);
                for_each_word_hash(s, |t| {
                    n += 1;
                    h = crate::text::mix(h, t);
                });
                (n >= self.cfg.min_sentence_words).then_some(h)
            })
            .collect();
        lifted.sort_unstable();
        lifted.dedup();
        Sketch {
            exact,
            minhash,
            anchors: self.anchors(body),
            sentences: lifted,
        }
    }

    /// One-permutation MinHash: each shingle is hashed once, its top bits choose one of
    /// `bins` bins and the bin keeps its smallest value; empty bins borrow from the next
    /// non-empty bin (rotation densification, with an offset per hop so borrowed values
    /// differ from the originals). About 60x cheaper than `bins` independent hashes, with
    /// the same expected agreement = Jaccard.
    fn one_permutation(&self, shingles: impl Iterator<Item = u64>) -> Vec<u32> {
        let k = self.cfg.bins.max(1);
        let mut bins = vec![u32::MAX; k];
        let (mul, add) = (SEED_MUL, SEED_ADD);
        let mut any = false;
        for sh in shingles {
            let h = mul.wrapping_mul(sh).wrapping_add(add);
            let bin = ((h >> 32) as usize * k) >> 32;
            let v = h as u32;
            bins[bin] = bins[bin].min(v);
            any = true;
        }
        if !any {
            return bins;
        }
        let filled: Vec<bool> = bins.iter().map(|v| *v != u32::MAX).collect();
        for i in 0..k {
            if filled[i] {
                continue;
            }
            let mut hop = 1;
            while !filled[(i + hop) % k] {
                hop += 1;
            }
            bins[i] = bins[(i + hop) % k].wrapping_add(0x9e37_79b9u32.wrapping_mul(hop as u32));
        }
        bins
    }

    /// Names (capitalised words that do not open a sentence) and numbers, most frequent
    /// first, at most `max_anchors`.
    fn anchors(&self, body: &str) -> Vec<u64> {
        if self.cfg.max_anchors == 0 {
            return Vec::new();
        }
        let mut counts: FastMap<Tok, (usize, usize)> = FastMap::default();
        let mut seen = 0usize;
        let mut add = |key: &[u8]| {
            let e = counts
                .entry(xxhash_rust::xxh3::xxh3_64(key))
                .or_insert((0, seen));
            e.0 += 1;
            seen += 1;
        };
        let mut sentence_start = true;
        let mut key: Vec<u8> = Vec::with_capacity(32);
        for w in words(body) {
            // Did a sentence end between the previous word and this one?
            let at = w.as_ptr() as usize - body.as_ptr() as usize;
            let first = w.chars().next().unwrap_or(' ');
            key.clear();
            if first.is_ascii_digit() {
                key.push(b'#');
                key.extend(w.bytes().filter(|b| *b != b','));
                while key.last() == Some(&b'.') {
                    key.pop();
                }
                // Small whole numbers (days of the month, counts up to a few dozen) are in
                // every other article: they would make everything a candidate.
                let small = std::str::from_utf8(&key[1..])
                    .ok()
                    .and_then(|n| n.parse::<u32>().ok())
                    .is_some_and(|v| v < SMALL_NUMBER);
                if !small {
                    add(&key);
                }
            } else if first.is_uppercase() && !sentence_start && w.chars().nth(2).is_some() {
                if w.is_ascii() {
                    key.extend(w.bytes().map(|b| b.to_ascii_lowercase()));
                } else {
                    key.extend(w.to_lowercase().bytes());
                }
                add(&key);
            }
            // What follows this word up to the next: sentence punctuation opens a sentence.
            let rest = &body.as_bytes()[at + w.len()..];
            let gap = rest
                .iter()
                .take_while(|b| !b.is_ascii_alphanumeric() && **b < 0x80)
                .take(8);
            sentence_start = gap
                .clone()
                .any(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b'"' | b':'));
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
        let (sa, sb) = (s.run(&a, &[]), s.run(&b, &[]));
        let est = estimate(&sa.minhash, &sb.minhash);
        assert!((0.25..0.6).contains(&est), "estimate {est}");
        let unrelated = s.run(&text(400, 2), &[]);
        assert!(estimate(&sa.minhash, &unrelated.minhash) < 0.05);
        assert_ne!(sa.exact, sb.exact);
    }

    #[test]
    fn anchors_are_names_and_numbers_not_sentence_openers() {
        let s = SketchConfig::default().build();
        let k = |w: &str| xxhash_rust::xxh3::xxh3_64(w.as_bytes());
        let sk = s.run("Rescuers reached the Aldren Star on day 12. At least 1,200 people were saved, Halm said.", &[]);
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
        assert_eq!(s.run("two words", &[]).minhash.len(), 64);
        assert!(s.run("", &[]).anchors.is_empty());
    }
}
