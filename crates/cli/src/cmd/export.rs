//! `crosscheck export`

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck::settings::Settings;
use crosscheck_model::StoredArticle;
use crosscheck_store::{Store, StoreError};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per line: the input record as given (url, outlet, title, published,
    /// text and every extra field) plus `_crosscheck` with what was derived from it.
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Write here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The export line of one article. Ingesting it gives back the same article and id:
/// the known fields and `meta` rebuild the input record; `_crosscheck` is ignored.
pub fn export_line(s: &StoredArticle) -> Value {
    let a = &s.article;
    let r = &a.record;
    let mut obj = Map::new();
    obj.insert("url".into(), json!(r.url));
    obj.insert("outlet".into(), json!(r.outlet));
    obj.insert("title".into(), json!(r.title));
    obj.insert("published".into(), json!(r.published));
    obj.insert("text".into(), json!(r.text));
    for (k, v) in &r.meta {
        obj.insert(k.clone(), v.clone());
    }
    obj.insert(
        "_crosscheck".into(),
        json!({
            "id": a.id,
            "source": a.source,
            "version": s.version,
            "previous_version": s.previous_version,
            "title": a.title,
            "standfirst": a.standfirst,
            "byline": a.byline,
            "published": a.published,
            "url": a.url,
            "body": a.body,
            "removed": a.removed,
        }),
    );
    Value::Object(obj)
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let Format::Jsonl = args.format;
    let store = super::open_store(settings)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(File::create(p)?)),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let mut io_err = None;
    let walked = store.for_each(&mut |s| {
        let line = export_line(&s);
        let res = serde_json::to_writer(&mut out, &line)
            .map_err(std::io::Error::from)
            .and_then(|_| out.write_all(b"\n"));
        res.map_err(|e| {
            let msg = e.to_string();
            io_err = Some(e);
            StoreError::Callback(msg)
        })
    });
    if let Some(e) = io_err {
        return Err(e.into());
    }
    walked?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
