//! `crosscheck stories` and `crosscheck story ID`: the stories articles were placed in at
//! ingest, who covered each, and how many independent sources that makes.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use crosscheck::pipeline::{published_time, rebuild_stories};
use crosscheck::settings::Settings;
use crosscheck_cluster::{DocFreq, Lang, StoryState};
use crosscheck_dedup::{families, independent_sources};
use crosscheck_model::{ArticleId, Relation, StoryRow};
use crosscheck_store::{ArticleRow, SqliteStore, Store, StoryQuery};
use serde::Serialize;

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

#[derive(Debug, Serialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub articles: Vec<ArticleId>,
    pub article_count: usize,
    pub independent_sources: usize,
    pub outlets: Vec<String>,
    /// None when no article of the story has a publication date.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct CopyJson {
    pub other: ArticleId,
    pub kind: &'static str,
    /// The article the text came from, when known.
    pub source: Option<ArticleId>,
}

#[derive(Debug, Serialize)]
pub struct CoverageJson {
    pub id: ArticleId,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The first report of its copy family within the story (copies of it are not).
    pub independent: bool,
    /// For a copy: the family's first report.
    pub copy_of: Option<ArticleId>,
    /// For a later version of a URL in the story: its first version here.
    pub version_of: Option<ArticleId>,
    pub copies: Vec<CopyJson>,
}

#[derive(Debug, Serialize)]
pub struct StoryJson {
    pub id: String,
    pub title: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub article_count: usize,
    /// Where the page of `articles` starts (`--offset`); `article_count` is the total.
    pub offset: usize,
    pub independent_sources: usize,
    pub outlets: Vec<String>,
    pub terms: Vec<String>,
    pub names: Vec<String>,
    pub articles: Vec<CoverageJson>,
    /// The story's facts lined up across its sources (`crosscheck facts`); `null` and
    /// empty for a story of more than 1,000 articles (`crosscheck facts` reads those), so
    /// `story` stays fast however large the story.
    pub facts_summary: Option<crosscheck_reconcile::Summary>,
    pub facts: Vec<crosscheck_reconcile::Fact>,
}

/// Stories up to this many articles show their facts summary in `story`.
const FACTS_IN_STORY: usize = 1000;

/// `--since`: a day means from its start (UTC), a time from that time.
fn since_time(s: &str) -> Option<i64> {
    use crosscheck_extract::dates::{parse, When};
    match parse(s)? {
        When::Day(d) => Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp()),
        _ => published_time(s),
    }
}

/// A story's first and last publication times, or none for a story none of whose
/// articles is dated (its stored times are only when it was ingested).
fn seen(row: &StoryRow, rows: &[ArticleRow]) -> (Option<String>, Option<String>) {
    if rows.iter().all(|r| r.published.is_none()) {
        return (None, None);
    }
    (Some(time(row.first_seen)), Some(time(row.last_seen)))
}

fn time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

fn outlets(rows: &[ArticleRow]) -> Vec<String> {
    let mut v: Vec<String> = rows.iter().filter_map(|r| r.outlet.clone()).collect();
    v.sort();
    v.dedup();
    v
}

fn independent(rows: &[ArticleRow], relations: &[Relation]) -> usize {
    let pairs: Vec<(ArticleId, Option<String>)> = rows
        .iter()
        .map(|r| (r.id.clone(), r.outlet.clone()))
        .collect();
    independent_sources(&pairs, relations)
}

fn summary(
    store: &SqliteStore,
    row: &StoryRow,
    rows: &[ArticleRow],
) -> anyhow::Result<StorySummary> {
    let relations = store.story_relations(&row.id)?;
    let (first_seen, last_seen) = seen(row, rows);
    Ok(StorySummary {
        id: row.id.to_string(),
        title: row.title.clone(),
        articles: rows.iter().map(|r| r.id.clone()).collect(),
        article_count: rows.len(),
        independent_sources: independent(rows, &relations),
        outlets: outlets(rows),
        first_seen,
        last_seen,
    })
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
    let since = match since {
        Some(s) => Some(
            since_time(s)
                .ok_or_else(|| anyhow::anyhow!("--since: {s:?} is not a date (try 2026-03-01)"))?,
        ),
        None => None,
    };
    let found = store.stories(&StoryQuery {
        since,
        limit: Some(limit),
    })?;
    let stories: Vec<StorySummary> = found
        .iter()
        .map(|(row, rows)| summary(store, row, rows))
        .collect::<anyhow::Result<_>>()?;
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

/// Which of a story's articles to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page {
    pub offset: usize,
    /// `None` shows every article from `offset` on.
    pub limit: Option<usize>,
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
    let (row, rows) = store.story(id)?;
    let relations = store.story_relations(&row.id)?;
    let mut relations_of: HashMap<&ArticleId, Vec<&Relation>> = HashMap::new();
    for rel in &relations {
        relations_of.entry(&rel.a).or_default().push(rel);
        relations_of.entry(&rel.b).or_default().push(rel);
    }
    // The first article of the story under each URL: later ones are its versions.
    let mut first_at_url: HashMap<&str, &ArticleId> = HashMap::new();
    for r in &rows {
        if let Some(u) = r.url.as_deref() {
            first_at_url.entry(u).or_insert(&r.id);
        }
    }
    // Families in story order: the first report of each family is its independent one.
    let ids: Vec<ArticleId> = rows.iter().map(|r| r.id.clone()).collect();
    let order: HashMap<&ArticleId, usize> = ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let mut first_of: HashMap<ArticleId, ArticleId> = HashMap::new();
    for f in families(&ids, &relations) {
        let origin = f
            .origins
            .iter()
            .chain(&f.members)
            .min_by_key(|m| order.get(m).copied().unwrap_or(usize::MAX))
            .cloned();
        // Prefer an origin (a member no relation names as the copy), earliest first.
        let origin = f
            .origins
            .iter()
            .min_by_key(|m| order.get(m).copied().unwrap_or(usize::MAX))
            .cloned()
            .or(origin);
        if let Some(o) = origin {
            for m in &f.members {
                first_of.insert(m.clone(), o.clone());
            }
        }
    }
    let shown = rows
        .iter()
        .skip(page.offset)
        .take(page.limit.unwrap_or(usize::MAX));
    let articles: Vec<CoverageJson> = shown
        .map(|r| {
            let first = first_of.get(&r.id);
            // A later version of a URL is the same report, corrected: not a new source.
            let version_of = (r.version > 1)
                .then(|| r.url.as_deref().and_then(|u| first_at_url.get(u)))
                .flatten()
                .filter(|f| **f != &r.id)
                .map(|f| (*f).clone());
            let independent = first.is_none_or(|f| *f == r.id) && version_of.is_none();
            CoverageJson {
                id: r.id.clone(),
                outlet: r.outlet.clone(),
                published: r.published.clone(),
                title: r.title.clone(),
                url: r.url.clone(),
                independent,
                copy_of: first.filter(|f| **f != r.id).cloned(),
                version_of,
                copies: relations_of
                    .get(&r.id)
                    .into_iter()
                    .flatten()
                    .map(|rel| CopyJson {
                        other: if rel.a == r.id {
                            rel.b.clone()
                        } else {
                            rel.a.clone()
                        },
                        kind: rel.kind.as_str(),
                        source: rel.source.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let (terms, names) = describe(store, &row, &rows)?;
    let (first_seen, last_seen) = seen(&row, &rows);
    let rec = if rows.len() <= FACTS_IN_STORY {
        let input = crosscheck::pipeline::story_reports(store, &row.id, &rows)?;
        Some(
            crosscheck_reconcile::Reconciler::default().run_aligned(&input.reports, &input.aligned),
        )
    } else {
        None
    };
    let doc = StoryJson {
        id: row.id.to_string(),
        title: row.title.clone(),
        first_seen,
        last_seen,
        article_count: rows.len(),
        offset: page.offset,
        independent_sources: independent(&rows, &relations),
        outlets: outlets(&rows),
        terms,
        names,
        articles,
        facts_summary: rec.as_ref().map(|r| r.summary.clone()),
        facts: rec.as_ref().map(|r| r.facts.clone()).unwrap_or_default(),
    };
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
        rec.as_ref().map_or_else(
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

/// Top words and names of a story, from its centroid and its articles' text.
fn describe(
    store: &SqliteStore,
    row: &StoryRow,
    rows: &[ArticleRow],
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let Some(centroid) = StoryState::decode_centroid(&row.state) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let terms: Vec<u64> = centroid.iter().map(|&(t, _)| t).collect();
    let (docs, counts) = store.doc_freqs(&terms)?;
    let mut df = DocFreq::default();
    df.restore(docs, terms.into_iter().zip(counts));
    let state = StoryState {
        id: row.id.clone(),
        title: row.title.clone(),
        first_seen: row.first_seen,
        last_seen: row.last_seen,
        articles: row.article_count,
        centroid,
    };
    // At most 30 articles are read for spelling: enough for any term worth showing.
    let mut texts: Vec<(String, Lang)> = Vec::new();
    for r in rows.iter().take(30) {
        let a = store.get(r.id.as_str())?.article;
        let lang = Lang::of(a.lang.as_deref());
        texts.extend(a.title.map(|t| (t, lang)));
        texts.push((a.body, lang));
    }
    Ok(state.describe(&df, texts.iter().map(|(t, l)| (t.as_str(), *l)), 10))
}
