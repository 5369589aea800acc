//! `crosscheck eval quantities FILE...`: quantities against gold, by the metric of the CQE
//! paper's evaluation (described in ../shared/eval/README.md): value, value+unit and
//! value+change F1 over all sentences.

use std::path::{Path, PathBuf};

use crosscheck_annotate::quantity::{quantities, Quantity};
use serde::Deserialize;

#[derive(Debug, clap::Args)]
pub struct QuantitiesArgs {
    /// Gold files: a JSON list of {text, quantities: [{value, normalized_unit, change?}]}
    /// (the NewsQuant / CQE format).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Also run quantulum3 on the same sentences with this Python (a virtualenv outside
    /// the repository with `pip install quantulum3`), scored by the same metric.
    #[arg(long, value_name = "PYTHON")]
    peer: Option<PathBuf>,
    /// Print each sentence where ours and the gold differ (value and unit), to stderr.
    #[arg(long)]
    show: bool,
}

#[derive(Debug, Deserialize)]
struct GoldSentence {
    text: String,
    quantities: Vec<GoldQuantity>,
}

#[derive(Debug, Deserialize)]
struct GoldQuantity {
    value: String,
    normalized_unit: String,
    #[serde(default)]
    change: Option<String>,
}

/// A value as the metric compares it: one number, or a range.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    One(f64),
    Range(f64, f64),
}

fn gold_value(s: &str) -> Option<Value> {
    let s = s.trim();
    // A leading `-` is a negative number, not a range.
    if let Some((a, b)) = s.get(1..).and_then(|rest| rest.split_once('-')) {
        let a = format!("{}{a}", &s[..1]);
        return Some(Value::Range(a.parse().ok()?, b.parse().ok()?));
    }
    s.parse().ok().map(Value::One)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-5 * a.abs().max(b.abs()).max(1e-12)
}

fn matches(g: Value, s: Value) -> bool {
    match (g, s) {
        (Value::One(a), Value::One(b)) => close(a, b),
        (Value::Range(a, b), Value::Range(c, d)) => close(a, c) && close(b, d),
        _ => false,
    }
}

/// One predicted quantity as the metric reads it: value, unit, change label.
type Predicted = (Value, String, String);

/// Ours as the metric reads them: the value (a range for ranges and vague amounts), the
/// unit (the counted thing's head for a plain count), the change label.
fn system(q: &Quantity) -> Predicted {
    let value = match (q.modifier.as_str(), q.low, q.high) {
        ("range", Some(lo), Some(hi)) => Value::Range(lo, hi),
        _ => Value::One(q.value),
    };
    // A count's unit is the counted noun phrase, as the gold writes it ("cabinet minister").
    let unit = match (&q.unit[..], &q.counted) {
        ("-", Some(c)) => c.clone(),
        (u, _) => u.to_string(),
    };
    let change = q
        .change
        .clone()
        .unwrap_or_else(|| match q.modifier.as_str() {
            "range" => "=".to_string(),
            m => m.to_string(),
        });
    (value, unit, change)
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    gold: usize,
    predicted: usize,
    value: usize,
    value_unit: usize,
    value_change: usize,
    has_change: bool,
}

fn score(sentences: &[GoldSentence]) -> Counts {
    let ours: Vec<Vec<Predicted>> = sentences
        .iter()
        .map(|s| quantities(&s.text).iter().map(system).collect())
        .collect();
    score_predictions(sentences, ours)
}

/// The metric over given predictions, one list per gold sentence.
fn score_predictions(sentences: &[GoldSentence], predictions: Vec<Vec<Predicted>>) -> Counts {
    let mut c = Counts::default();
    for (sent, mut sys) in sentences.iter().zip(predictions) {
        let mut gold: Vec<(Value, String, Option<String>)> = sent
            .quantities
            .iter()
            .filter_map(|g| {
                Some((
                    gold_value(&g.value)?,
                    g.normalized_unit.to_lowercase(),
                    g.change.clone(),
                ))
            })
            .collect();
        c.has_change |= sent.quantities.iter().any(|g| g.change.is_some());
        gold.sort_by(|a, b| a.1.cmp(&b.1));
        sys.sort_by(|a, b| a.1.cmp(&b.1));
        c.gold += sent.quantities.len();
        c.predicted += sys.len();
        let mut removed = vec![false; sys.len()];
        let mut value_credits = 0;
        for (gv, gu, gc) in &gold {
            for (j, (sv, su, sc)) in sys.iter().enumerate() {
                if removed[j] || !matches(*gv, *sv) {
                    continue;
                }
                if value_credits < sent.quantities.len() {
                    c.value += 1;
                    value_credits += 1;
                }
                if gc.as_deref() == Some(sc.as_str()) {
                    c.value_change += 1;
                }
                if gu == su {
                    c.value_unit += 1;
                    removed[j] = true;
                    break;
                }
            }
        }
    }
    c
}

/// Sentences whose value-and-unit pairs differ from the gold's, gold and ours side by side.
fn show(sentences: &[GoldSentence]) {
    let fmt = |v: &Value| match v {
        Value::One(x) => format!("{x}"),
        Value::Range(a, b) => format!("{a}-{b}"),
    };
    for s in sentences {
        let mut gold: Vec<String> = s
            .quantities
            .iter()
            .filter_map(|g| {
                Some(format!(
                    "{} {}",
                    fmt(&gold_value(&g.value)?),
                    g.normalized_unit.to_lowercase()
                ))
            })
            .collect();
        let mut ours: Vec<String> = quantities(&s.text)
            .iter()
            .map(system)
            .map(|(v, u, _)| format!("{} {u}", fmt(&v)))
            .collect();
        gold.sort();
        ours.sort();
        if gold != ours {
            eprintln!("{}\n  gold {gold:?}\n  ours {ours:?}", s.text);
        }
    }
}

fn f1(credits: usize, c: &Counts) -> serde_json::Value {
    let (p, r, f) = super::eval::prf(credits, c.predicted, c.gold);
    serde_json::json!({
        "precision": (p * 1000.0).round() / 10.0,
        "recall": (r * 1000.0).round() / 10.0,
        "f1": (f * 1000.0).round() / 10.0,
    })
}

fn report(name: &str, c: &Counts, secs: f64, sentences: usize) -> serde_json::Value {
    serde_json::json!({
        "file": name,
        "sentences": sentences,
        "gold": c.gold,
        "predicted": c.predicted,
        "value_f1": f1(c.value, c)["f1"],
        "value_unit_f1": f1(c.value_unit, c)["f1"],
        "value_change_f1": if c.has_change { f1(c.value_change, c)["f1"].clone() } else { serde_json::Value::Null },
        "value": f1(c.value, c),
        "value_unit": f1(c.value_unit, c),
        "sentences_per_s": (sentences as f64 / secs.max(1e-9)).round(),
    })
}

fn read(path: &Path) -> anyhow::Result<Vec<GoldSentence>> {
    let text = crosscheck_ingest::gz::read_file(path, 256 << 20)?;
    Ok(serde_json::from_slice(&text)?)
}

/// quantulum3's predictions for the sentences, through `benches/peers/quantulum_peer.py`.
fn peer(python: &Path, sentences: &[GoldSentence]) -> anyhow::Result<(Vec<Vec<Predicted>>, f64)> {
    let lines = sentences
        .iter()
        .map(|s| serde_json::json!({"text": s.text}));
    let out = super::peer::run(python, "quantulum_peer.py", &[], lines)?;
    let secs = out["seconds"].as_f64().unwrap_or(0.0);
    let preds = out["sentences"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|qs| {
                    qs.as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|q| {
                            let value = match &q["value"] {
                                serde_json::Value::Array(r) => {
                                    Value::Range(r.first()?.as_f64()?, r.get(1)?.as_f64()?)
                                }
                                v => Value::One(v.as_f64()?),
                            };
                            Some((
                                value,
                                q["unit"].as_str().unwrap_or("-").to_lowercase(),
                                q["change"].as_str().unwrap_or("=").to_string(),
                            ))
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    Ok((preds, secs))
}

pub fn run(args: &QuantitiesArgs) -> anyhow::Result<()> {
    let mut per_file = Vec::new();
    for f in &args.files {
        let sentences = read(f)?;
        let start = std::time::Instant::now();
        let c = score(&sentences);
        let secs = start.elapsed().as_secs_f64();
        if args.show {
            show(&sentences);
        }
        let mut line = report(&f.display().to_string(), &c, secs, sentences.len());
        if let Some(python) = &args.peer {
            let (preds, peer_secs) = peer(python, &sentences)?;
            let pc = score_predictions(&sentences, preds);
            line["quantulum3"] = report("quantulum3", &pc, peer_secs, sentences.len());
        }
        per_file.push(line);
    }
    super::print_json(&serde_json::json!({ "files": per_file }))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metric_credits_value_unit_once_and_reads_ranges() {
        let gold = vec![GoldSentence {
            text: "It cost $5 million and 14 boats sank, 3 to 5 miles out.".into(),
            quantities: vec![
                GoldQuantity {
                    value: "5000000".into(),
                    normalized_unit: "dollar".into(),
                    change: None,
                },
                GoldQuantity {
                    value: "14".into(),
                    normalized_unit: "boat".into(),
                    change: None,
                },
                GoldQuantity {
                    value: "3-5".into(),
                    normalized_unit: "mile".into(),
                    change: None,
                },
            ],
        }];
        let c = score(&gold);
        assert_eq!((c.gold, c.predicted, c.value, c.value_unit), (3, 3, 3, 3));
        assert_eq!(gold_value("-5"), Some(Value::One(-5.0)));
        assert_eq!(gold_value("252.0-287.0"), Some(Value::Range(252.0, 287.0)));
    }
}
