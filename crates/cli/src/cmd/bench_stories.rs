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
use std::time::{Duration, Instant};

use crosscheck::corpus::stories::{StoryStream, StreamArticle};
use crosscheck::settings::Settings;
use crosscheck_cluster::score::score;
use crosscheck_cluster::Terms;
use crosscheck_model::{ArticleId, StoryId};
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
            let got = clusterer.assign(&id, &d.title, Some(d.time), d.time, terms, &[]);
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

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
