//! Serve: the HTTP JSON API (`/api/v1`) and the web UI over one crosscheck store.
//!
//! Async only at the edge: every handler hands its work to a blocking thread that opens
//! the store read-only and calls the engine's reads (`crosscheck_engine::read`), the same
//! code the CLI calls. Writes (`POST /api/v1/ingest`) are jobs run one at a time on a
//! single worker thread through the engine's orchestrator, which takes the store's writer
//! lock for each job: a CLI `ingest` against the same store waits for a running job with
//! a clear message, and a job waits for a CLI ingest the same way. The server holds no
//! lock between jobs, so nothing is ever "database is locked" and nothing is lost.
//!
//! Every page is rendered on the server (maud); the stylesheet is embedded; charts are
//! SVG drawn here. No script is needed.

mod api;
mod jobs;
mod openapi;
mod pages;
mod problem;
mod svg;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use crosscheck_engine::read::ReadError;
use crosscheck_engine::settings::Settings;
use crosscheck_store::SqliteStore;

pub use problem::Problem;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The engine's settings; `settings.db` is the store served.
    pub settings: Settings,
    /// Refuse every write (`POST /api/v1/ingest` answers 403).
    pub read_only: bool,
    /// The bearer token `POST /api/v1/ingest` requires. Without one, ingest over HTTP is
    /// off: a server never accepts anonymous writes.
    pub token: Option<String>,
    /// Largest request body, after gzip is undone (default 64 MiB).
    pub max_body_bytes: usize,
    /// Longest time a request may take before it is answered 408 (default 30 s).
    pub timeout: Duration,
}

impl Config {
    pub fn new(settings: Settings) -> Self {
        Self {
            settings,
            read_only: false,
            token: None,
            max_body_bytes: 64 << 20,
            timeout: Duration::from_secs(30),
        }
    }
}

/// Read handles kept open between requests.
const READERS_KEPT: usize = 16;

struct Inner {
    config: Config,
    /// Open read-only handles, reused.
    readers: std::sync::Mutex<Vec<SqliteStore>>,
    jobs: jobs::Jobs,
    /// Reconciled stories, so readers of one story share its reconciliation until an
    /// article or a copy changes it.
    facts: crosscheck_engine::read::FactsCache,
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    fn config(&self) -> &Config {
        &self.0.config
    }

    /// A read-only store handle: a pooled one (which keeps its page cache and prepared
    /// statements warm), else a new one.
    fn take_reader(&self) -> Result<SqliteStore, ReadError> {
        let pooled = self.0.readers.lock().ok().and_then(|mut p| p.pop());
        match pooled {
            Some(s) => Ok(s),
            None => Ok(SqliteStore::open_read(&self.config().settings.db)?),
        }
    }

    fn give_back(&self, store: SqliteStore) {
        if let Ok(mut p) = self.0.readers.lock() {
            if p.len() < READERS_KEPT {
                p.push(store);
            }
        }
    }

    /// One story through the shared reconciliation cache.
    async fn story(
        &self,
        id: String,
        page: crosscheck_engine::read::Page,
    ) -> Result<crosscheck_engine::read::StoryView, Problem> {
        let state = self.clone();
        self.read(move |s| {
            crosscheck_engine::read::story_cached(s, &id, page, Some(&state.0.facts))
        })
        .await
    }

    /// Runs a read of the store on a blocking thread.
    async fn read<T, F>(&self, f: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, ReadError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let store = state.take_reader()?;
            let out = f(&store);
            state.give_back(store);
            out
        })
        .await
        .map_err(|e| Problem::internal(format!("a read failed: {e}")))?
        .map_err(Problem::from)
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] crosscheck_store::StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// The whole application: API, pages and the stylesheet, with body limits, timeouts,
/// gzip both ways and ETags.
pub fn router(config: Config) -> Router {
    use tower_http::compression::CompressionLayer;
    use tower_http::decompression::RequestDecompressionLayer;
    use tower_http::timeout::TimeoutLayer;
    let max_body = config.max_body_bytes;
    let timeout = config.timeout;
    let state = AppState(Arc::new(Inner {
        jobs: jobs::Jobs::start(config.settings.clone()),
        readers: std::sync::Mutex::new(Vec::new()),
        facts: crosscheck_engine::read::FactsCache::new(256, Duration::from_secs(600)),
        config,
    }));
    Router::new()
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/v1/health", get(api::health))
        .route("/api/v1/version", get(api::version))
        .route("/api/v1/stories", get(api::stories))
        .route("/api/v1/stories/{id}", get(api::story))
        .route("/api/v1/articles", get(api::articles))
        .route("/api/v1/articles/{id}", get(api::article))
        .route("/api/v1/compare", get(api::compare))
        .route("/api/v1/copies", get(api::copies))
        .route("/api/v1/outlets", get(api::outlets))
        .route("/api/v1/counts", get(api::counts))
        .route("/api/v1/export", get(api::export))
        .route("/api/v1/changes", get(api::changes))
        .route("/api/v1/ingest", post(api::ingest))
        .route("/api/v1/jobs/{id}", get(api::job))
        .route("/", get(pages::stories))
        .route("/stories/{id}", get(pages::story))
        .route("/articles/{id}", get(pages::article))
        .route("/compare", get(pages::compare))
        .route("/outlets", get(pages::outlets))
        .route("/outlets/{name}", get(pages::outlet))
        .route("/search", get(pages::search))
        .route("/static/style.css", get(pages::stylesheet))
        .fallback(fallback)
        .layer(middleware::from_fn(etag))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestDecompressionLayer::new())
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .with_state(state)
}

/// Serves until Ctrl-C. Creates (and migrates) the store first unless read-only, so
/// reads of a new store find its tables.
pub async fn serve(config: Config, addr: &str) -> Result<(), ServeError> {
    let listener = bind(&config, addr).await?;
    serve_on(config, listener).await
}

/// Readies the store (created and migrated unless read-only; a read-only server needs a
/// current one) and binds the address: every error a user can fix, before serving.
pub async fn bind(config: &Config, addr: &str) -> Result<tokio::net::TcpListener, ServeError> {
    if config.read_only {
        drop(SqliteStore::open_read(&config.settings.db)?);
    } else {
        drop(SqliteStore::open(&config.settings.db)?);
    }
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: addr.to_string(),
            source,
        })
}

/// Serves on a bound listener until Ctrl-C (`serve` binds it; benchmarks bind port 0).
pub async fn serve_on(config: Config, listener: tokio::net::TcpListener) -> Result<(), ServeError> {
    axum::serve(listener, router(config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

async fn fallback(method: Method, uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not-found",
            format!(
                "no endpoint {method} {} (see /api/openapi.json)",
                uri.path()
            ),
        )
        .into_response()
    } else {
        pages::not_found(&format!("There is no page at {}.", uri.path()))
    }
}

/// ETags on reads: a successful GET whose body is known (not a stream) gets a strong
/// ETag of its bytes, and `If-None-Match` with it answers 304 without the body.
async fn etag(req: Request, next: Next) -> Response {
    let is_get = req.method() == Method::GET;
    let streamed = req.uri().path() == "/api/v1/export";
    let wanted: Option<HeaderValue> = req.headers().get(header::IF_NONE_MATCH).cloned();
    let res = next.run(req).await;
    if !is_get || streamed || res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Problem::internal("the response could not be read".into()).into_response();
    };
    let tag = format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(&bytes));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    if wanted.is_some_and(|w| matches_etag(&w, &tag)) {
        let mut headers = HeaderMap::new();
        if let Some(v) = parts.headers.get(header::ETAG) {
            headers.insert(header::ETAG, v.clone());
        }
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn matches_etag(wanted: &HeaderValue, tag: &str) -> bool {
    wanted.to_str().is_ok_and(|w| {
        w.trim() == "*"
            || w.split(',')
                .any(|t| t.trim().trim_start_matches("W/") == tag)
    })
}

#[cfg(test)]
mod tests;
