//! `crosscheck eval quotes --polnear DIR`: attributions against PolNeAR's brat gold
//! (`DIR/text/*.txt` with `DIR/attributions/<name>_<annotator>.ann`), per role (source,
//! cue, content): exact-span precision, recall and F1 (a gold span is found when a
//! predicted span of the role has its start and end; every annotator's file of an article
//! is counted, as the CofeNet paper counts) and token-overlap F1 (a span is matched when
//! it shares a character with one of the other side). And `crosscheck train attribution
//! --polnear DIR --out FILE`, the command that builds the shipped model.

use std::path::{Path, PathBuf};

use crosscheck_annotate::attribution::{self, Gold};
use crosscheck_annotate::boundary;
use crosscheck_annotate::tagger::{train, Task, ROLES};

#[derive(Debug, clap::Args)]
pub struct QuotesArgs {
    /// A PolNeAR split folder (with `text/` and `attributions/`).
    #[arg(long, value_name = "DIR")]
    polnear: PathBuf,
    /// Score this model file instead of the embedded one (from `train attribution`).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Place the spans' edges with this file's weights (from `train attribution-edges`)
    /// instead of the embedded ones.
    #[arg(long, value_name = "FILE", conflicts_with = "no_edges")]
    edges: Option<PathBuf>,
    /// Leave the spans' edges where the tagger and its rules put them.
    #[arg(long)]
    no_edges: bool,
    /// Print the predicted spans and attributions of the articles whose file name contains
    /// this, and their quotes given a wrong speaker.
    #[arg(long, value_name = "TEXT")]
    show: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// A PolNeAR split folder to learn from (the train split).
    #[arg(long, value_name = "DIR")]
    polnear: PathBuf,
    /// Where to write the model (the shipped one is crates/annotate/models/attribution.zst).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Passes over the training split (30: judged on dev over three shuffles against 12,
    /// 20 and 40; BENCHMARKS.md).
    #[arg(long, default_value_t = 30)]
    epochs: usize,
    /// Seeds the order the documents are read in each pass (0 for the shipped model;
    /// others show how much a score owes to that order).
    #[arg(long, default_value_t = 0)]
    shuffle: u64,
}

#[derive(Debug, clap::Args)]
pub struct TrainEdgesArgs {
    /// A PolNeAR split folder to learn from (the train split).
    #[arg(long, value_name = "DIR")]
    polnear: PathBuf,
    /// Where to write the weights (the shipped ones are
    /// crates/annotate/models/attribution-edges.zst).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Folds: a tagger is trained on all but one and tags that one.
    #[arg(long, default_value_t = 4)]
    folds: usize,
    /// Passes of each fold's tagger over its part of the split (as `train attribution`).
    #[arg(long, default_value_t = 30)]
    tagger_epochs: usize,
    /// Passes of the edge weights over the examples.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Seeds the order the examples are read in each pass (the first run's; run k reads
    /// them in the order of seed + k).
    #[arg(long, default_value_t = 0)]
    shuffle: u64,
    /// Perceptrons trained, each reading the examples in its own order, whose weights are
    /// averaged.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Keep each fold's tagger in this folder (`fold-K-of-N.zst`) and reuse one found there
    /// (for trying edge features without retraining the taggers).
    #[arg(long, value_name = "DIR")]
    fold_models: Option<PathBuf>,
}

/// Every article of the split with its annotators' gold files.
fn read_split(dir: &Path) -> anyhow::Result<Vec<(String, String, Vec<Gold>)>> {
    let read_dir = |p: PathBuf| -> anyhow::Result<Vec<PathBuf>> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&p)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", p.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        v.sort();
        Ok(v)
    };
    let anns = read_dir(dir.join("attributions"))?;
    let mut out = Vec::new();
    for t in read_dir(dir.join("text"))? {
        let Some(stem) = t.file_stem().and_then(|s| s.to_str()).map(str::to_string) else {
            continue;
        };
        let text = super::eval::read_text(&t)?;
        let mut golds = Vec::new();
        for a in &anns {
            let name = a.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let is_ours = name.rsplit_once('_').is_some_and(|(base, _)| base == stem);
            if is_ours {
                let ann = super::eval::read_text(a)?;
                golds.push(attribution::read_ann(&ann));
            }
        }
        if !golds.is_empty() {
            out.push((stem, text, golds));
        }
    }
    anyhow::ensure!(
        !out.is_empty(),
        "no annotated articles under {}",
        dir.display()
    );
    Ok(out)
}

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    predicted: usize,
    exact_found: usize,
    exact_right: usize,
    overlap_found: usize,
    overlap_right: usize,
}

fn f1(hit_gold: usize, gold: usize, hit_pred: usize, pred: usize) -> (f64, f64, f64) {
    let p = hit_pred as f64 / pred.max(1) as f64;
    let r = hit_gold as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

pub fn run(args: &QuotesArgs) -> anyhow::Result<()> {
    let split = read_split(&args.polnear)?;
    let loaded;
    let model = match &args.model {
        Some(p) => {
            let bytes = crosscheck_ingest::gz::read_file(p, 256 << 20)?;
            loaded = train::decode(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            anyhow::ensure!(
                loaded.task == Task::Attribution,
                "{} is not an attribution model",
                p.display()
            );
            &loaded
        }
        None => attribution::model(),
    };
    let loaded_edges;
    let edges = match (&args.edges, args.no_edges) {
        (_, true) => None,
        (Some(p), _) => {
            let bytes = crosscheck_ingest::gz::read_file(p, 256 << 20)?;
            loaded_edges = boundary::Edges::decode(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            Some(&loaded_edges)
        }
        (None, false) => Some(attribution::edges()),
    };
    let mut counts = [Counts::default(); 3];
    // Whole attributions: who (cue and source), what (cue and content), and all three.
    let mut joined = [Counts::default(); 3];
    let mut quote_counts = QuoteCounts::default();
    let t = std::time::Instant::now();
    let mut bytes = 0usize;
    for (name, text, golds) in &split {
        bytes += text.len();
        let paras = attribution::paragraphs(text);
        let c2b = attribution::char_to_byte(text);
        let byte_to_char = |b: usize| c2b.partition_point(|x| *x < b);
        let roles = attribution::role_spans_with(model, edges, text, &paras);
        let predicted: Vec<(usize, usize, usize)> = roles
            .iter()
            .flatten()
            .map(|&(r, s, e)| (r, byte_to_char(s), byte_to_char(e)))
            .collect();
        // Tagged once: the spans above and the attributions assembled from them.
        let (assembled, spoken) = assembled_attributions(text, &paras, &roles, &byte_to_char);
        let text_chars: Vec<char> = text.chars().collect();
        let shown = args.show.as_deref().is_some_and(|s| name.contains(s));
        if shown {
            eprintln!("# {name}");
            for (r, s, e) in &predicted {
                let t: String = text.chars().skip(*s).take(e - s).collect();
                eprintln!("{} {s} {e} {t:?}", ROLES[*r]);
            }
            let at =
                |p: Option<(usize, usize)>| p.map_or("-".to_string(), |(s, e)| format!("{s} {e}"));
            for (source, cue, content) in &assembled {
                eprintln!(
                    "Attribution source {} cue {} content {}",
                    at(*source),
                    at(Some(*cue)),
                    at(*content)
                );
            }
        }
        for gold in golds {
            count_joined(&gold.events, &assembled, &mut joined);
            count_quotes(&text_chars, &gold.events, &spoken, shown, &mut quote_counts);
            for (role, c) in counts.iter_mut().enumerate() {
                let g: Vec<(usize, usize)> = gold
                    .spans
                    .iter()
                    .filter(|s| s.0 == role)
                    .map(|s| (s.1, s.2))
                    .collect();
                let p: Vec<(usize, usize)> = predicted
                    .iter()
                    .filter(|s| s.0 == role)
                    .map(|s| (s.1, s.2))
                    .collect();
                let overlaps = |a: &(usize, usize), b: &(usize, usize)| a.0 < b.1 && b.0 < a.1;
                c.gold += g.len();
                c.predicted += p.len();
                c.exact_found += g.iter().filter(|x| p.contains(x)).count();
                c.exact_right += p.iter().filter(|x| g.contains(x)).count();
                c.overlap_found += g
                    .iter()
                    .filter(|x| p.iter().any(|y| overlaps(x, y)))
                    .count();
                c.overlap_right += p
                    .iter()
                    .filter(|x| g.iter().any(|y| overlaps(x, y)))
                    .count();
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let mut v = serde_json::Map::new();
    for (role, c) in counts.iter().enumerate() {
        let name = ROLES[role].to_lowercase();
        let (p, r, f) = f1(c.exact_found, c.gold, c.exact_right, c.predicted);
        let (op, or, of) = f1(c.overlap_found, c.gold, c.overlap_right, c.predicted);
        v.insert(format!("{name}_f1"), serde_json::json!(f));
        v.insert(format!("{name}_overlap_f1"), serde_json::json!(of));
        v.insert(
            format!("{name}_detail"),
            serde_json::json!({"precision": p, "recall": r, "overlap_precision": op, "overlap_recall": or, "gold": c.gold, "predicted": c.predicted}),
        );
    }
    for (name, c) in ["who", "what", "attribution"].iter().zip(&joined) {
        let (p, r, f) = f1(c.overlap_found, c.gold, c.overlap_right, c.predicted);
        v.insert(format!("{name}_overlap_f1"), serde_json::json!(f));
        v.insert(
            format!("{name}_detail"),
            serde_json::json!({"overlap_precision": p, "overlap_recall": r, "gold": c.gold, "predicted": c.predicted}),
        );
    }
    let share = |n: usize| n as f64 / quote_counts.in_gold.max(1) as f64;
    v.insert(
        "quote_speaker_accuracy".into(),
        serde_json::json!(share(quote_counts.right)),
    );
    v.insert(
        "quote_speakers".into(),
        serde_json::json!({"quotes_in_gold_content": quote_counts.in_gold, "with_speaker": share(quote_counts.with_speaker), "right_when_named": quote_counts.right as f64 / quote_counts.with_speaker.max(1) as f64}),
    );
    v.insert("articles".into(), serde_json::json!(split.len()));
    v.insert(
        "annotation_files".into(),
        serde_json::json!(split.iter().map(|s| s.2.len()).sum::<usize>()),
    );
    v.insert(
        "kb_per_second".into(),
        serde_json::json!((bytes as f64 / 1024.0 / secs).round()),
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::Value::Object(v))?
    );
    Ok(())
}

/// An assembled attribution's parts in characters: (source, cue, content).
type Parts = (
    Option<(usize, usize)>,
    (usize, usize),
    Option<(usize, usize)>,
);

/// The attributions as the product assembles them (each cue with its source and
/// content), in character offsets, from the tagger's role spans.
fn assembled_attributions(
    text: &str,
    paras: &[(usize, usize)],
    roles: &[Vec<attribution::RoleSpan>],
    byte_to_char: &dyn Fn(usize) -> usize,
) -> (Vec<Parts>, Vec<SpokenQuote>) {
    let sentences: Vec<(usize, usize)> = paras
        .iter()
        .flat_map(|&(a, b)| {
            crosscheck_extract::sentences::split(&text[a..b])
                .into_iter()
                .map(move |(s, e)| (a + s, a + e))
        })
        .collect();
    let sentence_of = |b: usize| {
        sentences
            .partition_point(|s| s.1 <= b)
            .min(sentences.len().saturating_sub(1))
    };
    let chars = |(a, b): (usize, usize)| (byte_to_char(a), byte_to_char(b));
    let with_text: Vec<(&str, usize)> = sentences.iter().map(|&(a, b)| (&text[a..b], a)).collect();
    let entities = crosscheck_annotate::entity::entities(&with_text);
    let (atts, quotes) = attribution::assemble(text, roles, &entities, &sentence_of);
    let parts = atts
        .iter()
        .map(|a| {
            (
                a.source_span.map(chars),
                chars(a.cue_span),
                a.content_span.map(chars),
            )
        })
        .collect();
    let quotes = quotes
        .into_iter()
        .map(|q| {
            // A pronoun's speaker is named by the person it stands for.
            let named = match (q.speaker, q.speaker_key) {
                (Some(s), Some(k)) => Some(format!("{s} {k}")),
                (s, _) => s,
            };
            (chars((q.start, q.end)), named)
        })
        .collect();
    (parts, quotes)
}

/// A direct quote (char span) with the speaker the product names.
type SpokenQuote = ((usize, usize), Option<String>);

/// Quotes inside a gold content whose attribution has a source: how many get a speaker,
/// and how many a speaker sharing a word with that source ("Mira Osk" for "Mira Osk, 34,
/// a passenger"; "he" only for "he").
#[derive(Default)]
struct QuoteCounts {
    in_gold: usize,
    with_speaker: usize,
    right: usize,
}

fn count_quotes(
    text_chars: &[char],
    gold: &[attribution::GoldAttribution],
    quotes: &[SpokenQuote],
    show: bool,
    c: &mut QuoteCounts,
) {
    let words = |s: &str| -> Vec<String> {
        s.split(|ch: char| !ch.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !matches!(w.as_str(), "the" | "a" | "an" | "of" | "and"))
            .collect()
    };
    for ((qs, qe), speaker) in quotes {
        let holder = gold
            .iter()
            .find(|g| !g.source.is_empty() && g.content.iter().any(|&(s, e)| *qs < e && s < *qe));
        let Some(g) = holder else {
            continue;
        };
        c.in_gold += 1;
        let Some(speaker) = speaker else {
            continue;
        };
        c.with_speaker += 1;
        let source: String = g
            .source
            .iter()
            .map(|&(s, e)| {
                text_chars[s.min(text_chars.len())..e.min(text_chars.len())]
                    .iter()
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(" ");
        let gold_words = words(&source);
        if words(speaker).iter().any(|w| gold_words.contains(w)) {
            c.right += 1;
        } else if show {
            let q: String = text_chars[*qs..(*qe).min(qs + 60)].iter().collect();
            eprintln!("WRONG speaker {speaker:?} gold {source:?} quote {q:?}");
        }
    }
}

/// Counts whole attributions matched by token overlap: "who" needs the cue and the
/// source, "what" the cue and the content, "attribution" all three (a part absent on
/// both sides matches).
fn count_joined(gold: &[attribution::GoldAttribution], predicted: &[Parts], c: &mut [Counts; 3]) {
    let hits =
        |a: &(usize, usize), frags: &[(usize, usize)]| frags.iter().any(|b| a.0 < b.1 && b.0 < a.1);
    let part = |p: &Option<(usize, usize)>, g: &[(usize, usize)]| match p {
        Some(p) => hits(p, g),
        None => g.is_empty(),
    };
    let matches = |g: &attribution::GoldAttribution, p: &Parts, k: usize| {
        hits(&p.1, &g.cue)
            && (k == 1 || part(&p.0, &g.source))
            && (k == 0 || part(&p.2, &g.content))
    };
    for (k, c) in c.iter_mut().enumerate() {
        c.gold += gold.len();
        c.predicted += predicted.len();
        c.overlap_found += gold
            .iter()
            .filter(|g| predicted.iter().any(|p| matches(g, p, k)))
            .count();
        c.overlap_right += predicted
            .iter()
            .filter(|p| gold.iter().any(|g| matches(g, p, k)))
            .count();
    }
}

pub fn train_model(args: &TrainArgs) -> anyhow::Result<()> {
    let split = read_split(&args.polnear)?;
    // One annotator's file per article: several disagreeing files would teach noise.
    let docs: Vec<train::Document> = split
        .iter()
        .map(|(_, text, golds)| attribution::training_document(text, &golds[0]))
        .collect();
    eprintln!(
        "training on {} articles, {} passes",
        docs.len(),
        args.epochs
    );
    let t = std::time::Instant::now();
    let bytes = train::train(&docs, Task::Attribution, args.epochs, args.shuffle, |e| {
        eprintln!("  {e} ({:.0} s)", t.elapsed().as_secs_f64())
    });
    super::eval::write_file(&args.out, &bytes)?;
    eprintln!("wrote {} ({} KB)", args.out.display(), bytes.len() / 1024);
    Ok(())
}

/// `train attribution-edges`: the split in folds; a tagger trained on the other folds tags
/// each fold, and the edge weights learn from the spans it finds there (so they learn the
/// mistakes of a tagger on articles it never saw, as in use).
pub fn train_edges(args: &TrainEdgesArgs) -> anyhow::Result<()> {
    anyhow::ensure!(args.folds >= 2, "--folds must be 2 or more");
    let split = read_split(&args.polnear)?;
    let t = std::time::Instant::now();
    if let Some(d) = &args.fold_models {
        std::fs::create_dir_all(d)
            .map_err(|e| anyhow::anyhow!("cannot make {}: {e}", d.display()))?;
    }
    let fold_examples: Vec<Vec<boundary::Example>> = {
        use rayon::prelude::*;
        (0..args.folds)
            .into_par_iter()
            .map(|fold| {
                let docs: Vec<train::Document> = split
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % args.folds != fold)
                    .map(|(_, (_, text, golds))| attribution::training_document(text, &golds[0]))
                    .collect();
                let kept = args
                    .fold_models
                    .as_ref()
                    .map(|d| d.join(format!("fold-{}-of-{}.zst", fold + 1, args.folds)));
                let bytes = match kept
                    .as_ref()
                    .and_then(|p| crosscheck_ingest::gz::read_file(p, 256 << 20).ok())
                {
                    Some(b) => b,
                    None => {
                        let b =
                            train::train(&docs, Task::Attribution, args.tagger_epochs, 0, |_| {});
                        if let Some(p) = &kept {
                            if let Err(e) = std::fs::write(p, &b) {
                                eprintln!("cannot keep {}: {e}", p.display());
                            }
                        }
                        b
                    }
                };
                let model =
                    train::decode(&bytes).map_err(|e| anyhow::anyhow!("fold {}: {e}", fold + 1))?;
                eprintln!(
                    "  fold {} of {}: tagger trained on {} articles ({:.0} s)",
                    fold + 1,
                    args.folds,
                    docs.len(),
                    t.elapsed().as_secs_f64()
                );
                Ok(split
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % args.folds == fold)
                    .flat_map(|(_, (_, text, golds))| {
                        attribution::edge_examples(&model, text, &golds[0])
                    })
                    .collect())
            })
            .collect::<anyhow::Result<_>>()?
    };
    let examples: Vec<boundary::Example> = fold_examples.into_iter().flatten().collect();
    eprintln!("{} edges to learn from", examples.len());
    let bytes = boundary::train(&examples, args.epochs, args.shuffle, args.runs);
    super::eval::write_file(&args.out, &bytes)?;
    eprintln!(
        "wrote {} ({} KB, {:.0} s)",
        args.out.display(),
        bytes.len() / 1024,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
