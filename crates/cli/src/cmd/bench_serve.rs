//! `crosscheck bench serve`: the server under load. A store of a generated story stream
//! (built once into DIR, reused), the server on a local port in this process, and
//! `clients` threads each sending requests one after another (a new connection per
//! request) for `seconds`, over a mix of what a newsroom's readers and an API poller do.
//! Prints requests/s and latency percentiles per kind of request.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crosscheck::corpus::stories::StoryStream;
use crosscheck_engine::pipeline::{self, NoProgress};
use crosscheck_engine::settings::Settings;
use crosscheck_store::{ListQuery, SqliteStore, Store, StoryQuery};

/// What a client asks, in turn: (kind, path).
fn requests(
    stories: &[String],
    articles: &[String],
    words: &[&str],
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for i in 0..stories.len().max(articles.len()) {
        let s = &stories[i % stories.len()];
        let a = &articles[i % articles.len()];
        let w = words[i % words.len()];
        out.push(("GET / (stories page)", "/".to_string()));
        out.push(("GET /stories/{id} (page)", format!("/stories/{s}")));
        out.push(("GET /articles/{id} (page)", format!("/articles/{a}")));
        out.push((
            "GET /api/v1/stories",
            "/api/v1/stories?limit=50".to_string(),
        ));
        out.push(("GET /api/v1/stories/{id}", format!("/api/v1/stories/{s}")));
        out.push(("GET /api/v1/articles/{id}", format!("/api/v1/articles/{a}")));
        out.push((
            "GET /api/v1/articles?q=",
            format!("/api/v1/articles?q={w}&limit=20"),
        ));
        out.push((
            "GET /api/v1/changes",
            "/api/v1/changes?after=0&limit=100".to_string(),
        ));
    }
    out
}

/// One request; its status code, or `None` when the connection failed.
fn fetch(addr: &str, path: &str) -> Option<u16> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(60))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let head = std::str::from_utf8(buf.get(..12)?).ok()?;
    head.get(9..12)?.parse().ok()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    (sorted[i] * 10.0).round() / 10.0
}

pub fn run(
    base: &Settings,
    n: usize,
    days: u32,
    clients: usize,
    seconds: u64,
    dir: &Path,
) -> anyhow::Result<serde_json::Value> {
    std::fs::create_dir_all(dir)?;
    let db = dir.join(format!("serve-{n}.db"));
    let mut settings = base.clone();
    settings.db = db.clone();
    let built = if db.exists() {
        eprintln!("reusing {} (delete it to rebuild)", db.display());
        None
    } else {
        let stream = StoryStream::new(n, days, 1);
        let corpus = dir.join(format!("serve-{n}-{days}d.jsonl"));
        super::bench_stories::write_stream(&stream, &corpus)?;
        eprintln!("ingesting {n} generated articles into {}", db.display());
        let start = Instant::now();
        let report = pipeline::ingest(&settings, &[corpus], &NoProgress)?;
        anyhow::ensure!(report.new as usize == n, "expected {n} new: {report:?}");
        Some(start.elapsed().as_secs_f64())
    };
    // Migrated as `serve` does, then read for the ids to ask for: the newest stories (what
    // readers open) and articles across the store.
    drop(SqliteStore::open(&db)?);
    let store = SqliteStore::open_read(&db)?;
    let stories: Vec<String> = store
        .stories(&StoryQuery {
            since: None,
            limit: Some(200),
            after: None,
        })?
        .into_iter()
        .map(|(row, _)| row.id.to_string())
        .collect();
    let all = store.list(&ListQuery::default())?;
    let step = (all.len() / 500).max(1);
    let articles: Vec<String> = all.iter().step_by(step).map(|r| r.id.to_string()).collect();
    let story_sizes: Vec<usize> = store
        .stories(&StoryQuery {
            since: None,
            limit: Some(200),
            after: None,
        })?
        .iter()
        .map(|(_, m)| m.len())
        .collect();
    drop(store);
    anyhow::ensure!(
        !stories.is_empty() && !articles.is_empty(),
        "an empty store"
    );
    let plan = Arc::new(requests(
        &stories,
        &articles,
        &["storm", "minister", "harbour", "strike", "election", "fire"],
    ));

    // The server, on its own runtime in this process.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?.to_string();
    let config = crosscheck_server::Config::new(settings.clone());
    runtime.spawn(async move {
        let _ = crosscheck_server::serve_on(config, listener).await;
    });

    let stop = Arc::new(AtomicBool::new(false));
    let times: Arc<Mutex<BTreeMap<&'static str, Vec<f64>>>> = Arc::default();
    let errors: Arc<Mutex<BTreeMap<String, usize>>> = Arc::default();
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|c| {
            let (plan, stop, times, errors, addr) = (
                plan.clone(),
                stop.clone(),
                times.clone(),
                errors.clone(),
                addr.clone(),
            );
            std::thread::spawn(move || {
                let mut i = c * 7;
                let mut mine: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
                while !stop.load(Ordering::Relaxed) {
                    let (kind, path) = &plan[i % plan.len()];
                    i += 1;
                    let t = Instant::now();
                    let status = fetch(&addr, path);
                    let ms = t.elapsed().as_secs_f64() * 1000.0;
                    if status == Some(200) {
                        mine.entry(kind).or_default().push(ms);
                    } else if let Ok(mut e) = errors.lock() {
                        *e.entry(format!("{kind}: {status:?}")).or_default() += 1;
                    }
                }
                if let Ok(mut all) = times.lock() {
                    for (k, v) in mine {
                        all.entry(k).or_default().extend(v);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        let _ = t.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    runtime.shutdown_timeout(Duration::from_secs(5));
    let times = times.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
    let mut total = 0usize;
    let mut per_kind = serde_json::Map::new();
    for (kind, v) in times.iter() {
        let mut v = v.clone();
        v.sort_by(f64::total_cmp);
        total += v.len();
        per_kind.insert(
            (*kind).to_string(),
            serde_json::json!({
                "requests": v.len(),
                "p50_ms": percentile(&v, 0.50),
                "p95_ms": percentile(&v, 0.95),
                "p99_ms": percentile(&v, 0.99),
            }),
        );
    }
    let errors = errors
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))?
        .clone();
    let mut sizes = story_sizes;
    sizes.sort_unstable();
    Ok(serde_json::json!({
        "articles": n,
        "build_seconds": built.map(|s| (s * 10.0).round() / 10.0),
        "clients": clients,
        "seconds": (elapsed * 10.0).round() / 10.0,
        "requests": total,
        "requests_per_sec": (total as f64 / elapsed).round(),
        "errors": errors,
        "stories_asked": stories.len(),
        "largest_story_asked": sizes.last(),
        "median_story_asked": sizes.get(sizes.len() / 2),
        "threads": std::thread::available_parallelism().map_or(1, |n| n.get()),
        "per_request": per_kind,
    }))
}
