//! `crosscheck entities [--story ID]`: the people, organisations, places and other names
//! the stored articles mention, most widely named first, with the number of articles
//! naming each (in one story, or everywhere). Outlets named in the text are marked.

use std::io::Write;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;
use crosscheck_store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the articles of this story (an id or a unique prefix of one).
    #[arg(long, value_name = "ID")]
    story: Option<String>,
    /// JSON: a list of {key, type, name, media, articles, mentions}.
    #[arg(long)]
    json: bool,
    /// At most this many entities.
    #[arg(long, default_value_t = 50)]
    limit: usize,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let store = super::open_store(settings)?;
    let story = match &args.story {
        Some(id) => Some(store.story(id)?.0.id),
        None => None,
    };
    let list = store.entities(story.as_ref(), args.limit)?;
    if args.json {
        super::print_json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    if list.is_empty() {
        writeln!(
            out,
            "no entities stored (a store filled before annotation: run `crosscheck annotate --rebuild`)"
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:>8} {:>8}  {:<5} {:<30} key",
        "articles", "mentions", "type", "name"
    )?;
    for e in &list {
        writeln!(
            out,
            "{:>8} {:>8}  {:<5} {:<30} {}{}",
            e.articles,
            e.mentions,
            e.kind,
            e.name,
            e.key,
            if e.media { "  (news outlet)" } else { "" }
        )?;
    }
    writeln!(
        out,
        "\nsearch an entity's articles with `crosscheck search entity:KEY`"
    )?;
    Ok(ExitCode::SUCCESS)
}
