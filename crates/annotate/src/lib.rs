//! The annotate stage: what an article's sentences say that a fact-checker lines up
//! across sources: entities with keys that unite an article's mentions and outlets
//! flagged ([`entity`]); quantities ([`quantity`]): the value as an interval with its
//! modifier, written numbers and scale words, currencies, units, percentages, the counted
//! thing and change words; attributions (source, cue, content) and direct quotes with
//! their speakers ([`attribution`]); time expressions ([`time`]) resolved against the
//! article's date. Entities and attributions come from averaged-perceptron taggers
//! ([`tagger`]) trained on CoNLL-2003 and PolNeAR and embedded in the binary; the rest are
//! rules. English only: other languages get quantities and times where the digits allow,
//! and no entities or attributions.
//!
//! A stage is a pure function of the article: `Annotator::run(&Article) -> Annotations`,
//! every mention with its character offsets into the body and its sentence index.
//!
//! ```
//! use crosscheck_annotate::quantity::quantities;
//! let q = quantities("Officials said at least 14 boats were hit and $50 million was offered.");
//! assert_eq!((q[0].low, q[0].modifier.as_str(), q[0].counted.as_deref()), (Some(14.0), ">", Some("boat")));
//! assert_eq!((q[1].value, q[1].unit.as_str()), (5e7, "dollar"));
//! ```

pub mod attribution;
pub mod boundary;
pub mod entity;
pub mod quantity;
pub mod tagger;
pub mod time;
mod words;

use crosscheck_model::Article;
use serde::Serialize;

pub use attribution::{Attribution, Quote};
pub use entity::Entity;
pub use quantity::Quantity;
pub use time::TimeExpr;

/// The version of what the stage finds, stored with each article's annotations: raised
/// whenever a change alters them (a new kind, a retrained model), so readers can tell a
/// store annotated by an older crosscheck (`annotate --rebuild` brings it up to date).
/// 1: quantities and times; 2: entities, quotes and attributions too; 3: datelines read as
/// places, one type per entity within an article; 4: a long source naming no one is not a
/// quote's speaker; 5: names retyped by their last word ("Sarnic Island" a place), a
/// number inside a name ("the Zone 5 officers") no quantity, the time rules of 2026-12-07;
/// 6: a content the tagger began mid-sentence before its source takes the sentence; 7: the
/// entity tagger reads word clusters; 8: the attribution tagger too; 9: currency signs and
/// codes after the amount, lakh and crore, "Oct. 13" a date, rates past what is measured,
/// a vague amount valued at its scale, hyphenated rates, "a year earlier" no rate, ranges
/// opened by a written number, "half a million", "1.5m people", "3 dozen", "310p", "41C",
/// "two-thirds", more rates; 10: a vessel named beside its noun is MISC whatever the tagger
/// typed it; a clause with a finite verb before a source's last comma is cut from it; 11:
/// a cue's source is taken from its own sentence, its content from its own sentence first;
/// 12: a name or subject pronoun right before a cue with no source is its source, a content
/// stays with its own sentence's cue, a plural possessive joins a name ("Dockers' Alliance");
/// 13: the attribution tagger's second pass reads where the first put the cues; 14: it is
/// trained for 30 passes, and keeps only rows with a weight past 1,000 of 32,000; 16: a
/// stray source does not stop a fronted content taking its sentence, and a content that
/// runs into its cue gives the noun phrase after its last comma to the source, and a
/// source after "according to" ends at its comma; 17: a "said" ending the content of a cue
/// that is no reporting verb is the real cue; 18: a source after "according to" ends at its
/// last comma, not its first; 19: the edges of sources, cues and contents placed by learned
/// weights ([`boundary`]); 20: "this summer", "last week", "the end of the month" found in a
/// text with no date too, valued with TimeML's unknown digits; 21: a person named in a source
/// heads it ("White House press secretary Karoline Leavitt" is a person); 22: a source after
/// "according to" that ran over its clause gives it back as the content; 23: "days or even
/// hours" one duration; 24: a pronoun stands for a person named or described by role whose
/// gender (from titles and given names) agrees, an earlier sentence's speaker first, a name after "Mr." or "President" is a person (a sure reading
/// outweighing ten others), a passive cue's subject is no source, "Kestrel Strait" a place,
/// "I'm" no name, and paragraphs over 8 KB are read in pieces; 25: the entity tagger learned
/// from CoNLL-2003's train and testa splits together; 26: no count or time is read inside a
/// web address, handle, hashtag or code ("pic.twitter.com/P2qpm3h3Pm" gave "2 qpm" and 3 p.m.);
/// 27: a hyphenated word is one word of a counted thing ("four plain-clothes officers" counted
/// "plain"), "news" is no plural, "one-way" and "one-on-one" are no counts, nor are the digits of
/// a telephone number ("(313) 596-1616" gave 313 and 596 to 1,616), and "a 10-year-old" is no
/// duration; 28: "30g" grams, "120V" volts, "4x" times, "U.S. dollars"; "3D", "5G", "GLP-1",
/// "COVID-19" no counts; the level after "from" is no change and the one before ", up from"
/// is; "within minutes" PTXM; a name across "and" before a person's name is two names;
/// "they" and "it" stand for a body, "I" for a person; 29: companies the 1996 Reuters text
/// never saw ("Google", "TikTok", "Twitter") are organisations, and a street number ("217
/// Carrie St.") is no count.
pub const VERSION: u32 = 29;

/// What the stage found in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Annotations {
    /// [`VERSION`] of the stage that made them.
    pub version: u32,
    pub entities: Vec<Entity>,
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    pub attributions: Vec<Attribution>,
    /// Time expressions, resolved against the article's publication date when it has one.
    pub times: Vec<TimeExpr>,
}

impl Default for Annotations {
    fn default() -> Self {
        Annotations {
            version: VERSION,
            entities: Vec::new(),
            quantities: Vec::new(),
            quotes: Vec::new(),
            attributions: Vec::new(),
            times: Vec::new(),
        }
    }
}

/// The runtime stage.
#[derive(Debug, Clone, Default)]
pub struct Annotator;

impl Annotator {
    /// Annotates an article sentence by sentence; offsets are into its body.
    pub fn run(&self, article: &Article) -> Annotations {
        let mut out = Annotations::default();
        let dct = article
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let english = article.lang.as_deref().is_none_or(|l| l == "en");
        if english && !article.body.is_empty() {
            let sentences: Vec<(&str, usize)> = article
                .sentences
                .iter()
                .map(|s| (s.of(&article.body), s.start as usize))
                .collect();
            out.entities = entity::entities(&sentences);
            let sentence_of = |b: usize| {
                article
                    .sentences
                    .partition_point(|s| (s.end as usize) <= b)
                    .min(article.sentences.len().saturating_sub(1))
            };
            let (atts, quotes) =
                attribution::attributions(&article.body, &out.entities, &sentence_of);
            out.attributions = atts;
            out.quotes = quotes;
        }
        out.times = time::times_of_sentences(
            &article.body,
            article
                .sentences
                .iter()
                .map(|s| (s.start as usize, s.end as usize)),
            dct,
        );
        for (i, span) in article.sentences.iter().enumerate() {
            let text = span.of(&article.body);
            for mut q in quantity::quantities(text) {
                q.start += span.start as usize;
                q.end += span.start as usize;
                q.sentence = i;
                out.quantities.push(q);
            }
        }
        // Digits inside web addresses, handles, hashtags, codes and telephone numbers are no
        // counts and no times.
        if !out.quantities.is_empty() || !out.times.is_empty() {
            let junk = words::not_prose_spans(&article.body);
            if !junk.is_empty() {
                out.quantities
                    .retain(|q| !words::overlaps_any(&junk, q.start, q.end));
                out.times
                    .retain(|t| !words::overlaps_any(&junk, t.start, t.end));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_model::{Article, InputRecord, SourceKind, Span};
    use proptest::prelude::*;

    fn article(body: &str) -> Article {
        // Sentences: split after . ! ? followed by a space, as the extractor would roughly.
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, c) in body.char_indices() {
            if matches!(c, '.' | '!' | '?') && body[i + 1..].starts_with(' ') {
                sentences.push(Span {
                    start: start as u32,
                    end: (i + 1) as u32,
                });
                start = i + 2;
            }
        }
        if start < body.len() {
            sentences.push(Span {
                start: start as u32,
                end: body.len() as u32,
            });
        }
        Article {
            id: crosscheck_model::ArticleId::from_stored("ab".repeat(16)),
            source: "t".into(),
            kind: SourceKind::Text,
            url: None,
            outlet: None,
            title: None,
            standfirst: None,
            byline: None,
            published: Some("2026-03-14".into()),
            version_key: String::new(),
            body: body.into(),
            paragraphs: Vec::new(),
            sentences,
            removed: Vec::new(),
            decoded_from: None,
            lang: Some("en".into()),
            record: InputRecord::default(),
        }
    }

    fn check_spans(body: &str, ann: &Annotations) {
        let ok = |s: usize, e: usize| {
            s <= e && e <= body.len() && body.is_char_boundary(s) && body.is_char_boundary(e)
        };
        for e in &ann.entities {
            assert!(
                ok(e.start, e.end) && body[e.start..e.end] == e.text,
                "{e:?}"
            );
        }
        for q in &ann.quotes {
            assert!(
                ok(q.start, q.end) && body[q.start..q.end] == q.text,
                "{q:?}"
            );
        }
        for a in &ann.attributions {
            assert!(
                ok(a.start, a.end) && ok(a.cue_span.0, a.cue_span.1),
                "{a:?}"
            );
        }
    }

    #[test]
    fn hostile_bodies_are_annotated_without_panic_or_stall() {
        let long_sentence =
            "Officials said the strike hit Caracas and \u{201c}more ".repeat(20_000);
        let digits = format!(
            "The reward rose to ${} dollars, Bondi said.",
            "9".repeat(400)
        );
        let unbalanced = "\u{201c}We will not leave,\u{201d} he said. \u{201c}Never. \"Odd \u{201d} marks \u{201c}\n\n";
        // One paragraph of thousands of cues, pronouns and quotes: the work per paragraph
        // grows with the square of its spans, so it is read in pieces (a 261 KB paragraph
        // took 11 s, and with pronouns looked up by scanning the text, minutes).
        let crowded = "Minister Adela Korr spoke. The minister said it was over. He said so, \
                       and she said no. \"We will stay here,\" he said. "
            .repeat(1_500);
        for body in [
            "",
            " ",
            long_sentence.as_str(),
            digits.as_str(),
            unbalanced,
            crowded.as_str(),
            "Москва заявила, что \u{ab}переговоры\u{bb} продолжатся.",
        ] {
            let a = article(body);
            let ann = Annotator.run(&a);
            check_spans(body, &ann);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn arbitrary_text_keeps_every_span_inside_the_body(s in "(\\PC|[\u{201c}\u{201d}\"'. A-Z\n]){0,300}") {
            let a = article(&s);
            let ann = Annotator.run(&a);
            check_spans(&s, &ann);
        }
    }
}
