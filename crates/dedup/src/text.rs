//! A sentence prepared for comparison: tokens, stems, content stems, names, numbers.

use std::cell::RefCell;

use rust_stemmers::Stemmer;

use crate::Lang;

/// English function words that carry no content of their own (other languages' are in
/// [`Lang::stop_words`]).
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

pub(crate) fn tok(s: &str) -> Tok {
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
    /// The [`Voice`] marks the word carries whatever its case (see [`voice_of_word`]).
    voice: u8,
}

const STEM_CACHE_MAX: usize = 200_000;

thread_local! {
    /// Keyed by the word's hash (mixed with its language's, but for English): no string
    /// is stored or re-hashed on a hit.
    static STEMS: RefCell<FastMap<Tok, Stemmed>> = RefCell::new(FastMap::default());
}

/// The stem token of a lower-cased English word, irregular forms folded to their base
/// first: what every English sentence (and the synonym table) keys words by.
pub(crate) fn stem_uncached(lower: &str) -> Tok {
    stem_in(Lang::English, lower)
}

/// The stem token of a lower-cased word in `lang` (English irregular forms folded first).
fn stem_in(lang: Lang, lower: &str) -> Tok {
    // A Stemmer is a function pointer: creating one per cache miss costs nothing.
    let st = Stemmer::create(lang.algorithm());
    if lang == Lang::English {
        tok(&st.stem(crate::irregular::base_of(lower).unwrap_or(lower)))
    } else {
        tok(&st.stem(lower))
    }
}

fn stemmed(lang: Lang, lower: &str) -> Stemmed {
    let key = match lang {
        Lang::English => tok(lower),
        other => mix(tok(lower), other.salt()),
    };
    STEMS.with(|cache| {
        if let Some(s) = cache.borrow().get(&key) {
            return *s;
        }
        let stop = match lang {
            Lang::English => STOP.contains(&lower),
            other => {
                other.stop_words().contains(&lower) || other.more_stop_words().contains(&lower)
            }
        };
        let s = Stemmed {
            stem: stem_in(lang, lower),
            stop,
            voice: voice_of_word(lang, lower),
        };
        let mut c = cache.borrow_mut();
        if c.len() >= STEM_CACHE_MAX {
            c.clear();
        }
        c.insert(key, s);
        s
    })
}

/// One sentence, tokenised for comparison. Every set is a sorted, deduplicated list of
/// token hashes; all of them live in one buffer (one allocation per sentence, not nine:
/// sentence preparation is a large share of copy detection's cost).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sentence {
    data: Vec<Tok>,
    /// End of each list in `data`, in the order of [`Part`].
    ends: [u32; PARTS],
    /// What kind of sentence it is, as bits of [`Voice`].
    voice: u8,
}

/// Marks of how a sentence speaks, one bit each: a paraphrase keeps them (a quote stays a
/// quote, a report of what someone said stays one), so one side having a mark the other
/// lacks is a sign the two say different things.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Voice {
    /// Quotation marks.
    Quote = 1,
    /// A reporting verb or phrase: "said", "told", "according to".
    Attribution = 2,
    /// The first person: "I", "we", "our".
    FirstPerson = 4,
}

/// Words that report speech or a source.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "according",
    "reported",
    "reports",
    "stated",
    "added",
    "announced",
    "claimed",
    "noted",
    "explained",
];

/// First-person words, lower-cased. "I" and "us" are not here: they are checked as written
/// ([`Sentence::new`]), since "US" is a country.
const FIRST_PERSON: &[&str] = &[
    "we",
    "me",
    "my",
    "our",
    "ours",
    "myself",
    "ourselves",
    "i'm",
    "i've",
    "we're",
    "we've",
];

/// The marks of a lower-cased word, kept in the stem cache with its stem.
fn voice_of_word(lang: Lang, lower: &str) -> u8 {
    let (reporting, first_person) = match lang {
        Lang::English => (REPORTING, FIRST_PERSON),
        other => other.voice_words(),
    };
    let mut v = 0;
    if reporting.contains(&lower) {
        v |= Voice::Attribution as u8;
    }
    if first_person.contains(&lower) {
        v |= Voice::FirstPerson as u8;
    }
    v
}

/// Double quotation marks, straight, curly, low and angle.
pub(crate) const QUOTE_MARKS: [char; 6] =
    ['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}'];

/// The lists of a [`Sentence`], in buffer order.
#[derive(Clone, Copy)]
enum Part {
    Stems,
    StemSet,
    Content,
    Names,
    Numbers,
    Char4,
    Bigrams,
    Trigrams,
    Quadgrams,
    /// Content stems and numbers in the order they are written (repeats kept).
    Sequence,
    /// Beside each content stem, in the same order: where its synonyms lie in
    /// [`crate::synonyms::WORDNET`].
    SynRanges,
}

const PARTS: usize = 11;

fn is_number(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| c.is_ascii_digit())
        && tok
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The character at byte `i` and its length, without decoding when it is ASCII.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), 1));
    }
    let c = text[i..].chars().next()?;
    Some((c, c.len_utf8()))
}

fn alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Words: runs of letters, digits, and inner `.`/`,`/`'`/`-` ("3.5", "1,200", "O'Neill").
pub(crate) fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 5);
    for_each_word(text, |w| out.push(w));
    out
}

/// [`words`] without collecting them.
pub(crate) fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let mut start = None;
    let mut i = 0;
    while let Some((c, len)) = char_at(text, i) {
        let inner = start.is_some()
            && matches!(c, '.' | ',' | '\'' | '’' | '-')
            && char_at(text, i + len).is_some_and(|(n, _)| alphanumeric(n));
        if alphanumeric(c) || inner {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            f(&text[s..i]);
        }
        i += len;
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// Sorts and deduplicates `data[start..]` in place.
fn seal(data: &mut Vec<Tok>, start: usize) {
    data[start..].sort_unstable();
    let mut kept = start;
    for k in start..data.len() {
        if kept == start || data[k] != data[kept - 1] {
            data[kept] = data[k];
            kept += 1;
        }
    }
    data.truncate(kept);
}

/// A character 4-gram's key: the four characters packed exactly when they are in the
/// Basic Multilingual Plane (nearly always), else hashed.
fn char4_key(w: &[char]) -> Tok {
    if w.iter().all(|c| (*c as u32) < 0x1_0000) {
        w.iter().fold(0, |h: Tok, c| (h << 16) | *c as Tok)
    } else {
        w.iter()
            .fold(0x51_7cc1_b727_220a, |h: Tok, c| mix(h, *c as Tok))
    }
}

/// Per-thread buffers for [`Sentence::new`], reused from one sentence to the next.
#[derive(Default)]
struct Scratch {
    stems: Vec<Tok>,
    content: Vec<Tok>,
    sequence: Vec<Tok>,
    names: Vec<Tok>,
    numbers: Vec<Tok>,
    joined: Vec<char>,
    lower: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Sentence {
    /// An English sentence.
    pub fn new(text: &str) -> Self {
        Self::in_language(text, Lang::English)
    }

    /// A sentence in `lang`: its stemmer, its function words, its reporting words.
    pub fn in_language(text: &str, lang: Lang) -> Self {
        SCRATCH.with(|scratch| Self::build(text, lang, &mut scratch.borrow_mut()))
    }

    fn build(text: &str, lang: Lang, sc: &mut Scratch) -> Self {
        let Scratch {
            stems,
            content,
            sequence,
            names,
            numbers,
            joined,
            lower,
        } = sc;
        for v in [
            &mut *stems,
            &mut *content,
            &mut *sequence,
            &mut *names,
            &mut *numbers,
        ] {
            v.clear();
        }
        joined.clear();
        let mut voice = if text.contains(QUOTE_MARKS) || text.contains("``") {
            Voice::Quote as u8
        } else {
            0
        };
        let mut i = 0usize;
        for_each_word(text, |w| {
            let w = lang.strip_elision(w);
            let first = i == 0;
            i += 1;
            lower.clear();
            let ascii = w.is_ascii();
            if ascii {
                lower.push_str(w);
                lower.make_ascii_lowercase();
            } else {
                lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            if !first {
                joined.push(' ');
            }
            if ascii {
                joined.extend(lower.bytes().map(char::from));
            } else {
                joined.extend(lower.chars());
            }
            if is_number(w) {
                // A number is ASCII digits, points and commas: its lower-cased form is
                // itself, so the buffer is reused without the commas.
                lower.retain(|c| c != ',');
                let h = tok(lower.trim_end_matches('.'));
                stems.push(h);
                numbers.push(h);
                sequence.push(h);
                return;
            }
            if !ascii && lower.contains('’') {
                *lower = lower.replace('’', "'");
            }
            let s = stemmed(lang, lower);
            voice |= s.voice;
            if lang == Lang::English && (w == "I" || w == "us") {
                voice |= Voice::FirstPerson as u8;
            }
            if !first && w.chars().next().is_some_and(char::is_uppercase) {
                names.push(tok(lower));
            }
            if !s.stop {
                content.push(s.stem);
                sequence.push(s.stem);
            }
            stems.push(s.stem);
        });
        let n = stems.len();
        let grams = |k: usize| n.saturating_sub(k - 1);
        let mut data = Vec::with_capacity(
            2 * n
                + 2 * content.len()
                + names.len()
                + numbers.len()
                + joined.len().saturating_sub(3)
                + grams(2)
                + grams(3)
                + grams(4)
                + sequence.len(),
        );
        let mut ends = [0u32; PARTS];
        let mut close = |data: &mut Vec<Tok>, part: Part, sort: bool| {
            let start = match part as usize {
                0 => 0,
                p => ends[p - 1] as usize,
            };
            if sort {
                seal(data, start);
            }
            ends[part as usize] = data.len() as u32;
        };
        data.extend_from_slice(stems);
        close(&mut data, Part::Stems, false);
        data.extend_from_slice(stems);
        close(&mut data, Part::StemSet, true);
        let content_start = data.len();
        data.extend_from_slice(content);
        close(&mut data, Part::Content, true);
        let content_at = content_start..data.len();
        data.extend_from_slice(names);
        close(&mut data, Part::Names, true);
        data.extend_from_slice(numbers);
        close(&mut data, Part::Numbers, true);
        data.extend(joined.windows(4).map(char4_key));
        close(&mut data, Part::Char4, true);
        for (k, part) in [
            (2, Part::Bigrams),
            (3, Part::Trigrams),
            (4, Part::Quadgrams),
        ] {
            data.extend(
                stems
                    .windows(k)
                    .map(|w| w.iter().fold(k as Tok, |h, t| mix(h, *t))),
            );
            close(&mut data, part, true);
        }
        data.extend_from_slice(sequence);
        close(&mut data, Part::Sequence, false);
        if lang == Lang::English {
            let table = &*crate::synonyms::WORDNET;
            for k in content_at {
                data.push(table.range(data[k]));
            }
        } else {
            // WordNet is English: no synonyms elsewhere.
            data.extend(content_at.map(|_| 0));
        }
        close(&mut data, Part::SynRanges, false);
        Self { data, ends, voice }
    }

    fn part(&self, part: Part) -> &[Tok] {
        let p = part as usize;
        let start = if p == 0 { 0 } else { self.ends[p - 1] as usize };
        &self.data[start..self.ends[p] as usize]
    }

    /// Lower-cased word stems, in order (stop words included).
    pub fn stems(&self) -> &[Tok] {
        self.part(Part::Stems)
    }

    /// The distinct stems.
    pub fn stem_set(&self) -> &[Tok] {
        self.part(Part::StemSet)
    }

    /// Stems of content words (no stop words, no numbers).
    pub fn content(&self) -> &[Tok] {
        self.part(Part::Content)
    }

    /// Capitalised words that do not open the sentence: names of people, places, bodies.
    pub fn names(&self) -> &[Tok] {
        self.part(Part::Names)
    }

    /// Numbers, normalised ("1,200" -> "1200", "3.5" stays).
    pub fn numbers(&self) -> &[Tok] {
        self.part(Part::Numbers)
    }

    /// Character 4-grams of the lower-cased words joined by single spaces: robust to
    /// inflection and to names spelled slightly differently.
    pub fn char4(&self) -> &[Tok] {
        self.part(Part::Char4)
    }

    /// Distinct stem bigrams, trigrams and 4-grams.
    pub fn bigrams(&self) -> &[Tok] {
        self.part(Part::Bigrams)
    }

    pub fn trigrams(&self) -> &[Tok] {
        self.part(Part::Trigrams)
    }

    pub fn quadgrams(&self) -> &[Tok] {
        self.part(Part::Quadgrams)
    }

    /// Content stems and numbers in written order, repeats kept.
    pub fn sequence(&self) -> &[Tok] {
        self.part(Part::Sequence)
    }

    /// Whether the sentence carries the mark.
    pub fn has(&self, mark: Voice) -> bool {
        self.voice & mark as u8 != 0
    }

    /// Where each content stem's synonyms lie in the table, in [`Sentence::content`]'s order.
    pub(crate) fn syn_ranges(&self) -> &[Tok] {
        self.part(Part::SynRanges)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_read_in_its_own_language() {
        let text = "Le maire a ordonné l'inspection des ponts de la ville.";
        let en = Sentence::new(text);
        let fr = Sentence::in_language(text, Lang::French);
        // Read as English, "le", "a", "des", "de", "la" and "l'inspection" are content.
        assert_eq!(en.content().len(), 9);
        // Read as French: maire, ordonn, inspect, pont, vill ("a" is a function word we
        // add to NLTK's list).
        assert_eq!(fr.content().len(), 5);
        let inspection = Sentence::in_language("Une inspection a eu lieu.", Lang::French);
        assert_eq!(common(fr.content(), inspection.content()), 1);
        // French stems fold the plural and the participle.
        let other = Sentence::in_language("Les maires ont inspecté les ponts.", Lang::French);
        assert_eq!(common(fr.content(), other.content()), 3);
        let de = Sentence::in_language(
            "Wir haben die Brücken geprüft, sagte der Bürgermeister.",
            Lang::German,
        );
        assert!(de.has(Voice::FirstPerson) && de.has(Voice::Attribution));
    }

    /// The character-by-character form of [`words`], as its oracle.
    fn words_by_chars(text: &str) -> Vec<&str> {
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

    #[test]
    fn words_read_bytes_as_the_characters_say() {
        let pieces = [
            "Ferry",
            "ÉTÉ",
            "straße",
            "1,200",
            "3.5",
            "O'Neill",
            "O’Neill",
            "—",
            " ",
            ".",
            ",",
            "'",
            "’",
            "-",
            "北京",
            "🙂",
            "x",
            "9",
            "\n",
            "Ⅻ",
            "é",
        ];
        let mut seed = 9u64;
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..10 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(words(&t), words_by_chars(&t), "{t:?}");
        }
    }

    #[test]
    fn numbers_names_and_stems() {
        let s = Sentence::new(
            "Rescuers pulled 1,200 people from the Kestrel Strait on 3.5 days' notice.",
        );
        let has = |set: &[Tok], w: &str| set.contains(&tok(w));
        assert!(has(s.numbers(), "1200") && has(s.numbers(), "3.5"), "{s:?}");
        assert!(has(s.names(), "kestrel") && has(s.names(), "strait"));
        assert!(
            !has(s.names(), "rescuers"),
            "the opening word is not a name"
        );
        assert!(has(s.content(), "rescuer") && has(s.content(), "pull"));
        assert!(!has(s.content(), "the"));
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
            for w in s.content() {
                *df.entry(*w).or_default() += 1;
            }
        }
        let idf = |d: usize| ((n as f64 + 1.0) / (d as f64 + 1.0)).ln() + 1.0;
        Self {
            weights: df.into_iter().map(|(w, d)| (w, idf(d))).collect(),
            unseen: idf(0),
        }
    }

    /// The weight of each of the sentence's content stems, in order.
    pub fn weights_of(&self, s: &Sentence) -> Vec<f64> {
        s.content().iter().map(|t| self.weight(*t)).collect()
    }

    pub fn weight(&self, stem: Tok) -> f64 {
        self.weights.get(&stem).copied().unwrap_or(self.unseen)
    }
}

pub use crosscheck_model::hash::FastMap;
