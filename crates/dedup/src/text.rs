//! A sentence prepared for comparison: tokens, stems, content stems, names, numbers.

use std::collections::BTreeSet;

use rust_stemmers::{Algorithm, Stemmer};

/// Function words that carry no content of their own.
const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "into", "about", "over", "after", "before", "than", "that", "this", "these",
    "those", "it", "its", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "do", "does", "did", "will", "would", "can", "could", "should", "may", "might", "must",
    "shall", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "my",
    "him", "them", "us", "me", "who", "whom", "which", "what", "when", "where", "why", "how",
    "there", "here", "not", "no", "so", "also", "said", "says", "say", "told", "s", "t", "up",
    "out", "all", "any", "some", "more", "most", "other", "such", "only", "own", "same", "very",
    "just", "then", "now", "while", "during", "per", "between", "against", "through", "under",
    "again", "further", "once", "both", "each", "few", "nor", "too", "'s",
];

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
}

/// One sentence, tokenised for comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Lower-cased word stems, in order (stop words included).
    pub stems: Vec<String>,
    /// Stems of content words (no stop words, no numbers).
    pub content: BTreeSet<String>,
    /// Capitalised words that do not open the sentence: names of people, places, bodies.
    pub names: BTreeSet<String>,
    /// Numbers, normalised ("1,200" -> "1200", "3.5" stays).
    pub numbers: BTreeSet<String>,
    /// Character 4-grams of the lower-cased words joined by single spaces: robust to
    /// inflection and to names spelled slightly differently.
    pub char4: BTreeSet<String>,
}

fn is_number(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| c.is_ascii_digit())
        && tok
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Words: runs of letters, digits, and inner `.`/`,`/`'`/`-` ("3.5", "1,200", "O'Neill").
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let inner = matches!(c, '.' | ',' | '\'' | '’' | '-')
            && start.is_some()
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

impl Sentence {
    pub fn new(text: &str) -> Self {
        let mut stems = Vec::new();
        let mut content = BTreeSet::new();
        let mut names = BTreeSet::new();
        let mut numbers = BTreeSet::new();
        let tokens = words(text);
        let joined: Vec<char> = tokens.join(" ").to_lowercase().chars().collect();
        let char4 = joined
            .windows(4)
            .map(|w| w.iter().collect::<String>())
            .collect();
        STEMMER.with(|stemmer| {
            for (i, w) in tokens.into_iter().enumerate() {
                if is_number(w) {
                    let n: String = w.chars().filter(|c| *c != ',').collect();
                    let n = n.trim_end_matches('.').to_string();
                    stems.push(n.clone());
                    numbers.insert(n);
                    continue;
                }
                let lower = w.to_lowercase().replace('’', "'");
                let stem = stemmer.stem(&lower).into_owned();
                if i > 0 && w.chars().next().is_some_and(char::is_uppercase) {
                    names.insert(lower.clone());
                }
                if !STOP.contains(&lower.as_str()) {
                    content.insert(stem.clone());
                }
                stems.push(stem);
            }
        });
        Self {
            stems,
            content,
            names,
            numbers,
            char4,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_names_and_stems() {
        let s = Sentence::new(
            "Rescuers pulled 1,200 people from the Kestrel Strait on 3.5 days' notice.",
        );
        assert!(
            s.numbers.contains("1200") && s.numbers.contains("3.5"),
            "{s:?}"
        );
        assert!(s.names.contains("kestrel") && s.names.contains("strait"));
        assert!(
            !s.names.contains("rescuers"),
            "the opening word is not a name"
        );
        assert!(s.content.contains("rescuer") && s.content.contains("pull"));
        assert!(!s.content.contains("the"));
    }
}

/// Inverse document frequency of content stems, learned from the sentences at hand (no
/// labels): a rare word that only one side has is strong evidence the sides differ.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    weights: std::collections::HashMap<String, f64>,
    unseen: f64,
}

impl Idf {
    /// Every stem weighs 1: the weighted features reduce to plain overlap.
    pub fn uniform() -> Self {
        Self {
            weights: Default::default(),
            unseen: 1.0,
        }
    }

    /// Learns from sentences, each counted as one document.
    pub fn learn<'a>(sentences: impl IntoIterator<Item = &'a Sentence>) -> Self {
        let mut df: std::collections::HashMap<String, usize> = Default::default();
        let mut n = 0usize;
        for s in sentences {
            n += 1;
            for w in &s.content {
                *df.entry(w.clone()).or_default() += 1;
            }
        }
        let idf = |d: usize| ((n as f64 + 1.0) / (d as f64 + 1.0)).ln() + 1.0;
        Self {
            weights: df.into_iter().map(|(w, d)| (w, idf(d))).collect(),
            unseen: idf(0),
        }
    }

    pub fn weight(&self, stem: &str) -> f64 {
        self.weights.get(stem).copied().unwrap_or(self.unseen)
    }
}
