//! The JSON API, `/api/v1`. Every read is one of the engine's reads, so the API says
//! what the CLI says; lists page with opaque cursors and a `Link: rel="next"` header.

use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use crosscheck_engine::read::{self, Page, ReadError, StoryFilter, StorySummary};
use crosscheck_model::{Relation, StoryId};
use crosscheck_store::{ListQuery, Store};
use serde::{Deserialize, Serialize};

use crate::{AppState, Problem};

/// Largest page of any list.
pub const MAX_LIMIT: usize = 500;
const DEFAULT_LIMIT: usize = 50;

pub async fn health(State(state): State<AppState>) -> Result<Response, Problem> {
    let articles = state.read(|s| Ok(s.count()?)).await?;
    Ok(Json(serde_json::json!({
        "status": "ok",
        "articles": articles,
        "read_only": state.config().read_only,
        "ingest": state.config().token.is_some() && !state.config().read_only,
    }))
    .into_response())
}

pub async fn version() -> Response {
    Json(serde_json::json!({
        "name": "crosscheck",
        "version": env!("CARGO_PKG_VERSION"),
        "api": "v1",
    }))
    .into_response()
}

/// The page size a request asks for, within bounds.
fn limit(asked: Option<usize>) -> Result<usize, Problem> {
    match asked {
        None => Ok(DEFAULT_LIMIT),
        Some(0) => Err(Problem::bad_request("`limit` must be at least 1".into())),
        Some(n) => Ok(n.min(MAX_LIMIT)),
    }
}

/// A page of a list, and its next cursor as a `Link` header too.
fn page<T: Serialize>(key: &str, items: Vec<T>, next: Option<String>, path: &str) -> Response {
    let mut body = serde_json::Map::new();
    body.insert(key.into(), serde_json::to_value(items).unwrap_or_default());
    body.insert("next".into(), serde_json::json!(next));
    let mut res = Json(serde_json::Value::Object(body)).into_response();
    if let Some(n) = next {
        let link = format!("<{path}?cursor={n}>; rel=\"next\"");
        if let Ok(v) = HeaderValue::from_str(&link) {
            res.headers_mut().insert(header::LINK, v);
        }
    }
    res
}

#[derive(Debug, Default, Deserialize)]
pub struct StoriesQuery {
    pub since: Option<String>,
    pub until: Option<String>,
    pub outlet: Option<String>,
    pub min_sources: Option<usize>,
    /// Has an article in this language (`en`, `de`, ...).
    pub lang: Option<String>,
    /// `recent` (default) or `sources`.
    pub sort: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

/// The story filter of a query, dates read as the CLI reads `--since`.
pub fn story_filter(q: &StoriesQuery) -> Result<StoryFilter, ReadError> {
    let date = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(read::since_time)
            .transpose()
    };
    Ok(StoryFilter {
        since: date(&q.since)?,
        // A day given as `until` includes that whole day.
        until: date(&q.until)?.map(|t| {
            let day_only = q.until.as_deref().is_some_and(|u| u.trim().len() == 10);
            if day_only {
                t + 86_399
            } else {
                t
            }
        }),
        outlet: q.outlet.clone().filter(|o| !o.trim().is_empty()),
        min_sources: q.min_sources,
        lang: q.lang.clone().filter(|l| !l.trim().is_empty()),
    })
}

/// Where a list of stories resumes: after a story (`recent`) or after a count of
/// stories (`sources`, which ranks the whole filtered list).
enum StoryCursor {
    After(StoryId),
    Skip(usize),
}

fn story_cursor(c: &str, sort: &str) -> Result<StoryCursor, Problem> {
    let bad = || Problem::bad_request(format!("{c:?} is not a cursor this list gave"));
    match (sort, c.split_once('.')) {
        ("recent", Some(("r", id)))
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            Ok(StoryCursor::After(StoryId::from_raw(id.to_string())))
        }
        ("sources", Some(("s", n))) => n.parse().map(StoryCursor::Skip).map_err(|_| bad()),
        _ => Err(bad()),
    }
}

/// One page of stories and its next cursor, for the API and the stories page.
pub async fn story_page(
    state: &AppState,
    q: StoriesQuery,
) -> Result<(Vec<StorySummary>, Option<String>), Problem> {
    let sort = q.sort.clone().unwrap_or_else(|| "recent".into());
    if sort != "recent" && sort != "sources" {
        return Err(Problem::bad_request(format!(
            "`sort` is `recent` or `sources`, not {sort:?}"
        )));
    }
    let n = limit(q.limit)?;
    let cursor = q
        .cursor
        .as_deref()
        .map(|c| story_cursor(c, &sort))
        .transpose()?;
    let filter = story_filter(&q)?;
    state
        .read(move |store| {
            if sort == "sources" {
                let skip = match cursor {
                    Some(StoryCursor::Skip(k)) => k,
                    _ => 0,
                };
                let (mut all, _) = read::stories_page(store, &filter, None, usize::MAX)?;
                all.sort_by(|a, b| {
                    b.independent_sources
                        .cmp(&a.independent_sources)
                        .then(b.article_count.cmp(&a.article_count))
                        .then(a.id.cmp(&b.id))
                });
                let total = all.len();
                let items: Vec<StorySummary> = all.into_iter().skip(skip).take(n).collect();
                let next = (skip + n < total).then(|| format!("s.{}", skip + n));
                return Ok((items, next));
            }
            let after = match cursor {
                Some(StoryCursor::After(id)) => {
                    if store.story_row(&id)?.is_none() {
                        return Err(ReadError::Store(crosscheck_store::StoreError::NoStory {
                            id: id.to_string(),
                        }));
                    }
                    Some(id)
                }
                _ => None,
            };
            let (items, next) = read::stories_page(store, &filter, after, n)?;
            Ok((items, next.map(|id| format!("r.{id}"))))
        })
        .await
        .map_err(|p| {
            if p.status == 404 {
                Problem::bad_request("the cursor names a story that is gone".into())
            } else {
                p
            }
        })
}

pub async fn stories(
    State(state): State<AppState>,
    Query(q): Query<StoriesQuery>,
) -> Result<Response, Problem> {
    let (items, next) = story_page(&state, q).await?;
    Ok(page("stories", items, next, "/api/v1/stories"))
}

#[derive(Debug, Default, Deserialize)]
pub struct StoryQueryParams {
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

/// A story with its families, timeline and facts.
#[derive(Debug, Serialize)]
pub struct StoryJson {
    #[serde(flatten)]
    pub view: read::StoryView,
    pub timeline: Option<crosscheck_reconcile::Timeline>,
}

pub async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<StoryQueryParams>,
) -> Result<Response, Problem> {
    let page = Page {
        offset: q.offset.unwrap_or(0),
        limit: q.limit.map(|l| l.min(5_000)),
    };
    let view = state.story(id, page).await?;
    let timeline = view.reconciliation.as_ref().map(|r| r.timeline.clone());
    Ok(Json(StoryJson { view, timeline }).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct ArticlesQuery {
    pub q: Option<String>,
    pub outlet: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

fn seq_cursor(c: &str) -> Result<i64, Problem> {
    c.strip_prefix("a.")
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n >= 0)
        .ok_or_else(|| Problem::bad_request(format!("{c:?} is not a cursor this list gave")))
}

pub async fn articles(
    State(state): State<AppState>,
    Query(q): Query<ArticlesQuery>,
) -> Result<Response, Problem> {
    let n = limit(q.limit)?;
    if let Some(text) = q.q.clone().filter(|t| !t.trim().is_empty()) {
        if q.cursor.is_some() {
            return Err(Problem::bad_request(
                "a search gives its best matches in one page: no cursor".into(),
            ));
        }
        let hits = state.read(move |s| Ok(s.search(&text, n)?)).await?;
        return Ok(page("articles", hits, None, "/api/v1/articles"));
    }
    let after = q.cursor.as_deref().map(seq_cursor).transpose()?;
    let outlet = q.outlet.clone();
    let rows = state
        .read(move |s| {
            Ok(s.list(&ListQuery {
                outlet,
                limit: Some(n + 1),
                after_seq: after,
            })?)
        })
        .await?;
    let mut rows = rows;
    let next = (rows.len() > n).then(|| format!("a.{}", rows[n - 1].seq));
    rows.truncate(n);
    Ok(page("articles", rows, next, "/api/v1/articles"))
}

pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let value = state
        .read(move |s| {
            let stored = s.get(&id)?;
            let relations = s.relations_of(&stored.article.id)?;
            let annotations = s.annotations_of(&stored.article.id)?;
            let story = s.story_of(&stored.article.id)?;
            let mut v = serde_json::to_value(read::ArticleJson::of(
                &stored,
                &relations,
                annotations.as_deref(),
            ))
            .unwrap_or_default();
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "story".into(),
                    serde_json::json!(story.map(|s| s.to_string())),
                );
            }
            Ok(v)
        })
        .await?;
    Ok(Json(value).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CompareQuery {
    pub a: Option<String>,
    pub b: Option<String>,
}

/// Both articles of a comparison, read from the store.
pub async fn compared(state: &AppState, q: CompareQuery) -> Result<read::CompareView, Problem> {
    let (Some(a), Some(b)) = (q.a.filter(|s| !s.is_empty()), q.b.filter(|s| !s.is_empty())) else {
        return Err(Problem::bad_request(
            "compare needs two article ids: ?a=ID&b=ID".into(),
        ));
    };
    state
        .read(move |s| {
            let a = s.get(&a)?.article;
            let b = s.get(&b)?.article;
            Ok(read::compare(&a, &b))
        })
        .await
}

pub async fn compare(
    State(state): State<AppState>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, Problem> {
    Ok(Json(compared(&state, q).await?).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CopiesQuery {
    pub kind: Option<String>,
    pub limit: Option<usize>,
    pub cursor: Option<String>,
}

pub async fn copies(
    State(state): State<AppState>,
    Query(q): Query<CopiesQuery>,
) -> Result<Response, Problem> {
    let n = limit(q.limit)?;
    let skip = match q.cursor.as_deref() {
        None => 0,
        Some(c) => c
            .strip_prefix("c.")
            .and_then(|k| k.parse::<usize>().ok())
            .ok_or_else(|| Problem::bad_request(format!("{c:?} is not a cursor this list gave")))?,
    };
    let kind = q.kind.clone();
    let (items, more) = state
        .read(move |s| {
            let mut seen = 0usize;
            let mut out: Vec<Relation> = Vec::new();
            let mut more = false;
            s.for_each_relation(&mut |r| {
                if kind.as_deref().is_some_and(|k| k != r.kind.as_str()) {
                    return Ok(());
                }
                seen += 1;
                if seen > skip + n {
                    more = true;
                } else if seen > skip {
                    out.push(r);
                }
                Ok(())
            })?;
            Ok((out, more))
        })
        .await?;
    let next = more.then(|| format!("c.{}", skip + n));
    Ok(page("copies", items, next, "/api/v1/copies"))
}

pub async fn outlets(State(state): State<AppState>) -> Result<Response, Problem> {
    let v = state.read(read::outlet_views).await?;
    Ok(Json(serde_json::json!({ "outlets": v })).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct CountsQuery {
    /// `day` (default) or `hour`.
    pub bucket: Option<String>,
    pub outlet: Option<String>,
}

pub async fn counts(
    State(state): State<AppState>,
    Query(q): Query<CountsQuery>,
) -> Result<Response, Problem> {
    let secs = match q.bucket.as_deref().unwrap_or("day") {
        "day" => 86_400,
        "hour" => 3_600,
        other => {
            return Err(Problem::bad_request(format!(
                "`bucket` is `day` or `hour`, not {other:?}"
            )))
        }
    };
    let outlet = q.outlet.clone();
    let v = state
        .read(move |s| read::counts(s, secs, outlet.as_deref()))
        .await?;
    Ok(Json(serde_json::json!({ "bucket_seconds": secs, "counts": v })).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    /// `ndjson` (default: the lossless export, one article per line) or `csv`.
    pub format: Option<String>,
    pub outlet: Option<String>,
}

/// Why an export stopped early: its client went away.
const GONE: &str = "the client went away";

/// Every matching article, streamed: no cap, memory flat in the store's size.
pub async fn export(
    State(state): State<AppState>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, Problem> {
    let csv = match q.format.as_deref().unwrap_or("ndjson") {
        "ndjson" => false,
        "csv" => true,
        other => {
            return Err(Problem::bad_request(format!(
                "`format` is `ndjson` or `csv`, not {other:?}"
            )))
        }
    };
    // Open the store before answering, so a broken store is an error, not an empty body.
    let db = state.config().settings.db.clone();
    let store = tokio::task::spawn_blocking(move || crosscheck_store::SqliteStore::open_read(&db))
        .await
        .map_err(|e| Problem::internal(e.to_string()))?
        .map_err(ReadError::from)?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(64);
    let outlet = q.outlet.map(|o| o.to_lowercase());
    tokio::task::spawn_blocking(move || {
        let keep = |o: &Option<String>| {
            outlet
                .as_ref()
                .is_none_or(|want| o.as_ref().is_some_and(|o| o.to_lowercase() == *want))
        };
        if csv {
            let mut head = csv::Writer::from_writer(Vec::new());
            let _ = head.write_record([
                "id",
                "seq",
                "outlet",
                "published",
                "title",
                "url",
                "version",
                "source",
            ]);
            if tx
                .blocking_send(Ok(Bytes::from(head.into_inner().unwrap_or_default())))
                .is_err()
            {
                return;
            }
            let mut after = 0;
            loop {
                let rows = match store.list(&ListQuery {
                    outlet: None,
                    limit: Some(1000),
                    after_seq: Some(after),
                }) {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
                        return;
                    }
                };
                let Some(last) = rows.last() else { return };
                after = last.seq;
                let mut w = csv::Writer::from_writer(Vec::new());
                for r in rows.iter().filter(|r| keep(&r.outlet)) {
                    let _ = w.write_record([
                        r.id.as_str(),
                        &r.seq.to_string(),
                        r.outlet.as_deref().unwrap_or(""),
                        r.published.as_deref().unwrap_or(""),
                        r.title.as_deref().unwrap_or(""),
                        r.url.as_deref().unwrap_or(""),
                        &r.version.to_string(),
                        &r.source,
                    ]);
                }
                if tx
                    .blocking_send(Ok(Bytes::from(w.into_inner().unwrap_or_default())))
                    .is_err()
                {
                    return;
                }
            }
        }
        let sent = store.for_each(&mut |a| {
            if !keep(&a.article.outlet) {
                return Ok(());
            }
            let mut line =
                serde_json::to_vec(&crosscheck_engine::export::export_line(&a)).unwrap_or_default();
            line.push(b'\n');
            // A client that went away ends the export.
            tx.blocking_send(Ok(Bytes::from(line)))
                .map_err(|_| crosscheck_store::StoreError::Callback(GONE.into()))
        });
        if let Err(e) = sent {
            if !matches!(&e, crosscheck_store::StoreError::Callback(m) if m == GONE) {
                let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let mut headers = HeaderMap::new();
    let (ctype, name) = if csv {
        ("text/csv; charset=utf-8", "crosscheck-export.csv")
    } else {
        ("application/x-ndjson", "crosscheck-export.jsonl")
    };
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok((headers, Body::from_stream(stream)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct ChangesQuery {
    pub after: Option<String>,
    pub limit: Option<usize>,
}

#[derive(Debug, Serialize)]
struct Change {
    seq: i64,
    id: String,
    outlet: Option<String>,
    title: Option<String>,
    published: Option<String>,
    version: u32,
    story: Option<String>,
}

/// What is new since a sequence number: articles in ingestion order with their story,
/// and the sequence number to ask after next time.
pub async fn changes(
    State(state): State<AppState>,
    Query(q): Query<ChangesQuery>,
) -> Result<Response, Problem> {
    let after = match q.after.as_deref() {
        None | Some("") => 0,
        Some(a) => a.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            Problem::bad_request(format!("`after` is a sequence number, not {a:?}"))
        })?,
    };
    let n = limit(q.limit)?;
    let (items, last) = state
        .read(move |s| {
            let rows = s.list(&ListQuery {
                outlet: None,
                limit: Some(n),
                after_seq: Some(after),
            })?;
            let mut out = Vec::with_capacity(rows.len());
            for r in rows {
                let story = s.story_of(&r.id)?.map(|x| x.to_string());
                out.push(Change {
                    seq: r.seq,
                    id: r.id.to_string(),
                    outlet: r.outlet,
                    title: r.title,
                    published: r.published,
                    version: r.version,
                    story,
                });
            }
            let last = out.last().map_or(after, |c| c.seq);
            Ok((out, last))
        })
        .await?;
    Ok(Json(serde_json::json!({ "changes": items, "last_seq": last })).into_response())
}

/// The format of an ingest body, from its content type (or `?format=`).
fn ingest_ext(headers: &HeaderMap, format: Option<&str>) -> Result<&'static str, Problem> {
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let key = format.map(str::to_ascii_lowercase).unwrap_or(ctype);
    Ok(match key.as_str() {
        "jsonl"
        | "ndjson"
        | "application/x-ndjson"
        | "application/jsonl"
        | "application/json-lines"
        | "application/json" => "jsonl",
        "html" | "text/html" | "application/xhtml+xml" => "html",
        "warc" | "application/warc" => "warc",
        "feed"
        | "xml"
        | "application/rss+xml"
        | "application/atom+xml"
        | "application/xml"
        | "text/xml" => "xml",
        "text" | "txt" | "text/plain" => "txt",
        other => {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                format!(
                    "cannot ingest {other:?}: send JSON lines (application/x-ndjson), HTML \
                     (text/html), WARC (application/warc), a feed (application/rss+xml, \
                     application/atom+xml) or text (text/plain)"
                ),
            ))
        }
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct IngestQuery {
    pub format: Option<String>,
}

/// Constant-time comparison of the token given with the one expected.
fn same_token(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

pub async fn ingest(
    State(state): State<AppState>,
    Query(q): Query<IngestQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let config = state.config();
    if config.read_only {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "read-only",
            "this server is read-only (`serve --read-only`)".into(),
        ));
    }
    let Some(expected) = config.token.as_deref() else {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "ingest-off",
            "ingest over HTTP is off: start the server with --token-file".into(),
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        None => {
            return Err(Problem::unauthorized(
                "ingest needs `Authorization: Bearer TOKEN`".into(),
            ))
        }
        Some(t) if !same_token(t.trim(), expected) => {
            return Err(Problem::unauthorized("the bearer token is wrong".into()))
        }
        Some(_) => {}
    }
    let body = body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(
                status,
                "too-large",
                format!(
                    "the body is over the limit of {} bytes (after gzip is undone); send \
                     it in parts",
                    config.max_body_bytes
                ),
            )
        } else {
            Problem::new(status, "bad-body", e.body_text())
        }
    })?;
    if body.is_empty() {
        return Err(Problem::bad_request(
            "the body is empty: nothing to ingest".into(),
        ));
    }
    let ext = ingest_ext(&headers, q.format.as_deref())?;
    let job = state.0.jobs.submit(&body, ext).map_err(Problem::internal)?;
    let location = format!("/api/v1/jobs/{}", job.id);
    let mut res = (StatusCode::ACCEPTED, Json(&job)).into_response();
    if let Ok(v) = HeaderValue::from_str(&location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    Ok(res)
}

pub async fn job(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let n: u64 = id
        .parse()
        .map_err(|_| Problem::bad_request(format!("{id:?} is not a job id")))?;
    let job = state.0.jobs.get(n).ok_or_else(|| {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!("no job {n} (jobs are kept while the server runs)"),
        )
    })?;
    Ok(Json(job).into_response())
}
