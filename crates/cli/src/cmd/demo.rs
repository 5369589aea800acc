//! `crosscheck demo`: the bundled example corpus, end to end.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck::pipeline::{self, NoProgress};
use crosscheck::settings::Settings;
use crosscheck_store::{ListQuery, Store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The example corpus (default: the `examples/` folder of this source tree, else ./examples).
    #[arg(long, value_name = "DIR")]
    examples: Option<PathBuf>,
}

fn examples_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p);
    }
    let built_in = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    for cand in [built_in, PathBuf::from("examples")] {
        if cand.is_dir() {
            return Ok(cand);
        }
    }
    anyhow::bail!("cannot find the examples folder; pass --examples DIR")
}

pub fn run(settings: &mut Settings, args: Args) -> anyhow::Result<ExitCode> {
    let dir = examples_dir(args.examples)?;
    // Show and record a clean path, not one through `crates/cli/../..`.
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let report = pipeline::ingest(settings, std::slice::from_ref(&dir), &NoProgress)?;
    let store = super::open_store(settings)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "crosscheck demo: ingested {} into {}",
        dir.display(),
        settings.db.display()
    )?;
    super::ingest::print_summary(&report)?;
    writeln!(out)?;

    let rows = store.list(&ListQuery::default())?;
    let mut by_outlet: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        *by_outlet
            .entry(r.outlet.clone().unwrap_or_else(|| "-".into()))
            .or_default() += 1;
    }
    writeln!(
        out,
        "{} articles from {} outlets:",
        rows.len(),
        by_outlet.len()
    )?;
    for (outlet, n) in &by_outlet {
        writeln!(out, "  {outlet:<24} {n}")?;
    }
    writeln!(out)?;

    let mut removed_by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
    writeln!(out, "What was found in each article:")?;
    for r in &rows {
        let s = store.get(r.id.as_str())?;
        let a = &s.article;
        for rm in &a.removed {
            *removed_by_reason.entry(rm.reason.as_str()).or_default() += 1;
        }
        writeln!(
            out,
            "  {}  {:<14} {}",
            a.id.short(),
            super::clip(a.record.outlet.as_deref().unwrap_or("-"), 14),
            super::clip(a.title.as_deref().unwrap_or("(no headline)"), 72)
        )?;
        writeln!(
            out,
            "      by {} | published {} | {} paragraphs, {} sentences | {} lines removed{}",
            a.byline.as_deref().unwrap_or("-"),
            a.published.as_deref().unwrap_or("-"),
            a.paragraphs.len(),
            a.sentences.len(),
            a.removed.len(),
            match (&s.previous_version, s.version) {
                (Some(p), v) => format!(" | version {v}, replaces {}", p.short()),
                _ => String::new(),
            }
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Scraping residue removed, by reason:")?;
    for (reason, n) in &removed_by_reason {
        writeln!(out, "  {reason:<16} {n}")?;
    }
    // Copies among the examples: every pair (fine at this size; ingest-time detection with
    // candidate lookup is the next step of copy detection).
    let articles: Vec<_> = rows
        .iter()
        .map(|r| store.get(r.id.as_str()))
        .collect::<Result<_, _>>()?;
    let sim = crosscheck_dedup::SimilarityConfig::default().build();
    let cfg = crosscheck_dedup::CompareConfig::default();
    writeln!(out)?;
    writeln!(out, "Copies found (every pair compared):")?;
    let mut found = 0;
    for (i, x) in articles.iter().enumerate() {
        for y in &articles[i + 1..] {
            let (ax, ay) = (&x.article, &y.article);
            let c = crosscheck_dedup::compare(
                &sim,
                &cfg,
                &ax.body,
                &ax.sentence_texts(),
                &ay.body,
                &ay.sentence_texts(),
            );
            if c.kind == crosscheck_dedup::Kind::Independent {
                continue;
            }
            found += 1;
            let (first, reason) =
                super::compare::direction(c.kind, ax.published.as_deref(), ay.published.as_deref());
            let label = |a: &crosscheck_model::Article| {
                format!(
                    "{} {}",
                    a.id.short(),
                    a.record.outlet.as_deref().unwrap_or("-")
                )
            };
            let kind = serde_json::to_value(c.kind)?
                .as_str()
                .unwrap_or("?")
                .to_string();
            writeln!(
                out,
                "  {kind:<15} {} <-> {}  (5-gram Jaccard {:.2}, {:.0}% of sentences aligned)",
                label(ax),
                label(ay),
                c.shingle_jaccard,
                c.aligned_share * 100.0
            )?;
            let source = match first {
                Some(0) => label(ax),
                Some(_) => label(ay),
                None => "unknown".into(),
            };
            writeln!(out, "                  source: {source} ({reason})")?;
        }
    }
    if found == 0 {
        writeln!(out, "  none")?;
    }
    if let Some(word) = rows.first().and_then(|r| r.title.as_deref()).and_then(|t| {
        t.split_whitespace()
            .max_by_key(|w| (w.len(), std::cmp::Reverse(*w)))
    }) {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let hits = store.search(word, 5)?;
        writeln!(out)?;
        writeln!(out, "search \"{word}\": {} hits", hits.len())?;
        for h in &hits {
            writeln!(
                out,
                "  {}  {}  {}",
                h.id.short(),
                h.outlet.as_deref().unwrap_or("-"),
                super::clip(&h.snippet.replace('\n', " "), 100)
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Next: `crosscheck articles`, `crosscheck article ID`, `crosscheck search WORDS` (all take --json).")?;
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_PARTIAL)
    })
}
