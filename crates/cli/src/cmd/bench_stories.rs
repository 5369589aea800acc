//! `crosscheck bench stories`: the cluster stage on a generated stream of a million
//! articles over 60 days.
//!
//! Each chunk of 2,048 articles is generated, then its terms are taken on the pool, then
//! the articles are placed one by one in publication order. Only the last two steps are
//! timed: they are the stage. (In `ingest` the placement runs on a thread of its own,
//! overlapping the next chunk's terms; here they follow each other, so the figure is a
//! floor.) Memory is sampled as the stream grows: with stories closing after the window,
//! it should level off rather than grow with the stream.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crosscheck::corpus::stories::{StoryStream, StreamArticle};
use crosscheck_cluster::score::score;
use crosscheck_cluster::Terms;
use crosscheck_engine::pipeline::{self, NoProgress};
use crosscheck_engine::settings::Settings;
use crosscheck_model::{ArticleId, InputRecord, StoryId};
use crosscheck_store::{SqliteStore, Store, StoryQuery};
use rayon::prelude::*;
use serde::Serialize;

use super::bench::{peak_rss_mb, rss_mb, threads};

const CHUNK: usize = 2048;

#[derive(Debug, Serialize)]
struct Checkpoint {
    articles: usize,
    rss_mb: f64,
    /// Stories in memory.
    active_stories: usize,
    /// Terms the IDF knows.
    terms: usize,
}

pub fn run(settings: &Settings, n: usize, days: u32, seed: u64) -> anyhow::Result<()> {
    let t0 = Instant::now();
    let stream = StoryStream::new(n, days, seed);
    let schedule_secs = t0.elapsed().as_secs_f64();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads(settings))
        .build()?;
    let mut clusterer = settings.cluster.clone().build();
    let extractor = clusterer.extractor().clone();
    let (mut gen_t, mut terms_t, mut place_t) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut story_ix: HashMap<StoryId, u32> = HashMap::new();
    let mut pred: Vec<u32> = Vec::with_capacity(stream.len());
    let mut gold: Vec<u32> = Vec::with_capacity(stream.len());
    let mut checkpoints = Vec::new();
    let every = (stream.len() / 10).max(1);
    let mut next_checkpoint = every;
    let mut bytes = 0usize;
    for start in (0..stream.len()).step_by(CHUNK) {
        let end = (start + CHUNK).min(stream.len());
        let t = Instant::now();
        let docs: Vec<StreamArticle> = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map(|i| stream.article(i))
                .collect()
        });
        gen_t += t.elapsed();
        bytes += docs
            .iter()
            .map(|d| d.title.len() + d.body.len())
            .sum::<usize>();
        let t = Instant::now();
        let terms: Vec<Terms> = pool.install(|| {
            docs.par_iter()
                .map(|d| extractor.terms(Some(&d.title), &d.body))
                .collect()
        });
        terms_t += t.elapsed();
        let t = Instant::now();
        for (k, (d, terms)) in docs.iter().zip(&terms).enumerate() {
            let id = ArticleId::from_stored(format!("{:032x}", start + k));
            let got = clusterer.assign(&id, &d.title, Some(d.time), d.time, terms, &[], &[], &[]);
            let next = story_ix.len() as u32;
            pred.push(*story_ix.entry(got.story).or_insert(next));
            gold.push(d.event);
        }
        // What ingest hands the store; dropped here.
        let _ = clusterer.take_delta();
        place_t += t.elapsed();
        if end >= next_checkpoint || end == stream.len() {
            checkpoints.push(Checkpoint {
                articles: end,
                rss_mb: round1(rss_mb()),
                active_stories: clusterer.active(),
                terms: clusterer.doc_freq().terms(),
            });
            next_checkpoint += every;
        }
    }
    // Merges after an article joined: every article ends in its survivor.
    let mut ids: Vec<StoryId> = vec![StoryId::from_raw(""); story_ix.len()];
    for (id, &i) in &story_ix {
        ids[i as usize] = id.clone();
    }
    let mut survivor_ix: HashMap<StoryId, u32> = HashMap::new();
    let final_of: Vec<u32> = ids
        .iter()
        .map(|id| {
            let s = clusterer.resolve(id);
            let next = survivor_ix.len() as u32;
            *survivor_ix.entry(s).or_insert(next)
        })
        .collect();
    let pred: Vec<u32> = pred.iter().map(|&p| final_of[p as usize]).collect();
    let scores = score(&pred, &gold);
    let stage = (terms_t + place_t).as_secs_f64();
    let out = serde_json::json!({
        "articles": stream.len(),
        "days": days,
        "events": stream.events(),
        "stories": survivor_ix.len(),
        "text_mb": round1(bytes as f64 / 1e6),
        "threads": threads(settings),
        "schedule_seconds": round2(schedule_secs),
        "generate_seconds": round2(gen_t.as_secs_f64()),
        "terms_seconds": round2(terms_t.as_secs_f64()),
        "place_seconds": round2(place_t.as_secs_f64()),
        "articles_per_sec": (stream.len() as f64 / stage).round(),
        "place_us_per_article": round2(place_t.as_secs_f64() * 1e6 / stream.len() as f64),
        "peak_rss_mb": round1(peak_rss_mb()),
        "memory": checkpoints,
        "bcubed_precision": round4(scores.bcubed_precision),
        "bcubed_recall": round4(scores.bcubed_recall),
        "bcubed_f1": round4(scores.bcubed_f1),
        "pairwise_f1": round4(scores.pairwise_f1),
    });
    super::print_json(&out)?;
    Ok(())
}

/// The stream through the whole ingest: written as JSON lines (60 outlets, publication
/// times, URLs), then ingested on a fresh database with stories off and on.
pub fn ingest(
    settings: &Settings,
    n: usize,
    days: u32,
    seed: u64,
    dir: &Path,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let stream = StoryStream::new(n, days, seed);
    let corpus = dir.join(format!("stories-{n}-{days}d-{seed}.jsonl"));
    let event_of = write_stream(&stream, &corpus)?;
    let mut results = Vec::new();
    for stories in [false, true] {
        let mut s = settings.clone();
        s.db = dir.join(format!("stories-{n}.db"));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", s.db.display()));
        }
        s.find_stories = stories;
        let start = Instant::now();
        let report = pipeline::ingest(&s, std::slice::from_ref(&corpus), &NoProgress)?;
        let secs = start.elapsed().as_secs_f64();
        anyhow::ensure!(
            report.new as usize == stream.len(),
            "expected {} new, got {report:?}",
            stream.len()
        );
        let mut row = serde_json::json!({
            "stories": stories,
            "seconds": round2(secs),
            "articles_per_sec": (stream.len() as f64 / secs).round(),
            "db_mb": round1(super::bench::dir_size(&s.db) as f64 / 1e6),
        });
        if stories {
            let store = SqliteStore::open(&s.db)?;
            let (mut pred, mut gold) = (Vec::new(), Vec::new());
            for (k, (_, members)) in store
                .stories(&StoryQuery::default())?
                .into_iter()
                .enumerate()
            {
                for m in members {
                    pred.push(k);
                    gold.push(event_of.get(&m.id).copied().unwrap_or(u32::MAX));
                }
            }
            let sc = score(&pred, &gold);
            row["placed"] = pred.len().into();
            row["report"] = serde_json::to_value(report.stories)?;
            row["bcubed_f1"] = round4(sc.bcubed_f1).into();
        }
        results.push(row);
    }
    super::print_json(&serde_json::json!({
        "articles": stream.len(),
        "days": days,
        "events": stream.events(),
        "threads": threads(settings),
        "peak_rss_mb": round1(peak_rss_mb()),
        "runs": results,
    }))?;
    Ok(())
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Writes a generated stream as JSON lines (60 outlets, one URL per article) and returns
/// each article's planted event.
pub fn write_stream(
    stream: &StoryStream,
    corpus: &Path,
) -> anyhow::Result<HashMap<ArticleId, u32>> {
    use std::io::Write;
    let mut event_of: HashMap<ArticleId, u32> = HashMap::with_capacity(stream.len());
    let mut out = std::io::BufWriter::new(std::fs::File::create(corpus)?);
    for i in 0..stream.len() {
        let a = stream.article(i);
        let outlet = format!("outlet{}", i % 60);
        let rec = InputRecord {
            url: Some(format!("https://{outlet}.example/e{}/{i}", a.event)),
            outlet: Some(outlet),
            title: Some(a.title.clone()),
            published: chrono::DateTime::from_timestamp(a.time, 0).map(|t| t.to_rfc3339()),
            text: a.body,
            ..Default::default()
        };
        event_of.insert(ArticleId::derive(&rec), a.event);
        serde_json::to_writer(&mut out, &rec)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    drop(out);
    Ok(event_of)
}
