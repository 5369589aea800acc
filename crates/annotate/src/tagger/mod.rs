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
    fn add(&self, bucket: u32, scores: &mut [f32; LABELS]);
}

struct H(u64);

impl H {
    fn new(template: u8) -> H {
        H(0xcbf2_9ce4_8422_2325 ^ u64::from(template).wrapping_mul(0x100_0000_01b3))
    }
    fn bytes(mut self, b: &[u8]) -> H {
        for &x in b {
            self.0 = (self.0 ^ u64::from(x)).wrapping_mul(0x100_0000_01b3);
        }
        self
    }
    fn sep(self) -> H {
        self.bytes(&[0xff])
    }
    fn done(self) -> u32 {
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        (x & MASK) as u32
    }
}

/// The per-token views the features are built from.
struct Tok {
    word: String,
    lower: String,
    shape: String,
    cap: bool,
}

fn normalise(w: &str) -> String {
    w.chars()
        .map(|c| match c {
            '“' | '”' | '«' | '»' => '"',
            '‘' | '’' => '\'',
            '–' | '—' => '-',
            c if c.is_ascii_digit() => '0',
            c => c,
        })
        .collect()
}

fn shape(w: &str) -> String {
    let mut s = String::new();
    let mut last = ' ';
    let mut run = 0;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        last = k;
        s.push(k);
    }
    s
}

/// A document being tagged: its word statistics and what was tagged so far.
pub struct DocState {
    task: Task,
    /// Lower-cased words written in lower case somewhere in the document.
    lower_seen: std::collections::HashSet<String>,
    /// Lower-cased words capitalised away from the start of a sentence.
    cap_inside: std::collections::HashSet<String>,
    /// Per lower-cased capitalised word: how often each type (4 = none) was given.
    memory: HashMap<String, [u16; 5]>,
}

impl DocState {
    /// Reads the document's sentences (as words) once before tagging.
    pub fn new<'a>(task: Task, sentences: impl Iterator<Item = &'a [String]>) -> DocState {
        let mut st = DocState {
            task,
            lower_seen: Default::default(),
            cap_inside: Default::default(),
            memory: HashMap::new(),
        };
        for words in sentences {
            for (i, w) in words.iter().enumerate() {
                let first = w.chars().next().unwrap_or(' ');
                if first.is_lowercase() {
                    st.lower_seen.insert(w.to_lowercase());
                } else if first.is_uppercase() && i > 0 && !all_caps(words) {
                    st.cap_inside.insert(w.to_lowercase());
                }
            }
        }
        st
    }

    fn remember(&mut self, toks: &[Tok], labels: &[usize]) {
        for (t, &l) in toks.iter().zip(labels) {
            if !t.cap {
                continue;
            }
            let e = self.memory.entry(t.lower.clone()).or_default();
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

/// The static features of every token of a sentence.
fn static_features(words: &[String], doc: &DocState) -> (Vec<Tok>, Vec<Vec<u32>>) {
    let toks: Vec<Tok> = words
        .iter()
        .map(|w| {
            let word = normalise(w);
            let lower = word.to_lowercase();
            Tok {
                shape: shape(&word),
                cap: word.chars().next().is_some_and(char::is_uppercase),
                word,
                lower,
            }
        })
        .collect();
    let headline = all_caps(words);
    let n = toks.len();
    let at = |i: isize| -> &[u8] {
        if i < 0 {
            b"<s>"
        } else if i as usize >= n {
            b"</s>"
        } else {
            toks[i as usize].lower.as_bytes()
        }
    };
    let sh = |i: isize| -> &[u8] {
        if i < 0 || i as usize >= n {
            b"_"
        } else {
            toks[i as usize].shape.as_bytes()
        }
    };
    // Runs of capitalised words ("of" may join two): every word of a run sees the run's
    // first and last word, the head that often tells a place from a body ("Sarnic
    // Island", "Maritime Safety Office").
    let mut run_of = vec![None; n];
    let mut i = 0;
    while i < n {
        if !toks[i].cap || headline {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && (toks[j].cap || (toks[j].lower == "of" && j + 1 < n && toks[j + 1].cap)) {
            j += 1;
        }
        if j - i > 1 {
            for r in &mut run_of[i..j] {
                *r = Some((i, j));
            }
        }
        i = j;
    }
    let mut feats = Vec::with_capacity(n);
    for (i, t) in toks.iter().enumerate() {
        let j = i as isize;
        let mut f = Vec::with_capacity(40);
        f.push(H::new(0).done());
        f.push(H::new(1).bytes(at(j)).done());
        f.push(H::new(2).bytes(t.word.as_bytes()).done());
        f.push(H::new(3).bytes(at(j - 1)).done());
        f.push(H::new(4).bytes(at(j + 1)).done());
        f.push(H::new(5).bytes(at(j - 2)).done());
        f.push(H::new(6).bytes(at(j + 2)).done());
        f.push(H::new(7).bytes(sh(j)).done());
        f.push(H::new(8).bytes(sh(j - 1)).sep().bytes(sh(j)).done());
        f.push(H::new(9).bytes(sh(j)).sep().bytes(sh(j + 1)).done());
        f.push(
            H::new(10)
                .bytes(sh(j - 1))
                .sep()
                .bytes(sh(j))
                .sep()
                .bytes(sh(j + 1))
                .done(),
        );
        let chars: Vec<(usize, char)> = t.lower.char_indices().collect();
        for k in 1..=4.min(chars.len()) {
            let cut = chars.get(k).map_or(t.lower.len(), |c| c.0);
            f.push(
                H::new(10 + k as u8)
                    .bytes(&t.lower.as_bytes()[..cut])
                    .done(),
            );
            let from = chars[chars.len() - k].0;
            f.push(
                H::new(14 + k as u8)
                    .bytes(&t.lower.as_bytes()[from..])
                    .done(),
            );
        }
        f.push(H::new(19).bytes(at(j - 1)).sep().bytes(at(j)).done());
        f.push(H::new(20).bytes(at(j)).sep().bytes(at(j + 1)).done());
        f.push(
            H::new(21)
                .bytes(&[u8::from(i == 0), u8::from(t.cap)])
                .done(),
        );
        if headline {
            f.push(H::new(22).bytes(sh(j)).done());
        }
        if t.cap {
            let lower_seen = doc.lower_seen.contains(&t.lower);
            let cap_inside = doc.cap_inside.contains(&t.lower);
            f.push(
                H::new(23)
                    .bytes(&[u8::from(i == 0), u8::from(lower_seen), u8::from(cap_inside)])
                    .done(),
            );
        }
        // The word between its neighbours' shapes: "of X Bank" vs "in X on".
        f.push(H::new(24).bytes(sh(j - 1)).sep().bytes(at(j)).done());
        f.push(H::new(25).bytes(at(j)).sep().bytes(sh(j + 1)).done());
        if let Some((a, b)) = run_of[i] {
            let pos = if i == a {
                0
            } else if i + 1 == b {
                2
            } else {
                1
            };
            f.push(
                H::new(28)
                    .bytes(toks[b - 1].lower.as_bytes())
                    .sep()
                    .bytes(&[pos])
                    .done(),
            );
            f.push(
                H::new(29)
                    .bytes(toks[a].lower.as_bytes())
                    .sep()
                    .bytes(&[pos])
                    .done(),
            );
        }
        feats.push(f);
    }
    if doc.task == Task::Attribution {
        attribution_features(&toks, &mut feats);
    }
    (toks, feats)
}

/// Words that introduce reported speech or a claim's origin (PolNeAR's commonest cues
/// and their forms). A hint for the model, which learns the rest from context.
fn is_cue_word(w: &str) -> bool {
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

/// Attribution features: inside or outside quotation marks, where the nearest cue word
/// is (before or after, how far, across a sentence end or not), and the sentence edges.
fn attribution_features(toks: &[Tok], feats: &mut [Vec<u32>]) {
    let n = toks.len();
    let is_quote = |t: &Tok| t.word == "\"" || t.word == "''" || t.word == "``";
    let ends = |t: &Tok| matches!(t.word.as_str(), "." | "?" | "!");
    // Quote depth before each token (straight quotes toggle; curly ones were normalised).
    let mut inside = vec![false; n];
    let mut open = false;
    for (i, t) in toks.iter().enumerate() {
        if is_quote(t) {
            open = !open;
        }
        inside[i] = open;
    }
    let cue: Vec<bool> = toks.iter().map(|t| is_cue_word(&t.lower)).collect();
    let sentence_start: Vec<bool> = (0..n).map(|i| i == 0 || ends(&toks[i - 1])).collect();
    // Nearest cue to the left and right, and whether a sentence end lies between.
    let mut left: Vec<Option<(usize, bool)>> = vec![None; n];
    let mut last: Option<(usize, bool)> = None;
    for i in 0..n {
        last = last.map(|(at, crossed)| (at, crossed || (i > 0 && ends(&toks[i - 1]))));
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
        if ends(&toks[i]) {
            next = next.map(|(at, _)| (at, true));
        }
    }
    for (i, f) in feats.iter_mut().enumerate() {
        let t = &toks[i];
        f.push(
            H::new(60)
                .bytes(&[u8::from(inside[i]), u8::from(is_quote(t))])
                .done(),
        );
        f.push(H::new(61).bytes(&[u8::from(cue[i])]).done());
        let l = left[i].map_or([9, 9], |(at, c)| [bucket(i - at), u8::from(c)]);
        let r = right[i].map_or([9, 9], |(at, c)| [bucket(at - i), u8::from(c)]);
        f.push(H::new(62).bytes(&l).done());
        f.push(H::new(63).bytes(&r).done());
        f.push(
            H::new(64)
                .bytes(&[l[0].min(8), r[0].min(8), u8::from(inside[i])])
                .done(),
        );
        if let Some((at, false)) = left[i] {
            f.push(
                H::new(65)
                    .bytes(toks[at].lower.as_bytes())
                    .sep()
                    .bytes(&[bucket(i - at)])
                    .done(),
            );
        }
        if let Some((at, false)) = right[i] {
            f.push(
                H::new(66)
                    .bytes(toks[at].lower.as_bytes())
                    .sep()
                    .bytes(&[bucket(at - i)])
                    .done(),
            );
        }
        let end_next = i + 1 < n && ends(&toks[i + 1]);
        f.push(
            H::new(67)
                .bytes(&[
                    u8::from(sentence_start[i]),
                    u8::from(end_next),
                    u8::from(ends(t)),
                ])
                .done(),
        );
        let prev_quote = i > 0 && is_quote(&toks[i - 1]);
        let next_quote = i + 1 < n && is_quote(&toks[i + 1]);
        f.push(
            H::new(68)
                .bytes(&[u8::from(prev_quote), u8::from(next_quote)])
                .done(),
        );
    }
}

/// The features that depend on the labels given so far.
fn dynamic_features(toks: &[Tok], i: usize, labels: &[usize], doc: &DocState, f: &mut Vec<u32>) {
    let p1 = if i > 0 { labels[i - 1] as u8 } else { 100 };
    let p2 = if i > 1 { labels[i - 2] as u8 } else { 100 };
    let t = &toks[i];
    f.push(H::new(40).bytes(&[p1]).done());
    f.push(H::new(41).bytes(&[p2, p1]).done());
    f.push(
        H::new(42)
            .bytes(&[p1])
            .sep()
            .bytes(t.lower.as_bytes())
            .done(),
    );
    f.push(
        H::new(43)
            .bytes(&[p1])
            .sep()
            .bytes(t.shape.as_bytes())
            .done(),
    );
    if let Some(counts) = doc.memory.get(&t.lower).filter(|_| t.cap) {
        let (best, n) = counts
            .iter()
            .enumerate()
            .max_by_key(|(k, n)| (**n, 4 - *k))
            .map(|(k, n)| (k, *n))
            .unwrap_or((4, 0));
        let total: u16 = counts.iter().sum();
        let share = u8::from(n * 2 > total);
        f.push(H::new(44).bytes(&[best as u8, share]).done());
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
    let mut scores = [0f32; LABELS];
    for &b in feats {
        w.add(b, &mut scores);
    }
    let mut best = 0;
    let mut top = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        if s > top && allowed(prev, l, last) {
            top = s;
            best = l;
        }
    }
    best
}

/// Tags one sentence (given as words) within its document; with `gold`, calls `update`
/// for every token whose predicted label differs (training). Returns the labels.
pub fn tag_sentence<W: Weights>(
    w: &W,
    words: &[String],
    doc: &mut DocState,
    extra: &[Vec<u32>],
    gold: Option<&[usize]>,
    mut update: impl FnMut(&[u32], usize, usize),
) -> Vec<usize> {
    let (toks, statics) = static_features(words, doc);
    let n = toks.len();
    let mut labels = Vec::with_capacity(n);
    let mut f = Vec::with_capacity(48);
    for i in 0..n {
        f.clear();
        f.extend_from_slice(&statics[i]);
        if let Some(x) = extra.get(i) {
            f.extend_from_slice(x);
        }
        dynamic_features(&toks, i, &labels, doc, &mut f);
        let prev = if i > 0 { labels[i - 1] } else { 0 };
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
    doc.remember(&toks, &labels);
    labels
}

/// The second pass's features: what the first pass said about this token, its
/// neighbours, and every other occurrence of the word in the document (Ratinov and Roth's
/// two-stage prediction aggregation).
pub fn second_pass_features(words: &[&[String]], first: &[Vec<usize>]) -> Vec<Vec<Vec<u32>>> {
    // Per capitalised lower-cased word: type counts of its first-pass labels (4 = O), and
    // the types of the multi-word entities it is part of.
    let mut counts: HashMap<String, ([u16; 5], u8)> = HashMap::new();
    for (ws, ls) in words.iter().zip(first) {
        for (w, &l) in ws.iter().zip(ls) {
            if !w.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let e = counts.entry(w.to_lowercase()).or_default();
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
                        H::new(50).bytes(&[at(j)]).done(),
                        H::new(51).bytes(&[at(j - 1), at(j), at(j + 1)]).done(),
                    ];
                    if let Some((c, multi)) = counts.get(&ws[i].to_lowercase()) {
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
                        f.push(H::new(52).bytes(&[best as u8, share]).done());
                        f.push(H::new(53).bytes(&[*multi]).done());
                    }
                    f
                })
                .collect()
        })
        .collect()
}

/// The tagger: a first pass, then a second that sees the first's labels for the whole
/// document.
pub struct Model<W> {
    pub task: Task,
    pub first: W,
    pub second: W,
}

impl<W: Weights> Model<W> {
    /// Labels every sentence of a document (given as words).
    pub fn tag_document(&self, sentences: &[&[String]]) -> Vec<Vec<usize>> {
        let first = run_pass(&self.first, self.task, sentences, None);
        let extra = second_pass_features(sentences, &first);
        run_pass(&self.second, self.task, sentences, Some(&extra))
    }
}

/// One pass over a document's sentences, with optional extra features per token.
pub fn run_pass<W: Weights>(
    w: &W,
    task: Task,
    sentences: &[&[String]],
    extra: Option<&[Vec<Vec<u32>>]>,
) -> Vec<Vec<usize>> {
    let mut doc = DocState::new(task, sentences.iter().copied());
    sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let x = extra.and_then(|x| x.get(i)).map_or(&[][..], Vec::as_slice);
            tag_sentence(w, s, &mut doc, x, None, |_, _, _| {})
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
    slots: Vec<Slot>,
    shift: u32,
}

#[derive(Clone, Copy)]
struct Slot {
    /// Bucket + 1; 0 marks an empty slot.
    key: u32,
    row: [i16; LABELS],
}

impl Compact {
    pub fn new(entries: Vec<(u32, [i16; LABELS])>) -> Compact {
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let empty = Slot {
            key: 0,
            row: [0; LABELS],
        };
        let mut slots = vec![empty; cap];
        let shift = 64 - cap.trailing_zeros();
        for (b, row) in entries {
            let mut k = slot(b, shift);
            while slots[k].key != 0 {
                k = (k + 1) & (cap - 1);
            }
            slots[k] = Slot { key: b + 1, row };
        }
        Compact { slots, shift }
    }

    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn slot(b: u32, shift: u32) -> usize {
    (u64::from(b).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize
}

impl Weights for Compact {
    fn add(&self, bucket: u32, scores: &mut [f32; LABELS]) {
        let mask = self.slots.len() - 1;
        let mut k = slot(bucket, self.shift);
        loop {
            let s = &self.slots[k];
            if s.key == 0 {
                return;
            }
            if s.key == bucket + 1 {
                for (x, w) in scores.iter_mut().zip(&s.row) {
                    *x += f32::from(*w);
                }
                return;
            }
            k = (k + 1) & mask;
        }
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
}
