//! Runs one extraction crate over a folder of `<id>.html.gz` pages on one thread and
//! writes `{id: {articleBody}}` for score_extraction.py. Prints pages per second.
//!
//! cargo run --release -- rs|go|ds|parse|tokenize HTML_DIR OUT.json

use std::io::Read;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (which, dir, out_path) = match &args[..] {
        [_, w, d, o] => (w.as_str(), d.as_str(), o.as_str()),
        _ => {
            eprintln!("usage: extractor-crates rs|go|ds|parse|tokenize HTML_DIR OUT.json");
            std::process::exit(2);
        }
    };
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    let mut pages = Vec::new();
    for p in names {
        let mut bytes = Vec::new();
        let f = std::fs::File::open(&p).expect("open");
        flate2::read::GzDecoder::new(f).read_to_end(&mut bytes).expect("gunzip");
        let id = p.file_name().and_then(|n| n.to_str()).unwrap_or("").trim_end_matches(".html.gz").to_string();
        pages.push((id, String::from_utf8_lossy(&bytes).into_owned()));
    }
    let start = Instant::now();
    let mut out = serde_json::Map::new();
    for (id, html) in &pages {
        let body = match which {
            "rs" => rs_trafilatura::extract(html).map(|r| r.content_text).unwrap_or_default(),
            "go" => trafilatura::extract(html, &trafilatura::Options::default())
                .map(|r| r.content_text)
                .unwrap_or_default(),
            "ds" => dom_smoothie::Readability::new(html.as_str(), None, None)
                .ok()
                .and_then(|mut r| r.parse().ok())
                .map(|a| a.text_content.to_string())
                .unwrap_or_default(),
            "parse" => {
                let d = scraper::Html::parse_document(html);
                format!("{}", d.tree.nodes().count())
            }
            "tokenize" => {
                use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer};
                struct Sink;
                impl TokenSink for Sink {
                    type Handle = ();
                    fn process_token(&self, _t: Token, _l: u64) -> TokenSinkResult<()> {
                        TokenSinkResult::Continue
                    }
                }
                let q = BufferQueue::default();
                q.push_back(html.as_str().into());
                let t = Tokenizer::new(Sink, Default::default());
                let _ = t.feed(&q);
                t.end();
                String::new()
            }
            other => panic!("unknown extractor {other}"),
        };
        out.insert(id.clone(), serde_json::json!({ "articleBody": body }));
    }
    let secs = start.elapsed().as_secs_f64();
    println!("{which}: {} pages in {secs:.2}s = {:.1} pages/s", pages.len(), pages.len() as f64 / secs);
    std::fs::write(out_path, serde_json::to_string(&out).expect("json")).expect("write");
}
