//! A sentence prepared for comparison: tokens, stems, content stems, names, numbers.

use std::cell::RefCell;

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

/// A token's identity: the xxh3 hash of its normalised text. Sets of tokens are sorted,
/// deduplicated `Vec<Tok>`s, so the features are merge walks instead of string-set
/// operations (about 20x faster; equal strings always hash equal, and a collision
/// between two different words of one sentence pair is a 1-in-2^60 event).
pub type Tok = u64;

fn tok(s: &str) -> Tok {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// Combines token hashes into an n-gram hash.
pub(crate) fn mix(h: Tok, next: Tok) -> Tok {
    (h.rotate_left(23) ^ next).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

pub(crate) fn sorted(mut v: Vec<Tok>) -> Vec<Tok> {
    v.sort_unstable();
    v.dedup();
    v
}

/// What the stemmer made of one lower-cased word: its stem's hash and whether the word
/// is a stop word. Memoised per thread: news vocabulary is Zipfian, so most words repeat
/// and stemming drops out of the profile.
#[derive(Clone, Copy)]
struct Stemmed {
    stem: Tok,
    stop: bool,
}

const STEM_CACHE_MAX: usize = 200_000;

thread_local! {
    static STEMMER: Stemmer = Stemmer::create(Algorithm::English);
    /// Keyed by the word's hash: no string is stored or re-hashed on a hit.
    static STEMS: RefCell<FastMap<Tok, Stemmed>> = RefCell::new(FastMap::default());
}

fn stemmed(lower: &str) -> Stemmed {
    let key = tok(lower);
    STEMS.with(|cache| {
        if let Some(s) = cache.borrow().get(&key) {
            return *s;
        }
        let s = STEMMER.with(|st| Stemmed {
            stem: tok(&st.stem(lower)),
            stop: STOP.contains(&lower),
        });
        let mut c = cache.borrow_mut();
        if c.len() >= STEM_CACHE_MAX {
            c.clear();
        }
        c.insert(key, s);
        s
    })
}

/// One sentence, tokenised for comparison. Every set is a sorted, deduplicated list of
/// token hashes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sentence {
    /// Lower-cased word stems, in order (stop words included).
    pub stems: Vec<Tok>,
    /// The distinct stems.
    pub stem_set: Vec<Tok>,
    /// Stems of content words (no stop words, no numbers).
    pub content: Vec<Tok>,
    /// Capitalised words that do not open the sentence: names of people, places, bodies.
    pub names: Vec<Tok>,
    /// Numbers, normalised ("1,200" -> "1200", "3.5" stays).
    pub numbers: Vec<Tok>,
    /// Character 4-grams of the lower-cased words joined by single spaces: robust to
    /// inflection and to names spelled slightly differently.
    pub char4: Vec<Tok>,
    /// Distinct stem bigrams, trigrams and 4-grams.
    pub bigrams: Vec<Tok>,
    pub trigrams: Vec<Tok>,
    pub quadgrams: Vec<Tok>,
}

fn is_number(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| c.is_ascii_digit())
        && tok
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Words: runs of letters, digits, and inner `.`/`,`/`'`/`-` ("3.5", "1,200", "O'Neill").
pub(crate) fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let inner = matches!(c, '.' | ',' | '\'' | '’' | '-')
            && start.is_some()
            && it.peek().is_some_and(|(_, n)| n.is_alphanumeric());
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

fn ngrams(stems: &[Tok], n: usize) -> Vec<Tok> {
    sorted(
        stems
            .windows(n)
            .map(|w| w.iter().fold(n as Tok, |h, t| mix(h, *t)))
            .collect(),
    )
}

impl Sentence {
    pub fn new(text: &str) -> Self {
        let tokens = words(text);
        let mut stems = Vec::with_capacity(tokens.len());
        let (mut content, mut names, mut numbers) = (Vec::new(), Vec::new(), Vec::new());
        let mut joined: Vec<char> = Vec::with_capacity(text.len());
        let mut lower = String::new();
        for (i, w) in tokens.iter().enumerate() {
            lower.clear();
            if w.is_ascii() {
                lower.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            if i > 0 {
                joined.push(' ');
            }
            joined.extend(lower.chars());
            if is_number(w) {
                let n: String = w.chars().filter(|c| *c != ',').collect();
                let h = tok(n.trim_end_matches('.'));
                stems.push(h);
                numbers.push(h);
                continue;
            }
            if lower.contains('’') {
                lower = lower.replace('’', "'");
            }
            let s = stemmed(&lower);
            if i > 0 && w.chars().next().is_some_and(char::is_uppercase) {
                names.push(tok(&lower));
            }
            if !s.stop {
                content.push(s.stem);
            }
            stems.push(s.stem);
        }
        let char4 = sorted(
            joined
                .windows(4)
                .map(|w| {
                    w.iter()
                        .fold(0x51_7cc1_b727_220a, |h: Tok, c| mix(h, *c as Tok))
                })
                .collect(),
        );
        Self {
            stem_set: sorted(stems.clone()),
            bigrams: ngrams(&stems, 2),
            trigrams: ngrams(&stems, 3),
            quadgrams: ngrams(&stems, 4),
            stems,
            content: sorted(content),
            names: sorted(names),
            numbers: sorted(numbers),
            char4,
        }
    }
}

/// Size of the intersection of two sorted, deduplicated lists.
pub(crate) fn common(a: &[Tok], b: &[Tok]) -> usize {
    // Branch-free steps: the comparisons of two hash lists are unpredictable, and this
    // walk (over character 4-grams above all) is the hottest loop of sentence features.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    n
}

/// Calls `f(token, in_a, in_b)` for every token of the union of two sorted lists.
pub(crate) fn merge(a: &[Tok], b: &[Tok], mut f: impl FnMut(Tok, bool, bool)) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                f(*x, true, true);
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => {
                f(*x, true, false);
                i += 1;
            }
            (Some(x), None) => {
                f(*x, true, false);
                i += 1;
            }
            (_, Some(y)) => {
                f(*y, false, true);
                j += 1;
            }
            (None, None) => break,
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
        let has = |set: &[Tok], w: &str| set.contains(&tok(w));
        assert!(has(&s.numbers, "1200") && has(&s.numbers, "3.5"), "{s:?}");
        assert!(has(&s.names, "kestrel") && has(&s.names, "strait"));
        assert!(!has(&s.names, "rescuers"), "the opening word is not a name");
        assert!(has(&s.content, "rescuer") && has(&s.content, "pull"));
        assert!(!has(&s.content, "the"));
    }
}

/// Inverse document frequency of content stems, learned from the sentences at hand (no
/// labels): a rare word that only one side has is strong evidence the sides differ.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    weights: FastMap<Tok, f64>,
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
        let mut df: FastMap<Tok, usize> = Default::default();
        let mut n = 0usize;
        for s in sentences {
            n += 1;
            for w in &s.content {
                *df.entry(*w).or_default() += 1;
            }
        }
        let idf = |d: usize| ((n as f64 + 1.0) / (d as f64 + 1.0)).ln() + 1.0;
        Self {
            weights: df.into_iter().map(|(w, d)| (w, idf(d))).collect(),
            unseen: idf(0),
        }
    }

    pub fn weight(&self, stem: Tok) -> f64 {
        self.weights.get(&stem).copied().unwrap_or(self.unseen)
    }
}

pub use crosscheck_model::hash::FastMap;
