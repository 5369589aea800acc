//! Copy families and independent sources.
//!
//! Articles joined by copy relations (any kind but `independent`) form a family: one
//! piece of reporting, however many outlets carry it. A family's origins are its members
//! that no relation names as the copy. Counting *independent sources* then means
//! counting families, and counting outlets once: an outlet's own follow-ups do not
//! confirm its first report.
//!
//! ```
//! use crosscheck_dedup::families;
//! use crosscheck_model::{ArticleId, CopyKind, Relation};
//! let id = |s: &str| ArticleId::from_stored(s);
//! let r = Relation::new(id("wire"), id("paper"), CopyKind::Exact, 1.0, Some(id("wire")), "".into());
//! let f = families(&[id("wire"), id("paper"), id("own")], &[r]);
//! assert_eq!(f.len(), 2);
//! assert_eq!(f[0].members, vec![id("paper"), id("wire")]);
//! assert_eq!(f[0].origins, vec![id("wire")]);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use crosscheck_model::{ArticleId, Relation};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Family {
    /// Sorted by id.
    pub members: Vec<ArticleId>,
    /// Members no relation names as a copy (all of them when no direction is known).
    pub origins: Vec<ArticleId>,
}

struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index roots, so the result does not depend on relation order.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

/// Groups `ids` into copy families, largest first (then by first member). Relations
/// whose ends are not both in `ids` are ignored.
pub fn families(ids: &[ArticleId], relations: &[Relation]) -> Vec<Family> {
    let ids: Vec<&ArticleId> = ids.iter().collect::<BTreeSet<_>>().into_iter().collect();
    let at: BTreeMap<&ArticleId, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut sets = Sets {
        parent: (0..ids.len()).collect(),
    };
    let mut copies: BTreeSet<&ArticleId> = BTreeSet::new();
    for r in relations.iter().filter(|r| r.kind.is_copy()) {
        let (Some(&a), Some(&b)) = (at.get(&r.a), at.get(&r.b)) else {
            continue;
        };
        sets.union(a, b);
        if let Some(src) = &r.source {
            copies.insert(r.other(src));
        }
    }
    let mut groups: BTreeMap<usize, Vec<ArticleId>> = BTreeMap::new();
    for (i, id) in ids.iter().enumerate() {
        let root = sets.find(i);
        groups.entry(root).or_default().push((*id).clone());
    }
    let mut out: Vec<Family> = groups
        .into_values()
        .map(|members| {
            let origins = members
                .iter()
                .filter(|m| !copies.contains(m))
                .cloned()
                .collect::<Vec<_>>();
            Family {
                origins: if origins.is_empty() {
                    members.clone()
                } else {
                    origins
                },
                members,
            }
        })
        .collect();
    out.sort_by(|x, y| {
        y.members
            .len()
            .cmp(&x.members.len())
            .then_with(|| x.members.cmp(&y.members))
    });
    out
}

/// Independent sources among `articles` (id and outlet): families, with the families an
/// outlet reported in counted once for that outlet. Articles without an outlet count
/// as their own source.
pub fn independent_sources(
    articles: &[(ArticleId, Option<String>)],
    relations: &[Relation],
) -> usize {
    source_families(articles, relations).len()
}

/// The families behind [`independent_sources`]: copy families with an outlet's articles
/// joined as one (its follow-ups do not confirm its first report).
pub fn source_families(
    articles: &[(ArticleId, Option<String>)],
    relations: &[Relation],
) -> Vec<Family> {
    let ids: Vec<ArticleId> = articles.iter().map(|a| a.0.clone()).collect();
    // Same outlet = same source: join an outlet's articles as if they were copies.
    let mut joined: Vec<Relation> = relations.to_vec();
    let mut first_of: BTreeMap<&str, &ArticleId> = BTreeMap::new();
    for (id, outlet) in articles {
        if let Some(o) = outlet.as_deref() {
            match first_of.get(o) {
                Some(first) => joined.push(Relation::new(
                    (*first).clone(),
                    id.clone(),
                    crosscheck_model::CopyKind::Exact,
                    1.0,
                    None,
                    String::new(),
                )),
                None => {
                    first_of.insert(o, id);
                }
            }
        }
    }
    families(&ids, &joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_model::CopyKind;

    fn id(s: &str) -> ArticleId {
        ArticleId::from_stored(s)
    }

    fn rel(a: &str, b: &str, kind: CopyKind, source: Option<&str>) -> Relation {
        Relation::new(id(a), id(b), kind, 1.0, source.map(id), String::new())
    }

    #[test]
    fn copies_of_copies_are_one_family_with_one_origin() {
        let ids = [id("a"), id("b"), id("c"), id("d")];
        let rels = [
            rel("a", "b", CopyKind::Exact, Some("a")),
            rel("b", "c", CopyKind::Rewrite, Some("b")),
            rel("c", "d", CopyKind::Independent, None),
        ];
        let f = families(&ids, &rels);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].members, vec![id("a"), id("b"), id("c")]);
        assert_eq!(f[0].origins, vec![id("a")]);
        // The order relations arrive in does not matter.
        let mut reversed = rels.to_vec();
        reversed.reverse();
        assert_eq!(families(&ids, &reversed), f);
    }

    #[test]
    fn an_outlet_counts_once() {
        let arts = [
            (id("w1"), Some("wire".to_string())),
            (id("p1"), Some("paper".to_string())),
            (id("w2"), Some("wire".to_string())),
            (id("x"), None),
        ];
        assert_eq!(independent_sources(&arts, &[]), 3);
        let rels = [rel("w1", "p1", CopyKind::NearDuplicate, None)];
        assert_eq!(independent_sources(&arts, &rels), 2);
    }
}
