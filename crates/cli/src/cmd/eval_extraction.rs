//! `crosscheck eval extraction` and `crosscheck eval dates`: web pages against gold.
//!
//! Each page goes through the same path as `ingest`: bytes (gunzipped), charset decoding
//! (`decode_html`), then the extract stage. Extraction is scored with the benchmark's
//! metric (`extract::eval::score_extraction`, equal to `score_extraction.py`); dates by
//! exact day. Both time the extraction alone, on one thread.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use crosscheck_engine::settings::Settings;
use crosscheck_extract::eval::{extraction_page, score_extraction};
use crosscheck_extract::html::read_page;
use crosscheck_model::{InputRecord, RawDoc, SourceKind};
use serde_json::{json, Map, Value};

#[derive(Debug, clap::Args)]
pub struct ExtractionArgs {
    /// `{id: {articleBody, url}}` (the article-extraction-benchmark format).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Folder of `<id>.html.gz` (or `<id>.html`) pages.
    #[arg(long, value_name = "DIR")]
    pub html: PathBuf,
    /// Score the page reader's paragraphs alone, without the residue cleaner after it.
    #[arg(long)]
    pub raw: bool,
    /// Write the predictions as `{id: {articleBody}}`, for score_extraction.py.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// List the N worst pages with their precision and recall.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub worst: usize,
    /// A Python interpreter with trafilatura (a virtualenv outside the repository), to
    /// run benches/peers/web_peers.py on the same pages in the same run.
    #[arg(long, value_name = "PYTHON")]
    pub peer: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct DatesArgs {
    /// `{url: {file, date: YYYY-MM-DD}}` (the htmldate test format).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Folder of the pages named by `file`.
    #[arg(long, value_name = "DIR")]
    pub html: PathBuf,
    /// List every page whose date is wrong or missing.
    #[arg(long)]
    pub mistakes: bool,
    /// A Python interpreter with htmldate (a virtualenv outside the repository), to run
    /// benches/peers/web_peers.py on the same pages in the same run.
    #[arg(long, value_name = "PYTHON")]
    pub peer: Option<PathBuf>,
}

fn read_gold(path: &Path) -> anyhow::Result<Map<String, Value>> {
    let bytes = crosscheck_ingest::gz::read_file(path, 1 << 30)
        .with_context(|| format!("reading {}", path.display()))?;
    // Gold files written by Python may hold a bare `NaN` for "no date"; read it as null.
    let text = String::from_utf8_lossy(&bytes)
        .replace(": NaN", ": null")
        .replace(":NaN", ":null");
    match serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))? {
        Value::Object(m) => Ok(m),
        _ => anyhow::bail!("{}: expected a JSON object", path.display()),
    }
}

/// A page's file and its text, decoded as ingest decodes it.
fn page_text(dir: &Path, name: &str) -> anyhow::Result<(PathBuf, String)> {
    let candidates = [
        dir.join(name),
        dir.join(format!("{name}.html.gz")),
        dir.join(format!("{name}.html")),
        dir.join(format!("{name}.gz")),
    ];
    let path = candidates
        .iter()
        .find(|p| p.is_file())
        .with_context(|| format!("no page for {name} in {}", dir.display()))?;
    let bytes = crosscheck_ingest::gz::read_file(path, 256 << 20)
        .with_context(|| path.display().to_string())?;
    let (text, _) =
        crosscheck_ingest::decode_html(&bytes, None).with_context(|| path.display().to_string())?;
    Ok((path.clone(), text))
}

/// Runs benches/peers/web_peers.py (`mode` extraction or dates) on the same pages.
fn run_peer(
    python: &Path,
    mode: &str,
    pages: &[(&str, &Path, Option<&str>)],
) -> anyhow::Result<Value> {
    let lines = pages.iter().map(|(key, file, url)| {
        let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        json!({"key": key, "file": abs, "url": url})
    });
    super::peer::run(python, "web_peers.py", &[mode], lines)
}

fn doc(html: String, url: Option<String>) -> RawDoc {
    RawDoc::new(
        "page".into(),
        SourceKind::Html,
        None,
        InputRecord {
            url,
            html: Some(html),
            ..Default::default()
        },
    )
}

pub fn extraction(settings: &Settings, a: &ExtractionArgs) -> anyhow::Result<()> {
    let gold = read_gold(&a.gold)?;
    let cleaner = settings.clean.clone().build();
    let mut pages = Vec::with_capacity(gold.len());
    let mut files = Vec::with_capacity(gold.len());
    for (id, g) in &gold {
        let url = g.get("url").and_then(Value::as_str).map(str::to_string);
        let body = g.get("articleBody").and_then(Value::as_str).unwrap_or("");
        let (path, text) = page_text(&a.html, id)?;
        files.push(path);
        pages.push((id.clone(), text, url, body.to_string()));
    }
    // The documents are built before the clock starts: only extraction is timed.
    let docs: Vec<RawDoc> = if a.raw {
        Vec::new()
    } else {
        pages
            .iter()
            .map(|(_, html, url, _)| doc(html.clone(), url.clone()))
            .collect()
    };
    let start = Instant::now();
    let preds: Vec<String> = if a.raw {
        pages
            .iter()
            .map(|(_, html, url, _)| read_page(html, url.as_deref()).body())
            .collect()
    } else {
        docs.iter()
            .map(|d| cleaner.run(d).map(|art| art.body).unwrap_or_default())
            .collect()
    };
    let secs = start.elapsed().as_secs_f64();
    let score = score_extraction(
        pages
            .iter()
            .zip(&preds)
            .map(|(p, pred)| (p.3.as_str(), pred.as_str())),
    );
    if let Some(out) = &a.out {
        let m: Map<String, Value> = pages
            .iter()
            .zip(&preds)
            .map(|(p, pred)| (p.0.clone(), json!({ "articleBody": pred })))
            .collect();
        std::fs::write(out, serde_json::to_vec(&m)?)
            .with_context(|| format!("writing {}", out.display()))?;
    }
    let mut report = serde_json::to_value(&score)?;
    report["pages_per_s"] = json!((pages.len() as f64 / secs * 10.0).round() / 10.0);
    report["mode"] = json!(if a.raw {
        "page reader only"
    } else {
        "page reader + residue cleaner"
    });
    if let Some(python) = &a.peer {
        let listing: Vec<(&str, &Path, Option<&str>)> = pages
            .iter()
            .zip(&files)
            .map(|(p, f)| (p.0.as_str(), f.as_path(), p.2.as_deref()))
            .collect();
        let peer = run_peer(python, "extraction", &listing)?;
        let preds = peer["predictions"].as_object().cloned().unwrap_or_default();
        let peer_score = score_extraction(pages.iter().map(|p| {
            (
                p.3.as_str(),
                preds.get(&p.0).and_then(Value::as_str).unwrap_or(""),
            )
        }));
        let peer_rate = peer["pages_per_s"].as_f64().unwrap_or(0.0);
        let mut v = serde_json::to_value(&peer_score)?;
        v["tool"] = peer["tool"].clone();
        v["pages_per_s"] = json!(peer_rate);
        report["peer"] = v;
        if peer_rate > 0.0 {
            let ours = pages.len() as f64 / secs;
            report["speedup"] = json!((ours / peer_rate * 10.0).round() / 10.0);
        }
    }
    if a.worst > 0 {
        let mut rows: Vec<(f64, f64, &str)> = pages
            .iter()
            .zip(&preds)
            .map(|(p, pred)| {
                let (tp, fp, fn_) = extraction_page(&p.3, pred);
                let pr = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
                let rc = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
                (pr, rc, p.0.as_str())
            })
            .collect();
        rows.sort_by(|x, y| (x.0 + x.1).total_cmp(&(y.0 + y.1)));
        report["worst"] = rows
            .iter()
            .take(a.worst)
            .map(|(p, r, id)| json!({"id": id, "precision": (p * 1000.0).round() / 1000.0, "recall": (r * 1000.0).round() / 1000.0}))
            .collect();
    }
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

pub fn dates(a: &DatesArgs) -> anyhow::Result<()> {
    let gold = read_gold(&a.gold)?;
    let mut pages = Vec::with_capacity(gold.len());
    let mut files = Vec::with_capacity(gold.len());
    for (url, g) in &gold {
        let file = g
            .get("file")
            .and_then(Value::as_str)
            .with_context(|| format!("{url}: no `file`"))?;
        // No gold date (null): right when no date is found.
        let date = g
            .get("date")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let (path, text) = page_text(&a.html, file)?;
        files.push(path);
        pages.push((url.clone(), text, date));
    }
    let start = Instant::now();
    let found: Vec<(Option<String>, Option<&'static str>)> = pages
        .iter()
        .map(|(url, html, _)| {
            let m = read_page(html, Some(url)).meta;
            (m.published.as_deref().and_then(day_of), m.published_from)
        })
        .collect();
    let secs = start.elapsed().as_secs_f64();
    let right = pages
        .iter()
        .zip(&found)
        .filter(|(p, f)| same_day(f.0.as_deref(), &p.2))
        .count();
    let missing = found.iter().filter(|f| f.0.is_none()).count();
    let mut by_source: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    for (p, f) in pages.iter().zip(&found) {
        let e = by_source.entry(f.1.unwrap_or("none")).or_default();
        e.0 += 1;
        e.1 += usize::from(same_day(f.0.as_deref(), &p.2));
    }
    let mut report = json!({
        "accuracy": (right as f64 / pages.len().max(1) as f64 * 10_000.0).round() / 10_000.0,
        "right": right,
        "missing": missing,
        "pages": pages.len(),
        "pages_per_s": (pages.len() as f64 / secs * 10.0).round() / 10.0,
        "by_source": by_source.iter().map(|(k, (n, r))| (k.to_string(), json!({"pages": n, "right": r}))).collect::<Map<_, _>>(),
    });
    if let Some(python) = &a.peer {
        let listing: Vec<(&str, &Path, Option<&str>)> = pages
            .iter()
            .zip(&files)
            .map(|(p, f)| (p.0.as_str(), f.as_path(), Some(p.0.as_str())))
            .collect();
        let peer = run_peer(python, "dates", &listing)?;
        let preds = peer["predictions"].as_object().cloned().unwrap_or_default();
        let right = pages
            .iter()
            .filter(|p| same_day(preds.get(&p.0).and_then(Value::as_str), &p.2))
            .count();
        let peer_rate = peer["pages_per_s"].as_f64().unwrap_or(0.0);
        report["peer"] = json!({
            "tool": peer["tool"],
            "accuracy": (right as f64 / pages.len().max(1) as f64 * 10_000.0).round() / 10_000.0,
            "right": right,
            "pages_per_s": peer_rate,
        });
        if peer_rate > 0.0 {
            report["speedup"] =
                json!((pages.len() as f64 / secs / peer_rate * 10.0).round() / 10.0);
        }
    }
    if a.mistakes {
        report["mistakes"] = pages
            .iter()
            .zip(&found)
            .filter(|(p, f)| !same_day(f.0.as_deref(), &p.2))
            .map(|(p, f)| json!({"url": p.0, "gold": p.2, "found": f.0, "from": f.1}))
            .collect();
    }
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

/// A found day against the gold one; an empty gold day means the page has none.
fn same_day(found: Option<&str>, gold: &str) -> bool {
    if gold.is_empty() {
        found.is_none()
    } else {
        found == Some(gold)
    }
}

/// The calendar day a published value names, as written (not moved to UTC).
fn day_of(published: &str) -> Option<String> {
    let t = published.trim();
    let b = t.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'-' | b'/')
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit)
    {
        return Some(format!("{}-{}-{}", &t[..4], &t[5..7], &t[8..10]));
    }
    use crosscheck_extract::dates::{parse, When};
    Some(match parse(t)? {
        When::Day(d) => d.format("%Y-%m-%d").to_string(),
        When::Local(l) => l.date().format("%Y-%m-%d").to_string(),
        When::Zoned(z) => z.date_naive().format("%Y-%m-%d").to_string(),
    })
}
