//! Who copied whom. Evidence, strongest first:
//! 1. publication times, compared at the precision both have (a day-only date and a time
//!    on that same day cannot be ordered);
//! 2. credit: one text names the other's outlet ("(Coastline Wire)", "Coastline Wire
//!    reported") and not the reverse: the one named is the source;
//! 3. containment, for partial reuse: the article whose sentences nearly all appear in
//!    the other is the lifted one, the source.
//!
//! Otherwise the answer is `None`: unknown, rather than a guess.

use crosscheck_model::{Article, CopyKind};

use crate::Comparison;

/// What direction needs of one article.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub published: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub body: &'a str,
    pub sentences: usize,
}

impl<'a> Side<'a> {
    pub fn of(a: &'a Article) -> Self {
        Self {
            published: a.published.as_deref(),
            outlet: a.outlet.as_deref(),
            body: &a.body,
            sentences: a.sentences.len(),
        }
    }
}

/// The verdict: `source` is 0 for the first side, 1 for the second, or `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Direction {
    pub source: Option<usize>,
    pub reason: String,
}

fn by_time(a: Option<&str>, b: Option<&str>) -> Result<usize, String> {
    let (Some(pa), Some(pb)) = (a, b) else {
        return Err("a publication time is missing".into());
    };
    let day = |p: &str| p.get(..10).unwrap_or(p).to_string();
    if day(pa) == day(pb) && !(pa.len() > 10 && pb.len() > 10) {
        return Err(format!("both published on {}, one without a time", day(pa)));
    }
    match pa.cmp(pb) {
        std::cmp::Ordering::Less => Ok(0),
        std::cmp::Ordering::Greater => Ok(1),
        std::cmp::Ordering::Equal => Err(format!("both published at {pa}")),
    }
}

/// Outlet names as they appear in prose: "valley-courier" -> "valley courier".
fn spoken(outlet: &str) -> String {
    outlet
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect::<String>()
        .to_lowercase()
}

fn credits(body: &str, outlet: Option<&str>) -> bool {
    match outlet.map(spoken) {
        Some(name) if name.chars().filter(|c| c.is_alphabetic()).count() >= 4 => {
            body.to_lowercase().contains(&name)
        }
        _ => false,
    }
}

pub fn direction(kind: CopyKind, a: &Side<'_>, b: &Side<'_>, cmp: &Comparison) -> Direction {
    let names = |i: usize| [a.published, b.published][i].unwrap_or("?").to_string();
    if kind == CopyKind::Independent {
        return Direction {
            source: None,
            reason: "independent reports: neither copies the other".into(),
        };
    }
    let why_not_time = match by_time(a.published, b.published) {
        Ok(i) => {
            return Direction {
                source: Some(i),
                reason: format!("published first ({}, the other {})", names(i), names(1 - i)),
            }
        }
        Err(why) => why,
    };
    let same_outlet = a.outlet.is_some() && a.outlet.map(spoken) == b.outlet.map(spoken);
    if !same_outlet {
        let (a_named, b_named) = (credits(b.body, a.outlet), credits(a.body, b.outlet));
        if a_named != b_named {
            let (src, copy) = if a_named { (a, b) } else { (b, a) };
            return Direction {
                source: Some(usize::from(!a_named)),
                reason: format!(
                    "{why_not_time}; the {} text credits {}",
                    copy.outlet.unwrap_or("other"),
                    src.outlet.unwrap_or("the other")
                ),
            };
        }
    }
    if kind == CopyKind::Partial {
        let n = cmp.aligned.len() as f64;
        let (share_a, share_b) = (n / a.sentences.max(1) as f64, n / b.sentences.max(1) as f64);
        if (share_a >= 0.8 && share_b <= 0.5) || (share_b >= 0.8 && share_a <= 0.5) {
            let src = usize::from(share_b > share_a);
            return Direction {
                source: Some(src),
                reason: format!(
                    "{why_not_time}; its passages appear almost whole inside the other ({:.0}% vs {:.0}% of sentences)",
                    share_a.max(share_b) * 100.0,
                    share_a.min(share_b) * 100.0
                ),
            };
        }
    }
    Direction {
        source: None,
        reason: why_not_time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(aligned: usize) -> Comparison {
        Comparison {
            kind: CopyKind::Rewrite,
            score: 1.0,
            shingle_jaccard: 0.1,
            aligned_share: 1.0,
            aligned: (0..aligned)
                .map(|i| crate::Aligned {
                    a: i,
                    b: i,
                    score: 0.9,
                    quoted: false,
                })
                .collect(),
        }
    }

    fn side<'a>(published: Option<&'a str>, outlet: &'a str, body: &'a str) -> Side<'a> {
        Side {
            published,
            outlet: Some(outlet),
            body,
            sentences: 4,
        }
    }

    #[test]
    fn earlier_time_wins_and_day_only_ties_are_unknown() {
        let a = side(Some("2026-03-14T08:00:00Z"), "wire", "x");
        let b = side(Some("2026-03-14T09:30:00Z"), "paper", "x");
        assert_eq!(
            direction(CopyKind::Rewrite, &a, &b, &cmp(4)).source,
            Some(0)
        );
        assert_eq!(
            direction(CopyKind::Rewrite, &b, &a, &cmp(4)).source,
            Some(1)
        );
        let c = side(Some("2026-03-14"), "paper", "x");
        let d = direction(CopyKind::Exact, &a, &c, &cmp(4));
        assert_eq!(d.source, None, "{d:?}");
    }

    #[test]
    fn credit_to_the_other_outlet_names_the_source() {
        let wire = side(None, "Coastline Wire", "The ferry sank.");
        let paper = side(
            None,
            "valley-courier",
            "PORT ALDREN (Coastline Wire) - The ferry sank.",
        );
        let d = direction(CopyKind::Exact, &paper, &wire, &cmp(4));
        assert_eq!(d.source, Some(1), "{d:?}");
        assert!(d.reason.contains("credits Coastline Wire"), "{d:?}");
    }

    #[test]
    fn the_lifted_article_is_the_source_of_partial_reuse() {
        let wire = Side {
            sentences: 2,
            ..side(None, "wire", "a")
        };
        let paper = Side {
            sentences: 8,
            ..side(None, "paper", "b")
        };
        assert_eq!(
            direction(CopyKind::Partial, &paper, &wire, &cmp(2)).source,
            Some(1)
        );
        assert_eq!(
            direction(CopyKind::Independent, &paper, &wire, &cmp(2)).source,
            None
        );
    }
}
