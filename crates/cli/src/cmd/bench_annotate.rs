//! `crosscheck bench annotate --texts DIR`: the annotate stage's throughput on real news
//! text (every input under DIR, cleaned first, untimed), repeated to --articles, on a pool
//! of --threads: articles/s, words/s and what it found per article. With --peer, spaCy's
//! small English pipeline (full, and NER alone) on the same bodies in the same run
//! (`benches/peers/spacy_peer.py`).

use std::path::Path;
use std::time::Instant;

use crosscheck_annotate::Annotator;
use crosscheck_engine::settings::Settings;
use crosscheck_ingest::discover;
use rayon::prelude::*;

/// Every article under `texts`, cleaned (inputs the cleaner refuses are left out).
fn cleaned(settings: &Settings, texts: &Path) -> anyhow::Result<Vec<crosscheck_model::Article>> {
    let found = discover(&[texts.to_path_buf()]);
    let cleaner = settings.clean.clone().build();
    let mut out = Vec::new();
    for input in &found.inputs {
        for raw in input.open(&settings.ingest).flatten() {
            if let Ok(a) = cleaner.run(&raw) {
                out.push(a);
            }
        }
    }
    anyhow::ensure!(!out.is_empty(), "no articles under {}", texts.display());
    Ok(out)
}

pub fn run(
    settings: &Settings,
    texts: &Path,
    articles: usize,
    threads: usize,
    peer: Option<&Path>,
) -> anyhow::Result<serde_json::Value> {
    let bodies = cleaned(settings, texts)?;
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

/// `bench reconcile`: one story of N reports built from the articles under DIR (cleaned
/// and annotated first, untimed; every third report a copy of the one before, each from
/// its own outlet, an hour apart), reconciled on one thread, for each N given: seconds,
/// facts found, and the peak of the process's memory; and the sentence alignment of the
/// story's first reports that `facts` adds (on the pool).
pub fn reconcile(
    settings: &Settings,
    texts: &Path,
    sizes: &[usize],
) -> anyhow::Result<serde_json::Value> {
    use crosscheck_engine::pipeline::{reconcile_notes, reconcile_sentences};
    use crosscheck_reconcile::{Reconciler, Report};
    let base: Vec<_> = cleaned(settings, texts)?
        .into_iter()
        .map(|a| {
            let notes = reconcile_notes(&Annotator.run(&a));
            (reconcile_sentences(&a), notes, a)
        })
        .collect();
    let mut runs = Vec::new();
    for &n in sizes {
        let reports: Vec<Report> = (0..n)
            .map(|i| {
                // Every third report repeats the one before it (a copy in its family).
                let src = if i % 3 == 2 { i - 1 } else { i };
                let (sentences, notes, _) = &base[src % base.len()];
                Report {
                    id: format!("{i:012}"),
                    outlet: Some(format!("outlet-{i}")),
                    published: Some(format!(
                        "2026-01-{:02}T{:02}:00:00Z",
                        1 + (i / 24) % 28,
                        i % 24
                    )),
                    family: src,
                    origin: src == i,
                    sentences: sentences.clone(),
                    notes: notes.clone(),
                }
            })
            .collect();
        let start = Instant::now();
        let rec = Reconciler::default().run(&reports);
        let secs = start.elapsed().as_secs_f64();
        // The sentence alignment `facts` adds: the first reports compared pairwise, on the
        // pool (both cores), as the orchestrator does.
        let firsts: Vec<crosscheck_model::Article> = (0..n
            .min(crosscheck_engine::pipeline::ALIGNED_ARTICLES))
            .map(|i| {
                base[(if i % 3 == 2 { i - 1 } else { i }) % base.len()]
                    .2
                    .clone()
            })
            .collect();
        let start = Instant::now();
        let aligned = crosscheck_engine::pipeline::align_reports(&reports, &firsts);
        let align_secs = start.elapsed().as_secs_f64();
        runs.push(serde_json::json!({
            "articles": n,
            "seconds": secs,
            "align_seconds": align_secs,
            "aligned_pairs": aligned.len(),
            "facts": rec.summary.facts,
            "agreed": rec.summary.agreed,
            "differs": rec.summary.differs,
        }));
    }
    Ok(serde_json::json!({
        "distinct_articles": base.len(),
        "runs": runs,
        "peak_rss_mb": super::bench::peak_rss_mb(),
    }))
}
