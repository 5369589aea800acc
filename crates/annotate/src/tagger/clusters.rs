//! Word clusters: the Brown clusters of spaCy's English lexeme table (`en_lexeme_cluster`
//! of the `spacy-lookups-data` package, MIT licence: 1,000 clusters over a large English
//! web corpus, 190,129 words clustered). A word's cluster is a path down a binary tree of
//! similar words ("said" and "says" share their first six branches), so words the labelled
//! data never showed ("denounced") are read like the ones it did ("criticized"). Both
//! taggers read a word's path at several depths as features (Turian et al. 2010; Ratinov
//! and Roth 2009).
//!
//! The table is built by `crosscheck train clusters` (README.md, "Shipped models") into
//! `models/clusters.zst`: one `word<TAB>path` line per word, the path as spaCy encodes it
//! (the branches from the root in the low bits, above them a single 1 that marks the
//! length).

use std::sync::OnceLock;

use super::{fnv, ByHash, Scratch};

static BYTES: &[u8] = include_bytes!("../../models/clusters.zst");

/// A cluster path by the hash of the word as the taggers normalise it ([`Scratch::read`]);
/// 0 is no cluster.
pub type Table = ByHash<u32>;

/// The shipped table, read once.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| decode(BYTES))
}

/// A table file as [`encode`] writes it (an empty table when it does not decode).
pub fn decode(bytes: &[u8]) -> Table {
    let text = zstd::decode_all(bytes).unwrap_or_default();
    read(&String::from_utf8_lossy(&text))
}

/// Reads `word<TAB>path` lines; the first of two words that normalise alike wins.
pub fn read(text: &str) -> Table {
    let mut scratch = Scratch::default();
    let mut table = Table::default();
    for line in text.lines() {
        let Some((word, path)) = line.split_once('\t') else {
            continue;
        };
        let Ok(path) = path.parse::<u32>() else {
            continue;
        };
        if path == 0 || word.is_empty() {
            continue;
        }
        scratch.read(word);
        table.entry(fnv(scratch.word.as_bytes())).or_insert(path);
    }
    table
}

/// The table file from (word, path) pairs: sorted lines, zstd-compressed. Words with no
/// cluster (path 0) or with a tab or line break are left out.
pub fn encode(pairs: impl IntoIterator<Item = (String, u32)>) -> Vec<u8> {
    let mut rows: Vec<(String, u32)> = pairs
        .into_iter()
        .filter(|(w, p)| *p != 0 && !w.is_empty() && !w.contains(['\t', '\n', '\r']))
        .collect();
    rows.sort();
    let mut text = String::new();
    for (w, p) in rows {
        text.push_str(&w);
        text.push('\t');
        text.push_str(&p.to_string());
        text.push('\n');
    }
    zstd::encode_all(text.as_bytes(), 19).unwrap_or_default()
}

/// The first `bits` branches of a path (the whole path, with its length mark, when it is
/// shorter).
pub fn prefix(path: u32, bits: u32) -> u32 {
    if bits >= 32 {
        path
    } else {
        path & ((1 << bits) - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(t: &Table, w: &str) -> u32 {
        let mut s = Scratch::default();
        s.read(w);
        t.get(&fnv(s.word.as_bytes())).copied().unwrap_or(0)
    }

    #[test]
    fn the_shipped_table_groups_words_that_are_used_alike() {
        let t = table();
        assert!(t.len() > 150_000, "{}", t.len());
        // Reporting verbs share a deep branch; a weekday does not share it with them.
        let (said, says, monday) = (path(t, "said"), path(t, "says"), path(t, "Monday"));
        assert!(said != 0 && says != 0 && monday != 0);
        assert_eq!(prefix(said, 6), prefix(says, 6));
        assert_ne!(prefix(said, 6), prefix(monday, 6));
    }

    #[test]
    fn encode_and_read_round_trip_and_skip_bad_rows() {
        let bytes = encode([
            ("said".to_string(), 116),
            ("none".to_string(), 0),
            ("tab\tword".to_string(), 5),
            ("2015".to_string(), 9),
        ]);
        let text = String::from_utf8(zstd::decode_all(&bytes[..]).unwrap()).unwrap();
        assert_eq!(text, "2015\t9\nsaid\t116\n");
        let t = read(&text);
        assert_eq!(path(&t, "said"), 116);
        // Digits are read as the taggers read them: any year finds the row.
        assert_eq!(path(&t, "1999"), 9);
        assert_eq!(path(&t, "none"), 0);
        assert_eq!(prefix(116, 4), 116 & 0xf);
    }
}
