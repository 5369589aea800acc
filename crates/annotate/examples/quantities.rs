//! Prints the quantities of each line of stdin as JSON lines (for reading the rules'
//! output beside gold data): `cargo run -p crosscheck-annotate --example quantities`.
use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let q = crosscheck_annotate::quantity::quantities(&line);
        println!("{}", serde_json::to_string(&q).unwrap_or_default());
    }
}
