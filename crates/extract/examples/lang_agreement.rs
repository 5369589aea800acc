//! How often the language detected in an article's text agrees with the one its page
//! declares: reads `crosscheck extract --json` lines on standard input, prints each
//! disagreement and a summary.
//!
//! ```text
//! crosscheck extract --json ../shared/eval/dates/mediacloud/html > md.jsonl
//! cargo run --release -p crosscheck-extract --example lang_agreement < md.jsonl
//! ```
use std::io::BufRead;
fn main() {
    let (mut n, mut same, mut fast_wrong, mut none) = (0, 0, 0, 0);
    let mut spent = std::time::Duration::ZERO;
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            eprintln!("skipped a line that is not JSON");
            continue;
        };
        let (Some(decl), Some(body)) = (v["lang"].as_str(), v["body"].as_str()) else {
            continue;
        };
        let decl = crosscheck_model::primary_language(decl);
        n += 1;
        let t = std::time::Instant::now();
        let detected = crosscheck_extract::lang::detect(body);
        spent += t.elapsed();
        match detected {
            Some(d) if d == decl => same += 1,
            Some(d) => {
                if d == "en" {
                    fast_wrong += 1;
                }
                println!("declared {decl} detected {d}: {}", v["file"]);
            }
            None => none += 1,
        }
    }
    println!("{n} pages declaring a language: detection agrees on {same}, says en against another on {fast_wrong}, gives none on {none}");
    println!(
        "{:.1} microseconds per detection (one thread)",
        spent.as_secs_f64() * 1e6 / n.max(1) as f64
    );
}
