//! Synonyms of content stems, from WordNet (the `thesaurus-wordnet` crate carries it).
//!
//! A rewrite swaps words for synonyms ("purchased" for "bought", "probe" for
//! "investigation", "started" for "began"), which no overlap of stems can see. The table
//! maps a stem to the stems of its one-word synonyms over all senses: loose on purpose
//! (the sentence model learns how far to trust it), and symmetric. It is WordNet's
//! synonymy only, and uneven for news: "capsize" and "overturn" are not synonyms in it,
//! nor "vessel" and "ship".

use std::sync::LazyLock;

use crate::text::{stem_uncached, Tok};

/// Stem -> synonym stems, as sorted keys with ranges into one flat list.
#[derive(Debug, Default)]
pub struct Synonyms {
    keys: Vec<(Tok, u32, u32)>,
    flat: Vec<Tok>,
}

impl Synonyms {
    /// Builds the table from lines `word|synonym|synonym...`.
    fn from_lines(text: &str) -> Self {
        let stem = stem_uncached;
        let one_word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_alphabetic());
        let mut pairs: Vec<(Tok, Tok)> = Vec::new();
        for line in text.lines() {
            let mut parts = line.split('|');
            let Some(head) = parts.next() else { continue };
            let head = head.trim().to_lowercase();
            if !one_word(&head) {
                continue;
            }
            let h = stem(&head);
            for s in parts {
                let s = s.trim().to_lowercase();
                if !one_word(&s) {
                    continue;
                }
                let t = stem(&s);
                if t != h {
                    pairs.push((h, t));
                    pairs.push((t, h));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        let mut keys = Vec::new();
        let mut flat = Vec::with_capacity(pairs.len());
        let mut i = 0;
        while i < pairs.len() {
            let k = pairs[i].0;
            let start = flat.len() as u32;
            while i < pairs.len() && pairs[i].0 == k {
                flat.push(pairs[i].1);
                i += 1;
            }
            keys.push((k, start, flat.len() as u32));
        }
        Self { keys, flat }
    }

    /// The synonym stems of `stem`, sorted (empty when it has none).
    #[cfg(test)]
    fn of(&self, stem: Tok) -> &[Tok] {
        self.slice(self.range(stem))
    }

    /// Where `stem`'s synonyms lie in the table, packed in one token (start in the high
    /// half, end in the low): a sentence keeps this beside each content stem, so that a
    /// pair of sentences reads synonyms without searching the table.
    pub fn range(&self, stem: Tok) -> Tok {
        match self.keys.binary_search_by_key(&stem, |(k, _, _)| *k) {
            Ok(i) => {
                let (_, s, e) = self.keys[i];
                (Tok::from(s) << 32) | Tok::from(e)
            }
            Err(_) => 0,
        }
    }

    /// The synonyms a [`Synonyms::range`] names.
    pub fn slice(&self, range: Tok) -> &[Tok] {
        let (s, e) = ((range >> 32) as usize, (range & 0xffff_ffff) as usize);
        self.flat.get(s..e).unwrap_or(&[])
    }

    /// How many stems have synonyms.
    #[cfg(test)]
    fn stems(&self) -> usize {
        self.keys.len()
    }
}

/// The WordNet table, built on first use.
pub static WORDNET: LazyLock<Synonyms> =
    LazyLock::new(|| Synonyms::from_lines(&thesaurus_wordnet::uncompress()));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflected_words_find_their_synonyms() {
        let s = &*WORDNET;
        assert!(s.stems() > 30_000, "{}", s.stems());
        let stem = stem_uncached;
        for (a, b) in [
            ("purchased", "buying"),
            ("begins", "started"),
            ("investigation", "probe"),
            ("climbed", "rising"),
        ] {
            assert!(s.of(stem(a)).contains(&stem(b)), "{a} ~ {b}");
            assert!(s.of(stem(b)).contains(&stem(a)), "{b} ~ {a}");
        }
        assert!(!s.of(stem("ferry")).contains(&stem("strike")));
    }

    #[test]
    fn multiword_synonyms_are_left_out() {
        let s = Synonyms::from_lines("buy|purchase|buy up\nship|vessel");
        let stem = stem_uncached;
        assert_eq!(s.of(stem("buy")), &[stem("purchase")]);
        assert_eq!(s.of(stem("vessel")), &[stem("ship")]);
        assert!(s.of(stem("up")).is_empty());
    }
}
