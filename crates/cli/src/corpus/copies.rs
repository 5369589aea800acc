//! A synthetic corpus with planted copies, for measuring copy detection at scale.
//!
//! Articles report *events*. Each event has its own names and numbers; several outlets
//! write about it independently (different sentences, the same names and numbers: the
//! hard negatives), and some articles are copies of an earlier article, at known rates:
//!
//! * exact: the same text with other residue lines, case and spacing;
//! * near_duplicate: a changed headline, one or two corrected numbers, a paragraph cut or
//!   added;
//! * rewrite: every sentence restated: a quarter of its ordinary words swapped for a
//!   synonym, clauses moved, words dropped and added, names and numbers kept, the order of
//!   sentences kept (word 5-gram Jaccard about 0.1, as measured on a real rewrite);
//! * partial: an original article with two or three consecutive sentences of another
//!   lifted verbatim.
//!
//! The words are made-up (syllables), so no real text is copied and nothing is tuned to
//! a language; the synonym of word `2k` is word `2k + 1`. Ground truth goes to a second
//! file: one JSON line `{copy, source, kind}` per planted copy (URLs).

use std::collections::HashMap;
use std::io::{self, Write};

use super::{vocabulary, Rng};

/// Share of each kind among all articles.
#[derive(Debug, Clone, Copy)]
pub struct Rates {
    pub exact: f64,
    pub near_duplicate: f64,
    pub rewrite: f64,
    pub partial: f64,
}

impl Default for Rates {
    fn default() -> Self {
        Self {
            exact: 0.05,
            near_duplicate: 0.05,
            rewrite: 0.05,
            partial: 0.03,
        }
    }
}

struct Event {
    names: Vec<String>,
    numbers: Vec<String>,
}

/// An original article as sentences grouped in paragraphs, kept for copying.
#[derive(Clone)]
struct Original {
    url: String,
    title: String,
    paragraphs: Vec<Vec<String>>,
}

struct Gen<'a> {
    rng: Rng,
    vocab: &'a [String],
    /// Position of each word in `vocab` (the first, when a word occurs twice).
    index: HashMap<String, usize>,
    names: Vec<String>,
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

impl Gen<'_> {
    fn word(&mut self) -> String {
        // Skip the 40 most frequent entries: the syllable-words there are short and
        // behave like function words.
        let n = self.vocab.len();
        self.vocab[40 + self.rng.skewed(n - 40)].clone()
    }

    fn event(&mut self) -> Event {
        let names = (0..4 + self.rng.below(3))
            .map(|_| {
                let first = self.names[self.rng.below(self.names.len())].clone();
                let last = self.names[self.rng.below(self.names.len())].clone();
                format!("{} {}", capitalise(&first), capitalise(&last))
            })
            .collect();
        let numbers = (0..4 + self.rng.below(3))
            .map(|_| match self.rng.below(3) {
                0 => format!("{}", 32 + self.rng.below(400)),
                1 => format!("{},{:03}", 1 + self.rng.below(90), self.rng.below(1000)),
                _ => format!("{}.{}", 1 + self.rng.below(60), 1 + self.rng.below(9)),
            })
            .collect();
        Event { names, numbers }
    }

    /// A sentence of 10-20 ordinary words with one name and (often) one number of the event.
    fn sentence(&mut self, ev: &Event) -> String {
        let n = 10 + self.rng.below(11);
        let mut words: Vec<String> = (0..n).map(|_| self.word()).collect();
        let name = ev.names[self.rng.below(ev.names.len())].clone();
        let at = 2 + self.rng.below(n - 3);
        words.insert(at, name);
        if self.rng.below(3) > 0 {
            let num = ev.numbers[self.rng.below(ev.numbers.len())].clone();
            let at = 1 + self.rng.below(words.len() - 1);
            words.insert(at, num);
        }
        let cut = 4 + self.rng.below(words.len() - 6);
        words[cut].push(',');
        let mut s = words.join(" ");
        s = capitalise(&s);
        s.push('.');
        s
    }

    fn original(&mut self, ev: &Event, url: String) -> Original {
        let paragraphs = (0..6 + self.rng.below(5))
            .map(|_| {
                (0..1 + self.rng.below(3))
                    .map(|_| self.sentence(ev))
                    .collect()
            })
            .collect();
        let title = capitalise(
            &(0..6 + self.rng.below(4))
                .map(|_| self.word())
                .collect::<Vec<_>>()
                .join(" "),
        ) + " "
            + &ev.names[0];
        Original {
            url,
            title,
            paragraphs,
        }
    }

    /// Restates a sentence: swaps a quarter of the ordinary words for their synonyms, drops
    /// one word in twelve, adds a word per clause now and then, and moves the clause after
    /// the comma to the front. Names and numbers stay as they are.
    fn restate(&mut self, s: &str) -> String {
        let body = s.trim_end_matches('.');
        let (head, tail) = body.split_once(", ").unwrap_or((body, ""));
        let mut out: Vec<String> = Vec::new();
        for part in [tail, head] {
            for w in part.split(' ').filter(|w| !w.is_empty()) {
                let lower = w.to_lowercase();
                match self.index.get(&lower) {
                    Some(&i) => {
                        if self.rng.below(12) == 0 {
                            continue;
                        }
                        if self.rng.below(4) == 0 {
                            out.push(self.vocab[i ^ 1].clone());
                        } else {
                            out.push(lower);
                        }
                    }
                    None => out.push(w.to_string()),
                }
            }
            if self.rng.below(3) == 0 {
                out.push(self.word());
            }
        }
        let mut r = capitalise(&out.join(" "));
        r.push('.');
        r
    }
}

fn render(title: &str, outlet: &str, paragraphs: &[Vec<String>], rng: &mut Rng) -> String {
    let mut text = String::new();
    text.push_str(title);
    text.push('\n');
    if rng.below(2) == 0 {
        text.push_str("Listen to this article\n");
    }
    for (i, p) in paragraphs.iter().enumerate() {
        text.push_str(&p.join(" "));
        text.push('\n');
        if i == 2 && rng.below(2) == 0 {
            text.push_str("Advertisement\n");
        }
    }
    text.push_str(&format!("© 2026 {outlet}. All rights reserved.\n"));
    text
}

/// Minutes since 2026-01-01T00:00Z as RFC 3339 (the corpus spans months: no wrapping).
fn stamp(minute: u64) -> String {
    let start = chrono::DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default();
    let t = start + chrono::Duration::minutes(minute as i64);
    t.format("%Y-%m-%dT%H:%M:00Z").to_string()
}

/// Writes `n` articles (JSON lines) to `out` and the planted copies to `truth`.
pub fn write(
    n: usize,
    seed: u64,
    rates: Rates,
    out: &mut impl Write,
    truth: &mut impl Write,
) -> io::Result<()> {
    let vocab = vocabulary(6000);
    let names: Vec<String> = vocabulary(9000)[6000..].to_vec();
    let mut index = HashMap::new();
    for (i, w) in vocab.iter().enumerate() {
        index.entry(w.clone()).or_insert(i);
    }
    let names: Vec<String> = names
        .into_iter()
        .filter(|w| !index.contains_key(w))
        .collect();
    let mut g = Gen {
        rng: Rng::new(seed),
        vocab: &vocab,
        index,
        names,
    };
    let outlets: Vec<String> = (0..60).map(|i| format!("outlet{i:02}")).collect();
    let mut events: Vec<Event> = Vec::new();
    // Recent originals that copies may take from (a news cycle, not the whole archive).
    let mut recent: Vec<Original> = Vec::new();
    let mut minute = 0u64;
    for i in 0..n {
        minute += 1 + g.rng.below(3) as u64;
        let outlet = outlets[g.rng.below(outlets.len())].clone();
        let url = format!("https://{outlet}.example/{i}");
        let u = (g.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let cut = [
            rates.exact,
            rates.exact + rates.near_duplicate,
            rates.exact + rates.near_duplicate + rates.rewrite,
            rates.exact + rates.near_duplicate + rates.rewrite + rates.partial,
        ];
        let kind = if recent.is_empty() {
            "original"
        } else if u < cut[0] {
            "exact"
        } else if u < cut[1] {
            "near_duplicate"
        } else if u < cut[2] {
            "rewrite"
        } else if u < cut[3] {
            "partial"
        } else {
            "original"
        };
        let src = (!recent.is_empty()).then(|| recent[g.rng.below(recent.len())].clone());
        let (title, paragraphs) = match (kind, &src) {
            ("exact", Some(s)) => (s.title.clone(), s.paragraphs.clone()),
            ("near_duplicate", Some(s)) => {
                let mut p = s.paragraphs.clone();
                // Always a paragraph cut or added, so the body differs from the source.
                if g.rng.below(2) == 0 && p.len() > 4 {
                    let at = g.rng.below(p.len());
                    p.remove(at);
                } else {
                    let ev = g.event();
                    let at = g.rng.below(p.len());
                    let extra = vec![g.sentence(&ev)];
                    p.insert(at, extra);
                }
                // Correct a number or two.
                for _ in 0..1 + g.rng.below(2) {
                    let pi = g.rng.below(p.len());
                    let si = g.rng.below(p[pi].len());
                    let s2: String = p[pi][si]
                        .split(' ')
                        .map(|w| {
                            if w.starts_with(|c: char| c.is_ascii_digit()) {
                                format!("{}", 32 + w.len() * 7)
                            } else {
                                w.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    p[pi][si] = s2;
                }
                (format!("UPDATED: {}", s.title), p)
            }
            ("rewrite", Some(s)) => {
                let p = s
                    .paragraphs
                    .iter()
                    .map(|para| para.iter().map(|x| g.restate(x)).collect())
                    .collect();
                (g.restate(&s.title).trim_end_matches('.').to_string(), p)
            }
            ("partial", Some(s)) => {
                let ev = g.event();
                let mut own = g.original(&ev, url.clone());
                let flat: Vec<String> = s.paragraphs.concat();
                let take = (2 + g.rng.below(2)).min(flat.len());
                let start = g.rng.below(flat.len() - take + 1);
                let at = 1 + g.rng.below(own.paragraphs.len() - 1);
                own.paragraphs
                    .insert(at, flat[start..start + take].to_vec());
                (own.title, own.paragraphs)
            }
            _ => {
                // An original: a new event, or another outlet's own take on a recent one.
                let ev_ix = if events.is_empty() || g.rng.below(2) == 0 {
                    events.push(g.event());
                    events.len() - 1
                } else {
                    events.len() - 1 - g.rng.below(events.len().min(50))
                };
                let ev = std::mem::replace(
                    &mut events[ev_ix],
                    Event {
                        names: vec![],
                        numbers: vec![],
                    },
                );
                let o = g.original(&ev, url.clone());
                events[ev_ix] = ev;
                recent.push(o.clone());
                if recent.len() > 3000 {
                    recent.remove(0);
                }
                (o.title, o.paragraphs)
            }
        };
        let mut text = render(&title, &outlet, &paragraphs, &mut g.rng);
        if kind == "exact" {
            // Same words, other case and spacing.
            if g.rng.below(2) == 0 {
                text = text.replace(". ", ".  ");
            }
        }
        // Copies usually carry a time after their source's; some have none.
        let published = if kind != "original" && g.rng.below(5) == 0 {
            serde_json::Value::Null
        } else {
            serde_json::Value::String(stamp(minute))
        };
        let line = serde_json::json!({
            "url": url,
            "outlet": outlet,
            "published": published,
            "text": text,
            "lang": super::LANG,
        });
        writeln!(out, "{line}")?;
        if let (Some(s), true) = (&src, kind != "original") {
            let t = serde_json::json!({"copy": url, "source": s.url, "kind": kind});
            writeln!(truth, "{t}")?;
        }
        if events.len() > 5000 {
            events.drain(..1000);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_with_truth_and_times_that_never_wrap() {
        let (mut a, mut ta, mut b, mut tb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        write(400, 3, Rates::default(), &mut a, &mut ta).expect("write");
        write(400, 3, Rates::default(), &mut b, &mut tb).expect("write");
        assert_eq!((&a, &ta), (&b, &tb));
        let truth = String::from_utf8(ta).expect("utf8");
        for kind in ["exact", "near_duplicate", "rewrite", "partial"] {
            assert!(truth.contains(&format!("\"{kind}\"")), "no {kind} planted");
        }
        assert_eq!(stamp(0), "2026-01-01T00:00:00Z");
        assert_eq!(stamp(60 * 24 * 40), "2026-02-10T00:00:00Z");
    }
}
