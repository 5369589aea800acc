//! A synthetic news corpus for benchmarks and tests: deterministic from a seed,
//! ~5 KB per article, with the residue real scrapes carry. Words are made of syllables
//! and drawn with a skewed (Zipf-like) distribution so the search index grows as it
//! would on real text.

pub mod copies;
pub mod stories;

use std::io::{self, Write};
use std::path::Path;

/// SplitMix64: tiny, fast, deterministic.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Skewed towards 0: small indices are much more frequent.
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }
}

/// The language the generated records declare. The made-up words stand in for English
/// text: they are read with English rules (stemmer, function words), as they were before
/// languages were told apart. Undeclared, language detection would run on every record
/// (the words are not plainly English, so whatlang's models are consulted, a tenth of a
/// millisecond each) and call about a sixth of them Spanish; declaring it, as news API
/// exports do, keeps the copy and ingest figures about what they measure. BENCHMARKS.md
/// gives detection's cost on the undeclared corpus.
pub const LANG: &str = "en";

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "ten", "sor", "vi", "del", "an", "po", "rin", "ta", "mel", "cor", "us",
    "ber", "ni", "gal", "fe", "tor", "sa", "lin", "dor", "ex", "mu", "pre", "ston", "vel", "har",
    "qui",
];

const OUTLET_NAMES: &[&str] = &[
    "ledger",
    "courier",
    "herald",
    "gazette",
    "tribune",
    "sentinel",
    "observer",
    "chronicle",
    "dispatch",
    "beacon",
    "monitor",
    "journal",
    "post",
    "times",
    "standard",
    "record",
    "examiner",
    "wire",
    "bulletin",
    "star",
];

/// Builds the vocabulary once: `n` pseudo-words.
pub fn vocabulary(n: usize) -> Vec<String> {
    let mut rng = Rng::new(7);
    (0..n)
        .map(|i| {
            let len = 1 + (i % 3) + rng.below(2);
            (0..len)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect()
}

/// One generated article as a JSON object.
pub fn article(i: usize, rng: &mut Rng, vocab: &[String]) -> serde_json::Value {
    let outlet_ix = rng.below(OUTLET_NAMES.len() * 3);
    let outlet = format!(
        "{}{}",
        OUTLET_NAMES[outlet_ix % OUTLET_NAMES.len()],
        outlet_ix / OUTLET_NAMES.len()
    );
    let words = |rng: &mut Rng, n: usize| -> Vec<String> {
        (0..n)
            .map(|_| vocab[rng.skewed(vocab.len())].clone())
            .collect()
    };
    let n = 6 + rng.below(6);
    let mut title = words(rng, n).join(" ");
    capitalise(&mut title);
    let mut text = String::with_capacity(5600);
    text.push_str("World News\n");
    text.push_str(&title);
    text.push_str("\nListen to this article\n");
    let paragraphs = 10 + rng.below(6);
    for p in 0..paragraphs {
        let sentences = 2 + rng.below(3);
        for s in 0..sentences {
            let n = 8 + rng.below(14);
            let mut sent = words(rng, n).join(" ");
            capitalise(&mut sent);
            if rng.below(5) == 0 {
                sent.push_str(&format!(", officials said on day {}", rng.below(28) + 1));
            }
            sent.push_str(if rng.below(12) == 0 { "?" } else { "." });
            if s > 0 {
                text.push(' ');
            }
            text.push_str(&sent);
        }
        text.push('\n');
        if p == 3 {
            text.push_str("Advertisement\n");
        }
    }
    text.push_str(&format!("Read more: {}\n", words(rng, 7).join(" ")));
    text.push_str(&format!("© 2025 {outlet}. All rights reserved.\n"));
    let day = 1 + i % 28;
    serde_json::json!({
        "url": format!("https://{outlet}.example/news/{i}"),
        "outlet": outlet,
        "published": format!("2025-06-{day:02}T{:02}:{:02}:00Z", rng.below(24), rng.below(60)),
        "text": text,
        "section": "world",
        // See `LANG`.
        "lang": LANG,
    })
}

fn capitalise(s: &mut String) {
    if let Some(first) = s.get(0..1) {
        let up = first.to_uppercase();
        s.replace_range(0..1, &up);
    }
}

/// Writes `n` articles as JSON lines; returns the bytes written.
pub fn write_jsonl(n: usize, seed: u64, out: &mut impl Write) -> io::Result<u64> {
    let vocab = vocabulary(6000);
    let mut rng = Rng::new(seed);
    let mut bytes = 0u64;
    for i in 0..n {
        let line = serde_json::to_string(&article(i, &mut rng, &vocab))?;
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
        bytes += line.len() as u64 + 1;
    }
    Ok(bytes)
}

/// Writes `n` articles as plain-text files, one folder per outlet.
pub fn write_text_tree(n: usize, seed: u64, dir: &Path) -> io::Result<u64> {
    let vocab = vocabulary(6000);
    let mut rng = Rng::new(seed);
    let mut bytes = 0u64;
    for i in 0..n {
        let a = article(i, &mut rng, &vocab);
        let outlet = a["outlet"].as_str().unwrap_or("unknown");
        let folder = dir.join(outlet);
        std::fs::create_dir_all(&folder)?;
        let text = a["text"].as_str().unwrap_or("");
        std::fs::write(folder.join(format!("{i:07}.txt")), text)?;
        bytes += text.len() as u64;
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_about_five_kilobytes() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        write_jsonl(50, 1, &mut a).expect("write");
        write_jsonl(50, 1, &mut b).expect("write");
        assert_eq!(a, b);
        let avg = a.len() / 50;
        assert!((4000..7000).contains(&avg), "average {avg} bytes");
    }
}
