//! Prints the time expressions of stdin (one document; the first line is the creation
//! date, YYYY-MM-DD) as JSON lines: `cargo run -p crosscheck-annotate --example times`.
use std::io::Read;

fn main() {
    let mut all = String::new();
    if std::io::stdin().read_to_string(&mut all).is_err() {
        return;
    }
    let (first, text) = all.split_once('\n').unwrap_or((&all, ""));
    let dct = chrono::NaiveDate::parse_from_str(first.trim(), "%Y-%m-%d").ok();
    for t in crosscheck_annotate::time::times(text, dct) {
        println!("{}", serde_json::to_string(&t).unwrap_or_default());
    }
}
