//! Lexical features of a sentence pair, each in 0..1.

use crate::text::{common, Tok, Voice};
use crate::{Idf, Sentence};

pub const FEATURE_NAMES: [&str; 37] = [
    "content_dice",
    "content_overlap_of_longer",
    "content_overlap_of_shorter",
    "bigram_dice",
    "trigram_dice",
    "lcs_of_shorter",
    "number_agreement",
    "number_mismatch",
    "name_dice",
    "length_ratio",
    "content_length_gap",
    "word_jaccard",
    "char4_dice",
    "word_overlap_of_shorter",
    "word_overlap_of_longer",
    "content_dice_squared",
    "idf_content_jaccard",
    "idf_unmatched_max",
    "bigram_overlap_of_shorter",
    "trigram_overlap_of_shorter",
    "unmatched_content_in_shorter",
    "unmatched_content_in_longer",
    "numbers_nested",
    "name_overlap_of_shorter",
    "bleu_min",
    "bleu_max",
    "syn_content_dice",
    "syn_unmatched_in_shorter",
    "syn_idf_jaccard",
    "longest_unmatched_run",
    "idf_unmatched_mass",
    "quote_mismatch",
    "attribution_mismatch",
    "first_person_mismatch",
    "meteor_min",
    "meteor_max",
    "fragmentation",
];

pub const N_FEATURES: usize = FEATURE_NAMES.len();

fn dice(a: &[Tok], b: &[Tok]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    2.0 * common(a, b) as f64 / (a.len() + b.len()) as f64
}

/// Tokens of a sentence that take part in the LCS: a run-on "sentence" thousands of words
/// long (a scrape without punctuation) must not cost more than a bounded amount.
const LCS_MAX_TOKENS: usize = 256;
const LCS_WORDS: usize = LCS_MAX_TOKENS / 64;

/// [`lcs_with`] without b's distinct tokens.
#[cfg(test)]
fn lcs(a: &[Tok], b: &[Tok]) -> usize {
    lcs_with(a, b, None)
}

/// Longest common subsequence length, bit-parallel (Allison and Dix; Hyyrö's form): one
/// machine word holds a whole row for sentences of up to 64 tokens, so a pair costs one
/// mask lookup and a few word operations per token of `a` instead of a full DP row.
/// This runs for most sentence pairs of every article pair compared. `distinct_b`: b's
/// sorted distinct tokens, when the caller has them.
fn lcs_with(a: &[Tok], b: &[Tok], distinct_b: Option<&[Tok]>) -> usize {
    let (a, b) = (
        &a[..a.len().min(LCS_MAX_TOKENS)],
        &b[..b.len().min(LCS_MAX_TOKENS)],
    );
    if b.len() > 64 {
        return lcs_words(a, b);
    }
    let owned;
    let distinct = match distinct_b {
        Some(d) => d,
        None => {
            owned = crate::text::sorted(b.to_vec());
            &owned[..]
        }
    };
    lcs_one_word(a, b, distinct)
}

/// [`lcs_with`] when `b` fits one machine word: the match masks sit on the stack, indexed by
/// the token's place in b's sorted distinct tokens.
fn lcs_one_word(a: &[Tok], b: &[Tok], distinct: &[Tok]) -> usize {
    let mut masks = [0u64; 64];
    for (j, t) in b.iter().enumerate() {
        if let Ok(k) = distinct.binary_search(t) {
            masks[k] |= 1 << j;
        }
    }
    let mut v = u64::MAX;
    for t in a {
        if let Ok(k) = distinct.binary_search(t) {
            let u = v & masks[k];
            v = v.wrapping_add(u) | (v - u);
        }
    }
    let live = if b.len() == 64 {
        u64::MAX
    } else {
        (1u64 << b.len()) - 1
    };
    (!v & live).count_ones() as usize
}

/// [`lcs_with`] over several machine words (sentences of 65 to 256 tokens).
fn lcs_words(a: &[Tok], b: &[Tok]) -> usize {
    let (a, b) = (
        &a[..a.len().min(LCS_MAX_TOKENS)],
        &b[..b.len().min(LCS_MAX_TOKENS)],
    );
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let words = b.len().div_ceil(64);
    // Match masks of b's distinct tokens: bit j of a token's mask is set where b[j] is it.
    let mut masks: Vec<(Tok, [u64; LCS_WORDS])> = Vec::with_capacity(b.len());
    for (j, t) in b.iter().enumerate() {
        match masks.iter_mut().find(|(k, _)| k == t) {
            Some((_, m)) => m[j / 64] |= 1 << (j % 64),
            None => {
                let mut m = [0u64; LCS_WORDS];
                m[j / 64] = 1 << (j % 64);
                masks.push((*t, m));
            }
        }
    }
    masks.sort_unstable_by_key(|(k, _)| *k);
    let mut v = [u64::MAX; LCS_WORDS];
    for t in a {
        let Ok(k) = masks.binary_search_by_key(t, |(k, _)| *k) else {
            continue;
        };
        let m = &masks[k].1;
        // V' = (V + U) | (V - U) with U = V & M, carried and borrowed across words.
        let (mut carry, mut borrow) = (false, false);
        for w in 0..words {
            let u = v[w] & m[w];
            let (sum, c1) = v[w].overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            let (diff, b1) = v[w].overflowing_sub(u);
            let (diff, b2) = diff.overflowing_sub(u64::from(borrow));
            (carry, borrow) = (c1 || c2, b1 || b2);
            v[w] = sum | diff;
        }
    }
    let mut zeros = 0;
    for (w, x) in v.iter().enumerate().take(words) {
        let bits = (b.len() - w * 64).min(64);
        let live = if bits == 64 {
            u64::MAX
        } else {
            (1u64 << bits) - 1
        };
        zeros += (!x & live).count_ones() as usize;
    }
    zeros
}

/// The feature vector of a pair, in the order of [`FEATURE_NAMES`].
pub fn features(a: &Sentence, b: &Sentence, idf: &Idf) -> [f64; N_FEATURES] {
    features_weighted(a, &idf.weights_of(a), b, &idf.weights_of(b))
}

/// [`features`] with each sentence's content stems already weighed (`wa[k]` is the IDF
/// of `a.content()[k]`): an article pair weighs each sentence once, not once per pair.
pub(crate) fn features_weighted(
    a: &Sentence,
    wa: &[f64],
    b: &Sentence,
    wb: &[f64],
) -> [f64; N_FEATURES] {
    // One walk over the content union gives the IDF masses and the shared count.
    let (mut common_mass, mut union_mass, mut only_a, mut only_b, mut mass_a, mut mass_b) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let mut shared = 0usize;
    // Content words of one side that the other side has a synonym of, and their mass.
    let (mut syn_a, mut syn_b, mut syn_mass) = (0usize, 0usize, 0.0);
    let table = &*crate::synonyms::WORDNET;
    let (ca, cb) = (a.content(), b.content());
    let (mut i, mut j) = (0, 0);
    while i < ca.len() || j < cb.len() {
        if j == cb.len() || (i < ca.len() && ca[i] < cb[j]) {
            union_mass += wa[i];
            only_a += wa[i];
            mass_a += wa[i];
            if common(table.slice(a.syn_ranges()[i]), cb) > 0 {
                syn_a += 1;
                syn_mass += wa[i];
            }
            i += 1;
        } else if i == ca.len() || cb[j] < ca[i] {
            union_mass += wb[j];
            only_b += wb[j];
            mass_b += wb[j];
            if common(table.slice(b.syn_ranges()[j]), ca) > 0 {
                syn_b += 1;
                syn_mass += wb[j];
            }
            j += 1;
        } else {
            let w = wa[i];
            union_mass += w;
            common_mass += w;
            mass_a += w;
            mass_b += w;
            shared += 1;
            i += 1;
            j += 1;
        }
    }
    let union_mass: f64 = union_mass.max(1e-9);
    let only = (only_a / f64::max(mass_a, 1e-9)).max(only_b / f64::max(mass_b, 1e-9));
    let common_n = shared as f64;
    let (la, lb) = (a.content().len() as f64, b.content().len() as f64);
    let (short, long) = (la.min(lb).max(1.0), la.max(lb).max(1.0));
    let shared_numbers = common(a.numbers(), b.numbers());
    let number_union = a.numbers().len() + b.numbers().len() - shared_numbers;
    let numbers = match (a.numbers().is_empty(), b.numbers().is_empty()) {
        (true, true) => 1.0,
        (true, false) | (false, true) => 0.5,
        _ => shared_numbers as f64 / number_union as f64,
    };
    let mismatch = (number_union - shared_numbers).min(3) as f64 / 3.0;
    let (sa, sb) = (a.stems().len() as f64, b.stems().len() as f64);
    let shared_words = common(a.stem_set(), b.stem_set()) as f64;
    let (wa, wb) = (a.stem_set().len(), b.stem_set().len());
    let union = (wa + wb).saturating_sub(shared_words as usize).max(1) as f64;
    let content_dice = dice(a.content(), b.content());
    // Shared distinct 1- to 4-grams, counted once for every feature that uses them.
    let shared_n = [
        shared_words as usize,
        common(a.bigrams(), b.bigrams()),
        common(a.trigrams(), b.trigrams()),
        common(a.quadgrams(), b.quadgrams()),
    ];
    let (bleu_ab, bleu_ba) = (bleu(a, b, &shared_n), bleu(b, a, &shared_n));
    let (matches, chunks) = align(a, b);
    let (qa, qb) = (
        a.sequence().len().min(ALIGN_MAX),
        b.sequence().len().min(ALIGN_MAX),
    );
    let (meteor_ab, meteor_ba) = (
        meteor(matches, chunks, qa, qb),
        meteor(matches, chunks, qb, qa),
    );
    // 0 when the matched words form one run, 1 when no two matched words are neighbours.
    let fragments = if matches <= 1 {
        0.0
    } else {
        (chunks - 1) as f64 / (matches - 1) as f64
    };
    [
        content_dice,
        common_n / long,
        common_n / short,
        dice_of(shared_n[1], a.bigrams().len(), b.bigrams().len()),
        dice_of(shared_n[2], a.trigrams().len(), b.trigrams().len()),
        lcs_with(a.stems(), b.stems(), Some(b.stem_set())) as f64 / sa.min(sb).max(1.0),
        numbers,
        mismatch,
        dice(a.names(), b.names()),
        sa.min(sb) / sa.max(sb).max(1.0),
        ((la - lb).abs().min(10.0)) / 10.0,
        shared_words / union,
        dice(a.char4(), b.char4()),
        shared_words / (wa.min(wb).max(1) as f64),
        shared_words / (wa.max(wb).max(1) as f64),
        content_dice.powi(2),
        if a.content().is_empty() && b.content().is_empty() {
            1.0
        } else {
            common_mass / union_mass
        },
        only,
        overlap_of(shared_n[1], a.bigrams().len(), b.bigrams().len()),
        overlap_of(shared_n[2], a.trigrams().len(), b.trigrams().len()),
        (short - common_n).clamp(0.0, 10.0) / 10.0,
        (long - common_n).clamp(0.0, 10.0) / 10.0,
        if shared_numbers == a.numbers().len().min(b.numbers().len()) {
            1.0
        } else {
            0.0
        },
        overlap_of_shorter(a.names(), b.names()),
        bleu_ab.min(bleu_ba),
        bleu_ab.max(bleu_ba),
        if la + lb == 0.0 {
            1.0
        } else {
            (2.0 * common_n + (syn_a + syn_b) as f64) / (la + lb)
        },
        {
            let syn_short = if la <= lb { syn_a } else { syn_b } as f64;
            (short - common_n - syn_short).clamp(0.0, 10.0) / 10.0
        },
        if a.content().is_empty() && b.content().is_empty() {
            1.0
        } else {
            (common_mass + syn_mass / 2.0) / (union_mass - syn_mass / 2.0).max(1e-9)
        },
        (unmatched_run(a, b).max(unmatched_run(b, a)).min(RUN_CAP) as f64) / RUN_CAP as f64,
        (only_a.max(only_b) / MASS_CAP).min(1.0),
        mismatch_of(a, b, Voice::Quote),
        mismatch_of(a, b, Voice::Attribution),
        mismatch_of(a, b, Voice::FirstPerson),
        meteor_ab.min(meteor_ba),
        meteor_ab.max(meteor_ba),
        fragments,
    ]
}

/// METEOR's score of `a` against `b` from an alignment of `matches` words in `chunks`
/// contiguous runs: the recall-weighted harmonic mean of precision and recall, less a
/// penalty for a scattered alignment.
fn meteor(matches: usize, chunks: usize, la: usize, lb: usize) -> f64 {
    if matches == 0 {
        return if la == 0 && lb == 0 { 1.0 } else { 0.0 };
    }
    let (m, p, r) = (
        matches as f64,
        matches as f64 / la as f64,
        matches as f64 / lb as f64,
    );
    let fmean = 10.0 * p * r / (r + 9.0 * p);
    fmean * (1.0 - 0.5 * (chunks as f64 / m).powi(3))
}

/// A one-to-one alignment of the two sentences' stems in written order: each stem of `a`
/// takes the first unused equal stem of `b` (the nearest after the previous match first,
/// so runs stay runs). Returns the matches and the number of contiguous runs they form.
fn align(a: &Sentence, b: &Sentence) -> (usize, usize) {
    let (sa, sb) = (a.sequence(), b.sequence());
    let mut used = [false; ALIGN_MAX];
    let (mut matches, mut chunks) = (0, 0);
    let mut last: Option<usize> = None;
    for t in sa.iter().take(ALIGN_MAX) {
        let after = last.map_or(0, |l| l + 1);
        let found = (after..sb.len().min(ALIGN_MAX))
            .chain(0..after.min(sb.len().min(ALIGN_MAX)))
            .find(|&j| !used[j] && sb[j] == *t);
        if let Some(j) = found {
            used[j] = true;
            matches += 1;
            if j == 0 || last != Some(j - 1) {
                chunks += 1;
            }
            last = Some(j);
        }
    }
    (matches, chunks)
}

/// Words of a sentence that take part in [`align`].
const ALIGN_MAX: usize = 128;

/// Runs of unmatched words longer than this count as this long.
const RUN_CAP: usize = 8;
/// IDF mass (about 1 for a common word, 9 for a rare one in a few thousand sentences) that
/// counts as entirely unmatched.
const MASS_CAP: f64 = 40.0;

/// The longest stretch of `a`'s content words and numbers, in written order, none of which
/// `b` has: a clause one side added (a paraphrase rewords, it rarely adds a clause).
fn unmatched_run(a: &Sentence, b: &Sentence) -> usize {
    let other = b.stem_set();
    let (mut run, mut best) = (0, 0);
    for t in a.sequence() {
        if other.binary_search(t).is_ok() {
            run = 0;
        } else {
            run += 1;
            best = best.max(run);
        }
    }
    best
}

/// 1 when exactly one of the sentences carries the mark.
fn mismatch_of(a: &Sentence, b: &Sentence, mark: Voice) -> f64 {
    f64::from(u8::from(a.has(mark) != b.has(mark)))
}

/// Sentence-level BLEU of `a` against `b` over distinct stem n-grams (1 to 4), add-one
/// smoothed, with the brevity penalty.
fn bleu(a: &Sentence, b: &Sentence, shared: &[usize; 4]) -> f64 {
    let sizes = [
        a.stem_set().len(),
        a.bigrams().len(),
        a.trigrams().len(),
        a.quadgrams().len(),
    ];
    let log_p: f64 = shared
        .iter()
        .zip(sizes)
        .map(|(c, n)| ((*c as f64 + 1.0) / (n as f64 + 1.0)).ln())
        .sum::<f64>()
        / 4.0;
    let (la, lb) = (a.stems().len() as f64, b.stems().len() as f64);
    let bp = if la >= lb || la == 0.0 {
        1.0
    } else {
        (1.0 - lb / la).exp()
    };
    bp * log_p.exp()
}

/// Shared items over the smaller set (1 when both are empty).
fn overlap_of_shorter(a: &[Tok], b: &[Tok]) -> f64 {
    overlap_of(common(a, b), a.len(), b.len())
}

fn overlap_of(shared: usize, la: usize, lb: usize) -> f64 {
    match la.min(lb) {
        0 if la == 0 && lb == 0 => 1.0,
        0 => 0.0,
        smaller => shared as f64 / smaller as f64,
    }
}

fn dice_of(shared: usize, la: usize, lb: usize) -> f64 {
    if la == 0 && lb == 0 {
        return 1.0;
    }
    2.0 * shared as f64 / (la + lb) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_sentences_score_full_marks() {
        let s = Sentence::new("The ferry sank with 212 passengers on board.");
        let f = features(&s, &s, &Idf::uniform());
        for (name, v) in FEATURE_NAMES.iter().zip(f) {
            let want = if matches!(
                *name,
                "number_mismatch"
                    | "content_length_gap"
                    | "idf_unmatched_max"
                    | "unmatched_content_in_shorter"
                    | "syn_unmatched_in_shorter"
                    | "unmatched_content_in_longer"
                    | "longest_unmatched_run"
                    | "idf_unmatched_mass"
                    | "quote_mismatch"
                    | "attribution_mismatch"
                    | "first_person_mismatch"
                    | "fragmentation"
            ) {
                0.0
            } else {
                1.0
            };
            // METEOR keeps a small penalty even for one run: 0.5 / matches^3.
            let tolerance = if name.starts_with("meteor") {
                0.01
            } else {
                1e-9
            };
            assert!((v - want).abs() < tolerance, "{name} = {v}");
        }
    }

    #[test]
    fn an_added_clause_and_a_reported_quote_are_seen() {
        let a = Sentence::new("The mill will close in March.");
        let b = Sentence::new(
            "\"The mill will close in March,\" the owner said, blaming fuel costs and weak orders.",
        );
        let f = features(&a, &b, &Idf::uniform());
        let at = |name: &str| f[FEATURE_NAMES.iter().position(|n| *n == name).unwrap_or(0)];
        assert_eq!(at("quote_mismatch"), 1.0);
        assert_eq!(at("attribution_mismatch"), 1.0);
        assert_eq!(at("first_person_mismatch"), 0.0);
        // "owner blaming fuel costs weak orders": six content words in a row a lacks.
        assert!(at("longest_unmatched_run") >= 5.0 / 8.0, "{f:?}");
        let c = Sentence::new("We will close the mill in March.");
        let g = features(&a, &c, &Idf::uniform());
        let at = |name: &str| g[FEATURE_NAMES.iter().position(|n| *n == name).unwrap_or(0)];
        assert_eq!(at("first_person_mismatch"), 1.0);
        assert_eq!(at("longest_unmatched_run"), 0.0);
    }

    #[test]
    fn a_scattered_alignment_scores_below_one_in_order() {
        let a = Sentence::new("Police arrested three men near the harbour on Friday.");
        let b = Sentence::new("On Friday, near the harbour, three men were arrested by police.");
        let f = features(&a, &a, &Idf::uniform());
        let g = features(&a, &b, &Idf::uniform());
        let i = FEATURE_NAMES
            .iter()
            .position(|n| *n == "fragmentation")
            .unwrap_or(0);
        assert_eq!(f[i], 0.0);
        assert!(g[i] > 0.3, "{g:?}");
        let m = FEATURE_NAMES
            .iter()
            .position(|n| *n == "meteor_max")
            .unwrap_or(0);
        assert!(g[m] < f[m], "{g:?}");
    }

    /// The textbook dynamic programme, as the oracle for the bit-parallel [`lcs`].
    fn lcs_dp(a: &[Tok], b: &[Tok]) -> usize {
        let mut prev = vec![0usize; b.len() + 1];
        for x in a {
            let mut cur = vec![0usize; b.len() + 1];
            for (j, y) in b.iter().enumerate() {
                cur[j + 1] = if x == y {
                    prev[j] + 1
                } else {
                    prev[j + 1].max(cur[j])
                };
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn bit_parallel_lcs_equals_the_dynamic_programme() {
        let mut next = crate::test_rng(11);
        // Lengths across the one-word and multi-word cases (64, 65, 128, 200), small
        // alphabets so tokens repeat.
        for round in 0..600 {
            let (la, lb) = (next(210) as usize, next(210) as usize);
            let alphabet = 2 + round % 12;
            let a: Vec<Tok> = (0..la).map(|_| next(alphabet)).collect();
            let b: Vec<Tok> = (0..lb).map(|_| next(alphabet)).collect();
            assert_eq!(lcs(&a, &b), lcs_dp(&a, &b), "{a:?} {b:?}");
        }
        let long: Vec<Tok> = (0..300).map(|i| i % 7).collect();
        assert_eq!(lcs(&long, &long), LCS_MAX_TOKENS);
    }

    #[test]
    fn synonyms_count_as_matches_only_in_the_synonym_features() {
        let a = Sentence::new("The company purchased the mill and began an investigation.");
        let b = Sentence::new("The company bought the mill and started a probe.");
        let f = features(&a, &b, &Idf::uniform());
        let at = |name: &str| f[FEATURE_NAMES.iter().position(|n| *n == name).unwrap_or(0)];
        // "purchased" ~ "bought" (an irregular form), "began" ~ "started", "investigation"
        // ~ "probe": plain overlap sees none of them, the synonym features see all three.
        assert!(at("syn_content_dice") > at("content_dice") + 0.2, "{f:?}");
        assert!(
            at("syn_unmatched_in_shorter") < at("unmatched_content_in_shorter"),
            "{f:?}"
        );
        assert!(at("syn_idf_jaccard") > at("idf_content_jaccard"), "{f:?}");
        let c = Sentence::new("Dock workers walked out over pay on Wednesday.");
        let g = features(&a, &c, &Idf::uniform());
        assert_eq!(g[26], g[0], "no synonyms between them: {g:?}");
    }

    #[test]
    fn different_numbers_are_seen() {
        let a = Sentence::new("At least 14 people died.");
        let b = Sentence::new("At least 12 people died.");
        let f = features(&a, &b, &Idf::uniform());
        assert_eq!(f[6], 0.0);
        assert!(f[7] > 0.0);
    }
}

#[cfg(test)]
mod invariants {
    use super::*;
    use proptest::prelude::*;

    /// Words that stem, repeat, have synonyms and numbers, so pairs share things.
    const WORDS: &[&str] = &[
        "the",
        "ferry",
        "Ferry",
        "bought",
        "purchased",
        "began",
        "started",
        "probe",
        "investigation",
        "rose",
        "rise",
        "14",
        "1,200",
        "3.5",
        "said",
        "Halm",
        "Kestrel",
        "überfahrt",
        "北京",
        "'",
        "-",
        ",",
        ".",
    ];

    fn sentence() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(WORDS), 0..24).prop_map(|w| w.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn every_feature_is_finite_and_between_0_and_1(a in sentence(), b in sentence(), noise in any::<String>()) {
            let (sa, sb) = (Sentence::new(&a), Sentence::new(&format!("{b} {noise}")));
            let idf = Idf::learn([&sa, &sb]);
            for (x, y) in [(&sa, &sb), (&sb, &sa), (&sa, &sa)] {
                let f = features(x, y, &idf);
                for (name, v) in FEATURE_NAMES.iter().zip(f) {
                    prop_assert!(v.is_finite() && (-1e-9..=1.0 + 1e-9).contains(&v), "{name} = {v} for {a:?} / {b:?}");
                }
            }
        }
    }
}
