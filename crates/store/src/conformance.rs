//! The behaviour every [`Store`] backend must show. Each backend's tests call
//! [`run_all`] with a constructor for an empty store.

use crosscheck_model::{
    Article, ArticleId, CopyKind, EntityCount, InputRecord, Relation, Sketch, SourceKind, Span,
    StoryId, StoryRow, StoryWrite,
};

use crate::{ListQuery, Store, StoreError, StoryQuery, WriteOutcome};

/// A minimal article with the given outlet, URL and body.
pub fn article(outlet: &str, url: Option<&str>, body: &str) -> Article {
    let record = InputRecord {
        url: url.map(str::to_string),
        outlet: Some(outlet.into()),
        title: Some(format!("{outlet} headline")),
        text: body.into(),
        ..Default::default()
    };
    let id = ArticleId::derive(&record);
    Article {
        version_key: url.map_or_else(|| format!("id:{id}"), str::to_string),
        id,
        source: format!("{outlet}.jsonl:1"),
        kind: SourceKind::Json,
        url: url.map(str::to_string),
        title: record.title.clone(),
        standfirst: None,
        byline: None,
        published: Some("2025-06-03".into()),
        paragraphs: vec![Span {
            start: 0,
            end: body.len() as u32,
        }],
        sentences: vec![Span {
            start: 0,
            end: body.len() as u32,
        }],
        body: body.into(),
        removed: Vec::new(),
        decoded_from: None,
        lang: Some("en".into()),
        outlet: record.outlet.clone(),
        record,
    }
}

pub fn run_all<S: Store>(make: impl Fn() -> S) {
    write_is_idempotent(make());
    same_url_new_text_is_a_new_version(make());
    regression_unrelated_texts_under_one_url_are_not_versions(make());
    furniture_lines_round_trip(make());
    annotations_round_trip(make());
    regression_undated_stories_list_after_dated_ones(make());
    round_trip_is_lossless(make());
    prefixes_resolve_or_explain(make());
    search_ranks_and_snippets(make());
    list_filters_by_outlet(make());
    relations_and_sketches_round_trip(make());
    stories_merge_and_resume(make());
}

fn story_row(id: &StoryId, title: &str, first: i64, last: i64, n: u32) -> StoryRow {
    StoryRow {
        id: id.clone(),
        title: title.into(),
        first_seen: first,
        last_seen: last,
        article_count: n,
        state: vec![1, 2, 3],
    }
}

fn stories_merge_and_resume<S: Store>(mut s: S) {
    let a = article("ledger", None, "Ferry sinks off the coast.");
    let b = article("herald", None, "Divers reach the ferry.");
    let c = article("courier", None, "Budget vote delayed.");
    let (sa, sc) = (StoryId::founded_by(&a.id), StoryId::founded_by(&c.id));
    let p: Vec<S::Prepared> = [a.clone(), b.clone(), c.clone()]
        .into_iter()
        .map(|x| S::prepare(x, None).expect("prepare"))
        .collect();
    let first = StoryWrite {
        members: vec![
            (a.id.clone(), sa.clone()),
            (b.id.clone(), sa.clone()),
            (c.id.clone(), sc.clone()),
        ],
        stories: vec![
            story_row(&sa, "Ferry sinks", 100, 200, 2),
            story_row(&sc, "Budget vote", 150, 150, 1),
        ],
        merged: vec![],
        docs: 3,
        df: vec![(7, 2), (9, 1)],
    };
    let copy = |x: &Article, y: &Article| {
        Relation::new(
            x.id.clone(),
            y.id.clone(),
            CopyKind::Exact,
            1.0,
            Some(x.id.clone()),
            String::new(),
        )
    };
    s.write_prepared(&p, &[copy(&a, &b), copy(&a, &c)], &first)
        .expect("write");
    assert_eq!(s.story_of(&b.id).expect("story_of"), Some(sa.clone()));
    assert_eq!(
        s.story_relations(&sa).expect("relations").len(),
        1,
        "only the relation within the story"
    );
    let listed = s.stories(&StoryQuery::default()).expect("stories");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].0.id, sa, "newest activity first");
    let ids: Vec<&ArticleId> = listed[0].1.iter().map(|r| &r.id).collect();
    assert_eq!(ids, vec![&a.id, &b.id], "ingestion order");
    assert_eq!(s.unclustered().expect("unclustered"), 0);
    assert_eq!(s.doc_freqs(&[7, 8]).expect("df"), (3, vec![2, 0]));
    let since = s
        .stories(&StoryQuery {
            since: Some(180),
            limit: None,
            after: None,
        })
        .expect("since");
    assert_eq!(since.len(), 1);
    // Keyset pages: the story after the first is the second, and nothing follows it.
    let page = |after: &StoryId| {
        s.stories(&StoryQuery {
            since: None,
            limit: Some(1),
            after: Some(after.clone()),
        })
        .expect("page")
    };
    let second = page(&listed[0].0.id);
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].0.id, listed[1].0.id);
    assert!(page(&listed[1].0.id).is_empty());
    let around: Vec<StoryId> = s
        .stories_between(0, 120, 10)
        .expect("between")
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        around,
        vec![sa.clone()],
        "the budget story starts after 120"
    );
    assert_eq!(
        s.story_row(&sc).expect("row").map(|r| r.title),
        Some("Budget vote".to_owned())
    );

    // The younger story merges into the older one: members move, the id stays findable.
    let merge = StoryWrite {
        stories: vec![story_row(&sa, "Ferry sinks", 100, 200, 3)],
        merged: vec![(sc.clone(), sa.clone())],
        docs: 1,
        df: vec![(7, 1)],
        ..Default::default()
    };
    s.write_prepared(&[], &[], &merge).expect("merge");
    assert_eq!(s.story_of(&c.id).expect("story_of"), Some(sa.clone()));
    let (row, members) = s.story(sc.as_str()).expect("merged id resolves");
    assert_eq!(row.id, sa);
    assert_eq!(members.len(), 3);
    assert_eq!(s.stories(&StoryQuery::default()).expect("stories").len(), 1);
    assert_eq!(s.story_relations(&sa).expect("relations").len(), 2);

    // An empty state leaves the stored one (centroids are saved now and then).
    let mut later = story_row(&sa, "Ferry sinks", 100, 200, 3);
    later.state = Vec::new();
    let keep = StoryWrite {
        stories: vec![later],
        ..Default::default()
    };
    s.write_prepared(&[], &[], &keep).expect("write");
    let snap = s.cluster_snapshot(150).expect("snapshot");
    assert_eq!(snap.docs, 4);
    let mut df = snap.df.clone();
    df.sort_unstable();
    assert_eq!(df, vec![(7, 3), (9, 1)]);
    assert_eq!(snap.aliases, vec![(sc.clone(), sa.clone())]);
    assert_eq!(snap.stories.len(), 1);
    assert_eq!(snap.stories[0].state, vec![1, 2, 3]);
    assert!(s
        .cluster_snapshot(201)
        .expect("snapshot")
        .stories
        .is_empty());
    assert_eq!(s.latest_story_time().expect("latest"), Some(200));

    s.reset_stories().expect("reset");
    assert_eq!(s.story_of(&a.id).expect("story_of"), None);
    assert_eq!(s.cluster_snapshot(0).expect("snapshot").docs, 0);
}

fn write_is_idempotent<S: Store>(mut s: S) {
    let a = article("ledger", None, "The ferry sank.");
    assert_eq!(
        s.write(std::slice::from_ref(&a)).expect("write"),
        vec![WriteOutcome::New]
    );
    assert_eq!(
        s.write(&[a.clone(), a]).expect("write"),
        vec![WriteOutcome::Unchanged; 2]
    );
    assert_eq!(s.count().expect("count"), 1);
}

fn same_url_new_text_is_a_new_version<S: Store>(mut s: S) {
    let v1 = article(
        "ledger",
        Some("https://ledger.example/a"),
        "Ten people died.",
    );
    let v2 = article(
        "ledger",
        Some("https://ledger.example/a"),
        "Twelve people died.",
    );
    s.write(std::slice::from_ref(&v1)).expect("write v1");
    let out = s.write(std::slice::from_ref(&v2)).expect("write v2");
    assert_eq!(
        out,
        vec![WriteOutcome::NewVersion {
            previous: v1.id.clone(),
            version: 2
        }]
    );
    let old = s.get(v1.id.as_str()).expect("v1 still there");
    assert_eq!(old.article.body, "Ten people died.");
    assert_eq!(old.next_version.as_ref(), Some(&v2.id));
    let new = s.get(v2.id.as_str()).expect("v2");
    assert_eq!(
        (new.version, new.previous_version.as_ref()),
        (2, Some(&v1.id))
    );
}

/// Regression: two articles of one site that both declared the site root as canonical
/// became "version 2" of each other. A version continues the chain of a related text.
fn regression_unrelated_texts_under_one_url_are_not_versions<S: Store>(mut s: S) {
    let key = "https://ledger.example/shared";
    let mut first = article(
        "ledger",
        Some(key),
        "The harbour council approved the dredging budget after a long debate.",
    );
    first.title = Some("Dredging budget approved".into());
    let mut other = article(
        "ledger",
        Some(key),
        "Floods closed three valley schools; parents collected children before noon.",
    );
    other.title = Some("Floods close schools".into());
    other.id = ArticleId::from_stored("00ff00ff00ff00ff00ff00ff00ff00ff");
    let mut update = article(
        "ledger",
        Some(key),
        "The harbour council approved the dredging budget after a long debate. \
         Opponents promised an appeal.",
    );
    update.title = Some("Dredging budget approved; appeal promised".into());
    update.id = ArticleId::from_stored("11ee11ee11ee11ee11ee11ee11ee11ee");
    let out = s.write(&[first.clone(), other, update]).expect("write");
    assert_eq!(
        out,
        vec![
            WriteOutcome::New,
            WriteOutcome::New,
            WriteOutcome::NewVersion {
                previous: first.id.clone(),
                version: 2
            }
        ]
    );
}

/// Regression: every undated one-article story sorted to the top of `stories` (by its
/// ingest time, or a false future date).
fn regression_undated_stories_list_after_dated_ones<S: Store>(mut s: S) {
    let dated = article("ledger", None, "Ferry sinks off the coast.");
    let mut undated = article("herald", None, "Pier reopens to walkers.");
    undated.published = None;
    let (sd, su) = (
        StoryId::founded_by(&dated.id),
        StoryId::founded_by(&undated.id),
    );
    let p: Vec<S::Prepared> = [dated.clone(), undated.clone()]
        .into_iter()
        .map(|x| S::prepare(x, None).expect("prepare"))
        .collect();
    let w = StoryWrite {
        members: vec![
            (dated.id.clone(), sd.clone()),
            (undated.id.clone(), su.clone()),
        ],
        // The undated story carries the later time (its ingest time).
        stories: vec![
            story_row(&sd, "Ferry sinks", 100, 100, 1),
            story_row(&su, "Pier reopens", 900, 900, 1),
        ],
        ..Default::default()
    };
    s.write_prepared(&p, &[], &w).expect("write");
    let listed: Vec<StoryId> = s
        .stories(&StoryQuery::default())
        .expect("stories")
        .into_iter()
        .map(|(r, _)| r.id)
        .collect();
    assert_eq!(listed, vec![sd, su]);
}

fn annotations_round_trip<S: Store>(mut s: S) {
    let a = article("ledger", None, "The reward rose to $50 million.");
    let mut p = S::prepare(a.clone(), None).expect("prepare");
    let vey = |mentions| EntityCount {
        key: "dorran-vey".into(),
        kind: "PER".into(),
        name: "Dorran Vey".into(),
        media: false,
        mentions,
    };
    S::set_annotations(&mut p, r#"{"quantities":[{"value":5e7}]}"#, &[vey(2)]).expect("set");
    let b = article("courier", None, "Vey was seen in the reward's town.");
    let mut q = S::prepare(b.clone(), None).expect("prepare");
    // One article's tagger took the name for a place: still one entity, a person (the
    // type most mentions got), named as in running text.
    let shouted = EntityCount {
        kind: "LOC".into(),
        name: "DORRAN VEY".into(),
        ..vey(1)
    };
    S::set_annotations(&mut q, "{}", &[shouted]).expect("set");
    s.write_prepared(&[p, q], &[], &StoryWrite::default())
        .expect("write");
    let got = s.annotations_of(&a.id).expect("read").expect("stored");
    assert!(got.contains("5e7"), "{got}");
    let listed = s.entities(None, 10).expect("entities");
    assert_eq!(
        (listed.len(), listed[0].articles, listed[0].mentions),
        (1, 2, 3)
    );
    assert_eq!(
        (listed[0].kind.as_str(), listed[0].name.as_str()),
        ("PER", "Dorran Vey")
    );
    // By key, by its last word, and with words among the entity's articles.
    assert_eq!(s.search("entity:dorran-vey", 10).expect("search").len(), 2);
    assert_eq!(s.search("entity:vey", 10).expect("search").len(), 2);
    let hits = s.search("entity:vey reward", 10).expect("search");
    assert_eq!(hits.len(), 2);
    assert!(s.search("entity:nobody", 10).expect("search").is_empty());
    assert!(s.search("entity:%", 10).expect("search").is_empty());
    s.replace_annotations(&[(a.id.clone(), r#"{"quantities":[]}"#.into(), Vec::new())])
        .expect("replace");
    assert_eq!(
        s.annotations_of(&a.id).expect("read").as_deref(),
        Some(r#"{"quantities":[]}"#)
    );
    assert_eq!(s.entities(None, 10).expect("entities")[0].articles, 1);
    let other = ArticleId::from_stored("ab".repeat(16));
    assert_eq!(s.annotations_of(&other).expect("read"), None);
}

fn furniture_lines_round_trip<S: Store>(mut s: S) {
    let a = crosscheck_model::LineStat {
        articles: 1,
        first_day: 100,
        last_day: 100,
    };
    let undated = crosscheck_model::LineStat {
        articles: 2,
        first_day: i32::MAX,
        last_day: i32::MIN,
    };
    s.save_furniture_lines(&[(u64::MAX, a), (7, undated)])
        .expect("save");
    let later = crosscheck_model::LineStat {
        articles: 2,
        last_day: 140,
        ..a
    };
    s.save_furniture_lines(&[(u64::MAX, later)]).expect("save");
    let mut got = Vec::new();
    s.for_each_furniture_line(&mut |k, st| got.push((k, st)))
        .expect("read");
    got.sort_by_key(|(k, _)| *k);
    assert_eq!(got, vec![(7, undated), (u64::MAX, later)]);
}

fn round_trip_is_lossless<S: Store>(mut s: S) {
    let mut a = article(
        "courier",
        Some("https://courier.example/x"),
        "Body « with » unicode ✓.",
    );
    a.record.meta.insert(
        "section".into(),
        serde_json::json!({"name": "World", "rank": 2}),
    );
    a.removed.push(crosscheck_model::Removed {
        text: "Advertisement".into(),
        reason: crosscheck_model::RemovedReason::Advertisement,
    });
    s.write(std::slice::from_ref(&a)).expect("write");
    let mut seen = Vec::new();
    s.for_each(&mut |st| {
        seen.push(st.article);
        Ok(())
    })
    .expect("for_each");
    assert_eq!(seen, vec![a]);
    let err = s.for_each(&mut |_| Err(StoreError::Callback("stop".into())));
    assert!(err.is_err(), "a callback error stops the walk");
}

fn prefixes_resolve_or_explain<S: Store>(mut s: S) {
    let a = article("a", None, "One.");
    s.write(std::slice::from_ref(&a)).expect("write");
    assert_eq!(s.get(&a.id.as_str()[..8]).expect("prefix").article.id, a.id);
    assert!(matches!(s.get("zzzz"), Err(StoreError::BadId { .. })));
    assert!(matches!(s.get("abc"), Err(StoreError::BadId { .. })));
    assert!(matches!(
        s.get("0000000000000000"),
        Err(StoreError::NotFound { .. })
    ));
}

fn search_ranks_and_snippets<S: Store>(mut s: S) {
    s.write(&[
        article(
            "a",
            None,
            "Flooding closed the river road. Flooding may return.",
        ),
        article("b", None, "The river was calm."),
        article("c", None, "Elections were held."),
    ])
    .expect("write");
    let hits = s.search("river flooding", 10).expect("search");
    assert_eq!(hits.len(), 1);
    assert!(
        hits[0].snippet.contains("«Flooding»"),
        "{}",
        hits[0].snippet
    );
    // No article has both words of this query: any word matches, best first.
    let hits = s.search("flooding calm", 10).expect("search");
    assert_eq!(hits.len(), 2);
    assert!(s
        .search("\"* OR (", 10)
        .expect("odd syntax is safe")
        .is_empty());
}

fn list_filters_by_outlet<S: Store>(mut s: S) {
    s.write(&[
        article("a", None, "One."),
        article("b", None, "Two."),
        article("a", None, "Three."),
    ])
    .expect("write");
    let q = ListQuery {
        outlet: Some("a".into()),
        limit: None,
        after_seq: None,
    };
    assert_eq!(s.list(&q).expect("list").len(), 2);
    let all = s.list(&ListQuery::default()).expect("list");
    let seqs: Vec<i64> = all.iter().map(|r| r.seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "ingestion order");
    let rest = s
        .list(&ListQuery {
            outlet: None,
            limit: None,
            after_seq: Some(seqs[0]),
        })
        .expect("after");
    assert_eq!(rest.len(), all.len() - 1, "only those after the cursor");
    assert_eq!(s.list(&ListQuery::default()).expect("list").len(), 3);
}

fn relations_and_sketches_round_trip<S: Store>(mut s: S) {
    let wire = article("wire", Some("https://wire.example/1"), "The ferry sank.");
    let copy = article("paper", Some("https://paper.example/1"), "The ferry sank.");
    let sketch = Sketch {
        exact: u64::MAX - 3,
        minhash: vec![7, u32::MAX, 0],
        anchors: vec![1, u64::MAX],
        sentences: vec![5, 6],
    };
    let prepared = [
        S::prepare(wire.clone(), Some(&sketch)).expect("prepare"),
        S::prepare(copy.clone(), Some(&sketch)).expect("prepare"),
    ];
    let found = Relation::new(
        copy.id.clone(),
        wire.id.clone(),
        CopyKind::Exact,
        1.0,
        Some(wire.id.clone()),
        "published first".into(),
    );
    // A relation in the same batch as both of its articles.
    let written = s
        .write_prepared(
            &prepared,
            std::slice::from_ref(&found),
            &StoryWrite::default(),
        )
        .expect("write");
    assert_eq!(written.new_relations, vec![CopyKind::Exact]);
    assert_eq!(s.relations_of(&wire.id).expect("rel"), vec![found.clone()]);
    assert_eq!(s.relations_of(&copy.id).expect("rel"), vec![found.clone()]);
    // Found again with another verdict: one row, the latest verdict.
    let again = Relation {
        source: None,
        reason: "unknown".into(),
        ..found.clone()
    };
    let written = s
        .write_prepared(&[], std::slice::from_ref(&again), &StoryWrite::default())
        .expect("write");
    // Regression: found again on a re-ingest, it was reported as found.
    assert!(written.new_relations.is_empty(), "a stored pair is not new");
    let mut all = Vec::new();
    s.for_each_relation(&mut |r| {
        all.push(r);
        Ok(())
    })
    .expect("relations");
    assert_eq!(all, vec![again]);
    let mut sketches = Vec::new();
    s.for_each_sketch(0, &mut |id, key, sk| {
        sketches.push((id, key, sk));
        Ok(())
    })
    .expect("sketches");
    assert_eq!(sketches.len(), 2);
    assert_eq!(s.sketch_count().expect("count"), 2);
    assert_eq!(sketches[0].0, wire.id);
    assert_eq!(sketches[0].1, "https://wire.example/1");
    assert_eq!(sketches[0].2, sketch);
    // Skipping the oldest gives the newest, in order; skipping all gives none.
    for (skip, want) in [(1, vec![sketches[1].0.clone()]), (2, vec![]), (9, vec![])] {
        let mut got = Vec::new();
        s.for_each_sketch(skip, &mut |id, _, _| {
            got.push(id);
            Ok(())
        })
        .expect("sketches");
        assert_eq!(got, want, "skip {skip}");
    }
    // Independent pairs are not copies and are not stored.
    let other = Relation::new(
        wire.id.clone(),
        copy.id.clone(),
        CopyKind::Independent,
        0.1,
        None,
        "".into(),
    );
    s.write_prepared(&[], &[other], &StoryWrite::default())
        .expect("write");
    assert_eq!(s.relations_of(&wire.id).expect("rel").len(), 1);
    assert_eq!(
        s.relations_of(&wire.id).expect("rel")[0].kind,
        CopyKind::Exact
    );
    // Reset: no relations, no sketches, the articles untouched.
    s.reset_copies().expect("reset");
    assert!(s.relations_of(&wire.id).expect("rel").is_empty());
    let mut n = 0;
    s.for_each_sketch(0, &mut |_, _, _| {
        n += 1;
        Ok(())
    })
    .expect("sketches");
    assert_eq!(n, 0);
    assert_eq!(s.count().expect("count"), 2);
}
