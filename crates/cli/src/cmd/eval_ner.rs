//! `crosscheck eval ner --conll FILE [--model FILE]`: entities against CoNLL-2003-format
//! gold, entity-level precision, recall and F1 as conlleval counts them (exact span and
//! type), overall and per type, with the tagger's tokens per second on one thread; and
//! `crosscheck train ner --conll FILE... --out FILE`, the command that builds the shipped
//! model (from CoNLL-2003's train and testa splits: README.md, "Shipped models").

use std::path::PathBuf;
use std::time::Instant;

use crosscheck_annotate::entity;
use crosscheck_annotate::tagger::train;

#[derive(Debug, clap::Args)]
pub struct NerArgs {
    /// Gold sentences in CoNLL-2003 format (`word POS chunk TAG` per line).
    #[arg(long, value_name = "FILE")]
    conll: PathBuf,
    /// Score this model file instead of the embedded one (from `train ner`).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TrainNerArgs {
    /// Training sentences in CoNLL-2003 format, one file or several (read in turn).
    #[arg(long, value_name = "FILE", num_args = 1.., required = true)]
    conll: Vec<PathBuf>,
    /// Where to write the model (the shipped one is crates/annotate/models/ner.zst).
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Passes over the data.
    #[arg(long, default_value_t = 20)]
    epochs: usize,
    /// Seeds the order the documents are read in each pass (0 for the shipped model;
    /// others show how much a score owes to that order).
    #[arg(long, default_value_t = 0)]
    shuffle: u64,
}

fn read(path: &std::path::Path) -> anyhow::Result<Vec<train::Document>> {
    let text = super::eval::read_text(path)?;
    train::read_conll(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

pub fn run(args: &NerArgs) -> anyhow::Result<()> {
    let docs = read(&args.conll)?;
    let loaded;
    let model = match &args.model {
        Some(p) => {
            let bytes = crosscheck_ingest::gz::read_file(p, 256 << 20)?;
            loaded = train::decode(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            &loaded
        }
        None => entity::model(),
    };
    // The word-cluster table is read once per process, before the clock starts.
    crosscheck_annotate::tagger::clusters::table();
    let t = Instant::now();
    let scores = train::evaluate(model, &docs, crosscheck_annotate::entity::name_spans);
    let secs = t.elapsed().as_secs_f64();
    let mut v = serde_json::to_value(&scores)?;
    v["tokens_per_second"] = serde_json::json!((scores.tokens as f64 / secs).round());
    v["documents"] = serde_json::json!(docs.len());
    println!("{}", serde_json::to_string_pretty(&v)?);
    Ok(())
}

pub fn train_model(args: &TrainNerArgs) -> anyhow::Result<()> {
    let mut docs = Vec::new();
    for path in &args.conll {
        docs.extend(read(path)?);
    }
    let sentences: usize = docs.iter().map(Vec::len).sum();
    eprintln!(
        "training on {} documents, {sentences} sentences, {} passes",
        docs.len(),
        args.epochs
    );
    let t = Instant::now();
    let bytes = train::train(
        &docs,
        crosscheck_annotate::tagger::Task::Entities,
        args.epochs,
        args.shuffle,
        |e| eprintln!("  {e} ({:.0} s)", t.elapsed().as_secs_f64()),
    );
    super::eval::write_file(&args.out, &bytes)?;
    let model = train::decode_passes(&bytes)?;
    eprintln!(
        "wrote {} ({} KB, {} weighted features)",
        args.out.display(),
        bytes.len() / 1024,
        model.first.len() + model.second.len()
    );
    Ok(())
}
