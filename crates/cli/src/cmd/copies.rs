//! `crosscheck copies`: who copied whom. Copy families (articles joined by copy
//! relations found at ingest), their origins, and the count of independent sources.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use crosscheck_dedup::{families, independent_sources};
use crosscheck_engine::settings::Settings;
use crosscheck_model::{ArticleId, Relation};
use crosscheck_store::{ArticleRow, ListQuery, Store};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Families shown, largest first.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Only the articles matching this full-text search (as `search` reads it), at most
    /// 500: the articles of one story, and how many independent sources they come from.
    #[arg(long, value_name = "WORDS")]
    search: Option<String>,
    /// JSON: {articles, independent_articles, independent_sources, families: [{members, origins, relations}]}.
    #[arg(long)]
    json: bool,
    /// First forget every copy relation and find them all again over the stored articles,
    /// in ingestion order: for a database filled before copy detection existed, or after
    /// the thresholds changed. Articles are not touched.
    #[arg(long)]
    rebuild: bool,
}

/// Most search hits `--search` takes in.
const SEARCH_LIMIT: usize = 500;

#[derive(Debug, Serialize)]
pub struct FamilyJson<'a> {
    pub members: Vec<&'a ArticleRow>,
    pub origins: Vec<ArticleId>,
    pub relations: Vec<&'a Relation>,
}

#[derive(Debug, Serialize)]
pub struct CopiesJson<'a> {
    /// Articles stored.
    pub articles: usize,
    /// Articles left when each copy family counts once.
    pub independent_articles: usize,
    /// Copy families, with the families of one outlet counted once: with `--search`, how
    /// many independent sources report the story.
    pub independent_sources: usize,
    /// Families of two or more articles, largest first.
    pub families: Vec<FamilyJson<'a>>,
}

/// Loads rows and relations, then writes the report (text or JSON) to `out`.
pub fn report(
    store: &impl Store,
    limit: usize,
    json: bool,
    search: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut rows = store.list(&ListQuery::default())?;
    if let Some(q) = search {
        let hits: std::collections::HashSet<ArticleId> = store
            .search(q, SEARCH_LIMIT)?
            .into_iter()
            .map(|h| h.id)
            .collect();
        rows.retain(|r| hits.contains(&r.id));
    }
    let wanted: std::collections::HashSet<&ArticleId> = rows.iter().map(|r| &r.id).collect();
    let mut relations = Vec::new();
    store.for_each_relation(&mut |r| {
        if wanted.contains(&r.a) && wanted.contains(&r.b) {
            relations.push(r);
        }
        Ok(())
    })?;
    let by_id: HashMap<&ArticleId, &ArticleRow> = rows.iter().map(|r| (&r.id, r)).collect();
    let ids: Vec<ArticleId> = rows.iter().map(|r| r.id.clone()).collect();
    let all = families(&ids, &relations);
    let mut of_family: HashMap<&ArticleId, usize> = HashMap::new();
    for (i, f) in all.iter().enumerate() {
        for m in &f.members {
            of_family.insert(m, i);
        }
    }
    let mut rels_of: Vec<Vec<&Relation>> = vec![Vec::new(); all.len()];
    for r in &relations {
        if let Some(&i) = of_family.get(&r.a) {
            rels_of[i].push(r);
        }
    }
    let shown: Vec<FamilyJson<'_>> = all
        .iter()
        .zip(&rels_of)
        .filter(|(f, _)| f.members.len() > 1)
        .take(limit)
        .map(|(f, rels)| FamilyJson {
            members: f
                .members
                .iter()
                .filter_map(|m| by_id.get(m).copied())
                .collect(),
            origins: f.origins.clone(),
            relations: rels.clone(),
        })
        .collect();
    let outlets: Vec<(ArticleId, Option<String>)> = rows
        .iter()
        .map(|r| (r.id.clone(), r.outlet.clone()))
        .collect();
    let doc = CopiesJson {
        articles: rows.len(),
        independent_articles: all.len(),
        independent_sources: independent_sources(&outlets, &relations),
        families: shown,
    };
    if json {
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    let copy_families = all.iter().filter(|f| f.members.len() > 1).count();
    writeln!(
        out,
        "{} article{}{}, {} copy famil{}: {} independent article{} (a family counts once)",
        doc.articles,
        if doc.articles == 1 { "" } else { "s" },
        search.map_or(String::new(), |q| format!(" matching \"{q}\"")),
        copy_families,
        if copy_families == 1 { "y" } else { "ies" },
        doc.independent_articles,
        if doc.independent_articles == 1 {
            ""
        } else {
            "s"
        },
    )?;
    if search.is_some() {
        writeln!(
            out,
            "{} independent source{} (copies joined, each outlet counted once)",
            doc.independent_sources,
            if doc.independent_sources == 1 {
                ""
            } else {
                "s"
            }
        )?;
    }
    let label = |id: &ArticleId| match by_id.get(id) {
        Some(r) => format!(
            "{} {} {}",
            id.short(),
            r.outlet.as_deref().unwrap_or("-"),
            r.published.as_deref().unwrap_or("(no date)")
        ),
        None => id.short().to_string(),
    };
    for (n, f) in doc.families.iter().enumerate() {
        writeln!(out)?;
        let origins: Vec<String> = f.origins.iter().map(&label).collect();
        writeln!(
            out,
            "family {} ({} articles), origin: {}",
            n + 1,
            f.members.len(),
            if f.origins.len() == f.members.len() {
                "unknown".to_string()
            } else {
                origins.join(", ")
            }
        )?;
        // The title shown under "origin" is the origin's when there is one.
        let known_origin = (f.origins.len() < f.members.len())
            .then(|| f.members.iter().find(|m| f.origins.contains(&m.id)))
            .flatten();
        if let Some(t) = known_origin
            .or(f.members.first())
            .and_then(|m| m.title.as_deref())
        {
            writeln!(out, "  \"{}\"", super::clip(t, 90))?;
        }
        for r in &f.relations {
            let (from, to) = match &r.source {
                Some(s) => (r.other(s), s),
                None => (&r.b, &r.a),
            };
            let arrow = if r.source.is_some() { "copies" } else { "~" };
            writeln!(
                out,
                "  {:<15} {} {arrow} {}  (score {:.2})",
                r.kind.as_str(),
                label(from),
                label(to),
                r.score
            )?;
            writeln!(out, "                  {}", r.reason)?;
        }
    }
    if copy_families == 0 {
        writeln!(out, "no copies found")?;
    } else if copy_families > doc.families.len() && limit > 0 {
        let more = copy_families - doc.families.len();
        writeln!(
            out,
            "\n... and {more} more copy famil{} (--limit N shows more)",
            if more == 1 { "y" } else { "ies" }
        )?;
    }
    Ok(())
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let store = super::open_store(settings)?;
    if args.rebuild {
        let done = crosscheck_engine::pipeline::rebuild_copies(
            settings,
            super::progress(super::Measure::Articles).as_ref(),
        )?;
        let kinds: Vec<String> = done
            .copies
            .iter()
            .map(|(k, n)| format!("{} {n}", k.as_str()))
            .collect();
        eprintln!(
            "rebuilt: {} articles, {} pairs compared, copies: {}",
            done.articles,
            done.compared,
            if kinds.is_empty() {
                "none".to_string()
            } else {
                kinds.join(", ")
            }
        );
    }
    report(
        &store,
        args.limit,
        args.json,
        args.search.as_deref(),
        &mut std::io::stdout().lock(),
    )?;
    Ok(ExitCode::SUCCESS)
}
