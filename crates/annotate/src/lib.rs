//! The annotate stage: what an article's sentences say that a fact-checker lines up
//! across sources. Built so far: quantities ([`quantity`]): the value as an interval with
//! its modifier, written numbers and scale words, currencies, units, percentages, the
//! counted thing and change words; time expressions ([`time`]) resolved against the
//! article's date. Entities, quotes and attributions are the rest of issue 18.
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

pub use quantity::Quantity;
pub use time::TimeExpr;

/// What the stage found in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Annotations {
    pub quantities: Vec<Quantity>,
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
