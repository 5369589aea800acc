//! Property tests of the pipeline: ingest is idempotent, export/import is lossless.

use crosscheck_engine::export::export_line;
use crosscheck_engine::pipeline::{ingest, NoProgress};
use crosscheck_engine::settings::Settings;
use crosscheck_store::{SqliteStore, Store};
use proptest::prelude::*;

fn article_strategy() -> impl Strategy<Value = serde_json::Value> {
    let word = "[A-Za-zéü]{1,9}";
    let sentence = prop::collection::vec(word, 3..12).prop_map(|w| format!("{}.", w.join(" ")));
    let paragraph = prop::collection::vec(sentence, 1..4).prop_map(|s| s.join(" "));
    let residue = prop::sample::select(vec![
        "Advertisement",
        "Share this",
        "Listen to this article",
        "Read more: Other news",
        "",
    ]);
    (
        prop::option::of(0u32..40),
        prop::option::of("[A-Z][a-z]{2,10} [A-Z][a-z]{2,10}"),
        prop::collection::vec((paragraph, residue), 1..6),
        prop::option::of("[a-z]{3,8}"),
    )
        .prop_map(|(url, outlet, parts, extra)| {
            let text: Vec<String> = parts
                .into_iter()
                .flat_map(|(p, r)| [p, r.to_string()])
                .filter(|s| !s.is_empty())
                .collect();
            let mut obj = serde_json::json!({"text": text.join("\n")});
            if let Some(u) = url {
                obj["url"] = format!("https://news.example/{u}").into();
            }
            if let Some(o) = outlet {
                obj["outlet"] = o.into();
            }
            if let Some(e) = extra {
                obj["tag"] = e.into();
            }
            obj
        })
}

fn write_jsonl(path: &std::path::Path, items: &[serde_json::Value]) {
    let lines: Vec<String> = items.iter().map(|v| v.to_string()).collect();
    std::fs::write(path, lines.join("\n") + "\n").expect("write");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn ingest_twice_changes_nothing(items in prop::collection::vec(article_strategy(), 1..12)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in.jsonl");
        write_jsonl(&input, &items);
        let settings = Settings::new(dir.path().join("t.db"));
        let first = ingest(&settings, std::slice::from_ref(&input), &NoProgress).expect("ingest");
        let count = SqliteStore::open(&settings.db).expect("open").count().expect("count");
        let second = ingest(&settings, &[input], &NoProgress).expect("ingest again");
        prop_assert_eq!(second.new + second.new_versions, 0);
        prop_assert_eq!(second.unchanged, first.new + first.new_versions + first.unchanged);
        prop_assert_eq!(SqliteStore::open(&settings.db).expect("open").count().expect("count"), count);
    }

    #[test]
    fn export_import_round_trip_is_lossless(items in prop::collection::vec(article_strategy(), 1..12)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in.jsonl");
        write_jsonl(&input, &items);
        let a = Settings::new(dir.path().join("a.db"));
        ingest(&a, &[input], &NoProgress).expect("ingest");
        let dump = |db: &std::path::Path| {
            let mut lines = Vec::new();
            SqliteStore::open(db).expect("open").for_each(&mut |s| {
                let mut v = export_line(&s);
                v["_crosscheck"]["source"] = serde_json::Value::Null;
                lines.push(v);
                Ok(())
            }).expect("walk");
            lines
        };
        let exported = dump(&a.db);
        let export_file = dir.path().join("export.jsonl");
        write_jsonl(&export_file, &exported);
        let b = Settings::new(dir.path().join("b.db"));
        ingest(&b, &[export_file], &NoProgress).expect("import");
        prop_assert_eq!(dump(&b.db), exported);
    }
}
