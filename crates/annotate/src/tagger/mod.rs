//! The sequence tagger behind entities and attributions: a greedy left-to-right averaged perceptron over BILOU labels (the
//! recipe of Ratinov and Roth 2009), with hashed features, the two previous labels, and
//! document-level features (how a word was tagged earlier in the article, whether it is
//! written in lower case elsewhere). No allocation per token beyond the sentence buffers;
//! about forty table look-ups per token.
//!
//! The same feature code serves training ([`train`]) and tagging, so what the model
//! learns is what it sees.

pub mod tokens;
pub mod train;

use std::collections::HashMap;

mod both;
pub mod clusters;

pub use both::Both;

/// Entity types, CoNLL's.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
/// Attribution roles, PolNeAR's (the fourth type is unused).
pub const ROLES: [&str; 4] = ["Source", "Cue", "Content", "-"];

/// What a model tags: the feature set and the model file's magic differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Names in sentences ([`TYPES`]).
    Entities,
    /// Source, cue and content of attributions in paragraphs ([`ROLES`]).
    Attribution,
}
/// Labels: 0 is O; then for each type B, I, L, U.
pub const LABELS: usize = 17;
/// Feature buckets: 2^BITS.
pub const BITS: u32 = 21;
const MASK: u64 = (1 << BITS) - 1;

/// A label's type (0..4) and position (0 B, 1 I, 2 L, 3 U); `None` for O.
pub fn parts(label: usize) -> Option<(usize, usize)> {
    (label > 0).then(|| ((label - 1) / 4, (label - 1) % 4))
}

pub fn label(ty: usize, pos: usize) -> usize {
    1 + ty * 4 + pos
}

/// Whether `next` may follow `prev` (BILOU: inside an entity only I or L of its type).
fn allowed(prev: usize, next: usize, last: bool) -> bool {
    let open = matches!(parts(prev), Some((_, 0 | 1)));
    match (parts(prev), parts(next)) {
        (Some((t, 0 | 1)), Some((u, p))) => t == u && (p == 2 || (p == 1 && !last)),
        (_, Some((_, p))) if !open => p == 3 || (p == 0 && !last),
        (_, None) => !open,
        _ => false,
    }
}

/// Something that adds a feature's weights to the label scores.
pub trait Weights {
    /// The score type: f32 while training, i32 for the shipped 16-bit weights.
    type Score: Copy + Default + PartialOrd;
    fn add(&self, bucket: u32, scores: &mut [Self::Score; LABELS]);
}

/// FNV-1a over bytes: the hash a string enters the features with.
pub(crate) fn fnv(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &x in bytes {
        h = (h ^ u64::from(x)).wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// A feature: its template and up to three hashed parts, mixed into a bucket.
fn feat(template: u8, parts: &[u64]) -> u32 {
    let mut x = (u64::from(template) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &p in parts {
        x = (x.rotate_left(27) ^ p).wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    (x & MASK) as u32
}

/// Small values (flags, labels, distances) packed into one part.
fn small(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0x5bd1_e995u64, |h, &b| (h << 9) ^ (u64::from(b) + 1))
}

const BEFORE: u64 = 0x1111_2222_3333_4444;
const AFTER: u64 = 0x5555_6666_7777_8888;
const NO_SHAPE: u64 = 0x9999_aaaa_bbbb_cccc;

/// The per-token views the features are built from, as hashes: the normalised word, its
/// lower case, its shape.
#[derive(Clone, Copy)]
struct Tok {
    word: u64,
    lower: u64,
    shape: u64,
    cap: bool,
    /// In entity tagging, starts with a lower-case letter or is punctuation only: outside
    /// an open entity, such a token is O (see [`tag_sentence`]).
    plain: bool,
}

fn normal_char(c: char) -> char {
    match c {
        '“' | '”' | '«' | '»' => '"',
        '‘' | '’' => '\'',
        '–' | '—' => '-',
        c if c.is_ascii_digit() => '0',
        c => c,
    }
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else {
        c
    }
}

#[cfg(test)]
fn shape(w: &str) -> String {
    let mut s = String::new();
    push_shape(w, &mut s);
    s
}

/// The word's shape (runs of a class longer than two collapsed) appended to `out`.
fn push_shape(w: &str, out: &mut String) {
    push_runs(w.chars().map(shape_class), out);
}

/// [`push_shape`] of an ASCII word, without decoding characters.
fn push_ascii_shape(w: &[u8], out: &mut String) {
    push_runs(w.iter().map(|&b| shape_class(char::from(b))), out);
}

/// Appends the classes, a run of one class kept to its first two.
fn push_runs(classes: impl Iterator<Item = char>, out: &mut String) {
    let mut last = ' ';
    let mut run = 0;
    for k in classes {
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        out.push(k);
    }
}

/// Reusable buffers for reading one word.
#[derive(Default)]
struct Scratch {
    word: String,
    lower: String,
    shape: String,
}

impl Scratch {
    /// Fills the buffers from `w`: normalised, lower-cased, shape.
    fn read(&mut self, w: &str) {
        self.word.clear();
        self.lower.clear();
        self.shape.clear();
        if w.is_ascii() {
            // Most words: the same buffers byte by byte, without decoding characters.
            self.word.extend(
                w.bytes()
                    .map(|b| char::from(if b.is_ascii_digit() { b'0' } else { b })),
            );
            self.lower.push_str(&self.word);
            self.lower.make_ascii_lowercase();
            push_ascii_shape(self.word.as_bytes(), &mut self.shape);
        } else {
            self.read_chars(w);
        }
    }

    /// [`Scratch::read`] character by character (any word).
    fn read_chars(&mut self, w: &str) {
        self.word.extend(w.chars().map(normal_char));
        for c in self.word.chars() {
            self.lower.extend(c.to_lowercase());
        }
        push_shape(&self.word, &mut self.shape);
    }
}

/// A word as the taggers read it: the hash of its normalised lower case, the hash of its
/// shape, and its cluster path (0 when the table has none).
pub(crate) fn word_views(w: &str) -> (u64, u64, u32) {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
    }
    SCRATCH.with(|sc| {
        let mut sc = sc.borrow_mut();
        sc.read(w);
        let table = clusters::table();
        let path = table
            .get(&fnv(sc.word.as_bytes()))
            .or_else(|| table.get(&fnv(sc.lower.as_bytes())))
            .copied()
            .unwrap_or(0);
        (fnv(sc.lower.as_bytes()), fnv(sc.shape.as_bytes()), path)
    })
}

/// The hash of a word lower-cased as `str::to_lowercase` does it (no other change).
fn lower_word_hash(w: &str, scratch: &mut Scratch) -> u64 {
    if w.is_ascii() {
        scratch.lower.clear();
        scratch.lower.push_str(w);
        scratch.lower.make_ascii_lowercase();
        fnv(scratch.lower.as_bytes())
    } else {
        fnv(w.to_lowercase().as_bytes())
    }
}

/// The lower-case hash of a raw word, as [`Tok::lower`] has it.
fn lower_hash(w: &str, scratch: &mut Scratch) -> u64 {
    scratch.read(w);
    fnv(scratch.lower.as_bytes())
}

/// A map keyed by the words' own 64-bit hashes (no second hashing).
pub type ByHash<V> = HashMap<u64, V, std::hash::BuildHasherDefault<IdHasher>>;

#[derive(Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// A document's word statistics, read once before tagging: which words it writes in
/// lower case somewhere, and which it capitalises away from a sentence's start.
pub struct DocStats {
    task: Task,
    lower_seen: ByHash<()>,
    cap_inside: ByHash<()>,
}

impl DocStats {
    pub fn new<'a>(task: Task, sentences: impl Iterator<Item = &'a [String]>) -> DocStats {
        let mut st = DocStats {
            task,
            lower_seen: Default::default(),
            cap_inside: Default::default(),
        };
        let mut scratch = Scratch::default();
        for words in sentences {
            let headline = all_caps(words);
            for (i, w) in words.iter().enumerate() {
                let first = w.chars().next().unwrap_or(' ');
                if first.is_lowercase() {
                    st.lower_seen.insert(lower_hash(w, &mut scratch), ());
                } else if first.is_uppercase() && i > 0 && !headline {
                    st.cap_inside.insert(lower_hash(w, &mut scratch), ());
                }
            }
        }
        st
    }
}

/// What one pass has tagged so far in a document: per lower-cased capitalised word, how
/// often each type (4 = none) was given.
#[derive(Default)]
pub struct Memory(ByHash<[u16; 5]>);

impl Memory {
    fn remember(&mut self, toks: &[Tok], labels: &[usize]) {
        for (t, &l) in toks.iter().zip(labels) {
            if !t.cap {
                continue;
            }
            let e = self.0.entry(t.lower).or_default();
            let k = parts(l).map_or(4, |(ty, _)| ty);
            e[k] = e[k].saturating_add(1);
        }
    }
}

fn all_caps(words: &[String]) -> bool {
    let mut letters = 0;
    for w in words {
        for c in w.chars() {
            if c.is_lowercase() {
                return false;
            }
            if c.is_uppercase() {
                letters += 1;
            }
        }
    }
    letters > 3
}

/// A sentence's tokens and their static features, computed once and used by every pass
/// (and every training epoch).
pub struct Prepared {
    toks: Vec<Tok>,
    /// Each token's word-cluster path (0: none).
    paths: Vec<u32>,
    feats: Vec<u32>,
    /// Token i's features are `feats[offs[i]..offs[i + 1]]`.
    offs: Vec<u32>,
}

impl Prepared {
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    fn of(&self, i: usize) -> &[u32] {
        &self.feats[self.offs[i] as usize..self.offs[i + 1] as usize]
    }

    /// Token i as the taggers read it: the hashes of its normalised lower case and of its
    /// shape, and its cluster path (0: none), as `word_views` gives them.
    pub fn views(&self, i: usize) -> (u64, u64, u32) {
        let t = &self.toks[i];
        (t.lower, t.shape, self.paths[i])
    }
}

/// The sentences of a document prepared for tagging.
pub fn prepare(task: Task, sentences: &[&[String]]) -> Vec<Prepared> {
    let stats = DocStats::new(task, sentences.iter().copied());
    let mut scratch = Scratch::default();
    sentences
        .iter()
        .map(|s| static_features(s, &stats, &mut scratch))
        .collect()
}

/// The static features of every token of a sentence.
fn static_features(words: &[String], doc: &DocStats, sc: &mut Scratch) -> Prepared {
    let n = words.len();
    let mut toks = Vec::with_capacity(n);
    // Prefix and suffix hashes (1 to 4 characters) per token.
    let mut affixes: Vec<[u64; 8]> = Vec::with_capacity(n);
    for w in words {
        sc.read(w);
        // Byte offsets of the first five and the last four characters, without collecting
        // the word's characters.
        let lower = sc.lower.as_bytes();
        let mut head = [lower.len(); 5];
        let mut n = 0;
        for (i, (b, _)) in sc.lower.char_indices().take(5).enumerate() {
            head[i] = b;
            n = i + 1;
        }
        let mut tail = [0usize; 4];
        for (i, (b, _)) in sc.lower.char_indices().rev().take(4).enumerate() {
            tail[i] = b;
        }
        let mut aff = [0u64; 8];
        for k in 1..=4.min(n) {
            aff[k - 1] = fnv(&lower[..head.get(k).copied().unwrap_or(lower.len())]);
            aff[3 + k] = fnv(&lower[tail[k - 1]..]);
        }
        affixes.push(aff);
        toks.push(Tok {
            word: fnv(sc.word.as_bytes()),
            lower: fnv(sc.lower.as_bytes()),
            shape: fnv(sc.shape.as_bytes()),
            cap: sc.word.chars().next().is_some_and(char::is_uppercase),
            // Names only: an attribution's cue and content are lower-case words.
            plain: doc.task == Task::Entities
                && (sc.word.chars().next().is_some_and(char::is_lowercase)
                    || sc.word.bytes().all(|b| b.is_ascii_punctuation())),
        });
    }
    let headline = all_caps(words);
    let at = |i: isize| -> u64 {
        if i < 0 {
            BEFORE
        } else if i as usize >= n {
            AFTER
        } else {
            toks[i as usize].lower
        }
    };
    let sh = |i: isize| -> u64 {
        if i < 0 || i as usize >= n {
            NO_SHAPE
        } else {
            toks[i as usize].shape
        }
    };
    // Runs of capitalised words ("of" may join two): every word of a run sees the run's
    // first and last word, the head that often tells a place from a body ("Sarnic
    // Island", "Maritime Safety Office").
    let of = fnv(b"of");
    let mut run_of = vec![None; n];
    let mut i = 0;
    while i < n {
        if !toks[i].cap || headline {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && (toks[j].cap || (toks[j].lower == of && j + 1 < n && toks[j + 1].cap)) {
            j += 1;
        }
        if j - i > 1 {
            for r in &mut run_of[i..j] {
                *r = Some((i, j));
            }
        }
        i = j;
    }
    let table = clusters::table();
    let paths: Vec<u32> = toks
        .iter()
        .map(|t| {
            table
                .get(&t.word)
                .or_else(|| table.get(&t.lower))
                .copied()
                .unwrap_or(0)
        })
        .collect();
    // Past either end of the sentence: a path no word has.
    let cluster = |i: isize| -> u32 {
        if i < 0 || i as usize >= n {
            1
        } else {
            paths.get(i as usize).copied().unwrap_or(0)
        }
    };
    let mut feats = Vec::with_capacity(n * 54);
    let mut offs = Vec::with_capacity(n + 1);
    offs.push(0u32);
    for (i, t) in toks.iter().enumerate() {
        let j = i as isize;
        let f = &mut feats;
        f.push(feat(0, &[]));
        f.push(feat(1, &[at(j)]));
        f.push(feat(2, &[t.word]));
        f.push(feat(3, &[at(j - 1)]));
        f.push(feat(4, &[at(j + 1)]));
        f.push(feat(5, &[at(j - 2)]));
        f.push(feat(6, &[at(j + 2)]));
        f.push(feat(7, &[sh(j)]));
        f.push(feat(8, &[sh(j - 1), sh(j)]));
        f.push(feat(9, &[sh(j), sh(j + 1)]));
        f.push(feat(10, &[sh(j - 1), sh(j), sh(j + 1)]));
        for k in 0..4 {
            if affixes[i][k] != 0 {
                f.push(feat(11 + k as u8, &[affixes[i][k]]));
                f.push(feat(15 + k as u8, &[affixes[i][4 + k]]));
            }
        }
        f.push(feat(19, &[at(j - 1), at(j)]));
        f.push(feat(20, &[at(j), at(j + 1)]));
        f.push(feat(21, &[small(&[u8::from(i == 0), u8::from(t.cap)])]));
        if headline {
            f.push(feat(22, &[sh(j)]));
        }
        if t.cap {
            let lower_seen = doc.lower_seen.contains_key(&t.lower);
            let cap_inside = doc.cap_inside.contains_key(&t.lower);
            f.push(feat(
                23,
                &[small(&[
                    u8::from(i == 0),
                    u8::from(lower_seen),
                    u8::from(cap_inside),
                ])],
            ));
        }
        // The word between its neighbours' shapes: "of X Bank" vs "in X on".
        f.push(feat(24, &[sh(j - 1), at(j)]));
        f.push(feat(25, &[at(j), sh(j + 1)]));
        // The word's cluster at three depths, its neighbours' at one (see [`clusters`]).
        let x = cluster(i as isize);
        if x != 0 {
            for (k, bits) in [6, 10, 20].into_iter().enumerate() {
                f.push(feat(30 + k as u8, &[u64::from(clusters::prefix(x, bits))]));
            }
        }
        f.push(feat(34, &[u64::from(clusters::prefix(cluster(j - 1), 10))]));
        f.push(feat(35, &[u64::from(clusters::prefix(cluster(j + 1), 10))]));
        if let Some((a, b)) = run_of[i] {
            let pos = if i == a {
                0
            } else if i + 1 == b {
                2
            } else {
                1
            };
            f.push(feat(28, &[toks[b - 1].lower, small(&[pos])]));
            f.push(feat(29, &[toks[a].lower, small(&[pos])]));
        }
        offs.push(feats.len() as u32);
    }
    let mut prepared = Prepared {
        toks,
        paths,
        feats,
        offs,
    };
    if doc.task == Task::Attribution {
        attribution_features(words, &mut prepared);
    }
    prepared
}
/// Words that introduce reported speech or a claim's origin (PolNeAR's commonest cues
/// and their forms). A hint for the model, which learns the rest from context.
pub(crate) fn is_cue_word(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "say"
            | "says"
            | "saying"
            | "told"
            | "tell"
            | "tells"
            | "telling"
            | "according"
            | "reported"
            | "reports"
            | "report"
            | "reporting"
            | "wrote"
            | "writes"
            | "write"
            | "added"
            | "adds"
            | "noted"
            | "notes"
            | "claimed"
            | "claims"
            | "claim"
            | "stated"
            | "states"
            | "announced"
            | "announces"
            | "insisted"
            | "insists"
            | "argued"
            | "argues"
            | "explained"
            | "explains"
            | "warned"
            | "warns"
            | "asked"
            | "asks"
            | "believes"
            | "believed"
            | "thinks"
            | "suggested"
            | "suggests"
            | "confirmed"
            | "confirms"
            | "denied"
            | "denies"
            | "acknowledged"
            | "admitted"
            | "alleged"
            | "alleges"
            | "predicted"
            | "estimated"
            | "estimates"
            | "showed"
            | "shows"
            | "found"
            | "finds"
            | "declared"
            | "tweeted"
            | "posted"
            | "responded"
            | "replied"
            | "recalled"
            | "described"
            | "called"
            | "accused"
            | "urged"
            | "promised"
            | "vowed"
            | "revealed"
            | "disclosed"
            | "testified"
            | "indicated"
            | "argue"
            | "contends"
            | "contended"
            | "maintained"
            | "maintains"
            | "stressed"
            | "emphasized"
            | "complained"
            | "pointed"
            | "learned"
            | "speculated"
            | "conceded"
    )
}

fn bucket(d: usize) -> u8 {
    match d {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 3,
        4..=6 => 4,
        7..=12 => 5,
        13..=25 => 6,
        _ => 7,
    }
}

/// A token that is a quotation mark (straight, doubled or curly).
pub(crate) fn is_quote_mark(w: &str) -> bool {
    matches!(w, "\"" | "''" | "``" | "“" | "”" | "«" | "»")
}

/// A token that ends a sentence.
pub(crate) fn ends_sentence(w: &str) -> bool {
    matches!(w, "." | "?" | "!")
}

/// Attribution features: inside or outside quotation marks, where the nearest cue word
/// is (before or after, how far, across a sentence end or not), and the sentence edges.
/// Appended to each token's static features.
fn attribution_features(words: &[String], p: &mut Prepared) {
    let n = words.len();
    let toks = &p.toks;
    let is_quote = |w: &str| is_quote_mark(w);
    let ends = |w: &str| ends_sentence(w);
    // Quote depth before each token (straight quotes toggle; curly ones count as straight).
    let mut inside = vec![false; n];
    let mut open = false;
    for (i, w) in words.iter().enumerate() {
        if is_quote(w) {
            open = !open;
        }
        inside[i] = open;
    }
    let mut lower = String::new();
    let cue: Vec<bool> = words
        .iter()
        .map(|w| {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            is_cue_word(&lower)
        })
        .collect();
    let sentence_start: Vec<bool> = (0..n).map(|i| i == 0 || ends(&words[i - 1])).collect();
    // Nearest cue to the left and right, and whether a sentence end lies between.
    let mut left: Vec<Option<(usize, bool)>> = vec![None; n];
    let mut last: Option<(usize, bool)> = None;
    for i in 0..n {
        last = last.map(|(at, crossed)| (at, crossed || (i > 0 && ends(&words[i - 1]))));
        left[i] = last;
        if cue[i] {
            last = Some((i, false));
        }
    }
    let mut right: Vec<Option<(usize, bool)>> = vec![None; n];
    let mut next: Option<(usize, bool)> = None;
    for i in (0..n).rev() {
        right[i] = next;
        if cue[i] {
            next = Some((i, false));
        }
        if ends(&words[i]) {
            next = next.map(|(at, _)| (at, true));
        }
    }
    let mut feats = Vec::with_capacity(p.feats.len() + n * 10);
    let mut offs = Vec::with_capacity(n + 1);
    offs.push(0u32);
    for i in 0..n {
        feats.extend_from_slice(p.of(i));
        let f = &mut feats;
        let w = words[i].as_str();
        f.push(feat(
            60,
            &[small(&[u8::from(inside[i]), u8::from(is_quote(w))])],
        ));
        f.push(feat(61, &[small(&[u8::from(cue[i])])]));
        let l = left[i].map_or([9, 9], |(at, c)| [bucket(i - at), u8::from(c)]);
        let r = right[i].map_or([9, 9], |(at, c)| [bucket(at - i), u8::from(c)]);
        f.push(feat(62, &[small(&l)]));
        f.push(feat(63, &[small(&r)]));
        f.push(feat(
            64,
            &[small(&[l[0].min(8), r[0].min(8), u8::from(inside[i])])],
        ));
        if let Some((at, false)) = left[i] {
            f.push(feat(65, &[toks[at].lower, small(&[bucket(i - at)])]));
        }
        if let Some((at, false)) = right[i] {
            f.push(feat(66, &[toks[at].lower, small(&[bucket(at - i)])]));
        }
        let end_next = i + 1 < n && ends(&words[i + 1]);
        f.push(feat(
            67,
            &[small(&[
                u8::from(sentence_start[i]),
                u8::from(end_next),
                u8::from(ends(w)),
            ])],
        ));
        let prev_quote = i > 0 && is_quote(&words[i - 1]);
        let next_quote = i + 1 < n && is_quote(&words[i + 1]);
        f.push(feat(
            68,
            &[small(&[u8::from(prev_quote), u8::from(next_quote)])],
        ));
        offs.push(feats.len() as u32);
    }
    p.feats = feats;
    p.offs = offs;
}

/// The features that depend on the labels given so far.
fn dynamic_features(toks: &[Tok], i: usize, labels: &[usize], memory: &Memory, f: &mut Vec<u32>) {
    let p1 = if i > 0 { labels[i - 1] as u8 } else { 100 };
    let p2 = if i > 1 { labels[i - 2] as u8 } else { 100 };
    let t = &toks[i];
    f.push(feat(40, &[small(&[p1])]));
    f.push(feat(41, &[small(&[p2, p1])]));
    f.push(feat(42, &[small(&[p1]), t.lower]));
    f.push(feat(43, &[small(&[p1]), t.shape]));
    if let Some(counts) = memory.0.get(&t.lower).filter(|_| t.cap) {
        let (best, n) = counts
            .iter()
            .enumerate()
            .max_by_key(|(k, n)| (**n, 4 - *k))
            .map(|(k, n)| (k, *n))
            .unwrap_or((4, 0));
        let total: u16 = counts.iter().sum();
        let share = u8::from(n * 2 > total);
        f.push(feat(44, &[small(&[best as u8, share])]));
    }
}

/// The label to learn at a token, given the label actually predicted before it: the gold
/// label when it is allowed; an entity's inside or last word seen after a wrong turn
/// starts (B) or is (U) the entity; `None` when an entity the tagger opened must close
/// (no right answer to learn).
fn oracle(prev: usize, gold: usize, last: bool) -> Option<usize> {
    if allowed(prev, gold, last) {
        return Some(gold);
    }
    match (parts(prev), parts(gold)) {
        (Some((_, 0 | 1)), _) => None,
        (_, Some((t, 1))) if !last => Some(label(t, 0)),
        (_, Some((t, 1 | 2))) => Some(label(t, 3)),
        _ => None,
    }
}

/// Scores and picks the best allowed label for token `i`.
fn best<W: Weights>(w: &W, feats: &[u32], prev: usize, last: bool) -> usize {
    let mut scores = [W::Score::default(); LABELS];
    for &b in feats {
        w.add(b, &mut scores);
    }
    pick(&scores, prev, last)
}

/// The best-scoring label allowed after `prev` (the first of equal scores).
fn pick<S: Copy + PartialOrd>(scores: &[S; LABELS], prev: usize, last: bool) -> usize {
    let mut best = None;
    for (l, &s) in scores.iter().enumerate() {
        if allowed(prev, l, last) && best.is_none_or(|(_, top)| s > top) {
            best = Some((l, s));
        }
    }
    best.map_or(0, |(l, _)| l)
}

/// Tags one prepared sentence within its document; with `gold`, calls `update` for every
/// token whose predicted label differs (training). Returns the labels.
pub fn tag_sentence<W: Weights>(
    w: &W,
    sentence: &Prepared,
    memory: &mut Memory,
    extra: &[Vec<u32>],
    gold: Option<&[usize]>,
    mut update: impl FnMut(&[u32], usize, usize),
) -> Vec<usize> {
    let n = sentence.len();
    let mut labels = Vec::with_capacity(n);
    let mut f = Vec::with_capacity(64);
    for i in 0..n {
        let prev = if i > 0 { labels[i - 1] } else { 0 };
        // Tagging, not training: a lower-case word or punctuation outside an open entity
        // is O without scoring (entities in news start capitalised; CoNLL-2003 dev F1 and
        // the speed gain are in BENCHMARKS.md).
        if gold.is_none() && sentence.toks[i].plain && !matches!(parts(prev), Some((_, 0 | 1))) {
            labels.push(0);
            continue;
        }
        f.clear();
        f.extend_from_slice(sentence.of(i));
        if let Some(x) = extra.get(i) {
            f.extend_from_slice(x);
        }
        dynamic_features(&sentence.toks, i, &labels, memory, &mut f);
        let pred = best(w, &f, prev, i + 1 == n);
        // Learn the right move from where the tagger stands: after a wrong turn the gold
        // label may be impossible (an I after an O), and pushing toward it forever only
        // inflates weights.
        let target = gold.and_then(|g| oracle(prev, g[i], i + 1 == n));
        if let Some(target) = target.filter(|t| *t != pred) {
            update(&f, target, pred);
        }
        labels.push(pred);
    }
    memory.remember(&sentence.toks, &labels);
    labels
}

/// The second pass's features: what the first pass said about this token, its
/// neighbours, and every other occurrence of the word in the document (Ratinov and Roth's
/// two-stage prediction aggregation).
pub fn second_pass_features(
    task: Task,
    words: &[&[String]],
    first: &[Vec<usize>],
) -> Vec<Vec<Vec<u32>>> {
    // Per capitalised lower-cased word: type counts of its first-pass labels (4 = O), and
    // the types of the multi-word entities it is part of.
    // Keyed by the lower-cased word's hash, as the features are (no string kept).
    let mut counts: ByHash<([u16; 5], u8)> = ByHash::default();
    let mut scratch = Scratch::default();
    for (ws, ls) in words.iter().zip(first) {
        for (w, &l) in ws.iter().zip(ls) {
            if !w.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let e = counts.entry(lower_word_hash(w, &mut scratch)).or_default();
            match parts(l) {
                Some((t, p)) => {
                    e.0[t] = e.0[t].saturating_add(1);
                    if p != 3 {
                        e.1 |= 1 << t;
                    }
                }
                None => e.0[4] = e.0[4].saturating_add(1),
            }
        }
    }
    words
        .iter()
        .zip(first)
        .map(|(ws, ls)| {
            (0..ws.len())
                .map(|i| {
                    let at = |j: isize| -> u8 {
                        if j < 0 {
                            100
                        } else {
                            ls.get(j as usize).map_or(101, |l| *l as u8)
                        }
                    };
                    let j = i as isize;
                    let mut f = vec![
                        feat(50, &[small(&[at(j)])]),
                        feat(51, &[small(&[at(j - 1), at(j), at(j + 1)])]),
                    ];
                    if let Some((c, multi)) = counts.get(&lower_word_hash(&ws[i], &mut scratch)) {
                        let total: u16 = c.iter().sum();
                        let (best, n) = c[..4]
                            .iter()
                            .enumerate()
                            .max_by_key(|(k, n)| (**n, 4 - *k))
                            .map_or((4, 0), |(k, n)| (k, *n));
                        let share = if n == 0 {
                            0
                        } else {
                            1 + u8::from(n * 2 > total)
                        };
                        f.push(feat(52, &[small(&[best as u8, share])]));
                        f.push(feat(53, &[small(&[*multi])]));
                    }
                    f
                })
                .collect::<Vec<_>>()
        })
        .zip(words.iter().zip(first))
        .map(|(mut fs, (ws, ls))| {
            if task == Task::Attribution {
                attribution_second_features(ws, ls, &mut fs);
            }
            fs
        })
        .collect()
}

/// The attribution second pass's features: where the first pass put the cues (a cue the
/// word list does not hold, "has learned", counts as well), whether a sentence end or a
/// source lies between, and the roles two words either side.
fn attribution_second_features(ws: &[String], ls: &[usize], fs: &mut [Vec<u32>]) {
    let n = ws.len().min(ls.len()).min(fs.len());
    let role = |j: isize| -> u8 {
        if j < 0 {
            5
        } else {
            ls.get(j as usize)
                .map_or(6, |&l| parts(l).map_or(4, |(t, _)| t as u8))
        }
    };
    let ends = |w: &str| ends_sentence(w);
    // Nearest first-pass cue to the left and right: (where, a sentence end crossed, a
    // source crossed).
    let mut left: Vec<Option<(usize, bool, bool)>> = vec![None; n];
    let mut last: Option<(usize, bool, bool)> = None;
    for i in 0..n {
        if i > 0 {
            let crossed_end = ends(&ws[i - 1]);
            let crossed_source = role(i as isize - 1) == 0;
            last = last.map(|(at, e, s)| (at, e || crossed_end, s || crossed_source));
        }
        left[i] = last;
        if role(i as isize) == 1 {
            last = Some((i, false, false));
        }
    }
    let mut right: Vec<Option<(usize, bool, bool)>> = vec![None; n];
    let mut next: Option<(usize, bool, bool)> = None;
    for i in (0..n).rev() {
        if i + 1 < n {
            let crossed_source = role(i as isize + 1) == 0;
            next = next.map(|(at, e, s)| (at, e, s || crossed_source));
        }
        if ends(&ws[i]) {
            next = next.map(|(at, _, s)| (at, true, s));
        }
        right[i] = next;
        if role(i as isize) == 1 {
            next = Some((i, false, false));
        }
    }
    for i in 0..n {
        let j = i as isize;
        let f = &mut fs[i];
        let l = left[i].map_or([9, 9, 9], |(at, e, s)| {
            [bucket(i - at), u8::from(e), u8::from(s)]
        });
        let r = right[i].map_or([9, 9, 9], |(at, e, s)| {
            [bucket(at - i), u8::from(e), u8::from(s)]
        });
        f.push(feat(54, &[small(&l)]));
        f.push(feat(55, &[small(&r)]));
        f.push(feat(
            56,
            &[small(&[
                role(j - 2),
                role(j - 1),
                role(j),
                role(j + 1),
                role(j + 2),
            ])],
        ));
    }
}

/// The tagger: a first pass, then a second that sees the first's labels for the whole
/// document.
pub struct Model<W> {
    pub task: Task,
    pub first: W,
    pub second: W,
    /// Both passes' weights in one table, for a decoded model: the same labels, each
    /// static feature looked up once for both passes.
    pub both: Option<both::Both>,
}

impl<W: Weights> Model<W> {
    /// Labels every sentence of a document (given as words).
    pub fn tag_document(&self, sentences: &[&[String]]) -> Vec<Vec<usize>> {
        self.tag_prepared(sentences).0
    }

    /// [`Model::tag_document`], with the sentences as prepared for it (their tokens'
    /// views, for readers after the tagger).
    pub fn tag_prepared(&self, sentences: &[&[String]]) -> (Vec<Vec<usize>>, Vec<Prepared>) {
        let prepared = prepare(self.task, sentences);
        if let Some(both) = &self.both {
            let labels = both.tag_document(self.task, &prepared, sentences);
            return (labels, prepared);
        }
        let first = run_pass(&self.first, &prepared, None);
        let extra = second_pass_features(self.task, sentences, &first);
        (run_pass(&self.second, &prepared, Some(&extra)), prepared)
    }
}

/// One pass over a document's prepared sentences, with optional extra features per token.
pub fn run_pass<W: Weights>(
    w: &W,
    sentences: &[Prepared],
    extra: Option<&[Vec<Vec<u32>>]>,
) -> Vec<Vec<usize>> {
    let mut memory = Memory::default();
    sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let x = extra.and_then(|x| x.get(i)).map_or(&[][..], Vec::as_slice);
            tag_sentence(w, s, &mut memory, x, None, |_, _, _| {})
        })
        .collect()
}

/// Entity spans (token start, token end exclusive, type) from BILOU labels.
pub fn spans(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        match parts(l) {
            Some((t, 3)) => out.push((i, i + 1, t)),
            Some((t, 0)) => open = Some((i, t)),
            Some((t, 2)) => {
                if let Some((s, _)) = open.take().filter(|o| o.1 == t) {
                    out.push((s, i + 1, t));
                }
            }
            Some(_) => {}
            None => open = None,
        }
    }
    out
}

/// BILOU labels from entity spans over `n` tokens.
pub fn bilou(n: usize, spans: &[(usize, usize, usize)]) -> Vec<usize> {
    let mut l = vec![0; n];
    for &(s, e, t) in spans {
        if e == s + 1 {
            l[s] = label(t, 3);
        } else {
            l[s] = label(t, 0);
            for x in &mut l[s + 1..e - 1] {
                *x = label(t, 1);
            }
            l[e - 1] = label(t, 2);
        }
    }
    l
}

/// The shipped weights: only the buckets that carry weight, in an open-addressing table,
/// as 16-bit integers (argmax does not care about scale). A slot holds its key beside its
/// row, so a lookup costs one cache line, not two.
pub struct Compact {
    table: Table<[f32; LABELS]>,
}

impl Compact {
    pub fn new(entries: Vec<(u32, [i16; LABELS])>) -> Compact {
        let mut table = Table::with_room(entries.len(), [0.0; LABELS]);
        for (b, row) in entries {
            *table.entry(b) = row.map(f32::from);
        }
        Compact { table }
    }

    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Weights for Compact {
    type Score = f32;
    fn add(&self, bucket: u32, scores: &mut [f32; LABELS]) {
        if let Some(row) = self.table.get(bucket) {
            for (x, w) in scores.iter_mut().zip(row) {
                *x += *w;
            }
        }
    }
}

/// An open-addressing table from feature buckets to rows, at most half full. A slot holds
/// its key beside its row, so a look-up costs one cache line, not two.
pub(crate) struct Table<R> {
    slots: Vec<Slot<R>>,
    shift: u32,
    /// One bit per bucket of the feature space (256 KB, held in the core's cache): most
    /// features of a token carry no weight, and this answers them without reaching into
    /// the table, whose misses are the tagger's main cost.
    present: Vec<u64>,
}

#[derive(Clone, Copy)]
struct Slot<R> {
    /// Bucket + 1; 0 marks an empty slot.
    key: u32,
    row: R,
}

impl<R: Copy> Table<R> {
    /// Room for `keys` distinct keys, each row starting as `empty`.
    pub(crate) fn with_room(keys: usize, empty: R) -> Self {
        let cap = (keys * 2).next_power_of_two().max(16);
        Table {
            slots: vec![Slot { key: 0, row: empty }; cap],
            shift: 64 - cap.trailing_zeros(),
            present: vec![0u64; (1usize << BITS) / 64],
        }
    }

    fn home(&self, bucket: u32) -> usize {
        (u64::from(bucket).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// The row of `bucket`, claimed (as `empty`) if it has none. At most the room given
    /// to [`Table::with_room`] distinct keys.
    pub(crate) fn entry(&mut self, bucket: u32) -> &mut R {
        if let Some(w) = self.present.get_mut(bucket as usize / 64) {
            *w |= 1 << (bucket % 64);
        }
        let mask = self.slots.len() - 1;
        let mut k = self.home(bucket);
        while self.slots[k].key != 0 && self.slots[k].key != bucket + 1 {
            k = (k + 1) & mask;
        }
        self.slots[k].key = bucket + 1;
        &mut self.slots[k].row
    }

    #[inline]
    pub(crate) fn get(&self, bucket: u32) -> Option<&R> {
        // A bucket past the feature space cannot be in the table either.
        let known = self
            .present
            .get(bucket as usize / 64)
            .is_some_and(|w| w >> (bucket % 64) & 1 == 1);
        if !known {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut k = self.home(bucket);
        loop {
            let s = &self.slots[k];
            if s.key == 0 {
                return None;
            }
            if s.key == bucket + 1 {
                return Some(&s.row);
            }
            k = (k + 1) & mask;
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trips_and_decoding_stays_valid() {
        let sp = vec![(0, 2, 0), (3, 4, 2), (5, 8, 1)];
        let l = bilou(8, &sp);
        assert_eq!(spans(&l), sp);
        assert!(allowed(label(0, 0), label(0, 2), true));
        assert!(!allowed(label(0, 0), label(1, 2), false));
        assert!(!allowed(0, label(0, 0), true));
        assert!(!allowed(label(0, 1), 0, false));
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Maduro"), "Xxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("1996-08-22"), "dd-dd-dd");
    }

    #[test]
    fn ascii_words_read_as_the_general_reading_does() {
        let (mut fast, mut slow) = (Scratch::default(), Scratch::default());
        for w in [
            "Maduro",
            "U.S.",
            "1996-08-22",
            "McDONALD's",
            "aaaBBB99x",
            "",
            "--",
            "$50",
        ] {
            fast.read(w);
            slow.word.clear();
            slow.lower.clear();
            slow.shape.clear();
            slow.read_chars(w);
            assert_eq!(
                (&fast.word, &fast.lower, &fast.shape),
                (&slow.word, &slow.lower, &slow.shape),
                "{w}"
            );
        }
    }
}
