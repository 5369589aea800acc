//! Document frequencies the store learns as it grows, and the IDF they give.

use crate::background::Background;
use crate::terms::{Term, TermMap, Terms};

/// How many articles carry each term, and how many articles there are.
#[derive(Debug, Clone, Default)]
pub struct DocFreq {
    docs: u64,
    df: TermMap<u32>,
    /// Increments since the last [`DocFreq::take_delta`], for the store.
    delta: TermMap<u32>,
    delta_docs: u64,
    /// `ln(docs + background + 1)`, kept with `docs`.
    ln_docs: f32,
    /// The general articles the background counts stand for ([`DocFreq::with_background`]).
    background: u64,
}

/// `ln(n + 1)`, from a table for the small counts most terms have.
fn ln1p(n: u32) -> f32 {
    const TABLE: usize = 4096;
    static LN: std::sync::OnceLock<Vec<f32>> = std::sync::OnceLock::new();
    let table = LN.get_or_init(|| (0..TABLE).map(|i| ((i + 1) as f32).ln()).collect());
    match table.get(n as usize) {
        Some(&v) => v,
        None => ((n as f32) + 1.0).ln(),
    }
}

impl DocFreq {
    /// Starts from the document frequencies `docs` general articles would give
    /// ([`Background`]): the store's own counts add to them, and outweigh them once the
    /// store holds more than `docs` articles. They are never part of a delta (the store
    /// keeps only its own counts). `docs` 0 is no background.
    pub fn with_background(background: &Background, docs: u64) -> DocFreq {
        let mut df = DocFreq {
            background: docs,
            ..DocFreq::default()
        };
        if docs > 0 {
            df.df.extend(background.doc_freqs(docs));
        }
        df.ln_docs = ((docs + 1) as f32).ln();
        df
    }

    /// Counts one more article.
    pub fn add(&mut self, terms: &Terms) {
        self.docs += 1;
        self.ln_docs = ((self.docs + self.background + 1) as f32).ln();
        self.delta_docs += 1;
        for &(t, _) in &terms.0 {
            *self.df.entry(t).or_default() += 1;
            *self.delta.entry(t).or_default() += 1;
        }
    }

    /// Loads counts kept by the store (not part of the next delta).
    pub fn restore(&mut self, docs: u64, counts: impl IntoIterator<Item = (Term, u32)>) {
        self.docs += docs;
        self.ln_docs = ((self.docs + self.background + 1) as f32).ln();
        for (t, n) in counts {
            *self.df.entry(t).or_default() += n;
        }
    }

    /// The store's articles counted (the background's are not).
    pub fn docs(&self) -> u64 {
        self.docs
    }

    pub fn terms(&self) -> usize {
        self.df.len()
    }

    /// Smoothed IDF: a term in every article still weighs 1, an unseen one the most.
    pub fn idf(&self, t: Term) -> f32 {
        let df = self.df.get(&t).copied().unwrap_or(0);
        self.ln_docs - ln1p(df) + 1.0
    }

    /// The counts added since the last call: the number of articles and, sorted by term,
    /// each term's increment.
    pub fn take_delta(&mut self) -> (u64, Vec<(Term, u32)>) {
        let mut d: Vec<(Term, u32)> = self.delta.drain().collect();
        d.sort_unstable();
        (std::mem::take(&mut self.delta_docs), d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_background_weighs_common_words_down_from_the_first_article_and_is_never_saved() {
        let people = crate::terms::word_term("people").unwrap();
        let kestrel = crate::terms::word_term("kestrel").unwrap();
        let mut df = DocFreq::with_background(Background::shipped(), 30);
        assert!(df.idf(people) < df.idf(kestrel));
        // Without it, two unseen words weigh the same.
        let plain = DocFreq::default();
        assert_eq!(plain.idf(people), plain.idf(kestrel));
        // The store's own counts add to it; only they reach the delta.
        df.add(&Terms(vec![(kestrel, 1.0)]));
        assert_eq!(df.docs(), 1);
        assert_eq!(df.take_delta(), (1, vec![(kestrel, 1)]));
    }

    #[test]
    fn rarer_terms_weigh_more_and_deltas_drain() {
        let mut df = DocFreq::default();
        df.add(&Terms(vec![(1, 1.0), (2, 1.0)]));
        df.add(&Terms(vec![(1, 1.0)]));
        assert!(df.idf(2) > df.idf(1));
        assert!(df.idf(3) > df.idf(2));
        assert_eq!(df.take_delta(), (2, vec![(1, 2), (2, 1)]));
        assert_eq!(df.take_delta(), (0, vec![]));
        df.restore(10, [(1, 10)]);
        assert_eq!(df.docs(), 12);
        assert_eq!(df.take_delta(), (0, vec![]));
    }
}
