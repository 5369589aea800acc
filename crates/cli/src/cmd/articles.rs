//! `crosscheck articles`

use std::io::Write;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;
use crosscheck_store::{ListQuery, Store};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// JSON: a list of {id, source, url, outlet, title, published, version}.
    #[arg(long)]
    json: bool,
    /// Only articles of this outlet (any case).
    #[arg(long)]
    outlet: Option<String>,
    /// At most this many rows.
    #[arg(long)]
    limit: Option<usize>,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let store = super::open_store(settings)?;
    let query = ListQuery {
        outlet: args.outlet,
        limit: args.limit,
        after_seq: None,
    };
    let rows = store.list(&query)?;
    if args.json {
        super::print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<12}  {:<20}  {:<10}  {:<28}  TITLE",
        "ID", "OUTLET", "PUBLISHED", "SOURCE"
    )?;
    for r in &rows {
        let published = r
            .published
            .as_deref()
            .map_or("-", |p| p.get(..10).unwrap_or(p));
        let title = match r.version {
            1 => r.title.clone().unwrap_or_else(|| "(no headline)".into()),
            v => format!("{} [v{v}]", r.title.as_deref().unwrap_or("(no headline)")),
        };
        writeln!(
            out,
            "{:<12}  {:<20}  {:<10}  {:<28}  {}",
            r.id.short(),
            super::clip(r.outlet.as_deref().unwrap_or("-"), 20),
            published,
            super::clip_left(&r.source, 28),
            super::clip(&title, 70)
        )?;
    }
    let total = store.count_matching(&query)?;
    if (rows.len() as u64) < total {
        writeln!(out, "{} of {total} articles (--limit)", rows.len())?;
    } else {
        writeln!(out, "{total} article{}", if total == 1 { "" } else { "s" })?;
    }
    Ok(ExitCode::SUCCESS)
}
