//! One story's state in the clusterer: its centroid and its times. The centroid is the
//! sum of its articles' unit term vectors before IDF, trimmed to its heaviest terms, so
//! it can be kept in the store and re-weighted as document frequencies change.

use crosscheck_model::StoryId;
use serde::{Deserialize, Serialize};

use crate::idf::DocFreq;
use crate::terms::{Term, Terms};

/// A story as the clusterer keeps it (and the store saves it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryState {
    pub id: StoryId,
    /// The title of the article closest to the story's centroid when it joined.
    pub title: String,
    pub first_seen: i64,
    pub last_seen: i64,
    pub articles: u32,
    /// Sorted by term.
    pub centroid: Vec<(Term, f32)>,
}

impl StoryState {
    pub fn new(id: StoryId, title: String, time: i64, terms: &Terms) -> Self {
        Self {
            id,
            title,
            first_seen: time,
            last_seen: time,
            articles: 1,
            centroid: terms.0.clone(),
        }
    }

    /// Adds an article's (or another story's) terms and keeps the `keep` heaviest by
    /// weight times IDF. Returns the terms the centroid did not have before.
    pub fn absorb(&mut self, terms: &[(Term, f32)], df: &DocFreq, keep: usize) -> Vec<Term> {
        let mut added = Vec::new();
        let mut out = Vec::with_capacity(self.centroid.len() + terms.len());
        let (a, b) = (&self.centroid, terms);
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    out.push((x.0, x.1 + y.1));
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    out.push(*x);
                    i += 1;
                }
                (Some(x), None) => {
                    out.push(*x);
                    i += 1;
                }
                (_, Some(y)) => {
                    out.push(*y);
                    added.push(y.0);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        if out.len() > keep {
            let mut by_weight: Vec<(f32, Term)> =
                out.iter().map(|&(t, w)| (w * df.idf(t), t)).collect();
            by_weight.select_nth_unstable_by(keep - 1, |x, y| y.0.total_cmp(&x.0));
            let mut kept: Vec<Term> = by_weight[..keep].iter().map(|&(_, t)| t).collect();
            kept.sort_unstable();
            out.retain(|(t, _)| kept.binary_search(t).is_ok());
            added.retain(|t| kept.binary_search(t).is_ok());
        }
        self.centroid = out;
        added
    }

    /// The centroid's terms by weight times IDF, heaviest first.
    pub fn top_terms(&self, df: &DocFreq, n: usize) -> Vec<(Term, f32)> {
        let mut v: Vec<(Term, f32)> = self
            .centroid
            .iter()
            .map(|&(t, w)| (t, w * df.idf(t)))
            .collect();
        v.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        v.truncate(n);
        v
    }

    /// The story's top words and names as readers know them: the heaviest centroid terms
    /// (weight times IDF), spelled as they most often appear in `texts` (the members'
    /// titles and bodies). Terms no text spells are left out.
    pub fn describe<'a>(
        &self,
        df: &DocFreq,
        texts: impl IntoIterator<Item = (&'a str, crate::Lang)>,
        n: usize,
    ) -> (Vec<String>, Vec<String>) {
        use std::collections::HashMap;
        let mut spelled: HashMap<Term, HashMap<String, u32>> = HashMap::new();
        for (text, lang) in texts {
            crate::terms::for_each_word(text, |w, _| {
                let lower = w.to_lowercase();
                if let Some(t) = crate::terms::word_term_in(&lower, lang) {
                    *spelled
                        .entry(t)
                        .or_default()
                        .entry(lower.clone())
                        .or_default() += 1;
                    if w.chars().next().is_some_and(char::is_uppercase) {
                        let name = crate::terms::name_term(&lower);
                        *spelled
                            .entry(name)
                            .or_default()
                            .entry(w.to_owned())
                            .or_default() += 1;
                    }
                }
                true
            });
        }
        let spell = |t: Term| -> Option<String> {
            spelled.get(&t).and_then(|m| {
                m.iter()
                    .max_by(|x, y| x.1.cmp(y.1).then_with(|| y.0.cmp(x.0)))
                    .map(|(s, _)| s.clone())
            })
        };
        let names_terms: std::collections::HashSet<Term> = self
            .centroid
            .iter()
            .map(|&(t, _)| t)
            .filter(|t| {
                spelled.get(t).is_some_and(|m| {
                    m.keys()
                        .any(|k| k.chars().next().is_some_and(char::is_uppercase))
                })
            })
            .collect();
        let (mut words, mut names) = (Vec::new(), Vec::new());
        for (t, _) in self.top_terms(df, self.centroid.len()) {
            let Some(s) = spell(t) else { continue };
            if names_terms.contains(&t) {
                if names.len() < n && !names.contains(&s) {
                    names.push(s);
                }
            } else if words.len() < n && !words.contains(&s) {
                words.push(s);
            }
            if words.len() >= n && names.len() >= n {
                break;
            }
        }
        (words, names)
    }

    /// Encodes the centroid for the store: 12 little-endian bytes per term.
    pub fn encode_centroid(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.centroid.len() * 12);
        for &(t, w) in &self.centroid {
            out.extend_from_slice(&t.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Decodes [`StoryState::encode_centroid`]; `None` when the bytes are not a centroid.
    pub fn decode_centroid(bytes: &[u8]) -> Option<Vec<(Term, f32)>> {
        if !bytes.len().is_multiple_of(12) {
            return None;
        }
        let v: Vec<(Term, f32)> = bytes
            .chunks_exact(12)
            .map(|c| {
                let mut t = [0u8; 8];
                let mut w = [0u8; 4];
                t.copy_from_slice(&c[..8]);
                w.copy_from_slice(&c[8..]);
                (u64::from_le_bytes(t), f32::from_le_bytes(w))
            })
            .collect();
        v.windows(2).all(|p| p[0].0 < p[1].0).then_some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absorbing_sums_weights_and_trims_to_the_heaviest() {
        let df = DocFreq::default();
        let mut s = StoryState::new(
            StoryId::from_raw("s"),
            "t".into(),
            0,
            &Terms(vec![(1, 0.5), (3, 0.1)]),
        );
        let added = s.absorb(&[(1, 0.5), (2, 0.3)], &df, 2);
        assert_eq!(s.centroid, vec![(1, 1.0), (2, 0.3)]);
        assert_eq!(added, vec![2]);
    }

    #[test]
    fn descriptions_spell_terms_as_the_articles_do() {
        let x = crate::TermsConfig::default().build();
        let text =
            "Rescuers searched the harbour. Officials in Tarsin said divers found the ferry.";
        let terms = x.terms(Some("Ferry sinks"), text);
        let s = StoryState::new(StoryId::from_raw("s"), "Ferry sinks".into(), 0, &terms);
        let (words, names) = s.describe(
            &DocFreq::default(),
            [
                ("Ferry sinks", crate::Lang::English),
                (text, crate::Lang::English),
            ],
            20,
        );
        assert!(words.contains(&"ferry".to_owned()), "{words:?}");
        assert_eq!(names, vec!["Tarsin".to_owned()]);
    }

    #[test]
    fn centroids_round_trip_and_junk_is_refused() {
        let s = StoryState::new(
            StoryId::from_raw("s"),
            "t".into(),
            0,
            &Terms(vec![(1, 0.5), (u64::MAX, 0.25)]),
        );
        assert_eq!(
            StoryState::decode_centroid(&s.encode_centroid()),
            Some(s.centroid.clone())
        );
        assert_eq!(StoryState::decode_centroid(&[1, 2, 3]), None);
    }
}
