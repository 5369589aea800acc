//! The reconcile stage on the example, written in our own words
//! (tests/fixtures/reconcile): A an original report, B a sentence-by-sentence rewrite of
//! it, C an independent report crediting two other outlets.

use super::{json, root, run};

fn facts() -> (serde_json::Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let input = root().join("crates/cli/tests/fixtures/reconcile/story.jsonl");
    let out = run(&db, &["ingest", input.to_str().expect("utf8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stories = json(&run(&db, &["stories", "--json"]));
    let list = stories.as_array().expect("stories");
    assert_eq!(list.len(), 1, "the three reports are one story: {stories}");
    let id = list[0]["id"].as_str().expect("id").to_string();
    let facts = json(&run(&db, &["facts", &id, "--json"]));
    (facts, dir)
}

fn fact<'a>(facts: &'a serde_json::Value, topic: &str) -> &'a serde_json::Value {
    facts["facts"]
        .as_array()
        .and_then(|f| f.iter().find(|x| x["topic"] == topic))
        .unwrap_or_else(|| panic!("no fact {topic} in {facts:#}"))
}

#[test]
fn the_example_story_reconciles_as_a_reader_needs() {
    let (facts, _dir) = facts();
    // About 10,000 troops now: agreed by two independent sources (A and B one family,
    // C's figure credited to the outlet it cites).
    let troops = fact(&facts, "|troop");
    assert_eq!(troops["status"], "agreed");
    assert_eq!(troops["independent_sources"], 2);
    assert_eq!(troops["versions"][0]["low"].as_f64(), Some(9000.0));
    // Strikes: "13" (A, B) and "at least 10" (C) can both hold.
    let strikes = fact(&facts, "|strike");
    assert_eq!(strikes["status"], "compatible");
    let values: Vec<&str> = strikes["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .filter_map(|v| v["value"].as_str())
        .collect();
    assert!(
        values.contains(&"13") && values.contains(&"at least 10"),
        "{values:?}"
    );
    for v in strikes["versions"].as_array().expect("versions") {
        assert_eq!(v["independent_sources"], 1);
    }
    let thirteen = strikes["versions"]
        .as_array()
        .and_then(|v| v.iter().find(|x| x["value"] == "13"))
        .expect("13");
    assert_eq!(
        thirteen["articles"].as_array().map(Vec::len),
        Some(2),
        "A and B say 13"
    );
    for m in thirteen["articles"].as_array().expect("articles") {
        let (s, e) = (m["start"].as_u64(), m["end"].as_u64());
        assert!(
            s.is_some() && e > s,
            "each source's words have their offsets: {m}"
        );
    }
    // The reward: one source however many articles repeat it.
    let reward = fact(&facts, "|dollar reward");
    assert_eq!(reward["status"], "single_source");
    assert_eq!(
        reward["versions"][0]["articles"].as_array().map(Vec::len),
        Some(2)
    );
    // Warships: seven in August and at least ten now are different times, not a conflict.
    let then = fact(&facts, "|warship|2026-08");
    let now = fact(&facts, "|warship");
    assert_eq!(then["versions"][0]["value"], "7");
    assert_eq!(now["versions"][0]["value"], "at least 10");
    for f in facts["facts"].as_array().expect("facts") {
        assert_ne!(f["status"], "differs", "nothing here conflicts: {f:#}");
    }
    // The press secretary's quote: one quote, one speaker, one independent source.
    let quotes: Vec<&serde_json::Value> = facts["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .filter(|f| f["kind"] == "quote")
        .collect();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0]["status"], "single_source");
    assert_eq!(quotes[0]["versions"].as_array().map(Vec::len), Some(1));
    assert!(quotes[0]["versions"][0]["value"]
        .as_str()
        .is_some_and(|s| s.contains("Mila Torvik")));
    // C's claims rest on the outlets it cites: they are the origin, not C.
    let credited: Vec<&str> = facts["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .flat_map(|f| f["versions"].as_array().into_iter().flatten())
        .flat_map(|v| v["articles"].as_array().into_iter().flatten())
        .filter_map(|a| a["credited_to"].as_str())
        .collect();
    assert!(
        credited.iter().any(|c| c.contains("Bay Herald")),
        "{credited:?}"
    );
    assert!(
        credited.iter().any(|c| c.contains("Capital Journal")),
        "{credited:?}"
    );
    assert_eq!(
        strikes["first"]["outlet"], "Gulf Courier",
        "A reported first"
    );
}

#[test]
fn a_story_of_one_article_is_all_single_source_and_the_timeline_lists_coverage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let input = dir.path().join("one.txt");
    std::fs::write(
        &input,
        "Flood closes the coast road\n\nAt least 40 homes were flooded in Kessa on Monday, \
         the mayor said. \"We have never seen water this high,\" said Ana Pell, who runs a \
         bakery on the harbour.\n",
    )
    .expect("write");
    assert!(run(&db, &["ingest", input.to_str().expect("utf8")])
        .status
        .success());
    let stories = json(&run(&db, &["stories", "--json"]));
    let id = stories[0]["id"].as_str().expect("id").to_string();
    let out = run(&db, &["facts", &id, "--json"]);
    // A store this crosscheck annotated is not reported as needing a rebuild.
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("annotate --rebuild"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let facts = json(&out);
    let list = facts["facts"].as_array().expect("facts");
    assert!(!list.is_empty());
    assert!(
        list.iter().all(|f| f["status"] == "single_source"),
        "{facts:#}"
    );
    let timeline = json(&run(&db, &["timeline", &id, "--json"]));
    assert_eq!(timeline["coverage"].as_array().map(Vec::len), Some(1));
    // A story id that does not exist is a user error, not a crash.
    let bad = run(&db, &["facts", "ffffffffffff"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ffffffffffff"));
}

/// An outlet that corrects its report (a later version of the same page) says what the
/// correction says: its earlier figure is not a version that differs from the others.
#[test]
fn a_corrected_report_replaces_its_earlier_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("v.db");
    let page = |text: &str| {
        serde_json::json!({
            "url": "https://harbourwatch.example/quay-collapse",
            "outlet": "Harbour Watch",
            "title": "Quay collapse at Orlen port",
            "published": "2026-05-02T07:00:00Z",
            "text": text,
        })
        .to_string()
    };
    let first = page("Part of the north quay at Orlen port collapsed on Friday night, injuring four dock workers, the port authority said. Cranes on the quay were shut down.");
    let fixed = page("Part of the north quay at Orlen port collapsed on Friday night, injuring seven dock workers, the port authority said. Cranes on the quay were shut down while engineers inspect it.");
    let other = serde_json::json!({
        "url": "https://orlen-daily.example/quay",
        "outlet": "Orlen Daily",
        "title": "Seven hurt as Orlen quay gives way",
        "published": "2026-05-02T09:00:00Z",
        "text": "Seven dock workers were injured when a section of the north quay at Orlen port gave way on Friday night, according to the port authority. Engineers are inspecting the quay.",
    })
    .to_string();
    for (name, line) in [
        ("a.jsonl", &first),
        ("b.jsonl", &fixed),
        ("c.jsonl", &other),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, format!("{line}\n")).expect("write");
        assert!(run(&db, &["ingest", p.to_str().expect("utf8")])
            .status
            .success());
    }
    let stories = json(&run(&db, &["stories", "--json"]));
    let id = stories[0]["id"].as_str().expect("id").to_string();
    let facts = json(&run(&db, &["facts", &id, "--json"]));
    let injured = facts["facts"]
        .as_array()
        .and_then(|f| {
            f.iter().find(|x| {
                x["topic"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("injured"))
            })
        })
        .unwrap_or_else(|| panic!("no injured count: {facts:#}"));
    let values: Vec<&str> = injured["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .filter_map(|v| v["value"].as_str())
        .collect();
    assert_eq!(values, vec!["7"], "{injured:#}");
    assert_eq!(injured["status"], "agreed", "{injured:#}");
    let left_out = facts["superseded"].as_array().expect("superseded");
    assert_eq!(left_out.len(), 1, "{facts:#}");
    assert!(left_out[0]
        .as_str()
        .is_some_and(|t| t.contains("replaced by its later version")));
}
