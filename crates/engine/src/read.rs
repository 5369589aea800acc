//! Reads the CLI and the server both show: the story list with each story's independent
//! sources, and one story's coverage with its copy families, facts and top words. Pure
//! reads of a store: nothing here writes.

use std::collections::HashMap;

use crosscheck_cluster::{DocFreq, Lang, StoryState};
use crosscheck_dedup::{families, independent_sources};
use crosscheck_model::{ArticleId, Relation, StoryRow};
use crosscheck_model::{CopyKind, Removed, SourceKind, StoredArticle};
use crosscheck_reconcile::{Reconciler, Reconciliation};
use crosscheck_store::{ArticleRow, SqliteStore, Store, StoreError, StoryQuery};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::pipeline::{published_time, story_reports, PipelineError};

/// Stories up to this many articles are reconciled when their page is read; larger ones
/// only by `crosscheck facts`, so a story page stays fast however large the story.
pub const FACTS_IN_STORY: usize = 1000;

/// Why a read failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("{0:?} is not a date (try 2026-03-01)")]
    NotADate(String),
}

impl ReadError {
    /// A mistake in what was asked (an unknown id, a bad date), not a failure of the store.
    pub fn is_user_error(&self) -> bool {
        match self {
            ReadError::Store(e) => e.is_user_error(),
            ReadError::Pipeline(_) => false,
            ReadError::NotADate(_) => true,
        }
    }
}

/// One line of the story list.
#[derive(Debug, Clone, Serialize)]
pub struct StorySummary {
    pub id: String,
    pub title: String,
    pub articles: Vec<ArticleId>,
    pub article_count: usize,
    pub independent_sources: usize,
    pub outlets: Vec<String>,
    /// None when no article of the story has a publication date.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Publication times of the story's dated articles (RFC 3339), oldest first, for a
    /// coverage sparkline.
    #[serde(skip)]
    pub times: Vec<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CopyJson {
    pub other: ArticleId,
    pub kind: &'static str,
    /// The article the text came from, when known.
    pub source: Option<ArticleId>,
    /// Why that one is the source (or why none is named), in words.
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageJson {
    pub id: ArticleId,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    /// The first report of its copy family within the story (copies of it are not).
    pub independent: bool,
    /// For a copy: the family's first report.
    pub copy_of: Option<ArticleId>,
    /// For a later version of a URL in the story: its first version here.
    pub version_of: Option<ArticleId>,
    pub copies: Vec<CopyJson>,
}

/// One story as `story ID --json` and the story page show it.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub id: String,
    pub title: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub article_count: usize,
    /// Where the page of `articles` starts; `article_count` is the total.
    pub offset: usize,
    pub independent_sources: usize,
    pub outlets: Vec<String>,
    pub terms: Vec<String>,
    /// The entities the story's articles name most widely, outlets left out (a store filled
    /// before annotation: its centroid's capitalised words).
    pub names: Vec<String>,
    pub articles: Vec<CoverageJson>,
    /// The story's facts lined up across its sources; `null` and empty for a story of more
    /// than [`FACTS_IN_STORY`] articles.
    pub facts_summary: Option<crosscheck_reconcile::Summary>,
    pub facts: Vec<crosscheck_reconcile::Fact>,
    /// The reconciliation itself (timeline, coverage), when it was run.
    #[serde(skip)]
    pub reconciliation: Option<Reconciliation>,
}

/// Which of a story's articles to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Page {
    pub offset: usize,
    /// `None` shows every article from `offset` on.
    pub limit: Option<usize>,
}

/// `--since`: a day means from its start (UTC), a time from that time.
pub fn since_time(s: &str) -> Result<i64, ReadError> {
    use crosscheck_extract::dates::{parse, When};
    let t = match parse(s) {
        Some(When::Day(d)) => d.and_hms_opt(0, 0, 0).map(|t| t.and_utc().timestamp()),
        Some(_) => published_time(s),
        None => None,
    };
    t.ok_or_else(|| ReadError::NotADate(s.to_string()))
}

/// A story's first and last publication times, or none for a story none of whose
/// articles is dated (its stored times are only when it was ingested).
fn seen(row: &StoryRow, rows: &[ArticleRow]) -> (Option<String>, Option<String>) {
    if rows.iter().all(|r| r.published.is_none()) {
        return (None, None);
    }
    (Some(time(row.first_seen)), Some(time(row.last_seen)))
}

/// Unix seconds as RFC 3339 in UTC.
pub fn time(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

fn outlets(rows: &[ArticleRow]) -> Vec<String> {
    let mut v: Vec<String> = rows.iter().filter_map(|r| r.outlet.clone()).collect();
    v.sort();
    v.dedup();
    v
}

fn independent(rows: &[ArticleRow], relations: &[Relation]) -> usize {
    let pairs: Vec<(ArticleId, Option<String>)> = rows
        .iter()
        .map(|r| (r.id.clone(), r.outlet.clone()))
        .collect();
    independent_sources(&pairs, relations)
}

/// One story's line in the list.
pub fn summary(
    store: &SqliteStore,
    row: &StoryRow,
    rows: &[ArticleRow],
) -> Result<StorySummary, ReadError> {
    let relations = store.story_relations(&row.id)?;
    let (first_seen, last_seen) = seen(row, rows);
    let mut times: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.published.as_deref().and_then(published_time))
        .collect();
    times.sort_unstable();
    Ok(StorySummary {
        id: row.id.to_string(),
        title: row.title.clone(),
        articles: rows.iter().map(|r| r.id.clone()).collect(),
        article_count: rows.len(),
        independent_sources: independent(rows, &relations),
        outlets: outlets(rows),
        first_seen,
        last_seen,
        times,
    })
}

/// The story list: newest activity first, undated stories last.
pub fn stories(store: &SqliteStore, query: &StoryQuery) -> Result<Vec<StorySummary>, ReadError> {
    store
        .stories(query)?
        .iter()
        .map(|(row, rows)| summary(store, row, rows))
        .collect()
}

/// One story reconciled, with what the reader should know about its inputs.
#[derive(Debug, Clone)]
pub struct Reconciled {
    pub story: String,
    pub reconciliation: Reconciliation,
    /// Articles reconciled without (full) annotations, with why.
    pub unannotated: Vec<String>,
    /// Earlier versions left out because their later version is in the story.
    pub superseded: Vec<String>,
}

/// Reconciles one story (`crosscheck facts`). Reconciled on read: a story changes with
/// every article it gains, and reconciling is fast (BENCHMARKS.md); the server keeps
/// recent ones in a [`FactsCache`] keyed by what they depend on.
pub fn reconcile(store: &SqliteStore, id: &str) -> Result<Reconciled, ReadError> {
    let (row, rows) = store.story(id)?;
    let input = story_reports(store, &row.id, &rows)?;
    let rec = Reconciler::default().run_aligned(&input.reports, &input.aligned);
    Ok(Reconciled {
        story: row.id.to_string(),
        reconciliation: rec,
        unannotated: input.unannotated,
        superseded: input.superseded,
    })
}

/// One story's coverage. The work grows as n log n in the story's articles and relations:
/// relations are read once and indexed by article.
pub fn story(store: &SqliteStore, id: &str, page: Page) -> Result<StoryView, ReadError> {
    story_cached(store, id, page, None)
}

/// Reconciliations of recently read stories, for a long-running reader (the server):
/// keyed by the story, its articles and its copy relations, so an article joining the
/// story or a copy found changes the key and the story is reconciled again. Entries also
/// expire after `ttl`, which bounds how long a rebuild of annotations goes unseen.
#[derive(Debug)]
pub struct FactsCache {
    entries: std::sync::Mutex<HashMap<u64, (std::time::Instant, Reconciliation)>>,
    capacity: usize,
    ttl: std::time::Duration,
    /// Keys being reconciled now: a second reader of the same story waits for the first
    /// instead of doing the same work beside it.
    computing: std::sync::Mutex<std::collections::HashSet<u64>>,
    done: std::sync::Condvar,
}

impl FactsCache {
    pub fn new(capacity: usize, ttl: std::time::Duration) -> Self {
        Self {
            entries: std::sync::Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
            ttl,
            computing: std::sync::Mutex::new(std::collections::HashSet::new()),
            done: std::sync::Condvar::new(),
        }
    }

    /// The cached reconciliation of `key`, else `run`'s, computed once however many
    /// readers ask at the same time (a reader that waited 30 s computes it itself).
    fn get_or_run<E>(
        &self,
        key: u64,
        run: impl FnOnce() -> Result<Reconciliation, E>,
    ) -> Result<Reconciliation, E> {
        let mut waited = false;
        loop {
            if let Some(rec) = self.get(key) {
                return Ok(rec);
            }
            let Ok(mut busy) = self.computing.lock() else {
                return run();
            };
            if busy.contains(&key) && !waited {
                let _ = self
                    .done
                    .wait_timeout(busy, std::time::Duration::from_secs(30));
                waited = true;
                continue;
            }
            busy.insert(key);
            break;
        }
        let out = run();
        if let Ok(rec) = &out {
            self.put(key, rec);
        }
        if let Ok(mut busy) = self.computing.lock() {
            busy.remove(&key);
        }
        self.done.notify_all();
        out
    }

    fn get(&self, key: u64) -> Option<Reconciliation> {
        let entries = self.entries.lock().ok()?;
        let (at, rec) = entries.get(&key)?;
        (at.elapsed() < self.ttl).then(|| rec.clone())
    }

    fn put(&self, key: u64, rec: &Reconciliation) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        entries.retain(|_, (at, _)| at.elapsed() < self.ttl);
        while entries.len() >= self.capacity {
            let oldest = entries
                .iter()
                .min_by_key(|(_, (at, _))| *at)
                .map(|(k, _)| *k);
            match oldest {
                Some(k) => entries.remove(&k),
                None => break,
            };
        }
        entries.insert(key, (std::time::Instant::now(), rec.clone()));
    }
}

/// What a story's reconciliation depends on: its id, its articles, its copy relations.
fn facts_key(row: &StoryRow, rows: &[ArticleRow], relations: &[Relation]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(row.id.as_str().as_bytes());
    for r in rows {
        h.update(r.id.as_str().as_bytes());
        h.update(&r.version.to_le_bytes());
    }
    for rel in relations {
        h.update(rel.a.as_str().as_bytes());
        h.update(rel.b.as_str().as_bytes());
        h.update(rel.kind.as_str().as_bytes());
        h.update(
            rel.source
                .as_ref()
                .map_or(&b""[..], |s| s.as_str().as_bytes()),
        );
    }
    h.digest()
}

/// [`story`], with reconciliations kept in `cache` when one is given.
pub fn story_cached(
    store: &SqliteStore,
    id: &str,
    page: Page,
    cache: Option<&FactsCache>,
) -> Result<StoryView, ReadError> {
    let (row, rows) = store.story(id)?;
    let relations = store.story_relations(&row.id)?;
    let mut relations_of: HashMap<&ArticleId, Vec<&Relation>> = HashMap::new();
    for rel in &relations {
        relations_of.entry(&rel.a).or_default().push(rel);
        relations_of.entry(&rel.b).or_default().push(rel);
    }
    // The first article of the story under each URL: later ones are its versions.
    let mut first_at_url: HashMap<&str, &ArticleId> = HashMap::new();
    for r in &rows {
        if let Some(u) = r.url.as_deref() {
            first_at_url.entry(u).or_insert(&r.id);
        }
    }
    // Families in story order: the first report of each family is its independent one.
    let ids: Vec<ArticleId> = rows.iter().map(|r| r.id.clone()).collect();
    let order: HashMap<&ArticleId, usize> = ids.iter().enumerate().map(|(i, id)| (id, i)).collect();
    let mut first_of: HashMap<ArticleId, ArticleId> = HashMap::new();
    for f in families(&ids, &relations) {
        let earliest = |set: &[ArticleId]| {
            set.iter()
                .min_by_key(|m| order.get(m).copied().unwrap_or(usize::MAX))
                .cloned()
        };
        // Prefer an origin (a member no relation names as the copy), earliest first.
        let origin = earliest(&f.origins).or_else(|| earliest(&f.members));
        if let Some(o) = origin {
            for m in &f.members {
                first_of.insert(m.clone(), o.clone());
            }
        }
    }
    let shown = rows
        .iter()
        .skip(page.offset)
        .take(page.limit.unwrap_or(usize::MAX));
    let articles: Vec<CoverageJson> = shown
        .map(|r| {
            let first = first_of.get(&r.id);
            // A later version of a URL is the same report, corrected: not a new source.
            let version_of = (r.version > 1)
                .then(|| r.url.as_deref().and_then(|u| first_at_url.get(u)))
                .flatten()
                .filter(|f| **f != &r.id)
                .map(|f| (*f).clone());
            let independent = first.is_none_or(|f| *f == r.id) && version_of.is_none();
            CoverageJson {
                id: r.id.clone(),
                outlet: r.outlet.clone(),
                published: r.published.clone(),
                title: r.title.clone(),
                url: r.url.clone(),
                independent,
                copy_of: first.filter(|f| **f != r.id).cloned(),
                version_of,
                copies: relations_of
                    .get(&r.id)
                    .into_iter()
                    .flatten()
                    .map(|rel| CopyJson {
                        other: if rel.a == r.id {
                            rel.b.clone()
                        } else {
                            rel.a.clone()
                        },
                        kind: rel.kind.as_str(),
                        source: rel.source.clone(),
                        reason: rel.reason.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    let (terms, names) = describe(store, &row, &rows)?;
    let (first_seen, last_seen) = seen(&row, &rows);
    let rec = if rows.len() <= FACTS_IN_STORY {
        let run = || -> Result<Reconciliation, ReadError> {
            let input = story_reports(store, &row.id, &rows)?;
            Ok(Reconciler::default().run_aligned(&input.reports, &input.aligned))
        };
        Some(match cache {
            Some(c) => c.get_or_run(facts_key(&row, &rows, &relations), run)?,
            None => run()?,
        })
    } else {
        None
    };
    Ok(StoryView {
        id: row.id.to_string(),
        title: row.title.clone(),
        first_seen,
        last_seen,
        article_count: rows.len(),
        offset: page.offset,
        independent_sources: independent(&rows, &relations),
        outlets: outlets(&rows),
        terms,
        names,
        articles,
        facts_summary: rec.as_ref().map(|r| r.summary.clone()),
        facts: rec.as_ref().map(|r| r.facts.clone()).unwrap_or_default(),
        reconciliation: rec,
    })
}

/// Top words and names of a story, from its centroid and its articles' text.
fn describe(
    store: &SqliteStore,
    row: &StoryRow,
    rows: &[ArticleRow],
) -> Result<(Vec<String>, Vec<String>), ReadError> {
    let Some(centroid) = StoryState::decode_centroid(&row.state) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let terms: Vec<u64> = centroid.iter().map(|&(t, _)| t).collect();
    let (docs, counts) = store.doc_freqs(&terms)?;
    // Weighed as the stories stage weighs them, with its default background (a store
    // does not keep the settings it was filled with).
    let mut df = DocFreq::with_background(
        crosscheck_cluster::background::Background::shipped(),
        crosscheck_cluster::ClusterConfig::default().background_docs,
    );
    df.restore(docs, terms.into_iter().zip(counts));
    let state = StoryState {
        id: row.id.clone(),
        title: row.title.clone(),
        first_seen: row.first_seen,
        last_seen: row.last_seen,
        articles: row.article_count,
        centroid,
    };
    // At most 30 articles are read for spelling: enough for any term worth showing.
    let mut texts: Vec<(String, Lang)> = Vec::new();
    for r in rows.iter().take(30) {
        let a = store.get(r.id.as_str())?.article;
        let lang = Lang::of(a.lang.as_deref());
        texts.extend(a.title.map(|t| (t, lang)));
        texts.push((a.body, lang));
    }
    let (terms, names) = state.describe(&df, texts.iter().map(|(t, l)| (t.as_str(), *l)), 10);
    // The names the annotate stage found, whole ("Kestrel Strait", not "Kestrel" and
    // "Strait"), most widely named first; outlets are sources, not names of the event. A
    // store filled before annotation keeps the capitalised terms.
    let named: Vec<String> = store
        .entities(Some(&row.id), 20)?
        .into_iter()
        .filter(|e| !e.media)
        .map(|e| e.name)
        .take(10)
        .collect();
    Ok((terms, if named.is_empty() { names } else { named }))
}

/// The documented JSON form of one article.
#[derive(Debug, Serialize)]
pub struct ArticleJson<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub kind: SourceKind,
    pub url: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub title: Option<&'a str>,
    pub standfirst: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub published: Option<&'a str>,
    pub published_raw: Option<&'a str>,
    pub version: u32,
    pub previous_version: Option<&'a str>,
    pub next_version: Option<&'a str>,
    pub ingested_at: &'a str,
    pub decoded_from: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub meta: &'a Map<String, Value>,
    pub body: &'a str,
    pub paragraphs: Vec<&'a str>,
    pub sentences: Vec<&'a str>,
    pub removed: &'a [Removed],
    /// Copies of this article and articles it copies.
    pub relations: Vec<RelationJson<'a>>,
    /// What the annotate stage found (`[]` for an article stored before it existed:
    /// `annotate --rebuild` fills them in): entities with keys, quantities, quotes with
    /// speakers, attributions and times. Offsets are bytes into `body`.
    pub entities: Value,
    pub quantities: Value,
    pub quotes: Value,
    pub attributions: Value,
    /// Time expressions with their TimeML values (`[]` likewise).
    pub times: Value,
}

/// One copy relation as seen from an article: `source` is the original's id or null.
#[derive(Debug, Serialize)]
pub struct RelationJson<'a> {
    pub other: &'a str,
    pub kind: CopyKind,
    pub score: f64,
    pub source: Option<&'a str>,
    pub reason: &'a str,
}

impl<'a> ArticleJson<'a> {
    pub fn of(s: &'a StoredArticle, relations: &'a [Relation], annotations: Option<&str>) -> Self {
        let parsed = annotations.and_then(|j| serde_json::from_str::<Value>(j).ok());
        let kind = |k: &str| {
            parsed
                .as_ref()
                .and_then(|v| v.get(k).cloned())
                .unwrap_or_else(|| Value::Array(Vec::new()))
        };
        let (entities, quantities, quotes, attributions, times) = (
            kind("entities"),
            kind("quantities"),
            kind("quotes"),
            kind("attributions"),
            kind("times"),
        );
        let a = &s.article;
        Self {
            id: a.id.as_str(),
            source: &a.source,
            kind: a.kind,
            url: a.url.as_deref(),
            outlet: a.outlet.as_deref(),
            title: a.title.as_deref(),
            standfirst: a.standfirst.as_deref(),
            byline: a.byline.as_deref(),
            published: a.published.as_deref(),
            published_raw: a.record.published.as_deref(),
            version: s.version,
            previous_version: s.previous_version.as_ref().map(|i| i.as_str()),
            next_version: s.next_version.as_ref().map(|i| i.as_str()),
            ingested_at: &s.ingested_at,
            decoded_from: a.decoded_from.as_deref(),
            lang: a.lang.as_deref(),
            meta: &a.record.meta,
            body: &a.body,
            paragraphs: a.paragraph_texts(),
            sentences: a.sentence_texts(),
            removed: &a.removed,
            relations: relations
                .iter()
                .map(|r| RelationJson {
                    other: r.other(&a.id).as_str(),
                    kind: r.kind,
                    score: r.score,
                    source: r.source.as_ref().map(|x| x.as_str()),
                    reason: &r.reason,
                })
                .collect(),
            entities,
            quantities,
            quotes,
            attributions,
            times,
        }
    }
}

/// Filters of the story list (the web UI's and the API's).
#[derive(Debug, Clone, Default)]
pub struct StoryFilter {
    /// Active at or after (unix seconds).
    pub since: Option<i64>,
    /// First seen at or before (unix seconds).
    pub until: Option<i64>,
    /// Covered by this outlet (any case).
    pub outlet: Option<String>,
    pub min_sources: Option<usize>,
    /// Has an article in this language (`en`, or `pt` for `pt-BR`).
    pub lang: Option<String>,
}

impl StoryFilter {
    /// Whether the filter may drop stories (else a page is the next `limit` stories).
    fn selective(&self) -> bool {
        self.until.is_some()
            || self.outlet.is_some()
            || self.min_sources.is_some()
            || self.lang.is_some()
    }

    /// The checks that need no relations: first seen, outlet.
    fn keeps_row(&self, row: &StoryRow, rows: &[ArticleRow]) -> bool {
        self.until.is_none_or(|u| row.first_seen <= u)
            && self.lang.as_ref().is_none_or(|want| {
                let want = want.to_lowercase();
                rows.iter().any(|r| {
                    r.lang.as_ref().is_some_and(|l| {
                        let l = l.to_lowercase();
                        l == want || l.split(['-', '_']).next() == Some(want.as_str())
                    })
                })
            })
            && self.outlet.as_ref().is_none_or(|o| {
                let o = o.to_lowercase();
                rows.iter()
                    .any(|r| r.outlet.as_ref().is_some_and(|x| x.to_lowercase() == o))
            })
    }
}

/// One page of the story list, in its order (dated first, newest activity first), and
/// the cursor of the next page when there is one. Without a filter a page reads one
/// story more than it shows; with one, stories are read in batches until the page is
/// full, so a selective filter costs the stories scanned to fill it.
pub fn stories_page(
    store: &SqliteStore,
    filter: &StoryFilter,
    after: Option<crosscheck_model::StoryId>,
    limit: usize,
) -> Result<(Vec<StorySummary>, Option<String>), ReadError> {
    let batch = if filter.selective() {
        200
    } else {
        limit.saturating_add(1)
    };
    let mut out = Vec::new();
    let mut after = after;
    loop {
        let rows = store.stories(&StoryQuery {
            since: filter.since,
            limit: Some(batch),
            after: after.clone(),
        })?;
        let exhausted = rows.len() < batch;
        for (row, members) in &rows {
            if out.len() == limit {
                // A story follows the page's last one: there is a next page.
                let last = out.last().map(|s: &StorySummary| s.id.clone());
                return Ok((out, last));
            }
            after = Some(row.id.clone());
            if !filter.keeps_row(row, members) {
                continue;
            }
            let s = summary(store, row, members)?;
            if filter
                .min_sources
                .is_none_or(|m| s.independent_sources >= m)
            {
                out.push(s);
            }
        }
        if exhausted {
            return Ok((out, None));
        }
    }
}

/// One aligned sentence pair of two articles, with the word changes.
#[derive(Debug, Clone, Serialize)]
pub struct AlignedJson {
    pub a: usize,
    pub b: usize,
    pub score: f64,
    /// Either sentence is mostly quotation: no evidence of copying.
    pub quoted: bool,
    pub a_text: String,
    pub b_text: String,
    /// The word diff: `same`, `del` (only in A) and `ins` (only in B) runs.
    pub diff: Vec<DiffPiece>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffPiece {
    pub op: &'static str,
    pub text: String,
}

/// What `compare` finds between two articles.
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    pub a: ArticleId,
    pub b: ArticleId,
    pub kind: crosscheck_model::CopyKind,
    pub score: f64,
    /// The original of the two, when the evidence says.
    pub source: Option<ArticleId>,
    pub reason: String,
    pub shingle_jaccard: f64,
    pub aligned_share: f64,
    pub read_as: &'static str,
    pub aligned: Vec<AlignedJson>,
}

/// Compares two articles sentence by sentence, as `crosscheck compare` does.
pub fn compare(a: &crosscheck_model::Article, b: &crosscheck_model::Article) -> CompareView {
    use crosscheck_dedup::{
        compare_articles, direction, read_as, word_diff, CompareConfig, Piece, Side,
        SimilarityConfig,
    };
    let sim = SimilarityConfig::default().build();
    let sa = a.sentence_texts();
    let sb = b.sentence_texts();
    let c = compare_articles(&sim, &CompareConfig::default(), a, b);
    let d = direction(c.kind, &Side::of(a), &Side::of(b), &c);
    let aligned = c
        .aligned
        .iter()
        .map(|p| AlignedJson {
            a: p.a,
            b: p.b,
            score: p.score,
            quoted: p.quoted,
            a_text: sa[p.a].to_string(),
            b_text: sb[p.b].to_string(),
            diff: word_diff(sa[p.a], sb[p.b])
                .into_iter()
                .map(|piece| match piece {
                    Piece::Same(t) => DiffPiece {
                        op: "same",
                        text: t,
                    },
                    Piece::Del(t) => DiffPiece { op: "del", text: t },
                    Piece::Ins(t) => DiffPiece { op: "ins", text: t },
                })
                .collect(),
        })
        .collect();
    CompareView {
        a: a.id.clone(),
        b: b.id.clone(),
        kind: c.kind,
        score: c.score,
        source: d
            .source
            .map(|i| if i == 0 { a.id.clone() } else { b.id.clone() }),
        reason: d.reason.to_string(),
        shingle_jaccard: c.shingle_jaccard,
        aligned_share: c.aligned_share,
        read_as: read_as(a, b).code(),
        aligned,
    }
}

/// One outlet's originals and copies, and whom it copies and who copies it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OutletView {
    pub name: String,
    pub articles: usize,
    /// Articles no relation names as a copy of another outlet's.
    pub originals: usize,
    /// Articles copied (exact, near-duplicate, rewrite or reuse) from another article.
    pub copies: usize,
    /// The outlets it copies from, most first: (outlet, articles).
    pub copies_from: Vec<(String, usize)>,
    /// The outlets that copy it, most first.
    pub copied_by: Vec<(String, usize)>,
}

/// Every outlet, most articles first. One pass over the articles and one over the
/// relations: linear in the store.
pub fn outlet_views(store: &SqliteStore) -> Result<Vec<OutletView>, ReadError> {
    use std::collections::{BTreeMap, HashSet};
    let rows = store.list(&crosscheck_store::ListQuery::default())?;
    let outlet_of: HashMap<ArticleId, String> = rows
        .iter()
        .map(|r| {
            (
                r.id.clone(),
                r.outlet.clone().unwrap_or_else(|| "(no outlet)".into()),
            )
        })
        .collect();
    let mut views: BTreeMap<String, OutletView> = BTreeMap::new();
    for o in outlet_of.values() {
        let v = views.entry(o.clone()).or_default();
        v.name.clone_from(o);
        v.articles += 1;
    }
    let mut copied: HashSet<ArticleId> = HashSet::new();
    let mut from: HashMap<(String, String), usize> = HashMap::new();
    store.for_each_relation(&mut |r| {
        if !r.kind.is_copy() {
            return Ok(());
        }
        let Some(src) = r.source.clone() else {
            return Ok(());
        };
        let copy = r.other(&src).clone();
        if let (Some(so), Some(co)) = (outlet_of.get(&src), outlet_of.get(&copy)) {
            if copied.insert(copy.clone()) || so != co {
                *from.entry((co.clone(), so.clone())).or_default() += 1;
            }
        }
        Ok(())
    })?;
    for id in &copied {
        if let Some(v) = outlet_of.get(id).and_then(|o| views.get_mut(o)) {
            v.copies += 1;
        }
    }
    for ((copier, source), n) in from {
        if copier == source {
            continue;
        }
        if let Some(v) = views.get_mut(&copier) {
            v.copies_from.push((source.clone(), n));
        }
        if let Some(v) = views.get_mut(&source) {
            v.copied_by.push((copier, n));
        }
    }
    let mut out: Vec<OutletView> = views.into_values().collect();
    for v in &mut out {
        v.originals = v.articles - v.copies;
        v.copies_from
            .sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        v.copied_by
            .sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    }
    out.sort_by(|x, y| y.articles.cmp(&x.articles).then(x.name.cmp(&y.name)));
    Ok(out)
}

/// Articles per time bucket, by publication time: all of them, and the originals (no
/// relation names them a copy).
#[derive(Debug, Clone, Serialize)]
pub struct CountBucket {
    /// The bucket's start (RFC 3339).
    pub start: String,
    pub articles: usize,
    pub originals: usize,
}

/// Counts over time, per `hour` or `day` (`bucket_secs`), optionally of one outlet.
pub fn counts(
    store: &SqliteStore,
    bucket_secs: i64,
    outlet: Option<&str>,
) -> Result<Vec<CountBucket>, ReadError> {
    use std::collections::{BTreeMap, HashSet};
    let mut copies: HashSet<ArticleId> = HashSet::new();
    store.for_each_relation(&mut |r| {
        if r.kind.is_copy() {
            if let Some(src) = &r.source {
                copies.insert(r.other(src).clone());
            }
        }
        Ok(())
    })?;
    let rows = store.list(&crosscheck_store::ListQuery {
        outlet: outlet.map(str::to_string),
        limit: None,
        after_seq: None,
    })?;
    let mut buckets: BTreeMap<i64, (usize, usize)> = BTreeMap::new();
    for r in &rows {
        let Some(t) = r.published.as_deref().and_then(published_time) else {
            continue;
        };
        let b = buckets
            .entry(t.div_euclid(bucket_secs) * bucket_secs)
            .or_default();
        b.0 += 1;
        if !copies.contains(&r.id) {
            b.1 += 1;
        }
    }
    Ok(buckets
        .into_iter()
        .map(|(t, (articles, originals))| CountBucket {
            start: time(t),
            articles,
            originals,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crosscheck_model::{CopyKind, StoryId};

    fn row(id: &str) -> ArticleRow {
        ArticleRow {
            id: ArticleId::from_stored(id.to_string()),
            source: String::new(),
            url: None,
            outlet: None,
            title: None,
            published: None,
            version: 1,
            seq: 1,
            lang: None,
        }
    }

    #[test]
    fn the_facts_key_changes_with_an_article_or_a_copy_and_not_otherwise() {
        let story = StoryRow {
            id: StoryId::from_raw("aa".to_string()),
            title: String::new(),
            first_seen: 0,
            last_seen: 0,
            article_count: 2,
            state: Vec::new(),
        };
        let rows = vec![row("a1"), row("b2")];
        let copy = Relation::new(
            rows[0].id.clone(),
            rows[1].id.clone(),
            CopyKind::Exact,
            1.0,
            Some(rows[0].id.clone()),
            String::new(),
        );
        let base = facts_key(&story, &rows, &[]);
        assert_eq!(base, facts_key(&story, &rows, &[]));
        assert_ne!(base, facts_key(&story, &rows, std::slice::from_ref(&copy)));
        let mut more = rows.clone();
        more.push(row("c3"));
        assert_ne!(base, facts_key(&story, &more, &[]));
    }

    #[test]
    fn the_cache_gives_back_what_it_holds_until_it_expires_and_stays_bounded() {
        let rec = Reconciliation {
            summary: crosscheck_reconcile::Summary::default(),
            facts: Vec::new(),
            timeline: crosscheck_reconcile::Timeline {
                events: Vec::new(),
                coverage: Vec::new(),
            },
        };
        let cache = FactsCache::new(2, std::time::Duration::from_secs(60));
        cache.put(1, &rec);
        cache.put(2, &rec);
        cache.put(3, &rec);
        assert!(cache.get(1).is_none(), "the oldest went");
        assert!(cache.get(3).is_some());
        // Readers of one story at the same time: it is reconciled once.
        let shared = std::sync::Arc::new(FactsCache::new(4, std::time::Duration::from_secs(60)));
        let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (c, n, r) = (shared.clone(), runs.clone(), rec.clone());
                std::thread::spawn(move || {
                    c.get_or_run(9, || -> Result<_, ()> {
                        n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        Ok(r)
                    })
                })
            })
            .collect();
        for t in threads {
            assert!(t.join().expect("thread").is_ok());
        }
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        let expired = FactsCache::new(2, std::time::Duration::ZERO);
        expired.put(1, &rec);
        assert!(expired.get(1).is_none());
    }
}
