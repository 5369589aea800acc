//! `crosscheck eval ...`: each prints one JSON object of metrics.

use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;
use crosscheck_extract::eval::{parse_fixture, Tally};
use crosscheck_model::{RawDoc, SourceKind};

#[derive(Debug, clap::Subcommand)]
pub enum Eval {
    /// Residue removal on annotated scrapes (`T| `, `S| `, `B| `, `M| `, `R| ` per line;
    /// see tests/fixtures/residue/README.md). Prints precision, recall and f1 of removing
    /// residue, lines wrongly removed and wrongly kept, headline and standfirst accuracy,
    /// and every mistake.
    Residue {
        /// Folder of annotated `.txt` fixtures (searched recursively).
        dir: PathBuf,
    },
    /// Sentence paraphrase decision on the MSRP format (TSV: Quality, #1 ID, #2 ID,
    /// #1 String, #2 String; Quality 1 = paraphrase). Prints accuracy, precision,
    /// recall and f1 of the paraphrase class. With --fit, fits the model on FILE
    /// instead and prints the fitted config (how the defaults were made: fit on train);
    /// add --test DEV to also score that fitted config on another file. With --cv K,
    /// cross-validates the three models (logistic, trees, blend) over K folds of FILE instead.
    /// Several --msrp files are read as one.
    Paraphrase {
        #[arg(long, value_name = "FILE", required = true, num_args = 1..)]
        msrp: Vec<PathBuf>,
        #[arg(long)]
        fit: bool,
        /// With --fit: a held-out file to score the freshly fitted model on.
        #[arg(long, value_name = "FILE", requires = "fit")]
        test: Option<PathBuf>,
        /// With --fit: boosted depth-2 trees (200, shrinkage 0.05) instead of the logistic model.
        #[arg(long, requires = "fit", conflicts_with = "blend")]
        trees: bool,
        /// With --fit: the blend (the mean of the trees' and the logistic model's
        /// probabilities), the default model's kind.
        #[arg(long, requires = "fit")]
        blend: bool,
        /// With --fit: also write the fitted model in the layout of the embedded default
        /// (crates/dedup/src/model.json).
        #[arg(long, value_name = "FILE", requires = "fit")]
        model_out: Option<PathBuf>,
        /// Cross-validate the three models over K stratified folds of the --msrp file(s): each
        /// pair is judged by models fitted (thresholds included) on the other folds.
        #[arg(long, value_name = "K", conflicts_with = "fit")]
        cv: Option<usize>,
        /// Also write every pair's label and features as CSV (header: label and the feature
        /// names), for trying other classifiers outside crosscheck.
        #[arg(long, value_name = "CSV")]
        features_out: Option<PathBuf>,
        /// Score the default model with each pair's IDF learned from its own two sentences
        /// instead of from the whole file: the least text an IDF can come from (`compare`
        /// learns it from the two articles), to see how much the model leans on it.
        #[arg(long, conflicts_with_all = ["fit", "cv"])]
        pair_idf: bool,
    },
    /// Copy decisions between reports of one event, on the galaxy/wikinews format: compares
    /// every pair of articles within each gold event (as `compare` does) and prints how many
    /// pairs got each kind, and every pair judged a copy, with both URLs, for reading. Such
    /// pairs are mostly independent reports of the same event; the real copies among them are
    /// reprints, wire copy and an outlet's own updates.
    ///
    /// With `--events FILE.jsonl` instead (one article per line with an `incident` or
    /// `event` field, e.g. the GVA dev set): ingests the file into a new store in a
    /// temporary folder, as `ingest` would (furniture learning and copy detection
    /// included), and counts the copy families whose members report different events.
    Copies {
        #[arg(long, value_name = "FILE", required_unless_present = "events")]
        galaxy: Option<PathBuf>,
        #[arg(long, value_name = "FILE", conflicts_with = "galaxy")]
        events: Option<PathBuf>,
    },
    /// Stories as a stream against gold events: clusters the articles in publication
    /// order (clean -> copies -> cluster, no store) and prints BCubed and pairwise
    /// precision, recall and F1, then the same for shuffled orders (order sensitivity).
    Clustering(super::eval_clustering::Args),
    /// Main text of web pages against gold bodies (the article-extraction-benchmark
    /// format). Prints F1, precision and recall with the benchmark's metric (it agrees
    /// with score_extraction.py), and pages per second on one thread.
    Extraction(super::eval_extraction::ExtractionArgs),
    /// Publication dates of web pages against gold days (the htmldate test format).
    /// Prints accuracy, the pages with no date found, and where the dates came from.
    Dates(super::eval_extraction::DatesArgs),
    /// Quantities against gold sentences (the NewsQuant / CQE JSON format): value,
    /// value+unit and value+change F1 by the CQE evaluation's metric, per file.
    Quantities(super::eval_quantities::QuantitiesArgs),
    /// Time expressions against TimeML gold (TempEval-3 Task A): relaxed, strict, value
    /// and type F1 over every `.tml` file under the folder.
    Time(super::eval_time::TimeArgs),
    /// Reconciled counts against the Gun Violence Archive's totals (`--gva DIR` with
    /// articles.jsonl and gold.json): killed and injured exact accuracy, coverage, and the
    /// accuracy of figures agreed by two or more independent sources against
    /// single-source ones.
    Facts(super::eval_facts::FactsArgs),
    /// Cross-document event coreference against ECB+ (`--ecbplus FILE`, gold mentions
    /// given): mention-pair P/R/F1 across documents, MUC, B³, CEAF-e and CoNLL F1.
    Events(super::eval_events::EventsArgs),
    /// Named entities against CoNLL-2003-format gold: conlleval's entity-level precision,
    /// recall and F1, overall and per type, and tokens per second on one thread.
    Ner(super::eval_ner::NerArgs),
    /// Attributions against PolNeAR's brat gold: exact-span and overlap F1 for source,
    /// cue and content.
    Quotes(super::eval_quotes::QuotesArgs),
}

#[derive(Debug, clap::Subcommand)]
pub enum Train {
    /// The entity tagger, from CoNLL-2003-format sentences.
    Ner(super::eval_ner::TrainNerArgs),
    /// The attribution tagger (source, cue, content), from PolNeAR-format articles.
    Attribution(super::eval_quotes::TrainArgs),
    /// Where attribution spans start and end: weights learned from what taggers trained on
    /// part of a PolNeAR split find in the rest (jackknifed), against its gold.
    AttributionEdges(super::eval_quotes::TrainEdgesArgs),
    /// The page-type model (article, listing, collection, product), from WCXB-format
    /// pages with their page types; cross-validated over sites.
    PageType(super::eval_extraction::TrainPageTypeArgs),
    /// The word-cluster table both taggers read, from spaCy's English Brown clusters
    /// (`en_lexeme_cluster.json.gz` of the `spacy-lookups-data` package). Retrain the
    /// taggers after changing it.
    Clusters(TrainClustersArgs),
    /// The background document frequencies of the stories stage, from spaCy's English
    /// word probabilities (`en_lexeme_prob.json.gz` of the `spacy-lookups-data` package).
    Background(TrainBackgroundArgs),
}

#[derive(Debug, clap::Args)]
pub struct TrainBackgroundArgs {
    /// `en_lexeme_prob.json.gz` (or the unzipped JSON): `{word: log probability}`, from
    /// `spacy_lookups_data/data/` inside the spacy-lookups-data 1.0.5 wheel.
    #[arg(long, value_name = "FILE")]
    spacy_lookups: std::path::PathBuf,
    /// Words rarer than this natural-log probability are left out (as good as unseen).
    #[arg(long, default_value_t = -15.5, allow_negative_numbers = true)]
    min_log_prob: f64,
    /// Where to write the table (the shipped one is crates/cluster/models/background.zst).
    #[arg(long, value_name = "FILE")]
    out: std::path::PathBuf,
}

fn train_background(args: &TrainBackgroundArgs) -> anyhow::Result<()> {
    let text = read_text(&args.spacy_lookups)?;
    let map: std::collections::BTreeMap<String, f64> = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.spacy_lookups.display()))?;
    let table = crosscheck_cluster::background::Background::from_words(
        map.iter().map(|(w, p)| (w.as_str(), *p)),
        args.min_log_prob,
    );
    let bytes = table.encode();
    write_file(&args.out, &bytes)?;
    eprintln!(
        "wrote {} ({} KB): {} terms from {} words",
        args.out.display(),
        bytes.len() / 1024,
        table.len(),
        map.len()
    );
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct TrainClustersArgs {
    /// `en_lexeme_cluster.json.gz` (or the unzipped JSON): `{word: path}`, from
    /// `spacy_lookups_data/data/` inside the spacy-lookups-data 1.0.5 wheel.
    #[arg(long, value_name = "FILE")]
    spacy_lookups: std::path::PathBuf,
    /// Where to write the table (the shipped one is crates/annotate/models/clusters.zst).
    #[arg(long, value_name = "FILE")]
    out: std::path::PathBuf,
}

fn train_clusters(args: &TrainClustersArgs) -> anyhow::Result<()> {
    let text = read_text(&args.spacy_lookups)?;
    let map: std::collections::HashMap<String, u64> = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.spacy_lookups.display()))?;
    let words = map.len();
    let pairs = map
        .into_iter()
        .filter_map(|(w, p)| u32::try_from(p).ok().map(|p| (w, p)));
    let bytes = crosscheck_annotate::tagger::clusters::encode(pairs);
    let table = crosscheck_annotate::tagger::clusters::decode(&bytes);
    write_file(&args.out, &bytes)?;
    eprintln!(
        "wrote {} ({} KB): {} of {words} words have a cluster",
        args.out.display(),
        bytes.len() / 1024,
        table.len()
    );
    Ok(())
}

/// An evaluation file as text (capped like every input; gzip read through).
/// Writes a trained model or table, naming the file when it cannot.
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

pub fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    let bytes = crosscheck_ingest::gz::read_file(path, 256 << 20)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8", path.display()))
}

pub fn train(t: Train) -> anyhow::Result<ExitCode> {
    match t {
        Train::Ner(args) => super::eval_ner::train_model(&args)?,
        Train::Attribution(args) => super::eval_quotes::train_model(&args)?,
        Train::AttributionEdges(args) => super::eval_quotes::train_edges(&args)?,
        Train::PageType(args) => super::eval_extraction::train_page_type(&args)?,
        Train::Clusters(args) => train_clusters(&args)?,
        Train::Background(args) => train_background(&args)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Precision, recall and F1 of `credits` against `predicted` and `gold` counts (0 when
/// either is empty), for the span-matching evaluations.
pub fn prf(credits: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = credits as f64 / predicted.max(1) as f64;
    let r = credits as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

pub fn run(settings: &Settings, e: Eval) -> anyhow::Result<ExitCode> {
    match e {
        Eval::Residue { dir } => residue(settings, &dir),
        Eval::Paraphrase {
            msrp,
            fit,
            test,
            trees,
            blend,
            model_out,
            cv,
            features_out,
            pair_idf,
        } => {
            if let Some(out) = &features_out {
                write_features(&msrp, out)?;
            }
            if let Some(k) = cv {
                return cross_validate_paraphrase(&msrp, k);
            }
            let model = if trees {
                Model::Trees
            } else if blend {
                Model::Blend
            } else {
                Model::Logistic
            };
            let fit = fit.then_some(Fit {
                model,
                test: test.as_deref(),
                model_out: model_out.as_deref(),
            });
            paraphrase(&msrp, fit, pair_idf)
        }
        Eval::Copies { galaxy, events } => {
            match (galaxy, events) {
                (Some(g), _) => copies_within_events(settings, &g)?,
                (None, Some(e)) => families_across_events(settings, &e)?,
                (None, None) => anyhow::bail!("give --galaxy FILE or --events FILE"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Eval::Quotes(args) => {
            super::eval_quotes::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Eval::Ner(args) => {
            super::eval_ner::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Eval::Time(args) => {
            super::eval_time::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Eval::Events(args) => {
            super::eval_events::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Eval::Facts(args) => {
            super::eval_facts::run(settings, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Eval::Quantities(args) => {
            super::eval_quantities::run(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Eval::Extraction(args) => {
            super::eval_extraction::extraction(settings, &args)?;
            Ok(ExitCode::SUCCESS)
        }
        Eval::Dates(args) => {
            super::eval_extraction::dates(&args)?;
            Ok(ExitCode::SUCCESS)
        }
        Eval::Clustering(args) => {
            let mut settings = settings.clone();
            if let Some(json) = &args.cluster {
                settings.cluster =
                    serde_json::from_str(json).map_err(|e| anyhow::anyhow!("--cluster: {e}"))?;
            }
            super::eval_clustering::run(&settings, &args)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn residue(settings: &Settings, dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    use crosscheck_ingest::{discover, InputFormat};
    let cleaner = settings.clean.clone().build();
    // Fixtures are read the way `ingest` reads scrapes: same walk (sorted, hidden entries
    // skipped), same size cap and decoding.
    let found = discover(&[dir.to_path_buf()]);
    if let Some(r) = found.rejected.first() {
        anyhow::bail!("{r}");
    }
    let fixtures: Vec<_> = found
        .inputs
        .iter()
        .filter(|i| i.format == InputFormat::Text)
        .collect();
    if fixtures.is_empty() {
        anyhow::bail!("no .txt fixtures under {}", dir.display());
    }
    let mut tally = Tally::default();
    for input in fixtures {
        let path = input.path.clone().unwrap_or_default();
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let doc = input
            .open(&settings.ingest)
            .next()
            .ok_or_else(|| anyhow::anyhow!("{}: empty", input.display))?
            .map_err(|r| anyhow::anyhow!("{r}"))?;
        let fx = parse_fixture(&doc.record.text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", input.display))?;
        let raw = RawDoc::new(name.clone(), SourceKind::Text, None, fx.record.clone());
        let article = cleaner.run(&raw).ok();
        tally.add(&name, &fx, article.as_ref());
    }
    super::print_json(&tally.metrics())?;
    Ok(ExitCode::SUCCESS)
}

/// Reads MSRP pairs: (is_paraphrase, sentence 1, sentence 2).
fn read_msrp(path: &std::path::Path) -> anyhow::Result<Vec<(bool, String, String)>> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut pairs = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        let line = line.trim_start_matches('\u{feff}');
        if i == 0 && line.starts_with("Quality") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<String> = line.split('\t').map(str::to_string).collect();
        anyhow::ensure!(
            cols.len() >= 5 && (cols.len() - 5).is_multiple_of(4),
            "{}:{}: expected 5 tab-separated columns, found {}",
            path.display(),
            i + 1,
            cols.len()
        );
        // The public MSRP train file has records run together on one line (a newline lost
        // after the second sentence, which then ends with the next record's label).
        let mut cols = cols;
        let mut quality = cols[0].trim().to_string();
        let mut k = 0;
        loop {
            let mut second = cols[k + 4].clone();
            let next_quality = if cols.len() > k + 5 {
                second.pop().map(String::from)
            } else {
                None
            };
            pairs.push((quality == "1", cols[k + 3].clone(), second));
            match next_quality {
                Some(q) => {
                    quality = q;
                    cols[k + 4] = String::new();
                    k += 4;
                }
                None => break,
            }
        }
    }
    anyhow::ensure!(!pairs.is_empty(), "{}: no pairs", path.display());
    Ok(pairs)
}

/// One labelled pair: paraphrase or not, and the two sentences.
type LabelledPair = (bool, crosscheck_dedup::Sentence, crosscheck_dedup::Sentence);

/// The file's pairs as sentences, with IDF learned from the file's own sentences (never its
/// labels): as over a store, the weights come from the text at hand.
fn msrp_sentences(paths: &[PathBuf]) -> anyhow::Result<(Vec<LabelledPair>, crosscheck_dedup::Idf)> {
    use crosscheck_dedup::{Idf, Sentence};
    let mut pairs = Vec::new();
    for path in paths {
        pairs.extend(
            read_msrp(path)?
                .into_iter()
                .map(|(label, a, b)| (label, Sentence::new(&a), Sentence::new(&b))),
        );
    }
    let idf = Idf::learn(pairs.iter().flat_map(|(_, a, b)| [a, b]));
    Ok((pairs, idf))
}

fn write_features(path: &[PathBuf], out: &std::path::Path) -> anyhow::Result<()> {
    use std::io::Write;
    let (pairs, idf) = msrp_sentences(path)?;
    let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
    writeln!(w, "label,{}", crosscheck_dedup::FEATURE_NAMES.join(","))?;
    for (label, a, b) in &pairs {
        let f = crosscheck_dedup::features(a, b, &idf);
        let cols: Vec<String> = f.iter().map(|v| format!("{v:.6}")).collect();
        writeln!(w, "{},{}", u8::from(*label), cols.join(","))?;
    }
    w.flush()?;
    Ok(())
}

/// `eval paraphrase --cv K`: the three models cross-validated on the same folds.
fn cross_validate_paraphrase(paths: &[PathBuf], k: usize) -> anyhow::Result<ExitCode> {
    use crosscheck_dedup::{cross_validate, features, fit_blend, fit_logistic, fit_trees};
    anyhow::ensure!(k >= 2, "--cv needs at least 2 folds, got {k}");
    let (pairs, idf) = msrp_sentences(paths)?;
    let x: Vec<_> = pairs.iter().map(|(_, a, b)| features(a, b, &idf)).collect();
    let y: Vec<bool> = pairs.iter().map(|p| p.0).collect();
    let r = |v: f64| (v * 10_000.0).round() / 10_000.0;
    let show = |c: crosscheck_dedup::CrossValidated| serde_json::json!({"accuracy": r(c.accuracy), "f1": r(c.f1)});
    super::print_json(&serde_json::json!({
        "pairs": pairs.len(),
        "folds": k,
        "logistic": show(cross_validate(&x, &y, k, fit_logistic)),
        "trees": show(cross_validate(&x, &y, k, fit_trees)),
        "blend": show(cross_validate(&x, &y, k, fit_blend)),
    }))?;
    Ok(ExitCode::SUCCESS)
}

/// Which sentence model `eval paraphrase --fit` fits.
#[derive(Debug, Clone, Copy)]
enum Model {
    Logistic,
    Trees,
    Blend,
}

/// `eval paraphrase --fit`: what to fit, what to score it on, where to write it.
struct Fit<'a> {
    model: Model,
    test: Option<&'a std::path::Path>,
    model_out: Option<&'a std::path::Path>,
}

fn paraphrase(path: &[PathBuf], fit: Option<Fit<'_>>, pair_idf: bool) -> anyhow::Result<ExitCode> {
    use crosscheck_dedup::{features, fit_blend, fit_logistic, fit_trees, SimilarityConfig};
    let (pairs, idf) = msrp_sentences(path)?;
    let Some(fit) = fit else {
        let idf = (!pair_idf).then_some(&idf);
        super::print_json(&score(&SimilarityConfig::default().build(), &pairs, idf))?;
        return Ok(ExitCode::SUCCESS);
    };
    let x: Vec<_> = pairs.iter().map(|(_, a, b)| features(a, b, &idf)).collect();
    let y: Vec<bool> = pairs.iter().map(|p| p.0).collect();
    let fitted = match fit.model {
        Model::Logistic => fit_logistic(&x, &y),
        Model::Trees => fit_trees(&x, &y),
        Model::Blend => fit_blend(&x, &y),
    };
    if let Some(out) = fit.model_out {
        std::fs::write(out, crosscheck_dedup::write_model(&fitted.config))
            .map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    }
    let held_out = match fit.test {
        Some(t) => {
            let (tp, tidf) = msrp_sentences(&[t.to_path_buf()])?;
            score(&fitted.config.clone().build(), &tp, Some(&tidf))
        }
        None => serde_json::Value::Null,
    };
    super::print_json(&serde_json::json!({
        "pairs": pairs.len(),
        "train_accuracy": (fitted.train_accuracy * 10_000.0).round() / 10_000.0,
        "test": held_out,
        "config": fitted.config,
    }))?;
    Ok(ExitCode::SUCCESS)
}

/// Scores `sim` on the pairs, with `idf` for all of them, or (`None`) each pair's own.
fn score(
    sim: &crosscheck_dedup::Similarity,
    pairs: &[LabelledPair],
    idf: Option<&crosscheck_dedup::Idf>,
) -> serde_json::Value {
    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    for (label, a, b) in pairs {
        let same = match idf {
            Some(idf) => sim.same_with(a, b, idf),
            None => sim.same_with(a, b, &crosscheck_dedup::Idf::learn([a, b])),
        };
        match (same, *label) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => tn += 1,
        }
    }
    let r = |v: f64| (v * 10_000.0).round() / 10_000.0;
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    serde_json::json!({
        "pairs": pairs.len(),
        "accuracy": r((tp + tn) as f64 / pairs.len().max(1) as f64),
        "precision": r(precision),
        "recall": r(recall),
        "f1": r(f1),
        "threshold": sim.config().threshold,
    })
}

/// `eval copies --events FILE`: copy families that join reports of different events.
fn families_across_events(settings: &Settings, path: &std::path::Path) -> anyhow::Result<()> {
    use crosscheck_store::{SqliteStore, Store};
    use std::collections::{BTreeMap, BTreeSet};
    let dir = std::env::temp_dir().join(format!("crosscheck-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut s = settings.clone();
    s.db = dir.join("events.db");
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", s.db.display()));
    }
    let report = crosscheck_engine::pipeline::ingest(&s, &[path.to_path_buf()], &super::Notes)?;
    let store = SqliteStore::open_read(&s.db)?;
    let mut event_of: BTreeMap<crosscheck_model::ArticleId, String> = BTreeMap::new();
    let mut title_of: BTreeMap<crosscheck_model::ArticleId, (String, String)> = BTreeMap::new();
    store.for_each(&mut |a| {
        let meta = &a.article.record.meta;
        let event = ["incident", "event"]
            .iter()
            .find_map(|k| meta.get(*k))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_default();
        title_of.insert(
            a.article.id.clone(),
            (
                a.article.outlet.clone().unwrap_or_default(),
                a.article.title.clone().unwrap_or_default(),
            ),
        );
        event_of.insert(a.article.id, event);
        Ok(())
    })?;
    let mut relations = Vec::new();
    store.for_each_relation(&mut |r| {
        relations.push(r);
        Ok(())
    })?;
    let ids: Vec<crosscheck_model::ArticleId> = event_of.keys().cloned().collect();
    let families: Vec<_> = crosscheck_dedup::families(&ids, &relations)
        .into_iter()
        .filter(|f| f.members.len() > 1)
        .collect();
    let mut spanning = Vec::new();
    for f in &families {
        let events: BTreeSet<&str> = f
            .members
            .iter()
            .filter_map(|m| event_of.get(m).map(String::as_str))
            .collect();
        if events.len() > 1 {
            let members: Vec<String> = f
                .members
                .iter()
                .filter_map(|m| title_of.get(m))
                .map(|(o, t)| format!("{o}: {t}"))
                .collect();
            spanning.push(serde_json::json!({"events": events, "members": members}));
        }
    }
    let share = spanning.len() as f64 / families.len().max(1) as f64;
    super::print_json(&serde_json::json!({
        "articles": report.new + report.new_versions,
        "rejected": report.rejected.len(),
        "families": families.len(),
        "families_spanning_events": spanning.len(),
        "share_spanning": (share * 1000.0).round() / 1000.0,
        "spanning": spanning,
    }))?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// `eval copies --galaxy FILE`.
fn copies_within_events(settings: &Settings, path: &std::path::Path) -> anyhow::Result<()> {
    use crosscheck_dedup::{
        compare_articles, copy_signs, source_by_text, CompareConfig, SimilarityConfig,
    };
    use std::collections::BTreeMap;
    let items = super::eval_clustering::read_galaxy(path)?;
    let clean = settings.clean.clone().build();
    let mut unclean = 0usize;
    let mut events: BTreeMap<&str, Vec<crosscheck_model::Article>> = BTreeMap::new();
    for item in &items {
        match clean.run(&item.doc) {
            Ok(a) => events.entry(item.label.as_str()).or_default().push(a),
            Err(_) => unclean += 1,
        }
    }
    let sim = SimilarityConfig::default().build();
    let cfg = CompareConfig::default();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut flagged = Vec::new();
    let mut pairs = 0usize;
    for (event, articles) in &events {
        let sentences: Vec<Vec<&str>> = articles.iter().map(|a| a.sentence_texts()).collect();
        for i in 0..articles.len() {
            for j in i + 1..articles.len() {
                let (a, b) = (&articles[i], &articles[j]);
                let c = compare_articles(&sim, &cfg, a, b);
                let kind = serde_json::to_value(c.kind)?
                    .as_str()
                    .unwrap_or("?")
                    .to_string();
                pairs += 1;
                *kinds.entry(kind.clone()).or_default() += 1;
                if kind != "independent" {
                    // What the texts alone say of direction, for reading beside the URLs'
                    // dates: `compare` uses it for rewrites only, it is shown for every kind.
                    let signs = copy_signs(
                        (&a.body, &sentences[i]),
                        (&b.body, &sentences[j]),
                        &c.aligned,
                    );
                    let by_text = source_by_text(&signs, ["a", "b"]);
                    flagged.push(serde_json::json!({
                        "event": event,
                        "kind": kind,
                        "score": c.score,
                        "a": a.url,
                        "b": b.url,
                        "source_by_text": by_text.as_ref().map(|(k, _)| ["a", "b"][*k]),
                        "text_evidence": by_text.map(|(_, why)| why),
                        "copy_points": [signs.0.points(), signs.1.points()],
                    }));
                }
            }
        }
    }
    super::print_json(&serde_json::json!({
        "dataset": path.display().to_string(),
        "articles": items.len(),
        "unclean": unclean,
        "pairs_within_events": pairs,
        "kinds": kinds,
        "flagged": flagged,
    }))
}
