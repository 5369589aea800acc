//! `crosscheck eval ...`: each prints one JSON object of metrics.

use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck::settings::Settings;
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
}

pub fn run(settings: &Settings, e: Eval) -> anyhow::Result<ExitCode> {
    match e {
        Eval::Residue { dir } => residue(settings, &dir),
    }
}

#[allow(clippy::disallowed_methods)] // fixtures are small files the team writes
fn residue(settings: &Settings, dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let cleaner = settings.clean.clone().build();
    let mut files: Vec<PathBuf> = walk_txt(dir)?;
    files.sort();
    if files.is_empty() {
        anyhow::bail!("no .txt fixtures under {}", dir.display());
    }
    let mut tally = Tally::default();
    for f in &files {
        let text = std::fs::read_to_string(f)?;
        let fx = parse_fixture(&text).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        let name = f.strip_prefix(dir).unwrap_or(f).display().to_string();
        let raw = RawDoc::new(name.clone(), SourceKind::Text, None, fx.record.clone());
        let article = cleaner.run(&raw).ok();
        tally.add(&name, &fx, article.as_ref());
    }
    super::print_json(&tally.metrics())?;
    Ok(ExitCode::SUCCESS)
}

fn walk_txt(dir: &std::path::Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| anyhow::anyhow!("{}: {e}", d.display()))? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "txt") {
                out.push(p);
            }
        }
    }
    Ok(out)
}
