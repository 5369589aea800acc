//! Copy detection end to end: the fixture pairs through `compare`, and through ingest.

// The fixtures are small files of this repository, not inputs under test.
#![allow(clippy::disallowed_methods)]

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::{json, root, run};

struct Case {
    name: String,
    a: PathBuf,
    b: PathBuf,
    kind: String,
    /// "a", "b" or None.
    source: Option<String>,
}

fn cases() -> Vec<Case> {
    let dir = root().join("tests/fixtures/copies");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).expect("fixtures") {
        let p = e.expect("entry").path();
        if !p.is_dir() {
            continue;
        }
        let expect: Value =
            serde_json::from_str(&std::fs::read_to_string(p.join("expect.json")).expect("expect"))
                .expect("expect.json");
        out.push(Case {
            name: p.file_name().expect("name").to_string_lossy().into_owned(),
            a: p.join("a.jsonl"),
            b: p.join("b.jsonl"),
            kind: expect["kind"].as_str().expect("kind").to_string(),
            source: expect["source"].as_str().map(str::to_string),
        });
    }
    out.sort_by(|x, y| x.name.cmp(&y.name));
    assert!(out.len() >= 7, "fixture cases missing");
    out
}

fn url(path: &PathBuf) -> String {
    let rec: Value =
        serde_json::from_str(std::fs::read_to_string(path).expect("read").trim()).expect("json");
    rec["url"].as_str().expect("url").to_string()
}

#[test]
fn every_fixture_pair_compares_as_expected() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("unused.db");
    for c in cases() {
        let (a, b) = (c.a.to_str().expect("utf8"), c.b.to_str().expect("utf8"));
        let out = json(&run(&db, &["compare", "--json", a, b]));
        assert_eq!(out["kind"], c.kind.as_str(), "{}: {out}", c.name);
        let want = c.source.as_deref().map(|s| if s == "a" { a } else { b });
        assert_eq!(
            out["source"].as_str(),
            want,
            "{}: {}",
            c.name,
            out["reason"]
        );
        // Regression: `compare A B` and `compare B A` gave different scores.
        let back = json(&run(&db, &["compare", "--json", b, a]));
        for field in [
            "kind",
            "score",
            "source",
            "shingle_jaccard",
            "aligned_share",
        ] {
            assert_eq!(
                out[field], back[field],
                "{}: {field} depends on the order",
                c.name
            );
        }
    }
}

#[test]
fn ingest_finds_the_fixture_copies_and_lists_them_on_each_article() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    // The article files only (each case folder also holds its expect.json).
    let files: Vec<String> = cases()
        .iter()
        .flat_map(|c| [&c.a, &c.b])
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["ingest", "--json"];
    args.extend(files.iter().map(String::as_str));
    let report = json(&run(&db, &args));
    assert_eq!(
        report["rejected"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    let list = json(&run(&db, &["articles", "--json"]));
    let id_of: HashMap<String, String> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|r| {
            (
                r["url"].as_str().expect("url").to_string(),
                r["id"].as_str().expect("id").to_string(),
            )
        })
        .collect();
    for c in cases() {
        let (ida, idb) = (&id_of[&url(&c.a)], &id_of[&url(&c.b)]);
        let art = json(&run(&db, &["article", idb, "--json"]));
        let rel = art["relations"]
            .as_array()
            .expect("relations")
            .iter()
            .find(|r| r["other"] == ida.as_str())
            .cloned();
        if c.kind == "independent" {
            assert!(rel.is_none(), "{}: {rel:?}", c.name);
            continue;
        }
        let rel = rel.unwrap_or_else(|| panic!("{}: no relation found at ingest: {art}", c.name));
        assert_eq!(rel["kind"], c.kind.as_str(), "{}: {rel}", c.name);
        let want = c
            .source
            .as_deref()
            .map(|s| if s == "a" { ida } else { idb });
        assert_eq!(
            rel["source"].as_str(),
            want.map(String::as_str),
            "{}: {rel}",
            c.name
        );
    }
    // Re-ingesting changes nothing: the same relations, the same families.
    let before = json(&run(&db, &["copies", "--json"]));
    let again = json(&run(&db, &args));
    assert_eq!(again["new"], 0);
    assert_eq!(json(&run(&db, &["copies", "--json"])), before);
    assert!(before["independent_articles"].as_u64() < before["articles"].as_u64());
}

#[test]
fn a_copy_ingested_later_finds_its_stored_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let case = root().join("tests/fixtures/copies/rewrite");
    let first = json(&run(
        &db,
        &[
            "ingest",
            "--json",
            case.join("a.jsonl").to_str().expect("utf8"),
        ],
    ));
    assert_eq!(first["indexed_before"], 0);
    let second = json(&run(
        &db,
        &[
            "ingest",
            "--json",
            case.join("b.jsonl").to_str().expect("utf8"),
        ],
    ));
    assert_eq!(
        second["indexed_before"], 1,
        "the index is loaded from the store"
    );
    assert_eq!(second["copies"]["rewrite"], 1, "{second}");
    let fams = json(&run(&db, &["copies", "--json"]));
    assert_eq!(fams["families"].as_array().map(Vec::len), Some(1));
    assert_eq!(fams["independent_articles"], 1);
    let text = crate::stdout(&run(&db, &["copies"]));
    assert!(
        text.contains("rewrite") && text.contains("copies"),
        "{text}"
    );
}

#[test]
fn no_copies_flag_skips_detection() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let case = root().join("tests/fixtures/copies/exact");
    let (a, b) = (case.join("a.jsonl"), case.join("b.jsonl"));
    let out = json(&run(
        &db,
        &[
            "ingest",
            "--json",
            "--no-copies",
            a.to_str().expect("utf8"),
            b.to_str().expect("utf8"),
        ],
    ));
    assert_eq!(out["new"], 2);
    assert!(
        out["copies"].as_object().is_some_and(|m| m.is_empty()),
        "{out}"
    );
}

#[test]
fn a_story_found_by_search_counts_its_independent_sources() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let examples = root().join("examples");
    assert!(run(&db, &["ingest", examples.to_str().expect("utf8")])
        .status
        .success());
    // Four ferry articles: Harbour Times and its Northern Ledger rewrite, Coastline Wire and
    // the Valley Courier's verbatim copy. Two independent sources.
    let story = json(&run(&db, &["copies", "--search", "ferry", "--json"]));
    assert_eq!(story["articles"], 4, "{story}");
    assert_eq!(story["independent_articles"], 2, "{story}");
    assert_eq!(story["independent_sources"], 2, "{story}");
    assert_eq!(story["families"].as_array().map(Vec::len), Some(2));
}

#[test]
fn rebuild_finds_copies_in_a_store_filled_without_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let examples = root().join("examples");
    let out = json(&run(
        &db,
        &[
            "ingest",
            "--json",
            "--no-copies",
            examples.to_str().expect("utf8"),
        ],
    ));
    assert!(out["copies"].as_object().is_some_and(|m| m.is_empty()));
    let before = json(&run(&db, &["copies", "--json"]));
    assert_eq!(before["families"].as_array().map(Vec::len), Some(0));
    let after = json(&run(&db, &["copies", "--rebuild", "--json"]));
    assert_eq!(
        after["families"].as_array().map(Vec::len),
        Some(2),
        "{after}"
    );
    // A rebuild of a rebuilt store changes nothing.
    assert_eq!(json(&run(&db, &["copies", "--rebuild", "--json"])), after);
    // The sketches are back too: a later ingest matches against the stored articles.
    let case = root().join("tests/fixtures/copies/exact/a.jsonl");
    let later = json(&run(
        &db,
        &["ingest", "--json", case.to_str().expect("utf8")],
    ));
    assert_eq!(later["indexed_before"], 15, "{later}");
}

#[test]
fn ingest_says_when_stored_articles_were_never_sketched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let examples = root().join("examples");
    let first = json(&run(
        &db,
        &[
            "ingest",
            "--json",
            "--no-copies",
            examples.to_str().expect("utf8"),
        ],
    ));
    // Every stored row: new articles and new versions of stored URLs.
    let stored = first["new"].as_u64().expect("new") + first["new_versions"].as_u64().expect("v");
    assert!(stored > 0, "{first}");
    // Copy detection on: the stored articles are not in the index, and the summary says so.
    let other = root().join("tests/fixtures/copies/independent-same-event/a.jsonl");
    let said = run(&db, &["ingest", other.to_str().expect("utf8")]);
    assert!(said.status.success());
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(
        said.contains(&format!(
            "note: {stored} stored articles were stored without copy detection"
        )) && said.contains("copies --rebuild"),
        "{said}"
    );
    // After a rebuild every stored article has its sketch: no note.
    assert!(run(&db, &["copies", "--rebuild"]).status.success());
    let rewrite = root().join("tests/fixtures/copies/rewrite/a.jsonl");
    let after = json(&run(
        &db,
        &["ingest", "--json", rewrite.to_str().expect("utf8")],
    ));
    assert_eq!(after["unsketched_before"], 0, "{after}");
}

/// `eval copies --galaxy`: every fixture case becomes one gold event of two articles; the
/// pairs judged copies are exactly the fixture cases that expect a copy.
#[test]
fn eval_copies_judges_every_pair_within_an_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("unused.db");
    let mut events = Vec::new();
    let mut copies = Vec::new();
    for c in cases() {
        let article = |p: &PathBuf| {
            let rec: Value = serde_json::from_str(std::fs::read_to_string(p).expect("read").trim())
                .expect("json");
            serde_json::json!({
                "title": rec["title"],
                "text": rec["text"],
                "ext_url": rec["url"],
                "created_at": rec["published"],
            })
        };
        events
            .push(serde_json::json!({"title": c.name, "articles": [article(&c.a), article(&c.b)]}));
        if c.kind != "independent" {
            copies.push((c.kind.clone(), url(&c.a)));
        }
    }
    let galaxy = dir.path().join("events.json");
    std::fs::write(&galaxy, serde_json::to_string(&events).expect("json")).expect("write");
    let out = json(&run(
        &db,
        &["eval", "copies", "--galaxy", galaxy.to_str().expect("utf8")],
    ));
    assert_eq!(out["pairs_within_events"], events.len(), "{out}");
    let mut flagged: Vec<(String, String)> = out["flagged"]
        .as_array()
        .expect("flagged")
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().expect("kind").to_string(),
                f["a"].as_str().expect("a").to_string(),
            )
        })
        .collect();
    flagged.sort();
    copies.sort();
    assert_eq!(flagged, copies, "{out}");
}
