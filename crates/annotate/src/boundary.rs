//! Learned edges of attribution spans: where a source, cue or content the tagger found
//! should start and end.
//!
//! The tagger reads left to right and decides each word's role as it goes, so it often
//! finds the right clause and misses its edge by a word or a phrase ("[statements by GOP
//! nominee Donald Trump ...]", "[that it would cost $374 billion], which would defer").
//! This module looks again at each span the attribution rules kept: every word up to
//! [`WINDOW`] words either side of its start is a candidate start ([`SOURCE_BACK`] back
//! for a source, [`CUE_WINDOW`] for a cue), and likewise for its end, without crossing a
//! neighbouring span. Averaged perceptrons (five, each reading the examples in its own
//! order, their weights averaged) score the candidates from the words at and around the
//! edge, how far it moves, and what lies beside the span (a cue or source before or after
//! it), and the best one is taken; on a tie the tagger's own edge stays.
//!
//! It is trained on what the tagger does on articles it never saw: `crosscheck train
//! attribution-edges` splits PolNeAR's train split into folds, trains a tagger on all
//! but one and tags that one, and learns from the spans it gets (README, "Shipped
//! models"). The gold edge is the one of the first annotator's span that overlaps the
//! found span most; a span whose gold edge is no candidate teaches nothing.

use crate::tagger::{
    clusters, ends_sentence, is_quote_mark, train::TrainError, word_views, Prepared,
};

/// How many words an edge may move either way.
pub const WINDOW: usize = 8;

/// How many words a cue's edges may move.
pub const CUE_WINDOW: usize = 3;

/// How many words a source's start may move back.
pub const SOURCE_BACK: usize = 5;

/// The three roles, as indices into [`crate::tagger::ROLES`].
const ROLES: usize = 3;

const MAGIC: &[u8; 8] = b"xcedge01";

/// A span of a paragraph's words, `(first, past the last, role)`.
pub type Span = (usize, usize, usize);

/// The learned weights, one per hashed bucket of the feature space.
#[derive(Debug, Default, Clone)]
pub struct Edges {
    /// A weight per bucket of the feature space (empty: no weights).
    weights: Vec<f32>,
    /// One bit per bucket, set when it has a weight: most candidates' features have none,
    /// and the bits (32 KB, in the core's cache) answer those without touching the 1 MB of
    /// weights.
    present: Vec<u64>,
}

/// Features are hashed into 2^18 buckets, in training as in use (colliding features
/// share a weight, and the training sees it; 2^20 and 2^22 scored the same on dev, 2^16
/// lost 0.003 of content F1).
const BITS: u32 = 18;

/// One paragraph as the edge features read it.
pub struct Paragraph {
    lower: Vec<u64>,
    shape: Vec<u64>,
    /// Word-cluster paths cut to their first ten branches.
    cluster: Vec<u64>,
    /// Sentence ends seen before each word (a running count).
    ends: Vec<u32>,
    /// Quotation marks seen before each word (a running count).
    quotes: Vec<u32>,
    /// Commas, colons and dashes seen before each word (a running count).
    breaks: Vec<u32>,
}

const OUTSIDE: u64 = 0x0ddb_a11c_0ffe_e000;

impl Paragraph {
    /// A paragraph's words, read as the taggers read them.
    pub fn new(words: &[String]) -> Paragraph {
        Paragraph::build(words, |i| word_views(&words[i]))
    }

    /// A paragraph's words with the views the attribution tagger already took of them.
    pub fn from_prepared(words: &[String], prepared: &Prepared) -> Paragraph {
        Paragraph::build(words, |i| prepared.views(i))
    }

    fn build(words: &[String], views: impl Fn(usize) -> (u64, u64, u32)) -> Paragraph {
        let mut p = Paragraph {
            lower: Vec::with_capacity(words.len()),
            shape: Vec::with_capacity(words.len()),
            cluster: Vec::with_capacity(words.len()),
            ends: Vec::with_capacity(words.len() + 1),
            quotes: Vec::with_capacity(words.len() + 1),
            breaks: Vec::with_capacity(words.len() + 1),
        };
        let (mut ends, mut quotes, mut breaks) = (0, 0, 0);
        for (i, w) in words.iter().enumerate() {
            p.ends.push(ends);
            p.quotes.push(quotes);
            p.breaks.push(breaks);
            breaks += u32::from(matches!(
                w.as_str(),
                "," | ":" | ";" | "-" | "--" | "\u{2013}" | "\u{2014}"
            ));
            ends += u32::from(ends_sentence(w));
            quotes += u32::from(is_quote_mark(w));
            let (lower, shape, path) = views(i);
            p.lower.push(lower);
            p.shape.push(shape);
            p.cluster.push(u64::from(clusters::prefix(path, 10)));
        }
        p.ends.push(ends);
        p.quotes.push(quotes);
        p.breaks.push(breaks);
        p
    }

    fn len(&self) -> usize {
        self.lower.len()
    }

    fn word(&self, i: isize) -> u64 {
        at(&self.lower, i)
    }

    fn cluster(&self, i: isize) -> u64 {
        at(&self.cluster, i)
    }
}

/// Word i's view, or [`OUTSIDE`] past either end of the paragraph.
fn at(views: &[u64], i: isize) -> u64 {
    usize::try_from(i)
        .ok()
        .and_then(|i| views.get(i))
        .copied()
        .unwrap_or(OUTSIDE)
}

/// Which edge of a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Start,
    End,
}

/// What a span has right beside it: a cue before, a cue after, a source before, a source
/// after (within a word).
fn context(span: &Span, all: &[Span]) -> u64 {
    let beside = |role: usize, before: bool| {
        all.iter().any(|o| {
            o != span
                && o.2 == role
                && if before {
                    o.1 <= span.0 && span.0 - o.1 <= 1
                } else {
                    o.0 >= span.1 && o.0 - span.1 <= 1
                }
        })
    };
    let flags = [
        beside(1, true),
        beside(1, false),
        beside(0, true),
        beside(0, false),
    ];
    flags
        .iter()
        .enumerate()
        .fold(0u64, |h, (k, &f)| h | (u64::from(f) << k))
}

/// A signed distance as a few buckets: -3..=3 each its own, then 4 to 6, then 7 or more.
fn moved(by: isize) -> u64 {
    let a = by.unsigned_abs();
    let b = match a {
        0..=3 => a as u64,
        4..=6 => 4,
        _ => 5,
    };
    if by < 0 {
        b + 8
    } else {
        b
    }
}

/// The features of putting `side` of span (role `role`) at word `x` (the first word for a
/// start, the last for an end), the tagger having put it at `at`.
fn features(
    p: &Paragraph,
    role: usize,
    side: Side,
    x: usize,
    at: usize,
    ctx: u64,
    out: &mut Vec<u32>,
) {
    out.clear();
    let xi = x as isize;
    let head = (role as u64) << 1 | u64::from(side == Side::End);
    let off = moved(xi - at as isize);
    let w0 = p.word(xi);
    // The word outside the edge, and the one past it.
    let (out1, o1, o2) = match side {
        Side::Start => (xi - 1, p.word(xi - 1), p.word(xi - 2)),
        Side::End => (xi + 1, p.word(xi + 1), p.word(xi + 2)),
    };
    let (c0, c1) = (p.cluster(xi), p.cluster(out1));
    let s0 = p.shape[x];
    // The edge's side of the word: a start sits before word x, an end after it.
    let edge = if side == Side::Start { x } else { x + 1 };
    let tagger_edge = if side == Side::Start { at } else { at + 1 };
    let (lo, hi) = (edge.min(tagger_edge), edge.max(tagger_edge));
    let crossed = p.ends[hi] != p.ends[lo];
    let crossed_break = p.breaks[hi] != p.breaks[lo];
    let quoted = p.quotes[edge] % 2 == 1;
    // The edge is a sentence's edge: its first word, or the word before its full stop.
    let n = p.len();
    let sentence_edge = match side {
        Side::Start => x == 0 || p.ends[x] > p.ends[x - 1],
        Side::End => x + 1 == n || p.ends[x + 2] > p.ends[x + 1],
    };
    let flags = u64::from(crossed)
        | u64::from(quoted) << 1
        | u64::from(sentence_edge) << 2
        | u64::from(crossed_break) << 3
        | 1 << 8;
    let parts: [&[u64]; 21] = [
        &[flags],
        &[flags, w0],
        &[flags, ctx],
        &[c0],
        &[c1],
        &[c1, c0],
        &[off, c0],
        &[],
        &[w0],
        &[o1],
        &[o1, w0],
        &[o2, o1],
        &[off],
        &[off, w0],
        &[off, o1],
        &[ctx],
        &[ctx, w0],
        &[ctx, o1],
        &[ctx, off],
        &[s0],
        &[s0, o1],
    ];
    for (template, parts) in parts.iter().enumerate() {
        let mut h = (head << 8 | template as u64 | 1 << 16).wrapping_mul(0xff51_afd7_ed55_8ccd);
        for &v in *parts {
            h = (h ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
        }
        out.push((h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - BITS)) as u32);
    }
}

/// The candidate words for an edge: `(lowest, highest)` word index, inclusive.
fn candidates(span: &Span, side: Side, all: &[Span], n: usize) -> (usize, usize) {
    // Neighbouring spans bound the move.
    let lo = all
        .iter()
        .filter(|o| *o != span && o.1 <= span.0)
        .map(|o| o.1)
        .max()
        .unwrap_or(0);
    let hi = all
        .iter()
        .filter(|o| *o != span && o.0 >= span.1)
        .map(|o| o.0)
        .min()
        .unwrap_or(n);
    let last = span.1 - 1;
    // A source is a short noun phrase: its start moves back at most [`SOURCE_BACK`] words
    // (dev scores are the same with 3, 5 and 8; with 8 "[Port Aldren reopened on Wednesday
    // after dock workers] voted" was taken for a source).
    // A cue is a verb and its auxiliaries or particles: it moves at most [`CUE_WINDOW`]
    // words (PolNeAR dev exact F1 with 3 against 8: cue 0.669 / 0.666, source and content
    // the same within 0.001), and scoring fewer candidates is faster.
    let w = if span.2 == 1 { CUE_WINDOW } else { WINDOW };
    let back = if span.2 == 0 { SOURCE_BACK } else { w };
    match side {
        Side::Start => (lo.max(span.0.saturating_sub(back)), last.min(span.0 + w)),
        Side::End => (span.0.max(last.saturating_sub(w)), (hi - 1).min(last + w)),
    }
}

impl Edges {
    /// Reads a file written by [`train`].
    pub fn decode(bytes: &[u8]) -> Result<Edges, TrainError> {
        let bad = |why: &str| TrainError::BadModel {
            why: why.to_string(),
        };
        let raw = zstd::decode_all(bytes).map_err(|e| bad(&e.to_string()))?;
        if raw.get(..8) != Some(MAGIC) || (raw.len() - 8) % 8 != 0 {
            return Err(bad("not a crosscheck edge model"));
        }
        let mut weights = vec![0f32; 1 << BITS];
        let mut present = vec![0u64; (1 << BITS) / 64];
        for c in raw[8..].chunks_exact(8) {
            let b = u32::from_le_bytes(c[..4].try_into().expect("4 bytes")) as usize;
            let w = f32::from_le_bytes(c[4..].try_into().expect("4 bytes"));
            let Some(slot) = weights.get_mut(b) else {
                return Err(bad("a bucket out of range"));
            };
            *slot = w;
            present[b / 64] |= 1 << (b % 64);
        }
        Ok(Edges { weights, present })
    }

    fn score(&self, feats: &[u32]) -> f32 {
        feats
            .iter()
            .map(|&f| f as usize)
            .filter(|&b| self.present[b / 64] & (1 << (b % 64)) != 0)
            .map(|b| self.weights[b])
            .sum()
    }

    /// The spans of one paragraph with their edges moved where the weights put them.
    /// Each span is judged beside the others as the tagger left them.
    pub fn adjust(&self, p: &Paragraph, spans: &[Span]) -> Vec<Span> {
        if self.weights.is_empty() || spans.is_empty() {
            return spans.to_vec();
        }
        let mut feats = Vec::with_capacity(16);
        let moved: Vec<Span> = spans
            .iter()
            .map(|span| {
                if span.2 >= ROLES || span.1 > p.len() || span.0 >= span.1 {
                    return *span;
                }
                let ctx = context(span, spans);
                let mut pick = |side: Side, from: usize, at: usize| {
                    let (lo, hi) = candidates(span, side, spans, p.len());
                    let mut best = (f32::NEG_INFINITY, at);
                    for x in lo.max(from)..=hi {
                        features(p, span.2, side, x, at, ctx, &mut feats);
                        let s = self.score(&feats);
                        if s > best.0 || (s == best.0 && x == at) {
                            best = (s, x);
                        }
                    }
                    best.1
                };
                // A content that opens its sentence and has its cue or source after it
                // ("Drone attacks on fishing boats ... have killed four fishermen, the
                // harbour master's office said") keeps its start: the tagger and the rules
                // are right there nearly as often as the weights (PolNeAR dev content F1
                // with an earlier training of the weights: 0.5286 with the weights moving
                // it, 0.5274 with the start kept), and in wire copy, where this is the
                // commonest shape of a claim, the weights' moves cut the clause.
                let fronted = span.2 == 2
                    && ctx & 0b1010 != 0
                    && (span.0 == 0 || p.ends[span.0] > p.ends[span.0 - 1]);
                let start = if fronted {
                    span.0
                } else {
                    pick(Side::Start, 0, span.0)
                };
                let end = pick(Side::End, start, span.1 - 1);
                (start, end + 1, span.2)
            })
            .collect();
        apart(spans, moved)
    }
}

/// Each span is moved beside the others as they were, so two neighbours can both move into
/// the words between them: where moved spans overlap and the spans before did not, the
/// edges that moved into each other go back.
fn apart(before: &[Span], mut moved: Vec<Span>) -> Vec<Span> {
    let overlap = |a: &Span, b: &Span| a.0 < b.1 && b.0 < a.1;
    for i in 0..moved.len() {
        for j in 0..moved.len() {
            if i == j || !overlap(&moved[i], &moved[j]) || overlap(&before[i], &before[j]) {
                continue;
            }
            // i lay before j: i's end and j's start go back.
            let (a, b) = if before[i].0 < before[j].0 {
                (i, j)
            } else {
                (j, i)
            };
            moved[a].1 = before[a].1.max(moved[a].0 + 1).min(moved[a].1);
            moved[b].0 = before[b].0.min(moved[b].1 - 1).max(moved[b].0);
            if overlap(&moved[a], &moved[b]) {
                moved[a] = before[a];
                moved[b] = before[b];
            }
        }
    }
    moved
}

/// One decision to learn: the candidates' features and which one the gold takes.
pub struct Example {
    candidates: Vec<Vec<u32>>,
    gold: usize,
}

/// The examples a paragraph's found spans give, against the gold spans of the same
/// paragraph (word indices, `(first, past the last, role)`).
pub fn examples(p: &Paragraph, found: &[Span], gold: &[Span]) -> Vec<Example> {
    let mut out = Vec::new();
    for span in found.iter().filter(|s| s.2 < ROLES && s.0 < s.1) {
        let overlap = |g: &&Span| span.1.min(g.1).saturating_sub(span.0.max(g.0));
        let Some(g) = gold
            .iter()
            .filter(|g| g.2 == span.2 && overlap(g) > 0)
            .max_by_key(|g| (overlap(g), std::cmp::Reverse(g.0)))
        else {
            continue;
        };
        let ctx = context(span, found);
        for (side, at, want) in [(Side::Start, span.0, g.0), (Side::End, span.1 - 1, g.1 - 1)] {
            let (lo, hi) = candidates(span, side, found, p.len());
            if !(lo..=hi).contains(&want) {
                continue;
            }
            let candidates = (lo..=hi)
                .map(|x| {
                    let mut f = Vec::new();
                    features(p, span.2, side, x, at, ctx, &mut f);
                    f
                })
                .collect();
            out.push(Example {
                candidates,
                gold: want - lo,
            });
        }
    }
    out
}

/// Averaged perceptrons over the examples, `epochs` passes each, one per seed from
/// `shuffle` to `shuffle + runs - 1` (the order the examples are read in), their weights
/// averaged (one run's scores move with its order by about half a point of content F1);
/// returns the model file.
pub fn train(examples: &[Example], epochs: usize, shuffle: u64, runs: usize) -> Vec<u8> {
    let runs = runs.max(1);
    let mut sum = vec![0f64; 1 << BITS];
    for run in 0..runs {
        for (s, v) in sum
            .iter_mut()
            .zip(perceptron(examples, epochs, shuffle + run as u64))
        {
            *s += v / runs as f64;
        }
    }
    let mut raw = MAGIC.to_vec();
    for (b, v) in sum.iter().enumerate().filter(|(_, v)| v.abs() > 1e-4) {
        raw.extend_from_slice(&(b as u32).to_le_bytes());
        raw.extend_from_slice(&(*v as f32).to_le_bytes());
    }
    zstd::encode_all(&raw[..], 19).expect("zstd writes to memory")
}

/// One averaged perceptron: its averaged weight per bucket.
fn perceptron(examples: &[Example], epochs: usize, shuffle: u64) -> Vec<f64> {
    // Weight, its running total, and the step it was last brought up to date.
    let mut w = vec![0f32; 1 << BITS];
    let mut total = vec![0f64; 1 << BITS];
    let mut stamp = vec![0u64; 1 << BITS];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed = shuffle ^ 0x853c_49e6_748f_ea9b;
    let mut step = 1u64;
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            order.swap(i, (seed >> 33) as usize % (i + 1));
        }
        for &k in &order {
            let ex = &examples[k];
            let mut best = (0, f32::NEG_INFINITY);
            for (i, c) in ex.candidates.iter().enumerate() {
                let s: f32 = c.iter().map(|&f| w[f as usize]).sum();
                if s > best.1 {
                    best = (i, s);
                }
            }
            if best.0 != ex.gold {
                for (c, by) in [(ex.gold, 1.0f32), (best.0, -1.0)] {
                    for &f in &ex.candidates[c] {
                        let f = f as usize;
                        total[f] += f64::from(w[f]) * (step - stamp[f]) as f64;
                        stamp[f] = step;
                        w[f] += by;
                    }
                }
            }
            step += 1;
        }
    }
    w.iter()
        .zip(total)
        .zip(stamp)
        .map(|((&v, t), at)| (t + f64::from(v) * (step - at) as f64) / step as f64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::spaced;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Whatever the words and spans, the moved spans stay inside the paragraph, keep a
        /// word each, keep their roles, and do not run into each other.
        #[test]
        fn moved_spans_stay_whole_and_apart(
            picks in prop::collection::vec(0usize..12, 1..40),
            cuts in prop::collection::vec((0usize..40, 1usize..6, 0usize..4), 0..8),
        ) {
            const VOCAB: [&str; 12] = [
                "said", "the", "Officials", ",", ".", "that", "\"", "port", "will", "on",
                "Monday", "according",
            ];
            let words: Vec<String> = picks.iter().map(|&k| VOCAB[k].to_string()).collect();
            let n = words.len();
            // Spans that do not overlap, in order (role 3 is no role and is left alone).
            let mut spans = Vec::new();
            let mut at = 0;
            for (gap, len, role) in cuts {
                let start = at + gap % 3;
                let end = (start + len).min(n);
                if start >= end {
                    break;
                }
                spans.push((start, end, role));
                at = end;
            }
            let got = crate::attribution::edges().adjust(&Paragraph::new(&words), &spans);
            prop_assert_eq!(got.len(), spans.len());
            for (g, s) in got.iter().zip(&spans) {
                prop_assert!(g.0 < g.1 && g.1 <= n, "{:?}", got);
                prop_assert_eq!(g.2, s.2);
            }
            for (i, a) in got.iter().enumerate() {
                for b in &got[i + 1..] {
                    prop_assert!(a.1 <= b.0 || b.1 <= a.0, "{:?} from {:?}", got, spans);
                }
            }
        }
    }

    #[test]
    fn learns_to_move_an_edge_and_keeps_it_inside_its_neighbours() {
        // "X said that Y": the content should start after "that".
        let w = spaced("officials said that the port will reopen on Monday .");
        let p = Paragraph::new(&w);
        let found = vec![(0, 1, 0), (1, 2, 1), (2, 9, 2)];
        let gold = vec![(0, 1, 0), (1, 2, 1), (3, 9, 2)];
        let ex = examples(&p, &found, &gold);
        let model = Edges::decode(&train(&ex, 5, 0, 1)).unwrap();
        let got = model.adjust(&p, &found);
        assert_eq!(got[2], (3, 9, 2));
        // The source and cue stay where they were, and no edge crosses a neighbour.
        assert_eq!(&got[..2], &found[..2]);
        for s in &got {
            assert!(s.0 < s.1 && s.1 <= w.len());
        }
    }

    #[test]
    fn an_empty_model_changes_nothing_and_a_damaged_file_is_an_error() {
        let w = spaced("he said so");
        let found = vec![(0, 1, 0), (1, 2, 1), (2, 3, 2)];
        assert_eq!(Edges::default().adjust(&Paragraph::new(&w), &found), found);
        assert!(Edges::decode(b"junk").is_err());
    }
}
