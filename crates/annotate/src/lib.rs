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

/// What the stage found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Annotations {
    pub entities: Vec<Entity>,
    pub quantities: Vec<Quantity>,
    pub quotes: Vec<Quote>,
    pub attributions: Vec<Attribution>,
    /// Time expressions, resolved against the article's publication date when it has one.
    pub times: Vec<TimeExpr>,
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
        for (i, span) in article.sentences.iter().enumerate() {
            let text = span.of(&article.body);
            for mut t in time::times(text, dct) {
                t.start += span.start as usize;
                t.end += span.start as usize;
                t.sentence = i;
                out.times.push(t);
            }
            for mut q in quantity::quantities(text) {
                q.start += span.start as usize;
                q.end += span.start as usize;
                q.sentence = i;
                out.quantities.push(q);
            }
        }
        out
    }
}
