//! The API and pages in process, over a store of the bundled example corpus: every
//! endpoint, every error path.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use crosscheck_engine::pipeline::{self, NoProgress};
use crosscheck_engine::settings::Settings;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::{router, Config};

const TOKEN: &str = "test-token-0123456789";

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// A fresh store of the example corpus in its own folder.
fn corpus_store() -> (tempfile::TempDir, Settings) {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = Settings::new(dir.path().join("t.db"));
    pipeline::ingest(&settings, &[examples()], &NoProgress).expect("ingest examples");
    (dir, settings)
}

/// One shared read-only store for the tests that only read.
fn shared() -> &'static Settings {
    static STORE: OnceLock<(tempfile::TempDir, Settings)> = OnceLock::new();
    &STORE.get_or_init(corpus_store).1
}

fn app(settings: &Settings, token: Option<&str>) -> Router {
    let mut c = Config::new(settings.clone());
    c.token = token.map(str::to_string);
    c.max_body_bytes = 64 * 1024;
    router(c)
}

struct Got {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn ctype(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send(app: &Router, req: Request<Body>) -> Got {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let body = res
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Got {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Got {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

fn assert_problem(g: &Got, status: StatusCode) -> Value {
    assert_eq!(g.status, status, "{}", g.text());
    assert_eq!(g.ctype(), "application/problem+json");
    let p = g.json();
    assert_eq!(p["status"], status.as_u16());
    assert!(p["type"]
        .as_str()
        .is_some_and(|t| t.starts_with("urn:crosscheck:problem:")));
    assert!(!p["detail"].as_str().unwrap_or("").is_empty());
    p
}

async fn first_story(app: &Router) -> Value {
    get(app, "/api/v1/stories?limit=1").await.json()["stories"][0].clone()
}

#[tokio::test]
async fn health_version_and_the_openapi_document_cover_every_route() {
    let app = app(shared(), None);
    let h = get(&app, "/api/v1/health").await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.json()["articles"], 15);
    assert_eq!(h.json()["ingest"], false);
    assert_eq!(get(&app, "/api/v1/version").await.json()["api"], "v1");
    let doc = get(&app, "/api/openapi.json").await.json();
    let paths = doc["paths"].as_object().expect("paths");
    assert_eq!(paths.len(), crate::openapi::PATHS.len());
    let story = first_story(&app).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    for p in crate::openapi::PATHS {
        assert!(paths.contains_key(*p), "{p} is not in the document");
        // Every documented path is routed: nothing answers with the fallback's 404.
        let uri = p.replace("{id}", if p.contains("jobs") { "1" } else { &story });
        let g = get(&app, &uri).await;
        let fallback = g.status == StatusCode::NOT_FOUND
            && g.json()["detail"]
                .as_str()
                .is_some_and(|d| d.starts_with("no endpoint"));
        assert!(!fallback, "{p} is not routed");
    }
    let unknown = get(&app, "/api/v1/nothing").await;
    assert_problem(&unknown, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stories_page_with_cursors_filters_and_sort() {
    let app = app(shared(), None);
    let all = get(&app, "/api/v1/stories?limit=500").await.json();
    let all: Vec<Value> = all["stories"].as_array().expect("stories").clone();
    assert!(all.len() >= 4, "{all:?}");
    // Page by one: the same stories in the same order, then no next.
    let mut seen = Vec::new();
    let mut uri = "/api/v1/stories?limit=1".to_string();
    loop {
        let g = get(&app, &uri).await;
        assert_eq!(g.status, StatusCode::OK);
        let v = g.json();
        seen.extend(
            v["stories"]
                .as_array()
                .expect("page")
                .iter()
                .map(|s| s["id"].clone()),
        );
        match v["next"].as_str() {
            Some(next) => {
                let link = g.headers.get(header::LINK).expect("Link header");
                assert!(link.to_str().expect("ascii").contains("rel=\"next\""));
                uri = format!("/api/v1/stories?limit=1&cursor={next}");
            }
            None => break,
        }
    }
    let ids: Vec<Value> = all.iter().map(|s| s["id"].clone()).collect();
    assert_eq!(seen, ids);
    // Most independent sources first.
    let by_sources = get(&app, "/api/v1/stories?sort=sources&limit=2")
        .await
        .json();
    let n: Vec<u64> = by_sources["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .map(|s| s["independent_sources"].as_u64().expect("n"))
        .collect();
    let most = all
        .iter()
        .map(|s| s["independent_sources"].as_u64().expect("n"))
        .max();
    assert_eq!(n.first().copied(), most);
    let next = by_sources["next"].as_str().expect("next").to_string();
    let rest = get(
        &app,
        &format!("/api/v1/stories?sort=sources&limit=500&cursor={next}"),
    )
    .await;
    assert_eq!(
        rest.json()["stories"].as_array().expect("rest").len() + 2,
        all.len()
    );
    // Filters.
    let three = get(&app, "/api/v1/stories?min_sources=3").await.json();
    assert!(three["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .all(|s| s["independent_sources"].as_u64() >= Some(3)));
    let wire = get(&app, "/api/v1/stories?outlet=coastline%20wire")
        .await
        .json();
    let wire = wire["stories"].as_array().expect("stories");
    assert!(!wire.is_empty());
    assert!(wire.iter().all(|s| s["outlets"]
        .as_array()
        .expect("outlets")
        .iter()
        .any(|o| o == "Coastline Wire")));
    let english = get(&app, "/api/v1/stories?lang=en&limit=500").await.json();
    assert_eq!(
        english["stories"].as_array().expect("stories").len(),
        all.len()
    );
    let german = get(&app, "/api/v1/stories?lang=de").await.json();
    assert!(german["stories"].as_array().expect("stories").is_empty());
    let none = get(&app, "/api/v1/stories?since=2099-01-01").await.json();
    assert!(none["stories"].as_array().expect("stories").is_empty());
    // Bad requests.
    for bad in [
        "/api/v1/stories?cursor=zz",
        "/api/v1/stories?cursor=r.0123abcd",
        "/api/v1/stories?sort=sources&cursor=r.00",
        "/api/v1/stories?sort=loudest",
        "/api/v1/stories?since=last%20spring",
        "/api/v1/stories?limit=0",
        "/api/v1/stories?min_sources=many",
    ] {
        let g = get(&app, bad).await;
        assert_eq!(g.status, StatusCode::BAD_REQUEST, "{bad}: {}", g.text());
    }
}

#[tokio::test]
async fn a_story_has_families_facts_and_a_timeline_and_unknown_ids_are_404() {
    let app = app(shared(), None);
    let all = get(&app, "/api/v1/stories?limit=500").await.json();
    let ferry = all["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .find(|s| s["title"].as_str().is_some_and(|t| t.starts_with("Ferry")))
        .expect("the ferry story")
        .clone();
    let id = ferry["id"].as_str().expect("id");
    let g = get(&app, &format!("/api/v1/stories/{}", &id[..8])).await;
    assert_eq!(g.status, StatusCode::OK);
    let s = g.json();
    assert_eq!(s["id"], id);
    assert_eq!(s["independent_sources"], 2);
    let copies = s["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .filter(|a| !a["copy_of"].is_null())
        .count();
    assert_eq!(copies, 2, "two articles repeat another");
    assert!(!s["facts"].as_array().expect("facts").is_empty());
    assert!(s["timeline"]["coverage"].as_array().is_some());
    assert_problem(
        &get(&app, "/api/v1/stories/ffffffffffff").await,
        StatusCode::NOT_FOUND,
    );
    assert_problem(
        &get(&app, "/api/v1/stories/zz").await,
        StatusCode::BAD_REQUEST,
    );
}

#[tokio::test]
async fn articles_page_search_and_one_article() {
    let app = app(shared(), None);
    let mut ids = Vec::new();
    let mut uri = "/api/v1/articles?limit=4".to_string();
    loop {
        let v = get(&app, &uri).await.json();
        ids.extend(
            v["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .map(|a| a["id"].clone()),
        );
        match v["next"].as_str() {
            Some(n) => uri = format!("/api/v1/articles?limit=4&cursor={n}"),
            None => break,
        }
    }
    assert_eq!(ids.len(), 15);
    let mut unique = ids.clone();
    unique.sort_by_key(Value::to_string);
    unique.dedup();
    assert_eq!(unique.len(), 15);
    assert_problem(
        &get(&app, "/api/v1/articles?cursor=a.x").await,
        StatusCode::BAD_REQUEST,
    );
    assert_problem(
        &get(&app, "/api/v1/articles?cursor=12").await,
        StatusCode::BAD_REQUEST,
    );
    let hits = get(&app, "/api/v1/articles?q=ferry").await.json();
    assert!(!hits["articles"].as_array().expect("hits").is_empty());
    let id = ids[0].as_str().expect("id");
    let a = get(&app, &format!("/api/v1/articles/{id}")).await.json();
    assert_eq!(a["id"], id);
    assert!(a["entities"].as_array().is_some_and(|e| !e.is_empty()));
    assert!(a["story"].is_string());
    assert_problem(
        &get(&app, "/api/v1/articles/ffffffffffff").await,
        StatusCode::NOT_FOUND,
    );
}

#[tokio::test]
async fn compare_copies_outlets_counts_and_changes() {
    let app = app(shared(), None);
    let copies = get(&app, "/api/v1/copies?limit=1").await.json();
    let first = copies["copies"][0].clone();
    assert!(first["kind"].is_string());
    let next = copies["next"].as_str().expect("more than one relation");
    let second = get(&app, &format!("/api/v1/copies?limit=1&cursor={next}"))
        .await
        .json();
    assert_ne!(second["copies"][0], first);
    assert_problem(
        &get(&app, "/api/v1/copies?cursor=9").await,
        StatusCode::BAD_REQUEST,
    );
    let (a, b) = (
        first["a"].as_str().expect("a"),
        first["b"].as_str().expect("b"),
    );
    let c = get(&app, &format!("/api/v1/compare?a={a}&b={b}"))
        .await
        .json();
    assert!(!c["aligned"].as_array().expect("aligned").is_empty());
    assert!(c["aligned"][0]["diff"].as_array().is_some());
    assert_problem(
        &get(&app, "/api/v1/compare?a=abcd").await,
        StatusCode::BAD_REQUEST,
    );
    assert_problem(
        &get(&app, &format!("/api/v1/compare?a={a}&b=ffffffffffff")).await,
        StatusCode::NOT_FOUND,
    );
    let outlets = get(&app, "/api/v1/outlets").await.json();
    let outlets = outlets["outlets"].as_array().expect("outlets");
    let total: u64 = outlets
        .iter()
        .map(|o| o["articles"].as_u64().expect("n"))
        .sum();
    assert_eq!(total, 15);
    assert!(outlets.iter().any(|o| o["copies"].as_u64() > Some(0)));
    let counts = get(&app, "/api/v1/counts?bucket=day").await.json();
    assert!(!counts["counts"].as_array().expect("counts").is_empty());
    assert_problem(
        &get(&app, "/api/v1/counts?bucket=week").await,
        StatusCode::BAD_REQUEST,
    );
    let ch = get(&app, "/api/v1/changes?after=0&limit=500").await.json();
    assert_eq!(ch["changes"].as_array().expect("changes").len(), 15);
    let last = ch["last_seq"].as_i64().expect("last");
    let none = get(&app, &format!("/api/v1/changes?after={last}"))
        .await
        .json();
    assert!(none["changes"].as_array().expect("changes").is_empty());
    assert_eq!(none["last_seq"], last);
    assert_problem(
        &get(&app, "/api/v1/changes?after=yesterday").await,
        StatusCode::BAD_REQUEST,
    );
}

#[tokio::test]
async fn export_streams_every_article_as_json_lines_or_csv() {
    let app = app(shared(), None);
    let nd = get(&app, "/api/v1/export").await;
    assert_eq!(nd.status, StatusCode::OK);
    assert_eq!(nd.ctype(), "application/x-ndjson");
    let lines: Vec<Value> = nd
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 15);
    let csv = get(&app, "/api/v1/export?format=csv&outlet=Coastline%20Wire").await;
    let text = csv.text();
    assert!(text.starts_with("id,seq,outlet,published"), "{text}");
    assert_eq!(text.lines().count(), 1 + 3, "{text}");
    assert_problem(
        &get(&app, "/api/v1/export?format=xml").await,
        StatusCode::BAD_REQUEST,
    );
}

#[tokio::test]
async fn reads_carry_etags_and_a_matching_if_none_match_is_304() {
    let app = app(shared(), None);
    let g = get(&app, "/api/v1/stories").await;
    let tag = g.headers.get(header::ETAG).expect("etag").clone();
    let again = send(
        &app,
        Request::get("/api/v1/stories")
            .header(header::IF_NONE_MATCH, tag.clone())
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let other = send(
        &app,
        Request::get("/api/v1/stories")
            .header(header::IF_NONE_MATCH, "\"0000\"")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(other.status, StatusCode::OK);
}

fn post(uri: &str, token: Option<&str>, ctype: &str, body: Vec<u8>) -> Request<Body> {
    let mut r = Request::post(uri).header(header::CONTENT_TYPE, ctype);
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::from(body)).expect("request")
}

async fn wait_for_job(app: &Router, id: u64) -> Value {
    for _ in 0..600 {
        let j = get(app, &format!("/api/v1/jobs/{id}")).await.json();
        if j["status"] == "done" || j["status"] == "failed" {
            return j;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {id} did not finish");
}

#[tokio::test]
async fn ingest_needs_a_token_limits_its_body_and_reports_each_bad_line() {
    let (_dir, settings) = corpus_store();
    let off = app(&settings, None);
    let line = b"{\"title\":\"t\",\"text\":\"Some words here.\"}\n".to_vec();
    let g = send(
        &off,
        post(
            "/api/v1/ingest",
            Some(TOKEN),
            "application/x-ndjson",
            line.clone(),
        ),
    )
    .await;
    assert_problem(&g, StatusCode::FORBIDDEN);

    let app = app(&settings, Some(TOKEN));
    let g = send(
        &app,
        post("/api/v1/ingest", None, "application/x-ndjson", line.clone()),
    )
    .await;
    assert_problem(&g, StatusCode::UNAUTHORIZED);
    assert!(g.headers.get(header::WWW_AUTHENTICATE).is_some());
    let g = send(
        &app,
        post(
            "/api/v1/ingest",
            Some("wrong-token-0123456789"),
            "application/x-ndjson",
            line.clone(),
        ),
    )
    .await;
    assert_problem(&g, StatusCode::UNAUTHORIZED);
    let big = vec![b'x'; 70 * 1024];
    let g = send(&app, post("/api/v1/ingest", Some(TOKEN), "text/plain", big)).await;
    assert_problem(&g, StatusCode::PAYLOAD_TOO_LARGE);
    let g = send(
        &app,
        post("/api/v1/ingest", Some(TOKEN), "image/png", line.clone()),
    )
    .await;
    assert_problem(&g, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let g = send(
        &app,
        post(
            "/api/v1/ingest",
            Some(TOKEN),
            "application/x-ndjson",
            Vec::new(),
        ),
    )
    .await;
    assert_problem(&g, StatusCode::BAD_REQUEST);

    // Two good lines around a malformed one, gzipped: 202, then the job reports the bad
    // line by number and stores the two good ones.
    let body = "{\"outlet\":\"Test Wire\",\"title\":\"Lighthouse keeper retires\",\"published\":\"2026-06-03T09:00:00Z\",\"text\":\"The last keeper of the Orlen lighthouse retired on Tuesday after 31 years at the lamp.\"}\n\
                {\"outlet\": \"Test Wire\", \"title\": broken\n\
                {\"outlet\":\"Test Wire\",\"title\":\"Ferry timetable changes\",\"published\":\"2026-06-03T10:00:00Z\",\"text\":\"Winter ferry timetables start on Monday with two fewer crossings a day.\"}\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, body.as_bytes()).expect("gzip");
    let packed = gz.finish().expect("gzip");
    let req = Request::post("/api/v1/ingest")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .header(header::CONTENT_ENCODING, "gzip")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(packed))
        .expect("request");
    let g = send(&app, req).await;
    assert_eq!(g.status, StatusCode::ACCEPTED, "{}", g.text());
    assert!(g.headers.get(header::LOCATION).is_some());
    let job = wait_for_job(&app, g.json()["id"].as_u64().expect("id")).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["report"]["new"], 2, "{job}");
    let rejected = job["report"]["rejected"].as_array().expect("rejected");
    assert_eq!(rejected.len(), 1, "{job}");
    assert!(
        rejected[0]["source"]
            .as_str()
            .is_some_and(|s| s.ends_with(":2")),
        "{job}"
    );
    assert_eq!(get(&app, "/api/v1/health").await.json()["articles"], 17);
    assert_problem(&get(&app, "/api/v1/jobs/999").await, StatusCode::NOT_FOUND);
    assert_problem(&get(&app, "/api/v1/jobs/x").await, StatusCode::BAD_REQUEST);

    let mut ro = Config::new(settings.clone());
    ro.read_only = true;
    ro.token = Some(TOKEN.into());
    let g = send(
        &router(ro),
        post("/api/v1/ingest", Some(TOKEN), "application/x-ndjson", line),
    )
    .await;
    assert_problem(&g, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn pages_render_link_and_fail_as_pages() {
    let app = app(shared(), None);
    let home = get(&app, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.ctype().starts_with("text/html"));
    let story = first_story(&app).await;
    let id = story["id"].as_str().expect("id");
    let title = story["title"].as_str().expect("title");
    assert!(home.text().contains(&format!("/stories/{id}")));
    let page = get(&app, &format!("/stories/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains("independent source"),
        "{}",
        page.text()
    );
    assert!(page.text().contains("First reported by"));
    // A prefix goes to the story's own address.
    let short = get(&app, &format!("/stories/{}", &id[..8])).await;
    assert_eq!(short.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        short
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some(format!("/stories/{id}").as_str())
    );
    let art = story["articles"][0].as_str().expect("article");
    let a = get(&app, &format!("/articles/{art}")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.text().contains("class=\"sent\" id=\"s0\""));
    let s = get(&app, "/search?q=ferry").await;
    assert!(s.text().contains("<mark>"), "{}", s.text());
    assert_eq!(get(&app, "/outlets").await.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/outlets/Coastline%20Wire").await.status,
        StatusCode::OK
    );
    let missing = get(&app, "/stories/ffffffffffff").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.ctype().starts_with("text/html"));
    assert_eq!(
        get(&app, "/outlets/Nobody").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(get(&app, "/nowhere").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&app, "/compare?a=x").await.status,
        StatusCode::BAD_REQUEST
    );
    assert!(!title.is_empty());
    let css = get(&app, "/static/style.css").await;
    assert!(css.ctype().starts_with("text/css"));
}

#[tokio::test]
async fn markup_in_articles_is_shown_as_text_never_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let settings = Settings::new(dir.path().join("x.db"));
    let input = dir.path().join("hostile.jsonl");
    std::fs::write(
        &input,
        "{\"outlet\":\"<img src=x onerror=alert(1)>\",\"title\":\"<script>alert('t')</script> Harbour fire\",\
          \"published\":\"2026-06-03T09:00:00Z\",\
          \"text\":\"A fire broke out at the harbour on Monday <script>alert('b')</script> and was put out by noon, the fire service said.\"}\n",
    )
    .expect("write");
    pipeline::ingest(&settings, &[input], &NoProgress).expect("ingest");
    let app = app(&settings, None);
    let story = first_story(&app).await;
    let pages = [
        "/".to_string(),
        format!("/stories/{}", story["id"].as_str().expect("id")),
        format!(
            "/articles/{}",
            story["articles"][0].as_str().expect("article")
        ),
        "/outlets".to_string(),
        "/search?q=harbour".to_string(),
    ];
    for p in pages {
        let html = get(&app, &p).await.text();
        assert!(!html.contains("<script"), "{p}: {html}");
        assert!(!html.contains("<img src=x"), "{p}: {html}");
    }
}

#[tokio::test]
async fn a_merged_story_sends_its_readers_to_the_survivor() {
    use crosscheck_model::{StoryId, StoryWrite};
    use crosscheck_store::{SqliteStore, Store};
    let (_dir, settings) = corpus_store();
    let app = app(&settings, None);
    let list = get(&app, "/api/v1/stories?limit=500").await.json();
    let ids: Vec<String> = list["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect();
    let (gone, survivor) = (ids[0].clone(), ids[1].clone());
    let mut store = SqliteStore::open(&settings.db).expect("store");
    store
        .write_prepared(
            &[],
            &[],
            &StoryWrite {
                merged: vec![(
                    StoryId::from_raw(gone.clone()),
                    StoryId::from_raw(survivor.clone()),
                )],
                ..StoryWrite::default()
            },
        )
        .expect("merge");
    drop(store);
    let page = get(&app, &format!("/stories/{gone}")).await;
    assert_eq!(page.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        page.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok()),
        Some(format!("/stories/{survivor}").as_str())
    );
    let api = get(&app, &format!("/api/v1/stories/{gone}")).await.json();
    assert_eq!(api["id"], survivor);
}
