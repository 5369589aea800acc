//! `crosscheck ingest PATH...`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck_engine::pipeline::{self, IngestReport};
use crosscheck_engine::settings::Settings;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files, folders (read recursively) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print the summary as JSON: {read, new, unchanged, new_versions, copies: {kind: n}, indexed_before, unsketched_before, compared, stories: {new, joined, merged}, rejected: [{source, reason}], dates_unused: [{source, reason}], skipped: [{path, why}]}.
    #[arg(long)]
    json: bool,
    /// Largest single document (a text file or one JSON line), in bytes.
    #[arg(long, value_name = "BYTES")]
    max_doc_bytes: Option<u64>,
    /// Read and clean everything, report what would be rejected, store nothing.
    #[arg(long)]
    dry_run: bool,
    /// Do not look for copies of the new articles (faster; `copies` will not know them).
    #[arg(long)]
    no_copies: bool,
    /// Do not place the new articles in stories (`stories --rebuild` can do it later).
    #[arg(long)]
    no_stories: bool,
    /// The outlet of inputs that do not name their own (text files, stdin, pages
    /// without a site name), instead of their folder's name.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// Threads for cleaning and copy detection (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Articles per chunk: the unit of parallel cleaning and of one write transaction
    /// (default 2048). Stages overlap across chunks, so a run of a few thousand pages
    /// keeps both cores busier with smaller chunks.
    #[arg(long, value_name = "N")]
    batch_size: Option<usize>,
    /// How far back a new article is compared for copies: the copies index holds the
    /// newest N to 2N articles (default 100,000), so its memory stays bounded however
    /// large the store grows. Older articles stay stored with their relations.
    #[arg(long, value_name = "N")]
    copies_window: Option<usize>,
}

pub fn run(settings: &mut Settings, args: Args) -> anyhow::Result<ExitCode> {
    if let Some(cap) = args.max_doc_bytes {
        settings.ingest.max_doc_bytes = cap;
    }
    settings.dry_run = args.dry_run;
    if args.outlet.is_some() {
        settings.ingest.outlet.clone_from(&args.outlet);
    }
    settings.find_copies = !args.no_copies;
    settings.find_stories = !args.no_stories;
    settings.clean_threads = args.threads.or(settings.clean_threads);
    if let Some(n) = args.batch_size {
        settings.batch_size = n.max(1);
    }
    if let Some(n) = args.copies_window {
        settings.copies.index.window = n.max(1);
    }
    let progress = super::progress(super::Measure::Bytes);
    let report = pipeline::ingest(settings, &args.paths, progress.as_ref())?;
    if args.json {
        super::print_json(&report)?;
    } else {
        print_summary(&report)?;
    }
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_PARTIAL)
    })
}

pub fn print_summary(r: &IngestReport) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "read {}  new {}  unchanged {}  new versions {}  rejected {}",
        r.read,
        r.new,
        r.unchanged,
        r.new_versions,
        r.rejected.len()
    )?;
    if !r.copies.is_empty() {
        let kinds: Vec<String> = r
            .copies
            .iter()
            .map(|(k, n)| format!("{} {n}", k.as_str()))
            .collect();
        writeln!(
            out,
            "copies found: {} (see `crosscheck copies`)",
            kinds.join(", ")
        )?;
    }
    if r.unsketched_before > 0 {
        writeln!(
            out,
            "note: {} stored articles were stored without copy detection (before it existed, or \
             with --no-copies), so new articles were not compared with them; run `crosscheck \
             copies --rebuild` once to include them",
            r.unsketched_before
        )?;
    }
    let st = r.stories;
    if st.new + st.joined > 0 {
        writeln!(
            out,
            "stories: {} new, {} articles joined one, {} merged (see `crosscheck stories`)",
            st.new, st.joined, st.merged
        )?;
    }
    for rej in &r.rejected {
        writeln!(out, "  rejected {}: {}", rej.source, rej.reason)?;
    }
    for d in r.dates_unused.iter().take(10) {
        writeln!(out, "  note {}: {}", d.source, d.reason)?;
    }
    if r.dates_unused.len() > 10 {
        writeln!(
            out,
            "  ... and {} more stored without their given date (see --json: dates_unused)",
            r.dates_unused.len() - 10
        )?;
    }
    if r.read == 0 && r.rejected.is_empty() {
        writeln!(
            out,
            "nothing to ingest: no .txt, .text, .jsonl, .ndjson, .json, .html, .htm, .xhtml, \
             .warc, .rss, .atom or .xml files found (each also as .gz)"
        )?;
    }
    if !r.skipped.is_empty() {
        writeln!(
            out,
            "skipped {} files that are not inputs:",
            r.skipped.len()
        )?;
        for s in r.skipped.iter().take(10) {
            writeln!(out, "  {}: {}", s.path, s.why)?;
        }
        if r.skipped.len() > 10 {
            writeln!(out, "  ... and {} more (see --json)", r.skipped.len() - 10)?;
        }
    }
    Ok(())
}
