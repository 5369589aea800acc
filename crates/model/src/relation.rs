//! Copies between articles: what the dedup stage finds and the store keeps.

use serde::{Deserialize, Serialize};

use crate::ArticleId;

/// How two articles relate. Everything but `Independent` means one is a copy of the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// The same words after normalisation.
    Exact,
    /// The same article lightly edited: most word 5-grams shared.
    NearDuplicate,
    /// Restated sentence by sentence in other words: same facts, same order.
    Rewrite,
    /// Some passages lifted nearly verbatim inside otherwise original reporting.
    Partial,
    /// Neither copies the other (they may still report the same event).
    Independent,
}

impl CopyKind {
    pub const ALL: [CopyKind; 5] = [
        CopyKind::Exact,
        CopyKind::NearDuplicate,
        CopyKind::Rewrite,
        CopyKind::Partial,
        CopyKind::Independent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Exact => "exact",
            CopyKind::NearDuplicate => "near_duplicate",
            CopyKind::Rewrite => "rewrite",
            CopyKind::Partial => "partial",
            CopyKind::Independent => "independent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn is_copy(self) -> bool {
        self != CopyKind::Independent
    }

    /// A copy of the whole article, which therefore reports the same story. Partial reuse
    /// is not: a background paragraph lifted from a wire story can sit in another story.
    pub fn is_story_copy(self) -> bool {
        matches!(
            self,
            CopyKind::Exact | CopyKind::NearDuplicate | CopyKind::Rewrite
        )
    }
}

/// A copy relation between two stored articles. `a < b` (by id) so a pair has one row
/// whichever article arrived first; `source` says which is the original, when known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub a: ArticleId,
    pub b: ArticleId,
    pub kind: CopyKind,
    /// The evidence for `kind`, 0..1 (see `crosscheck_dedup::Comparison::score`).
    pub score: f64,
    /// The original of the two, or `None` when the evidence is weak.
    pub source: Option<ArticleId>,
    /// Why `source` was chosen (or not), in words.
    pub reason: String,
}

impl Relation {
    /// Builds the relation with its ends in canonical order.
    pub fn new(
        x: ArticleId,
        y: ArticleId,
        kind: CopyKind,
        score: f64,
        source: Option<ArticleId>,
        reason: String,
    ) -> Self {
        let (a, b) = if x <= y { (x, y) } else { (y, x) };
        Self {
            a,
            b,
            kind,
            score,
            source,
            reason,
        }
    }

    /// The end that is not `id`.
    pub fn other(&self, id: &ArticleId) -> &ArticleId {
        if &self.a == id {
            &self.b
        } else {
            &self.a
        }
    }
}

/// What the candidate lookup needs of an article, computed once from its clean text:
/// a hash of its normalised words (exact copies), a MinHash signature of its word
/// shingles (near-duplicates), and its anchors: hashes of the names and numbers it
/// mentions (rewrites keep those while changing the words around them), and hashes of
/// its longer sentences (lifted passages keep those whole).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sketch {
    pub exact: u64,
    pub minhash: Vec<u32>,
    pub anchors: Vec<u64>,
    pub sentences: Vec<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_are_ordered_and_kinds_round_trip() {
        let (x, y) = (ArticleId::from_stored("bb"), ArticleId::from_stored("aa"));
        let r = Relation::new(
            x.clone(),
            y.clone(),
            CopyKind::Rewrite,
            0.8,
            None,
            "".into(),
        );
        assert_eq!((&r.a, &r.b), (&y, &x));
        assert_eq!(r.other(&x), &y);
        for k in CopyKind::ALL {
            assert_eq!(CopyKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_value(k).ok(),
                Some(serde_json::json!(k.as_str()))
            );
        }
    }
}
