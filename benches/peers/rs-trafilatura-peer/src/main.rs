//! `rs-trafilatura-peer LISTING`: reads JSON lines `{key, file, url}` (written by
//! `crosscheck eval extraction --peer-rs`), reads every page (gunzipped) before the clock
//! starts, then times `rs_trafilatura::extract_bytes_with_options` (charset decoding
//! included) on one thread. Prints one JSON object: tool, seconds, pages_per_s,
//! `predictions` `{key: text}`, `page_types` `{key: type}` and `dates` `{key: YYYY-MM-DD}`.

use std::io::{BufRead, Read};
use std::time::Instant;

use serde_json::{json, Map, Value};

fn read(path: &str) -> Vec<u8> {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    if data.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&data[..])
            .read_to_end(&mut out)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        out
    } else {
        data
    }
}

fn main() {
    let listing = std::env::args().nth(1).expect("usage: rs-trafilatura-peer LISTING");
    let file = std::fs::File::open(&listing).expect("listing");
    let mut pages = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let v: Value = serde_json::from_str(&line.expect("line")).expect("json line");
        let key = v["key"].as_str().expect("key").to_string();
        let url = v["url"].as_str().map(str::to_string);
        let bytes = read(v["file"].as_str().expect("file"));
        pages.push((key, url, bytes));
    }
    let (mut texts, mut types, mut dates) = (Map::new(), Map::new(), Map::new());
    let start = Instant::now();
    let mut results = Vec::with_capacity(pages.len());
    for (_, url, bytes) in &pages {
        let options = rs_trafilatura::Options {
            url: url.clone(),
            ..Default::default()
        };
        results.push(rs_trafilatura::extract_bytes_with_options(bytes, &options).ok());
    }
    let secs = start.elapsed().as_secs_f64();
    for ((key, _, _), r) in pages.iter().zip(results) {
        let Some(r) = r else {
            texts.insert(key.clone(), json!(""));
            continue;
        };
        texts.insert(key.clone(), json!(r.content_text));
        if let Some(t) = r.metadata.page_type {
            types.insert(key.clone(), json!(t.to_lowercase()));
        }
        if let Some(d) = r.metadata.date {
            dates.insert(key.clone(), json!(d.format("%Y-%m-%d").to_string()));
        }
    }
    println!(
        "{}",
        json!({
            "tool": "rs-trafilatura 0.2.2",
            "seconds": (secs * 1000.0).round() / 1000.0,
            "pages_per_s": (pages.len() as f64 / secs * 10.0).round() / 10.0,
            "predictions": texts,
            "page_types": types,
            "dates": dates,
        })
    );
}
