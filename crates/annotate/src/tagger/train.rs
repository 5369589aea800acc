//! Training and scoring the entity tagger on CoNLL-2003-format data: the reader (documents
//! split at `-DOCSTART-`, or where that marker is missing, before each headline that a
//! dateline follows), the averaged perceptron, the model file, and conlleval's
//! entity-level precision, recall and F1.

use super::{self as tagger, Compact, Memory, Model, Prepared, Task, Weights, LABELS, TYPES};
use serde::Serialize;
use std::io::{Read, Write};

/// One sentence: its words and gold entity spans (token start, end, type).
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    pub spans: Vec<(usize, usize, usize)>,
}

pub type Document = Vec<Sentence>;

/// Errors of reading data or a model file.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("line {line}: expected `word ... TAG`, found {found:?}")]
    BadLine { line: usize, found: String },
    #[error("line {line}: unknown entity tag {tag:?}")]
    BadTag { line: usize, tag: String },
    #[error("the model file is damaged: {why}")]
    BadModel { why: String },
}

/// Reads CoNLL-2003 lines (`word POS chunk TAG`, IOB1 or IOB2 tags) into documents.
pub fn read_conll(text: &str) -> Result<Vec<Document>, TrainError> {
    let mut docs: Vec<Document> = Vec::new();
    let mut doc: Document = Vec::new();
    let mut sent = Sentence::default();
    let mut tags: Vec<(usize, usize)> = Vec::new(); // (type, begins)
    let mut marked = false;
    let flush = |sent: &mut Sentence, tags: &mut Vec<(usize, usize)>, doc: &mut Document| {
        if !sent.words.is_empty() {
            let mut spans: Vec<(usize, usize, usize)> = Vec::new();
            for (i, &(t, begins)) in tags.iter().enumerate() {
                if t == usize::MAX {
                    continue;
                }
                let continues = i > 0 && tags[i - 1].0 == t && begins == 0;
                match spans.last_mut() {
                    Some(last) if continues && last.1 == i => last.1 = i + 1,
                    _ => spans.push((i, i + 1, t)),
                }
            }
            sent.spans = spans;
            doc.push(std::mem::take(sent));
        }
        tags.clear();
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            flush(&mut sent, &mut tags, &mut doc);
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            marked = true;
            flush(&mut sent, &mut tags, &mut doc);
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        let (Some(word), Some(tag)) = (cols.first(), cols.last()) else {
            return Err(TrainError::BadLine {
                line: n + 1,
                found: line.to_string(),
            });
        };
        if cols.len() < 2 {
            return Err(TrainError::BadLine {
                line: n + 1,
                found: line.to_string(),
            });
        }
        let t = if *tag == "O" {
            (usize::MAX, 0)
        } else {
            let (pos, ty) = tag.split_once('-').ok_or_else(|| TrainError::BadTag {
                line: n + 1,
                tag: tag.to_string(),
            })?;
            let ty = TYPES
                .iter()
                .position(|t| *t == ty)
                .ok_or_else(|| TrainError::BadTag {
                    line: n + 1,
                    tag: tag.to_string(),
                })?;
            (ty, usize::from(pos == "B"))
        };
        sent.words.push(word.to_string());
        tags.push(t);
    }
    flush(&mut sent, &mut tags, &mut doc);
    if !doc.is_empty() {
        docs.push(doc);
    }
    if !marked {
        docs = docs.into_iter().flat_map(split_at_datelines).collect();
    }
    Ok(docs)
}

/// Without document markers: a Reuters story starts with a headline followed by a
/// dateline ("BRUSSELS 1996-08-22").
fn split_at_datelines(doc: Document) -> Vec<Document> {
    let is_dateline = |s: &Sentence| {
        s.words.len() <= 8
            && s.words.last().is_some_and(|w| {
                w.len() == 10
                    && w.as_bytes()[4] == b'-'
                    && w[..4].bytes().all(|b| b.is_ascii_digit())
            })
    };
    let mut out: Vec<Document> = Vec::new();
    let mut cur: Document = Vec::new();
    for i in 0..doc.len() {
        let next_is_dateline = doc.get(i + 1).is_some_and(is_dateline);
        if next_is_dateline && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(doc[i].clone());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Dense weights with lazy averaging, for training.
struct Dense {
    w: Vec<f32>,
    total: Vec<f64>,
    clock: u64,
}

impl Weights for Dense {
    type Score = f32;
    fn add(&self, bucket: u32, scores: &mut [f32; LABELS]) {
        let row = &self.w[bucket as usize * LABELS..][..LABELS];
        for (s, w) in scores.iter_mut().zip(row) {
            *s += w;
        }
    }
}

impl Dense {
    fn update(&mut self, feats: &[u32], gold: usize, pred: usize) {
        let c = self.clock as f64;
        for &b in feats {
            let base = b as usize * LABELS;
            self.w[base + gold] += 1.0;
            self.total[base + gold] += c;
            self.w[base + pred] -= 1.0;
            self.total[base + pred] -= c;
        }
    }

    /// The averaged weights: w - total / clock.
    fn averaged(&self) -> Vec<f32> {
        let c = self.clock.max(1) as f64;
        self.w
            .iter()
            .zip(&self.total)
            .map(|(w, t)| (f64::from(*w) - t / c) as f32)
            .collect()
    }
}

/// Trains one pass: `epochs` passes over the documents `which` (indices into `docs` and
/// their prepared sentences), shuffled each time by a fixed seed, with optional extra
/// features per document, sentence and token.
fn train_pass(
    docs: &[Document],
    prepared: &[Vec<Prepared>],
    which: &[usize],
    extra: Option<&[Vec<Vec<Vec<u32>>>]>,
    epochs: usize,
    shuffle: u64,
    progress: &mut impl FnMut(&str),
) -> Vec<f32> {
    let size = (1usize << tagger::BITS) * LABELS;
    let mut m = Dense {
        w: vec![0.0; size],
        total: vec![0.0; size],
        clock: 1,
    };
    let mut order: Vec<usize> = which.to_vec();
    // The shuffle: seed 0 is the shipped models'; others show how much a score owes to
    // the order of the training documents.
    let mut seed = 0x2545_f491_4f6c_dd1du64 ^ shuffle.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &d in &order {
            let mut memory = Memory::default();
            for (k, (s, p)) in docs[d].iter().zip(&prepared[d]).enumerate() {
                let gold = tagger::bilou(s.words.len(), &s.spans);
                let x = extra.map_or(&[][..], |x| x[d][k].as_slice());
                let mut pending: Vec<(Vec<u32>, usize, usize)> = Vec::new();
                // Score with the weights as they are, then apply this sentence's updates.
                let _ = tagger::tag_sentence(&m, p, &mut memory, x, Some(&gold), |f, g, p| {
                    pending.push((f.to_vec(), g, p))
                });
                for (f, g, p) in pending {
                    m.update(&f, g, p);
                }
                m.clock += 1;
            }
        }
        progress(&format!("pass {}/{epochs}", epoch + 1));
    }
    m.averaged()
}

fn words_of(doc: &Document) -> Vec<&[String]> {
    doc.iter().map(|s| s.words.as_slice()).collect()
}

/// Trains both passes and returns the model file's bytes. The second pass learns from
/// first-pass labels that the first pass did not train on (two folds), so it learns how
/// far to trust them on unseen text. `shuffle` seeds the order the documents are read in
/// each pass (0 for the shipped models).
pub fn train(
    docs: &[Document],
    task: Task,
    epochs: usize,
    shuffle: u64,
    mut progress: impl FnMut(&str),
) -> Vec<u8> {
    let prepared: Vec<Vec<Prepared>> = docs
        .iter()
        .map(|d| tagger::prepare(task, &words_of(d)))
        .collect();
    let mut first_labels: Vec<Vec<Vec<usize>>> = vec![Vec::new(); docs.len()];
    for fold in 0..2 {
        let (subset, held): (Vec<usize>, Vec<usize>) = (0..docs.len()).partition(|d| d % 2 != fold);
        progress(&format!("first pass, fold {}", fold + 1));
        let w = quantise(
            &train_pass(
                docs,
                &prepared,
                &subset,
                None,
                epochs,
                shuffle,
                &mut progress,
            ),
            task,
        );
        for d in held {
            first_labels[d] = tagger::run_pass(&w, &prepared[d], None);
        }
    }
    let extra: Vec<Vec<Vec<Vec<u32>>>> = docs
        .iter()
        .zip(&first_labels)
        .map(|(doc, first)| tagger::second_pass_features(task, &words_of(doc), first))
        .collect();
    let all: Vec<usize> = (0..docs.len()).collect();
    progress("first pass, all data");
    let first = train_pass(docs, &prepared, &all, None, epochs, shuffle, &mut progress);
    progress("second pass");
    let second = train_pass(
        docs,
        &prepared,
        &all,
        Some(&extra),
        epochs,
        shuffle,
        &mut progress,
    );
    encode(task, &[first, second])
}

fn quantise(w: &[f32], task: Task) -> Compact {
    Compact::new(rows_of(w, floor(task)))
}

/// The weight below which a feature's row is dropped, per task. For attributions 1,000
/// (of 32,000) keeps the same dev scores as 300 (mean of three shuffles: source 0.690 /
/// cue 0.640 / content 0.513 against 0.688 / 0.643 / 0.512) with a model half the size and
/// the stage about 10% faster (BENCHMARKS.md); the entity model keeps 300.
fn floor(task: Task) -> u16 {
    match task {
        Task::Entities => 300,
        Task::Attribution => 1000,
    }
}

fn magic(task: Task) -> &'static [u8; 8] {
    match task {
        Task::Entities => b"CCNER001",
        Task::Attribution => b"CCATR001",
    }
}

/// The model file: magic, bucket bits, table count, then per table its row count, the
/// kept buckets as deltas and each label's 16-bit weights column by column (that
/// compresses far better than rows), all zstd-compressed.
fn encode(task: Task, tables: &[Vec<f32>]) -> Vec<u8> {
    let mut raw = Vec::new();
    raw.extend_from_slice(magic(task));
    raw.extend_from_slice(&tagger::BITS.to_le_bytes());
    raw.extend_from_slice(&(tables.len() as u32).to_le_bytes());
    for w in tables {
        let rows = rows_of(w, floor(task));
        raw.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut last = 0u32;
        for (b, _) in &rows {
            raw.extend_from_slice(&(b - last).to_le_bytes());
            last = *b;
        }
        for l in 0..LABELS {
            for (_, q) in &rows {
                raw.extend_from_slice(&q[l].to_le_bytes());
            }
        }
    }
    let mut out = Vec::new();
    let mut enc = zstd::Encoder::new(&mut out, 19).expect("zstd encoder");
    enc.write_all(&raw).expect("write to memory");
    enc.finish().expect("zstd finish");
    out
}

/// The rows that carry weight, as 16-bit integers scaled to the largest weight (argmax
/// does not care about scale); rows whose weights all stay under 1% of the largest are
/// dropped (on the dev sets that changes no F1 by more than 0.002 and halves the tables).
/// The quantised rows worth keeping: a row is dropped when no label's weight passes
/// `floor` (of 32,000, the largest weight).
fn rows_of(w: &[f32], floor: u16) -> Vec<(u32, [i16; LABELS])> {
    let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
    let scale = 32000.0 / max;
    let mut rows = Vec::new();
    for (b, row) in w.chunks(LABELS).enumerate() {
        let mut q = [0i16; LABELS];
        let mut keep = false;
        for (x, v) in q.iter_mut().zip(row) {
            *x = (v * scale).round() as i16;
            keep |= x.unsigned_abs() > floor;
        }
        if keep {
            rows.push((b as u32, q));
        }
    }
    rows
}

/// Reads a model file written by [`train`], for tagging: both passes in one table
/// ([`tagger::Both`]); `first` and `second` are left empty.
pub fn decode(bytes: &[u8]) -> Result<Model<Compact>, TrainError> {
    let (task, first, second) = decode_rows(bytes)?;
    Ok(Model {
        task,
        first: Compact::new(Vec::new()),
        second: Compact::new(Vec::new()),
        both: Some(tagger::Both::new(first, second)),
    })
}

/// Reads a model file written by [`train`] as two tables, one per pass.
pub fn decode_passes(bytes: &[u8]) -> Result<Model<Compact>, TrainError> {
    let (task, first, second) = decode_rows(bytes)?;
    Ok(Model {
        task,
        first: Compact::new(first),
        second: Compact::new(second),
        both: None,
    })
}

type Rows = Vec<(u32, [i16; LABELS])>;

/// A model file's task and its two passes' rows.
fn decode_rows(bytes: &[u8]) -> Result<(Task, Rows, Rows), TrainError> {
    let bad = |why: &str| TrainError::BadModel {
        why: why.to_string(),
    };
    let mut raw = Vec::new();
    zstd::Decoder::new(bytes)
        .and_then(|mut d| d.read_to_end(&mut raw))
        .map_err(|e| bad(&e.to_string()))?;
    let task = if raw.get(..8) == Some(magic(Task::Entities)) {
        Task::Entities
    } else if raw.get(..8) == Some(magic(Task::Attribution)) {
        Task::Attribution
    } else {
        return Err(bad("not a crosscheck tagger model"));
    };
    let u32_at = |i: usize| -> Result<u32, TrainError> {
        raw.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or_else(|| bad("truncated"))
    };
    if u32_at(8)? != tagger::BITS {
        return Err(bad("made for another feature table size"));
    }
    if u32_at(12)? != 2 {
        return Err(bad("expected two passes"));
    }
    let mut at = 16;
    let mut tables = Vec::new();
    for _ in 0..2 {
        let n = u32_at(at)? as usize;
        at += 4;
        let end = at + n * (4 + LABELS * 2);
        if raw.len() < end {
            return Err(bad("truncated"));
        }
        let mut rows = vec![(0u32, [0i16; LABELS]); n];
        let mut b = 0u32;
        for (i, row) in rows.iter_mut().enumerate() {
            b = b.wrapping_add(u32_at(at + i * 4)?);
            row.0 = b & ((1 << tagger::BITS) - 1);
        }
        let base = at + n * 4;
        for l in 0..LABELS {
            for (i, row) in rows.iter_mut().enumerate() {
                let k = base + (l * n + i) * 2;
                row.1[l] = i16::from_le_bytes([raw[k], raw[k + 1]]);
            }
        }
        tables.push(rows);
        at = end;
    }
    let second = tables.pop().ok_or_else(|| bad("truncated"))?;
    let first = tables.pop().ok_or_else(|| bad("truncated"))?;
    Ok((task, first, second))
}

/// conlleval's figures for one type or all.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
}

fn prf(correct: usize, gold: usize, predicted: usize) -> Prf {
    let p = if predicted == 0 {
        0.0
    } else {
        correct as f64 / predicted as f64
    };
    let r = if gold == 0 {
        0.0
    } else {
        correct as f64 / gold as f64
    };
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    Prf {
        precision: p,
        recall: r,
        f1,
        gold,
        predicted,
    }
}

/// Entity-level scores, overall and per type.
#[derive(Debug, Clone, Serialize)]
pub struct NerScores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub per_type: std::collections::BTreeMap<String, Prf>,
    pub tokens: usize,
    pub sentences: usize,
}

/// Tags every document with `w` and scores the spans against the gold (exact start, end
/// and type, as conlleval counts).
/// `rules` may change a sentence's spans from its words (the entity stage's rules:
/// `crate::entity::name_spans`); pass `|_, s| s` to score the tagger alone.
pub fn evaluate<W: Weights>(
    model: &Model<W>,
    docs: &[Document],
    rules: impl Fn(&[String], Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)>,
) -> NerScores {
    let mut correct = [0usize; 4];
    let mut gold = [0usize; 4];
    let mut pred = [0usize; 4];
    let (mut tokens, mut sentences) = (0, 0);
    for doc in docs {
        let labels = model.tag_document(&words_of(doc));
        for (s, labels) in doc.iter().zip(&labels) {
            let got = rules(&s.words, tagger::spans(labels));
            for g in &s.spans {
                gold[g.2] += 1;
                if got.contains(g) {
                    correct[g.2] += 1;
                }
            }
            for p in &got {
                pred[p.2] += 1;
            }
            tokens += s.words.len();
            sentences += 1;
        }
    }
    let all = prf(correct.iter().sum(), gold.iter().sum(), pred.iter().sum());
    NerScores {
        precision: all.precision,
        recall: all.recall,
        f1: all.f1,
        per_type: (0..4)
            .map(|t| (TYPES[t].to_string(), prf(correct[t], gold[t], pred[t])))
            .collect(),
        tokens,
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iob1_and_iob2_alike_and_splits_documents_at_datelines() {
        let text = "EU NNP B-NP I-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\n\
                    BRUSSELS NNP B-NP B-LOC\n1996-08-22 CD I-NP O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n\n\
                    NEW NNP B-NP O\n\nLONDON NNP B-NP B-LOC\n1996-08-23 CD I-NP O\n";
        let docs = read_conll(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0][0].spans, vec![(0, 1, 1), (2, 3, 3)]);
        assert_eq!(docs[0][2].spans, vec![(0, 2, 0)]);
        assert!(matches!(
            read_conll("word\n"),
            Err(TrainError::BadLine { line: 1, .. })
        ));
    }

    #[test]
    fn a_tiny_model_learns_its_data_and_survives_the_file_format() {
        let text = "Maduro NNP B-NP B-PER\nmet VBD B-VP O\nBondi NNP B-NP B-PER\nin IN B-PP O\nCaracas NNP B-NP B-LOC\n. . O O\n";
        let docs = read_conll(&text.repeat(3)).unwrap();
        let model = decode_passes(&train(&docs, Task::Entities, 3, 0, |_| {})).unwrap();
        assert!(!model.first.is_empty());
        let s = evaluate(&model, &docs, |_, s| s);
        assert!(s.f1 > 0.99, "{s:?}");
        assert!(decode(b"junk").is_err());
    }
}
