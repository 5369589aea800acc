//! Which of two rewrites is the source when no time or credit says so: evidence in the
//! texts themselves. A restatement tends to lose detail and to pad:
//! - **specifics dropped**: the source's matching sentences name people, places and
//!   figures ("Coastguard commander Teodor Halm said 163 ...") that the copy's text leaves
//!   out ("officials said more than 160 ..."); a specific counts when the other text has
//!   that word nowhere, so moving a name to another sentence is no loss;
//! - **generic extras**: the copy's sentences that match nothing in the source carry no
//!   name, figure or quotation ("The cause of the accident is not yet clear.");
//! - **second-hand attribution**: the copy cites what was reported ("according to local
//!   media", "reportedly") where the source reported it.
//!
//! Each specific dropped and each generic extra is one point, each second-hand cue two.
//! A side wins only with [`TEXT_MARGIN`] points more than the other and at least twice as
//! many; otherwise the texts are no evidence and direction stays unknown.

use std::collections::HashSet;

use crate::text::words;
use crate::Aligned;

/// Points one side needs beyond the other's.
pub const TEXT_MARGIN: usize = 3;

/// Phrases that report what others reported (matched lower-cased, on word boundaries).
const SECOND_HAND: &[&str] = &[
    "according to reports",
    "according to media reports",
    "according to local media",
    "according to news reports",
    "according to a report",
    "media reported",
    "media reports said",
    "reports said",
    "reportedly",
    "was quoted as saying",
    "were quoted as saying",
    "told local media",
    "told local reporters",
    "it was reported",
    "local media said",
    "local media reported",
    "news reports said",
];

/// A sentence's specifics: figures, and capitalised words after its first.
fn specifics(sentence: &str) -> Vec<String> {
    words(sentence)
        .into_iter()
        .enumerate()
        .filter(|(i, w)| {
            let c = w.chars().next().unwrap_or(' ');
            c.is_ascii_digit() || (*i > 0 && c.is_uppercase())
        })
        .map(|(_, w)| w.to_lowercase())
        .collect()
}

fn lower_words(text: &str) -> HashSet<String> {
    words(text).into_iter().map(str::to_lowercase).collect()
}

/// A generic sentence: six words or more, without specifics or quotation marks.
fn generic(sentence: &str) -> bool {
    words(sentence).len() >= 6
        && specifics(sentence).is_empty()
        && !sentence.contains(crate::text::QUOTE_MARKS)
}

fn second_hand(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    let bounded = |at: usize, len: usize| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + len..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    };
    SECOND_HAND
        .iter()
        .copied()
        .filter(|cue| {
            lower
                .match_indices(cue)
                .any(|(at, _)| bounded(at, cue.len()))
        })
        .collect()
}

/// Distinct specifics of the sentences at `idx` that `other` has nowhere.
fn lacking(sentences: &[&str], idx: impl Iterator<Item = usize>, other: &HashSet<String>) -> usize {
    let found: HashSet<String> = idx
        .filter_map(|i| sentences.get(i))
        .flat_map(|s| specifics(s))
        .filter(|w| !other.contains(w))
        .collect();
    found.len()
}

/// One side's evidence of being the copy.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CopySigns {
    /// Specifics of the *other* side's matching sentences this side's text lacks.
    pub lacks: usize,
    /// This side's unmatched sentences that are generic.
    pub generic_extras: usize,
    /// Second-hand cues this side has and the other has not.
    pub second_hand: Vec<&'static str>,
}

impl CopySigns {
    pub fn points(&self) -> usize {
        self.lacks + self.generic_extras + 2 * self.second_hand.len()
    }

    fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.lacks > 0 {
            out.push(format!(
                "lacks {} name{} and figures of the other's matching sentences",
                self.lacks,
                if self.lacks == 1 { "" } else { "s" }
            ));
        }
        if self.generic_extras > 0 {
            out.push(format!(
                "adds {} generic sentence{}",
                self.generic_extras,
                if self.generic_extras == 1 { "" } else { "s" }
            ));
        }
        if !self.second_hand.is_empty() {
            out.push(format!("cites \"{}\"", self.second_hand.join("\", \"")));
        }
        out
    }
}

/// The signs of both sides: `.0` of the first text being the copy, `.1` of the second.
pub fn copy_signs(
    a: (&str, &[&str]),
    b: (&str, &[&str]),
    aligned: &[Aligned],
) -> (CopySigns, CopySigns) {
    let (words_a, words_b) = (lower_words(a.0), lower_words(b.0));
    let extras = |sentences: &[&str], used: &HashSet<usize>| {
        sentences
            .iter()
            .enumerate()
            .filter(|(i, s)| !used.contains(i) && generic(s))
            .count()
    };
    let used_a: HashSet<usize> = aligned.iter().map(|p| p.a).collect();
    let used_b: HashSet<usize> = aligned.iter().map(|p| p.b).collect();
    let (cues_a, cues_b) = (second_hand(a.0), second_hand(b.0));
    let only = |x: &[&'static str], y: &[&'static str]| -> Vec<&'static str> {
        x.iter().copied().filter(|c| !y.contains(c)).collect()
    };
    (
        CopySigns {
            lacks: lacking(b.1, aligned.iter().map(|p| p.b), &words_a),
            generic_extras: extras(a.1, &used_a),
            second_hand: only(&cues_a, &cues_b),
        },
        CopySigns {
            lacks: lacking(a.1, aligned.iter().map(|p| p.a), &words_b),
            generic_extras: extras(b.1, &used_b),
            second_hand: only(&cues_b, &cues_a),
        },
    )
}

/// The source by the texts (0 the first, 1 the second) and why, or `None` when the
/// evidence is weak: the copy's points must exceed the source's by [`TEXT_MARGIN`] and be
/// at least twice as many.
pub fn source_by_text(signs: &(CopySigns, CopySigns), names: [&str; 2]) -> Option<(usize, String)> {
    let (pa, pb) = (signs.0.points(), signs.1.points());
    let (copy, copy_points, src_points) = if pa > pb { (0, pa, pb) } else { (1, pb, pa) };
    if copy_points < src_points + TEXT_MARGIN || copy_points < 2 * src_points {
        return None;
    }
    let copy_signs = if copy == 0 { &signs.0 } else { &signs.1 };
    let source = 1 - copy;
    Some((
        source,
        format!(
            "the {} text reads as the restatement: it {} ({} points against {})",
            names[copy],
            copy_signs.describe().join(", "),
            copy_points,
            src_points
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(n: usize) -> Vec<Aligned> {
        (0..n)
            .map(|i| Aligned {
                a: i,
                b: i,
                score: 0.9,
                quoted: false,
            })
            .collect()
    }

    fn judge(a: &[&str], b: &[&str], n: usize) -> Option<(usize, String)> {
        let (ja, jb) = (a.join(" "), b.join(" "));
        let signs = copy_signs((&ja, a), (&jb, b), &pairs(n));
        source_by_text(&signs, ["first", "second"])
    }

    const SOURCE: &[&str] = &[
        "The passenger ferry Aldren Star capsized in the Kestrel Strait late on Friday, killing at least 14 people, the coastguard said.",
        "Coastguard commander Teodor Halm said 163 people had been pulled from the water alive by 2 a.m.",
        "The Maritime Safety Office said the ship, built in 1989, passed its last inspection in November.",
    ];

    const RESTATED: &[&str] = &[
        "A ferry overturned in the Kestrel Strait on Friday night and at least 14 people died, officials said.",
        "More than 160 people were rescued from the water, according to local media.",
        "Safety officials said the ship had passed an inspection last year.",
        "The cause of the accident is not yet clear and an investigation is expected.",
        "Ferry accidents are not uncommon in the region during the stormy season.",
    ];

    #[test]
    fn the_text_that_loses_detail_and_pads_is_the_copy() {
        let (src, why) = judge(SOURCE, RESTATED, 3).expect("clear evidence");
        assert_eq!(src, 0, "{why}");
        assert!(
            why.contains("second text reads as the restatement"),
            "{why}"
        );
        assert!(why.contains("adds 2 generic sentences"), "{why}");
        assert!(why.contains("according to local media"), "{why}");
        // The same pair the other way round.
        assert_eq!(judge(RESTATED, SOURCE, 3).map(|(s, _)| s), Some(1));
    }

    #[test]
    fn a_restatement_that_keeps_every_detail_is_no_evidence() {
        let kept: &[&str] = &[
            "At least 14 people were killed when the Aldren Star, a passenger ferry, overturned in the Kestrel Strait on Friday night, the coastguard said.",
            "A total of 163 people were rescued alive by 2 a.m., said Teodor Halm, the Coastguard commander.",
            "Built in 1989, the ship passed its last inspection in November, the Maritime Safety Office said.",
        ];
        assert_eq!(judge(SOURCE, kept, 3), None);
        assert_eq!(judge(kept, SOURCE, 3), None);
    }

    #[test]
    fn second_hand_cues_match_whole_words_only() {
        assert_eq!(second_hand("He reportedly left."), vec!["reportedly"]);
        assert!(second_hand("The unreportedly rich.").is_empty());
        assert!(generic("The cause of the accident is not yet clear."));
        assert!(!generic("The cause, Halm said, is not yet clear."));
        assert!(!generic("\"It is not yet clear what happened,\" he said."));
    }
}
