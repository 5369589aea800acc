//! The copies stage: for each new article, look up candidates in the index, compare it
//! with each, and say which is the source.
//!
//! Split in three so the orchestrator can run the costly parts in parallel:
//! [`Copies::sketch`] (pure, per article), [`Copies::lookup`] (sequential: the index must
//! see articles in input order, so a copy later in the same batch finds its source), and
//! [`Copies::judge`] (pure, per candidate pair).

use crosscheck_model::{Article, CopyKind, Relation, Sketch};
use serde::{Deserialize, Serialize};

use crate::direction::{direction, Side};
use crate::{
    compare_gated, could_align_enough, could_be_near, read_swapped, Candidate, CompareConfig,
    Comparison, Doc, Gates, Index, IndexConfig, Lang, Similarity, SimilarityConfig, SketchConfig,
    Sketcher, Via,
};

/// Every threshold of copy detection, in one place, with documented defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct CopiesConfig {
    pub sketch: SketchConfig,
    pub index: IndexConfig,
    pub compare: CompareConfig,
    pub similarity: SimilarityConfig,
}

impl CopiesConfig {
    pub fn build(self) -> Copies {
        Copies {
            sketcher: self.sketch.build(),
            index: Index::new(self.index),
            sim: self.similarity.build(),
            compare: self.compare,
        }
    }
}

/// The runtime copies stage: the sketcher, the candidate index and the comparator.
#[derive(Debug)]
pub struct Copies {
    sketcher: Sketcher,
    index: Index,
    sim: Similarity,
    compare: CompareConfig,
}

impl Copies {
    pub fn sketch(&self, article: &Article) -> Sketch {
        self.sketcher.article(article)
    }

    /// Prepares an article for [`Copies::judge`].
    pub fn doc(&self, article: &Article) -> Doc {
        Doc::in_language(
            &self.compare,
            Lang::of(article.lang.as_deref()),
            &article.body,
            &article.sentence_texts(),
        )
    }

    /// Makes room in the index for `articles` more (at start-up, before the stored ones
    /// are remembered): growing its tables one article at a time rehashed them again
    /// and again, most of a start-up's cost over a large store.
    pub fn reserve(&mut self, articles: usize) {
        self.index.reserve(articles);
    }

    /// Adds the stored articles `fill` hands over, in bulk (at start-up; see
    /// [`Index::load`]).
    pub fn remember_all<E>(
        &mut self,
        fill: impl FnOnce(&mut dyn FnMut(&crosscheck_model::ArticleId, &str, &Sketch)) -> Result<(), E>,
    ) -> Result<(), E> {
        self.index.load(fill)
    }

    /// Of `stored` sketches, how many of the oldest the index does not hold (see
    /// [`Index::dropped_of`]): a start-up skips them.
    pub fn not_indexed_of(&self, stored: u64) -> u64 {
        self.index.dropped_of(stored)
    }

    pub fn indexed(&self) -> usize {
        self.index.len()
    }

    /// The candidates for a new article, then the article joins the index. An article
    /// indexed already (ingested before) is looked up all the same, so re-ingesting
    /// restores any relation that was lost.
    pub fn lookup(&mut self, article: &Article, sketch: &Sketch) -> Vec<Candidate> {
        let found = self
            .index
            .candidates(&article.id, &article.version_key, sketch);
        self.index.insert(&article.id, &article.version_key, sketch);
        found
    }

    /// Compares a new article with one candidate. `docs` are the two articles prepared
    /// by [`Copies::doc`]; exact candidates need none.
    pub fn judge(
        &self,
        new: (&Article, Option<&Doc>),
        old: (&Article, Option<&Doc>),
        candidate: &Candidate,
    ) -> Relation {
        let cmp = self.compare_pair(new, old, candidate);
        self.relation(new, old, &cmp)
    }

    /// What the pair is: exact for an exact-hash candidate, else the quick reject, else the
    /// full comparison. Two candidates with the same exact hash (the same words) get the
    /// same answer, so callers may compare one and reuse it for the other.
    pub fn compare_pair(
        &self,
        new: (&Article, Option<&Doc>),
        old: (&Article, Option<&Doc>),
        candidate: &Candidate,
    ) -> Comparison {
        match (candidate.via, new.1, old.1) {
            (Via::Exact, _, _) | (_, None, _) | (_, _, None) => Comparison {
                kind: if candidate.via == Via::Exact {
                    CopyKind::Exact
                } else {
                    CopyKind::Independent
                },
                score: 1.0,
                shingle_jaccard: 1.0,
                aligned_share: 1.0,
                aligned: Vec::new(),
            },
            // Two languages: both read in English (see `pair_lang`).
            (_, Some(a), Some(b)) if a.lang() != b.lang() => self.compare_docs(
                a.in_english(&self.compare, new.0),
                b.in_english(&self.compare, old.0),
            ),
            (_, Some(a), Some(b)) => self.compare_docs(a, b),
        }
    }

    /// The quick reject, then the full comparison, in the order the texts fix (see
    /// [`read_swapped`]).
    fn compare_docs(&self, a: &Doc, b: &Doc) -> Comparison {
        if read_swapped(a, b) {
            return self.compare_in_order(b, a).swapped();
        }
        self.compare_in_order(a, b)
    }

    fn compare_in_order(&self, a: &Doc, b: &Doc) -> Comparison {
        // The quick reject and the alignment share one gate matrix.
        let gates = Gates::new(a, b);
        if could_be_near(&self.compare, a, b) || could_align_enough(&self.compare, a, b, &gates) {
            compare_gated(&self.sim, &self.compare, a, b, &gates)
        } else {
            Comparison {
                kind: CopyKind::Independent,
                score: 0.0,
                shingle_jaccard: 0.0,
                aligned_share: 0.0,
                aligned: Vec::new(),
            }
        }
    }

    /// The relation a comparison makes, with its direction.
    pub fn relation(
        &self,
        new: (&Article, Option<&Doc>),
        old: (&Article, Option<&Doc>),
        cmp: &Comparison,
    ) -> Relation {
        let d = direction(cmp.kind, &side(new.0, new.1), &side(old.0, old.1), cmp);
        let source = d.source.map(|i| {
            if i == 0 {
                new.0.id.clone()
            } else {
                old.0.id.clone()
            }
        });
        Relation::new(
            new.0.id.clone(),
            old.0.id.clone(),
            cmp.kind,
            cmp.score,
            source,
            d.reason,
        )
    }
}

fn side<'a>(a: &'a Article, doc: Option<&Doc>) -> Side<'a> {
    Side {
        sentences: doc.map_or(a.sentences.len(), Doc::sentence_count),
        ..Side::of(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_model::{ArticleId, InputRecord, SourceKind, Span};

    fn article(outlet: &str, published: &str, sentences: &[&str]) -> Article {
        let body = sentences.join(" ");
        let mut spans = Vec::new();
        let mut at = 0u32;
        for s in sentences {
            spans.push(Span {
                start: at,
                end: at + s.len() as u32,
            });
            at += s.len() as u32 + 1;
        }
        let record = InputRecord {
            outlet: Some(outlet.into()),
            published: Some(published.into()),
            text: body.clone(),
            ..Default::default()
        };
        Article {
            id: ArticleId::derive(&record),
            source: format!("{outlet}.jsonl:1"),
            kind: SourceKind::Json,
            version_key: format!("{outlet}/1"),
            url: None,
            title: None,
            standfirst: None,
            byline: None,
            published: Some(published.into()),
            paragraphs: spans.clone(),
            sentences: spans,
            body,
            removed: Vec::new(),
            decoded_from: None,
            lang: None,
            outlet: record.outlet.clone(),
            record,
        }
    }

    #[test]
    fn a_later_rewrite_is_found_and_points_at_its_source() {
        let mut copies = CopiesConfig::default().build();
        let original = article("harbour-times", "2026-03-14T06:00:00Z", &[
            "The passenger ferry Aldren Star capsized in the Kestrel Strait late on Friday, killing at least 14 people, the coastguard said.",
            "The vessel was carrying 212 passengers and 11 crew when it left Port Aldren at 9.15 p.m., according to Velmar Lines.",
            "Coastguard commander Teodor Halm said 163 people had been pulled from the water alive.",
            "The Maritime Safety Office said the ship, built in 1989, passed its last inspection in November.",
        ]);
        let rewrite = article("northern-ledger", "2026-03-14T09:00:00Z", &[
            "At least 14 people were killed when the Aldren Star, a passenger ferry, overturned in the Kestrel Strait on Friday night, officials said.",
            "According to Velmar Lines, it had 212 passengers and 11 crew aboard when it sailed from Port Aldren at 9.15 p.m.",
            "A total of 163 people were rescued alive, said Teodor Halm, the Coastguard commander.",
            "Built in 1989, the ship passed its last inspection in November, the Maritime Safety Office said.",
        ]);
        let s1 = copies.sketch(&original);
        assert!(copies.lookup(&original, &s1).is_empty());
        let s2 = copies.sketch(&rewrite);
        let found = copies.lookup(&rewrite, &s2);
        assert_eq!(found.len(), 1);
        let (d1, d2) = (copies.doc(&original), copies.doc(&rewrite));
        let r = copies.judge((&rewrite, Some(&d2)), (&original, Some(&d1)), &found[0]);
        assert_eq!(r.kind, CopyKind::Rewrite, "{r:?}");
        assert_eq!(r.source.as_ref(), Some(&original.id), "{r:?}");
    }

    #[test]
    fn a_rewrite_labelled_in_another_language_is_compared_read_alike() {
        // A Spanish report and a restatement whose language was told differently (a page
        // declaring the wrong one, a short text misread). Each read by its own label, the
        // two share few stems; read alike (`pair_lang`), the rewrite is found.
        let copies = CopiesConfig::default().build();
        let mut source = article("el-correo", "2026-09-08T09:05:00Z", &[
            "Un puente de carretera sobre el río Lune se derrumbó el martes por la mañana, en plena hora punta.",
            "Según el ayuntamiento, al menos seis personas murieron y otras 23 resultaron heridas.",
            "El puente de la calle Harrow, construido en 1962, cedió hacia las 8.10, cuando lo cruzaban un tranvía y varios coches.",
            "La jefa de bomberos, Anja Torvik, dijo que los buzos habían sacado cuatro cadáveres del río y que otras dos personas habían muerto en el hospital.",
            "La parte delantera del tranvía cayó al agua, pero la mayoría de los pasajeros logró salir por su cuenta.",
            "El alcalde, Paul Rehm, ordenó cerrar otros tres puentes de la misma época hasta que los revisen los ingenieros.",
            "La fiscalía abrió una investigación.",
            "El puente se inspeccionó por última vez en marzo de 2024.",
        ]);
        source.lang = Some("es".into());
        let mut copy = article("diario-del-sur", "2026-09-08T12:45:00Z", &[
            "El martes por la mañana, en hora punta, se vino abajo en Lunen un puente de carretera sobre el Lune, con un saldo de al menos seis muertos y 23 heridos, de acuerdo con el ayuntamiento.",
            "Hacia las 8.10, mientras un tranvía y algunos coches circulaban por él, se rompió el puente de la calle Harrow, levantado en 1962.",
            "De acuerdo con Anja Torvik, jefa de bomberos, los buzos recuperaron cuatro cuerpos del río, y otras dos personas fallecieron en el hospital.",
            "El frente del tranvía acabó dentro del agua, aunque casi todos los pasajeros pudieron salir solos.",
            "Por orden del alcalde Paul Rehm se cerraron otros tres puentes del mismo periodo, a la espera de que los ingenieros los examinen.",
            "La fiscalía ha abierto una investigación.",
            "La última inspección del puente fue en marzo de 2024.",
        ]);
        copy.lang = Some("it".into());
        let (d1, d2) = (copies.doc(&source), copies.doc(&copy));
        assert_ne!(d1.lang(), d2.lang());
        let candidate = Candidate {
            id: source.id.clone(),
            via: Via::Anchors,
            estimate: 0.0,
            anchor_overlap: 1.0,
            exact: 0,
        };
        let r = copies.judge((&copy, Some(&d2)), (&source, Some(&d1)), &candidate);
        assert_eq!(r.kind, CopyKind::Rewrite, "{r:?}");
        assert_eq!(r.source.as_ref(), Some(&source.id), "{r:?}");
    }
}
