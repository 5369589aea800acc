//! `crosscheck eval clustering`: stories as a stream against gold events.
//!
//! Reads a labelled news set, feeds it through clean -> copies -> cluster in publication
//! order (no store), and scores the stories against the gold events (BCubed and
//! pairwise). Then it shuffles the order a few times and reports how far each shuffled
//! clustering is from the publication-order one (BCubed F1 between the two), and each
//! one's F1 against the gold.

use std::path::{Path, PathBuf};

use anyhow::Context;
use crosscheck::corpus::Rng;
use crosscheck_cluster::score::{score, Scores};
use crosscheck_engine::pipeline::cluster_in_memory;
use crosscheck_engine::settings::Settings;
use crosscheck_model::{InputRecord, RawDoc, SourceKind};
use serde::Serialize;
use serde_json::Value;

/// `eval clustering` options.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A JSON list of events, each with its articles (the galaxy/wikinews format).
    #[arg(long, value_name = "FILE", conflicts_with = "uci")]
    pub galaxy: Option<PathBuf>,
    /// The UCI news aggregator CSV (headlines only; STORY is the label).
    #[arg(long, value_name = "FILE")]
    pub uci: Option<PathBuf>,
    /// The MMDS format: `{articles: [{title, sentences: [{content}]}], clusters: [label]}`.
    /// It has no publication times: the file's order is the stream's. Label 166, the
    /// set's catch-all, is not a story: each of its articles counts as its own.
    #[arg(long, value_name = "FILE")]
    pub mmds: Option<PathBuf>,
    /// A folder with `articles.jsonl` of `{incident, url, outlet, published, title, text}`
    /// (../shared/eval/reconcile/gva): one story per incident, real publication dates.
    #[arg(long, value_name = "DIR")]
    pub gva: Option<PathBuf>,
    /// How many shuffled orders to compare with the publication order.
    #[arg(long, default_value_t = 5)]
    pub orders: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Cluster on words alone, without copy links.
    #[arg(long)]
    pub no_copies: bool,
    /// Cluster settings to try instead of the defaults, as JSON (any subset of the
    /// fields of `ClusterConfig`, e.g. '{"join_threshold": 0.25}').
    #[arg(long, value_name = "JSON")]
    pub cluster: Option<String>,
    /// Count every article's terms into the IDF before the stream starts, as a store
    /// with an archive would have (the stream still sees articles one at a time).
    #[arg(long)]
    pub warm_idf: bool,
    /// A Python interpreter with scikit-learn (a virtualenv outside the repository),
    /// to run benches/peers/sklearn_clustering.py on the same articles.
    #[arg(long, value_name = "PYTHON")]
    pub peer: Option<PathBuf>,
    /// Also write each article's gold event, story and title as JSON lines, in
    /// publication order: for reading the mistakes.
    #[arg(long, value_name = "FILE")]
    pub assignments: Option<PathBuf>,
}

/// One labelled article.
pub(super) struct Labelled {
    pub(super) doc: RawDoc,
    time: i64,
    pub(super) label: String,
}

#[derive(Debug, Serialize)]
struct OrderReport {
    orders: usize,
    seed: u64,
    /// BCubed F1 between each shuffled order's stories and the publication order's.
    bcubed_f1_vs_publication_order: Vec<f64>,
    mean: f64,
    min: f64,
    /// Each shuffled order's BCubed F1 against the gold.
    bcubed_f1_vs_gold: Vec<f64>,
}

#[derive(Debug, Serialize)]
struct Report {
    dataset: String,
    articles: usize,
    events: usize,
    stories: usize,
    /// Articles joined to a story because they copy an earlier one.
    copies_linked: usize,
    /// Articles the cleaner refused (their raw words were used).
    unclean: usize,
    scores: Scores,
    order: OrderReport,
    /// Wrong merges and wrong splits, counted apart (a merge makes the counts and facts of
    /// two events wrong; a split only repeats a story).
    mistakes: Mistakes,
    /// scikit-learn on the same articles in the same order (with --peer).
    #[serde(skip_serializing_if = "Option::is_none")]
    peers: Option<Value>,
}

#[derive(Debug, Serialize)]
struct Mistakes {
    /// Stories holding more than one gold event.
    stories_merging_events: usize,
    /// Articles outside their story's largest gold event.
    articles_wrongly_merged: usize,
    /// Gold events spread over more than one story.
    events_split: usize,
    /// Articles outside their event's largest story.
    articles_wrongly_split: usize,
    /// The five stories with the most articles of other events, each with its events.
    worst_merges: Vec<Value>,
    /// The five events with the most articles outside their main story, with the stories.
    worst_splits: Vec<Value>,
}

/// Groups of `key` with, for each, the counts of `other` and a few titles of each.
fn groups<'a>(
    items: &'a [Labelled],
    key: &'a [&'a str],
    other: &'a [&'a str],
) -> std::collections::BTreeMap<&'a str, std::collections::BTreeMap<&'a str, Vec<&'a str>>> {
    let mut out: std::collections::BTreeMap<&str, std::collections::BTreeMap<&str, Vec<&str>>> =
        Default::default();
    for (i, l) in items.iter().enumerate() {
        let title = l.doc.record.title.as_deref().unwrap_or("");
        out.entry(key[i])
            .or_default()
            .entry(other[i])
            .or_default()
            .push(title);
    }
    out
}

/// The wrong merges and splits of `pred` against `gold`, the worst five of each.
fn mistakes(items: &[Labelled], pred: &[&str], gold: &[&str]) -> Mistakes {
    let side = |key: &[&str], other: &[&str], name: &str, parts: &str| {
        let mut rows: Vec<(usize, Value)> = Vec::new();
        let (mut groups_wrong, mut articles_wrong) = (0, 0);
        for (k, members) in groups(items, key, other) {
            if members.len() < 2 {
                continue;
            }
            let total: usize = members.values().map(Vec::len).sum();
            let largest = members.values().map(Vec::len).max().unwrap_or(0);
            let wrong = total - largest;
            groups_wrong += 1;
            articles_wrong += wrong;
            let mut parts_list: Vec<(&str, &Vec<&str>)> =
                members.iter().map(|(o, t)| (*o, t)).collect();
            parts_list.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
            let shown: Vec<Value> = parts_list
                .iter()
                .map(|(o, titles)| {
                    serde_json::json!({
                        "id": o,
                        "articles": titles.len(),
                        "titles": titles.iter().take(2).collect::<Vec<_>>(),
                    })
                })
                .collect();
            rows.push((
                wrong,
                serde_json::json!({ name: k, "articles": total, "wrong": wrong, parts: shown }),
            ));
        }
        rows.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.to_string().cmp(&b.1.to_string()))
        });
        let worst = rows.into_iter().take(5).map(|(_, v)| v).collect();
        (groups_wrong, articles_wrong, worst)
    };
    let (m, ma, worst_merges) = side(pred, gold, "story", "events");
    let (s, sa, worst_splits) = side(gold, pred, "event", "stories");
    Mistakes {
        stories_merging_events: m,
        articles_wrongly_merged: ma,
        events_split: s,
        articles_wrongly_split: sa,
        worst_merges,
        worst_splits,
    }
}

fn time_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => m.get("$date").and_then(time_of),
        Value::Number(n) => n.as_i64().map(|ms| {
            chrono::DateTime::from_timestamp_millis(ms)
                .map(|t| t.to_rfc3339())
                .unwrap_or_default()
        }),
        _ => None,
    }
}

fn parse_time(s: &str) -> i64 {
    crosscheck_engine::pipeline::published_time(s).unwrap_or(0)
}

/// The galaxy format: a list of events, each `{title, articles: [{title, text, ext_url,
/// created_at}]}`. `created_at` may be a string or `{"$date": ...}`. It is taken as the
/// publication time, as the data gives it. (In wikinews_big it is the crawl time: all 335
/// pages within 12 hours. Ordering by the dates the cleaner finds instead, in the page or
/// its URL, dates only 102 of them and scored 0.764 rather than 0.779.)
pub(super) fn read_galaxy(path: &Path) -> anyhow::Result<Vec<Labelled>> {
    let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let events: Vec<Value> = serde_json::from_reader(std::io::BufReader::new(f))
        .with_context(|| format!("{} is not a JSON list of events", path.display()))?;
    let mut out = Vec::new();
    for (e, event) in events.iter().enumerate() {
        let label = format!("event-{e}");
        let articles = event
            .get("articles")
            .and_then(Value::as_array)
            .with_context(|| format!("event {e} has no \"articles\" list"))?;
        for (i, a) in articles.iter().enumerate() {
            let text = a.get("text").and_then(Value::as_str).unwrap_or_default();
            let published = a.get("created_at").and_then(time_of);
            let rec = InputRecord {
                url: a.get("ext_url").and_then(Value::as_str).map(str::to_owned),
                title: a.get("title").and_then(Value::as_str).map(str::to_owned),
                published: published.clone(),
                text: text.to_owned(),
                ..Default::default()
            };
            let source = format!("{}#{e}.{i}", path.display());
            out.push(Labelled {
                time: published.as_deref().map_or(0, parse_time),
                doc: RawDoc::new(source, SourceKind::Json, None, rec),
                label: label.clone(),
            });
        }
    }
    Ok(out)
}

/// The MMDS set: articles with their sentences and a parallel list of labels.
fn read_mmds(path: &Path) -> anyhow::Result<Vec<Labelled>> {
    let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let set: Value = serde_json::from_reader(std::io::BufReader::new(f))
        .with_context(|| format!("{} is not JSON", path.display()))?;
    let articles = set
        .get("articles")
        .and_then(Value::as_array)
        .with_context(|| format!("{} has no \"articles\" list", path.display()))?;
    let labels = set
        .get("clusters")
        .and_then(Value::as_array)
        .with_context(|| format!("{} has no \"clusters\" list", path.display()))?;
    anyhow::ensure!(
        articles.len() == labels.len(),
        "{}: {} articles but {} labels",
        path.display(),
        articles.len(),
        labels.len()
    );
    let mut out = Vec::new();
    for (i, (a, label)) in articles.iter().zip(labels).enumerate() {
        let text: Vec<&str> = a
            .get("sentences")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|s| s.get("content").and_then(Value::as_str))
            .collect();
        let label = match label {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        // The catch-all holds unrelated articles: each is its own story.
        let label = if label == "166" {
            format!("166-{i}")
        } else {
            label
        };
        let rec = InputRecord {
            title: a.get("title").and_then(Value::as_str).map(str::to_owned),
            text: text.join("\n\n"),
            ..Default::default()
        };
        out.push(Labelled {
            time: 0,
            doc: RawDoc::new(
                format!("{}#{i}", path.display()),
                SourceKind::Json,
                None,
                rec,
            ),
            label,
        });
    }
    Ok(out)
}

/// The GVA set as stories: one per incident, with the articles' own dates and outlets.
fn read_gva(dir: &Path) -> anyhow::Result<Vec<Labelled>> {
    let path = dir.join("articles.jsonl");
    let text = super::eval::read_text(&path)?;
    let mut out = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let a: Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
        let field = |k: &str| a.get(k).and_then(Value::as_str).map(str::to_owned);
        let label = field("incident")
            .with_context(|| format!("{}:{}: no incident", path.display(), n + 1))?;
        let published = field("published");
        let rec = InputRecord {
            url: field("url"),
            outlet: field("outlet"),
            title: field("title"),
            published: published.clone(),
            text: field("text").unwrap_or_default(),
            ..Default::default()
        };
        out.push(Labelled {
            time: published.as_deref().map_or(0, parse_time),
            doc: RawDoc::new(
                format!("{}:{}", path.display(), n + 1),
                SourceKind::Json,
                None,
                rec,
            ),
            label,
        });
    }
    Ok(out)
}

/// The UCI headline CSV: `ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP`
/// (milliseconds). Titles only: the title is also the text. Rows without a story or a
/// title are skipped and counted.
fn read_uci(path: &Path) -> anyhow::Result<(Vec<Labelled>, usize)> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let headers = r.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{} has no {name} column", path.display()))
    };
    let (title, url, publisher, story, ts) = (
        col("TITLE")?,
        col("URL")?,
        col("PUBLISHER")?,
        col("STORY")?,
        col("TIMESTAMP")?,
    );
    let (mut out, mut skipped) = (Vec::new(), 0usize);
    for (n, row) in r.records().enumerate() {
        let Ok(row) = row else {
            skipped += 1;
            continue;
        };
        let (Some(t), Some(s)) = (row.get(title), row.get(story)) else {
            skipped += 1;
            continue;
        };
        if t.trim().is_empty() || s.trim().is_empty() {
            skipped += 1;
            continue;
        }
        let ms: i64 = row.get(ts).and_then(|x| x.parse().ok()).unwrap_or(0);
        let published = chrono::DateTime::from_timestamp_millis(ms).map(|d| d.to_rfc3339());
        let rec = InputRecord {
            url: row.get(url).map(str::to_owned),
            outlet: row.get(publisher).map(str::to_owned),
            title: Some(t.to_owned()),
            published,
            text: t.to_owned(),
            ..Default::default()
        };
        out.push(Labelled {
            time: ms / 1000,
            doc: RawDoc::new(
                format!("{}#{}", path.display(), n + 2),
                SourceKind::Json,
                None,
                rec,
            ),
            label: s.to_owned(),
        });
    }
    Ok((out, skipped))
}

pub fn run(settings: &Settings, args: &Args) -> anyhow::Result<()> {
    let (galaxy, uci) = (args.galaxy.as_deref(), args.uci.as_deref());
    let (mmds, gva) = (args.mmds.as_deref(), args.gva.as_deref());
    let (orders, seed, no_copies, warm_idf) =
        (args.orders, args.seed, args.no_copies, args.warm_idf);
    let peer = args.peer.as_deref();
    let (dataset, mut items) = match (galaxy, uci) {
        _ if mmds.is_some() || gva.is_some() => match (mmds, gva) {
            (Some(m), None) if galaxy.is_none() && uci.is_none() => {
                (m.display().to_string(), read_mmds(m)?)
            }
            (None, Some(g)) if galaxy.is_none() && uci.is_none() => {
                (g.display().to_string(), read_gva(g)?)
            }
            _ => anyhow::bail!("give one of --galaxy, --uci, --mmds or --gva"),
        },
        (Some(g), None) => (g.display().to_string(), read_galaxy(g)?),
        (None, Some(u)) => {
            let (items, skipped) = read_uci(u)?;
            if skipped > 0 {
                eprintln!(
                    "{}: {skipped} rows without a title or story skipped",
                    u.display()
                );
            }
            (u.display().to_string(), items)
        }
        _ => anyhow::bail!("give one of --galaxy FILE, --uci FILE, --mmds FILE or --gva DIR"),
    };
    if items.is_empty() {
        anyhow::bail!("{dataset} has no articles");
    }
    // Publication order; ties keep the file's order.
    items.sort_by_key(|l| l.time);
    let fallback = items.iter().map(|l| l.time).max().unwrap_or(0);
    let stream = |order: &[usize]| -> anyhow::Result<Vec<String>> {
        let docs: Vec<RawDoc> = order.iter().map(|&i| items[i].doc.clone()).collect();
        let got = cluster_in_memory(settings, &docs, !no_copies, fallback, warm_idf)?;
        // Back to item order, so clusterings of different orders line up.
        let mut by_item = vec![String::new(); items.len()];
        for (&i, o) in order.iter().zip(&got) {
            by_item[i] = o.story.to_string();
        }
        Ok(by_item)
    };
    let natural: Vec<usize> = (0..items.len()).collect();
    let docs: Vec<RawDoc> = items.iter().map(|l| l.doc.clone()).collect();
    let outcomes = cluster_in_memory(settings, &docs, !no_copies, fallback, warm_idf)?;
    let pred: Vec<String> = outcomes.iter().map(|o| o.story.to_string()).collect();
    let gold: Vec<&str> = items.iter().map(|l| l.label.as_str()).collect();
    let scores = score(&pred, &gold);
    if let Some(path) = &args.assignments {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        );
        for ((l, story), o) in items.iter().zip(&pred).zip(&outcomes) {
            let rec = serde_json::json!({
                "gold": l.label,
                "story": story,
                "copy": o.copy,
                "title": l.doc.record.title,
                "url": l.doc.record.url,
            });
            writeln!(f, "{rec}")?;
        }
        f.flush()?;
    }
    debug_assert_eq!(stream(&natural)?, pred);

    let mut rng = Rng::new(seed);
    let mut vs_order = Vec::new();
    let mut vs_gold = Vec::new();
    for _ in 0..orders {
        let mut order = natural.clone();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let shuffled = stream(&order)?;
        vs_order.push(round(score(&shuffled, &pred).bcubed_f1));
        vs_gold.push(round(score(&shuffled, &gold).bcubed_f1));
    }
    let mean = if vs_order.is_empty() {
        1.0
    } else {
        vs_order.iter().sum::<f64>() / vs_order.len() as f64
    };
    let min = vs_order.iter().copied().fold(1.0, f64::min);
    let mut events: Vec<&str> = gold.clone();
    events.sort_unstable();
    events.dedup();
    let mut stories: Vec<&str> = pred.iter().map(String::as_str).collect();
    stories.sort_unstable();
    stories.dedup();
    let peers = match peer {
        Some(python) => Some(run_peer(python, &items)?),
        None => None,
    };
    let report = Report {
        dataset,
        articles: items.len(),
        events: events.len(),
        stories: stories.len(),
        copies_linked: outcomes.iter().filter(|o| o.copy).count(),
        unclean: outcomes.iter().filter(|o| o.unclean).count(),
        scores: Scores {
            bcubed_precision: round(scores.bcubed_precision),
            bcubed_recall: round(scores.bcubed_recall),
            bcubed_f1: round(scores.bcubed_f1),
            pairwise_precision: round(scores.pairwise_precision),
            pairwise_recall: round(scores.pairwise_recall),
            pairwise_f1: round(scores.pairwise_f1),
        },
        order: OrderReport {
            orders,
            seed,
            bcubed_f1_vs_publication_order: vs_order,
            mean: round(mean),
            min: round(min),
            bcubed_f1_vs_gold: vs_gold,
        },
        mistakes: mistakes(
            &items,
            &pred.iter().map(String::as_str).collect::<Vec<_>>(),
            &gold,
        ),
        peers,
    };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// Runs benches/peers/sklearn_clustering.py on the articles, in publication order.
fn run_peer(python: &Path, items: &[Labelled]) -> anyhow::Result<Value> {
    let lines = items.iter().map(|l| {
        serde_json::json!({
            "title": l.doc.record.title,
            "text": l.doc.record.text,
            "label": l.label,
        })
    });
    super::peer::run(python, "sklearn_clustering.py", &[], lines)
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
