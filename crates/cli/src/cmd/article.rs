//! `crosscheck article ID`

use std::io::Write;
use std::process::ExitCode;

use crosscheck_engine::settings::Settings;
use crosscheck_model::{CopyKind, Relation, Removed, SourceKind, StoredArticle};
use crosscheck_store::Store;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article id, or any unique prefix of it (at least 4 characters).
    id: String,
    /// JSON: see README.md, "article --json".
    #[arg(long)]
    json: bool,
}

/// The documented JSON form of one article.
#[derive(Debug, Serialize)]
pub struct ArticleJson<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub kind: SourceKind,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub title: Option<&'a str>,
    pub standfirst: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub published: Option<&'a str>,
    pub published_raw: Option<&'a str>,
    pub version: u32,
    pub previous_version: Option<&'a str>,
    pub next_version: Option<&'a str>,
    pub ingested_at: &'a str,
    pub decoded_from: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub meta: &'a Map<String, Value>,
    pub body: &'a str,
    pub paragraphs: Vec<&'a str>,
    pub sentences: Vec<&'a str>,
    pub removed: &'a [Removed],
    /// Copies of this article and articles it copies.
    pub relations: Vec<RelationJson<'a>>,
    /// What the annotate stage found (`[]` for an article stored before it existed:
    /// `annotate --rebuild` fills them in): entities with keys, quantities, quotes with
    /// speakers, attributions and times. Offsets are bytes into `body`.
    pub entities: Value,
    pub quantities: Value,
    pub quotes: Value,
    pub attributions: Value,
    /// Time expressions with their TimeML values (`[]` likewise).
    pub times: Value,
}

/// One copy relation as seen from an article: `source` is the original's id or null.
#[derive(Debug, Serialize)]
pub struct RelationJson<'a> {
    pub other: &'a str,
    pub kind: CopyKind,
    pub score: f64,
    pub source: Option<&'a str>,
    pub reason: &'a str,
}

impl<'a> ArticleJson<'a> {
    pub fn of(s: &'a StoredArticle, relations: &'a [Relation], annotations: Option<&str>) -> Self {
        let parsed = annotations.and_then(|j| serde_json::from_str::<Value>(j).ok());
        let kind = |k: &str| {
            parsed
                .as_ref()
                .and_then(|v| v.get(k).cloned())
                .unwrap_or_else(|| Value::Array(Vec::new()))
        };
        let (entities, quantities, quotes, attributions, times) = (
            kind("entities"),
            kind("quantities"),
            kind("quotes"),
            kind("attributions"),
            kind("times"),
        );
        let a = &s.article;
        Self {
            id: a.id.as_str(),
            source: &a.source,
            kind: a.kind,
            url: a.url.as_deref(),
            outlet: a.outlet.as_deref(),
            title: a.title.as_deref(),
            standfirst: a.standfirst.as_deref(),
            byline: a.byline.as_deref(),
            published: a.published.as_deref(),
            published_raw: a.record.published.as_deref(),
            version: s.version,
            previous_version: s.previous_version.as_ref().map(|i| i.as_str()),
            next_version: s.next_version.as_ref().map(|i| i.as_str()),
            ingested_at: &s.ingested_at,
            decoded_from: a.decoded_from.as_deref(),
            lang: a.lang.as_deref(),
            meta: &a.record.meta,
            body: &a.body,
            paragraphs: a.paragraph_texts(),
            sentences: a.sentence_texts(),
            removed: &a.removed,
            relations: relations
                .iter()
                .map(|r| RelationJson {
                    other: r.other(&a.id).as_str(),
                    kind: r.kind,
                    score: r.score,
                    source: r.source.as_ref().map(|x| x.as_str()),
                    reason: &r.reason,
                })
                .collect(),
            entities,
            quantities,
            quotes,
            attributions,
            times,
        }
    }
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let store = super::open_store(settings)?;
    let s = store.get(&args.id)?;
    let relations = store.relations_of(&s.article.id)?;
    let annotations = store.annotations_of(&s.article.id)?;
    if args.json {
        super::print_json(&ArticleJson::of(&s, &relations, annotations.as_deref()))?;
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
