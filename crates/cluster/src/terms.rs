//! What an article is about, as weighted terms: stems of its title (weighted up) and of the
//! lead of its body, and the names in them (capitalised words not opening a sentence).
//!
//! Terms are xxh3 hashes, sorted; weights are sublinear term frequencies scaled to unit
//! length *before* IDF, so the vector can be stored and re-weighted later as the store
//! learns document frequencies.

use std::cell::RefCell;
use std::collections::HashMap;

pub use crosscheck_lang::Lang;
use rust_stemmers::Stemmer;
use serde::{Deserialize, Serialize};

/// A term's identity: the hash of its stem (or of `N:` and the lower-cased name).
pub type Term = u64;

/// A map keyed by terms. Terms are xxh3 hashes already, so the key is its own hash.
pub type TermMap<V> = crosscheck_model::hash::FastMap<Term, V>;

/// Settings of the term extraction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TermsConfig {
    /// How much one title word counts against one body word.
    pub title_weight: f32,
    /// How much a name counts, on top of its word.
    pub name_weight: f32,
    /// The same for an article in another language than English: its words never meet an
    /// English story's stems, so its names are what can join it to the English reports of
    /// its event (2, chosen before measuring, not swept: MMDS dev 0.786 -> 0.794).
    pub foreign_name_weight: f32,
    /// How many words of the body are read: the lead says what the story is; the tail of
    /// a long piece wanders into background that other stories share.
    pub lead_words: usize,
}

impl Default for TermsConfig {
    fn default() -> Self {
        Self {
            title_weight: 3.0,
            name_weight: 1.0,
            foreign_name_weight: 2.0,
            lead_words: 300,
        }
    }
}

/// Function words and the vocabulary of news writing itself, which says nothing about
/// which story an article is about.
const STOP: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "back",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "d",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "few",
    "first",
    "for",
    "friday",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "into",
    "is",
    "it",
    "its",
    "just",
    "last",
    "later",
    "least",
    "less",
    "like",
    "ll",
    "m",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "monday",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "new",
    "news",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "out",
    "over",
    "own",
    "per",
    "re",
    "report",
    "reported",
    "reports",
    "s",
    "said",
    "same",
    "saturday",
    "say",
    "says",
    "see",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "sunday",
    "t",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thursday",
    "to",
    "today",
    "told",
    "too",
    "tuesday",
    "two",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "ve",
    "very",
    "was",
    "way",
    "we",
    "wednesday",
    "week",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "year",
    "years",
    "yesterday",
    "yet",
    "you",
    "your",
];

/// Capitalised inside a sentence, yet not names.
const NOT_NAMES: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "january",
    "july",
    "june",
    "march",
    "may",
    "november",
    "october",
    "september",
];

/// An article's terms: sorted by term, weights of unit length.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Terms(pub Vec<(Term, f32)>);

impl Terms {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

thread_local! {
    static STEMMERS: RefCell<HashMap<Lang, Stemmer>> = RefCell::new(HashMap::new());
    static STEMS: RefCell<HashMap<Lang, HashMap<String, Option<Term>>>> =
        RefCell::new(HashMap::new());
}

const STEM_CACHE_MAX: usize = 200_000;

fn hash(s: &str) -> Term {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// Whether a lower-cased word says nothing about which story an article is about, in
/// its language: our English list (function words and news vocabulary), else NLTK's
/// function words of the language plus the additions of [`Lang::more_stop_words`].
fn is_stop(lang: Lang, lower: &str) -> bool {
    match lang {
        Lang::English => STOP.binary_search(&lower).is_ok(),
        _ => lang.stop_words().contains(&lower) || lang.more_stop_words().contains(&lower),
    }
}

/// The term of a lower-cased word in a language, or `None` for a stop word. Memoised
/// per thread and language.
pub(crate) fn stem_term(lang: Lang, lower: &str) -> Option<Term> {
    STEMS.with(|cache| {
        if let Some(t) = cache.borrow().get(&lang).and_then(|m| m.get(lower)) {
            return *t;
        }
        let word = lang.strip_elision(lower);
        let t = if is_stop(lang, lower) || is_stop(lang, word) || word.chars().count() < 2 {
            None
        } else {
            let stem = STEMMERS.with(|s| {
                s.borrow_mut()
                    .entry(lang)
                    .or_insert_with(|| Stemmer::create(lang.algorithm()))
                    .stem(word)
                    .into_owned()
            });
            Some(hash(&stem))
        };
        let mut c = cache.borrow_mut();
        let m = c.entry(lang).or_default();
        if m.len() >= STEM_CACHE_MAX {
            m.clear();
        }
        m.insert(lower.to_owned(), t);
        t
    })
}

/// Han, kana and Hangul: scripts written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // hiragana, katakana
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // Han compatibility
    )
}

/// The terms of a run of text holding CJK characters: each pair of neighbouring CJK
/// characters (a lone one when the run has only one), and any other word in it whole.
fn cjk_terms(run: &str) -> Vec<Term> {
    let mut out = Vec::new();
    let mut chars: Vec<char> = Vec::new();
    let flush = |chars: &mut Vec<char>, out: &mut Vec<Term>| {
        if chars.len() == 1 {
            out.push(hash(&format!("Z:{}", chars[0])));
        }
        for p in chars.windows(2) {
            out.push(hash(&format!("Z:{}{}", p[0], p[1])));
        }
        chars.clear();
    };
    let mut other = String::new();
    for c in run.chars() {
        if is_cjk(c) {
            if !other.is_empty() {
                out.push(name_term(&other.to_lowercase()));
                other.clear();
            }
            chars.push(c);
        } else {
            flush(&mut chars, &mut out);
            other.push(c);
        }
    }
    flush(&mut chars, &mut out);
    if !other.is_empty() {
        out.push(name_term(&other.to_lowercase()));
    }
    out
}

/// The term of a name.
pub fn name_term(lower: &str) -> Term {
    hash(&format!("N:{lower}"))
}

/// The stem term of an English word, as [`Extractor::terms`] makes it (for display and
/// tests).
pub fn word_term(word: &str) -> Option<Term> {
    stem_term(Lang::English, &word.to_lowercase())
}

/// The stem term of a word in a language, as [`Extractor::terms_in`] makes it.
pub fn word_term_in(word: &str, lang: Lang) -> Option<Term> {
    stem_term(lang, &word.to_lowercase())
}

/// Whether capitalised words inside a sentence are names in a language: German
/// capitalises every noun.
fn capitals_mark_names(lang: Lang) -> bool {
    lang != Lang::German
}

/// The runtime term extractor.
#[derive(Debug, Clone)]
pub struct Extractor {
    cfg: TermsConfig,
}

impl TermsConfig {
    pub fn build(self) -> Extractor {
        Extractor { cfg: self }
    }
}

/// Calls `f(word, opens_sentence)` for each word of `text`. A word is a run of letters
/// and digits (with inner apostrophes and hyphens); a sentence opens after `.`, `!`, `?`,
/// a line break, or a quote mark at the start.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str, bool) -> bool) {
    let mut opens = true;
    let mut start: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut emit = |s: usize, e: usize, opens: &mut bool| -> bool {
        let w = text[s..e].trim_end_matches(['\'', '’', '-']);
        let go = if w.is_empty() { true } else { f(w, *opens) };
        *opens = false;
        go
    };
    for (i, c) in text.char_indices() {
        let inner = matches!(c, '\'' | '’' | '-') && start.is_some();
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            if !emit(s, i, &mut opens) {
                return;
            }
        }
        if matches!(c, '.' | '!' | '?' | '\n' | ':' | '|') {
            // "3.5" is one number, not a sentence end.
            let next_digit = bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit());
            if !(c == '.' && next_digit) {
                opens = true;
            }
        }
    }
    if let Some(s) = start {
        emit(s, text.len(), &mut opens);
    }
}

impl Extractor {
    pub fn config(&self) -> &TermsConfig {
        &self.cfg
    }

    /// The terms of an English article from its title and body.
    pub fn terms(&self, title: Option<&str>, body: &str) -> Terms {
        self.terms_in(title, body, Lang::English)
    }

    /// The terms of a cleaned article, read in its language.
    pub fn article_terms(&self, a: &crosscheck_model::Article) -> Terms {
        self.terms_in(a.title.as_deref(), &a.body, Lang::of(a.lang.as_deref()))
    }

    /// The terms of an article from its title and body, read in its language (its
    /// stemmer and function words): a French or German story is not built on "la, le,
    /// de" or "der, die, und".
    pub fn terms_in(&self, title: Option<&str>, body: &str, lang: Lang) -> Terms {
        let names_too = capitals_mark_names(lang);
        let name_weight = if lang == Lang::English {
            self.cfg.name_weight
        } else {
            self.cfg.foreign_name_weight
        };
        let mut counts: HashMap<Term, f32> = HashMap::new();
        let mut add = |text: &str, weight: f32, limit: usize, names: bool| {
            let mut n = 0usize;
            for_each_word(text, |w, opens| {
                // Chinese and Japanese are written without spaces: a run of their
                // characters is read as its overlapping character pairs, the usual terms
                // of retrieval in these scripts (a run is one "word" otherwise, and two
                // reports of one event never share one).
                if w.chars().any(is_cjk) {
                    for t in cjk_terms(w) {
                        *counts.entry(t).or_default() += weight;
                        n += 1;
                    }
                    return n < limit;
                }
                n += 1;
                let lower = w.to_lowercase();
                if let Some(t) = stem_term(lang, &lower) {
                    *counts.entry(t).or_default() += weight;
                    let capital = w.chars().next().is_some_and(char::is_uppercase);
                    // A capitalised word inside a sentence is a name; an all-capitals
                    // headline word is not.
                    let shouting = w.chars().all(|c| !c.is_lowercase());
                    if names
                        && names_too
                        && capital
                        && !opens
                        && !shouting
                        && name_weight > 0.0
                        && !NOT_NAMES.contains(&lower.as_str())
                    {
                        *counts.entry(name_term(&lower)).or_default() += weight * name_weight;
                    }
                }
                n < limit
            });
        };
        if let Some(t) = title {
            // Headlines capitalise most words, so names are read from the body only.
            add(t, self.cfg.title_weight, usize::MAX, false);
        }
        add(body, 1.0, self.cfg.lead_words.max(1), true);
        let mut v: Vec<(Term, f32)> = counts
            .into_iter()
            .map(|(t, c)| (t, if c > 1.0 { 1.0 + c.ln() } else { c }))
            .collect();
        v.sort_unstable_by_key(|&(t, _)| t);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        Terms(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_list_is_sorted_for_binary_search() {
        let mut s = STOP.to_vec();
        s.sort_unstable();
        assert_eq!(s, STOP);
    }

    #[test]
    fn title_words_weigh_more_and_stop_words_are_dropped() {
        let x = TermsConfig::default().build();
        let t = x.terms(
            Some("Harbour strike"),
            "The dockers said the strike goes on.",
        );
        let w = |word: &str| {
            let term = word_term(word).expect("content word");
            t.0.iter().find(|(k, _)| *k == term).map(|(_, w)| *w)
        };
        assert!(w("strike").unwrap_or(0.0) > w("dockers").unwrap_or(0.0));
        assert!(w("harbour").unwrap_or(0.0) > w("dockers").unwrap_or(0.0));
        assert_eq!(word_term("the"), None);
        let norm: f32 = t.0.iter().map(|(_, w)| w * w).sum();
        assert!((norm - 1.0).abs() < 1e-4);
    }

    #[test]
    fn names_are_capitalised_words_inside_sentences() {
        let x = TermsConfig::default().build();
        let t = x.terms(None, "Officials met Ravel in Tarsin. Talks went well.");
        let has = |name: &str| t.0.iter().any(|(k, _)| *k == name_term(name));
        assert!(has("ravel") && has("tarsin"));
        assert!(
            !has("officials") && !has("talks"),
            "sentence openers are not names"
        );
    }

    #[test]
    fn the_lead_limits_how_much_body_is_read() {
        let x = TermsConfig {
            lead_words: 3,
            ..Default::default()
        }
        .build();
        let t = x.terms(None, "alpha beta gamma delta epsilon");
        assert!(t.0.iter().any(|(k, _)| Some(*k) == word_term("gamma")));
        assert!(!t.0.iter().any(|(k, _)| Some(*k) == word_term("delta")));
    }

    /// Regression: German and French stories were built on stop words ("der, die, mit,
    /// und, ein"; "la, le, de, les"): the terms were English stems of every word.
    #[test]
    fn regression_articles_are_read_in_their_own_language() {
        let x = TermsConfig::default().build();
        let de = x.terms_in(
            Some("Die Brücke in Lunen ist eingestürzt"),
            "Die Brücke über den Fluss ist am Montag eingestürzt, und die Feuerwehr war mit \
             vielen Kräften vor Ort.",
            Lang::German,
        );
        let fr = x.terms_in(
            Some("Le pont de Lunen s'effondre"),
            "Le pont sur la rivière s'est effondré lundi, et les pompiers sont sur les lieux.",
            Lang::French,
        );
        for (terms, lang, stop, content) in [
            (&de, Lang::German, ["der", "die", "mit", "und"], "brücke"),
            (&fr, Lang::French, ["la", "le", "de", "les"], "pont"),
        ] {
            let has = |w: &str| {
                word_term_in(w, lang).is_some_and(|t| terms.0.iter().any(|(k, _)| *k == t))
            };
            for w in stop {
                assert!(word_term_in(w, lang).is_none() && !has(w), "{lang:?} {w}");
            }
            assert!(has(content), "{lang:?} {content}");
        }
        // Inflections fold.
        assert_eq!(
            word_term_in("Brücken", Lang::German),
            word_term_in("Brücke", Lang::German)
        );
        // German nouns are capitalised: they are not all names.
        assert!(!de.0.iter().any(|(k, _)| *k == name_term("feuerwehr")));
    }

    #[test]
    fn names_weigh_more_in_another_language() {
        let x = TermsConfig::default().build();
        let name = |lang: Lang| {
            let t = x.terms_in(None, "Menurut polis, Leonard ditahan semalam.", lang);
            let n = name_term("leonard");
            t.0.iter().find(|(k, _)| *k == n).map_or(0.0, |(_, w)| *w)
        };
        assert!(name(Lang::Indonesian) > name(Lang::English));
    }

    #[test]
    fn chinese_is_read_as_character_pairs() {
        let x = TermsConfig::default()
            .build()
            .terms(None, "本地两人接种未经稀释疫苗");
        let y = TermsConfig::default()
            .build()
            .terms(None, "两人接种未稀释疫苗 一人送院");
        let shared =
            x.0.iter()
                .filter(|(t, _)| y.0.iter().any(|(u, _)| u == t))
                .count();
        // 两人, 人接, 接种, 种未, 稀释, 释疫, 疫苗.
        assert_eq!(shared, 7);
        assert_eq!(cjk_terms("疫"), vec![hash("Z:疫")]);
        assert_eq!(cjk_terms("COVID疫苗").len(), 2);
    }

    #[test]
    fn decimals_do_not_open_sentences() {
        let mut seen = Vec::new();
        for_each_word("Rates rose 3.5 percent in Oslo.", |w, opens| {
            seen.push((w.to_owned(), opens));
            true
        });
        assert_eq!(seen[0], ("Rates".to_owned(), true));
        assert!(seen.iter().any(|(w, o)| w == "Oslo" && !o));
        assert!(seen.iter().any(|(w, _)| w == "3"));
    }
}
