//! `crosscheck facts STORY` and `crosscheck timeline STORY`: what a story's sources say,
//! lined up (the reconcile stage), and its dated events and coverage. Reconciled on read:
//! a story changes with every article it gains, and reconciling is fast (BENCHMARKS.md),
//! so nothing is cached that a new article would have to invalidate.

use std::io::Write;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;
use crosscheck_reconcile::{Fact, Reconciliation, Status};
use crosscheck_store::SqliteStore;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A story id, or a unique prefix of one (`crosscheck stories` lists them).
    story: String,
    /// JSON: {story, summary, facts: [{id, kind, summary, status, independent_sources,
    /// first: {article, outlet, published, evidence}, note, versions: [{value, low, high,
    /// time, text, independent_sources, sources, first, articles: [{id, outlet,
    /// published, sentence, start, end, text, credited_to}]}]}]}; start and end are byte
    /// offsets of the sentence in the article body.
    #[arg(long)]
    json: bool,
    /// Facts shown in the terminal at most (JSON has all).
    #[arg(long, default_value_t = 25)]
    limit: usize,
}

#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    /// A story id, or a unique prefix of one.
    story: String,
    /// JSON: {story, events: [{when, text, articles, independent_sources}], coverage:
    /// [{outlet, first_article, first_published, articles}]}.
    #[arg(long)]
    json: bool,
}

/// Reconciles one story; also names the articles reconciled without annotations.
pub fn reconcile(
    store: &SqliteStore,
    id: &str,
) -> anyhow::Result<crosscheck_engine::read::Reconciled> {
    Ok(crosscheck_engine::read::reconcile(store, id)?)
}

pub fn run(settings: &Settings, a: Args) -> anyhow::Result<ExitCode> {
    let store = super::open_store(settings)?;
    let got = reconcile(&store, &a.story)?;
    let (story, rec, missing) = (got.story, got.reconciliation, got.unannotated);
    if !missing.is_empty() {
        eprintln!(
            "warning: {} of the story's articles were reconciled without full annotations \
             (run `crosscheck annotate --rebuild`):",
            missing.len()
        );
        for m in missing.iter().take(3) {
            eprintln!("  {m}");
        }
    }
    if a.json {
        super::print_json(&serde_json::json!({
            "story": story,
            "summary": rec.summary,
            "facts": rec.facts,
            "superseded": got.superseded,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    report(&rec, a.limit, &mut out)?;
    if !got.superseded.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Left out, corrected by a later version in the story (`crosscheck article ID` shows each):"
        )?;
        for s in &got.superseded {
            writeln!(out, "  {s}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The one-line summary `story` and `facts` print.
pub fn summary_line(rec: &Reconciliation) -> String {
    let s = &rec.summary;
    format!(
        "{} facts: {} agreed, {} compatible, {} differ, {} single-source",
        s.facts, s.agreed, s.compatible, s.differs, s.single_source
    )
}

/// The facts as a table a journalist reads at a glance: verdict, sources, the fact, then
/// each version with its sources' words.
pub fn report(rec: &Reconciliation, limit: usize, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "{}", summary_line(rec))?;
    if rec.facts.is_empty() {
        return Ok(());
    }
    // Differing facts first: what a reader must check; then agreed, compatible, single.
    let mut order: Vec<&Fact> = rec.facts.iter().collect();
    order.sort_by_key(|f| match f.status {
        Status::Differs => 0,
        Status::Agreed => 1,
        Status::Compatible => 2,
        Status::SingleSource => 3,
    });
    for f in order.iter().take(limit) {
        writeln!(out)?;
        writeln!(
            out,
            "{:<13} {} source{}  {}: {}",
            f.status.label().to_uppercase(),
            f.independent_sources,
            if f.independent_sources == 1 { " " } else { "s" },
            f.kind,
            f.summary
        )?;
        if let Some(note) = &f.note {
            writeln!(out, "              ({note})")?;
        }
        if let Some(first) = &f.first {
            writeln!(
                out,
                "              first: {} {} — {}",
                first.outlet.as_deref().unwrap_or("-"),
                &first.article[..first.article.len().min(12)],
                first.evidence
            )?;
        }
        if f.kind == "claim" {
            // Each source's own words, once per outlet.
            let mut seen = std::collections::BTreeSet::new();
            for m in f.versions[0].articles.iter() {
                let who = m
                    .credited_to
                    .clone()
                    .or_else(|| m.outlet.clone())
                    .unwrap_or_else(|| m.id.clone());
                if !seen.insert(who.clone()) || seen.len() > 4 {
                    continue;
                }
                writeln!(
                    out,
                    "    {:<22} \"{}\"",
                    super::clip(&who, 22),
                    super::clip(&m.text, 100)
                )?;
            }
            continue;
        }
        for v in &f.versions {
            let when = match v.time.as_deref() {
                None => String::new(),
                Some("earlier") => " (earlier)".to_string(),
                Some(t) => format!(" (as of {t})"),
            };
            writeln!(
                out,
                "    {:<22} {} source{}: {}",
                format!("{}{when}", super::clip(&v.value, 40)),
                v.independent_sources,
                if v.independent_sources == 1 { "" } else { "s" },
                v.sources.join("; ")
            )?;
            writeln!(out, "        \"{}\"", super::clip(&v.text, 110))?;
        }
    }
    if rec.facts.len() > limit {
        writeln!(
            out,
            "\n… {} more (`--limit`, or `--json` for all)",
            rec.facts.len() - limit
        )?;
    }
    Ok(())
}

pub fn timeline(settings: &Settings, a: TimelineArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(settings)?;
    let got = reconcile(&store, &a.story)?;
    let (story, rec) = (got.story, got.reconciliation);
    if a.json {
        super::print_json(&serde_json::json!({
            "story": story,
            "events": rec.timeline.events,
            "coverage": rec.timeline.coverage,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "Dated events the reports name:")?;
    if rec.timeline.events.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for e in &rec.timeline.events {
        writeln!(
            out,
            "  {:<10}  {} article{}, {} source{}  {}",
            e.when,
            e.articles,
            if e.articles == 1 { " " } else { "s" },
            e.independent_sources,
            if e.independent_sources == 1 { " " } else { "s" },
            super::clip(&e.text, 90)
        )?;
    }
    writeln!(out, "\nCoverage, by each outlet's first report:")?;
    for c in &rec.timeline.coverage {
        writeln!(
            out,
            "  {:<25}  {:<20} {} article{}  first {}",
            c.first_published.as_deref().unwrap_or("(no time)"),
            super::clip(&c.outlet, 20),
            c.articles,
            if c.articles == 1 { " " } else { "s" },
            &c.first_article[..c.first_article.len().min(12)]
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
