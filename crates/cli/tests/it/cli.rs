//! The binary, end to end.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::{json, root, run, stdout};

#[test]
fn demo_ingests_the_examples_and_reports_what_it_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.db");
    let out = run(&db, &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(
        text.contains("new 14  unchanged 0  new versions 1  rejected 0"),
        "{text}"
    );
    assert!(text.contains("version 2, replaces"), "{text}");
    assert!(text.contains("ad_blocker"), "{text}");
    // A section front is refused as a listing, with its reasons.
    assert!(
        text.contains("not an article: a listing page (article score"),
        "{text}"
    );
    // The figures each report states, read at ingest: the outlets disagree on the reward.
    assert!(
        text.contains("$45 million") && text.contains("$50 million"),
        "{text}"
    );
    // A quoted "he" and a claiming "She" stand for the people the reports named before.
    assert!(text.contains("he (= Teodor Halm)"), "{text}");
    assert!(text.contains("She (= Adela Korr)"), "{text}");
    // Exactly the planted copies: the wire copy and the rewrite (an updated version of the
    // same URL is a version, not a copy).
    let copies: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with("  exact")
                || l.starts_with("  near_duplicate")
                || l.starts_with("  rewrite")
                || l.starts_with("  partial")
        })
        .collect();
    assert_eq!(copies.len(), 2, "{text}");
    assert!(copies.iter().any(|l| l.contains("rewrite")
        && l.contains("harbour-times")
        && l.contains("northern-ledger")));
    assert!(copies.iter().any(|l| l.contains("exact")
        && l.contains("Coastline Wire")
        && l.contains("valley-courier")));
}

#[test]
fn ingest_is_idempotent_and_reports_versions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let examples = root().join("examples");
    let first = json(&run(
        &db,
        &["ingest", "--json", examples.to_str().expect("utf8")],
    ));
    assert_eq!(
        (first["new"].as_u64(), first["new_versions"].as_u64()),
        (Some(14), Some(1))
    );
    let second = run(&db, &["ingest", "--json", examples.to_str().expect("utf8")]);
    assert!(second.status.success());
    let second = json(&second);
    assert_eq!(
        (second["new"].as_u64(), second["unchanged"].as_u64()),
        (Some(0), Some(15))
    );
}

#[test]
fn article_json_has_the_documented_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let file = root().join("examples/harbour-times/ferry-capsizes-kestrel-strait.txt");
    assert!(run(&db, &["ingest", file.to_str().expect("utf8")])
        .status
        .success());
    let list = json(&run(&db, &["articles", "--json"]));
    let id = list[0]["id"].as_str().expect("id").to_string();
    assert!(list[0]["source"]
        .as_str()
        .expect("source")
        .ends_with("ferry-capsizes-kestrel-strait.txt"));
    assert_eq!(list[0]["outlet"], "harbour-times");

    let a = json(&run(&db, &["article", &id[..6], "--json"]));
    assert_eq!(a["id"], id.as_str());
    assert_eq!(
        a["title"],
        "Ferry capsizes in Kestrel Strait, leaving at least 14 dead"
    );
    assert_eq!(a["byline"], "Ilse Marrow");
    assert_eq!(a["published"], "2026-03-14T07:40:00Z");
    assert!(a["standfirst"]
        .as_str()
        .expect("standfirst")
        .starts_with("Rescue boats searched"));
    let removed = a["removed"].as_array().expect("removed");
    let has = |reason: &str, text: &str| {
        removed.iter().any(|r| {
            r["reason"] == reason && r["text"].as_str().is_some_and(|t| t.starts_with(text))
        })
    };
    assert!(has("ad_blocker", "Ad Blocker Detected!"));
    assert!(has("ad_blocker", "Refresh"));
    assert!(has("tag_list", "WorldVelmoraTransportDisasters"));
    assert!(has("read_more", "Read more:"));
    assert!(has("section_label", "World News"));
    let body = a["body"].as_str().expect("body");
    assert!(!body.contains("Advertisement") && !body.contains("Refresh"));
    let sentences = a["sentences"].as_array().expect("sentences");
    // "9.15 p.m." and "Mr."-style abbreviations must not split sentences.
    assert!(sentences.iter().any(|s| s
        .as_str()
        .is_some_and(|s| s.contains("at 9.15 p.m. for the two-hour crossing"))));
    assert_eq!(a["paragraphs"].as_array().map(Vec::len), Some(6));
}

#[test]
fn unknown_and_ambiguous_ids_are_user_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    assert!(run(
        &db,
        &["ingest", root().join("examples").to_str().expect("utf8")]
    )
    .status
    .success());
    let out = run(&db, &["article", "0000000000"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no article with id 0000000000"));
    let out = run(&db, &["article", "not-an-id"]);
    assert_eq!(out.status.code(), Some(1));
    let out = run(&dir.path().join("missing.db"), &["articles"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no database at"));
}

#[test]
fn bad_inputs_are_named_with_reasons_and_the_rest_goes_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("inbox");
    std::fs::create_dir_all(inputs.join("latin")).expect("mkdir");
    std::fs::write(inputs.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("w");
    std::fs::write(inputs.join("empty.txt"), b"").expect("w");
    std::fs::write(
        inputs.join("latin/cafe.txt"),
        b"Caf\xe9 owners protest\nThe owners of the caf\xe9s on Rue Basse said the new rules were unfair, and asked the mayor to meet them.",
    )
    .expect("w");
    std::fs::write(
        inputs.join("feed.jsonl"),
        "{\"url\":\"https://x.example/a\",\"text\":\"A bridge reopened on Friday after repairs.\"}\n{\"url\": \"https://x.example/b\", \"text\": \n{\"title\":\"no text\"}\n{\"text\":\"Ferries resumed on Saturday.\",\"outlet\":\"Bay News\"}\n",
    )
    .expect("w");
    std::fs::write(inputs.join("photo.png"), b"\x89PNG").expect("w");
    let db = dir.path().join("t.db");
    let out = run(
        &db,
        &[
            "ingest",
            "--json",
            inputs.to_str().expect("utf8"),
            dir.path().join("nope").to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "some inputs rejected -> exit 1");
    let r = json(&out);
    assert_eq!(r["new"], 3);
    let rejected: Vec<(String, String)> = r["rejected"]
        .as_array()
        .expect("rejected")
        .iter()
        .map(|x| {
            let src = x["source"].as_str().unwrap_or("");
            let name = src.rsplit('/').next().unwrap_or(src).to_string();
            (name, x["reason"].as_str().unwrap_or("").to_string())
        })
        .collect();
    let reason_of = |name: &str| {
        rejected
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    assert!(reason_of("nope").contains("No such file"), "{rejected:?}");
    assert!(
        reason_of("binary.txt").contains("binary data, not text (PNG image)"),
        "{rejected:?}"
    );
    assert_eq!(reason_of("empty.txt"), "empty input");
    assert!(
        reason_of("feed.jsonl:2").contains("invalid JSON"),
        "{rejected:?}"
    );
    assert!(
        reason_of("feed.jsonl:3").contains("no `text` or `html` field"),
        "{rejected:?}"
    );
    assert_eq!(r["skipped"][0]["why"], "not an input type (.png)");

    let list = json(&run(&db, &["articles", "--json"]));
    let cafe = list
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["outlet"] == "latin")
        .expect("latin-1 file stored");
    let a = json(&run(
        &db,
        &["article", cafe["id"].as_str().expect("id"), "--json"],
    ));
    assert_eq!(a["title"], "Café owners protest");
    assert_eq!(a["decoded_from"], "windows-1252");
}

#[test]
fn document_over_the_cap_is_rejected_naming_the_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.txt");
    std::fs::write(
        &big,
        "Long story\n".to_string() + &"Words go on. ".repeat(200),
    )
    .expect("w");
    let db = dir.path().join("t.db");
    let out = run(
        &db,
        &[
            "ingest",
            "--max-doc-bytes",
            "1000",
            big.to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("over the 1000-byte cap"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn stdin_json_lines_are_read_with_line_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["--db", db.to_str().expect("utf8"), "ingest", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"{\"text\":\"Storm closes port.\",\"outlet\":\"A\"}\nnot json\n")
        .expect("write");
    let out = child.wait_with_output().expect("wait");
    let r = json(&out);
    assert_eq!(r["new"], 1);
    assert_eq!(r["rejected"][0]["source"], "-:2");
}

#[test]
fn search_ranks_with_snippets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    assert!(run(
        &db,
        &["ingest", root().join("examples").to_str().expect("utf8")]
    )
    .status
    .success());
    let hits = json(&run(&db, &["search", "--json", "reward", "Vey"]));
    let hits = hits.as_array().expect("hits");
    assert_eq!(hits.len(), 3, "{hits:?}");
    assert!(hits
        .iter()
        .all(|h| h["snippet"].as_str().is_some_and(|s| s.contains('«'))));
    // Stemming: "strikes" finds "strike".
    let hits = json(&run(
        &db,
        &["search", "--json", "\"dock workers\"", "strikes"],
    ));
    assert!(!hits.as_array().expect("hits").is_empty());
}

#[test]
fn export_then_ingest_elsewhere_gives_the_same_articles_and_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    assert!(run(
        &a,
        &["ingest", root().join("examples").to_str().expect("utf8")]
    )
    .status
    .success());
    let export = dir.path().join("export.jsonl");
    assert!(run(&a, &["export", "-o", export.to_str().expect("utf8")])
        .status
        .success());
    let out = run(&b, &["ingest", "--json", export.to_str().expect("utf8")]);
    let r = json(&out);
    assert_eq!(
        (r["new"].as_u64(), r["new_versions"].as_u64()),
        (Some(14), Some(1)),
        "{r}"
    );
    let strip = |db: &std::path::Path| -> Vec<serde_json::Value> {
        let out = run(db, &["export"]);
        stdout(&out)
            .lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).expect("json line");
                v["_crosscheck"]["source"] = serde_json::Value::Null;
                v
            })
            .collect()
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn killed_mid_ingest_leaves_a_consistent_store_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus.jsonl");
    let db = dir.path().join("t.db");
    let gen = run(
        &db,
        &[
            "bench",
            "gen",
            "--articles",
            "6000",
            "--out",
            corpus.to_str().expect("utf8"),
        ],
    );
    assert!(gen.status.success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args([
            "--db",
            db.to_str().expect("utf8"),
            "ingest",
            corpus.to_str().expect("utf8"),
        ])
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    // Wait until some batches are committed, then kill -9.
    let start = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(50));
        let committed = rusqlite::Connection::open(&db)
            .and_then(|c| c.query_row("SELECT count(*) FROM articles", [], |r| r.get::<_, i64>(0)))
            .unwrap_or(0);
        if committed > 0 || start.elapsed().as_secs() > 300 {
            break;
        }
    }
    child.kill().expect("kill -9");
    child.wait().expect("reap");
    let conn = rusqlite::Connection::open(&db).expect("reopen after kill");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(ok, "ok");
    let before: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .expect("count");
    let fts: i64 = conn
        .query_row("SELECT count(*) FROM articles_fts_docsize", [], |r| {
            r.get(0)
        })
        .expect("fts count");
    assert_eq!(before, fts, "every committed article is indexed");
    let members: i64 = conn
        .query_row("SELECT count(*) FROM story_members", [], |r| r.get(0))
        .expect("members");
    assert_eq!(before, members, "every committed article is in a story");
    assert!(
        before > 0 && before < 6000,
        "the kill must land mid-ingest (committed {before})"
    );
    drop(conn);
    let rerun = json(&run(
        &db,
        &["ingest", "--json", corpus.to_str().expect("utf8")],
    ));
    assert_eq!(
        rerun["new"].as_i64().unwrap_or(-1) + rerun["unchanged"].as_i64().unwrap_or(-1),
        6000
    );
    assert_eq!(rerun["unchanged"].as_i64(), Some(before));
    let list = json(&run(&db, &["articles", "--json"]));
    assert_eq!(list.as_array().map(Vec::len), Some(6000));
    // The rerun placed the rest: every article in exactly one story, none twice.
    let conn = rusqlite::Connection::open(&db).expect("reopen");
    let (members, distinct): (i64, i64) = conn
        .query_row(
            "SELECT count(*), count(DISTINCT article) FROM story_members",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("members");
    assert_eq!((members, distinct), (6000, 6000));
    let counted: i64 = conn
        .query_row(
            "SELECT sum(article_count) FROM stories WHERE merged_into IS NULL",
            [],
            |r| r.get(0),
        )
        .expect("story sizes");
    assert_eq!(counted, 6000, "story sizes add up to the articles");
}

#[test]
fn a_folder_of_many_files_is_read_whole() {
    let dir = tempfile::tempdir().expect("tempdir");
    let tree = dir.path().join("tree");
    let db = dir.path().join("t.db");
    let gen = run(
        &db,
        &[
            "bench",
            "gen",
            "--articles",
            "3000",
            "--format",
            "txt",
            "--out",
            tree.to_str().expect("utf8"),
        ],
    );
    assert!(gen.status.success());
    let r = json(&run(
        &db,
        &["ingest", "--json", tree.to_str().expect("utf8")],
    ));
    assert_eq!(r["new"], 3000);
    assert_eq!(r["rejected"].as_array().map(Vec::len), Some(0));
}

#[test]
fn residue_fixtures_never_lose_article_text() {
    let db = tempfile::tempdir().expect("tempdir");
    let db = db.path().join("unused.db");
    for (dir, min_recall) in [
        ("tests/fixtures/residue", 0.95),
        ("tests/fixtures/residue-holdout", 0.5),
    ] {
        let m = json(&run(
            &db,
            &["eval", "residue", root().join(dir).to_str().expect("utf8")],
        ));
        assert_eq!(m["wrongly_removed"], 0, "{dir}: {m}");
        assert!(
            m["recall"].as_f64().unwrap_or(0.0) >= min_recall,
            "{dir}: {m}"
        );
        assert!(
            m["title_accuracy"].as_f64().unwrap_or(0.0) >= 0.9,
            "{dir}: {m}"
        );
    }
}

#[test]
fn help_teaches_the_commands() {
    let out = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .arg("--help")
        .output()
        .expect("run");
    let text = stdout(&out);
    for cmd in [
        "ingest", "articles", "article", "search", "export", "demo", "eval",
    ] {
        assert!(text.contains(cmd), "{cmd} missing from --help");
    }
}

#[test]
fn paraphrase_eval_on_msrp_dev_when_present() {
    let Some(dev) = crate::eval_data("paraphrase/msr_paraphrase_dev.txt") else {
        return;
    };
    let db = tempfile::tempdir().expect("tempdir");
    let m = json(&run(
        &db.path().join("unused.db"),
        &["eval", "paraphrase", "--msrp", dev.to_str().expect("utf8")],
    ));
    assert_eq!(m["pairs"], 400);
    // Measured 0.76 / 0.8333 with the 37-feature blend (BENCHMARKS.md); the goal is 0.75 /
    // 0.83, guarded with a little room for a refit.
    assert!(m["accuracy"].as_f64().unwrap_or(0.0) >= 0.75, "{m}");
    assert!(m["f1"].as_f64().unwrap_or(0.0) >= 0.825, "{m}");
}

#[test]
fn compare_tells_copies_rewrites_and_independent_reports_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let ex = |p: &str| {
        root()
            .join("examples")
            .join(p)
            .to_str()
            .expect("utf8")
            .to_string()
    };
    let cmp = |a: &str, b: &str| json(&run(&db, &["compare", "--json", &ex(a), &ex(b)]));
    // Northern Ledger restates Harbour Times sentence by sentence in new words.
    let r = cmp(
        "harbour-times/ferry-capsizes-kestrel-strait.txt",
        "northern-ledger/kestrel-ferry-sinking.txt",
    );
    assert_eq!(r["kind"], "rewrite", "{r}");
    assert!(r["shingle_jaccard"].as_f64().unwrap_or(1.0) < 0.15, "{r}");
    // Valley Courier runs the Coastline Wire story verbatim under its own furniture.
    let r = cmp(
        "valley-courier/wire-ferry-overturns.txt",
        "feeds/coastline-wire.jsonl",
    );
    assert_eq!(r["kind"], "exact", "{r}");
    // Same event, same numbers in places, different writing.
    for (a, b) in [
        (
            "harbour-times/ferry-capsizes-kestrel-strait.txt",
            "valley-courier/wire-ferry-overturns.txt",
        ),
        (
            "meridian-post/reward-raised-dorran-vey.txt",
            "northern-ledger/vey-bounty.txt",
        ),
        (
            "meridian-post/drone-strikes-fishing-boats.txt",
            "valley-courier/tessel-boat-attacks.txt",
        ),
        (
            "harbour-times/port-aldren-strike.txt",
            "meridian-post/port-strike-ends.txt",
        ),
    ] {
        let r = cmp(a, b);
        assert_eq!(r["kind"], "independent", "{a} vs {b}: {r}");
        assert!(r["source"].is_null());
    }
    // The two versions of one Daily Signal URL: an update with new numbers.
    assert!(run(&db, &["ingest", &ex("feeds/daily-signal.jsonl")])
        .status
        .success());
    let list = json(&run(&db, &["articles", "--json"]));
    let (v1, v2) = (
        list[0]["id"].as_str().expect("id"),
        list[1]["id"].as_str().expect("id"),
    );
    let r = json(&run(&db, &["compare", "--json", v1, v2]));
    assert_eq!(r["kind"], "near_duplicate", "{r}");
}

#[test]
fn regression_closed_stdout_is_not_an_error() {
    // `crosscheck export | head -1` used to print "error: Broken pipe" (the JSON writer
    // wrapped the I/O error) and exit 2.
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let corpus = dir.path().join("c.jsonl");
    assert!(run(
        &db,
        &[
            "bench",
            "gen",
            "--articles",
            "300",
            "--out",
            corpus.to_str().expect("utf8")
        ]
    )
    .status
    .success());
    assert!(run(&db, &["ingest", corpus.to_str().expect("utf8")])
        .status
        .success());
    for args in [&["export"][..], &["articles", "--json"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = [0u8; 16];
        std::io::Read::read_exact(child.stdout.as_mut().expect("stdout"), &mut first)
            .expect("some output");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn regression_dry_run_creates_no_database() {
    // `ingest --dry-run` used to create and migrate the database file it promised not to touch.
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("never.db");
    let out = run(
        &db,
        &[
            "ingest",
            "--dry-run",
            "--json",
            root().join("examples").to_str().expect("utf8"),
        ],
    );
    assert!(out.status.success());
    assert_eq!(json(&out)["new"], 15);
    assert!(!db.exists(), "a dry run wrote {}", db.display());
}
