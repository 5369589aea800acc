//! How common each term is in English at large, shipped with crosscheck, so that a fresh
//! store weighs its first articles' words as a large archive would.
//!
//! IDF learned from the store alone is noise while the store is small: in the first
//! dozens of articles every word is rare, "people" weighs as much as "Kestrel", and two
//! reports of one event look less alike than they are (the stream's thresholds were set on
//! stores of hundreds of articles). The background gives each term the document
//! frequency it would have among `docs` general articles; the store's own counts add to it
//! and take over as the store outgrows it ([`crate::DocFreq::with_background`]).
//!
//! The table is built by `crosscheck train background` (README.md, "Shipped models") from
//! the English word probabilities of spaCy's lexeme tables (`en_lexeme_prob` of the
//! `spacy-lookups-data` package, MIT licence): a word's terms are the stem and, when it is
//! capitalised, the name (as [`crate::terms`] reads an article), each with the summed
//! probability of its words. A term with probability `p` per word is in an article of `L`
//! words with probability `1 - exp(-L p)`.

use crate::terms::{name_term, stem_term, Lang, Term, TermMap};

static BYTES: &[u8] = include_bytes!("../models/background.zst");

/// The words an article is read for (the lead, [`crate::TermsConfig::lead_words`]).
const ARTICLE_WORDS: f64 = 300.0;

/// Terms and their probability per word, as stored: `-ln p` in thousandths.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Background {
    rows: Vec<(Term, u16)>,
}

impl Background {
    /// From (word, natural log of its probability per word) pairs, keeping words at or
    /// above `min_log_prob`.
    pub fn from_words<'a>(
        words: impl IntoIterator<Item = (&'a str, f64)>,
        min_log_prob: f64,
    ) -> Background {
        let mut p: TermMap<f64> = TermMap::default();
        for (w, lp) in words {
            if lp < min_log_prob || w.is_empty() {
                continue;
            }
            let prob = lp.exp();
            let lower = w.to_lowercase();
            let Some(stem) = stem_term(Lang::English, &lower) else {
                continue;
            };
            *p.entry(stem).or_default() += prob;
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let shouting = w.chars().all(|c| !c.is_lowercase());
            if capital && !shouting {
                *p.entry(name_term(&lower)).or_default() += prob;
            }
        }
        let mut rows: Vec<(Term, u16)> = p
            .into_iter()
            .map(|(t, prob)| (t, (-prob.ln() * 1000.0).round().clamp(0.0, 65_535.0) as u16))
            .collect();
        rows.sort_unstable();
        Background { rows }
    }

    /// The shipped table, read once (empty if it does not decode).
    pub fn shipped() -> &'static Background {
        static TABLE: std::sync::OnceLock<Background> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| Background::decode(BYTES).unwrap_or_default())
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each term's document frequency among `docs` general articles (terms expected in
    /// fewer than one are left out).
    pub fn doc_freqs(&self, docs: u64) -> impl Iterator<Item = (Term, u32)> + '_ {
        // A row rarer than this rounds to no article: skipped on its integer, without an
        // exponential (most rows, with the default of 30 articles; a story view builds
        // this on every read).
        let p_min = -(-0.5 / docs.max(1) as f64).ln_1p() / ARTICLE_WORDS;
        let q_max = (-p_min.ln() * 1000.0).ceil().min(65_535.0) as u16;
        self.rows
            .iter()
            .filter(move |r| r.1 <= q_max)
            .filter_map(move |&(t, q)| {
                let p = (-f64::from(q) / 1000.0).exp();
                let df = (docs as f64 * -(-ARTICLE_WORDS * p).exp_m1()).round();
                (df >= 1.0).then_some((t, df as u32))
            })
    }

    /// The file: rows as (term, quantity) little-endian, zstd-compressed.
    pub fn encode(&self) -> Vec<u8> {
        let mut raw = Vec::with_capacity(self.rows.len() * 10);
        for &(t, q) in &self.rows {
            raw.extend_from_slice(&t.to_le_bytes());
            raw.extend_from_slice(&q.to_le_bytes());
        }
        zstd::encode_all(&raw[..], 19).unwrap_or_default()
    }

    pub fn decode(bytes: &[u8]) -> Option<Background> {
        let raw = zstd::decode_all(bytes).ok()?;
        if raw.len() % 10 != 0 {
            return None;
        }
        let rows = raw
            .chunks_exact(10)
            .map(|c| {
                let mut t = [0u8; 8];
                t.copy_from_slice(&c[..8]);
                (u64::from_le_bytes(t), u16::from_le_bytes([c[8], c[9]]))
            })
            .collect();
        Some(Background { rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::word_term;

    #[test]
    fn words_become_terms_with_their_summed_share_and_round_trip() {
        let b = Background::from_words(
            [
                ("government", -8.0),
                ("the", -3.5),
                ("ferry", -12.0),
                ("ferries", -13.0),
                ("Kestrel", -16.0),
                ("rare", -30.0),
            ],
            -20.0,
        );
        // "the" is a stop word; "ferry" and "ferries" share a stem; "Kestrel" gives a stem
        // and a name; "rare" is under the cut.
        assert_eq!(b.len(), 4, "{b:?}");
        assert_eq!(Background::decode(&b.encode()), Some(b.clone()));
        let df: TermMap<u32> = b.doc_freqs(100_000).collect();
        let ferry = df[&word_term("ferry").unwrap()];
        let government = df[&word_term("government").unwrap()];
        assert!(government > ferry && ferry > 0, "{government} {ferry}");
        assert!(government <= 100_000);
        assert!(df.contains_key(&name_term("kestrel")));
    }

    #[test]
    fn the_shipped_table_knows_common_and_rare_words() {
        let b = Background::shipped();
        assert!(b.len() > 40_000, "{}", b.len());
        let df: TermMap<u32> = b.doc_freqs(100_000).collect();
        let people = df.get(&word_term("people").unwrap()).copied().unwrap_or(0);
        let ferry = df.get(&word_term("ferry").unwrap()).copied().unwrap_or(0);
        assert!(people > 10 * ferry && ferry > 0, "{people} {ferry}");
    }
}
