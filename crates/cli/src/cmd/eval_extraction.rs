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
    /// The rs-trafilatura peer binary (`cargo build --release --manifest-path
    /// benches/peers/rs-trafilatura-peer/Cargo.toml`), run on the same pages in the same run.
    #[arg(long, value_name = "BIN")]
    pub peer_rs: Option<PathBuf>,
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
    /// Only the pages of this `page_type` (a WCXB gold: article, listing, ...).
    #[arg(long, value_name = "TYPE")]
    pub page_type: Option<String>,
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
    // Each page's text, and whether it was refused (by the page-type model or by the
    // page reader).
    let results: Vec<(String, Refused)> = if a.raw {
        pages
            .iter()
            .map(|(_, html, url, _)| {
                let p = read_page(html, url.as_deref());
                let refused = match &p.no_content {
                    None => Refused::No,
                    Some(crosscheck_extract::html::NoContent::NotArticleKind { .. }) => {
                        Refused::ByModel
                    }
                    Some(_) => Refused::ByReader,
                };
                (p.body(), refused)
            })
            .collect()
    } else {
        docs.iter()
            .map(|d| match cleaner.run(d) {
                Ok(art) => (art.body, Refused::No),
                Err(e) if e.refused_by_model() => (String::new(), Refused::ByModel),
                Err(_) => (String::new(), Refused::ByReader),
            })
            .collect()
    };
    let secs = start.elapsed().as_secs_f64();
    let kinds: Vec<&str> = gold
        .values()
        .map(|g| g.get("page_type").and_then(Value::as_str).unwrap_or(""))
        .collect();
    let preds: Vec<String> = results.iter().map(|r| r.0.clone()).collect();
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
    if kinds.iter().any(|k| !k.is_empty()) {
        report["by_page_type"] = by_page_type(&pages, &results, &kinds);
    }
    report["mode"] = json!(if a.raw {
        "page reader only"
    } else {
        "page reader + residue cleaner"
    });
    let listing: Vec<(&str, &Path, Option<&str>)> = pages
        .iter()
        .zip(&files)
        .map(|(p, f)| (p.0.as_str(), f.as_path(), p.2.as_deref()))
        .collect();
    let mut peers = Vec::new();
    if let Some(python) = &a.peer {
        peers.push(run_peer(python, "extraction", &listing)?);
    }
    if let Some(bin) = &a.peer_rs {
        let lines = listing.iter().map(|(key, file, url)| {
            let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
            json!({"key": key, "file": abs, "url": url})
        });
        peers.push(super::peer::run_command(bin, "rs-trafilatura", &[], lines)?);
    }
    let mut peer_reports = Vec::new();
    for peer in peers {
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
        if peer_rate > 0.0 {
            let ours = pages.len() as f64 / secs;
            v["our_speedup"] = json!((ours / peer_rate * 10.0).round() / 10.0);
        }
        if kinds.iter().any(|k| !k.is_empty()) {
            // The peer's text on the article pages, and, when it names page types, how
            // many pages of each kind it calls something other than an article.
            let types = peer["page_types"].as_object();
            let peer_results: Vec<(String, Refused)> = pages
                .iter()
                .map(|p| {
                    let text = preds.get(&p.0).and_then(Value::as_str).unwrap_or("");
                    let kind = types.and_then(|t| t.get(&p.0)).and_then(Value::as_str);
                    let refused = if kind.is_some_and(|k| k != "article") {
                        Refused::ByModel
                    } else {
                        Refused::No
                    };
                    (text.to_string(), refused)
                })
                .collect();
            v["by_page_type"] = by_page_type(&pages, &peer_results, &kinds);
        }
        peer_reports.push(v);
    }
    if !peer_reports.is_empty() {
        report["peers"] = json!(peer_reports);
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    No,
    ByModel,
    ByReader,
}

/// Per page type of the gold: the score of the text, and how many pages were refused as
/// not articles (by the page-type model, by the page reader). For an article, a refusal
/// is a loss unless its gold text is empty; for the other kinds it is the right answer.
fn by_page_type(
    pages: &[(String, String, Option<String>, String)],
    results: &[(String, Refused)],
    kinds: &[&str],
) -> Value {
    let mut out = Map::new();
    let mut names: Vec<&str> = kinds.to_vec();
    names.sort_unstable();
    names.dedup();
    for kind in names {
        let idx: Vec<usize> = (0..pages.len()).filter(|&i| kinds[i] == kind).collect();
        let score = score_extraction(
            idx.iter()
                .map(|&i| (pages[i].3.as_str(), results[i].0.as_str())),
        );
        let count = |r: Refused| idx.iter().filter(|&&i| results[i].1 == r).count();
        let gold_empty = idx
            .iter()
            .filter(|&&i| pages[i].3.trim().is_empty())
            .count();
        let refused = idx.len() - count(Refused::No);
        out.insert(
            kind.to_string(),
            json!({
                "pages": idx.len(),
                "f1": score.f1,
                "refused": refused,
                "refused_pct": (refused as f64 * 1000.0 / idx.len().max(1) as f64).round() / 10.0,
                "refused_by_model": count(Refused::ByModel),
                "refused_by_reader": count(Refused::ByReader),
                "gold_text_empty": gold_empty,
            }),
        );
    }
    Value::Object(out)
}

pub fn dates(a: &DatesArgs) -> anyhow::Result<()> {
    let gold = read_gold(&a.gold)?;
    let mut pages = Vec::with_capacity(gold.len());
    let mut files = Vec::with_capacity(gold.len());
    for (key, g) in &gold {
        // The htmldate format (`{url: {file, date}}`) or an extraction gold with dates
        // (WCXB: `{id: {url, date}}`, the page at `<id>.html.gz`).
        let (url, file) = match (
            g.get("file").and_then(Value::as_str),
            g.get("url").and_then(Value::as_str),
        ) {
            (Some(file), _) => (key.clone(), file),
            (None, Some(url)) => (url.to_string(), key.as_str()),
            (None, None) => anyhow::bail!("{key}: no `file` and no `url`"),
        };
        if let Some(want) = &a.page_type {
            if g.get("page_type").and_then(Value::as_str) != Some(want.as_str()) {
                continue;
            }
        }
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

#[derive(Debug, clap::Args)]
pub struct TrainPageTypeArgs {
    /// `{id: {page_type, url, ...}}` (the WCXB format: page_type article, listing,
    /// collection or product).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Folder of `<id>.html.gz` (or `<id>.html`) pages.
    #[arg(long, value_name = "DIR")]
    pub html: PathBuf,
    /// Where to write the model (the shipped one is crates/extract/models/page_type.txt).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Cross-validation folds, pages split by site (no site in two folds).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// The most articles the model may refuse in cross-validation, in percent of the
    /// articles the page reader accepts; the refusal point is the highest that keeps to it.
    #[arg(long, default_value_t = 1.5)]
    pub max_article_refused: f64,
    /// L2 penalty (0.1: judged with `--hold-out 30` against 0.001 and 0.03).
    #[arg(long, default_value_t = 0.1)]
    pub l2: f64,
    /// Gradient rounds.
    #[arg(long, default_value_t = 1500)]
    pub rounds: usize,
    /// More pages that are all articles (news), as `GOLD=DIR` pairs: an extraction gold
    /// (`{id: {url}}`, pages `DIR/<id>.html.gz`) or a dates gold (`{url: {file}}`).
    /// News is what crosscheck reads; WCXB is mostly other writing.
    #[arg(long, value_name = "GOLD=DIR")]
    pub more_articles: Vec<String>,
    /// Set aside the pages of this percentage of sites: no fold, fit or refusal point
    /// sees them, and the report ends with how the finished model does on them.
    #[arg(long, value_name = "PCT", default_value_t = 0)]
    pub hold_out: u64,
    /// Write each page's id, kind, out-of-fold probabilities and signals as JSON lines.
    #[arg(long, value_name = "FILE")]
    pub dump: Option<PathBuf>,
}

/// `crosscheck train page-type`: fits the page-type model, judges it by cross-validation
/// over sites, and writes it.
pub fn train_page_type(a: &TrainPageTypeArgs) -> anyhow::Result<()> {
    use crosscheck_extract::html::{page_type, read_page_signals};
    let gold = read_gold(&a.gold)?;
    let mut xs = Vec::with_capacity(gold.len());
    let mut ys = Vec::with_capacity(gold.len());
    let mut hosts = Vec::with_capacity(gold.len());
    let mut reader_refused = Vec::with_capacity(gold.len());
    let mut ids = Vec::with_capacity(gold.len());
    // Which set each page came from (0: the main gold, then each --more-articles).
    let mut sources: Vec<usize> = Vec::with_capacity(gold.len());
    for (id, g) in &gold {
        let kind = g.get("page_type").and_then(Value::as_str).unwrap_or("");
        let Some(y) = page_type::KINDS.iter().position(|k| *k == kind) else {
            anyhow::bail!(
                "{id}: page_type {kind:?} is not one of {:?}",
                page_type::KINDS
            );
        };
        let url = g.get("url").and_then(Value::as_str);
        let (_, text) = page_text(&a.html, id)?;
        let (page, x) = read_page_signals(&text, url);
        let Some(x) = x else { continue };
        ids.push(id.clone());
        sources.push(0);
        xs.push(x);
        ys.push(y);
        hosts.push(
            url.and_then(crosscheck_model::url_host)
                .unwrap_or_else(|| id.clone()),
        );
        reader_refused.push(page.no_content.is_some());
    }
    for (n, pair) in a.more_articles.iter().enumerate() {
        let (gold_path, dir) = pair
            .split_once('=')
            .with_context(|| format!("--more-articles {pair}: expected GOLD=DIR"))?;
        for (key, g) in read_gold(Path::new(gold_path))? {
            let (name, url) = match g.get("file").and_then(Value::as_str) {
                Some(file) => (file.to_string(), Some(key.clone())),
                None => (
                    key.clone(),
                    g.get("url").and_then(Value::as_str).map(str::to_string),
                ),
            };
            let (_, text) = page_text(Path::new(dir), &name)?;
            let (page, x) = read_page_signals(&text, url.as_deref());
            let Some(x) = x else { continue };
            ids.push(key.clone());
            sources.push(n + 1);
            xs.push(x);
            ys.push(0);
            hosts.push(
                url.as_deref()
                    .and_then(crosscheck_model::url_host)
                    .unwrap_or_else(|| key.clone()),
            );
            reader_refused.push(page.no_content.is_some());
        }
    }
    let folds = a.folds.max(2);
    // A fixed hash of the site (FNV-1a), so the folds are the same on every run.
    let hash = |h: &str, salt: u8| {
        h.bytes()
            .chain([salt])
            .fold(0xcbf2_9ce4_8422_2325u64, |acc, b| {
                (acc ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            })
    };
    let fold_of = |h: &str| (hash(h, 0) % folds as u64) as usize;
    let held: Vec<bool> = hosts
        .iter()
        .map(|h| hash(h, 1) % 100 < a.hold_out)
        .collect();
    let mut held_out = Vec::new();
    if a.hold_out > 0 {
        fn keep<T>(v: &mut Vec<T>, held: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                !held[i - 1]
            });
        }
        held_out = (0..xs.len())
            .filter(|&i| held[i])
            .map(|i| (xs[i], ys[i], reader_refused[i]))
            .collect();
        keep(&mut xs, &held);
        keep(&mut ys, &held);
        keep(&mut hosts, &held);
        keep(&mut reader_refused, &held);
        keep(&mut ids, &held);
        keep(&mut sources, &held);
    }
    // Out-of-fold probabilities.
    let mut oof = vec![[0.0f64; 4]; xs.len()];
    for f in 0..folds {
        let train: Vec<usize> = (0..xs.len()).filter(|&i| fold_of(&hosts[i]) != f).collect();
        let tx: Vec<_> = train.iter().map(|&i| xs[i]).collect();
        let ty: Vec<_> = train.iter().map(|&i| ys[i]).collect();
        let m = page_type::train(&tx, &ty, a.l2, a.rounds);
        for i in (0..xs.len()).filter(|&i| fold_of(&hosts[i]) == f) {
            oof[i] = m.probs(&xs[i]);
        }
    }
    // The refusal curve: articles the model refuses (of those the reader accepts), and
    // other pages refused by the reader or the model.
    let articles_read = (0..xs.len())
        .filter(|&i| ys[i] == 0 && !reader_refused[i])
        .count()
        .max(1);
    let others = ys.iter().filter(|&&y| y != 0).count().max(1);
    let at = |t: f64| {
        let art = (0..xs.len())
            .filter(|&i| ys[i] == 0 && !reader_refused[i] && oof[i][0] < t)
            .count();
        let oth = (0..xs.len())
            .filter(|&i| ys[i] != 0 && (reader_refused[i] || oof[i][0] < t))
            .count();
        (
            art as f64 * 100.0 / articles_read as f64,
            oth as f64 * 100.0 / others as f64,
        )
    };
    let grid: Vec<f64> = (1..=60).map(|i| f64::from(i) / 100.0).collect();
    let chosen = grid
        .iter()
        .copied()
        .filter(|&t| at(t).0 <= a.max_article_refused)
        .fold(0.01, f64::max);
    let curve: Vec<Value> = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, chosen]
        .iter()
        .map(|&t| {
            let (art, oth) = at(t);
            json!({"refuse_below": t, "articles_refused_pct": (art * 100.0).round() / 100.0,
                   "others_refused_pct": (oth * 100.0).round() / 100.0})
        })
        .collect();
    let right = (0..xs.len())
        .filter(|&i| {
            let p = oof[i];
            (0..4).max_by(|&x, &y| p[x].total_cmp(&p[y])) == Some(ys[i])
        })
        .count();
    // Articles refused in cross-validation, per set.
    let by_set: Vec<Value> = (0..=a.more_articles.len())
        .map(|set| {
            let arts: Vec<usize> = (0..xs.len())
                .filter(|&i| sources[i] == set && ys[i] == 0)
                .collect();
            json!({
                "set": if set == 0 { a.gold.display().to_string() } else { a.more_articles[set - 1].clone() },
                "articles": arts.len(),
                "refused_by_model_cv": arts.iter().filter(|&&i| !reader_refused[i] && oof[i][0] < chosen).count(),
                "refused_by_reader": arts.iter().filter(|&&i| reader_refused[i]).count(),
            })
        })
        .collect();
    let reader_refused_articles = (0..xs.len())
        .filter(|&i| ys[i] == 0 && reader_refused[i])
        .count();
    if let Some(path) = &a.dump {
        let mut out = String::new();
        for i in 0..xs.len() {
            let signals: Map<String, Value> = page_type::FEATURES
                .iter()
                .zip(&xs[i])
                .map(|((n, _), v)| (n.to_string(), json!(v)))
                .collect();
            out.push_str(&serde_json::to_string(
                &json!({"id": ids[i], "kind": page_type::KINDS[ys[i]],
                "reader_refused": reader_refused[i], "p": oof[i], "signals": signals}),
            )?);
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    let mut model = page_type::train(&xs, &ys, a.l2, a.rounds);
    model.refuse_below = chosen;
    let (art, oth) = at(chosen);
    let mut report = json!({
        "pages": xs.len(),
        "folds": folds,
        "kind_accuracy_cv": (right as f64 / xs.len().max(1) as f64 * 10_000.0).round() / 10_000.0,
        "refuse_below": chosen,
        "articles_refused_by_model_pct_cv": (art * 100.0).round() / 100.0,
        "articles_refused_by_reader": reader_refused_articles,
        "others_refused_pct_cv": (oth * 100.0).round() / 100.0,
        "curve": curve,
        "articles_by_set": by_set,
    });
    if !held_out.is_empty() {
        let arts: Vec<_> = held_out.iter().filter(|h| h.1 == 0).collect();
        let others: Vec<_> = held_out.iter().filter(|h| h.1 != 0).collect();
        let refused = |h: &&(_, usize, bool)| h.2 || model.probs(&h.0)[0] < chosen;
        report["held_out"] = json!({
            "articles": arts.len(),
            "articles_refused": arts.iter().filter(|h| refused(h)).count(),
            "articles_refused_by_reader": arts.iter().filter(|h| h.2).count(),
            "others": others.len(),
            "others_refused": others.iter().filter(|h| refused(h)).count(),
        });
    }
    println!("{}", serde_json::to_string(&report)?);
    if let Some(out) = &a.out {
        let header = format!(
            "The page-type model of crosscheck (multinomial logistic regression; see\n\
             crates/extract/src/html/page_type.rs). Written by:\n  \
             crosscheck train page-type --gold WCXB_GOLD --html WCXB_DIR{} --out FILE \
             --folds {folds} --max-article-refused {} --l2 {} --rounds {}\n\
             Trained on {} pages: the development split of the Web Content Extraction\n\
             Benchmark (WCXB, CC-BY-4.0; its page-type labels), and as articles the pages of\n\
             the article-extraction-benchmark (MIT) and htmldate's test pages (Apache-2.0)\n\
             when given with --more-articles. Only weights are kept here, no page text.\n\
             Cross-validated over sites: {report}",
            a.more_articles
                .iter()
                .map(|m| format!(
                    " --more-articles {}",
                    m.rsplit_once('=').map_or("", |_| "GOLD=DIR")
                ))
                .collect::<String>(),
            a.max_article_refused,
            a.l2,
            a.rounds,
            xs.len()
        );
        std::fs::write(out, model.to_text(&header))
            .with_context(|| format!("writing {}", out.display()))?;
        eprintln!("wrote {}", out.display());
    }
    Ok(())
}
