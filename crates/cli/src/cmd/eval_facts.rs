//! `crosscheck eval facts --gva DIR`: reconciled counts against the Gun Violence
//! Archive's totals. Each incident's articles (`DIR/articles.jsonl`) are cleaned,
//! annotated and reconciled as one story, in memory; the reconciled "people killed" and
//! "people injured" are compared with `DIR/gold.json`. Copy families here are an outlet's
//! articles and articles with the same body (the copies stage is not run).
//!
//! The answer for a count: each independent source's figure (its largest current one: an
//! early report can rightly give fewer, and a source's own update supersedes it), then the
//! figure most sources give, ties to the larger. No figure: 0. Injured: see [`injured`].

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use anyhow::Context;
use crosscheck_annotate::Annotator;
use crosscheck_engine::pipeline::{reconcile_notes, reconcile_sentences};
use crosscheck_engine::settings::Settings;
use crosscheck_model::{InputRecord, RawDoc, SourceKind};
use crosscheck_reconcile::{Fact, Reconciler, Report, Status};
use rayon::prelude::*;
use serde_json::Value;

#[derive(Debug, clap::Args)]
pub struct FactsArgs {
    /// A folder with `articles.jsonl` and `gold.json` (../shared/eval/reconcile/gva).
    #[arg(long, value_name = "DIR")]
    gva: PathBuf,
    /// Print each even-numbered incident's answers and gold (the odd ones are kept unread,
    /// to check the rules generalise).
    #[arg(long)]
    show: bool,
    /// Print one incident's counts of people: each version with its sources and words
    /// (to read why an answer is what it is).
    #[arg(long, value_name = "ID")]
    incident: Option<String>,
}

/// An incident's answers: killed and injured (figure, agreed by two or more sources), and
/// its article count.
type Outcome = (String, Option<(f64, bool)>, Option<(f64, bool)>, usize);

/// People injured: the injured count when the reports give one (but not a lone one hurt
/// in reports that all came before the first that tells of a death); else those shot less
/// those killed (the Archive's injured are the shot who survived).
fn injured(facts: &[Fact]) -> Option<(f64, bool)> {
    // One hurt in the earlier reports and one dead only in later ones is one victim who
    // died: the early figure of injured is superseded.
    if let (Some((hurt, agreed)), Some((dead, _))) = (
        answer(facts, "injured|people"),
        answer(facts, "killed|people"),
    ) {
        let died_later = match (
            dates(facts, "injured|people"),
            dates(facts, "killed|people"),
        ) {
            (Some(h), Some(d)) => h.1 < d.0,
            _ => false,
        };
        if hurt == 1.0 && dead >= 1.0 && died_later {
            return Some((0.0, agreed));
        }
    }
    answer(facts, "injured|people").or_else(|| {
        let (shot, agreed) = answer(facts, "shot|people")?;
        let killed = answer(facts, "killed|people").map_or(0.0, |k| k.0);
        Some(((shot - killed).max(0.0), agreed))
    })
}

/// The earliest and latest publication of the reports that give a figure for `topic`.
fn dates(facts: &[Fact], topic: &str) -> Option<(String, String)> {
    let f = facts.iter().find(|f| f.topic.as_deref() == Some(topic))?;
    let all: Vec<&String> = f
        .versions
        .iter()
        .flat_map(|v| v.articles.iter())
        .filter_map(|m| m.published.as_ref())
        .collect();
    Some(((*all.iter().min()?).clone(), (*all.iter().max()?).clone()))
}

/// The figure the reconciled facts give for `topic`, with whether two or more
/// independent sources agree on it.
fn answer(facts: &[Fact], topic: &str) -> Option<(f64, bool)> {
    let f = facts.iter().find(|f| f.topic.as_deref() == Some(topic))?;
    // Per source, its largest current figure.
    let mut per_source: BTreeMap<&str, f64> = BTreeMap::new();
    for v in f.versions.iter().filter(|v| v.time.is_none()) {
        let value = v.low.or(v.high)?;
        for s in &v.sources {
            let e = per_source.entry(s.as_str()).or_insert(value);
            *e = e.max(value);
        }
    }
    let mut votes: BTreeMap<u64, usize> = BTreeMap::new();
    for v in per_source.values() {
        *votes.entry(v.to_bits()).or_default() += 1;
    }
    let (bits, n) = votes.into_iter().max_by(|a, b| {
        a.1.cmp(&b.1)
            .then(f64::from_bits(a.0).total_cmp(&f64::from_bits(b.0)))
    })?;
    Some((f64::from_bits(bits), n >= 2 && f.status != Status::Differs))
}

pub fn run(settings: &Settings, args: &FactsArgs) -> anyhow::Result<()> {
    let articles_path = args.gva.join("articles.jsonl");
    let text = super::eval::read_text(&articles_path)?;
    let gold: Value = serde_json::from_str(&super::eval::read_text(&args.gva.join("gold.json"))?)
        .context("gold.json is not JSON")?;
    let mut incidents: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(line)
            .with_context(|| format!("{} line {}", articles_path.display(), i + 1))?;
        let inc = v["incident"].as_str().unwrap_or_default().to_string();
        incidents.entry(inc).or_default().push(v);
    }
    let cleaner = settings.clean.clone().build();
    let start = std::time::Instant::now();
    let results: Vec<Outcome> = incidents
        .par_iter()
        .map(|(inc, arts)| {
            let mut reports = Vec::new();
            let mut family_of: HashMap<String, usize> = HashMap::new();
            for (i, a) in arts.iter().enumerate() {
                let rec = InputRecord {
                    url: a["url"].as_str().map(str::to_owned),
                    title: a["title"].as_str().map(str::to_owned),
                    published: a["published"].as_str().map(str::to_owned),
                    outlet: a["outlet"].as_str().map(str::to_owned),
                    text: a["text"].as_str().unwrap_or_default().to_owned(),
                    ..Default::default()
                };
                let doc = RawDoc::new(format!("{inc}#{i}"), SourceKind::Json, None, rec);
                let Ok(art) = cleaner.run(&doc) else { continue };
                let notes = reconcile_notes(&Annotator.run(&art));
                // One family per outlet, and articles with one body are one family.
                let outlet = art.outlet.clone().unwrap_or_else(|| format!("#{i}"));
                let n = family_of.len();
                let family = match family_of.get(&art.body).or(family_of.get(&outlet)) {
                    Some(&f) => f,
                    None => n,
                };
                family_of.insert(art.body.clone(), family);
                family_of.insert(outlet.clone(), family);
                reports.push(Report {
                    id: format!("{inc}#{i}"),
                    outlet: Some(outlet),
                    published: art.published.clone(),
                    family,
                    origin: true,
                    sentences: reconcile_sentences(&art),
                    notes,
                });
            }
            let rec = Reconciler::default().run(&reports);
            if args.incident.as_deref() == Some(inc.as_str()) {
                print_counts(&rec.facts);
            }
            (
                inc.clone(),
                answer(&rec.facts, "killed|people"),
                injured(&rec.facts),
                reports.len(),
            )
        })
        .collect();
    let secs = start.elapsed().as_secs_f64();
    let mut tally = Tally::default();
    // The rules were read against the misses of even-numbered incidents only: the odd
    // ones are the check that they generalise.
    let mut halves = [Tally::default(), Tally::default()];
    for (inc, killed, injured, n) in &results {
        let g = &gold[inc.as_str()];
        let (gk, gi) = (g["killed"].as_f64(), g["injured"].as_f64());
        tally.add("killed", killed, gk);
        tally.add("injured", injured, gi);
        let odd = inc.bytes().last().is_some_and(|b| (b - b'0') % 2 == 1);
        halves[usize::from(odd)].add("killed", killed, gk);
        halves[usize::from(odd)].add("injured", injured, gi);
        if args.show && !odd {
            println!(
                "{inc}: {n} articles  killed {:?} (gold {:?})  injured {:?} (gold {:?})",
                killed, gk, injured, gi
            );
        }
    }
    let out = serde_json::json!({
        "incidents": results.len(),
        "killed_accuracy": tally.accuracy("killed"),
        "injured_accuracy": tally.accuracy("injured"),
        "coverage": tally.coverage(),
        "agreed_accuracy": tally.rate("agreed"),
        "agreed_facts": tally.count("agreed"),
        "single_source_accuracy": tally.rate("single"),
        "single_source_facts": tally.count("single"),
        "seconds": secs,
        "even_incidents": {"killed_accuracy": halves[0].accuracy("killed"), "injured_accuracy": halves[0].accuracy("injured"), "incidents": halves[0].count("killed")},
        "odd_incidents_not_read": {"killed_accuracy": halves[1].accuracy("killed"), "injured_accuracy": halves[1].accuracy("injured"), "incidents": halves[1].count("killed")},
    });
    super::print_json(&out)?;
    Ok(())
}

/// One incident's counts of people, version by version, with each statement's words.
fn print_counts(facts: &[Fact]) {
    for f in facts
        .iter()
        .filter(|f| f.topic.as_deref().is_some_and(|t| t.ends_with("|people")))
    {
        println!("{} [{}]", f.summary, f.status.label());
        for v in &f.versions {
            println!("  {} (time {:?}) from {:?}", v.value, v.time, v.sources);
            for m in &v.articles {
                println!("    {}: {}", m.id, m.text);
            }
        }
    }
}

#[derive(Default)]
struct Tally {
    /// name -> (right, total)
    counts: BTreeMap<&'static str, (usize, usize)>,
}

impl Tally {
    fn bump(&mut self, name: &'static str, right: bool) {
        let e = self.counts.entry(name).or_default();
        e.0 += usize::from(right);
        e.1 += 1;
    }

    fn add(&mut self, what: &'static str, got: &Option<(f64, bool)>, gold: Option<f64>) {
        let Some(gold) = gold else { return };
        let value = got.map_or(0.0, |g| g.0);
        let right = value == gold;
        self.bump(what, right);
        self.bump("facts", got.is_some());
        if let Some((_, agreed)) = got {
            self.bump(if *agreed { "agreed" } else { "single" }, right);
        }
    }

    fn accuracy(&self, name: &str) -> f64 {
        self.rate(name)
    }

    fn rate(&self, name: &str) -> f64 {
        self.counts
            .get(name)
            .map_or(0.0, |(r, t)| *r as f64 / (*t).max(1) as f64)
    }

    fn count(&self, name: &str) -> usize {
        self.counts.get(name).map_or(0, |c| c.1)
    }

    /// Share of counts for which the reconciled facts give a figure.
    fn coverage(&self) -> f64 {
        self.rate("facts")
    }
}
