//! `crosscheck annotate FILE...`: what the annotate stage finds in each input, without
//! storing: so far quantities and time expressions (issue 18 adds entities, quotes and
//! attributions). `annotate --rebuild` annotates the stored articles again; ingest
//! annotates new ones and `article ID --json` shows them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck::settings::Settings;
use crosscheck_annotate::Annotator;
use crosscheck_ingest::discover;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders (folders are walked; `-` reads stdin).
    #[arg(required_unless_present = "rebuild")]
    pub paths: Vec<PathBuf>,
    /// Annotate every stored article again and store the result (for a store filled
    /// before annotation existed, or after the stage improved). Ingest annotates new
    /// articles itself.
    #[arg(long, conflicts_with = "paths")]
    pub rebuild: bool,
    /// One JSON object per document: {file, quantities: [{text, value, low, high,
    /// modifier, unit, counted, change, start, end, sentence}], times: [{text, kind, value,
    /// start, end, sentence}]}; a document with no article gives {file, error}. Offsets
    /// are bytes into the article body (`extract`).
    #[arg(long)]
    pub json: bool,
}

pub fn run(settings: &Settings, a: Args) -> anyhow::Result<ExitCode> {
    if a.rebuild {
        let n = crosscheck::pipeline::rebuild_annotations(
            settings,
            super::progress(super::Measure::Articles).as_ref(),
        )?;
        eprintln!("annotated {n} stored articles again");
        return Ok(ExitCode::SUCCESS);
    }
    let found = discover(&a.paths);
    let cleaner = settings.clean.clone().build();
    let annotator = Annotator;
    let mut out = std::io::stdout().lock();
    let mut failed = found.rejected.len();
    for r in &found.rejected {
        super::extract::report_error(&mut out, a.json, &r.source, &r.error.to_string())?;
    }
    for input in &found.inputs {
        for doc in input.open(&settings.ingest) {
            let art = match doc
                .map_err(|r| (r.source.clone(), r.error.to_string()))
                .and_then(|raw| {
                    cleaner
                        .run(&raw)
                        .map_err(|e| (raw.source.clone(), e.to_string()))
                }) {
                Ok(art) => art,
                Err((source, error)) => {
                    failed += 1;
                    super::extract::report_error(&mut out, a.json, &source, &error)?;
                    continue;
                }
            };
            let ann = annotator.run(&art);
            if a.json {
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({"file": art.source, "quantities": ann.quantities, "times": ann.times}),
                )?;
                writeln!(out)?;
                continue;
            }
            writeln!(out, "== {}", art.source)?;
            // The body with each quantity marked [[like this]] and each time {{like this}}.
            let mut spans: Vec<(usize, usize, &str, &str)> = ann
                .quantities
                .iter()
                .map(|q| (q.start, q.end, "[[", "]]"))
                .chain(ann.times.iter().map(|t| (t.start, t.end, "{{", "}}")))
                .collect();
            spans.sort_unstable();
            let mut marked = String::new();
            let mut at = 0;
            for (start, end, open, close) in spans {
                if start < at || end > art.body.len() {
                    continue;
                }
                marked.push_str(&art.body[at..start]);
                marked.push_str(open);
                marked.push_str(&art.body[start..end]);
                marked.push_str(close);
                at = end;
            }
            marked.push_str(&art.body[at..]);
            writeln!(out, "{marked}\n")?;
            for q in &ann.quantities {
                let interval = match (q.low, q.high) {
                    (Some(l), Some(h)) if l == h => format!("{l}"),
                    (l, h) => format!(
                        "{} .. {}",
                        l.map_or("-".into(), |v| v.to_string()),
                        h.map_or("-".into(), |v| v.to_string())
                    ),
                };
                writeln!(
                    out,
                    "  s{:<3} {:<6} {:<24} {:<18} {}{}",
                    q.sentence + 1,
                    q.modifier,
                    interval,
                    if q.unit == "-" {
                        q.counted.as_deref().unwrap_or("-")
                    } else {
                        q.unit.as_str()
                    },
                    q.text,
                    q.change
                        .as_deref()
                        .map_or(String::new(), |c| format!("  (change: {c})")),
                )?;
            }
            for t in &ann.times {
                writeln!(
                    out,
                    "  s{:<3} {:<8} {:<24} {}",
                    t.sentence + 1,
                    t.kind,
                    t.value,
                    t.text
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(super::EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}
