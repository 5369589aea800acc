//! Measuring the cleaner on annotated scrapes.
//!
//! A fixture is a scrape whose every line carries its true label:
//! `T| ` headline, `S| ` standfirst, `B| ` article text, `M| ` metadata line (byline,
//! date, URL), `R| ` residue. Blank lines stay blank, `#` lines are notes, and an
//! `@title ` line gives the title as an input field. [`parse_fixture`] turns it back
//! into the raw scrape plus the gold labels; [`Tally::add`] compares the cleaner's
//! output line by line.

use crosscheck_model::{Article, InputRecord};
use serde::Serialize;

use crate::normalize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Gold {
    Title,
    Standfirst,
    Body,
    Metadata,
    Residue,
}

impl Gold {
    fn removable(self) -> bool {
        matches!(self, Gold::Metadata | Gold::Residue)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Predicted {
    Title,
    Standfirst,
    Body,
    Removed,
}

/// A parsed fixture: the input record to clean, and the label of each non-blank line.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub record: InputRecord,
    pub lines: Vec<(usize, String, Gold)>,
}

#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FixtureError {
    pub line: usize,
    pub message: String,
}

pub fn parse_fixture(text: &str) -> Result<Fixture, FixtureError> {
    let mut raw = String::new();
    let mut lines = Vec::new();
    let mut title = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            raw.push('\n');
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if let Some(t) = line.strip_prefix("@title ") {
            title = Some(t.trim().to_string());
            continue;
        }
        let (tag, rest) = line.split_at(line.find("| ").ok_or_else(|| FixtureError {
            line: i + 1,
            message: "expected a label (`T| `, `S| `, `B| `, `M| `, `R| `)".into(),
        })?);
        let gold = match tag {
            "T" => Gold::Title,
            "S" => Gold::Standfirst,
            "B" => Gold::Body,
            "M" => Gold::Metadata,
            "R" => Gold::Residue,
            other => {
                return Err(FixtureError {
                    line: i + 1,
                    message: format!("unknown label `{other}`"),
                })
            }
        };
        let content = &rest[2..];
        raw.push_str(content);
        raw.push('\n');
        lines.push((i + 1, normalize::collapse_spaces(content), gold));
    }
    Ok(Fixture {
        record: InputRecord {
            title,
            text: raw,
            ..Default::default()
        },
        lines,
    })
}

/// Labels the cleaner gave each fixture line, matched in order against `removed`.
pub fn predictions(fx: &Fixture, article: Option<&Article>) -> Vec<Predicted> {
    let Some(a) = article else {
        return vec![Predicted::Removed; fx.lines.len()];
    };
    let mut ri = 0;
    let mut title_used = false;
    let mut standfirst_used = false;
    fx.lines
        .iter()
        .map(|(_, text, _)| {
            if a.removed.get(ri).is_some_and(|r| &r.text == text) {
                ri += 1;
                Predicted::Removed
            } else if !title_used && fx.record.title.is_none() && a.title.as_deref() == Some(text) {
                title_used = true;
                Predicted::Title
            } else if !standfirst_used && a.standfirst.as_deref() == Some(text) {
                standfirst_used = true;
                Predicted::Standfirst
            } else {
                Predicted::Body
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Mistake {
    pub file: String,
    pub line: usize,
    pub gold: Gold,
    pub predicted: Predicted,
    pub text: String,
}

/// Running totals over fixtures.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Tally {
    pub documents: usize,
    pub lines: usize,
    pub residue_lines: usize,
    /// Residue or metadata lines removed.
    pub removed_correctly: usize,
    /// Headline, standfirst or article lines that were removed: the costly error.
    pub wrongly_removed: usize,
    /// Residue or metadata lines left in the article.
    pub wrongly_kept: usize,
    pub titles_right: usize,
    pub standfirsts_right: usize,
    pub mistakes: Vec<Mistake>,
}

impl Tally {
    pub fn add(&mut self, file: &str, fx: &Fixture, article: Option<&Article>) {
        let pred = predictions(fx, article);
        self.documents += 1;
        for ((line, text, gold), p) in fx.lines.iter().zip(&pred) {
            self.lines += 1;
            let removed = *p == Predicted::Removed;
            if gold.removable() {
                self.residue_lines += 1;
                if removed {
                    self.removed_correctly += 1;
                } else {
                    self.wrongly_kept += 1;
                }
            } else if removed && !(*gold == Gold::Title && fx.record.title.is_some()) {
                // (A headline repeated in the text is removed when the title came as a field.)
                self.wrongly_removed += 1;
            }
            let right = match gold {
                Gold::Title => *p == Predicted::Title || (fx.record.title.is_some() && removed),
                Gold::Standfirst => *p == Predicted::Standfirst,
                Gold::Body => *p == Predicted::Body,
                Gold::Metadata | Gold::Residue => removed,
            };
            if !right {
                self.mistakes.push(Mistake {
                    file: file.to_string(),
                    line: *line,
                    gold: *gold,
                    predicted: *p,
                    text: text.clone(),
                });
            }
        }
        let gold_of = |g: Gold| fx.lines.iter().find(|l| l.2 == g).map(|l| l.1.clone());
        let title_gold = fx.record.title.clone().or_else(|| gold_of(Gold::Title));
        if article.and_then(|a| a.title.clone()) == title_gold {
            self.titles_right += 1;
        }
        if article.and_then(|a| a.standfirst.clone()) == gold_of(Gold::Standfirst) {
            self.standfirsts_right += 1;
        }
    }

    /// The metrics as one JSON object (removal of residue is the positive class).
    pub fn metrics(&self) -> serde_json::Value {
        let p_den = self.removed_correctly + self.wrongly_removed;
        let precision = if p_den == 0 {
            1.0
        } else {
            self.removed_correctly as f64 / p_den as f64
        };
        let recall = if self.residue_lines == 0 {
            1.0
        } else {
            self.removed_correctly as f64 / self.residue_lines as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        let docs = self.documents.max(1) as f64;
        serde_json::json!({
            "documents": self.documents,
            "lines": self.lines,
            "residue_lines": self.residue_lines,
            "precision": round(precision),
            "recall": round(recall),
            "f1": round(f1),
            "wrongly_removed": self.wrongly_removed,
            "wrongly_kept": self.wrongly_kept,
            "title_accuracy": round(self.titles_right as f64 / docs),
            "standfirst_accuracy": round(self.standfirsts_right as f64 / docs),
            "mistakes": self.mistakes,
        })
    }
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CleanConfig;
    use crosscheck_model::{RawDoc, SourceKind};

    #[test]
    fn scores_a_fixture() {
        let fx = parse_fixture(
            "# note\nR| Advertisement\nT| Storm closes port\n\nB| The port closed on Monday.\nB| Share prices fell.\nR| Share this\n",
        )
        .expect("parses");
        assert_eq!(fx.record.text, "Advertisement\nStorm closes port\n\nThe port closed on Monday.\nShare prices fell.\nShare this\n");
        let raw = RawDoc::new("f".into(), SourceKind::Text, None, fx.record.clone());
        let a = CleanConfig::default().build().run(&raw).expect("article");
        let mut t = Tally::default();
        t.add("f", &fx, Some(&a));
        assert_eq!(
            (t.wrongly_removed, t.wrongly_kept, t.titles_right),
            (0, 0, 1)
        );
        assert_eq!(t.metrics()["f1"], 1.0);
    }

    #[test]
    fn unlabelled_line_is_an_error() {
        let e = parse_fixture("T| A\nno label here\n").unwrap_err();
        assert_eq!(e.line, 2);
    }
}

/// The main-text metric of the article-extraction benchmark family, as
/// `score_extraction.py` computes it: word 4-gram shingles with counts; per page, TP, FP
/// and FN normalised to sum to one; precision and recall averaged over the pages where
/// they are defined; F1 of those two averages.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ExtractionScore {
    pub f1: f64,
    pub precision: f64,
    pub recall: f64,
    pub pages: usize,
}

/// One page's normalised (TP, FP, FN).
pub fn extraction_page(gold: &str, pred: &str) -> (f64, f64, f64) {
    use std::collections::HashMap;
    fn shingles(text: &str) -> HashMap<Vec<&str>, i64> {
        // Python's `\w+`: letters, digits and the underscore.
        let toks: Vec<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|t| !t.is_empty())
            .collect();
        let mut m = HashMap::new();
        if toks.is_empty() {
            return m;
        }
        let n = toks.len().saturating_sub(3).max(1);
        for i in 0..n {
            *m.entry(toks[i..(i + 4).min(toks.len())].to_vec())
                .or_insert(0) += 1;
        }
        m
    }
    let (t, p) = (shingles(gold), shingles(pred));
    let mut tp = 0i64;
    let mut fp = 0i64;
    let mut fn_ = 0i64;
    for (k, &c) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        tp += c.min(pc);
        fn_ += (c - pc).max(0);
    }
    for (k, &c) in &p {
        fp += (c - t.get(k).copied().unwrap_or(0)).max(0);
    }
    let s = (tp + fp + fn_) as f64;
    if s == 0.0 {
        (0.0, 0.0, 0.0)
    } else {
        (tp as f64 / s, fp as f64 / s, fn_ as f64 / s)
    }
}

/// Scores (gold, predicted) bodies, page by page.
pub fn score_extraction<'a>(
    pages: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> ExtractionScore {
    let rows: Vec<(f64, f64, f64)> = pages
        .into_iter()
        .map(|(g, p)| extraction_page(g, p))
        .collect();
    let prec = |&(tp, fp, fn_): &(f64, f64, f64)| {
        if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp == 0.0 && fp == 0.0 {
            0.0
        } else {
            tp / (tp + fp)
        }
    };
    let rec = |&(tp, fp, fn_): &(f64, f64, f64)| {
        if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else if tp == 0.0 && fn_ == 0.0 {
            0.0
        } else {
            tp / (tp + fn_)
        }
    };
    let ps: Vec<f64> = rows.iter().filter(|r| r.0 + r.1 > 0.0).map(prec).collect();
    let rs: Vec<f64> = rows.iter().filter(|r| r.0 + r.2 > 0.0).map(rec).collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    let f1 = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    ExtractionScore {
        f1: round(f1),
        precision: round(p),
        recall: round(r),
        pages: rows.len(),
    }
}

#[cfg(test)]
mod extraction_tests {
    use super::*;

    #[test]
    fn identical_pages_score_one_and_empty_predictions_zero() {
        let gold = "The ferry left the harbour at dawn with 212 passengers on board.";
        let s = score_extraction([(gold, gold)]);
        assert_eq!((s.f1, s.precision, s.recall), (1.0, 1.0, 1.0));
        let s = score_extraction([(gold, "")]);
        assert_eq!(s.recall, 0.0);
        let (tp, fp, fn_) = extraction_page(
            gold,
            "The ferry left the harbour at dawn. Share this story on social media now.",
        );
        assert!(tp > 0.0 && fp > 0.0 && fn_ > 0.0);
        assert!((tp + fp + fn_ - 1.0).abs() < 1e-9);
    }
}
