//! `crosscheck bench copies`: copy detection measured on a corpus with planted copies
//! (see `crosscheck::corpus::copies`). Prints one JSON object.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crosscheck::corpus;
use crosscheck_dedup::{Index, IndexConfig, SketchConfig, Via};
use crosscheck_engine::pipeline::{self, NoProgress};
use crosscheck_engine::settings::Settings;
use crosscheck_model::ArticleId;
use crosscheck_store::{ListQuery, SqliteStore, Store};
use serde_json::{json, Value};

use super::bench::{dir_size, peak_rss_mb};

/// One planted copy.
struct Planted {
    copy: String,
    source: String,
    kind: String,
}

fn read_truth(path: &Path) -> anyhow::Result<Vec<Planted>> {
    let mut out = Vec::new();
    for line in BufReader::new(File::open(path)?).lines() {
        let v: Value = serde_json::from_str(&line?)?;
        let get = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        out.push(Planted {
            copy: get("copy"),
            source: get("source"),
            kind: get("kind"),
        });
    }
    Ok(out)
}

fn fresh_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn round(v: f64, places: i32) -> f64 {
    let p = 10f64.powi(places);
    (v * p).round() / p
}

pub fn run(
    base: &Settings,
    n: usize,
    seed: u64,
    dir: &Path,
    peer: Option<&Path>,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let corpus_path = dir.join(format!("copies-{n}-{seed}.jsonl"));
    let truth_path = dir.join(format!("copies-{n}-{seed}.truth.jsonl"));
    if !corpus_path.exists() || !truth_path.exists() {
        eprintln!(
            "generating {n} articles with planted copies at {}",
            corpus_path.display()
        );
        let mut out = BufWriter::new(File::create(&corpus_path)?);
        let mut truth = BufWriter::new(File::create(&truth_path)?);
        corpus::copies::write(
            n,
            seed,
            corpus::copies::Rates::default(),
            &mut out,
            &mut truth,
        )?;
        out.flush()?;
        truth.flush()?;
    }
    let planted = read_truth(&truth_path)?;

    // 1. Ingest without, then with, copy detection. Stories are off in both runs, so the
    // difference is copy detection alone (`bench stories` and `bench ingest` measure them).
    let db = dir.join(format!("copies-{n}.db"));
    let mut settings = base.clone();
    settings.db = db.clone();
    settings.find_stories = false;
    settings.find_copies = false;
    fresh_db(&db);
    let start = Instant::now();
    pipeline::ingest(&settings, std::slice::from_ref(&corpus_path), &NoProgress)?;
    let without = start.elapsed().as_secs_f64();
    settings.find_copies = true;
    fresh_db(&db);
    let start = Instant::now();
    let report = pipeline::ingest(&settings, std::slice::from_ref(&corpus_path), &NoProgress)?;
    let with = start.elapsed().as_secs_f64();
    let peak = peak_rss_mb();
    anyhow::ensure!(
        report.new as usize == n,
        "expected {n} new articles: {report:?}"
    );

    // 2. Score the relations found against the planted ones.
    let store = SqliteStore::open(&db)?;
    let rows = store.list(&ListQuery::default())?;
    let url_of: HashMap<ArticleId, String> = rows
        .iter()
        .map(|r| (r.id.clone(), r.url.clone().unwrap_or_default()))
        .collect();
    let root: HashMap<&str, &str> = planted
        .iter()
        .map(|p| (p.copy.as_str(), p.source.as_str()))
        .collect();
    let root_of = |u: &str| -> String { root.get(u).copied().unwrap_or(u).to_string() };
    let mut found: HashMap<(String, String), (String, Option<String>)> = HashMap::new();
    let mut per_kind: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    store.for_each_relation(&mut |r| {
        let (ua, ub) = (url_of[&r.a].clone(), url_of[&r.b].clone());
        let e = per_kind.entry(r.kind.as_str().to_string()).or_default();
        e.0 += 1;
        if root_of(&ua) == root_of(&ub) {
            e.1 += 1;
        }
        let source = r.source.as_ref().map(|s| url_of[s].clone());
        found.insert(
            (ua.clone(), ub.clone()),
            (r.kind.as_str().to_string(), source.clone()),
        );
        found.insert((ub, ua), (r.kind.as_str().to_string(), source));
        Ok(())
    })?;
    let mut kinds: BTreeMap<String, Value> = BTreeMap::new();
    let (mut dir_right, mut dir_wrong, mut dir_unknown) = (0u64, 0u64, 0u64);
    for kind in ["exact", "near_duplicate", "rewrite", "partial"] {
        let of_kind: Vec<&Planted> = planted.iter().filter(|p| p.kind == kind).collect();
        let (mut any, mut same) = (0u64, 0u64);
        let mut confused: BTreeMap<String, u64> = BTreeMap::new();
        for p in &of_kind {
            if let Some((k, src)) = found.get(&(p.copy.clone(), p.source.clone())) {
                any += 1;
                if k == kind {
                    same += 1;
                } else {
                    *confused.entry(k.clone()).or_default() += 1;
                }
                match src {
                    Some(s) if *s == p.source => dir_right += 1,
                    Some(_) => dir_wrong += 1,
                    None => dir_unknown += 1,
                }
            }
        }
        let (detected, correct) = per_kind.get(kind).copied().unwrap_or_default();
        let planted_n = of_kind.len().max(1) as f64;
        kinds.insert(
            kind.to_string(),
            json!({
                "planted": of_kind.len(),
                "recall": round(same as f64 / planted_n, 4),
                "recall_any_copy_kind": round(any as f64 / planted_n, 4),
                "found_as_other_kind": confused,
                "reported": detected,
                "precision": round(correct as f64 / detected.max(1) as f64, 4),
            }),
        );
    }

    // 3. The near-duplicate task alone, one thread, in memory: MinHash + LSH over the raw
    // text at Jaccard 0.5, as the peer does it.
    let texts: Vec<(String, String)> = BufReader::new(File::open(&corpus_path)?)
        .lines()
        .map(|l| -> anyhow::Result<(String, String)> {
            let v: Value = serde_json::from_str(&l?)?;
            Ok((
                v["url"].as_str().unwrap_or_default().to_string(),
                v["text"].as_str().unwrap_or_default().to_string(),
            ))
        })
        .collect::<Result<_, _>>()?;
    // The task is near-duplicates only: no anchors (they serve rewrites), as the peer has none.
    let sketcher = SketchConfig {
        max_anchors: 0,
        ..SketchConfig::default()
    }
    .build();
    let mut index = Index::new(IndexConfig {
        min_estimate: 0.5,
        min_lifted: usize::MAX,
        min_anchors: usize::MAX,
        max_candidates: 50,
        ..IndexConfig::default()
    });
    let mut lsh_pairs: HashSet<(usize, usize)> = HashSet::new();
    let start = Instant::now();
    for (i, (url, text)) in texts.iter().enumerate() {
        let id = ArticleId::from_stored(format!("{i:08x}"));
        let sk = sketcher.run(text, &[]);
        for c in index.candidates(&id, url, &sk) {
            if matches!(c.via, Via::Exact | Via::MinHash) {
                let other = usize::from_str_radix(c.id.as_str(), 16).unwrap_or(usize::MAX);
                lsh_pairs.insert((i, other));
            }
        }
        index.insert(&id, url, &sk);
    }
    let lsh_secs = start.elapsed().as_secs_f64();
    let pos: HashMap<&str, usize> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (t.0.as_str(), i))
        .collect();
    let near: Vec<&Planted> = planted
        .iter()
        .filter(|p| p.kind == "near_duplicate")
        .collect();
    let near_hit = near
        .iter()
        .filter(|p| lsh_pairs.contains(&(pos[p.copy.as_str()], pos[p.source.as_str()])))
        .count();
    let lsh_correct = lsh_pairs
        .iter()
        .filter(|(a, b)| root_of(&texts[*a].0) == root_of(&texts[*b].0))
        .count();
    let ours_lsh = json!({
        "articles_per_sec": (n as f64 / lsh_secs).round(),
        "seconds": round(lsh_secs, 2),
        "near_duplicate_recall": round(near_hit as f64 / near.len().max(1) as f64, 4),
        "pairs_found": lsh_pairs.len(),
        "pairs_precision": round(lsh_correct as f64 / lsh_pairs.len().max(1) as f64, 4),
    });

    // 4. The peer, same corpus, same threshold.
    let peer_result = match peer {
        Some(python) => {
            let script =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../benches/peers/datasketch_lsh.py");
            let out = Command::new(python)
                .arg(&script)
                .arg(&corpus_path)
                .arg(&truth_path)
                .args(["--threshold", "0.5"])
                .output()?;
            anyhow::ensure!(
                out.status.success(),
                "peer failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v: Value = serde_json::from_slice(&out.stdout)?;
            v
        }
        None => Value::Null,
    };
    let speedup = match peer_result["articles_per_sec"].as_f64() {
        Some(p) if p > 0.0 => json!({
            "near_duplicate_task": round(n as f64 / lsh_secs / p, 1),
            "full_ingest_with_all_kinds": round(n as f64 / with / p, 1),
        }),
        _ => Value::Null,
    };
    let input_mb = dir_size(&corpus_path) as f64 / 1e6;
    super::print_json(&json!({
        "articles": n,
        "input_mb": round(input_mb, 1),
        "planted": planted.len(),
        "ingest_with_copies": {
            "seconds": round(with, 2),
            "articles_per_sec": (n as f64 / with).round(),
            "peak_rss_mb": round(peak, 1),
            "db_mb": round(dir_size(&db) as f64 / 1e6, 1),
        },
        "ingest_without_copies": {
            "seconds": round(without, 2),
            "articles_per_sec": (n as f64 / without).round(),
        },
        "kinds": kinds,
        "direction_of_found_planted_pairs": {
            "right": dir_right, "wrong": dir_wrong, "unknown": dir_unknown,
        },
        "near_duplicate_task": {
            "crosscheck": ours_lsh,
            "peer": peer_result,
            "speedup": speedup,
        },
        "threads": super::bench::threads(base),
    }))?;
    Ok(())
}
