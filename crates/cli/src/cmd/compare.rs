//! `crosscheck compare A B`: is one article a copy of the other, and which is the source?

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crosscheck::settings::Settings;
use crosscheck_dedup::{
    compare, direction, word_diff, CompareConfig, Direction, Piece, Side, SimilarityConfig,
};
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
    let sim = SimilarityConfig::default().build();
    let sa = a.article.sentence_texts();
    let sb = b.article.sentence_texts();
    let c = compare(
        &sim,
        &CompareConfig::default(),
        &a.article.body,
        &sa,
        &b.article.body,
        &sb,
    );
    let Direction {
        source: first,
        reason,
    } = direction(c.kind, &Side::of(&a.article), &Side::of(&b.article), &c);
    let source = first.map(|i| {
        if i == 0 {
            a.name.as_str()
        } else {
            b.name.as_str()
        }
    });
    if args.json {
        let aligned: Vec<_> = c
            .aligned
            .iter()
            .map(|p| serde_json::json!({"a": p.a, "b": p.b, "score": p.score, "quoted": p.quoted, "a_text": sa[p.a], "b_text": sb[p.b]}))
            .collect();
        super::print_json(&serde_json::json!({
            "kind": c.kind,
            "score": c.score,
            "source": source,
            "reason": reason,
            "shingle_jaccard": c.shingle_jaccard,
            "aligned_share": c.aligned_share,
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
    writeln!(out, "A: {}\nB: {}\n", a.name, b.name)?;
    // What changed between aligned sentences, as a word diff: [-only in A-] {+only in B+},
    // in red and green on a terminal.
    let color = std::io::IsTerminal::is_terminal(&std::io::stdout());
    for p in &c.aligned {
        let diff: Vec<String> = word_diff(sa[p.a], sb[p.b])
            .into_iter()
            .map(|piece| match (piece, color) {
                (Piece::Same(t), _) => t,
                (Piece::Del(t), true) => format!("\x1b[31m{t}\x1b[0m"),
                (Piece::Ins(t), true) => format!("\x1b[32m{t}\x1b[0m"),
                (Piece::Del(t), false) => format!("[-{t}-]"),
                (Piece::Ins(t), false) => format!("{{+{t}+}}"),
            })
            .collect();
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
        writeln!(out, "    {}\n", diff.join(" "))?;
    }
    Ok(ExitCode::SUCCESS)
}
