//! Which statements across a story's reports tell of the same event: event mentions
//! clustered across documents, and the coreference scores they are judged by (MUC, B³,
//! CEAF-e and their mean, the CoNLL F1; mention pairs across documents).
//!
//! The clustering is the same-head-lemma rule: two mentions of one story whose head words
//! share a stem refer to one event ("shooting", "shootings"). It is the standard baseline
//! of cross-document event coreference, kept as the measured floor for the statement
//! alignment the facts build on.

use std::collections::HashMap;

use crate::words;

/// An event mention: its document (index) and its words.
#[derive(Debug, Clone)]
pub struct EventMention {
    pub doc: usize,
    pub text: String,
}

/// The head's stem: the last word for nouns and single verbs, the first for a verb with
/// its particle ("checked into").
fn head(text: &str) -> String {
    let ws: Vec<&str> = words::words(text).collect();
    let particle = |w: &str| {
        matches!(
            w.to_lowercase().as_str(),
            "into" | "in" | "out" | "up" | "down" | "off" | "on" | "over" | "away" | "back"
        )
    };
    let w = match ws.as_slice() {
        [] => text,
        [first, .., last] if particle(last) => first,
        [.., last] => last,
    };
    let lower = w.to_lowercase();
    // Irregular forms meet their base ("shot" and "shooting", "fled" and "flee").
    match crosscheck_dedup::irregular::base_of(&lower) {
        Some(base) => words::stem(base),
        None => words::stem(&lower),
    }
}

/// A cluster id per mention.
pub fn cluster(mentions: &[EventMention]) -> Vec<usize> {
    let mut by_head: HashMap<String, usize> = HashMap::new();
    mentions
        .iter()
        .map(|m| {
            let n = by_head.len();
            *by_head.entry(head(&m.text)).or_insert(n)
        })
        .collect()
}

/// Coreference scores of a response against a key (a cluster id per mention, the same
/// mentions in both).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(p: f64, r: f64) -> Prf {
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            precision: p,
            recall: r,
            f1,
        }
    }
}

fn groups(ids: &[usize]) -> Vec<Vec<usize>> {
    let mut at: HashMap<usize, usize> = HashMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (m, &c) in ids.iter().enumerate() {
        let n = out.len();
        let g = *at.entry(c).or_insert(n);
        if g == out.len() {
            out.push(Vec::new());
        }
        out[g].push(m);
    }
    out
}

/// Sums behind a score, so scores over many stories can be pooled (micro average).
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub p_num: f64,
    pub p_den: f64,
    pub r_num: f64,
    pub r_den: f64,
}

impl Counts {
    pub fn add(&mut self, o: Counts) {
        self.p_num += o.p_num;
        self.p_den += o.p_den;
        self.r_num += o.r_num;
        self.r_den += o.r_den;
    }

    pub fn prf(&self) -> Prf {
        let div = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        Prf::new(div(self.p_num, self.p_den), div(self.r_num, self.r_den))
    }
}

fn muc_side(key: &[usize], response: &[usize]) -> (f64, f64) {
    let mut num = 0.0;
    let mut den = 0.0;
    for g in groups(key) {
        let parts: std::collections::BTreeSet<usize> = g.iter().map(|&m| response[m]).collect();
        num += (g.len() - parts.len()) as f64;
        den += (g.len() - 1) as f64;
    }
    (num, den)
}

pub fn muc(key: &[usize], response: &[usize]) -> Counts {
    let (r_num, r_den) = muc_side(key, response);
    let (p_num, p_den) = muc_side(response, key);
    Counts {
        p_num,
        p_den,
        r_num,
        r_den,
    }
}

pub fn b_cubed(key: &[usize], response: &[usize]) -> Counts {
    let kg = groups(key);
    let rg = groups(response);
    let size = |gs: &Vec<Vec<usize>>, ids: &[usize]| {
        let mut s = vec![0usize; ids.len()];
        for g in gs {
            for &m in g {
                s[m] = g.len();
            }
        }
        s
    };
    let (ks, rs) = (size(&kg, key), size(&rg, response));
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    for m in 0..key.len() {
        *both.entry((key[m], response[m])).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for m in 0..key.len() {
        let shared = both[&(key[m], response[m])] as f64;
        p += shared / rs[m] as f64;
        r += shared / ks[m] as f64;
    }
    let n = key.len() as f64;
    Counts {
        p_num: p,
        p_den: n,
        r_num: r,
        r_den: n,
    }
}

/// CEAF-e: the best one-to-one alignment of key and response clusters by
/// φ4 = 2|K∩R| / (|K| + |R|) (Kuhn–Munkres).
pub fn ceaf_e(key: &[usize], response: &[usize]) -> Counts {
    let kg = groups(key);
    let rg = groups(response);
    let mut rid: HashMap<usize, usize> = HashMap::new();
    for (i, g) in rg.iter().enumerate() {
        rid.insert(response[g[0]], i);
    }
    let mut sim = vec![vec![0.0f64; rg.len()]; kg.len()];
    for (i, g) in kg.iter().enumerate() {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for &m in g {
            *shared.entry(rid[&response[m]]).or_default() += 1;
        }
        for (j, n) in shared {
            sim[i][j] = 2.0 * n as f64 / (g.len() + rg[j].len()) as f64;
        }
    }
    let total = best_assignment(&sim);
    Counts {
        p_num: total,
        p_den: rg.len() as f64,
        r_num: total,
        r_den: kg.len() as f64,
    }
}

/// The largest total of a one-to-one assignment of rows to columns (Hungarian method on
/// the cost 1 - similarity, over a square matrix padded with zeros).
fn best_assignment(sim: &[Vec<f64>]) -> f64 {
    let n = sim.len().max(sim.first().map_or(0, Vec::len));
    if n == 0 {
        return 0.0;
    }
    let cost = |i: usize, j: usize| -> f64 {
        1.0 - sim.get(i).and_then(|r| r.get(j)).copied().unwrap_or(0.0)
    };
    // Jonker-Volgenant style O(n^3) Hungarian algorithm (1-based potentials).
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut p = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter(|&j| p[j] > 0)
        .map(|j| 1.0 - cost(p[j] - 1, j - 1))
        .sum()
}

/// Mention pairs from different documents: (true positives, predicted, gold).
pub fn cross_doc_pairs(docs: &[usize], key: &[usize], response: &[usize]) -> (u64, u64, u64) {
    let (mut tp, mut pred, mut gold) = (0, 0, 0);
    for a in 0..key.len() {
        for b in a + 1..key.len() {
            if docs[a] == docs[b] {
                continue;
            }
            let g = key[a] == key[b];
            let r = response[a] == response[b];
            gold += u64::from(g);
            pred += u64::from(r);
            tp += u64::from(g && r);
        }
    }
    (tp, pred, gold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_response_scores_one_and_metrics_agree_with_hand_counts() {
        let key = [0, 0, 1, 2, 2];
        for m in [muc(&key, &key), b_cubed(&key, &key), ceaf_e(&key, &key)] {
            assert!((m.prf().f1 - 1.0).abs() < 1e-9);
        }
        // Everything in one cluster: MUC recall 1, precision (5-3)/(5-1) = 0.5.
        let all = [7, 7, 7, 7, 7];
        let m = muc(&key, &all).prf();
        assert!((m.recall - 1.0).abs() < 1e-9 && (m.precision - 0.5).abs() < 1e-9);
        // CEAF-e: the one response cluster aligns best with {0,1}: φ4 = 4/7.
        let c = ceaf_e(&key, &all).prf();
        assert!((c.precision - 4.0 / 7.0).abs() < 1e-9);
        assert!((c.recall - 4.0 / 21.0).abs() < 1e-9);
    }

    #[test]
    fn mentions_with_one_head_stem_join() {
        let m = |doc, text: &str| EventMention {
            doc,
            text: text.into(),
        };
        let c = cluster(&[
            m(0, "shooting"),
            m(1, "shootings"),
            m(1, "arrested"),
            m(2, "checked into"),
        ]);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[0], c[2]);
        assert_eq!(cross_doc_pairs(&[0, 1, 1, 2], &[0, 0, 1, 2], &c), (1, 1, 1));
    }
}
