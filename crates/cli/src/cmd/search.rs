//! `crosscheck search QUERY`

use std::io::Write;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;
use crosscheck_store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words (all must match; if no article has all, any may), "quoted phrases", and
    /// `entity:KEY` to keep the articles naming an entity (see `crosscheck entities`;
    /// the key's last word is enough: `entity:maduro`).
    #[arg(required = true)]
    query: Vec<String>,
    /// JSON: a list of {id, outlet, title, published, score, snippet}; matches in the snippet are wrapped in « ».
    #[arg(long)]
    json: bool,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    limit: usize,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let query = args.query.join(" ");
    if query.trim().is_empty() {
        eprintln!("error: give at least one word to search for (e.g. `crosscheck search ferry`)");
        return Ok(ExitCode::from(super::EXIT_FATAL));
    }
    let store = super::open_store(settings)?;
    let hits = store.search(&query, args.limit)?;
    if args.json {
        super::print_json(&hits)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    if hits.is_empty() {
        writeln!(out, "no matches")?;
    }
    for h in &hits {
        writeln!(
            out,
            "{:>6.2}  {}  {}  {}",
            h.score,
            h.id.short(),
            h.outlet.as_deref().unwrap_or("-"),
            h.title.as_deref().unwrap_or("(no headline)")
        )?;
        writeln!(out, "        {}", h.snippet.replace('\n', " "))?;
    }
    Ok(ExitCode::SUCCESS)
}
