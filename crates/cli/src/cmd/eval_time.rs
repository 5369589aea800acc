//! `crosscheck eval time --timeml DIR`: time expressions against TimeML gold (TempEval-3
//! Task A): expressions paired one to one when their extents overlap; relaxed and strict
//! (identical extents) F1, and value and type F1 over the same denominators.

use std::path::{Path, PathBuf};

use crosscheck_annotate::time::{times_of_sentences, TimeExpr};

#[derive(Debug, clap::Args)]
pub struct TimeArgs {
    /// A folder of `.tml` files (searched recursively).
    #[arg(long, value_name = "DIR")]
    timeml: PathBuf,
    /// Print each miss of the TimeBank half (missed, spurious, wrong extent, wrong value);
    /// the AQUAINT half is kept unread, to check the rules generalise.
    #[arg(long)]
    show: bool,
}

/// A gold expression: extent in the plain text, type and value.
#[derive(Debug, Clone, PartialEq)]
struct Gold {
    start: usize,
    end: usize,
    kind: String,
    value: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')? + i;
    Some(tag[i..j].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The document creation date, the plain text of `<TEXT>`, and its gold expressions.
fn read_tml(xml: &str) -> Option<(Option<chrono::NaiveDate>, String, Vec<Gold>)> {
    let dct = xml
        .find("<DCT>")
        .and_then(|i| attr(&xml[i..], "value"))
        .and_then(|v| chrono::NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok());
    let body_start = xml.find("<TEXT>")? + "<TEXT>".len();
    let body_end = xml.find("</TEXT>")?;
    let body = &xml[body_start..body_end];
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&unescape(&rest[..lt]));
        let gt = rest[lt..].find('>')? + lt;
        let tag = &rest[lt..=gt];
        if tag.starts_with("<TIMEX3") {
            open = Some((
                text.len(),
                attr(tag, "type").unwrap_or_default(),
                attr(tag, "value").unwrap_or_default(),
            ));
        } else if tag.starts_with("</TIMEX3") {
            if let Some((start, kind, value)) = open.take() {
                gold.push(Gold {
                    start,
                    end: text.len(),
                    kind,
                    value,
                });
            }
        }
        rest = &rest[gt + 1..];
    }
    text.push_str(&unescape(rest));
    Some((dct, text, gold))
}

#[derive(Debug, Default)]
struct Counts {
    gold: usize,
    system: usize,
    pairs: usize,
    strict: usize,
    value: usize,
    kind: usize,
}

/// TempEval-3's one-to-one pairing: each gold expression takes the first unused system
/// expression whose extent overlaps it. The pair of each gold one, and which system ones
/// were used.
fn pair<'a>(gold: &[Gold], sys: &'a [TimeExpr]) -> (Vec<Option<&'a TimeExpr>>, Vec<bool>) {
    let mut used = vec![false; sys.len()];
    let pairs = gold
        .iter()
        .map(|g| {
            let j = (0..sys.len())
                .find(|&j| !used[j] && sys[j].start < g.end && g.start < sys[j].end)?;
            used[j] = true;
            Some(&sys[j])
        })
        .collect();
    (pairs, used)
}

fn score(gold: &[Gold], sys: &[TimeExpr], c: &mut Counts) {
    c.gold += gold.len();
    c.system += sys.len();
    for (g, s) in gold.iter().zip(pair(gold, sys).0) {
        if let Some(s) = s {
            c.pairs += 1;
            c.strict += usize::from(s.start == g.start && s.end == g.end);
            c.value += usize::from(s.value == g.value);
            c.kind += usize::from(s.kind == g.kind);
        }
    }
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "tml") {
            out.push(p);
        }
    }
}

fn f1(credits: usize, c: &Counts) -> f64 {
    let (_, _, f) = super::eval::prf(credits, c.system, c.gold);
    (f * 1000.0).round() / 1000.0
}

fn half(c: &Counts) -> serde_json::Value {
    serde_json::json!({
        "gold": c.gold,
        "relaxed_f1": f1(c.pairs, c),
        "strict_f1": f1(c.strict, c),
        "value_f1": f1(c.value, c),
    })
}

/// One line per miss: `MISS` (gold not found), `EXTRA` (found, not gold), `SPAN` (extent
/// differs) and `VALUE` (value differs), with a little of the text around it.
fn show(path: &Path, text: &str, gold: &[Gold], sys: &[TimeExpr]) {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let around = |a: usize, b: usize| {
        let mut s = a.saturating_sub(40);
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = (b + 30).min(text.len());
        while !text.is_char_boundary(e) {
            e += 1;
        }
        format!("{}[{}]{}", &text[s..a], &text[a..b], &text[b..e]).replace('\n', " ")
    };
    let (pairs, used) = pair(gold, sys);
    for (g, hit) in gold.iter().zip(pairs) {
        match hit {
            None => println!(
                "MISS  {name}  {} {}  {}",
                g.kind,
                g.value,
                around(g.start, g.end)
            ),
            Some(s) => {
                if (s.start, s.end) != (g.start, g.end) {
                    println!("SPAN  {name}  got [{}]  {}", s.text, around(g.start, g.end));
                }
                if s.value != g.value {
                    println!(
                        "VALUE {name}  got {} {}  gold {} {}  {}",
                        s.kind,
                        s.value,
                        g.kind,
                        g.value,
                        around(g.start, g.end)
                    );
                }
            }
        }
    }
    for s in sys.iter().zip(&used).filter(|(_, u)| !**u).map(|(s, _)| s) {
        println!(
            "EXTRA {name}  {} {}  {}",
            s.kind,
            s.value,
            around(s.start, s.end)
        );
    }
}

pub fn run(args: &TimeArgs) -> anyhow::Result<()> {
    let mut paths = Vec::new();
    files(&args.timeml, &mut paths);
    anyhow::ensure!(
        !paths.is_empty(),
        "no .tml files under {}",
        args.timeml.display()
    );
    let mut c = Counts::default();
    // The rules are written while reading TimeBank's misses only; AQUAINT is the check.
    let mut halves = [Counts::default(), Counts::default()];
    let mut words = 0usize;
    let start = std::time::Instant::now();
    for p in &paths {
        let bytes = crosscheck_ingest::gz::read_file(p, 64 << 20)?;
        let xml = String::from_utf8_lossy(&bytes);
        let Some((dct, text, gold)) = read_tml(&xml) else {
            anyhow::bail!("{}: no <TEXT> in it", p.display());
        };
        words += text.split_whitespace().count();
        // Sentence by sentence, as the annotate stage reads an article.
        let sys = times_of_sentences(&text, crosscheck_extract::sentences::split(&text), dct);
        score(&gold, &sys, &mut c);
        let unread = p.components().any(|c| c.as_os_str() == "AQUAINT");
        score(&gold, &sys, &mut halves[usize::from(unread)]);
        if args.show && !unread {
            show(p, &text, &gold, &sys);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let (p, r, _) = super::eval::prf(c.pairs, c.system, c.gold);
    super::print_json(&serde_json::json!({
        "documents": paths.len(),
        "gold": c.gold,
        "system": c.system,
        "relaxed_precision": (p * 1000.0).round() / 1000.0,
        "relaxed_recall": (r * 1000.0).round() / 1000.0,
        "relaxed_f1": f1(c.pairs, &c),
        "strict_f1": f1(c.strict, &c),
        "value_f1": f1(c.value, &c),
        "type_f1": f1(c.kind, &c),
        "words_per_s": (words as f64 / secs.max(1e-9)).round(),
        "timebank_read": half(&halves[0]),
        "aquaint_not_read": half(&halves[1]),
    }))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeml_is_read_into_text_and_extents() {
        let xml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">19980108</TIMEX3></DCT>
<TEXT>Stocks fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">yesterday</TIMEX3> &amp; <EVENT eid="e1">rose</EVENT> again.</TEXT></TimeML>"#;
        let (dct, text, gold) = read_tml(xml).expect("tml");
        assert_eq!(dct.map(|d| d.to_string()).as_deref(), Some("1998-01-08"));
        assert_eq!(text, "Stocks fell yesterday & rose again.");
        assert_eq!(&text[gold[0].start..gold[0].end], "yesterday");
        let mut c = Counts::default();
        score(&gold, &crosscheck_annotate::time::times(&text, dct), &mut c);
        assert_eq!((c.pairs, c.strict, c.value), (1, 1, 1));
    }
}
