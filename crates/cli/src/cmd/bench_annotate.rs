//! `crosscheck bench annotate --texts DIR`: the annotate stage's throughput on real news
//! text (every input under DIR, cleaned first, untimed), repeated to --articles, on a pool
//! of --threads: articles/s, words/s and what it found per article. With --peer, spaCy's
//! small English pipeline (full, and NER alone) on the same bodies in the same run
//! (`benches/peers/spacy_peer.py`).

use std::path::Path;
use std::time::Instant;

use crosscheck::settings::Settings;
use crosscheck_annotate::Annotator;
use crosscheck_ingest::discover;
use rayon::prelude::*;

pub fn run(
    settings: &Settings,
    texts: &Path,
    articles: usize,
    threads: usize,
    peer: Option<&Path>,
) -> anyhow::Result<serde_json::Value> {
    let found = discover(&[texts.to_path_buf()]);
    let cleaner = settings.clean.clone().build();
    let mut bodies = Vec::new();
    for input in &found.inputs {
        for raw in input.open(&settings.ingest).flatten() {
            if let Ok(a) = cleaner.run(&raw) {
                bodies.push(a);
            }
        }
    }
    anyhow::ensure!(!bodies.is_empty(), "no articles under {}", texts.display());
    let work: Vec<usize> = (0..articles.max(1)).map(|i| i % bodies.len()).collect();
    let words: usize = work
        .iter()
        .map(|&i| bodies[i].body.split_whitespace().count())
        .sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()?;
    // The models are decoded at first use: once, before timing.
    let _ = Annotator.run(&bodies[0]);
    let start = Instant::now();
    let counts: Vec<[usize; 5]> = pool.install(|| {
        work.par_iter()
            .map(|&i| {
                let a = Annotator.run(&bodies[i]);
                [
                    a.entities.len(),
                    a.quantities.len(),
                    a.quotes.len(),
                    a.attributions.len(),
                    a.times.len(),
                ]
            })
            .collect()
    });
    let secs = start.elapsed().as_secs_f64();
    let per = |k: usize| counts.iter().map(|c| c[k]).sum::<usize>() as f64 / work.len() as f64;
    let mut out = serde_json::json!({
        "distinct_articles": bodies.len(),
        "articles": work.len(),
        "words": words,
        "threads": threads,
        "seconds": secs,
        "articles_per_sec": work.len() as f64 / secs,
        "words_per_sec": words as f64 / secs,
        "per_article": {
            "entities": per(0), "quantities": per(1), "quotes": per(2),
            "attributions": per(3), "times": per(4),
        },
    });
    if let Some(python) = peer {
        let lines = work
            .iter()
            .map(|&i| serde_json::json!({"text": bodies[i].body}));
        let p = super::peer::run(
            python,
            "spacy_peer.py",
            &["--processes", &threads.to_string()],
            lines,
        )?;
        out["peer"] = p;
    }
    Ok(out)
}
