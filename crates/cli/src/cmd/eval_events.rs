//! `crosscheck eval events --ecbplus FILE`: which statements across a story's reports tell
//! of the same event, against ECB+'s cross-document event coreference (gold mentions of
//! the validated sentences given; a story is a topic and its half, `ecb` or `ecbplus`).
//! Prints mention-pair precision, recall and F1 over pairs from different documents, and
//! MUC, B³, CEAF-e and their mean F1 (CoNLL F1), pooled over the stories.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context;
use crosscheck_reconcile::events::{self, Counts, EventMention};
use serde_json::Value;

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    /// ECB+ in JSON lines (../shared/eval/reconcile/ecbplus/dev.jsonl).
    #[arg(long, value_name = "FILE")]
    ecbplus: PathBuf,
}

pub fn run(args: &EventsArgs) -> anyhow::Result<()> {
    let text = super::eval::read_text(&args.ecbplus)?;
    // story -> (doc index, mention text, gold chain)
    let mut stories: BTreeMap<String, Vec<(usize, String, String)>> = BTreeMap::new();
    let mut docs: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line)
            .with_context(|| format!("{} line {}", args.ecbplus.display(), i + 1))?;
        let story = format!("{}/{}", v["topic"], v["subtopic"].as_str().unwrap_or(""));
        let n = docs.len();
        let doc = *docs
            .entry(v["doc"].as_str().unwrap_or_default().to_string())
            .or_insert(n);
        for m in v["mentions"].as_array().into_iter().flatten() {
            stories.entry(story.clone()).or_default().push((
                doc,
                m["text"].as_str().unwrap_or_default().to_string(),
                m["chain"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    let start = std::time::Instant::now();
    let (mut muc, mut b3, mut ceaf) = (Counts::default(), Counts::default(), Counts::default());
    let (mut tp, mut pred, mut gold) = (0u64, 0u64, 0u64);
    let mut mentions = 0usize;
    for ms in stories.values() {
        let input: Vec<EventMention> = ms
            .iter()
            .map(|(doc, text, _)| EventMention {
                doc: *doc,
                text: text.clone(),
            })
            .collect();
        let response = events::cluster(&input);
        let mut chain_ids: BTreeMap<&str, usize> = BTreeMap::new();
        let key: Vec<usize> = ms
            .iter()
            .map(|(_, _, c)| {
                let n = chain_ids.len();
                *chain_ids.entry(c.as_str()).or_insert(n)
            })
            .collect();
        let doc_of: Vec<usize> = ms.iter().map(|m| m.0).collect();
        muc.add(events::muc(&key, &response));
        b3.add(events::b_cubed(&key, &response));
        ceaf.add(events::ceaf_e(&key, &response));
        let (t, p, g) = events::cross_doc_pairs(&doc_of, &key, &response);
        tp += t;
        pred += p;
        gold += g;
        mentions += ms.len();
    }
    let div = |a: u64, b: u64| if b > 0 { a as f64 / b as f64 } else { 0.0 };
    let (pp, pr) = (div(tp, pred), div(tp, gold));
    let (m, b, c) = (muc.prf(), b3.prf(), ceaf.prf());
    let out = serde_json::json!({
        "stories": stories.len(),
        "mentions": mentions,
        "pair_precision": pp,
        "pair_recall": pr,
        "pair_f1": if pp + pr > 0.0 { 2.0 * pp * pr / (pp + pr) } else { 0.0 },
        "muc": m,
        "b_cubed": b,
        "ceaf_e": c,
        "conll_f1": (m.f1 + b.f1 + c.f1) / 3.0,
        "method": "same head stem within a story",
        "seconds": start.elapsed().as_secs_f64(),
    });
    super::print_json(&out)?;
    Ok(())
}
