//! `crosscheck compare A B`: is one article a copy of the other, and which is the source?

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crosscheck_dedup::{word_diff, Piece};
use crosscheck_engine::settings::Settings;
use crosscheck_ingest::discover;
use crosscheck_model::Article;
use crosscheck_store::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A file (plain text or JSON lines: its first article) or a stored article id.
    a: String,
    /// The other article, the same way.
    b: String,
    /// JSON: {kind, score, source, reason, shingle_jaccard, aligned_share, aligned: [{a, b, score, quoted, a_text, b_text}]}.
    /// `quoted`: either sentence is mostly quotation, so the pair is no evidence of copying.
    #[arg(long)]
    json: bool,
}

/// An article and how the user named it.
struct Named {
    name: String,
    article: Article,
}

fn load(settings: &Settings, arg: &str) -> anyhow::Result<Named> {
    if Path::new(arg).is_file() {
        let found = discover(&[arg.into()]);
        if let Some(r) = found.rejected.first() {
            anyhow::bail!("{r}");
        }
        let input = found
            .inputs
            .first()
            .ok_or_else(|| anyhow::anyhow!("{arg}: not an input file"))?;
        let raw = input
            .open(&settings.ingest)
            .next()
            .ok_or_else(|| anyhow::anyhow!("{arg}: no article in it"))?
            .map_err(|r| anyhow::anyhow!("{r}"))?;
        let article = settings
            .clean
            .clone()
            .build()
            .run(&raw)
            .map_err(|e| anyhow::anyhow!("{arg}: {e}"))?;
        return Ok(Named {
            name: arg.to_string(),
            article,
        });
    }
    // Not a file: an id, unless it reads as a path (a folder or an extension).
    let looks_like_path = arg.contains(['/', '\\'])
        || Path::new(arg)
            .extension()
            .is_some_and(|e| !e.to_string_lossy().bytes().all(|b| b.is_ascii_hexdigit()));
    if looks_like_path {
        anyhow::bail!("{arg}: no such file");
    }
    let store = super::open_store(settings)?;
    let stored = store.get(arg)?;
    Ok(Named {
        name: stored.article.id.to_string(),
        article: stored.article,
    })
}

pub fn run(settings: &Settings, args: Args) -> anyhow::Result<ExitCode> {
    let a = load(settings, &args.a)?;
    let b = load(settings, &args.b)?;
    let c = crosscheck_engine::read::compare(&a.article, &b.article);
    let read_as = c.read_as;
    let reason = c.reason.as_str();
    let source = c.source.as_ref().map(|s| {
        if *s == a.article.id {
            a.name.as_str()
        } else {
            b.name.as_str()
        }
    });
    if args.json {
        let aligned: Vec<_> = c
            .aligned
            .iter()
            .map(|p| serde_json::json!({"a": p.a, "b": p.b, "score": p.score, "quoted": p.quoted, "a_text": p.a_text, "b_text": p.b_text}))
            .collect();
        super::print_json(&serde_json::json!({
            "kind": c.kind,
            "score": c.score,
            "source": source,
            "reason": reason,
            "shingle_jaccard": c.shingle_jaccard,
            "aligned_share": c.aligned_share,
            "read_as": read_as,
            "aligned": aligned,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = std::io::stdout().lock();
    let kind = serde_json::to_value(c.kind)?
        .as_str()
        .unwrap_or("?")
        .to_string();
    writeln!(out, "{kind} (score {:.3}; word 5-gram Jaccard {:.3}; {:.0}% of the shorter article's sentences aligned)", c.score, c.shingle_jaccard, c.aligned_share * 100.0)?;
    writeln!(out, "source: {} ({reason})", source.unwrap_or("unknown"))?;
    let lang = |x: &Named| {
        x.article
            .lang
            .clone()
            .unwrap_or_else(|| "language unknown".into())
    };
    writeln!(
        out,
        "A: {} ({})\nB: {} ({})\nread as: {read_as}\n",
        a.name,
        lang(&a),
        b.name,
        lang(&b)
    )?;
    // Aligned sentences side by side, A on the left and B on the right, with the words
    // only one side has highlighted (red and green on a terminal, [-...-] and {+...+}
    // otherwise).
    let color = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let width = console::Term::stdout()
        .size_checked()
        .map_or(DEFAULT_WIDTH, |(_, cols)| usize::from(cols))
        .max(MIN_WIDTH);
    let column = (width - 7) / 2;
    for p in &c.aligned {
        writeln!(
            out,
            "  A{} ~ B{}  (similarity {:.2}{})",
            p.a + 1,
            p.b + 1,
            p.score,
            if p.quoted {
                "; quotation: shared by any report of the statement, not counted"
            } else {
                ""
            }
        )?;
        for line in side_by_side(&p.a_text, &p.b_text, column, color) {
            writeln!(out, "    {line}")?;
        }
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Terminal width when stdout is not a terminal (a pipe, a file).
const DEFAULT_WIDTH: usize = 120;
/// Narrower than this, the columns are too thin to read; they run wider instead.
const MIN_WIDTH: usize = 60;

/// A word of one side, and whether only that side has it.
type Word<'a> = (&'a str, bool);

/// The two sides of a word diff as columns of `column` characters, joined by " │ ": the
/// left holds A's words (the same and the deleted), the right B's (the same and the
/// inserted). Words only one side has are highlighted: red or green with `color`, else
/// each run of them wrapped in `[-...-]` or `{+...+}`.
/// Each side shows its own words as written (the diff matches words regardless of case).
fn side_by_side(a: &str, b: &str, column: usize, color: bool) -> Vec<String> {
    let (mut wa, mut wb) = (a.split_whitespace(), b.split_whitespace());
    let mut left: Vec<Word> = Vec::new();
    let mut right: Vec<Word> = Vec::new();
    for piece in word_diff(a, b) {
        match piece {
            Piece::Same(t) => {
                let n = t.split_whitespace().count();
                left.extend(wa.by_ref().take(n).map(|w| (w, false)));
                right.extend(wb.by_ref().take(n).map(|w| (w, false)));
            }
            Piece::Del(t) => {
                let n = t.split_whitespace().count();
                left.extend(wa.by_ref().take(n).map(|w| (w, true)));
            }
            Piece::Ins(t) => {
                let n = t.split_whitespace().count();
                right.extend(wb.by_ref().take(n).map(|w| (w, true)));
            }
        }
    }
    let (l, r) = (
        wrap(&left, column, color, ("[-", "-]", "\x1b[31m")),
        wrap(&right, column, color, ("{+", "+}", "\x1b[32m")),
    );
    (0..l.len().max(r.len()))
        .map(|i| {
            let (a, a_len) = l.get(i).cloned().unwrap_or_default();
            let (b, _) = r.get(i).cloned().unwrap_or_default();
            let pad = " ".repeat(column.saturating_sub(a_len));
            format!("{a}{pad} │ {b}").trim_end().to_string()
        })
        .collect()
}

/// Words filled into lines of at most `column` visible characters (a longer word gets a
/// line of its own). Each line comes with its visible length, colour codes left out.
/// `marks`: the opening and closing marks of a highlighted run without colour, and the
/// colour's code with it.
fn wrap(
    words: &[Word],
    column: usize,
    color: bool,
    marks: (&str, &str, &str),
) -> Vec<(String, usize)> {
    let (open, close, code) = marks;
    // Each word as printed, with its visible length: a run of highlighted words opens
    // its mark on its first word and closes it on its last.
    let shown: Vec<(String, usize)> = words
        .iter()
        .enumerate()
        .map(|(i, (w, changed))| {
            let n = w.chars().count();
            match (changed, color) {
                (false, _) => (w.to_string(), n),
                (true, true) => (format!("{code}{w}\x1b[0m"), n),
                (true, false) => {
                    let first = i == 0 || !words[i - 1].1;
                    let last = words.get(i + 1).is_none_or(|next| !next.1);
                    let (o, c) = (if first { open } else { "" }, if last { close } else { "" });
                    (format!("{o}{w}{c}"), n + o.len() + c.len())
                }
            }
        })
        .collect();
    let mut lines = Vec::new();
    let (mut line, mut len) = (String::new(), 0usize);
    for (text, n) in shown {
        if len > 0 && len + 1 + n > column {
            lines.push((std::mem::take(&mut line), len));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(&text);
        len += n;
    }
    if len > 0 {
        lines.push((line, len));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_sentences_sit_side_by_side_with_changes_marked() {
        let (a, b) = (
            "The ferry capsized late on Friday, killing at least 14 people.",
            "the ferry overturned on Friday night, and at least 14 people were killed.",
        );
        let lines = side_by_side(a, b, 30, false);
        assert!(lines.len() >= 2, "{lines:?}");
        let joined = lines.join("\n");
        assert!(joined.contains("[-capsized late-]"), "{joined}");
        assert!(joined.contains("{+overturned+}"), "{joined}");
        for line in &lines {
            // The separator sits at the same column on every line: the left is padded.
            assert_eq!(line.find('│'), lines[0].find('│'), "{joined}");
            let left = &line[..line.find('│').unwrap_or(0)];
            assert!(left.chars().count() <= 31, "{line}");
        }
        // Without colour nothing else is added; with it, the marks become colour codes.
        assert!(!joined.contains('\x1b'));
        let coloured = side_by_side(a, b, 30, true).join("\n");
        // Each side keeps its own spelling of the words both have.
        assert!(
            lines[0].starts_with("The ferry") && lines[0].contains("│ the ferry"),
            "{joined}"
        );
        assert!(coloured.contains("\x1b[31mcapsized\x1b[0m") && !coloured.contains("[-"));
    }

    #[test]
    fn a_word_longer_than_the_column_gets_its_own_line() {
        let s = "a Supercalifragilisticexpialidocious b";
        let lines = side_by_side(s, s, 10, false);
        assert_eq!(lines.len(), 3, "{lines:?}");
    }
}
