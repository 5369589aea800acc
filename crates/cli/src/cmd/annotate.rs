//! `crosscheck annotate FILE...`: what the annotate stage finds in each input, without
//! storing: entities, quantities, quotes, attributions and time expressions. `annotate --rebuild` annotates the stored articles again; ingest
//! annotates new ones and `article ID --json` shows them.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crosscheck_annotate::Annotator;
use crosscheck_engine::settings::Settings;
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
    /// One JSON object per document: {file, entities: [{text, type, key, media, start,
    /// end, sentence}], quantities: [{text, value, low, high, modifier, unit, counted,
    /// change, start, end, sentence}], quotes: [{text, speaker, speaker_key, cue, start,
    /// end, sentence}], attributions: [{source, source_kind, source_key, cue, content,
    /// start, end, ...}], times: [{text, kind, value, start, end, sentence}]}; a document
    /// with no article gives {file, error}. Offsets are bytes into the article body
    /// (`extract`).
    #[arg(long)]
    pub json: bool,
}

pub fn run(settings: &Settings, a: Args) -> anyhow::Result<ExitCode> {
    if a.rebuild {
        let n = crosscheck_engine::pipeline::rebuild_annotations(
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
                    &serde_json::json!({
                        "file": art.source,
                        "entities": ann.entities,
                        "quantities": ann.quantities,
                        "quotes": ann.quotes,
                        "attributions": ann.attributions,
                        "times": ann.times,
                    }),
                )?;
                writeln!(out)?;
                continue;
            }
            writeln!(out, "== {}", art.source)?;
            // The body with each kind marked: entities <<Name|PER>>, quantities [[13]],
            // times {{on Friday}}, cues ^^said^^ (a mark inside another is left out).
            let mut spans: Vec<(usize, usize, String, String)> = ann
                .entities
                .iter()
                .map(|e| (e.start, e.end, "<<".to_string(), format!("|{}>>", e.kind)))
                .chain(
                    ann.quantities
                        .iter()
                        .map(|q| (q.start, q.end, "[[".into(), "]]".into())),
                )
                .chain(
                    ann.times
                        .iter()
                        .map(|t| (t.start, t.end, "{{".into(), "}}".into())),
                )
                .chain(
                    ann.attributions
                        .iter()
                        .map(|a| (a.cue_span.0, a.cue_span.1, "^^".into(), "^^".into())),
                )
                .collect();
            spans.sort_unstable();
            let mut marked = String::new();
            let mut at = 0;
            for (start, end, open, close) in spans {
                if start < at || end > art.body.len() {
                    continue;
                }
                marked.push_str(&art.body[at..start]);
                marked.push_str(&open);
                marked.push_str(&art.body[start..end]);
                marked.push_str(&close);
                at = end;
            }
            marked.push_str(&art.body[at..]);
            writeln!(out, "{marked}\n")?;
            if !ann.entities.is_empty() {
                // Each entity once, with its mention count and the names it went by.
                let mut by_key: std::collections::BTreeMap<(&str, &str), Vec<&str>> =
                    Default::default();
                for e in &ann.entities {
                    by_key
                        .entry((e.key.as_str(), e.kind))
                        .or_default()
                        .push(e.text.as_str());
                }
                writeln!(out, "  entities:")?;
                for ((key, kind), names) in &by_key {
                    let mut forms: Vec<&str> = names.clone();
                    forms.sort_unstable();
                    forms.dedup();
                    let media = if crosscheck_annotate::entity::is_media(key) {
                        " (outlet)"
                    } else {
                        ""
                    };
                    writeln!(
                        out,
                        "    {kind:<5} {key:<28} x{:<3} {}{media}",
                        names.len(),
                        forms.join(" / ")
                    )?;
                }
            }
            for a in &ann.attributions {
                writeln!(
                    out,
                    "  s{:<3} {:<8} {:<12} {:<10} {}",
                    a.sentence + 1,
                    "claim",
                    a.source_kind,
                    a.cue,
                    match (&a.source, &a.source_key) {
                        (Some(s), Some(k)) if crosscheck_annotate::entity::key_of(s) != *k =>
                            format!("{s} (= {k})"),
                        (Some(s), _) => s.clone(),
                        (None, _) => "(no source found)".into(),
                    },
                )?;
            }
            for q in &ann.quotes {
                let mut text: String = q.text.chars().take(70).collect();
                if text.len() < q.text.len() {
                    text.push('…');
                }
                writeln!(
                    out,
                    "  s{:<3} {:<8} {:<24} “{text}”",
                    q.sentence + 1,
                    "quote",
                    q.speaker_key
                        .as_deref()
                        .or(q.speaker.as_deref())
                        .unwrap_or("(speaker unknown)"),
                )?;
            }
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
