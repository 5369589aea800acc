//! `crosscheck demo`: the bundled example corpus, end to end.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck_engine::pipeline;
use crosscheck_engine::settings::Settings;
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

/// A section front of the example outlet, written by us (tests/fixtures/page-types).
const SECTION_FRONT: &str =
    include_str!("../../../../tests/fixtures/page-types/section-front.html");

/// How many stored articles have no annotations, or annotations of an older annotate stage.
fn stale_annotations(store: &impl Store) -> anyhow::Result<usize> {
    let mut n = 0;
    for r in store.list(&ListQuery::default())? {
        let current = store.annotations_of(&r.id)?.is_some_and(|json| {
            crosscheck_reconcile::Notes::from_json(&json)
                .is_ok_and(|notes| notes.version >= crosscheck_annotate::VERSION)
        });
        n += usize::from(!current);
    }
    Ok(n)
}

pub fn run(settings: &mut Settings, args: Args) -> anyhow::Result<ExitCode> {
    let dir = examples_dir(args.examples)?;
    // Show and record a clean path, not one through `crates/cli/../..`.
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let report = pipeline::ingest(settings, std::slice::from_ref(&dir), &super::Notes)?;
    let store = super::open_store(settings)?;
    // A store left by an earlier run of an older crosscheck keeps that version's
    // annotations for the unchanged examples: the demo shows what this one finds.
    let stale = stale_annotations(&store)?;
    if stale > 0 {
        pipeline::rebuild_annotations(settings, &super::Notes)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "crosscheck demo: ingested {} into {}",
        dir.display(),
        settings.db.display()
    )?;
    super::ingest::print_summary(&report)?;
    if stale > 0 {
        writeln!(
            out,
            "{stale} articles stored by an older crosscheck were annotated again"
        )?;
    }
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
            super::clip(a.outlet.as_deref().unwrap_or("-"), 14),
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
    // Quantities were read at ingest: the figures each report states, side by side (the
    // reward story's outlets disagree on the amount).
    writeln!(out)?;
    writeln!(
        out,
        "Figures stated in each article (`crosscheck annotate`, `article ID --json`):"
    )?;
    // Each article's stored annotations, read once for the sections below.
    let mut annotated: Vec<(&crosscheck_store::ArticleRow, serde_json::Value)> = Vec::new();
    for r in &rows {
        if let Some(json) = store.annotations_of(&r.id)? {
            annotated.push((r, serde_json::from_str(&json).unwrap_or_default()));
        }
    }
    for (r, parsed) in &annotated {
        let figures: Vec<String> = parsed["quantities"]
            .as_array()
            .into_iter()
            .flatten()
            .take(5)
            .filter_map(|q| {
                let text = q["text"].as_str()?;
                let modifier = q["modifier"].as_str().unwrap_or("=");
                Some(if modifier == "=" {
                    text.to_string()
                } else {
                    format!("{text} ({modifier})")
                })
            })
            .collect();
        if !figures.is_empty() {
            writeln!(
                out,
                "  {}  {:<16} {}",
                r.id.short(),
                super::clip(r.outlet.as_deref().unwrap_or("-"), 16),
                figures.join("; ")
            )?;
        }
    }
    // Entities were tagged at ingest too: who and what the corpus names, most widely first.
    writeln!(out)?;
    writeln!(
        out,
        "Named most widely (`crosscheck entities`, `search entity:KEY`):"
    )?;
    for e in store.entities(None, 8)? {
        writeln!(
            out,
            "  {:>2} articles  {:<5} {}{}",
            e.articles,
            e.kind,
            e.name,
            if e.media { "  (news outlet)" } else { "" }
        )?;
    }
    // Quotes with their speakers, and the claims each report rests on someone else's word.
    writeln!(out)?;
    writeln!(
        out,
        "Quotes and attributed claims (`crosscheck annotate`, `article ID`):"
    )?;
    for (r, parsed) in &annotated {
        let mut lines = Vec::new();
        // Whom a pronoun stands for, by the longest name the article gives the entity.
        let name_of = |key: &str| -> String {
            parsed["entities"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| e["key"] == key)
                .filter_map(|e| e["text"].as_str())
                .max_by_key(|t| t.len())
                .unwrap_or(key)
                .to_string()
        };
        for q in parsed["quotes"].as_array().into_iter().flatten().take(2) {
            let text = q["text"].as_str().unwrap_or_default();
            let speaker = q["speaker"].as_str().unwrap_or("speaker unknown");
            let key = q["speaker_key"].as_str().unwrap_or_default();
            let speaker = if speaker.split_whitespace().count() == 1 && !key.is_empty() {
                format!("{speaker} (= {})", name_of(key))
            } else {
                speaker.to_string()
            };
            lines.push(format!("quote  \"{}\" — {speaker}", super::clip(text, 56)));
        }
        for a in parsed["attributions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["source_kind"] != "none" && a["content"].is_string())
            .take(2)
        {
            // A pronoun shows whom it stands for, as a quote's speaker does.
            let source = a["source"].as_str().unwrap_or("-");
            let source = match a["source_key"].as_str() {
                Some(key) if a["source_kind"] == "pronoun" => {
                    format!("{source} (= {})", name_of(key))
                }
                _ => source.to_string(),
            };
            lines.push(format!(
                "claim  on the word of {source} ({}, \"{}\"): {}",
                a["source_kind"].as_str().unwrap_or("-"),
                a["cue"].as_str().unwrap_or("-"),
                super::clip(a["content"].as_str().unwrap_or_default(), 50)
            ));
        }
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                writeln!(
                    out,
                    "  {}  {:<16} {line}",
                    r.id.short(),
                    super::clip(r.outlet.as_deref().unwrap_or("-"), 16)
                )?;
            } else {
                writeln!(out, "  {:<12}  {:<16} {line}", "", "")?;
            }
        }
    }
    // Copies were found during the ingest above, each new article looked up among those
    // stored before it (never all pairs).
    writeln!(out)?;
    writeln!(out, "Copies found while ingesting (`crosscheck copies`):")?;
    super::copies::report(&store, 10, false, None, &mut out)?;
    // Stories were formed during the ingest too: each article joined the story it reports.
    writeln!(out)?;
    writeln!(out, "Stories (`crosscheck stories`):")?;
    super::stories::list_report(&store, None, 20, false, &mut out)?;
    // One story in full: who covered it, who copied whom, which reports are independent.
    if let Some(story) = rows
        .first()
        .map(|r| store.story_of(&r.id))
        .transpose()?
        .flatten()
    {
        writeln!(out)?;
        writeln!(
            out,
            "One story (`crosscheck story {}`):",
            &story.as_str()[..8]
        )?;
        super::stories::story_report(
            &store,
            story.as_str(),
            crosscheck_engine::read::Page::default(),
            false,
            &mut out,
        )?;
    }
    // Each story's facts lined up across its sources: what is agreed, what differs.
    writeln!(out)?;
    writeln!(
        out,
        "What the sources agree and differ on (`crosscheck facts ID`, `crosscheck timeline ID`):"
    )?;
    let mut seen_stories = std::collections::BTreeSet::new();
    for r in &rows {
        let Some(story) = store.story_of(&r.id)? else {
            continue;
        };
        if !seen_stories.insert(story.as_str().to_string()) {
            continue;
        }
        let rec = super::facts::reconcile(&store, story.as_str())?.reconciliation;
        let title = store
            .story_row(&story)?
            .map(|s| s.title)
            .unwrap_or_default();
        writeln!(
            out,
            "  {}  {}\n    {}",
            &story.as_str()[..12],
            super::clip(&title, 70),
            super::facts::summary_line(&rec)
        )?;
        let mut shown: Vec<&crosscheck_reconcile::Fact> = rec
            .facts
            .iter()
            .filter(|f| f.status != crosscheck_reconcile::Status::SingleSource)
            .collect();
        shown.sort_by_key(|f| f.status);
        shown.sort_by_key(|f| f.status != crosscheck_reconcile::Status::Differs);
        for f in shown.into_iter().take(3) {
            let versions: Vec<String> = f
                .versions
                .iter()
                .take(3)
                .map(|v| format!("{} ({})", super::clip(&v.value, 30), v.sources.join("; ")))
                .collect();
            writeln!(
                out,
                "    {:<11} {}: {}",
                f.status.label(),
                super::clip(&f.summary, 40),
                versions.join(" vs ")
            )?;
        }
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
    // A crawl is mostly not articles: the page-type model refuses a section front with
    // its reasons (the page is a fixture of ours, read as `extract` would read it).
    let front = crosscheck_model::RawDoc::new(
        "section-front.html".into(),
        crosscheck_model::SourceKind::Html,
        None,
        crosscheck_model::InputRecord {
            url: Some("https://harbour-ledger.example/news/".into()),
            html: Some(SECTION_FRONT.into()),
            ..Default::default()
        },
    );
    if let Err(e) = settings.clean.clone().build().run(&front) {
        writeln!(out)?;
        writeln!(
            out,
            "A web page that is not an article (a section front, `crosscheck extract --json PAGE` gives its page_type):"
        )?;
        writeln!(out, "  {}", super::clip(&e.to_string(), 240))?;
    }
    writeln!(out)?;
    writeln!(out, "Next: `crosscheck articles`, `crosscheck article ID`, `crosscheck copies`, `crosscheck stories`, `crosscheck story ID`, `crosscheck compare A B`, `crosscheck facts ID`, `crosscheck timeline ID`, `crosscheck entities`, `crosscheck search WORDS` (all take --json).")?;
    writeln!(out, "Or browse it: `crosscheck serve`, then open http://127.0.0.1:8080/ (stories, copy families, facts; the JSON API is at /api/v1).")?;
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_PARTIAL)
    })
}
