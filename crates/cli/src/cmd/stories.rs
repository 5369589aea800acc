//! `crosscheck stories` and `crosscheck story ID`: the stories articles were placed in at
//! ingest, who covered each, and how many independent sources that makes.

use std::io::Write;
use std::process::ExitCode;

use crosscheck_engine::pipeline::rebuild_stories;
use crosscheck_engine::read::{self, Page, FACTS_IN_STORY};
use crosscheck_engine::settings::Settings;
use crosscheck_model::ArticleId;
use crosscheck_store::{SqliteStore, Store, StoryQuery};

use super::{clip, open_store};

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only stories with an article at or after this date or time (e.g. 2026-03-01).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Stories shown, newest activity first.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// JSON: a list of {id, title, articles: [ids], article_count, independent_sources, outlets, first_seen, last_seen}.
    #[arg(long)]
    json: bool,
    /// First forget every story and place the stored articles again, in ingestion
    /// order: for a database filled before stories existed, or with `ingest --no-stories`.
    #[arg(long)]
    rebuild: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A story id or a unique prefix of one (4+ hex characters); a merged id shows the
    /// story it was merged into.
    id: String,
    /// JSON: {id, title, first_seen, last_seen, article_count, offset, independent_sources, outlets, terms, names, articles: [{id, outlet, published, title, url, independent, copy_of, version_of, copies: [{other, kind, source}]}]}.
    #[arg(long)]
    json: bool,
    /// Articles shown, in ingestion order (0 shows all); the counts cover the whole story.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    /// Articles skipped before the first one shown (to page through a large story).
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

pub fn list(settings: &Settings, args: ListArgs) -> anyhow::Result<ExitCode> {
    if args.rebuild {
        let r = rebuild_stories(settings, super::progress(super::Measure::Articles).as_ref())?;
        eprintln!(
            "stories rebuilt over {} articles: {} stories started, {} merged",
            r.articles, r.stories.new, r.stories.merged
        );
    }
    let store = open_store(settings)?;
    let mut out = std::io::stdout().lock();
    list_report(
        &store,
        args.since.as_deref(),
        args.limit,
        args.json,
        &mut out,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the story list (text or JSON) to `out`.
pub fn list_report(
    store: &SqliteStore,
    since: Option<&str>,
    limit: usize,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let since = since
        .map(read::since_time)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--since: {e}"))?;
    let stories = read::stories(
        store,
        &StoryQuery {
            since,
            limit: Some(limit),
            after: None,
        },
    )?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &stories)?;
        writeln!(out)?;
        return Ok(());
    }
    let missing = store.unclustered()?;
    if stories.is_empty() {
        writeln!(out, "no stories yet")?;
    }
    for s in &stories {
        writeln!(
            out,
            "{}  {}  {} article{}, {} independent source{}  {}",
            &s.id[..12.min(s.id.len())],
            s.last_seen
                .as_deref()
                .and_then(|t| t.get(..10))
                .unwrap_or("undated   "),
            s.article_count,
            if s.article_count == 1 { "" } else { "s" },
            s.independent_sources,
            if s.independent_sources == 1 { "" } else { "s" },
            clip(&s.title, 70),
        )?;
    }
    if missing > 0 {
        writeln!(
            out,
            "{missing} stored article{} in no story: run `crosscheck stories --rebuild`",
            if missing == 1 { " is" } else { "s are" }
        )?;
    }
    Ok(())
}

pub fn show(settings: &Settings, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(settings)?;
    let mut out = std::io::stdout().lock();
    let page = Page {
        offset: args.offset,
        limit: (args.limit > 0).then_some(args.limit),
    };
    story_report(&store, &args.id, page, args.json, &mut out)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes one story's coverage (text or JSON) to `out`. The work grows as n log n in the
/// story's articles and relations: relations are read once and indexed by article.
pub fn story_report(
    store: &SqliteStore,
    id: &str,
    page: Page,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let doc = read::story(store, id, page)?;
    let rec = doc.reconciliation.as_ref();
    if json {
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "story {}\n  {}", doc.id, doc.title)?;
    let span = match (&doc.first_seen, &doc.last_seen) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "undated".to_string(),
    };
    writeln!(
        out,
        "  {}: {} article{} from {} outlet{}, {} independent source{}",
        span,
        doc.article_count,
        if doc.article_count == 1 { "" } else { "s" },
        doc.outlets.len(),
        if doc.outlets.len() == 1 { "" } else { "s" },
        doc.independent_sources,
        if doc.independent_sources == 1 {
            ""
        } else {
            "s"
        },
    )?;
    writeln!(
        out,
        "  {} (`crosscheck facts {}`)",
        rec.map_or_else(
            || format!("facts: not summarised for more than {FACTS_IN_STORY} articles"),
            super::facts::summary_line
        ),
        &doc.id[..12.min(doc.id.len())]
    )?;
    if !doc.names.is_empty() {
        writeln!(out, "  names: {}", doc.names.join(", "))?;
    }
    if !doc.terms.is_empty() {
        writeln!(out, "  terms: {}", doc.terms.join(", "))?;
    }
    let short = |id: &ArticleId| id.as_str()[..12.min(id.as_str().len())].to_owned();
    for a in &doc.articles {
        writeln!(
            out,
            "  {} {} {:<20} {}{}",
            if a.independent { "*" } else { " " },
            short(&a.id),
            clip(a.outlet.as_deref().unwrap_or("-"), 20),
            a.published
                .as_deref()
                .map_or(String::new(), |p| format!("{p}  ")),
            clip(a.title.as_deref().unwrap_or("(no title)"), 60),
        )?;
        if let Some(f) = &a.copy_of {
            writeln!(out, "      copy of {}", short(f))?;
        }
        if let Some(v) = &a.version_of {
            writeln!(out, "      a later version of {}", short(v))?;
        }
        for c in &a.copies {
            let line = match &c.source {
                Some(s) if *s == a.id => format!("{}: copied by {}", c.kind, short(&c.other)),
                Some(_) => format!("{}: copies {}", c.kind, short(&c.other)),
                None => format!("{}: with {} (direction unknown)", c.kind, short(&c.other)),
            };
            writeln!(out, "      {line}")?;
        }
    }
    let after = doc.offset + doc.articles.len();
    if doc.offset > 0 || after < doc.article_count {
        writeln!(
            out,
            "  articles {}-{} of {} shown (--offset N, --limit N; --limit 0 shows all)",
            (doc.offset + 1).min(doc.article_count),
            after,
            doc.article_count
        )?;
    }
    writeln!(
        out,
        "  * = independent (the first report of its copy family, not a later version)"
    )?;
    Ok(())
}
