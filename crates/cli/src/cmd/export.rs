//! `crosscheck export`

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck_engine::export::export_line;
use crosscheck_engine::settings::Settings;
use crosscheck_store::{Store, StoreError};

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
    /// Write here instead of stdout (`-` is stdout).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let Format::Jsonl = args.format;
    let store = super::open_store(settings)?;
    let mut out: Box<dyn Write> = match &args.output {
        // `-o -` is stdout, as everywhere on Unix (it used to create a file named "-").
        Some(p) if p.as_os_str() != "-" => Box::new(BufWriter::new(File::create(p)?)),
        _ => Box::new(BufWriter::new(std::io::stdout().lock())),
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
