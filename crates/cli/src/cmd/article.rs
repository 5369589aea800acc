//! `crosscheck article ID`

use std::io::Write;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;
use crosscheck_store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article id, or any unique prefix of it (at least 4 characters).
    id: String,
    /// JSON: see README.md, "article --json".
    #[arg(long)]
    json: bool,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let store = super::open_store(settings)?;
    let s = store.get(&args.id)?;
    let relations = store.relations_of(&s.article.id)?;
    let annotations = store.annotations_of(&s.article.id)?;
    if args.json {
        super::print_json(&crosscheck_engine::read::ArticleJson::of(
            &s,
            &relations,
            annotations.as_deref(),
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let a = &s.article;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        a.title.as_deref().unwrap_or("(no headline found)")
    )?;
    if let Some(sf) = &a.standfirst {
        writeln!(out, "{sf}")?;
    }
    writeln!(out)?;
    let field = |k: &str, v: Option<&str>| format!("{k:<10} {}", v.unwrap_or("-"));
    writeln!(out, "{}", field("id", Some(a.id.as_str())))?;
    writeln!(out, "{}", field("outlet", a.outlet.as_deref()))?;
    writeln!(out, "{}", field("byline", a.byline.as_deref()))?;
    writeln!(out, "{}", field("published", a.published.as_deref()))?;
    writeln!(out, "{}", field("url", a.url.as_deref()))?;
    if a.lang.is_some() {
        writeln!(out, "{}", field("lang", a.lang.as_deref()))?;
    }
    writeln!(out, "{}", field("source", Some(&a.source)))?;
    let mut version = format!("{}", s.version);
    if let Some(p) = &s.previous_version {
        version.push_str(&format!(" (previous {})", p.short()));
    }
    if let Some(n) = &s.next_version {
        version.push_str(&format!(" (newer {})", n.short()));
    }
    writeln!(out, "{}", field("version", Some(&version)))?;
    if let Some(enc) = &a.decoded_from {
        writeln!(out, "{}", field("encoding", Some(enc)))?;
    }
    writeln!(
        out,
        "{}",
        field("sentences", Some(&a.sentences.len().to_string()))
    )?;
    writeln!(out)?;
    for p in a.paragraph_texts() {
        writeln!(out, "{p}\n")?;
    }
    if !relations.is_empty() {
        writeln!(out, "copies ({}):", relations.len())?;
        for r in &relations {
            let other = r.other(&a.id);
            let role = match &r.source {
                Some(src) if src == &a.id => "copied by",
                Some(_) => "copy of",
                None => "copy of or copied by",
            };
            writeln!(
                out,
                "  {:<15} {role} {} (score {:.2}; {})",
                r.kind.as_str(),
                other.short(),
                r.score,
                r.reason
            )?;
        }
        writeln!(out)?;
    }
    if !a.removed.is_empty() {
        writeln!(out, "removed {} lines:", a.removed.len())?;
        for r in &a.removed {
            writeln!(out, "  [{}] {}", r.reason, super::clip(&r.text, 90))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
