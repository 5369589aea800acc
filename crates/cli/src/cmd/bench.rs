//! `crosscheck bench ...`: benchmarks and their corpus generator. Results go to
//! BENCHMARKS.md together with the command that produced them.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crosscheck::corpus;
use crosscheck_engine::pipeline::{self, NoProgress};
use crosscheck_engine::settings::Settings;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CorpusFormat {
    /// One JSON-lines file.
    Jsonl,
    /// One plain-text file per article, a folder per outlet.
    Txt,
}

#[derive(Debug, clap::Subcommand)]
pub enum Bench {
    /// Write the synthetic corpus (deterministic from --seed, ~5 KB per article, with residue).
    Gen {
        #[arg(long, default_value_t = 1000)]
        articles: usize,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: CorpusFormat,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A .jsonl file, or a folder for --format txt.
        #[arg(long)]
        out: PathBuf,
    },
    /// Ingest + clean + store throughput and peak memory on a fresh database. Prints one
    /// JSON object: articles, input_mb, seconds, articles_per_sec, mb_per_sec, peak_rss_mb, db_mb.
    Ingest {
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: CorpusFormat,
        /// Working folder for the corpus and database (reused corpus if present).
        #[arg(long, default_value = "bench-out")]
        dir: PathBuf,
        /// Cleaning threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Skip copy detection (the ingest-only figure).
        #[arg(long)]
        no_copies: bool,
        /// Skip placing articles in stories.
        #[arg(long)]
        no_stories: bool,
        /// Articles per generation of the copies index (it holds the newest one to two).
        #[arg(long, value_name = "N")]
        copies_window: Option<usize>,
    },
    /// Streaming story clustering on a generated stream (events over --days, heavy-tailed
    /// coverage, in publication order): articles/s of the cluster stage (terms on the
    /// pool, then placement in order), memory as the stream grows, and BCubed against the
    /// planted events. Prints one JSON object.
    Stories {
        #[arg(long, default_value_t = 1_000_000)]
        articles: usize,
        #[arg(long, default_value_t = 60)]
        days: u32,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Threads for the terms (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Instead: write the stream as JSON lines into DIR and run the whole ingest
        /// (clean, copies, stories, store) on a fresh database there, with and without
        /// stories; prints articles/s of both and BCubed of the stored stories.
        #[arg(long, value_name = "DIR")]
        ingest: Option<PathBuf>,
    },
    /// The server under load: a store of a generated story stream (built once in --dir),
    /// the server in this process, --clients sending requests back to back for --seconds
    /// over a mix of pages and API reads. Prints requests/s and latency percentiles per
    /// kind of request.
    Serve {
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        #[arg(long, default_value_t = 30)]
        days: u32,
        #[arg(long, default_value_t = 50)]
        clients: usize,
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        #[arg(long, default_value = "bench-out")]
        dir: PathBuf,
    },
    /// The annotate stage on real news text: every input under --texts (cleaned first,
    /// untimed) repeated to --articles, on --threads; articles/s, words/s and finds per
    /// article. With --peer, spaCy's small English pipeline on the same bodies.
    Annotate {
        /// A folder of articles (e.g. ../shared/eval/quotes/polnear/dev/text).
        #[arg(long, value_name = "DIR")]
        texts: PathBuf,
        #[arg(long, default_value_t = 5000)]
        articles: usize,
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// A Python interpreter with spaCy and en_core_web_sm (a virtualenv outside the
        /// repository), to run benches/peers/spacy_peer.py on the same bodies.
        #[arg(long, value_name = "PYTHON")]
        peer: Option<PathBuf>,
    },
    /// The reconcile stage on one story of --articles reports (comma-separated sizes)
    /// built from the real articles under --texts, one thread: seconds and facts per size.
    Reconcile {
        /// A folder of articles (e.g. ../shared/eval/quotes/polnear/dev/text).
        #[arg(long, value_name = "DIR")]
        texts: PathBuf,
        #[arg(long, value_delimiter = ',', default_value = "10,100,500,1000,5000")]
        articles: Vec<usize>,
    },
    /// Copy detection on a corpus with planted exact copies, near-duplicates, rewrites and
    /// partial reuse: precision and recall per kind, direction, ingest throughput with and
    /// without copy detection, peak memory; and the near-duplicate task alone (MinHash +
    /// LSH at Jaccard 0.5, one thread) side by side with datasketch when --peer is given.
    Copies {
        #[arg(long, default_value_t = 100_000)]
        articles: usize,
        #[arg(long, default_value = "bench-out")]
        dir: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Cleaning and comparing threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// A Python interpreter with datasketch installed (a virtualenv outside the
        /// repository), to run benches/peers/datasketch_lsh.py on the same corpus.
        #[arg(long, value_name = "PYTHON")]
        peer: Option<PathBuf>,
    },
}

pub fn run(settings: &Settings, b: Bench) -> anyhow::Result<ExitCode> {
    match b {
        Bench::Gen {
            articles,
            format,
            seed,
            out,
        } => {
            let bytes = generate(articles, format, seed, &out)?;
            eprintln!(
                "wrote {articles} articles, {bytes} bytes, to {}",
                out.display()
            );
        }
        Bench::Ingest {
            articles,
            format,
            dir,
            threads,
            no_copies,
            no_stories,
            copies_window,
        } => {
            let mut settings = settings.clone();
            settings.clean_threads = threads.or(settings.clean_threads);
            settings.find_copies = !no_copies;
            settings.find_stories = !no_stories;
            if let Some(n) = copies_window {
                settings.copies.index.window = n.max(1);
            }
            ingest(&settings, articles, format, &dir)?
        }
        Bench::Copies {
            articles,
            dir,
            seed,
            threads,
            peer,
        } => {
            let mut settings = settings.clone();
            settings.clean_threads = threads.or(settings.clean_threads);
            super::bench_copies::run(&settings, articles, seed, &dir, peer.as_deref())?
        }
        Bench::Annotate {
            texts,
            articles,
            threads,
            peer,
        } => {
            let r =
                super::bench_annotate::run(settings, &texts, articles, threads, peer.as_deref())?;
            super::print_json(&r)?;
        }
        Bench::Serve {
            articles,
            days,
            clients,
            seconds,
            dir,
        } => {
            let r = super::bench_serve::run(settings, articles, days, clients, seconds, &dir)?;
            super::print_json(&r)?;
        }
        Bench::Reconcile { texts, articles } => {
            let r = super::bench_annotate::reconcile(settings, &texts, &articles)?;
            super::print_json(&r)?;
        }
        Bench::Stories {
            articles,
            days,
            seed,
            threads,
            ingest,
        } => {
            let mut settings = settings.clone();
            settings.clean_threads = threads.or(settings.clean_threads);
            match ingest {
                Some(dir) => super::bench_stories::ingest(&settings, articles, days, seed, &dir)?,
                None => super::bench_stories::run(&settings, articles, days, seed)?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn generate(n: usize, format: CorpusFormat, seed: u64, out: &Path) -> anyhow::Result<u64> {
    Ok(match format {
        CorpusFormat::Jsonl => {
            let mut w = BufWriter::new(File::create(out)?);
            let bytes = corpus::write_jsonl(n, seed, &mut w)?;
            w.flush()?;
            bytes
        }
        CorpusFormat::Txt => corpus::write_text_tree(n, seed, out)?,
    })
}

/// The pool size the pipeline will use.
pub fn threads(settings: &Settings) -> usize {
    settings
        .clean_threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
}

/// Peak resident memory of this process, from /proc (Linux); 0 elsewhere.
pub fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

/// Resident memory of this process now, from /proc (Linux); 0 elsewhere.
pub fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

#[allow(clippy::disallowed_methods)] // a small kernel file, not an input
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(key)).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn dir_size(p: &Path) -> u64 {
    match std::fs::metadata(p) {
        Ok(m) if m.is_file() => m.len(),
        Ok(m) if m.is_dir() => std::fs::read_dir(p)
            .map(|rd| rd.flatten().map(|e| dir_size(&e.path())).sum())
            .unwrap_or(0),
        _ => 0,
    }
}

fn ingest(base: &Settings, n: usize, format: CorpusFormat, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let corpus_path = match format {
        CorpusFormat::Jsonl => dir.join(format!("corpus-{n}.jsonl")),
        CorpusFormat::Txt => dir.join(format!("corpus-{n}")),
    };
    if !corpus_path.exists() {
        eprintln!("generating {n} articles at {}", corpus_path.display());
        generate(n, format, 1, &corpus_path)?;
    }
    let input_bytes = dir_size(&corpus_path);
    let db = dir.join(format!("bench-{n}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    eprintln!(
        "reading {} ({:.0} MB) into {} (kept for a rerun; delete {} to free the space)",
        corpus_path.display(),
        input_bytes as f64 / 1e6,
        db.display(),
        dir.display()
    );
    let mut settings = base.clone();
    settings.db = db.clone();
    let start = Instant::now();
    let report = pipeline::ingest(&settings, &[corpus_path], &NoProgress)?;
    let secs = start.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.new as usize == n,
        "expected {n} new articles, got {report:?}"
    );
    let mb = input_bytes as f64 / 1e6;
    let out = serde_json::json!({
        "articles": n,
        "format": format!("{format:?}").to_lowercase(),
        "input_mb": (mb * 10.0).round() / 10.0,
        "seconds": (secs * 100.0).round() / 100.0,
        "articles_per_sec": (n as f64 / secs).round(),
        "mb_per_sec": (mb / secs * 10.0).round() / 10.0,
        "peak_rss_mb": (peak_rss_mb() * 10.0).round() / 10.0,
        "db_mb": (dir_size(&db) as f64 / 1e6 * 10.0).round() / 10.0,
        "threads": threads(&settings),
        "copies": settings.find_copies,
        "stories": settings.find_stories,
    });
    super::print_json(&out)?;
    Ok(())
}
