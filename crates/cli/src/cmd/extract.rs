//! `crosscheck extract FILE...`: what would be stored from each input, without storing.
//!
//! Every input kind `ingest` reads works here (pages, WARC archives, feeds, JSON lines,
//! text). Each document goes through the same decoding and extract stage as at ingest.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;
use crosscheck_ingest::discover;
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders (folders are walked; `-` reads stdin).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// One JSON object per line per document: {file, title, byline, published, outlet,
    /// url, lang, page_type: "article", body}; a document with no article gives {file,
    /// error, page_type}: listing, collection or product when the page-type model refused
    /// it (or judges a page the reader refused to be one), unknown otherwise.
    #[arg(long)]
    pub json: bool,
    /// Largest document in bytes (a page, a JSON line, a WARC record); default 16 MiB.
    #[arg(long, value_name = "BYTES")]
    pub max_doc_bytes: Option<u64>,
    /// The outlet of inputs that do not name their own (text files, stdin, pages
    /// without a site name), instead of their folder's name.
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
}

#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    title: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<&'a str>,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    lang: Option<&'a str>,
    /// Always "article" here: a page judged a listing, collection or product page is
    /// refused, and its error line carries `page_type`.
    page_type: &'a str,
    body: &'a str,
}

pub fn run(settings: &Settings, a: Args) -> anyhow::Result<ExitCode> {
    let mut ingest = settings.ingest.clone();
    if let Some(cap) = a.max_doc_bytes {
        ingest.max_doc_bytes = cap;
    }
    if a.outlet.is_some() {
        ingest.outlet.clone_from(&a.outlet);
    }
    let found = discover(&a.paths);
    let cleaner = settings.clean.clone().build();
    let mut out = std::io::stdout().lock();
    let mut failed = found.rejected.len();
    for r in &found.rejected {
        report_error(&mut out, a.json, &r.source, &r.error.to_string())?;
    }
    for input in &found.inputs {
        for doc in input.open(&ingest) {
            let raw = match doc {
                Ok(raw) => raw,
                Err(r) => {
                    failed += 1;
                    report_error(&mut out, a.json, &r.source, &r.error.to_string())?;
                    continue;
                }
            };
            let art = match cleaner.run(&raw) {
                Ok(art) => art,
                Err(e) => {
                    failed += 1;
                    if a.json {
                        let kind = e.page_type().unwrap_or("unknown");
                        serde_json::to_writer(
                            &mut out,
                            &serde_json::json!({"file": raw.source, "error": e.to_string(), "page_type": kind}),
                        )?;
                        writeln!(out)?;
                    } else {
                        eprintln!("{}: {e}", raw.source);
                    }
                    continue;
                }
            };
            let line = Line {
                file: &art.source,
                title: art.title.as_deref(),
                byline: art.byline.as_deref(),
                published: art.published.as_deref(),
                outlet: art.outlet.as_deref(),
                url: art.url.as_deref(),
                lang: art.lang.as_deref(),
                page_type: "article",
                body: &art.body,
            };
            if a.json {
                serde_json::to_writer(&mut out, &line)?;
                writeln!(out)?;
            } else {
                writeln!(out, "== {}", line.file)?;
                for (k, v) in [
                    ("title", line.title),
                    ("byline", line.byline),
                    ("published", line.published),
                    ("outlet", line.outlet),
                    ("url", line.url),
                    ("lang", line.lang),
                ] {
                    writeln!(out, "{k:<10} {}", v.unwrap_or("-"))?;
                }
                writeln!(out, "\n{}\n", line.body)?;
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(super::EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

/// One input that gave no article: a `{file, error}` line in JSON, else a message on stderr.
pub fn report_error(
    out: &mut impl Write,
    json: bool,
    file: &str,
    error: &str,
) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer(
            &mut *out,
            &serde_json::json!({"file": file, "error": error}),
        )?;
        writeln!(out)?;
    } else {
        eprintln!("{file}: {error}");
    }
    Ok(())
}
