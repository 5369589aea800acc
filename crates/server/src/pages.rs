//! The web UI: server-rendered pages (maud escapes every text it is given), one embedded
//! stylesheet, SVG charts, no script. Each page reads through the same engine reads as
//! the API.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use crosscheck_engine::read::{self, CoverageJson, Page, StorySummary, StoryView};
use crosscheck_model::StoredArticle;
use crosscheck_reconcile::{Fact, Status};
use crosscheck_store::Store;
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use serde_json::Value;

use crate::api::{self, StoriesQuery};
use crate::svg;
use crate::{AppState, Problem};

const STYLE: &str = include_str!("style.css");

pub async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

fn layout(title: &str, search: &str, body: Markup) -> Response {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · crosscheck" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                a class="skip" href="#main" { "Skip to content" }
                header class="top" {
                    nav aria-label="Main" {
                        a class="brand" href="/" { "crosscheck" }
                        a href="/" { "Stories" }
                        a href="/outlets" { "Outlets" }
                    }
                    form class="search" action="/search" method="get" role="search" {
                        label for="q" class="sr" { "Search articles" }
                        input id="q" name="q" type="search" value=(search) placeholder="Search articles";
                        button type="submit" { "Search" }
                    }
                }
                main id="main" { (body) }
                footer { "crosscheck " (env!("CARGO_PKG_VERSION")) " · " a href="/api/openapi.json" { "API" } }
            }
        }
    };
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page.into_string(),
    )
        .into_response()
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let mut res = layout(
        status.canonical_reason().unwrap_or("Error"),
        "",
        html! {
            h1 { (status.canonical_reason().unwrap_or("Error")) }
            p { (message) }
            p { a href="/" { "Back to the stories" } }
        },
    );
    *res.status_mut() = status;
    res
}

pub fn not_found(message: &str) -> Response {
    error_page(StatusCode::NOT_FOUND, message)
}

/// A problem shown as a page.
pub struct PageError(Problem);

impl From<Problem> for PageError {
    fn from(p: Problem) -> Self {
        PageError(p)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.0.status(), &self.0.detail)
    }
}

type PageResult = Result<Response, PageError>;

/// "2026-03-14 06:10 UTC" from RFC 3339; the input as is when it is not.
fn when(t: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(t)
        .map(|d| {
            d.with_timezone(&chrono::Utc)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|_| t.to_string())
}

fn short(id: &str) -> &str {
    id.get(..8).unwrap_or(id)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

// ---- stories ----

pub async fn stories(State(state): State<AppState>, Query(q): Query<StoriesQuery>) -> PageResult {
    let shown = StoriesQuery {
        since: q.since.clone(),
        until: q.until.clone(),
        outlet: q.outlet.clone(),
        min_sources: q.min_sources,
        lang: q.lang.clone(),
        sort: q.sort.clone(),
        limit: None,
        cursor: None,
    };
    let (items, next) = api::story_page(
        &state,
        StoriesQuery {
            limit: Some(q.limit.unwrap_or(30)),
            ..q
        },
    )
    .await?;
    let next_link = next.map(|c| {
        let mut params = vec![("cursor".to_string(), c)];
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                params.push((k.to_string(), v));
            }
        };
        add("since", shown.since.clone());
        add("until", shown.until.clone());
        add("outlet", shown.outlet.clone());
        add("min_sources", shown.min_sources.map(|n| n.to_string()));
        add("lang", shown.lang.clone());
        add("sort", shown.sort.clone());
        format!("/?{}", query_string(&params))
    });
    let sort = shown.sort.clone().unwrap_or_else(|| "recent".into());
    Ok(layout(
        "Stories",
        "",
        html! {
            h1 { "Stories" }
            form class="filters" method="get" action="/" {
                div { label for="since" { "Active since" } input id="since" name="since" type="date" value=(shown.since.clone().unwrap_or_default()); }
                div { label for="until" { "First seen by" } input id="until" name="until" type="date" value=(shown.until.clone().unwrap_or_default()); }
                div { label for="outlet" { "Outlet" } input id="outlet" name="outlet" value=(shown.outlet.clone().unwrap_or_default()); }
                div { label for="min_sources" { "Independent sources at least" }
                      input id="min_sources" name="min_sources" type="number" min="1" value=(shown.min_sources.map(|n| n.to_string()).unwrap_or_default()); }
                div { label for="lang" { "Language" } input id="lang" name="lang" size="5" placeholder="en" value=(shown.lang.clone().unwrap_or_default()); }
                div { label for="sort" { "Order" }
                    select id="sort" name="sort" {
                        option value="recent" selected[sort == "recent"] { "Newest activity" }
                        option value="sources" selected[sort == "sources"] { "Most independent sources" }
                    }
                }
                div { button type="submit" { "Filter" } }
            }
            @if items.is_empty() {
                p class="empty" { "No stories match. Ingest articles with " code { "crosscheck ingest PATH" } " or widen the filters." }
            }
            ol class="stories" {
                @for s in &items { li { (story_card(s)) } }
            }
            @if let Some(link) = next_link {
                p { a class="next" href=(link) rel="next" { "Older stories →" } }
            }
        },
    ))
}

fn query_string(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a query value.
fn percent(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn story_card(s: &StorySummary) -> Markup {
    let copies = s.article_count.saturating_sub(s.independent_sources);
    html! {
        article class="card story" {
            div class="sources" title="Independent sources: copy families count once" {
                span class="n" { (s.independent_sources) }
                span class="label" { "independent" br; "source" @if s.independent_sources != 1 { "s" } }
            }
            div class="what" {
                h2 { a href=(format!("/stories/{}", s.id)) { (s.title) } }
                p class="meta" {
                    (plural(s.article_count, "article", "articles"))
                    @if copies > 0 { " (" (copies) " repeat" @if copies != 1 { "s" } " of other reports)" }
                    " · " (s.outlets.join(", "))
                }
                p class="meta" {
                    @match (&s.first_seen, &s.last_seen) {
                        (Some(f), Some(l)) => { "First seen " time datetime=(f) { (when(f)) } " · last " time datetime=(l) { (when(l)) } }
                        _ => { "No publication dates" }
                    }
                }
            }
            (svg::sparkline(&s.times, 96, 28, &format!("coverage over time: {} dated articles", s.times.len())))
        }
    }
}

// ---- one story ----

#[derive(Debug, Default, Deserialize)]
pub struct StoryPageQuery {
    pub offset: Option<usize>,
}

/// Articles of a story shown on one page; more page with `offset`.
const STORY_PAGE: usize = 200;

pub async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<StoryPageQuery>,
) -> PageResult {
    let page = Page {
        offset: q.offset.unwrap_or(0),
        limit: Some(STORY_PAGE),
    };
    let view = state.story(id.clone(), page).await?;
    let sid = crosscheck_model::StoryId::from_raw(view.id.clone());
    let entities = state.read(move |s| Ok(s.entities(Some(&sid), 24)?)).await?;
    // A merged story's id, or a prefix, goes to the story's own page.
    if view.id != id {
        return Ok(Redirect::permanent(&format!("/stories/{}", view.id)).into_response());
    }
    Ok(layout(&view.title, "", story_body(&view, &entities)))
}

/// The first report of the story: the earliest dated article, else the first stored.
/// A copy is never the first report, and a date without a time of day does not beat
/// one with it on the same day.
fn first_report(view: &StoryView) -> Option<&CoverageJson> {
    let key = |a: &CoverageJson| {
        let p = a.published.as_deref()?;
        let t = crosscheck_engine::pipeline::published_time(p)?;
        Some((t.div_euclid(86_400), p.len() <= 10, t))
    };
    view.articles
        .iter()
        .filter(|a| a.independent)
        .filter_map(|a| key(a).map(|k| (k, a)))
        .min_by_key(|(k, _)| *k)
        .map(|(_, a)| a)
        .or_else(|| view.articles.iter().find(|a| a.independent))
        .or_else(|| view.articles.first())
}

fn story_body(view: &StoryView, entities: &[crosscheck_model::EntitySummary]) -> Markup {
    let first = first_report(view);
    let by_id: BTreeMap<&str, &CoverageJson> =
        view.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    // Copy families: each origin with the articles that repeat it.
    let mut families: Vec<(&CoverageJson, Vec<&CoverageJson>)> = Vec::new();
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &view.articles {
        let root = a
            .copy_of
            .as_ref()
            .or(a.version_of.as_ref())
            .map(|r| r.as_str())
            .filter(|r| by_id.contains_key(r));
        match root {
            Some(r) => {
                let i = *at.entry(r).or_insert_with(|| {
                    families.push((by_id[r], Vec::new()));
                    families.len() - 1
                });
                families[i].1.push(a);
            }
            None => {
                if !at.contains_key(a.id.as_str()) {
                    at.insert(a.id.as_str(), families.len());
                    families.push((a, Vec::new()));
                }
            }
        }
    }
    let summary = view.facts_summary.as_ref();
    let quotes: Vec<&Fact> = view.facts.iter().filter(|f| f.kind == "quote").collect();
    let facts: Vec<&Fact> = view.facts.iter().filter(|f| f.kind != "quote").collect();
    let timeline = view.reconciliation.as_ref().map(|r| &r.timeline);
    html! {
        p class="crumbs" { a href="/" { "Stories" } " › story " (short(&view.id)) }
        h1 { (view.title) }
        div class="headline" {
            div class="big" { span class="n" { (view.independent_sources) } " independent source" @if view.independent_sources != 1 { "s" } }
            div {
                p { (plural(view.article_count, "article", "articles")) " from " (plural(view.outlets.len(), "outlet", "outlets")) ": " (view.outlets.join(", ")) }
                @if let Some(f) = first {
                    p class="first" { "First reported by "
                        strong { (f.outlet.clone().unwrap_or_else(|| "an unnamed outlet".into())) }
                        @if let Some(p) = &f.published { " at " time datetime=(p) { (when(p)) } }
                        " — " a href=(format!("/articles/{}", f.id)) { (f.title.clone().unwrap_or_else(|| short(f.id.as_str()).to_string())) }
                    }
                }
                @if let Some(s) = summary {
                    p class="facts-line" {
                        (plural(s.facts, "fact", "facts")) ": "
                        span class="st agreed" { (s.agreed) " agreed" } " · "
                        span class="st compatible" { (s.compatible) " compatible" } " · "
                        span class="st differs" { (s.differs) " differ" } " · "
                        span class="st single" { (s.single_source) " single-source" }
                    }
                } @else {
                    p class="note" { "Facts are lined up for stories of up to " (read::FACTS_IN_STORY) " articles; use " code { "crosscheck facts" } " for this one." }
                }
            }
        }
        section aria-labelledby="cov" {
            h2 id="cov" { "Coverage over time" }
            (coverage_chart(view))
            p class="legend" { span class="key orig" {} " original reports " span class="key copy" {} " copies, rewrites and later versions" }
            @if let Some(t) = timeline {
                @if t.coverage.len() > 1 {
                    details {
                        summary { "When each outlet first reported it" }
                        ol class="timeline" {
                            @for c in &t.coverage {
                                li { strong { (c.outlet) } " — "
                                    @if let Some(p) = &c.first_published { time datetime=(p) { (when(p)) } } @else { "no date" }
                                    " — " a href=(format!("/articles/{}", c.first_article)) { "first article" }
                                    " " span class="meta" { "(" (plural(c.articles, "article", "articles")) ")" } }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="fams" {
            h2 id="fams" { "Who reported it — grouped by copy family" }
            p class="note" { (plural(families.len(), "family", "families")) " among the articles shown; each family counts once as a source." }
            @if view.offset > 0 || view.offset + view.articles.len() < view.article_count {
                p class="note" { "Articles " (view.offset + 1) "–" (view.offset + view.articles.len()) " of " (view.article_count) "."
                    @if view.offset + view.articles.len() < view.article_count {
                        " " a href=(format!("/stories/{}?offset={}", view.id, view.offset + view.articles.len())) { "Next articles →" }
                    }
                }
            }
            ol class="families" {
                @for (origin, copies) in &families {
                    li class="family" {
                        (article_card(origin, true))
                        @if !copies.is_empty() {
                            details {
                                summary { (plural(copies.len(), "repeat", "repeats")) " of this report" }
                                ul class="copies" {
                                    @for c in copies { li { (copy_card(c, origin)) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !facts.is_empty() {
            section aria-labelledby="facts" {
                h2 id="facts" { "Facts across the sources" }
                (facts_table(&facts))
            }
        }
        @if !quotes.is_empty() {
            section aria-labelledby="quotes" {
                h2 id="quotes" { "Quotes" }
                (facts_table(&quotes))
            }
        }
        @if let Some(t) = timeline {
            @if !t.events.is_empty() {
                section aria-labelledby="tl" {
                    h2 id="tl" { "Timeline of events the reports date" }
                    ol class="timeline" {
                        @for e in &t.events {
                            li { strong { (e.when) } " — " (e.text) " "
                                span class="meta" { "(" (plural(e.independent_sources, "independent source", "independent sources")) ")" } }
                        }
                    }
                }
            }
        }
        @if !entities.is_empty() {
            section aria-labelledby="ents" {
                h2 id="ents" { "Who and where" }
                ul class="entities" {
                    @for e in entities {
                        li class=(format!("ent {}", e.kind.to_lowercase())) {
                            a href=(format!("/search?q={}", percent(&format!("entity:{}", e.key)))) { (e.name) }
                            " " span class="meta" { (e.kind) @if e.media { " · media" } " · " (plural(e.articles as usize, "article", "articles")) }
                        }
                    }
                }
            }
        }
        @if !view.terms.is_empty() {
            p class="meta" { "Top words: " (view.terms.join(", ")) }
        }
    }
}

fn coverage_chart(view: &StoryView) -> Markup {
    let times: Vec<(i64, bool)> = view
        .articles
        .iter()
        .filter_map(|a| {
            let t = a
                .published
                .as_deref()
                .and_then(crosscheck_engine::pipeline::published_time)?;
            Some((t, a.independent))
        })
        .collect();
    let (Some(lo), Some(hi)) = (
        times.iter().map(|t| t.0).min(),
        times.iter().map(|t| t.0).max(),
    ) else {
        return html! { p class="note" { "No article of this story has a publication date." } };
    };
    let hourly = hi - lo <= 3 * 86_400;
    let step = if hourly { 3_600 } else { 86_400 };
    let start = lo.div_euclid(step) * step;
    let n = ((hi - start) / step + 1) as usize;
    if n > 400 {
        return html! { p class="note" { "Coverage spans " (n) " days; see /api/v1/counts." } };
    }
    let mut buckets: Vec<svg::Bucket> = (0..n)
        .map(|i| svg::Bucket {
            label: read::time(start + i as i64 * step)
                .get(if hourly { 5..16 } else { 0..10 })
                .unwrap_or("")
                .replace('T', " "),
            originals: 0,
            copies: 0,
        })
        .collect();
    for (t, original) in times {
        let b = &mut buckets[((t - start) / step) as usize];
        if original {
            b.originals += 1;
        } else {
            b.copies += 1;
        }
    }
    svg::coverage(
        &buckets,
        &format!(
            "articles per {}, originals and copies",
            if hourly { "hour (UTC)" } else { "day" }
        ),
    )
}

fn article_card(a: &CoverageJson, origin: bool) -> Markup {
    html! {
        div class=(if origin { "art origin" } else { "art" }) {
            a href=(format!("/articles/{}", a.id)) { (a.title.clone().unwrap_or_else(|| short(a.id.as_str()).to_string())) }
            p class="meta" {
                strong { (a.outlet.clone().unwrap_or_else(|| "unnamed outlet".into())) }
                @if let Some(p) = &a.published { " · " time datetime=(p) { (when(p)) } }
                @if origin && a.independent { " · " span class="badge indep" { "independent report" } }
            }
        }
    }
}

fn copy_card(c: &CoverageJson, origin: &CoverageJson) -> Markup {
    let rel = c.copies.iter().find(|r| r.other == origin.id);
    let kind = if c.version_of.is_some() {
        "later version".to_string()
    } else {
        rel.map_or("copy (through another copy)", |r| r.kind)
            .replace('_', " ")
    };
    html! {
        div class="art copy" {
            span class="badge kind" { (kind) }
            " "
            a href=(format!("/articles/{}", c.id)) { (c.title.clone().unwrap_or_else(|| short(c.id.as_str()).to_string())) }
            p class="meta" {
                strong { (c.outlet.clone().unwrap_or_else(|| "unnamed outlet".into())) }
                @if let Some(p) = &c.published { " · " time datetime=(p) { (when(p)) } }
                " · " a href=(format!("/compare?a={}&b={}", origin.id, c.id)) { "compare with the origin" }
            }
            @if let Some(r) = rel {
                @if !r.reason.is_empty() { p class="reason" { (r.reason) } }
            }
        }
    }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Agreed => "agreed",
        Status::Compatible => "compatible",
        Status::Differs => "differs",
        Status::SingleSource => "single",
    }
}

fn facts_table(facts: &[&Fact]) -> Markup {
    html! {
        div class="table-wrap" {
            table class="facts" {
                thead { tr { th scope="col" { "Status" } th scope="col" { "Fact" } th scope="col" { "Versions and each source's words" } } }
                tbody {
                    @for f in facts {
                        tr {
                            td { span class=(format!("st {}", status_class(f.status))) { (f.status.label().replace('_', " ")) } br;
                                 span class="meta" { (plural(f.independent_sources, "independent source", "independent sources")) } }
                            td { (f.summary)
                                 @if let Some(first) = &f.first {
                                     p class="meta" { "First: " (first.outlet.clone().unwrap_or_else(|| "unnamed".into()))
                                         @if let Some(p) = &first.published { ", " (when(p)) } }
                                 }
                                 @if let Some(n) = &f.note { p class="meta" { (n) } } }
                            td {
                                ul class="versions" {
                                    @for v in &f.versions {
                                        li {
                                            strong { (v.value) }
                                            @if let Some(t) = &v.time { " (" (t) ")" }
                                            " — " (plural(v.independent_sources, "source", "sources")) ": " (v.sources.join(", "))
                                            ul {
                                                @for m in v.articles.iter().take(4) {
                                                    li { a href=(format!("/articles/{}#s{}", m.id, m.sentence)) { (m.outlet.clone().unwrap_or_else(|| short(&m.id).to_string())) } ": " span class="words" { (m.text) }
                                                         @if let Some(c) = &m.credited_to { " " span class="meta" { "(credits " (c) ")" } } }
                                                }
                                                @if v.articles.len() > 4 { li class="meta" { "and " (v.articles.len() - 4) " more" } }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

// ---- one article ----

pub async fn article(State(state): State<AppState>, Path(id): Path<String>) -> PageResult {
    let asked = id.clone();
    let (stored, relations, annotations, story, others) = state
        .read(move |s| {
            let stored = s.get(&asked)?;
            let relations = s.relations_of(&stored.article.id)?;
            let annotations = s.annotations_of(&stored.article.id)?;
            let story = s.story_of(&stored.article.id)?;
            let mut others = BTreeMap::new();
            for r in &relations {
                let o = r.other(&stored.article.id);
                if let Ok(x) = s.get(o.as_str()) {
                    others.insert(
                        o.to_string(),
                        (x.article.outlet.clone(), x.article.title.clone()),
                    );
                }
            }
            Ok((stored, relations, annotations, story, others))
        })
        .await?;
    if stored.article.id.as_str() != id {
        return Ok(
            Redirect::permanent(&format!("/articles/{}", stored.article.id)).into_response(),
        );
    }
    let a = &stored.article;
    let ann: Option<Value> = annotations
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok());
    let title = a
        .title
        .clone()
        .unwrap_or_else(|| short(a.id.as_str()).into());
    Ok(layout(
        &title,
        "",
        html! {
            p class="crumbs" { a href="/" { "Stories" }
                @if let Some(s) = &story { " › " a href=(format!("/stories/{s}")) { "story " (short(s.as_str())) } }
                " › article " (short(a.id.as_str())) }
            h1 { (title) }
            @if let Some(sf) = &a.standfirst { p class="standfirst" { (sf) } }
            dl class="meta-list" {
                dt { "Outlet" } dd { @if let Some(o) = &a.outlet { a href=(format!("/outlets/{}", percent(o))) { (o) } } @else { "unknown" } }
                dt { "Published" } dd { @if let Some(p) = &a.published { time datetime=(p) { (when(p)) } } @else { "no date" } }
                @if let Some(b) = &a.byline { dt { "By" } dd { (b) } }
                @if let Some(u) = &a.url { dt { "URL" } dd { a href=(u) rel="noopener noreferrer nofollow" { (u) } } }
                dt { "Language" } dd { (a.lang.clone().unwrap_or_else(|| "unknown".into())) }
                dt { "Version" } dd { (stored.version)
                    @if let Some(p) = &stored.previous_version { " · " a href=(format!("/articles/{p}")) { "previous" } }
                    @if let Some(n) = &stored.next_version { " · " a href=(format!("/articles/{n}")) { "next" } } }
                dt { "Source file" } dd { code { (a.source) } }
            }
            @if !relations.is_empty() {
                section aria-labelledby="rel" {
                    h2 id="rel" { "Copies and sources" }
                    ul class="relations" {
                        @for r in &relations {
                            @let other = r.other(&a.id);
                            @let (o_outlet, o_title) = others.get(other.as_str()).cloned().unwrap_or((None, None));
                            li {
                                span class="badge kind" { (r.kind.as_str().replace('_', " ")) }
                                " "
                                @match &r.source {
                                    Some(src) if src == &a.id => { "copied by " }
                                    Some(_) => { "copied from " }
                                    None => { "shared with " }
                                }
                                a href=(format!("/articles/{other}")) { (o_title.unwrap_or_else(|| short(other.as_str()).to_string())) }
                                " (" (o_outlet.unwrap_or_else(|| "unnamed outlet".into())) ") · "
                                a href=(format!("/compare?a={}&b={}", a.id, other)) { "compare" }
                                @if !r.reason.is_empty() { p class="reason" { (r.reason) } }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="text" {
                h2 id="text" { "Text" }
                @if ann.is_some() {
                    p class="legend" {
                        span class="ent per" { "person" } " " span class="ent org" { "organisation" } " "
                        span class="ent loc" { "place" } " " span class="ent misc" { "other name" } " "
                        mark class="qty" { "quantity" } " " mark class="time" { "time" } " " span class="quote" { "quote" }
                    }
                } @else {
                    p class="note" { "Not annotated yet (" code { "crosscheck annotate --rebuild" } ")." }
                }
                div class="body" { (marked_body(&stored, ann.as_ref())) }
            }
            @if let Some(ann) = &ann { (annotation_lists(ann)) }
            @if !a.removed.is_empty() {
                details class="residue" {
                    summary { "Removed while cleaning: " (plural(a.removed.len(), "line", "lines")) }
                    ul {
                        @for r in &a.removed { li { span class="badge" { (r.reason.as_str().replace('_', " ")) } " " (r.text) } }
                    }
                }
            }
            p { a href=(format!("/api/v1/articles/{}", a.id)) { "This article as JSON" } }
        },
    ))
}

/// A span to mark in the text: byte offsets, its class, and what it says on hover.
struct Mark {
    start: usize,
    end: usize,
    class: String,
    title: String,
}

fn spans(ann: &Value, kind: &str, f: impl Fn(&Value) -> Option<(String, String)>) -> Vec<Mark> {
    ann.get(kind)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| {
            let start = v.get("start")?.as_u64()? as usize;
            let end = v.get("end")?.as_u64()? as usize;
            let (class, title) = f(v)?;
            Some(Mark {
                start,
                end,
                class,
                title,
            })
        })
        .collect()
}

fn text_of(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

/// The body with sentences anchored (`#s3`), quotes wrapped, and entities, quantities
/// and times marked inside them. Spans that cross a sentence or a quote's edge, or
/// overlap another of their layer, are left unmarked.
fn marked_body(stored: &StoredArticle, ann: Option<&Value>) -> Markup {
    let body = &stored.article.body;
    let mut outer: Vec<Mark> = Vec::new();
    let mut inner: Vec<Mark> = Vec::new();
    if let Some(ann) = ann {
        outer = spans(ann, "quotes", |v| {
            let who = text_of(v, "speaker");
            Some((
                "quote".into(),
                if who.is_empty() {
                    "quote, speaker unknown".into()
                } else {
                    format!("quote of {who}")
                },
            ))
        });
        inner.extend(spans(ann, "entities", |v| {
            let t = text_of(v, "type");
            Some((
                format!("ent {}", t.to_lowercase()),
                format!("{t}: {}", text_of(v, "key")),
            ))
        }));
        inner.extend(spans(ann, "quantities", |v| {
            let counted = text_of(v, "counted");
            let value = v.get("value").map(Value::to_string).unwrap_or_default();
            Some((
                "qty".into(),
                format!("{value} {counted}").trim().to_string(),
            ))
        }));
        inner.extend(spans(ann, "times", |v| {
            Some(("time".into(), text_of(v, "value")))
        }));
    }
    let valid = |m: &Mark| {
        m.start < m.end
            && body.is_char_boundary(m.start)
            && body.is_char_boundary(m.end)
            && m.end <= body.len()
    };
    let disjoint = |mut v: Vec<Mark>| {
        v.retain(valid);
        v.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut out: Vec<Mark> = Vec::new();
        for m in v {
            if out.last().is_none_or(|l| m.start >= l.end) {
                out.push(m);
            }
        }
        out
    };
    let outer = disjoint(outer);
    let inner = disjoint(inner);
    // Sentences: anchors for the facts table's links, and the unit of marking.
    let sentences: Vec<(usize, usize)> = stored
        .article
        .sentences
        .iter()
        .map(|s| (s.start as usize, s.end as usize))
        .filter(|&(s, e)| {
            s < e && e <= body.len() && body.is_char_boundary(s) && body.is_char_boundary(e)
        })
        .collect();
    let mut out = String::new();
    let mut pos = 0;
    let push_text = |out: &mut String, t: &str| out.push_str(&html_escape(t));
    let mut oi = 0;
    let mut ii = 0;
    let mut open_quote: Option<usize> = None;
    for (si, &(s, e)) in sentences.iter().enumerate() {
        if s < pos {
            continue;
        }
        push_text(&mut out, &body[pos..s]);
        out.push_str(&format!("<span class=\"sent\" id=\"s{si}\">"));
        pos = s;
        if let Some(q) = open_quote {
            out.push_str(&format!(
                "<span class=\"quote\" title=\"{}\">",
                html_escape(&outer[q].title)
            ));
        }
        while pos < e {
            // Next boundary: a quote opening or closing, an inner span, or the sentence end.
            while oi < outer.len() && outer[oi].end <= pos && open_quote != Some(oi) {
                oi += 1;
            }
            while ii < inner.len() && inner[ii].start < pos {
                ii += 1;
            }
            let quote_close = open_quote.map(|q| outer[q].end);
            let quote_open = (open_quote.is_none() && oi < outer.len() && outer[oi].start >= pos)
                .then(|| outer[oi].start);
            let inner_start = (ii < inner.len()).then(|| inner[ii].start);
            let next = [Some(e), quote_close, quote_open, inner_start]
                .into_iter()
                .flatten()
                .filter(|&x| x >= pos)
                .min()
                .unwrap_or(e)
                .min(e);
            push_text(&mut out, &body[pos..next]);
            pos = next;
            if pos >= e {
                break;
            }
            if quote_close == Some(pos) {
                out.push_str("</span>");
                open_quote = None;
                oi += 1;
                continue;
            }
            if quote_open == Some(pos) {
                out.push_str(&format!(
                    "<span class=\"quote\" title=\"{}\">",
                    html_escape(&outer[oi].title)
                ));
                open_quote = Some(oi);
                continue;
            }
            if inner_start == Some(pos) {
                let m = &inner[ii];
                let fits = m.end <= e
                    && quote_close.is_none_or(|c| m.end <= c)
                    && (open_quote.is_some() || quote_open.is_none_or(|o| m.end <= o));
                if fits {
                    let tag = if m.class.starts_with("ent") {
                        "span"
                    } else {
                        "mark"
                    };
                    out.push_str(&format!(
                        "<{tag} class=\"{}\" title=\"{}\">",
                        html_escape(&m.class),
                        html_escape(&m.title)
                    ));
                    push_text(&mut out, &body[m.start..m.end]);
                    out.push_str(&format!("</{tag}>"));
                    pos = m.end;
                }
                ii += 1;
            }
        }
        if open_quote.is_some() {
            out.push_str("</span>");
        }
        out.push_str("</span>");
    }
    push_text(&mut out, &body[pos..]);
    maud::PreEscaped(out)
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A quantity as a reader says it: "at least 14 people", "about 10000 troops".
fn quantity_words(q: &Value) -> String {
    let value = q.get("value").and_then(Value::as_f64).map(|v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    });
    let modifier = match text_of(q, "modifier").as_str() {
        ">" => "at least",
        "<" => "at most",
        "~" => "about",
        _ => "",
    };
    let unit = text_of(q, "unit");
    let counted = text_of(q, "counted");
    [
        modifier.to_string(),
        value.unwrap_or_default(),
        unit,
        counted,
    ]
    .into_iter()
    .filter(|w| !w.is_empty() && w != "-")
    .collect::<Vec<_>>()
    .join(" ")
}

fn annotation_lists(ann: &Value) -> Markup {
    let list = |k: &str| {
        ann.get(k)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let quotes = list("quotes");
    let attributions = list("attributions");
    let quantities = list("quantities");
    html! {
        @if !quotes.is_empty() {
            section aria-labelledby="aq" {
                h2 id="aq" { "Quotes and speakers" }
                ul { @for q in &quotes { li { "“" (text_of(q, "text")) "” — "
                    @let s = text_of(q, "speaker");
                    @if s.is_empty() { em { "speaker unknown" } } @else { strong { (s) } }
                    @let c = text_of(q, "cue"); @if !c.is_empty() { " (" (c) ")" } } } }
            }
        }
        @if !attributions.is_empty() {
            section aria-labelledby="aa" {
                h2 id="aa" { "On whose authority" }
                ul { @for a in &attributions { li {
                    @let s = text_of(a, "source");
                    strong { @if s.is_empty() { "unnamed" } @else { (s) } }
                    " " span class="meta" { "(" (text_of(a, "source_kind")) ")" } " "
                    em { (text_of(a, "cue")) } ": " (text_of(a, "content")) } } }
            }
        }
        @if !quantities.is_empty() {
            section aria-labelledby="an" {
                h2 id="an" { "Numbers" }
                ul { @for q in &quantities { li {
                    mark class="qty" { (text_of(q, "text")) } " → " (quantity_words(q)) } } }
            }
        }
    }
}

// ---- compare ----

pub async fn compare(
    State(state): State<AppState>,
    Query(q): Query<api::CompareQuery>,
) -> PageResult {
    let c = api::compared(&state, q).await?;
    let (a, b) = (c.a.to_string(), c.b.to_string());
    let names = state
        .read(move |s| {
            let name = |id: &str| -> Result<String, read::ReadError> {
                let x = s.get(id)?.article;
                Ok(format!(
                    "{} ({})",
                    x.title.unwrap_or_else(|| short(id).to_string()),
                    x.outlet.unwrap_or_else(|| "unnamed outlet".into())
                ))
            };
            Ok((name(&a)?, name(&b)?))
        })
        .await?;
    let source = c.source.as_ref().map(|s| {
        if *s == c.a {
            "A".to_string()
        } else {
            "B".to_string()
        }
    });
    Ok(layout(
        "Compare",
        "",
        html! {
            h1 { "Compare two articles" }
            dl class="meta-list" {
                dt { "A" } dd { a href=(format!("/articles/{}", c.a)) { (names.0) } }
                dt { "B" } dd { a href=(format!("/articles/{}", c.b)) { (names.1) } }
                dt { "Verdict" } dd { span class="badge kind" { (serde_json::to_value(c.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default().replace('_', " ")) }
                    " · score " (format!("{:.2}", c.score)) " · " (format!("{:.0}%", c.aligned_share * 100.0)) " of the shorter article's sentences aligned" }
                dt { "Source" } dd { (source.unwrap_or_else(|| "not known".into())) " — " (c.reason) }
            }
            p class="legend" { del { "only in A" } " " ins { "only in B" } }
            div class="table-wrap" {
                table class="compare" {
                    thead { tr { th scope="col" { "A" } th scope="col" { "B" } } }
                    tbody {
                        @for p in &c.aligned {
                            tr class=(if p.quoted { "quoted" } else { "" }) {
                                td {
                                    span class="meta" { "A" (p.a + 1) } " "
                                    @for d in &p.diff { @if d.op == "same" { (d.text) " " } @else if d.op == "del" { del { (d.text) } " " } }
                                }
                                td {
                                    span class="meta" { "B" (p.b + 1) " · " (format!("{:.2}", p.score)) @if p.quoted { " · quotation, not counted" } } " "
                                    @for d in &p.diff { @if d.op == "same" { (d.text) " " } @else if d.op == "ins" { ins { (d.text) } " " } }
                                }
                            }
                        }
                    }
                }
            }
            @if c.aligned.is_empty() { p class="empty" { "No sentences align." } }
        },
    ))
}

// ---- outlets ----

pub async fn outlets(State(state): State<AppState>) -> PageResult {
    let v = state.read(read::outlet_views).await?;
    Ok(layout(
        "Outlets",
        "",
        html! {
            h1 { "Outlets" }
            div class="table-wrap" {
                table {
                    thead { tr { th scope="col" { "Outlet" } th scope="col" { "Articles" } th scope="col" { "Originals" } th scope="col" { "Copies" } th scope="col" { "Copies most from" } } }
                    tbody {
                        @for o in &v {
                            tr {
                                td { a href=(format!("/outlets/{}", percent(&o.name))) { (o.name) } }
                                td { (o.articles) } td { (o.originals) } td { (o.copies) }
                                td { @if let Some((n, k)) = o.copies_from.first() { (n) " (" (k) ")" } }
                            }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn outlet(State(state): State<AppState>, Path(name): Path<String>) -> PageResult {
    let wanted = name.clone();
    let (view, recent) = state
        .read(move |s| {
            let all = read::outlet_views(s)?;
            let view = all
                .into_iter()
                .find(|o| o.name.to_lowercase() == wanted.to_lowercase());
            let recent = if view.is_some() {
                s.list(&crosscheck_store::ListQuery {
                    outlet: Some(wanted.clone()),
                    limit: None,
                    after_seq: None,
                })?
            } else {
                Vec::new()
            };
            Ok((view, recent))
        })
        .await?;
    let Some(o) = view else {
        return Ok(not_found(&format!(
            "No outlet named {name:?} has articles here."
        )));
    };
    let share = (o.originals * 100).checked_div(o.articles).unwrap_or(0);
    Ok(layout(
        &o.name,
        "",
        html! {
            p class="crumbs" { a href="/outlets" { "Outlets" } " › " (o.name) }
            h1 { (o.name) }
            p class="headline-line" { (plural(o.articles, "article", "articles")) ": " strong { (o.originals) " original" } " (" (share) "%) and " strong { (o.copies) " cop" @if o.copies == 1 { "y" } @else { "ies" } } " of other reports." }
            div class="two" {
                section aria-labelledby="from" {
                    h2 id="from" { "Whom it copies" }
                    @if o.copies_from.is_empty() { p class="note" { "No one." } }
                    ul { @for (n, k) in &o.copies_from { li { a href=(format!("/outlets/{}", percent(n))) { (n) } " — " (plural(*k, "article", "articles")) } } }
                }
                section aria-labelledby="by" {
                    h2 id="by" { "Who copies it" }
                    @if o.copied_by.is_empty() { p class="note" { "No one." } }
                    ul { @for (n, k) in &o.copied_by { li { a href=(format!("/outlets/{}", percent(n))) { (n) } " — " (plural(*k, "article", "articles")) } } }
                }
            }
            section aria-labelledby="arts" {
                h2 id="arts" { "Articles" }
                ul class="plain" {
                    @for r in recent.iter().rev().take(100) {
                        li { a href=(format!("/articles/{}", r.id)) { (r.title.clone().unwrap_or_else(|| short(r.id.as_str()).to_string())) }
                             @if let Some(p) = &r.published { " " span class="meta" { (when(p)) } } }
                    }
                }
            }
        },
    ))
}

// ---- search ----

#[derive(Debug, Default, Deserialize)]
pub struct SearchQuery {
    pub q: Option<String>,
}

pub async fn search(State(state): State<AppState>, Query(q): Query<SearchQuery>) -> PageResult {
    let text = q.q.clone().unwrap_or_default();
    if text.trim().is_empty() {
        return Ok(layout(
            "Search",
            "",
            html! { h1 { "Search" } p { "Type words to find in the articles' text, or " code { "entity:KEY" } "." } },
        ));
    }
    let asked = text.clone();
    let hits = state
        .read(move |s| {
            let hits = s.search(&asked, 50)?;
            let mut out = Vec::with_capacity(hits.len());
            for h in hits {
                let story = s.story_of(&h.id)?;
                out.push((h, story));
            }
            Ok(out)
        })
        .await?;
    Ok(layout(
        &format!("Search: {text}"),
        &text,
        html! {
            h1 { "Search: " (text) }
            p class="meta" { (plural(hits.len(), "article", "articles")) " (best 50 at most)" }
            ol class="hits" {
                @for (h, story) in &hits {
                    li {
                        a href=(format!("/articles/{}", h.id)) { (h.title.clone().unwrap_or_else(|| short(h.id.as_str()).to_string())) }
                        p class="meta" { (h.outlet.clone().unwrap_or_default())
                            @if let Some(p) = &h.published { " · " (when(p)) }
                            @if let Some(s) = story { " · " a href=(format!("/stories/{s}")) { "its story" } } }
                        p class="snippet" { (snippet(&h.snippet)) }
                    }
                }
            }
        },
    ))
}

/// A search snippet with its « » matches as `<mark>`, everything escaped.
fn snippet(s: &str) -> Markup {
    let mut parts: Vec<(bool, &str)> = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find('«') {
        parts.push((false, &rest[..i]));
        let after = &rest[i + '«'.len_utf8()..];
        match after.find('»') {
            Some(j) => {
                parts.push((true, &after[..j]));
                rest = &after[j + '»'.len_utf8()..];
            }
            None => {
                rest = after;
                break;
            }
        }
    }
    parts.push((false, rest));
    html! { @for (m, t) in parts { @if m { mark { (t) } } @else { (t) } } }
}
