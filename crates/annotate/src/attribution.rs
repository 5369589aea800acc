//! Attributions and quotes: on whose authority a claim rests (PolNeAR's Source, Cue and
//! Content) and who is quoted saying what.
//!
//! Data flow: paragraph → tokens → the [`crate::tagger`] with the attribution feature set
//! (trained on PolNeAR by `crosscheck train attribution --polnear DIR`) → role spans →
//! attributions (each cue with the nearest source and content of its paragraph) → the
//! source's kind (person, outlet, organisation, anonymous, pronoun) and entity key, a
//! pronoun resolved to the nearest person named before it → quotes (quoted text of three
//! words or more, across paragraphs too) with the speaker of the attribution that holds
//! them.

use crate::boundary::{self, Edges};
use crate::entity::{is_media, Entity};
use crate::tagger::{self, tokens, train, Compact, Model, ROLES};
use serde::Serialize;
use std::sync::OnceLock;

/// The roles of a tagged span, as indices into [`ROLES`].
const SOURCE: usize = 0;
const CUE: usize = 1;
const CONTENT: usize = 2;

/// A span of a paragraph's words, `(first, past the last, role)`.
type Spans = Vec<(usize, usize, usize)>;

/// One attribution. Offsets are bytes into the text given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    pub source: Option<String>,
    /// `person`, `outlet`, `organisation`, `anonymous`, `pronoun` or `other`; `none`
    /// when no source was found.
    pub source_kind: &'static str,
    /// The entity key of the source (a pronoun's is the person it stands for).
    pub source_key: Option<String>,
    pub cue: String,
    pub content: Option<String>,
    pub source_span: Option<(usize, usize)>,
    pub cue_span: (usize, usize),
    pub content_span: Option<(usize, usize)>,
    /// The whole extent: from the first to the last of its parts.
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

/// A direct quote with its speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_key: Option<String>,
    pub cue: Option<String>,
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
}

static MODEL_BYTES: &[u8] = include_bytes!("../models/attribution.zst");
static EDGES_BYTES: &[u8] = include_bytes!("../models/attribution-edges.zst");

/// The embedded edge weights (see [`boundary`]), decoded once.
pub fn edges() -> &'static Edges {
    static EDGES: OnceLock<Edges> = OnceLock::new();
    EDGES.get_or_init(|| {
        Edges::decode(EDGES_BYTES).expect("the embedded edge model decodes (a test holds it)")
    })
}

/// The embedded attribution model, decoded once.
pub fn model() -> &'static Model<Compact> {
    static MODEL: OnceLock<Model<Compact>> = OnceLock::new();
    MODEL.get_or_init(|| {
        train::decode(MODEL_BYTES)
            .expect("the embedded attribution model decodes (a test holds it)")
    })
}

/// A role span: (role index into [`ROLES`], start, end) in bytes of the text.
pub type RoleSpan = (usize, usize, usize);

/// A paragraph's words and their byte spans in the text.
type Words = (Vec<String>, Vec<(usize, usize)>);

/// Words of a paragraph and their byte spans (offset by the paragraph's start).
fn paragraph_words(text: &str, (start, end): (usize, usize)) -> Words {
    let para = &text[start..end];
    let spans = tokens::tokens(para);
    (
        spans
            .iter()
            .map(|t| para[t.start..t.end].to_string())
            .collect(),
        spans
            .iter()
            .map(|t| (t.start + start, t.end + start))
            .collect(),
    )
}

/// The longest stretch of text read as one paragraph. News paragraphs are a few hundred
/// bytes; a longer one (a page's text with its line breaks lost, a hostile input) is read
/// in pieces ending at a sentence's end, so that the work per paragraph, which grows with
/// the square of its spans, stays bounded.
pub const MAX_PARAGRAPH: usize = 8_192;

/// Paragraphs of a text: the stretches between line breaks that hold something, those
/// longer than [`MAX_PARAGRAPH`] cut into pieces.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end();
        if !body.trim().is_empty() {
            let lead = body.len() - body.trim_start().len();
            let (mut a, b) = (at + lead, at + body.len());
            while b - a > MAX_PARAGRAPH {
                let mut cut = a + MAX_PARAGRAPH;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                let window = &text[a..cut];
                // After the last sentence end in the window, else its last space.
                let end = window
                    .rfind(". ")
                    .or_else(|| window.rfind(['!', '?']))
                    .map(|k| k + 1)
                    .or_else(|| window.rfind(' '))
                    .filter(|&k| k > 0)
                    .map_or(cut, |k| a + k);
                out.push((a, end));
                a = end;
                while a < b && text[a..].starts_with(char::is_whitespace) {
                    a += text[a..].chars().next().map_or(1, char::len_utf8);
                }
            }
            if a < b {
                out.push((a, b));
            }
        }
        at += line.len();
    }
    out
}

/// Role spans of a text's paragraphs, tagged by `model`, their edges placed by the
/// embedded [`boundary`] weights.
pub fn role_spans<W: tagger::Weights>(
    model: &Model<W>,
    text: &str,
    paras: &[(usize, usize)],
) -> Vec<Vec<RoleSpan>> {
    role_spans_with(model, Some(edges()), text, paras)
}

/// [`role_spans`] with the edges placed by `edges`, or left where the tagger and the rules
/// put them.
pub fn role_spans_with<W: tagger::Weights>(
    model: &Model<W>,
    edges: Option<&Edges>,
    text: &str,
    paras: &[(usize, usize)],
) -> Vec<Vec<RoleSpan>> {
    found_spans(model, edges, text, paras)
        .into_iter()
        .map(|((_, spans), found)| {
            found
                .into_iter()
                .map(|(a, b, role)| (role, spans[a].0, spans[b - 1].1))
                .collect()
        })
        .collect()
}

/// What the edge weights learn from: the spans `model` and the rules find in `text`,
/// against the first annotator's `gold` (see [`boundary`]).
pub fn edge_examples<W: tagger::Weights>(
    model: &Model<W>,
    text: &str,
    gold: &Gold,
) -> Vec<boundary::Example> {
    let paras = paragraphs(text);
    let golds = training_document(text, gold);
    found_spans(model, None, text, &paras)
        .into_iter()
        .zip(&golds)
        .flat_map(|(((w, _), found), g)| {
            boundary::examples(&boundary::Paragraph::new(&w), &found, &g.spans)
        })
        .collect()
}

/// Each paragraph's words and the role spans the tagger and the rules find in it, in
/// word indices.
fn found_spans<W: tagger::Weights>(
    model: &Model<W>,
    edges: Option<&Edges>,
    text: &str,
    paras: &[(usize, usize)],
) -> Vec<(Words, Spans)> {
    let words: Vec<Words> = paras.iter().map(|&p| paragraph_words(text, p)).collect();
    let refs: Vec<&[String]> = words.iter().map(|(w, _)| w.as_slice()).collect();
    let (labels, prepared) = model.tag_prepared(&refs);
    let found: Vec<Spans> = words
        .iter()
        .zip(&labels)
        .enumerate()
        .map(|(k, ((w, spans), l))| {
            // The tagger's spans mended by each rule in turn (each is documented with what
            // it does on PolNeAR), then only the parts that touch a cue kept.
            let rules: [fn(&[String], Spans) -> Spans; 7] = [
                said_inside_content,
                split_fronted_content,
                split_content_at_source,
                according_to_source_ends_at_comma,
                tidy_sources,
                whole_fronted_content,
                no_source_of_a_passive_cue,
            ];
            let mended = rules
                .iter()
                .fold(inverted_sources(tagger::spans(l)), |found, rule| {
                    rule(w, found)
                });
            let mut found = keep_touching(mended);
            // A wire dateline opening the paragraph ("PORT ALDREN (Coastline Wire) -") is
            // not what the source said.
            // The first word after a dateline opening the paragraph.
            let para = &text[paras[k].0..paras[k].1];
            let dateline = crosscheck_model::dateline_end(para)
                .map(|e| spans.iter().take_while(|s| s.0 < paras[k].0 + e).count());
            if let Some(after) = dateline {
                for s in found
                    .iter_mut()
                    .filter(|s| s.2 == CONTENT && s.0 < after && s.1 > after)
                {
                    s.0 = after;
                }
            }
            if let (Some(e), false) = (edges, found.is_empty()) {
                found = e.adjust(&boundary::Paragraph::from_prepared(w, &prepared[k]), &found);
            }
            found
        })
        .collect();
    words.into_iter().zip(found).collect()
}

/// Words between two spans of a paragraph (0 when they touch or overlap).
fn gap(a: &(usize, usize, usize), b: &(usize, usize, usize)) -> usize {
    if b.0 >= a.1 {
        b.0 - a.1
    } else {
        a.0.saturating_sub(b.1)
    }
}

/// An attribution's parts touch: a source or content is one only within a word of a cue
/// ("said that ...", "..., he said") or of a source or content that is ("[content], [the
/// harbour master's office] [said]"), and a cue only right beside a source or content. A
/// content elsewhere in a paragraph that has a cue ("ages 55 to 65 to buy into Medicare")
/// is not attributed, and a lone role is noise. (PolNeAR dev, exact F1: source 0.605 ->
/// 0.641, cue 0.589 -> 0.614, content 0.430 -> 0.490; the same gaps are best on the train
/// split.)
fn keep_touching(found: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    let near = |s: &(usize, usize, usize), cue: bool, most: usize| {
        found
            .iter()
            .any(|o| (o.2 == CUE) == cue && gap(s, o) <= most)
    };
    let mut keep: Vec<bool> = found
        .iter()
        .map(|s| {
            if s.2 == CUE {
                near(s, false, 0)
            } else {
                near(s, true, 1)
            }
        })
        .collect();
    let kept: Vec<(usize, usize, usize)> = found
        .iter()
        .zip(&keep)
        .filter(|(s, k)| **k && s.2 != CUE)
        .map(|(s, _)| *s)
        .collect();
    for (s, k) in found.iter().zip(keep.iter_mut()) {
        if !*k && s.2 != CUE && kept.iter().any(|o| o.2 != s.2 && gap(s, o) <= 1) {
            *k = true;
        }
    }
    found
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(s, _)| s)
        .collect()
}

/// "[A total of 163 people were rescued alive,] said [Teodor Halm, the coastguard
/// commander]": when a cue has a source right after it and another right before it, the one
/// after is who spoke and the one before is what was said.
fn inverted_sources(mut found: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
    let cues: Vec<(usize, usize)> = found
        .iter()
        .filter(|s| s.2 == CUE)
        .map(|s| (s.0, s.1))
        .collect();
    for (c0, c1) in cues {
        let after = found.iter().any(|s| s.2 == SOURCE && s.0 == c1);
        if !after {
            continue;
        }
        if let Some(before) = found.iter_mut().find(|s| s.2 == SOURCE && s.1 == c0) {
            before.2 = CONTENT;
        }
    }
    found
}

/// "[The Aldren Star, a passenger ferry,] [overturned in] [the Kestrel Strait ..., and at
/// least 14 people were killed, coastguard officials said on Saturday]": a cue that is no
/// reporting verb, whose content ends in ", <a short phrase> said", is the tagger's
/// mistake. The phrase is the source, "said" the cue, and the sentence up to the comma the
/// content. Never fires on PolNeAR's dev or train split once the phrase must name someone
/// and only a time may follow the verb (without those tests it fired four times on train,
/// each on a relative clause: "that prosecutors said", "what Bradley said").
fn said_inside_content(
    words: &[String],
    mut found: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let reporting = |w: &str| matches!(w.to_lowercase().as_str(), "said" | "says" | "told");
    let mut dropped = Vec::new();
    let mut added = Vec::new();
    for i in 0..found.len() {
        let (a, b, role) = found[i];
        if role != CONTENT {
            continue;
        }
        let Some(cue) = found
            .iter()
            .find(|c| c.2 == CUE && (c.1 == a || c.1 + 1 == a))
            .copied()
        else {
            continue;
        };
        let reported = words[cue.0..cue.1]
            .iter()
            .any(|w| crate::tagger::is_cue_word(&w.to_lowercase()));
        if reported {
            continue;
        }
        // ", <two to five words> said", the verb within the content's last seven words.
        let Some(k) = (a..b).rev().take(7).find(|&k| reporting(&words[k])) else {
            continue;
        };
        let Some(comma) = (a..k).rev().take(6).find(|&j| words[j] == ",") else {
            continue;
        };
        // The phrase is who spoke ("coastguard officials"), not a clause ("what Bradley",
        // "that prosecutors"), and after the verb at most a time ("on Saturday").
        let phrase = &words[comma + 1..k];
        let named = phrase.len() >= 2
            && phrase.iter().all(|w| {
                w.chars().any(char::is_alphanumeric)
                    && !matches!(
                        w.to_lowercase().as_str(),
                        "that"
                            | "what"
                            | "which"
                            | "who"
                            | "whom"
                            | "whose"
                            | "and"
                            | "or"
                            | "but"
                            | "as"
                            | "to"
                            | "the"
                    )
            });
        let tail = &words[k + 1..b];
        let timed = tail.is_empty()
            || (tail.len() <= 4
                && matches!(
                    tail[0].to_lowercase().as_str(),
                    "on" | "early" | "late" | "last" | "this" | "yesterday" | "today" | "."
                ));
        if !named || !timed {
            continue;
        }
        let source = found
            .iter()
            .find(|s| s.2 == SOURCE && s.1 <= cue.0 && cue.0 - s.1 <= 1)
            .copied();
        let start = source.map_or(cue.0, |s| s.0);
        dropped.push(cue);
        dropped.extend(source);
        found[i] = (start, comma, CONTENT);
        added.push((comma + 1, k, SOURCE));
        added.push((k, k + 1, CUE));
    }
    found.retain(|s| !dropped.contains(s));
    found.extend(added);
    found.sort_unstable();
    found
}

/// A title or determiner the tagger left out of a source just before it belongs to it:
/// "[Vey's Black Tide militia] is accused of attacks", "executives are expected to": the
/// subject of a passive cue is what is claimed, not who claims it (PolNeAR marks such
/// attributions as having no source), unless "by" names the claimant after the cue.
fn no_source_of_a_passive_cue(words: &[String], found: Spans) -> Spans {
    let passive = |a: usize, b: usize| {
        let cue: Vec<String> = words[a..b].iter().map(|w| w.to_lowercase()).collect();
        let be = cue.iter().position(|w| {
            matches!(
                w.as_str(),
                "is" | "was" | "are" | "were" | "been" | "being" | "be"
            )
        });
        let participle = be.and_then(|i| cue.get(i + 1..)).is_some_and(|rest| {
            rest.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "accused"
                        | "blamed"
                        | "suspected"
                        | "alleged"
                        | "believed"
                        | "thought"
                        | "expected"
                        | "known"
                        | "said"
                        | "reported"
                        | "rumored"
                        | "rumoured"
                )
            })
        });
        let by = words.get(b).is_some_and(|w| w.eq_ignore_ascii_case("by"));
        participle && !by
    };
    let cues: Vec<(usize, usize)> = found
        .iter()
        .filter(|s| s.2 == CUE && passive(s.0, s.1))
        .map(|s| (s.0, s.1))
        .collect();
    found
        .into_iter()
        .filter(|s| s.2 != SOURCE || !cues.iter().any(|c| c.0 == s.1))
        .collect()
}

/// "[President] Obama said", "[The] appeals court ruled", "[Mr.] Trump has repeatedly
/// cited" (PolNeAR dev exact source F1 0.637 -> 0.648, train 0.692 -> 0.706). Tried and
/// left out, each worse or no better on both splits: cutting a relative clause after the
/// name, trimming punctuation at the ends (PolNeAR keeps a trailing comma), dropping an
/// adverb before the cue, cutting a phrase fronted before the name ("In a statement,").
fn tidy_sources(
    words: &[String],
    mut found: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let taken: Vec<(usize, usize)> = found.iter().map(|s| (s.0, s.1)).collect();
    let in_a_span = |k: usize| taken.iter().any(|t| t.0 <= k && k < t.1);
    for (a, b, role) in found.iter_mut() {
        if *role != SOURCE {
            continue;
        }
        // "[Dozens of ships were waiting to unload, port officials] said": a clause with
        // a finite verb before the source's last comma is no part of the source.
        // (PolNeAR exact F1 source / cue / content, dev 0.6674 / 0.6379 / 0.5142 ->
        // 0.6679 / 0.6376 / 0.5143, train unchanged to the third decimal.)
        if let Some(c) = (*a..*b).rev().find(|&k| words[k] == ",") {
            let finite = words[*a..c].iter().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "was" | "were" | "is" | "are" | "had" | "has" | "have"
                )
            });
            if finite && c + 1 < *b {
                *a = c + 1;
                continue;
            }
        }
        while *a > 0 {
            let title = matches!(
                words[*a - 1].to_lowercase().as_str(),
                "the"
                    | "a"
                    | "an"
                    | "her"
                    | "his"
                    | "their"
                    | "its"
                    | "our"
                    | "president"
                    | "mr."
                    | "mrs."
                    | "ms."
                    | "dr."
                    | "sen."
                    | "sens."
                    | "rep."
                    | "gov."
                    | "gen."
            );
            if title && !in_a_span(*a - 1) {
                *a -= 1;
            } else {
                break;
            }
        }
    }
    found
}

/// "Drone attacks killed four fishermen since Sunday, the harbour master's office said":
/// the greedy tagger, choosing at the first word before it reaches the cue, sometimes
/// opens a source there and runs it up to the cue. A source span right before a cue,
/// with a comma followed by a short phrase, and no content of its own, is split at that
/// comma: what comes before is the content, the short phrase after it the source.
fn split_fronted_content(
    words: &[String],
    mut found: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let mut extra = Vec::new();
    let mut dropped = Vec::new();
    for i in 0..found.len() {
        let (a, b, role) = found[i];
        let cue = found.iter().find(|s| s.2 == CUE && s.0 == b).copied();
        let Some(cue) = cue.filter(|_| role == SOURCE) else {
            continue;
        };
        // A content of its own blocks the split, unless it is a scrap of four words or
        // fewer right after the cue ("..., the coastguard said [early on Saturday]").
        let scrap = found
            .iter()
            .position(|s| s.2 == CONTENT && s.0 <= cue.1 + 1 && s.0 >= cue.1 && s.1 - s.0 <= 4);
        let other_content = found
            .iter()
            .enumerate()
            .any(|(k, s)| s.2 == CONTENT && Some(k) != scrap);
        if other_content {
            continue;
        }
        let Some(comma) = (a..b).rev().find(|&k| words[k] == ",") else {
            continue;
        };
        if comma >= a + 4 && (2..=9).contains(&(b - comma)) {
            found[i] = (comma + 1, b, SOURCE);
            extra.push((a, comma, CONTENT));
            dropped.extend(scrap);
        }
    }
    let mut k = 0;
    found.retain(|_| {
        k += 1;
        !dropped.contains(&(k - 1))
    });
    found.extend(extra);
    found.sort_unstable();
    found
}

/// "[Drone attacks killed four fishermen since Sunday, the harbour master's office] [said]":
/// the mirror of [`split_fronted_content`]. A content that runs into its cue, when the cue
/// has no source on either side, ends at its last comma if a short phrase follows it:
/// that phrase is who spoke. It never fires on PolNeAR's dev or train split (its
/// scores are unchanged): political reporting does not trip the tagger this way, wire
/// copy does (the example corpus's Daily Signal reports).
fn split_content_at_source(
    words: &[String],
    mut found: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let mut extra = Vec::new();
    for i in 0..found.len() {
        let (a, b, role) = found[i];
        if role != CONTENT {
            continue;
        }
        let Some(cue) = found.iter().find(|s| s.2 == CUE && s.0 == b).copied() else {
            continue;
        };
        let sourced = found
            .iter()
            .any(|s| s.2 == SOURCE && (s.0 == cue.1 || s.0 == cue.1 + 1 || s.1 == cue.0));
        if sourced {
            continue;
        }
        let Some(comma) = (a..b).rev().find(|&k| words[k] == ",") else {
            continue;
        };
        // The phrase is a noun phrase: it opens with a determiner, a possessive or a
        // capital, and holds no quotation mark and no conjunction or relative word
        // (", and the board has said", ", as police have said", "... top secret,''").
        let tail = &words[comma + 1..b];
        let opens = tail.first().is_some_and(|w| {
            matches!(
                w.as_str(),
                "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our"
            ) || w.chars().next().is_some_and(char::is_uppercase)
        });
        let plain = tail.iter().all(|w| {
            w.chars().any(char::is_alphanumeric)
                && !matches!(
                    w.to_lowercase().as_str(),
                    "and" | "or" | "but" | "as" | "that" | "who" | "which" | "whose" | "now"
                )
        });
        if opens && plain && comma >= a + 4 && (2..=9).contains(&tail.len()) {
            found[i] = (a, comma, CONTENT);
            extra.push((comma + 1, b, SOURCE));
        }
    }
    found.extend(extra);
    found.sort_unstable();
    found
}

/// "[According to] [its operator Velmora Sea Lines, the ship] [had 212 passengers]": a
/// source after "according to" that runs past a comma into the content's subject ends at
/// the comma, and what follows opens the content (PolNeAR exact F1, dev: source 0.6867 ->
/// 0.6872, content 0.5157 -> 0.5165; train: 0.7681 -> 0.7686, 0.6344 -> 0.6346). At its
/// last comma, so an apposition stays with the source: dev source 0.6877; our wire set
/// (tests/fixtures/attributions-wire) source 0.800 -> 0.850, content 0.789 -> 0.842. When the
/// tagger tagged no content there, the clause after the comma becomes it (without the learned
/// edges: dev source 0.6877 -> 0.6896, train 0.7686 -> 0.7678; with them, retrained, dev
/// 0.7143 / 0.6671 / 0.5302 -> 0.7147 / 0.6674 / 0.5306, quote speakers 87.6% -> 87.9%,
/// the wire set's source 0.900 -> 1.000 and content 0.842 -> 0.872).
fn according_to_source_ends_at_comma(
    words: &[String],
    mut found: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let cues: Vec<(usize, usize)> = found
        .iter()
        .filter(|c| {
            c.2 == CUE
                && c.1 == c.0 + 2
                && words[c.0].eq_ignore_ascii_case("according")
                && words[c.0 + 1] == "to"
        })
        .map(|c| (c.0, c.1))
        .collect();
    for (_, cue_end) in cues {
        let Some(si) = found.iter().position(|s| s.2 == SOURCE && s.0 == cue_end) else {
            continue;
        };
        let (a, b, _) = found[si];
        let content = found.iter().position(|c| c.2 == CONTENT && c.0 == b);
        // The last comma: an apposition before it belongs to the source ("a local
        // newspaper, the Tessa Herald, [about 2,000 trucks ...]").
        let Some(comma) = (a..b).rev().find(|&k| words[k] == ",") else {
            continue;
        };
        match content {
            Some(ci) if comma > a => {
                found[si] = (a, comma, SOURCE);
                found[ci].0 = comma + 1;
            }
            // No content tagged: the source ran over it to the sentence's end ("According
            // to two officials familiar with the matter, the navy lost a drone"); what
            // follows the comma is the content when it is a clause of three words or more.
            None if comma > a && b - comma > 3 && !words[comma + 1..b].iter().any(|w| w == ".") => {
                found[si] = (a, comma, SOURCE);
                found.push((comma + 1, b, CONTENT));
            }
            _ => {}
        }
    }
    found.sort_unstable();
    found
}

/// "Velmora raised the reward to $50 million, up from [$20 million], [the ministry]
/// [said]": a content that ends at its source (then its cue) and opens mid-sentence takes
/// the sentence from its start when nothing else is tagged there (PolNeAR exact content
/// F1: dev 0.5012 -> 0.5067, train 0.6192 -> 0.6251; opening only after a comma: dev
/// -0.0004; judged after the lone spans are dropped, or letting it run over an earlier
/// content: both lower on both splits). The mirror, a content after its cue that stops short of the sentence's end
/// taking the rest, is worse on both (dev -0.0008, train -0.0058).
fn whole_fronted_content(
    words: &[String],
    mut found: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let ends = |w: &str| matches!(w, "." | "?" | "!");
    let spans = found.clone();
    let mut taken = Vec::new();
    for s in found.iter_mut().filter(|s| s.2 == CONTENT) {
        let (a, b) = (s.0, s.1);
        if a == 0 {
            continue;
        }
        // Its source follows it (a comma between is allowed), then the source's cue.
        let next = if words.get(b).is_some_and(|w| w == ",") {
            b + 1
        } else {
            b
        };
        let attributed = spans.iter().any(|src| {
            src.2 == SOURCE && src.0 == next && spans.iter().any(|c| c.2 == CUE && c.0 == src.1)
        });
        let start = (0..a - 1)
            .rev()
            .find(|&k| ends(&words[k]))
            .map_or(0, |k| k + 1);
        // A source with no cue beside it is a stray the tagger opened at the sentence's
        // first words ("[Dozens of container ships] were waiting [to unload], port
        // officials said"): it does not hold the sentence's start (exact content F1 dev
        // 0.5149 -> 0.5157, train 0.6332 -> 0.6344; source 0.6863 -> 0.6867, 0.7678 ->
        // 0.7681 once the strays inside are dropped).
        let stray = |t: &(usize, usize, usize)| {
            t.2 == SOURCE
                && !spans
                    .iter()
                    .any(|c| c.2 == CUE && (c.0 == t.1 || c.0 == t.1 + 1 || c.1 == t.0))
        };
        let free = spans.iter().all(|t| t.1 <= start || t.0 >= a || stray(t));
        if attributed && free && a > start {
            s.0 = start;
            taken.push((start, a));
        }
    }
    // The strays now inside a content are part of it.
    found.retain(|t| !(t.2 == SOURCE && taken.iter().any(|&(s, e)| t.0 >= s && t.1 <= e)));
    found
}

/// Pronouns a source may be; "who" and "which" open a relative clause after the name
/// they stand for ("Marc Morial, who said ...").
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you", "who", "which"];

/// A body named by its kind, not its name ("the navy", "the port authority", "their
/// union"): the phrase's last word is such a noun.
fn is_institution(lower: &str) -> bool {
    use crate::words::{BODY_KIND_HEADS, BODY_NAME_HEADS};
    let is_head = |w: &str| BODY_KIND_HEADS.contains(&w) || BODY_NAME_HEADS.contains(&w);
    let head = lower
        .trim_end_matches(|c: char| !c.is_alphanumeric())
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'')
        .next()
        .unwrap_or("");
    is_head(head) || head.strip_suffix('s').is_some_and(is_head)
}

fn is_anonymous(lower: &str) -> bool {
    const WORDS: &[&str] = &[
        "source",
        "sources",
        "official",
        "officials",
        "aide",
        "aides",
        "person",
        "people",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "insider",
        "insiders",
        "diplomat",
        "diplomats",
        "analyst",
        "analysts",
        "experts",
        "expert",
        "witnesses",
        "witness",
        "residents",
        "authorities",
        "police",
        "investigators",
        "observers",
        "critics",
        "someone",
        "reports",
        "report",
        "media",
        "documents",
        "staffers",
    ];
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| WORDS.contains(&w))
}

/// Finds attributions and quotes in a text (an article body), using its entities for
/// the sources' keys. Sentence indices come from `sentence_of(byte)`.
pub fn attributions(
    text: &str,
    entities: &[Entity],
    sentence_of: &dyn Fn(usize) -> usize,
) -> (Vec<Attribution>, Vec<Quote>) {
    let roles = role_spans(model(), text, &paragraphs(text));
    assemble(text, &roles, entities, sentence_of)
}

/// How many sentences from its cue's a source may be.
const SOURCE_SENTENCES: usize = 0;
/// How many sentences from its cue's a content may be.
const CONTENT_SENTENCES: usize = 1;

/// Attributions and quotes from the role spans of a text's paragraphs (from
/// [`role_spans`]): each cue with its source and content.
pub fn assemble(
    text: &str,
    roles: &[Vec<RoleSpan>],
    entities: &[Entity],
    sentence_of: &dyn Fn(usize) -> usize,
) -> (Vec<Attribution>, Vec<Quote>) {
    let mut out = Vec::new();
    let sources: Vec<(usize, usize)> = roles
        .iter()
        .flatten()
        .filter(|s| ROLES[s.0] == "Source")
        .map(|s| (s.1, s.2))
        .collect();
    let people = People::new(text, entities, &sources, sentence_of);
    for spans in roles {
        // Each span's first and last sentence, once per paragraph.
        let span_sentences: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| (sentence_of(s.1), sentence_of(s.2.saturating_sub(1))))
            .collect();
        for &(_, cs, ce) in spans.iter().filter(|s| ROLES[s.0] == "Cue") {
            // The nearest span of a role, counted first in sentences, then in bytes: a
            // source or content in the cue's own sentence beats a closer one across a
            // sentence end ("The union is demanding a 9% raise. The port authority has
            // offered 4%.").
            let cue_sentence = sentence_of(cs);
            let nearest = |want: &str, most: usize| {
                spans
                    .iter()
                    .zip(&span_sentences)
                    .filter(|(s, _)| ROLES[s.0] == want)
                    .map(|(s, &(first, last))| {
                        let sentences = if cue_sentence < first {
                            first - cue_sentence
                        } else {
                            cue_sentence.saturating_sub(last)
                        };
                        let bytes = if s.2 <= cs {
                            cs - s.2
                        } else {
                            s.1.saturating_sub(ce)
                        };
                        (sentences, bytes, s)
                    })
                    .filter(|(sentences, _, _)| *sentences <= most)
                    .min_by_key(|(sentences, bytes, _)| (*sentences, *bytes))
                    .map(|(_, _, s)| (s.1, s.2))
            };
            let source =
                nearest("Source", SOURCE_SENTENCES).or_else(|| subject_before(text, cs, entities));
            let mut content = nearest("Content", CONTENT_SENTENCES);
            // "[A ferry overturned ...], [the coastguard] [said] [early on Saturday]": a
            // content of a few words after the cue is a scrap of the sentence when a longer
            // one ends just before the source; what was said is the longer one.
            if let (Some((s0, _)), Some((c0, c1))) = (source, content) {
                let words = |a: usize, b: usize| text[a..b].split_whitespace().count();
                let fronted = spans
                    .iter()
                    .filter(|f| ROLES[f.0] == "Content" && f.2 <= s0 && s0 - f.2 <= 3)
                    .find(|f| words(f.1, f.2) >= 5);
                if let Some(f) = fronted.filter(|_| c0 >= ce && words(c0, c1) <= 4) {
                    content = Some((f.1, f.2));
                }
            }
            let (kind, key) = match source {
                Some((s, e)) => source_kind(&people, &text[s..e], s, e, entities),
                None => ("none", None),
            };
            let start = [Some(cs), source.map(|s| s.0), content.map(|c| c.0)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(cs);
            let end = [Some(ce), source.map(|s| s.1), content.map(|c| c.1)]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(ce);
            out.push(Attribution {
                source: source.map(|(s, e)| text[s..e].to_string()),
                source_kind: kind,
                source_key: key,
                cue: text[cs..ce].to_string(),
                content: content.map(|(s, e)| text[s..e].to_string()),
                source_span: source,
                cue_span: (cs, ce),
                content_span: content,
                start,
                end,
                sentence: sentence_of(cs),
            });
        }
    }
    unshare_contents(&mut out, sentence_of);
    let quotes = quotes(text, &out, sentence_of);
    (out, quotes)
}

/// A content taken from another sentence stays with the cue of its own sentence when
/// that cue has it too: "The union is demanding [a 9% raise]. The port authority has
/// offered 4%." must not give the authority the union's demand.
fn unshare_contents(out: &mut [Attribution], sentence_of: &dyn Fn(usize) -> usize) {
    let within = |a: &Attribution, (s, e): (usize, usize)| {
        let at = sentence_of(a.cue_span.0);
        sentence_of(s) <= at && at <= sentence_of(e.saturating_sub(1))
    };
    let owned: std::collections::HashSet<(usize, usize)> = out
        .iter()
        .filter_map(|a| a.content_span.filter(|&c| within(a, c)))
        .collect();
    for a in out.iter_mut() {
        let Some(c) = a.content_span else {
            continue;
        };
        if !within(a, c) && owned.contains(&c) {
            a.content = None;
            a.content_span = None;
            a.start = a
                .source_span
                .map_or(a.cue_span.0, |s| s.0.min(a.cue_span.0));
            a.end = a
                .source_span
                .map_or(a.cue_span.1, |s| s.1.max(a.cue_span.1));
        }
    }
}

/// A cue with no source tagged in its sentence: a name or a subject pronoun right before
/// it, or before its auxiliaries, is who speaks ("Donald Trump is once again
/// questioning", "The Dockers' Alliance is demanding", "She has said").
fn subject_before(text: &str, cue: usize, entities: &[Entity]) -> Option<(usize, usize)> {
    const AUXILIARIES: &[&str] = &[
        "is", "are", "was", "were", "has", "have", "had", "been", "will", "would", "also", "not",
        "again", "now", "once",
    ];
    let mut end = cue;
    for _ in 0..3 {
        let before = &text[..end];
        let trimmed = before.trim_end();
        if before.len() - trimmed.len() > 1 {
            return None;
        }
        let word_start = trimmed.rfind(|c: char| !c.is_alphabetic()).map_or(0, |k| {
            k + trimmed[k..].chars().next().map_or(1, char::len_utf8)
        });
        let word = trimmed[word_start..].to_lowercase();
        let before_word = entities.partition_point(|e| e.start < trimmed.len());
        if let Some(e) = entities[..before_word]
            .iter()
            .rev()
            .take(4)
            .find(|e| e.end == trimmed.len() && matches!(e.kind, "PER" | "ORG"))
        {
            // "The Dockers' Alliance": the article opens the source, as PolNeAR keeps it.
            let start = ["The ", "the "]
                .iter()
                .find(|d| text[..e.start].ends_with(*d))
                .map_or(e.start, |d| e.start - d.len());
            return Some((start, e.end));
        }
        if matches!(word.as_str(), "he" | "she" | "they" | "i" | "we") {
            return Some((word_start, trimmed.len()));
        }
        if word.is_empty() || !AUXILIARIES.contains(&word.as_str()) {
            return None;
        }
        end = word_start;
    }
    None
}

/// What kind of source a span is, and its entity key: a named entity inside it, a
/// pronoun (resolved to the last person named before it), or anonymous wording.
fn source_kind(
    people: &People,
    words: &str,
    start: usize,
    end: usize,
    entities: &[Entity],
) -> (&'static str, Option<String>) {
    let lower = words.to_lowercase();
    // The name that heads the phrase: the first person, else the first name, unless it is a
    // possessive's owner
    // ("Bram Hesse of the Dockers' Alliance" is Hesse; "Vey's Black Tide militia" is not
    // Vey).
    // Entities are in text order: those inside lie between two binary searches.
    let from = entities.partition_point(|e| e.start < start);
    let to = entities.partition_point(|e| e.start < end);
    let inside: Vec<&Entity> = entities[from..to.max(from)]
        .iter()
        .filter(|e| e.end <= end)
        .collect();
    let owner = |e: &Entity| {
        let rest = &words[e.end - start..];
        rest.starts_with("'s") || rest.starts_with("\u{2019}s") || rest.starts_with('\'')
    };
    // A person named in the phrase heads it over the names that qualify their title
    // ("White House press secretary Karoline Leavitt", "Venezuelan President Nicolás
    // Maduro").
    let head = inside
        .iter()
        .filter(|e| !owner(e) && e.kind == "PER")
        .min_by_key(|e| e.start)
        .or_else(|| inside.iter().filter(|e| !owner(e)).min_by_key(|e| e.start))
        .or_else(|| inside.iter().max_by_key(|e| e.end - e.start));
    // "the Tessel harbour master", "a Pentagon spokesman": a person named by role, whatever
    // place or body qualifies the role.
    let role = lower
        .trim_end_matches([',', '.'])
        .rsplit(' ')
        .next()
        .is_some_and(is_role_noun);
    if role && head.is_none_or(|e| e.kind != "PER") && !is_anonymous(&lower) {
        return ("person", None);
    }
    if let Some(e) = head {
        let kind = match e.kind {
            "PER" => "person",
            "ORG" if e.media || is_media(&e.key) => "outlet",
            "ORG" => "organisation",
            // "the Velmora coastguard": a place names whose body it is.
            _ if is_institution(&lower) => return ("organisation", None),
            _ => "other",
        };
        return (kind, Some(e.key.clone()));
    }
    if PRONOUNS.contains(&lower.trim()) {
        let key = match lower.trim() {
            "he" => people.before(start, end, Gender::Male),
            "she" => people.before(start, end, Gender::Female),
            pronoun => {
                // "they" and "it" are a body, never one person; "I" is a person.
                let fits = |kind: &str| match pronoun {
                    "they" | "it" => kind == "ORG",
                    "i" => kind == "PER",
                    _ => matches!(kind, "PER" | "ORG"),
                };
                entities[..entities.partition_point(|e| e.start < start)]
                    .iter()
                    .rev()
                    .take(PRONOUN_REACH)
                    .filter(|e| e.end <= start && fits(e.kind))
                    .max_by_key(|e| e.end)
                    .map(|e| e.key.clone())
            }
        };
        return ("pronoun", key);
    }
    if is_anonymous(&lower) {
        return ("anonymous", None);
    }
    if is_institution(&lower) {
        return ("organisation", None);
    }
    ("other", None)
}

/// A singular noun that names one person by role: the roles a story names people with
/// ([`ROLE_NOUNS`]) and a few more ("harbour master", "a Homeland Security official").
fn is_role_noun(w: &str) -> bool {
    ROLE_NOUNS.contains(&w)
        || matches!(
            w,
            "master"
                | "chairperson"
                | "coroner"
                | "superintendent"
                | "economist"
                | "analyst"
                | "official"
                | "officer"
                | "diplomat"
                | "lawmaker"
                | "adviser"
                | "advisor"
        )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gender {
    Male,
    Female,
}

/// The gender a word before or beside a name gives its bearer ("Mrs.", "spokeswoman",
/// "his brother"), if any.
fn gender_word(w: &str) -> Option<Gender> {
    let w = w.trim_end_matches('.').to_lowercase();
    match w.as_str() {
        "mr" | "sir" | "lord" | "king" | "prince" | "spokesman" | "chairman" | "congressman"
        | "businessman" | "father" | "son" | "brother" | "husband" | "uncle" | "grandfather"
        | "nephew" | "actor" | "boy" | "man" | "gentleman" | "countryman" | "statesman" => {
            Some(Gender::Male)
        }
        "mrs" | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" | "spokeswoman"
        | "chairwoman" | "congresswoman" | "businesswoman" | "mother" | "daughter" | "sister"
        | "wife" | "aunt" | "grandmother" | "niece" | "actress" | "girl" | "woman"
        | "stateswoman" => Some(Gender::Female),
        _ => None,
    }
}

/// The title words right before a name at byte `at`, nearest first: capitalised words,
/// role nouns and gendered words ("Interior Minister", "White House press secretary",
/// "coastguard spokeswoman", "Mrs."), up to four, stopping at any other word or a clause's
/// end ("ran for president against Senator John McCain" gives only "Senator").
fn title_before(text: &str, at: usize) -> Vec<&str> {
    // Four words lie within the 120 bytes before the name.
    let mut from = at.saturating_sub(120);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let head = text.get(from..at).unwrap_or("");
    let paragraph = head.rsplit('\n').next().unwrap_or(head);
    let mut out = Vec::new();
    for w in paragraph.split_whitespace().rev().take(4) {
        let gendered = gender_word(w).is_some();
        // A word that ends a clause is outside it, unless it is a title ("Mr.").
        if w.ends_with(['.', '!', '?', ',', ';', ':', '"', '”', ')']) && !gendered {
            break;
        }
        let bare = w.to_lowercase();
        let titled = w.starts_with(char::is_uppercase) || ROLE_NOUNS.contains(&bare.as_str());
        if !titled && !gendered {
            break;
        }
        out.push(w);
    }
    out
}

/// Role nouns a story uses for a person it named with them ("Interior Minister Adela
/// Korr" ... "the minister").
const ROLE_NOUNS: &[&str] = &[
    "minister",
    "president",
    "senator",
    "governor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "commander",
    "chief",
    "secretary",
    "prosecutor",
    "judge",
    "captain",
    "general",
    "chairman",
    "chairwoman",
    "director",
    "ambassador",
    "sheriff",
    "coach",
    "premier",
    "chancellor",
];

/// The people of a document as a pronoun looks back at them, built once per document:
/// every mention of a person by name, or by the role they were named with ("Interior
/// Minister Adela Korr" ... "The minister was blunt."), in text order, and what the text
/// says of each person's gender: a gendered word in the title before any of their
/// mentions ("Mrs. Osk", "coastguard spokeswoman Lena Varga") or in apposition just after
/// ("Teodor Halm, the coastguard's spokesman"); `None` when it says nothing or both.
struct People<'a> {
    /// (end of the mention, index into `keys`, sentence, whether it is a source's), by end.
    mentions: Vec<(usize, usize, usize, bool)>,
    /// Pronoun sources already resolved, as mentions of whom they stand for (a "she" who
    /// speaks is the next "she"'s antecedent as much as a name is), by end.
    resolved: std::cell::RefCell<Vec<(usize, usize, usize, bool)>>,
    keys: Vec<(&'a str, Option<Gender>)>,
    sentence_of: &'a dyn Fn(usize) -> usize,
}

/// How many mentions a pronoun looks back over for one of its gender.
const PRONOUN_REACH: usize = 40;

impl<'a> People<'a> {
    fn new(
        text: &str,
        entities: &'a [Entity],
        sources: &[(usize, usize)],
        sentence_of: &'a dyn Fn(usize) -> usize,
    ) -> People<'a> {
        // Whether bytes a..b lie in a tagged source (sources sorted by start).
        let mut sources = sources.to_vec();
        sources.sort_unstable();
        let speaks = |a: usize, b: usize| {
            let k = sources.partition_point(|s| s.0 <= a);
            k > 0 && sources[k - 1].1 >= b
        };
        let mut keys: Vec<(&'a str, (bool, bool))> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = Default::default();
        let mut mentions = Vec::new();
        // (start, end, key index, the role words of its title), in text order.
        let mut named: Vec<(usize, usize, usize, Vec<String>)> = Vec::new();
        for e in entities.iter().filter(|e| e.kind == "PER") {
            let k = *index.entry(e.key.as_str()).or_insert_with(|| {
                keys.push((e.key.as_str(), (false, false)));
                keys.len() - 1
            });
            let title = title_before(text, e.start);
            let apposition = text
                .get(e.end..)
                .and_then(|a| a.strip_prefix(','))
                .map(|a| {
                    let mut n = a.len().min(60);
                    while !a.is_char_boundary(n) {
                        n -= 1;
                    }
                    &a[..n]
                })
                .map(|a| a.split([',', '.', ';']).next().unwrap_or(""))
                .unwrap_or("");
            // A given name: the first of two words or more ("Hillary Clinton"), or a name
            // of one word that is all the article calls its bearer ("Melanie"; not the
            // "Kelly" of a John Kelly).
            let words = e.text.split_whitespace().count();
            let given = e
                .text
                .split_whitespace()
                .next()
                .filter(|w| words > 1 || e.key == w.to_lowercase())
                .and_then(crate::words::given_name_gender)
                .map(|female| if female { Gender::Female } else { Gender::Male });
            let near = title
                .iter()
                .copied()
                .chain(apposition.split_whitespace().take(4));
            for g in near.filter_map(gender_word).chain(given) {
                match g {
                    Gender::Male => keys[k].1 .0 = true,
                    Gender::Female => keys[k].1 .1 = true,
                }
            }
            let roles = title
                .iter()
                .map(|w| w.to_lowercase().trim_end_matches('.').to_string())
                .filter(|w| ROLE_NOUNS.contains(&w.as_str()))
                .collect();
            mentions.push((e.end, k, sentence_of(e.start), speaks(e.start, e.end)));
            named.push((e.start, e.end, k, roles));
        }
        // "The minister" opening a sentence, as a subject does (not "a question for the
        // president"): a mention of the last person named with that role before it.
        let mut last_with: Vec<(&str, usize)> = Vec::new();
        let mut next = 0;
        for (s, _) in text.match_indices("The ") {
            while next < named.len() && named[next].1 <= s {
                for r in &named[next].3 {
                    let r = ROLE_NOUNS.iter().copied().find(|x| x == r).unwrap_or("");
                    match last_with.iter_mut().find(|(x, _)| *x == r) {
                        Some(x) => x.1 = named[next].2,
                        None => last_with.push((r, named[next].2)),
                    }
                }
                next += 1;
            }
            let rest = &text[s + 4..];
            let word_end = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let word = rest[..word_end].to_ascii_lowercase();
            let Some(&(_, k)) = last_with.iter().find(|(r, _)| *r == word) else {
                continue;
            };
            let opens = text[..s]
                .trim_end_matches([' ', '"', '“', '\''])
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'));
            if opens {
                let end = s + 4 + word_end;
                mentions.push((end, k, sentence_of(s), speaks(s, end)));
            }
        }
        mentions.sort_unstable();
        let keys = keys
            .into_iter()
            .map(|(k, seen)| {
                let g = match seen {
                    (true, false) => Some(Gender::Male),
                    (false, true) => Some(Gender::Female),
                    _ => None,
                };
                (k, g)
            })
            .collect();
        People {
            mentions,
            resolved: Default::default(),
            keys,
            sentence_of,
        }
    }

    /// The person a "he" or "she" at byte `at` stands for, whose gender, where the text
    /// tells it, agrees: in the pronoun's own sentence the last one mentioned before it;
    /// in an earlier sentence the last one who speaks there ("..., Mr. Kamin said. '...,'
    /// he said" is Kamin, though the sentence named Mr. Trump first), else the first one
    /// it mentions, its subject as a rule ("Ham explained why he backs Trump over Clinton.
    /// 'We need a leader,' he said." is Ham).
    fn before(&self, at: usize, end: usize, gender: Gender) -> Option<String> {
        let found = self.find(at, gender);
        if let Some(k) = found {
            // This pronoun now mentions the person for the pronouns after it.
            let mut resolved = self.resolved.borrow_mut();
            let i = resolved.partition_point(|m| m.0 <= end);
            resolved.insert(i, (end, k, (self.sentence_of)(at), true));
        }
        found.map(|k| self.keys[k].0.to_string())
    }

    /// The index of the key [`People::before`] picks.
    fn find(&self, at: usize, gender: Gender) -> Option<usize> {
        let n = self.mentions.partition_point(|m| m.0 <= at);
        let resolved = self.resolved.borrow();
        let r = resolved.partition_point(|m| m.0 <= at);
        let mut merged: Vec<(usize, usize, usize, bool)> = self.mentions
            [n.saturating_sub(PRONOUN_REACH)..n]
            .iter()
            .chain(&resolved[r.saturating_sub(PRONOUN_REACH)..r])
            .copied()
            .collect();
        merged.sort_unstable();
        let near = &merged[merged.len().saturating_sub(PRONOUN_REACH)..];
        let fits = |m: &&(usize, usize, usize, bool)| self.keys[m.1].1.is_none_or(|g| g == gender);
        let own = (self.sentence_of)(at);
        let mut i = near.len();
        while i > 0 {
            let sentence = near[i - 1].2;
            let first = near[..i].partition_point(|m| m.2 < sentence);
            let group = &near[first..i];
            let found = if sentence >= own {
                group.iter().rev().find(fits)
            } else {
                group
                    .iter()
                    .rev()
                    .find(|m| m.3 && fits(m))
                    .or_else(|| group.iter().find(fits))
            };
            if let Some(m) = found {
                return Some(m.1);
            }
            i = first;
        }
        None
    }
}

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Direct quotes: text between quotation marks, of three words or more (shorter ones
/// are scare quotes and names), also when a quote runs over paragraphs (a paragraph
/// that opens a quote and does not close it continues in the next that opens one). The
/// speaker is the source of the attribution whose content holds the quote, else of the
/// nearest attribution in the quote's paragraph.
fn quotes(text: &str, atts: &[Attribution], sentence_of: &dyn Fn(usize) -> usize) -> Vec<Quote> {
    let holders = Holders::new(text, atts);
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open = false;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        let straight = c == '"';
        let opening = is_open_quote(c) || (straight && !straight_open);
        let closing = is_close_quote(c) || (straight && straight_open);
        if opening && open.is_none() {
            open = Some(i + c.len_utf8());
            straight_open = straight;
        } else if closing && open.is_some() {
            let s = open.take().unwrap_or(i);
            straight_open = false;
            push_quote(text, s, i, &holders, sentence_of, &mut out);
        } else if c == '\n' && open.is_some() {
            // A paragraph ending inside a quote: the quote goes on only if the next
            // paragraph opens one; otherwise the marks were unbalanced.
            let mut j = k + 1;
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            let continues = chars
                .get(j)
                .is_some_and(|(_, c)| is_open_quote(*c) || *c == '"');
            if continues {
                k = j + 1;
                continue;
            }
            open = None;
            straight_open = false;
        }
        k += 1;
    }
    out
}

/// The attributions a quote may belong to, found by binary search: a quote looks only at
/// its neighbours, so a text of many quotes is read in time that grows with its length.
struct Holders<'a> {
    atts: &'a [Attribution],
    /// (content start, content end, index), by start.
    contents: Vec<(usize, usize, usize)>,
    longest_content: usize,
    /// (cue start, index), by start.
    cues: Vec<(usize, usize)>,
    /// Byte offsets of the line breaks.
    breaks: Vec<usize>,
}

impl<'a> Holders<'a> {
    fn new(text: &str, atts: &'a [Attribution]) -> Holders<'a> {
        let mut contents: Vec<(usize, usize, usize)> = atts
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.content_span.map(|(s, e)| (s, e, i)))
            .collect();
        contents.sort_unstable();
        let longest_content = contents.iter().map(|c| c.1 - c.0).max().unwrap_or(0);
        let mut cues: Vec<(usize, usize)> = atts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.cue_span.0, i))
            .collect();
        cues.sort_unstable();
        let breaks = text.match_indices('\n').map(|(i, _)| i).collect();
        Holders {
            atts,
            contents,
            longest_content,
            cues,
            breaks,
        }
    }

    /// The first attribution (in their order) whose content holds part of the quote
    /// `s..e`, else the one whose cue is nearest the quote in its paragraph.
    fn of(&self, s: usize, e: usize) -> Option<&'a Attribution> {
        let from = self
            .contents
            .partition_point(|c| c.0 + self.longest_content < s);
        let to = self.contents.partition_point(|c| c.0 <= e);
        let holding = self.contents[from..to.max(from)]
            .iter()
            .filter(|c| s <= c.1)
            .map(|c| c.2)
            .min();
        if let Some(i) = holding {
            return Some(&self.atts[i]);
        }
        let para_start = self.breaks[..self.breaks.partition_point(|&b| b < s)]
            .last()
            .map_or(0, |p| p + 1);
        let para_end = self.breaks[self.breaks.partition_point(|&b| b < e)..]
            .first()
            .copied()
            .unwrap_or(usize::MAX);
        let lo = self.cues.partition_point(|c| c.0 < para_start);
        let hi = self.cues.partition_point(|c| c.0 <= para_end);
        let distance = |i: usize| {
            let c = self.atts[i].cue_span;
            (c.0.abs_diff(e).min(c.1.abs_diff(s)), i)
        };
        // The nearest cue lies beside the quote in cue order: in a long paragraph only
        // those around it are weighed.
        let around = |at: usize| {
            let k = self.cues.partition_point(|c| c.0 < at);
            k.saturating_sub(16).max(lo)..(k + 16).min(hi.max(lo))
        };
        let window: Vec<usize> = if hi.saturating_sub(lo) <= 64 {
            (lo..hi.max(lo)).collect()
        } else {
            around(s).chain(around(e)).collect()
        };
        window
            .into_iter()
            .map(|k| self.cues[k].1)
            .filter(|&i| self.atts[i].cue_span.1 <= para_end)
            .min_by_key(|&i| distance(i))
            .map(|i| &self.atts[i])
    }
}

fn push_quote(
    text: &str,
    s: usize,
    e: usize,
    holders: &Holders,
    sentence_of: &dyn Fn(usize) -> usize,
    out: &mut Vec<Quote>,
) {
    let inner = text[s..e].trim();
    if inner.split_whitespace().count() < 3 {
        return;
    }
    let holder = holders.of(s, e);
    // A long source naming no one is more likely a mis-tagged clause than a speaker
    // ("A total of 163 people were rescued alive"): no speaker beats a wrong one.
    let holder = holder.filter(|a| {
        a.source_key.is_some()
            || a.source
                .as_deref()
                .is_none_or(|x| x.split_whitespace().count() <= 6)
    });
    let lead = text[s..e].len() - text[s..e].trim_start().len();
    out.push(Quote {
        text: inner.to_string(),
        speaker: holder.and_then(|a| a.source.as_deref()).map(speaker_name),
        speaker_key: holder.and_then(|a| a.source_key.clone()),
        cue: holder.map(|a| a.cue.clone()),
        start: s + lead,
        end: s + lead + inner.len(),
        sentence: sentence_of(s),
    });
}

/// A quote's speaker as a reader wants it: the source without the relative clause or
/// age that follows the name ("Mira Osk, 34, who swam to a life raft" → "Mira Osk") and
/// without trailing punctuation.
fn speaker_name(source: &str) -> String {
    let mut cut = source.len();
    for (i, _) in source.match_indices(", ") {
        let rest = &source[i + 2..];
        let first = rest.split_whitespace().next().unwrap_or_default();
        let clause = matches!(first, "who" | "whose" | "which" | "whom");
        let age = first
            .trim_end_matches(',')
            .chars()
            .all(|c| c.is_ascii_digit());
        if (clause || age) && i > 0 {
            cut = i;
            break;
        }
    }
    source[..cut]
        .trim_end_matches(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .to_string()
}

/// PolNeAR's gold: per role, the spans (character offsets) of one annotator's file.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    /// (role index, char start, char end), discontinuous spans as one per fragment.
    pub spans: Vec<(usize, usize, usize)>,
    /// The attributions, each joining its parts (the file's `E` lines).
    pub events: Vec<GoldAttribution>,
}

/// One gold attribution: the fragments (char offsets) of its source, cue and content;
/// an empty list where it has none ("Attribution-no-source").
#[derive(Debug, Clone, Default)]
pub struct GoldAttribution {
    pub source: Vec<(usize, usize)>,
    pub cue: Vec<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
}

/// Reads a brat standoff `.ann` file of PolNeAR.
pub fn read_ann(ann: &str) -> Gold {
    let mut g = Gold::default();
    let mut by_id: std::collections::HashMap<&str, Vec<(usize, usize)>> = Default::default();
    let rows = ann.lines().filter_map(|line| {
        let mut cols = line.splitn(3, '\t');
        Some((cols.next()?, cols.next()?))
    });
    for (id, meta) in rows.clone().filter(|(id, _)| id.starts_with('T')) {
        let Some((role, ranges)) = meta.split_once(' ') else {
            continue;
        };
        let mut frags = Vec::new();
        for frag in ranges.split(';') {
            let mut p = frag
                .split_whitespace()
                .filter_map(|x| x.parse::<usize>().ok());
            if let (Some(s), Some(e)) = (p.next(), p.next()) {
                frags.push((s, e));
            }
        }
        if let Some(r) = ROLES.iter().position(|x| *x == role) {
            g.spans.extend(frags.iter().map(|&(s, e)| (r, s, e)));
        }
        by_id.insert(id, frags);
    }
    // The attributions, after every span is known.
    for (_, parts) in rows.filter(|(id, _)| id.starts_with('E')) {
        let mut event = GoldAttribution::default();
        for part in parts.split_whitespace() {
            let Some((role, t)) = part.split_once(':') else {
                continue;
            };
            let frags = by_id.get(t).cloned().unwrap_or_default();
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Source" => event.source.extend(frags),
                "Cue" => event.cue.extend(frags),
                "Content" => event.content.extend(frags),
                _ => {}
            }
        }
        if !event.cue.is_empty() {
            g.events.push(event);
        }
    }
    g.spans.sort_unstable();
    g.spans.dedup();
    g
}

/// Byte offset of every char offset of `text` (and one past the end).
pub fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// A training document for the tagger: the text's paragraphs with the gold roles, a
/// longer span winning where spans overlap (a flat tagger cannot nest).
pub fn training_document(text: &str, gold: &Gold) -> train::Document {
    let c2b = char_to_byte(text);
    let mut spans: Vec<(usize, usize, usize)> = gold
        .spans
        .iter()
        .filter(|s| s.2 < c2b.len() && s.1 < s.2)
        .map(|&(r, s, e)| (r, c2b[s], c2b[e]))
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.2 - s.1));
    paragraphs(text)
        .into_iter()
        .map(|p| {
            let (words, offs) = paragraph_words(text, p);
            let mut taken = vec![false; words.len()];
            let mut out = Vec::new();
            for &(r, s, e) in &spans {
                let inside: Vec<usize> = (0..words.len())
                    .filter(|&i| offs[i].0 >= s && offs[i].1 <= e)
                    .collect();
                let (Some(&a), Some(&b)) = (inside.first(), inside.last()) else {
                    continue;
                };
                if taken[a..=b].iter().any(|t| *t) {
                    continue;
                }
                taken[a..=b].iter_mut().for_each(|t| *t = true);
                out.push((a, b + 1, r));
            }
            out.sort_unstable();
            train::Sentence { words, spans: out }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::spaced;

    #[test]
    fn the_embedded_edge_weights_decode_and_move_an_edge() {
        // "[Officials] [said] [that the port will reopen on Monday]": PolNeAR keeps "that"
        // in the content, and the weights learned it (annotators differ on the full stop).
        let w: Vec<String> = spaced("Officials said that the port will reopen on Monday .");
        let found = vec![(0, 1, SOURCE), (1, 2, CUE), (3, 10, CONTENT)];
        let got = edges().adjust(&boundary::Paragraph::new(&w), &found);
        assert_eq!(&got[..2], &found[..2]);
        assert_eq!(got[2].0, 2, "{got:?}");
        assert!(got[2].1 >= 9, "{got:?}");
    }

    #[test]
    fn a_source_after_according_to_gives_back_the_clause_it_ran_over() {
        let w: Vec<String> =
            spaced("According to two officials familiar with the matter , the navy lost a drone .");
        // The tagger ran the source to the full stop and tagged no content.
        let got = according_to_source_ends_at_comma(&w, vec![(0, 2, CUE), (2, 14, SOURCE)]);
        assert_eq!(got, vec![(0, 2, CUE), (2, 8, SOURCE), (9, 14, CONTENT)]);
        // A short scrap after the comma is no clause.
        let w: Vec<String> = spaced("According to the report , he said");
        let got = according_to_source_ends_at_comma(&w, vec![(0, 2, CUE), (2, 7, SOURCE)]);
        assert_eq!(got, vec![(0, 2, CUE), (2, 7, SOURCE)]);
    }

    #[test]
    fn reads_brat_with_discontinuous_spans() {
        let g = read_ann("E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nT1\tSource 0 5\tJones\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\tx\nT4\tAttribution 6 10\tsaid\nE2\tAttribution-no-source:T4 Content:T3\n");
        assert_eq!(
            g.spans,
            vec![(0, 0, 5), (1, 6, 10), (2, 11, 20), (2, 25, 30)]
        );
        // The event joins its parts even when it comes before them; one without a cue
        // is no attribution.
        assert_eq!(g.events.len(), 1);
        assert_eq!(g.events[0].source, vec![(0, 5)]);
        assert_eq!(g.events[0].cue, vec![(6, 10)]);
        assert_eq!(g.events[0].content, vec![(11, 20), (25, 30)]);
    }

    #[test]
    fn a_source_s_kind_is_its_head_s() {
        let kind = |text: &str| {
            let ents = crate::entity::entities(&[(text, 0)]);
            source_kind(
                &People::new(text, &ents, &[], &|_| 0),
                text,
                0,
                text.len(),
                &ents,
            )
            .0
        };
        assert_eq!(kind("Bram Hesse of the Dockers' Alliance"), "person");
        assert_eq!(
            kind("White House press secretary Karoline Leavitt"),
            "person"
        );
        assert_eq!(kind("Venezuelan President Nicolás Maduro"), "person");
        assert_eq!(kind("the Velmora coastguard"), "organisation");
        assert_eq!(kind("The port authority"), "organisation");
        assert_ne!(kind("Vey's Black Tide militia"), "person");
        assert_eq!(kind("senior officials"), "anonymous");
    }

    #[test]
    fn a_long_paragraph_is_read_in_pieces_ending_at_sentences() {
        let text = format!(
            "Short one.\n{}\nLast.",
            "The port stayed shut, officials said. ".repeat(700)
        );
        let paras = paragraphs(&text);
        assert_eq!(paras.first(), Some(&(0, 10)));
        assert!(paras.len() > 4, "{}", paras.len());
        for &(a, b) in &paras {
            assert!(b - a <= MAX_PARAGRAPH && a < b);
            assert!(!text[a..b].starts_with(' '));
            let piece = &text[a..b];
            assert!(
                piece.ends_with('.'),
                "{:?}",
                &piece[piece.len().saturating_sub(20)..]
            );
        }
        // Nothing but the spaces between pieces is left out.
        let kept: usize = paras.iter().map(|p| p.1 - p.0).sum();
        assert!(text.len() - kept < paras.len() * 2 + 2);
    }

    #[test]
    fn a_pronoun_stands_for_the_last_fitting_person_named_or_described() {
        let she = |text: &str, pronoun: &str| {
            let ents = crate::entity::entities(&[(text, 0)]);
            let at = text.rfind(pronoun).unwrap();
            let sentence_of = |b: usize| text[..b].matches(". ").count();
            source_kind(
                &People::new(text, &ents, &[], &sentence_of),
                pronoun,
                at,
                at + pronoun.len(),
                &ents,
            )
            .1
        };
        // "The minister" brings back the person named as a minister.
        let text = "Interior Minister Adela Korr arrived in Gresk on Monday. White House press \
                    secretary Karoline Leavitt said the talks had gone well. The minister was \
                    blunt. \"We will not pay,\" she said.";
        let korr = she(text, "she");
        assert!(
            korr.as_deref().is_some_and(|k| k.contains("korr")),
            "{korr:?}"
        );
        // A woman named last does not stand for "he".
        let text = "Mr. Teodor Halm said the search would go on. Coastguard spokeswoman Lena \
                    Varga said survivors were taken to hospital. \"We will keep looking,\" he \
                    said.";
        let halm = she(text, "he");
        assert!(
            halm.as_deref().is_some_and(|k| k.contains("halm")),
            "{halm:?}"
        );
        // A given name tells a gender too.
        let text = "Hillary Clinton spoke in Toledo. Donald Trump replied in Ohio. She said the \
                    plan was rigged.";
        let clinton = she(text, "She");
        assert!(
            clinton.as_deref().is_some_and(|k| k.contains("clinton")),
            "{clinton:?}"
        );
        // A person named by role is a person, whatever place or body qualifies the role.
        let text = "Boats were hit near Tessel, the Tessel harbour master said.";
        let ents = crate::entity::entities(&[(text, 0)]);
        let at = text.find("the Tessel").unwrap();
        let end = at + "the Tessel harbour master".len();
        let sentence_of = |_: usize| 0;
        let people = People::new(text, &ents, &[], &sentence_of);
        assert_eq!(
            source_kind(&people, &text[at..end], at, end, &ents),
            ("person", None)
        );
        // "They" and "it" are a body, never one person named after it.
        let text = "The Maritime Safety Office opened an inquiry. Teodor Halm called it late. \
                    They said the ferry was overloaded.";
        let they = she(text, "They");
        assert!(
            they.as_deref().is_some_and(|k| k.contains("maritime")),
            "{they:?}"
        );
        // In an earlier sentence, who speaks there comes before who is named first.
        let text = "Mr. Trump's plan would cut taxes at the top, Mr. Kamin said. \"It will not \
                    raise enough,\" he said.";
        let ents = crate::entity::entities(&[(text, 0)]);
        let sentence_of = |b: usize| usize::from(b > text.find("said.").unwrap());
        let (atts, _) = attributions(text, &ents, &sentence_of);
        let he = atts.iter().find(|a| a.source.as_deref() == Some("he"));
        assert!(
            he.is_some_and(|a| a.source_key.as_deref().is_some_and(|k| k.contains("kamin"))),
            "{atts:?}"
        );
        // A pronoun already resolved is a mention for the next: the second "she" is Clinton,
        // though Alicia Machado was named in between.
        let text = "Hillary Clinton spoke in Ohio. She says Trump's attacks on Alicia Machado \
                    are lies. The response came in a series of posts. She wrote that he lashes \
                    out.";
        let ents = crate::entity::entities(&[(text, 0)]);
        let sentence_of = |b: usize| text[..b].matches(". ").count();
        let (atts, _) = attributions(text, &ents, &sentence_of);
        let keys: Vec<Option<&str>> = atts
            .iter()
            .filter(|a| a.source.as_deref() == Some("She"))
            .map(|a| a.source_key.as_deref())
            .collect();
        assert!(
            keys.len() == 2
                && keys
                    .iter()
                    .all(|k| k.is_some_and(|k| k.contains("clinton"))),
            "{atts:?}"
        );
        // Without a word of gender, the last person named.
        let text = "Teodor Halm spoke first. Then Lena Varga said it was over. She said more.";
        let varga = she(text, "She");
        assert!(
            varga.as_deref().is_some_and(|k| k.contains("varga")),
            "{varga:?}"
        );
    }

    #[test]
    fn a_cue_takes_its_own_sentence_s_parts() {
        let text =
            "The Dockers' Alliance is demanding a 9% pay rise. The port authority has offered 4%.";
        let ents = crate::entity::entities(&[(text, 0)]);
        let sentence_of = |b: usize| usize::from(b >= text.find("The port").unwrap());
        let (atts, _) = attributions(text, &ents, &sentence_of);
        let demanding = atts.iter().find(|a| a.cue.contains("demanding"));
        // The source is the name right before the cue (found when the tagger tags none).
        assert!(
            demanding.is_some_and(|a| a
                .source
                .as_deref()
                .is_some_and(|s| s == "The Dockers' Alliance")),
            "{atts:#?}"
        );
        // The authority's offer is not the union's demand.
        for a in atts.iter().filter(|a| a.sentence == 1) {
            assert!(
                a.content.as_deref().is_none_or(|c| !c.contains("9%")),
                "{a:#?}"
            );
            assert!(a.source.as_deref().is_none_or(|s| !s.contains("Dockers")));
        }
    }

    #[test]
    fn the_embedded_model_finds_a_source_cue_and_content() {
        let text = "The army fired on protesters, witnesses told the Miami Herald.\n\nMaduro said he would not resign. “We will never surrender this country to anyone,” he said.";
        let ents = crate::entity::entities(&[(text, 0)]);
        let (atts, quotes) = attributions(text, &ents, &|_| 0);
        let cues: Vec<&str> = atts.iter().map(|a| a.cue.as_str()).collect();
        assert!(
            cues.contains(&"told") && cues.contains(&"said"),
            "{atts:#?}"
        );
        let told = atts.iter().find(|a| a.cue == "told").unwrap();
        // The exact source is "witnesses"; today's model also takes the clause before the
        // comma (exact source F1 is about 0.6 on PolNeAR dev), so only its head is held.
        assert!(
            told.source
                .as_deref()
                .is_some_and(|s| s.ends_with("witnesses")),
            "{told:#?}"
        );
        assert_eq!(told.source_kind, "anonymous");
        assert_eq!(quotes.len(), 1, "{quotes:#?}");
        assert_eq!(
            quotes[0].speaker_key.as_deref(),
            Some("maduro"),
            "{quotes:#?}"
        );
    }

    #[test]
    fn a_fronted_content_is_split_from_its_source_even_with_a_scrap_after_the_cue() {
        // "A ferry overturned on Friday night , the coastguard said early on Saturday ."
        let words: Vec<String> =
            spaced("A ferry overturned on Friday night , the coastguard said early on Saturday .");
        // The tagger took the whole clause as the source and a scrap as the content.
        let found = vec![(0, 9, 0), (9, 10, 1), (10, 13, 2)];
        assert_eq!(
            split_fronted_content(&words, found),
            vec![(0, 6, 2), (7, 9, 0), (9, 10, 1)]
        );
        // A real content after the cue keeps the tagger's reading.
        let words: Vec<String> = spaced("Officials in the port city , the coastguard said that twelve people died in the night .");
        let found = vec![(0, 8, 0), (8, 9, 1), (9, 17, 2)];
        assert_eq!(split_fronted_content(&words, found.clone()), found);
    }

    #[test]
    fn a_content_that_runs_into_its_cue_gives_the_phrase_after_its_comma_to_the_source() {
        let words: Vec<String> =
            spaced("Drone attacks have killed four fishermen since Sunday , the harbour master 's office said on Monday .");
        // The tagger opened a source at the subject and ran the content up to the cue.
        let found = vec![(0, 2, 0), (2, 13, 2), (13, 14, 1)];
        assert_eq!(
            split_content_at_source(&words, found),
            vec![(0, 2, 0), (2, 8, 2), (9, 13, 0), (13, 14, 1)]
        );
        // Then the stray source at the start joins the content, which takes its sentence.
        let fronted =
            whole_fronted_content(&words, vec![(0, 2, 0), (2, 8, 2), (9, 13, 0), (13, 14, 1)]);
        assert_eq!(fronted, vec![(0, 8, 2), (9, 13, 0), (13, 14, 1)]);
        // A clause after the comma is not a source ("..., and the board has said").
        let words: Vec<String> =
            spaced("The hotel filed objections to the vote , and the board has said");
        let found = vec![(0, 11, 2), (11, 13, 1)];
        assert_eq!(split_content_at_source(&words, found.clone()), found);
        // Nor when the cue has its source already (after it, as here).
        let words: Vec<String> =
            spaced("Four fishermen died overnight , their union said the navy");
        let found = vec![(0, 7, 2), (7, 8, 1), (8, 10, 0)];
        assert_eq!(split_content_at_source(&words, found.clone()), found);
    }

    #[test]
    fn a_source_after_according_to_ends_at_its_comma() {
        let words: Vec<String> = spaced(
            "According to its operator Velmora Sea Lines , the ship had 212 passengers on board .",
        );
        let found = vec![(0, 2, 1), (2, 10, 0), (10, 15, 2)];
        assert_eq!(
            according_to_source_ends_at_comma(&words, found),
            vec![(0, 2, 1), (2, 7, 0), (8, 15, 2)]
        );
        // An apposition stays with the source: the cut is at the last comma.
        let words2: Vec<String> = spaced(
            "According to a local newspaper , the Tessa Herald , about 2,000 trucks were held up .",
        );
        let found2 = vec![(0, 2, 1), (2, 13, 0), (13, 16, 2)];
        assert_eq!(
            according_to_source_ends_at_comma(&words2, found2),
            vec![(0, 2, 1), (2, 9, 0), (10, 16, 2)]
        );
        // A source with no content right after it is left alone.
        let found = vec![(0, 2, 1), (2, 10, 0)];
        assert_eq!(
            according_to_source_ends_at_comma(&words, found.clone()),
            found
        );
    }

    #[test]
    fn a_said_at_the_end_of_a_content_whose_cue_is_no_reporting_verb_is_the_real_cue() {
        let words: Vec<String> = spaced("The ferry , a passenger ship , overturned in the strait on Friday , and 14 people were killed , coastguard officials said on Saturday .");
        // The tagger: [The ferry , a passenger ship ,] [overturned in] [the strait ... Saturday].
        let found = vec![(0, 7, 0), (7, 9, 1), (9, 24, 2)];
        assert_eq!(
            said_inside_content(&words, found),
            vec![(0, 19, 2), (20, 22, 0), (22, 23, 1)]
        );
        // A relative clause is no source: "..., that prosecutors said was suspected".
        let words: Vec<String> = spaced(
            "He pleaded guilty to lobbying for a charity , that prosecutors said funded terror",
        );
        let found = vec![(0, 1, 0), (1, 3, 1), (3, 14, 2)];
        assert_eq!(said_inside_content(&words, found.clone()), found);
    }

    #[test]
    fn a_title_before_a_source_joins_it_but_never_another_span() {
        let words: Vec<String> = spaced("President Obama said the Miami Herald reported");
        // "Obama" / "said" / "the Miami Herald"? The tagger left "President" out.
        let found = vec![(1, 2, 0), (2, 3, 1), (4, 6, 0), (6, 7, 1)];
        assert_eq!(
            tidy_sources(&words, found),
            vec![(0, 2, 0), (2, 3, 1), (3, 6, 0), (6, 7, 1)]
        );
        // "the" inside a content stays there.
        let found = vec![(3, 4, 2), (4, 6, 0), (6, 7, 1)];
        assert_eq!(tidy_sources(&words, found.clone()), found);
    }

    #[test]
    fn a_content_cut_short_before_its_source_takes_its_sentence() {
        let text = "Exports fell in March for a third month, mostly because of the strike, the ministry said.";
        let ents = crate::entity::entities(&[(text, 0)]);
        let (atts, _) = attributions(text, &ents, &|_| 0);
        let said = atts.iter().find(|a| a.cue == "said").expect("said");
        assert!(
            said.content.as_deref().is_some_and(
                |c| c.starts_with("Exports fell in March") && c.ends_with("the strike")
            ),
            "{said:#?}"
        );
    }

    #[test]
    fn a_fronted_content_is_what_was_said_not_the_scrap_after_the_cue() {
        let text = "PORT ALDREN (Coastline Wire) - A ferry carrying more than 200 people overturned in the Kestrel Strait on Friday night and at least 12 people died, the Velmora coastguard said early on Saturday.";
        let ents = crate::entity::entities(&[(text, 0)]);
        let (atts, _) = attributions(text, &ents, &|_| 0);
        let said = atts.iter().find(|a| a.cue == "said").expect("said");
        // The dateline is not part of it either.
        assert!(
            said.content
                .as_deref()
                .is_some_and(|c| c.starts_with("A ferry") && c.ends_with("died")),
            "{said:#?}"
        );
    }

    #[test]
    fn a_source_after_the_cue_makes_the_one_before_it_the_content() {
        // "[A total of 163 were rescued ,] said [Teodor Halm , the commander]"
        let found = vec![(0, 7, 0), (7, 8, 1), (8, 13, 0)];
        assert_eq!(
            inverted_sources(found),
            vec![(0, 7, 2), (7, 8, 1), (8, 13, 0)]
        );
        // A source only before the cue stays a source.
        let found = vec![(0, 2, 0), (2, 3, 1), (3, 9, 2)];
        assert_eq!(inverted_sources(found.clone()), found);
    }

    #[test]
    fn a_clause_before_the_source_s_comma_is_cut_from_it() {
        let w: Vec<String> = spaced("Dozens of ships were waiting , port officials said");
        assert_eq!(tidy_sources(&w, vec![(0, 8, 0), (8, 9, 1)])[0], (6, 8, 0));
        // An apposition has no finite verb: "Teodor Halm , the commander".
        let w: Vec<String> = spaced("Teodor Halm , the commander , said");
        assert_eq!(tidy_sources(&w, vec![(0, 5, 0), (6, 7, 1)])[0], (0, 5, 0));
    }

    #[test]
    fn quotes_run_over_paragraphs_and_unbalanced_marks_end_at_the_paragraph() {
        let text = "“We will stay here until the end.\n\n“Nobody will move us from this square,” she said.\n\nHe said “this is going nowhere\n\nand more.";
        let q = quotes(text, &[], &|_| 0);
        assert_eq!(q.len(), 1, "{q:#?}");
        assert!(q[0].text.starts_with("We will stay") && q[0].text.ends_with("this square,"));
    }
}
#[cfg(test)]
mod speaker_tests {
    #[test]
    fn a_speaker_loses_the_clause_and_age_after_the_name() {
        use super::speaker_name;
        assert_eq!(speaker_name("Mira Osk, 34, who swam ashore"), "Mira Osk");
        assert_eq!(
            speaker_name("Piet Maren, who has fished for 40 years"),
            "Piet Maren"
        );
        assert_eq!(
            speaker_name("A navy spokesman, Captain Ruta Sallis,"),
            "A navy spokesman, Captain Ruta Sallis"
        );
        assert_eq!(speaker_name("Adela Korr"), "Adela Korr");
    }
}
