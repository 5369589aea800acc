//! Both passes' weights in one table, for tagging with shipped models: a feature's row for
//! the first pass and its row for the second sit side by side, so a token's static
//! features (the same in both passes) are looked up once, and the second pass starts from
//! sums the first pass left. The look-ups are the tagger's main cost (BENCHMARKS.md). The
//! labels are exactly those of two [`super::Compact`] passes: the same sums, added in the same
//! order (16-bit weights summed in 32-bit integers: exactly the sums 32-bit floats gave,
//! since no sum of a token's weights comes near 2^24).

use super::{
    dynamic_features, parts, pick, second_pass_features, Memory, Prepared, Table, Task, LABELS,
};

/// The first and second pass's weights, merged.
pub struct Both {
    table: Table<[[i16; LABELS]; 2]>,
}

impl Both {
    /// Merges two passes' rows (bucket, weights), as a model file holds them.
    pub fn new(first: Vec<(u32, [i16; LABELS])>, second: Vec<(u32, [i16; LABELS])>) -> Both {
        // The number of distinct features (the files list each pass's buckets in ascending
        // order, so a merge counts them).
        let distinct = {
            let (mut i, mut j, mut n) = (0, 0, 0usize);
            while i < first.len() || j < second.len() {
                match (first.get(i), second.get(j)) {
                    (Some(a), Some(b)) if a.0 == b.0 => (i, j) = (i + 1, j + 1),
                    (Some(a), Some(b)) if a.0 < b.0 => i += 1,
                    (Some(_), None) => i += 1,
                    _ => j += 1,
                }
                n += 1;
            }
            n
        };
        let mut table = Table::with_room(distinct, [[0; LABELS]; 2]);
        for (pass, rows) in [first, second].into_iter().enumerate() {
            for (b, row) in rows {
                table.entry(b)[pass] = row;
            }
        }
        Both { table }
    }

    /// The number of features with a row in either pass.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds pass `pass`'s row of each feature.
    fn add(&self, pass: usize, feats: &[u32], scores: &mut [i32; LABELS]) {
        for &b in feats {
            if let Some(rows) = self.table.get(b) {
                for (x, w) in scores.iter_mut().zip(&rows[pass]) {
                    *x += i32::from(*w);
                }
            }
        }
    }

    /// Adds both passes' rows of each feature.
    fn add_both(&self, feats: &[u32], one: &mut [i32; LABELS], two: &mut [i32; LABELS]) {
        for &b in feats {
            if let Some(rows) = self.table.get(b) {
                for (x, w) in one.iter_mut().zip(&rows[0]) {
                    *x += i32::from(*w);
                }
                for (x, w) in two.iter_mut().zip(&rows[1]) {
                    *x += i32::from(*w);
                }
            }
        }
    }

    /// Labels a prepared document: the first pass, then the second from the first's labels.
    pub fn tag_document(
        &self,
        task: Task,
        prepared: &[Prepared],
        words: &[&[String]],
    ) -> Vec<Vec<usize>> {
        // The second pass's static sums, left by the first pass where it scored a token.
        let mut left: Vec<Vec<Option<[i32; LABELS]>>> =
            prepared.iter().map(|s| vec![None; s.len()]).collect();
        let mut memory = Memory::default();
        let mut f = Vec::with_capacity(16);
        let first: Vec<Vec<usize>> = prepared
            .iter()
            .zip(left.iter_mut())
            .map(|(s, left)| {
                let mut labels = Vec::with_capacity(s.len());
                for i in 0..s.len() {
                    let prev = if i > 0 { labels[i - 1] } else { 0 };
                    if skip(s, i, prev) {
                        labels.push(0);
                        continue;
                    }
                    let mut one = [0; LABELS];
                    let mut two = [0; LABELS];
                    self.add_both(s.of(i), &mut one, &mut two);
                    left[i] = Some(two);
                    f.clear();
                    dynamic_features(&s.toks, i, &labels, &memory, &mut f);
                    self.add(0, &f, &mut one);
                    labels.push(pick(&one, prev, i + 1 == s.len()));
                }
                memory.remember(&s.toks, &labels);
                labels
            })
            .collect();
        let extra = second_pass_features(task, words, &first);
        let mut memory = Memory::default();
        prepared
            .iter()
            .zip(&left)
            .zip(&extra)
            .map(|((s, left), extra)| {
                let mut labels = Vec::with_capacity(s.len());
                for i in 0..s.len() {
                    let prev = if i > 0 { labels[i - 1] } else { 0 };
                    if skip(s, i, prev) {
                        labels.push(0);
                        continue;
                    }
                    let mut two = match left[i] {
                        Some(two) => two,
                        None => {
                            let mut two = [0; LABELS];
                            self.add(1, s.of(i), &mut two);
                            two
                        }
                    };
                    f.clear();
                    if let Some(x) = extra.get(i) {
                        f.extend_from_slice(x);
                    }
                    dynamic_features(&s.toks, i, &labels, &memory, &mut f);
                    self.add(1, &f, &mut two);
                    labels.push(pick(&two, prev, i + 1 == s.len()));
                }
                memory.remember(&s.toks, &labels);
                labels
            })
            .collect()
    }
}

/// As in tagging with [`super::tag_sentence`]: a lower-case word or punctuation outside an
/// open entity is O without scoring.
fn skip(s: &Prepared, i: usize, prev: usize) -> bool {
    s.toks[i].plain && !matches!(parts(prev), Some((_, 0 | 1)))
}

#[cfg(test)]
mod tests {
    use super::super::train::{decode, decode_passes};
    use super::super::{prepare, run_pass, second_pass_features, tokens};

    fn words(text: &str) -> Vec<Vec<String>> {
        text.split('\n')
            .map(|s| {
                tokens::tokens(s)
                    .iter()
                    .map(|t| s[t.start..t.end].to_string())
                    .collect()
            })
            .collect()
    }

    /// The merged table gives exactly the labels of two passes over the two tables.
    fn same_labels(bytes: &[u8], text: &str) {
        let merged = decode(bytes).unwrap();
        let model = decode_passes(bytes).unwrap();
        let w = words(text);
        let refs: Vec<&[String]> = w.iter().map(Vec::as_slice).collect();
        let prepared = prepare(model.task, &refs);
        let first = run_pass(&model.first, &prepared, None);
        let extra = second_pass_features(model.task, &refs, &first);
        let two_tables = run_pass(&model.second, &prepared, Some(&extra));
        assert!(model.both.is_none() && merged.both.is_some());
        assert_eq!(merged.tag_document(&refs), two_tables);
        assert!(
            two_tables.iter().flatten().any(|&l| l != 0),
            "{two_tables:?}"
        );
    }

    #[test]
    fn merged_passes_tag_as_the_two_tables_do() {
        let text = "PORT ALDREN (Coastline Wire) - A ferry carrying more than 200 people overturned in the Kestrel Strait on Friday, the Velmora coastguard said.\n\"We are still looking for more than 40 people,\" said Teodor Halm, the coastguard commander.\nInterior Minister Adela Korr told reporters in Gresk that the Maritime Safety Office would investigate, according to the Meridian Post.\nshe said no one had been told .";
        same_labels(include_bytes!("../../models/ner.zst"), text);
        same_labels(include_bytes!("../../models/attribution.zst"), text);
    }
}
