//! Who copied whom. Evidence, strongest first:
//! 1. publication times, compared at the precision both have (a day-only date and a time
//!    on that same day cannot be ordered);
//! 2. credit: one text names the other's outlet ("(Coastline Wire)", "Coastline Wire
//!    reported") and not the reverse: the one named is the source; so does residue the
//!    cleaner removed from one page that names the other outlet ("© 2026 Harbour Times
//!    Media", "Please whitelist Harbour Times"): a scrape of the other's page carried its
//!    furniture along;
//! 3. containment, for partial reuse: the article whose sentences nearly all appear in
//!    the other is the lifted one, the source;
//! 4. for rewrites, the texts themselves ([`crate::evidence`]): the restatement drops the
//!    source's names and figures, pads with generic sentences and cites what was
//!    reported.
//!
//! Otherwise the answer is `None`: unknown, rather than a guess.

use crosscheck_model::{Article, CopyKind, Removed, Span};

use crate::Comparison;

/// What direction needs of one article.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub published: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub body: &'a str,
    /// The lines the cleaner removed (footers, nags, share prompts).
    pub removed: &'a [Removed],
    pub sentences: usize,
    /// Where the sentences lie in `body`.
    pub spans: &'a [Span],
}

impl<'a> Side<'a> {
    /// How a reason names this side: its outlet, else "one article".
    fn name(&self) -> &'a str {
        self.outlet.unwrap_or("one article")
    }

    pub fn of(a: &'a Article) -> Self {
        Self {
            published: a.published.as_deref(),
            outlet: a.outlet.as_deref(),
            body: &a.body,
            removed: &a.removed,
            sentences: a.sentences.len(),
            spans: &a.sentences,
        }
    }
}

/// The verdict: `source` is 0 for the first side, 1 for the second, or `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Direction {
    pub source: Option<usize>,
    pub reason: String,
}

fn by_time(a: &Side<'_>, b: &Side<'_>) -> Result<usize, String> {
    let (pa, pb) = match (a.published, b.published) {
        (Some(pa), Some(pb)) => (pa, pb),
        (None, None) => return Err("neither has a publication time".into()),
        (None, Some(_)) => return Err(format!("{} has no publication time", a.name())),
        (Some(_), None) => return Err(format!("{} has no publication time", b.name())),
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

/// How `side` names `outlet`, if it does: in its text, else in a residue line it carried.
enum Credit<'a> {
    Text,
    Residue(&'a str),
}

fn credits<'a>(side: &Side<'a>, outlet: Option<&str>) -> Option<Credit<'a>> {
    let name = outlet
        .map(spoken)
        .filter(|n| n.chars().filter(|c| c.is_alphabetic()).count() >= 4)?;
    if side.body.to_lowercase().contains(&name) {
        return Some(Credit::Text);
    }
    side.removed
        .iter()
        .find(|r| spoken(&r.text).contains(&name))
        .map(|r| Credit::Residue(&r.text))
}

/// A residue line as a reason quotes it: at most 60 characters.
fn quoted(line: &str) -> String {
    let short: String = line.chars().take(60).collect();
    if short.len() < line.len() {
        format!("\"{}...\"", short.trim_end())
    } else {
        format!("\"{short}\"")
    }
}

pub fn direction<'a>(kind: CopyKind, a: &Side<'a>, b: &Side<'a>, cmp: &Comparison) -> Direction {
    let names = |i: usize| [a.published, b.published][i].unwrap_or("?").to_string();
    if kind == CopyKind::Independent {
        return Direction {
            source: None,
            reason: "independent reports: neither copies the other".into(),
        };
    }
    let why_not_time = match by_time(a, b) {
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
        let (a_named, b_named) = (credits(b, a.outlet), credits(a, b.outlet));
        if a_named.is_some() != b_named.is_some() {
            // The side named is the source: 0 when the second text names the first.
            let (src_index, how) = match (a_named, b_named) {
                (Some(how), _) => (0, how),
                (_, Some(how)) => (1, how),
                (None, None) => unreachable!("exactly one side is named"),
            };
            let (src, copy) = if src_index == 0 { (a, b) } else { (b, a) };
            let (copy_name, src_name) = (
                copy.outlet.unwrap_or("other"),
                src.outlet.unwrap_or("the other"),
            );
            return Direction {
                source: Some(src_index),
                reason: match how {
                    Credit::Text => {
                        format!("{why_not_time}; the {copy_name} text credits {src_name}")
                    }
                    Credit::Residue(line) => format!(
                        "{why_not_time}; the {copy_name} page carries {src_name}'s furniture ({})",
                        quoted(line)
                    ),
                },
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
    if kind == CopyKind::Rewrite {
        let texts = |s: &Side<'a>| s.spans.iter().map(|p| p.of(s.body)).collect::<Vec<_>>();
        let (ta, tb) = (texts(a), texts(b));
        let signs = crate::evidence::copy_signs((a.body, &ta), (b.body, &tb), &cmp.aligned);
        if let Some((src, why)) = crate::evidence::source_by_text(
            &signs,
            [a.outlet.unwrap_or("first"), b.outlet.unwrap_or("second")],
        ) {
            return Direction {
                source: Some(src),
                reason: format!("{why_not_time}; {why}"),
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
            removed: &[],
            sentences: 4,
            spans: &[],
        }
    }

    #[test]
    fn residue_naming_the_other_outlet_names_the_source() {
        let footer = [Removed {
            text: "© 2026 Harbour Times Media. All rights reserved.".into(),
            reason: crosscheck_model::RemovedReason::Copyright,
        }];
        let own = [Removed {
            text: "© 2026 Northern Ledger".into(),
            reason: crosscheck_model::RemovedReason::Copyright,
        }];
        let source = side(None, "harbour-times", "The ferry sank.");
        let copy = Side {
            removed: &footer,
            ..side(None, "northern-ledger", "The ferry sank.")
        };
        let d = direction(CopyKind::NearDuplicate, &copy, &source, &cmp(4));
        assert_eq!(d.source, Some(1), "{d:?}");
        assert!(
            d.reason.contains("furniture") && d.reason.contains("Harbour Times Media"),
            "{d:?}"
        );
        // Its own footer names nobody else: no direction from it.
        let plain = Side {
            removed: &own,
            ..side(None, "northern-ledger", "The ferry sank.")
        };
        assert_eq!(
            direction(CopyKind::NearDuplicate, &plain, &source, &cmp(4)).source,
            None
        );
        // Both pages naming each other: no direction either.
        let named = [Removed {
            text: "Follow the Northern Ledger".into(),
            reason: crosscheck_model::RemovedReason::SocialFollow,
        }];
        let both = Side {
            removed: &named,
            ..side(None, "harbour-times", "The ferry sank.")
        };
        assert_eq!(
            direction(CopyKind::NearDuplicate, &copy, &both, &cmp(4)).source,
            None
        );
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
    fn a_missing_time_is_said_of_the_side_that_lacks_it() {
        let a = side(Some("2026-03-14T08:00:00Z"), "harbour-times", "x");
        let b = side(None, "northern-ledger", "y");
        let d = direction(CopyKind::Rewrite, &a, &b, &cmp(4));
        assert_eq!(d.source, None);
        assert_eq!(d.reason, "northern-ledger has no publication time");
        let c = side(None, "valley-courier", "z");
        assert_eq!(
            direction(CopyKind::Rewrite, &b, &c, &cmp(4)).reason,
            "neither has a publication time"
        );
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
