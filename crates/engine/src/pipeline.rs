//! The orchestrator: the only place that knows the order of the stages.
//!
//! One reader thread turns inputs into documents and sends them on in chunks; the
//! cleaning stage runs on the rayon pool over each chunk, keeping input order (so the
//! version chain of a URL seen twice in one batch follows the input); one writer thread
//! owns the database and commits one transaction per chunk. Channels are bounded, so
//! memory stays flat however large the input.
//!
//! Between cleaning and writing, the copies stage (a thread of its own) looks each new
//! article up in the candidate index, in input order, and compares it with its candidates
//! on the pool. Candidates come from the same chunk, from recent chunks the writer has not
//! committed yet (kept in memory until it has), or from the store.
//!
//! ```text
//! reader ─(bounded)─> clean + sketch (pool) ─(bounded)─> copies: lookup, judge (pool) ─(bounded)─> writer
//! ```

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

use crosscheck_cluster::{ClusterDelta, Clusterer, Extractor, StoryState, Terms};
use crosscheck_dedup::{Candidate, Comparison, Copies, Doc, Sketcher, Via};
use crosscheck_extract::furniture::Furniture;
use crosscheck_extract::Cleaner;
use crosscheck_ingest::{discover, Rejection, Skipped};
use crosscheck_model::hash::FastMap;
use crosscheck_model::{
    Article, ArticleId, CopyKind, LineStat, RawDoc, Relation, Sketch, StoryId, StoryRow, StoryWrite,
};
use crosscheck_store::{
    PreparedArticle, SqliteStore, Store, StoreError, WriteOutcome, WriterLock, Written,
};
use rayon::prelude::*;
use serde::Serialize;

use crate::settings::Settings;

/// Chunks waiting between two stages. With `batch_size` articles a chunk, at most about
/// `2 * QUEUE_DEPTH + 3` chunks are alive at once: this, not the corpus, bounds memory.
const QUEUE_DEPTH: usize = 2;

/// A chunk also closes at this many bytes of input text and markup: web pages are large
/// (170 KB on average over the public page sets), so a chunk of 2048 pages would hold
/// 350 MB, and a run of a few thousand pages would be one chunk with no overlap between
/// stages.
const CHUNK_BYTES: usize = 32 << 20;

/// One input that did not become an article, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RejectedInput {
    pub source: String,
    pub reason: String,
}

/// What an ingest run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IngestReport {
    /// Documents read (articles plus rejected records).
    pub read: u64,
    pub new: u64,
    pub unchanged: u64,
    pub new_versions: u64,
    /// Copy relations found, by kind.
    pub copies: BTreeMap<CopyKind, u64>,
    /// Articles the candidate index held before this run.
    pub indexed_before: u64,
    /// Stored articles without a copy sketch when this run started (stored before copy
    /// detection existed, or with `--no-copies`): new articles are not compared with them
    /// until `copies --rebuild`.
    pub unsketched_before: u64,
    /// Candidate pairs compared (exact-hash matches need no comparison and are not counted).
    pub compared: u64,
    /// What the new articles did to the stories.
    pub stories: StoryCounts,
    pub rejected: Vec<RejectedInput>,
    /// Articles stored without the publication date their input gave, and why: a value
    /// no date reader understood, or one later than the ingest (or crawl) time.
    pub dates_unused: Vec<RejectedInput>,
    pub skipped: Vec<SkippedFile>,
}

/// The input's `published` value when the article was stored without a date.
fn unused_date(a: &Article) -> Option<RejectedInput> {
    let given = a.record.published.as_deref().map(str::trim)?;
    (!given.is_empty() && a.published.is_none()).then(|| RejectedInput {
        source: a.source.clone(),
        reason: format!(
            "`published` {given:?} was not used: not a date crosscheck reads, or later than \
             the ingest time; stored without a date"
        ),
    })
}

impl From<&Rejection> for RejectedInput {
    fn from(r: &Rejection) -> Self {
        Self {
            source: r.source.clone(),
            reason: r.error.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedFile {
    pub path: String,
    pub why: String,
}

impl From<Skipped> for SkippedFile {
    fn from(s: Skipped) -> Self {
        Self {
            path: s.path,
            why: s.why,
        }
    }
}

/// Progress callbacks; the binary draws a bar, tests and benches pass [`NoProgress`].
pub trait Progress: Sync {
    /// Another process holds the store's write lock (`holder` is its note: pid and
    /// command); this one waits for it.
    fn waiting(&self, _holder: &str) {}
    fn start(&self, _total_bytes: u64) {}
    fn advance(&self, _bytes: u64, _docs: u64) {}
    fn finish(&self) {}
}

pub struct NoProgress;
impl Progress for NoProgress {}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a pipeline thread failed: {0}")]
    Thread(String),
}

enum Item {
    Doc(Box<RawDoc>),
    Rejected(RejectedInput),
}

enum Cleaned {
    /// A cleaned article, encoded for the store, with its sketch for the copies stage and
    /// its terms and the earlier days it names for the cluster stage (each when that
    /// stage runs).
    Article(Box<PreparedArticle>, Option<Sketch>, Option<Placing>),
    Rejected(RejectedInput),
}

/// What the cluster stage needs of an article beside the article: its terms, and the
/// earlier days and months its text names.
struct Placing {
    terms: Terms,
    referenced: Vec<(i64, i64)>,
    places: Vec<u64>,
}

/// An article as the cluster stage places it: its terms, the earlier days it names, the
/// places it names.
type Placed<'a> = (&'a Article, &'a Terms, &'a [(i64, i64)], &'a [u64]);

/// A chunk on its way to the writer: its articles, the copy relations found for them,
/// and what they changed in the stories.
struct Batch {
    items: Vec<Cleaned>,
    relations: Vec<Relation>,
    stories: StoryWrite,
}

/// The furniture model of an ingest (see `crosscheck_extract::furniture`): loaded from
/// the store, taught each new article in input order, saved when the run ends.
struct FurnitureStep {
    model: Furniture,
    /// To tell articles stored before (a re-ingest) from new ones: those are not counted
    /// again.
    reader: Option<SqliteStore>,
    changed: FastMap<u64, LineStat>,
}

impl FurnitureStep {
    fn open(settings: &Settings, stored: bool) -> Result<Self, StoreError> {
        let mut model = Furniture::default();
        let reader = if stored {
            let reader = SqliteStore::open(&settings.db)?;
            reader.for_each_furniture_line(&mut |k, s| model.restore(k, s))?;
            Some(reader)
        } else {
            None
        };
        Ok(Self {
            model,
            reader,
            changed: FastMap::default(),
        })
    }

    /// Learns and judges a chunk in input order. Returns, for each article with lines
    /// that are furniture once it is counted, its index and those lines' keys.
    fn pass(&mut self, chunk: &[Cleaned]) -> Result<Vec<(usize, HashSet<u64>)>, StoreError> {
        let mut strip = Vec::new();
        for (i, c) in chunk.iter().enumerate() {
            let Cleaned::Article(p, _, _) = c else {
                continue;
            };
            let a: &Article = (**p).borrow();
            let keys = self.model.keys_of(a);
            let known = match &self.reader {
                Some(r) => r.contains(&a.id)?,
                None => false,
            };
            if !known {
                let day = crosscheck_extract::furniture::day_of(a.published.as_deref());
                self.changed.extend(self.model.learn(&keys, day));
            }
            // Judged with itself counted: the second sighting of a widget a month after
            // the first is furniture already (the first, stored before, stays).
            let found: HashSet<u64> = keys
                .iter()
                .copied()
                .filter(|&k| self.model.is_furniture(k))
                .collect();
            if !found.is_empty() {
                strip.push((i, found));
            }
        }
        Ok(strip)
    }

    fn save(self, settings: &Settings) -> Result<(), StoreError> {
        if self.changed.is_empty() {
            return Ok(());
        }
        let mut lines: Vec<(u64, LineStat)> = self.changed.into_iter().collect();
        lines.sort_unstable_by_key(|(k, _)| *k);
        SqliteStore::open(&settings.db)?.save_furniture_lines(&lines)
    }
}

/// The parallel stage for one document: clean it, sketch it, take its terms, encode it
/// for the store.
fn prepare(
    cleaner: &Cleaner,
    sketcher: Option<&Sketcher>,
    extractor: Option<&Extractor>,
    raw: &RawDoc,
    furniture: Option<&dyn Fn(&str) -> bool>,
) -> Result<Cleaned, String> {
    let article = cleaner
        .run_learned(raw, furniture)
        .map_err(|e| e.to_string())?;
    let sketch = sketcher.map(|s| s.article(&article));
    let (ann, annotations, entities) = annotate(&article);
    let terms = extractor.map(|x| Placing {
        terms: x.article_terms(&article),
        referenced: referenced_in(&article, &ann.times),
        places: places_in(&ann.entities),
    });
    let mut prepared =
        <SqliteStore as Store>::prepare(article, sketch.as_ref()).map_err(|e| e.to_string())?;
    <SqliteStore as Store>::set_annotations(&mut prepared, &annotations, &entities)
        .map_err(|e| e.to_string())?;
    Ok(Cleaned::Article(Box::new(prepared), sketch, terms))
}

/// What the cluster stage did in one run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StoryCounts {
    /// Articles that started a story.
    pub new: u64,
    /// Articles that joined an existing story.
    pub joined: u64,
    /// Stories merged into another.
    pub merged: u64,
}

/// Most stories brought back from the store for one day of late-arriving articles.
const REOPEN_MAX: usize = 1_000;

/// A stored story as the cluster stage keeps it; `None` when its state does not decode.
fn story_state(row: StoryRow) -> Option<StoryState> {
    Some(StoryState {
        centroid: StoryState::decode_centroid(&row.state)?,
        id: row.id,
        title: row.title,
        first_seen: row.first_seen,
        last_seen: row.last_seen,
        articles: row.article_count,
    })
}

/// The cluster stage's state across chunks.
struct ClusterStep {
    clusterer: Clusterer,
    /// Reads memberships the writer has committed.
    reader: SqliteStore,
    /// Memberships of chunks not yet known to be committed, by chunk number.
    recent: VecDeque<(u64, HashMap<ArticleId, StoryId>)>,
    next_chunk: u64,
    counts: StoryCounts,
    /// Days of the past whose stories were brought back from the store this run.
    reopened_days: std::collections::HashSet<i64>,
    /// The time given to articles without a publication time (when the run started).
    now: i64,
}

impl ClusterStep {
    /// Resumes from the store: its document frequencies, merges, and the stories active
    /// within the window before the latest story.
    fn open(settings: &Settings) -> Result<Self, StoreError> {
        let reader = SqliteStore::open(&settings.db)?;
        let mut clusterer = settings.cluster.clone().build();
        if let Some(latest) = reader.latest_story_time()? {
            let window = (settings.cluster.window_days * 86_400.0) as i64;
            let snap = reader.cluster_snapshot(latest.saturating_sub(window))?;
            let stories = snap.stories.into_iter().filter_map(story_state);
            clusterer.restore(snap.docs, snap.df, snap.aliases, stories);
        }
        Ok(Self {
            clusterer,
            reader,
            recent: VecDeque::new(),
            next_chunk: 0,
            counts: StoryCounts::default(),
            reopened_days: Default::default(),
            now: chrono::Utc::now().timestamp(),
        })
    }

    /// The story an article is in: this chunk, recent chunks, then the store.
    fn story_of(
        &self,
        here: &HashMap<ArticleId, StoryId>,
        id: &ArticleId,
    ) -> Result<Option<StoryId>, StoreError> {
        if let Some(s) = here.get(id) {
            return Ok(Some(s.clone()));
        }
        if let Some(s) = self.recent.iter().rev().find_map(|(_, m)| m.get(id)) {
            return Ok(Some(s.clone()));
        }
        self.reader.story_of(id)
    }

    /// Brings closed stories back from the store when an article needs them: the
    /// stories of the articles it copies, and, for an article older than the window, the
    /// stories active around its time (once per day of the stream's history).
    fn reopen(&mut self, copies_of: &[StoryId], time: Option<i64>) -> Result<(), StoreError> {
        let mut back = Vec::new();
        for id in copies_of {
            let id = self.clusterer.resolve(id);
            if !self.clusterer.is_open(&id) {
                back.extend(self.reader.story_row(&id)?);
            }
        }
        if let (Some(t), Some(horizon)) = (time, self.clusterer.horizon()) {
            if t < horizon && self.reopened_days.insert(t.div_euclid(86_400)) {
                let window = (self.clusterer.config().window_days * 86_400.0) as i64;
                back.extend(self.reader.stories_between(
                    t.saturating_sub(window),
                    t.saturating_add(window),
                    REOPEN_MAX,
                )?);
            }
        }
        self.clusterer
            .reopen(back.into_iter().filter_map(story_state));
        Ok(())
    }

    /// Places one chunk's new articles in stories, in input order. Articles already in a
    /// story (ingested before) are left where they are.
    fn run(
        &mut self,
        articles: &[Placed],
        relations: &[Relation],
        committed: u64,
    ) -> Result<StoryWrite, StoreError> {
        while self.recent.front().is_some_and(|(n, _)| *n < committed) {
            self.recent.pop_front();
        }
        let mut links: HashMap<&ArticleId, Vec<&ArticleId>> = HashMap::new();
        for r in relations.iter().filter(|r| r.kind.is_story_copy()) {
            links.entry(&r.a).or_default().push(&r.b);
            links.entry(&r.b).or_default().push(&r.a);
        }
        let mut here: HashMap<ArticleId, StoryId> = HashMap::new();
        let mut members = Vec::new();
        for &(a, terms, referenced, places) in articles {
            if self.story_of(&here, &a.id)?.is_some() {
                continue;
            }
            let mut copies_of = Vec::new();
            for other in links.get(&a.id).into_iter().flatten() {
                if let Some(s) = self.story_of(&here, other)? {
                    copies_of.push(s);
                }
            }
            self.reopen(&copies_of, article_time(a))?;
            // A follow-up naming a day the window has closed brings that day's stories back.
            for &(day, _) in referenced {
                self.reopen(&[], Some(day))?;
            }
            let title = a.title.as_deref().unwrap_or_default();
            let got = self.clusterer.assign(
                &a.id,
                title,
                article_time(a),
                self.now,
                terms,
                &copies_of,
                referenced,
                places,
            );
            if got.created {
                self.counts.new += 1;
            } else {
                self.counts.joined += 1;
            }
            self.counts.merged += got.merged.len() as u64;
            here.insert(a.id.clone(), got.story.clone());
            members.push((a.id.clone(), got.story));
        }
        let delta = self.clusterer.take_delta();
        self.recent.push_back((self.next_chunk, here));
        self.next_chunk += 1;
        Ok(story_write(members, delta))
    }

    /// The last write of a run: the centroids of open stories saved since they last grew.
    fn finish(&mut self) -> StoryWrite {
        story_write(Vec::new(), self.clusterer.finish())
    }
}

/// What the store writes for some placements and the cluster stage's delta.
fn story_write(members: Vec<(ArticleId, StoryId)>, delta: ClusterDelta) -> StoryWrite {
    StoryWrite {
        members,
        stories: delta
            .stories
            .into_iter()
            .zip(delta.centroid_due)
            .map(|(s, due)| StoryRow {
                // Empty: the store keeps the centroid it has.
                state: if due { s.encode_centroid() } else { Vec::new() },
                id: s.id,
                title: s.title,
                first_seen: s.first_seen,
                last_seen: s.last_seen,
                article_count: s.articles,
            })
            .collect(),
        merged: delta.merged,
        docs: delta.docs,
        df: delta.df,
    }
}

/// The copies stage's state across chunks.
struct CopiesStep {
    copies: Copies,
    /// Reads candidates the writer has committed.
    reader: SqliteStore,
    /// Articles of chunks not yet known to be committed, by chunk number.
    recent: VecDeque<(u64, HashMap<ArticleId, Arc<Article>>)>,
    next_chunk: u64,
    compared: u64,
}

impl CopiesStep {
    fn open(settings: &Settings) -> Result<Self, StoreError> {
        let reader = SqliteStore::open(&settings.db)?;
        let mut copies = settings.copies.clone().build();
        let stored = reader.sketch_count()?;
        let skip = copies.not_indexed_of(stored);
        copies.reserve(usize::try_from(stored - skip).unwrap_or(0));
        copies.remember_all(|remember| {
            reader.for_each_sketch(skip, &mut |id, key, sketch| {
                remember(&id, &key, &sketch);
                Ok(())
            })
        })?;
        Ok(Self {
            copies,
            reader,
            recent: VecDeque::new(),
            next_chunk: 0,
            compared: 0,
        })
    }

    /// Finds the copy relations of one chunk's articles. `committed` is how many chunks
    /// the writer has committed.
    fn run(
        &mut self,
        pool: &rayon::ThreadPool,
        items: &[Cleaned],
        committed: u64,
    ) -> Result<Vec<Relation>, StoreError> {
        while self.recent.front().is_some_and(|(n, _)| *n < committed) {
            self.recent.pop_front();
        }
        // In input order, so a copy later in this chunk finds its source earlier in it.
        let mut jobs: Vec<(usize, Candidate)> = Vec::new();
        let mut here: HashMap<&ArticleId, usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            if let Cleaned::Article(p, Some(sketch), _) = item {
                let a: &Article = (**p).borrow();
                jobs.extend(self.copies.lookup(a, sketch).into_iter().map(|c| (i, c)));
                here.entry(&a.id).or_insert(i);
            }
        }
        let mut older: HashMap<ArticleId, Arc<Article>> = HashMap::new();
        for (_, c) in &jobs {
            if here.contains_key(&c.id) || older.contains_key(&c.id) {
                continue;
            }
            let cached = self.recent.iter().find_map(|(_, m)| m.get(&c.id).cloned());
            let found = match cached {
                Some(a) => a,
                None => match self.reader.get(c.id.as_str()) {
                    Ok(stored) => Arc::new(stored.article),
                    // Indexed but gone (a deleted row): nothing to compare with.
                    Err(StoreError::NotFound { .. }) => continue,
                    Err(e) => return Err(e),
                },
            };
            older.insert(c.id.clone(), found);
        }
        let article = |i: usize| -> Option<&Article> {
            match &items[i] {
                Cleaned::Article(p, _, _) => Some((**p).borrow()),
                Cleaned::Rejected(_) => None,
            }
        };
        let old_of = |c: &Candidate| -> Option<&Article> {
            match here.get(&c.id) {
                Some(j) => article(*j),
                None => older.get(&c.id).map(|a| &**a),
            }
        };
        // Candidates with the same words (syndicated copies of one story) need one
        // comparison with the new article between them: the first job of each group leads.
        let mut first: HashMap<(usize, u64), usize> = HashMap::new();
        let leads: Vec<usize> = jobs
            .iter()
            .enumerate()
            .map(|(k, (i, c))| *first.entry((*i, c.exact)).or_insert(k))
            .collect();
        let compare: Vec<usize> = (0..jobs.len())
            .filter(|&k| leads[k] == k && jobs[k].1.via != Via::Exact)
            .collect();
        self.compared += compare.len() as u64;
        let copies = &self.copies;
        let relations = pool.install(|| {
            use rayon::prelude::*;
            // Each article is prepared for comparison once, however many pairs it is in.
            let mut need: Vec<&Article> = Vec::new();
            let mut seen: std::collections::HashSet<&ArticleId> = Default::default();
            for &k in &compare {
                let (i, c) = &jobs[k];
                for a in [article(*i), old_of(c)].into_iter().flatten() {
                    if seen.insert(&a.id) {
                        need.push(a);
                    }
                }
            }
            let docs: HashMap<&ArticleId, Doc> =
                need.par_iter().map(|a| (&a.id, copies.doc(a))).collect();
            let compared: Vec<Option<Comparison>> = jobs
                .par_iter()
                .enumerate()
                .map(|(k, (i, c))| {
                    if leads[k] != k {
                        return None;
                    }
                    let (new, old) = (article(*i)?, old_of(c)?);
                    Some(copies.compare_pair((new, docs.get(&new.id)), (old, docs.get(&old.id)), c))
                })
                .collect();
            jobs.par_iter()
                .enumerate()
                .filter_map(|(k, (i, c))| {
                    let (new, old) = (article(*i)?, old_of(c)?);
                    let cmp = compared[leads[k]].as_ref()?;
                    let r =
                        copies.relation((new, docs.get(&new.id)), (old, docs.get(&old.id)), cmp);
                    r.kind.is_copy().then_some(r)
                })
                .collect::<Vec<Relation>>()
        });
        let chunk: HashMap<ArticleId, Arc<Article>> = items
            .iter()
            .filter_map(|it| match it {
                Cleaned::Article(p, Some(_), _) => {
                    let a = p.shared();
                    Some((a.id.clone(), a))
                }
                _ => None,
            })
            .collect();
        self.recent.push_back((self.next_chunk, chunk));
        self.next_chunk += 1;
        Ok(relations)
    }
}

/// The pool for cleaning, sketching and comparing. One thread per core by default: the
/// writer sleeps while SQLite waits on the disk, and copy detection makes the parallel
/// stage the larger one (BENCHMARKS.md measures 1 vs 2).
fn worker_pool(settings: &Settings) -> Result<rayon::ThreadPool, PipelineError> {
    let cores = thread::available_parallelism().map_or(2, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads(settings.clean_threads.unwrap_or(cores).max(1))
        .thread_name(|i| format!("clean-{i}"))
        .build()
        .map_err(|e| PipelineError::Thread(e.to_string()))
}

/// Takes the store's write lock, waiting (and saying so through `progress`) while
/// another process writes to it.
fn write_lock(
    settings: &Settings,
    what: &str,
    progress: &dyn Progress,
) -> Result<WriterLock, PipelineError> {
    Ok(WriterLock::acquire(&settings.db, what, |holder| {
        progress.waiting(holder)
    })?)
}

/// Runs discover -> read -> clean -> store over `paths` and reports what happened.
/// Fails only when the store itself fails; every bad input is recorded and skipped.
pub fn ingest(
    settings: &Settings,
    paths: &[PathBuf],
    progress: &dyn Progress,
) -> Result<IngestReport, PipelineError> {
    let found = discover(paths);
    let mut report = IngestReport {
        skipped: found
            .skipped
            .iter()
            .cloned()
            .map(SkippedFile::from)
            .collect(),
        ..Default::default()
    };
    report
        .rejected
        .extend(found.rejected.iter().map(RejectedInput::from));
    progress.start(found.total_bytes());
    // Open the store before reading anything so a bad --db fails fast; a dry run must not
    // create or migrate a database at all.
    let (_lock, store) = if settings.dry_run {
        (None, None)
    } else {
        let lock = write_lock(settings, "ingest", progress)?;
        (Some(lock), Some(SqliteStore::open(&settings.db)?))
    };
    let chunk = settings.batch_size.max(1);
    let (raw_tx, raw_rx) = crossbeam_channel::bounded::<Vec<Item>>(QUEUE_DEPTH);
    let (clean_tx, clean_rx) = crossbeam_channel::bounded::<Vec<Cleaned>>(QUEUE_DEPTH);
    let (story_tx, story_rx) = crossbeam_channel::bounded::<Batch>(QUEUE_DEPTH);
    let (batch_tx, batch_rx) = crossbeam_channel::bounded::<Batch>(QUEUE_DEPTH);
    // Copies are looked for against the store; a dry run has none and skips them.
    let copies = match (&store, settings.find_copies) {
        (Some(_), true) => Some(CopiesStep::open(settings)?),
        _ => None,
    };
    let stories = match (&store, settings.find_stories) {
        (Some(_), true) => Some(ClusterStep::open(settings)?),
        _ => None,
    };
    let extractor = stories.as_ref().map(|s| s.clusterer.extractor().clone());
    report.indexed_before = copies.as_ref().map_or(0, |c| c.copies.indexed() as u64);
    if let (Some(store), Some(_)) = (&store, &copies) {
        report.unsketched_before = store.count()?.saturating_sub(report.indexed_before);
    }
    let committed = AtomicU64::new(0);
    let committed = &committed;
    let cleaner: Cleaner = settings.clean.clone().build();
    let mut furniture = FurnitureStep::open(settings, store.is_some())?;
    let ingest_cfg = settings.ingest.clone();
    let inputs = found.inputs;
    let pool = worker_pool(settings)?;

    let result = thread::scope(|scope| {
        let reader = thread::Builder::new()
            .name("reader".into())
            .spawn_scoped(scope, move || {
                let mut buf = Vec::with_capacity(chunk);
                let mut buf_bytes = 0usize;
                for input in &inputs {
                    // Progress is reported per chunk, in bytes consumed, so one big file
                    // moves the bar too.
                    let (mut docs, mut reported) = (0u64, 0u64);
                    let mut stream = input.open(&ingest_cfg);
                    while let Some(doc) = stream.next() {
                        docs += 1;
                        buf.push(match doc {
                            Ok(d) => {
                                buf_bytes += d.record.text.len()
                                    + d.record.html.as_ref().map_or(0, String::len);
                                Item::Doc(Box::new(d))
                            }
                            Err(r) => Item::Rejected(RejectedInput::from(&r)),
                        });
                        if buf.len() >= chunk || buf_bytes >= CHUNK_BYTES {
                            buf_bytes = 0;
                            let now = stream.bytes_read();
                            progress.advance(now.saturating_sub(reported), docs);
                            (reported, docs) = (now, 0);
                            if raw_tx
                                .send(std::mem::replace(&mut buf, Vec::with_capacity(chunk)))
                                .is_err()
                            {
                                return;
                            }
                        }
                    }
                    progress.advance(input.size.saturating_sub(reported), docs);
                }
                if !buf.is_empty() {
                    let _ = raw_tx.send(buf);
                }
            })
            .map_err(|e| PipelineError::Thread(e.to_string()))?;

        let writer = thread::Builder::new()
            .name("writer".into())
            .spawn_scoped(scope, move || -> Result<IngestReport, StoreError> {
                let mut store = store;
                let mut part = IngestReport::default();
                for batch in batch_rx {
                    let mut articles = Vec::with_capacity(batch.items.len());
                    for c in batch.items {
                        match c {
                            Cleaned::Article(a, _, _) => articles.push(*a),
                            Cleaned::Rejected(r) => {
                                part.read += 1;
                                part.rejected.push(r);
                            }
                        }
                    }
                    let written = match store.as_mut() {
                        Some(store) => {
                            store.write_prepared(&articles, &batch.relations, &batch.stories)?
                        }
                        None => Written {
                            outcomes: vec![WriteOutcome::New; articles.len()],
                            new_relations: batch.relations.iter().map(|r| r.kind).collect(),
                        },
                    };
                    committed.fetch_add(1, Ordering::Release);
                    // Copies found again on a re-ingest were found before: not counted.
                    for kind in written.new_relations {
                        *part.copies.entry(kind).or_default() += 1;
                    }
                    for (o, p) in written.outcomes.into_iter().zip(&articles) {
                        part.read += 1;
                        if o != WriteOutcome::Unchanged {
                            part.dates_unused.extend(unused_date(p.borrow()));
                        }
                        match o {
                            WriteOutcome::New => part.new += 1,
                            WriteOutcome::Unchanged => part.unchanged += 1,
                            WriteOutcome::NewVersion { .. } => part.new_versions += 1,
                        }
                    }
                }
                Ok(part)
            })
            .map_err(|e| PipelineError::Thread(e.to_string()))?;

        // The copies stage has a thread of its own, so looking a chunk up in the index
        // (sequential) overlaps with cleaning the next one; its comparisons use the pool.
        let sketcher = copies
            .as_ref()
            .map(|_| settings.copies.sketch.clone().build());
        let pool = &pool;
        let copier = thread::Builder::new()
            .name("copies".into())
            .spawn_scoped(scope, move || -> Result<u64, StoreError> {
                let mut copies = copies;
                for items in clean_rx {
                    let relations = match copies.as_mut() {
                        Some(step) => step.run(pool, &items, committed.load(Ordering::Acquire))?,
                        None => Vec::new(),
                    };
                    let batch = Batch {
                        items,
                        relations,
                        stories: StoryWrite::default(),
                    };
                    if story_tx.send(batch).is_err() {
                        // A later stage stopped (a store error); stop feeding it.
                        break;
                    }
                }
                Ok(copies.map_or(0, |c| c.compared))
            })
            .map_err(|e| PipelineError::Thread(e.to_string()))?;

        // The cluster stage is sequential (stories change with every article), so it has
        // a thread of its own too.
        let storier = thread::Builder::new()
            .name("stories".into())
            .spawn_scoped(scope, move || -> Result<StoryCounts, StoreError> {
                let mut step = stories;
                for mut batch in story_rx {
                    if let Some(step) = step.as_mut() {
                        let articles: Vec<Placed> = batch
                            .items
                            .iter()
                            .filter_map(|c| match c {
                                Cleaned::Article(p, _, Some(t)) => Some((
                                    (**p).borrow(),
                                    &t.terms,
                                    t.referenced.as_slice(),
                                    t.places.as_slice(),
                                )),
                                _ => None,
                            })
                            .collect();
                        batch.stories = step.run(
                            &articles,
                            &batch.relations,
                            committed.load(Ordering::Acquire),
                        )?;
                    }
                    if batch_tx.send(batch).is_err() {
                        // The writer stopped (a store error); stop feeding it.
                        return Ok(step.map(|s| s.counts).unwrap_or_default());
                    }
                }
                if let Some(step) = step.as_mut() {
                    let last = Batch {
                        items: Vec::new(),
                        relations: Vec::new(),
                        stories: step.finish(),
                    };
                    let _ = batch_tx.send(last);
                }
                Ok(step.map(|s| s.counts).unwrap_or_default())
            })
            .map_err(|e| PipelineError::Thread(e.to_string()))?;

        for batch in raw_rx {
            let clean_one = |raw: &RawDoc, furniture: Option<&dyn Fn(&str) -> bool>| match prepare(
                &cleaner,
                sketcher.as_ref(),
                extractor.as_ref(),
                raw,
                furniture,
            ) {
                Ok(c) => c,
                Err(reason) => Cleaned::Rejected(RejectedInput {
                    source: raw.source.clone(),
                    reason,
                }),
            };
            let mut cleaned: Vec<Cleaned> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|item| match item {
                        Item::Doc(raw) => clean_one(raw, None),
                        Item::Rejected(r) => Cleaned::Rejected(r.clone()),
                    })
                    .collect()
            });
            // Furniture, in input order: each article is judged by what the articles
            // before it taught, then teaches the ones after it. Articles with furniture
            // lines are cleaned again without them.
            let strip = furniture.pass(&cleaned)?;
            if !strip.is_empty() {
                let again: Vec<(usize, Cleaned)> = pool.install(|| {
                    strip
                        .par_iter()
                        .filter_map(|(i, keys)| {
                            let Item::Doc(raw) = &batch[*i] else {
                                return None;
                            };
                            let is_furniture = |line: &str| {
                                furniture.model.key(line).is_some_and(|k| keys.contains(&k))
                            };
                            Some((*i, clean_one(raw, Some(&is_furniture))))
                        })
                        .collect()
                });
                for (i, c) in again {
                    cleaned[i] = c;
                }
            }
            if clean_tx.send(cleaned).is_err() {
                // A later stage stopped (a store error); stop feeding it.
                break;
            }
        }
        drop(clean_tx);
        let compared = copier
            .join()
            .map_err(|_| PipelineError::Thread("copies stage panicked".into()))?;
        let storied = storier
            .join()
            .map_err(|_| PipelineError::Thread("stories stage panicked".into()))?;
        let written = writer
            .join()
            .map_err(|_| PipelineError::Thread("writer panicked".into()))?;
        reader
            .join()
            .map_err(|_| PipelineError::Thread("reader panicked".into()))?;
        // A store error in the writer explains a stopped copies stage: report it first.
        let written = written?;
        Ok::<_, PipelineError>((written, compared?, storied?))
    });
    progress.finish();
    let (part, compared, storied) = result?;
    report.stories = storied;
    report.compared = compared;
    report.read += part.read;
    report.new = part.new;
    report.unchanged = part.unchanged;
    report.new_versions = part.new_versions;
    report.copies = part.copies;
    if !settings.dry_run {
        furniture.save(settings)?;
    }
    report.rejected.extend(part.rejected);
    report.dates_unused = part.dates_unused;
    Ok(report)
}

/// Feeds the stored articles, in ingestion order, to `f` in chunks of `batch_size` with
/// the chunk's number (the chunks before it are committed), reporting progress: the loop
/// of every rebuild.
fn stored_chunks(
    settings: &Settings,
    source: &SqliteStore,
    progress: &dyn Progress,
    mut f: impl FnMut(Vec<Article>, u64) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    progress.start(source.count()?);
    let size = settings.batch_size.max(1);
    let mut chunk: Vec<Article> = Vec::with_capacity(size);
    let mut done = 0u64;
    let mut flush = |chunk: &mut Vec<Article>| -> Result<(), StoreError> {
        let n = chunk.len() as u64;
        if n > 0 {
            f(std::mem::take(chunk), done)?;
            done += 1;
            progress.advance(n, n);
        }
        Ok(())
    };
    source.for_each(&mut |stored| {
        chunk.push(stored.article);
        if chunk.len() >= size {
            flush(&mut chunk)?;
        }
        Ok(())
    })?;
    flush(&mut chunk)?;
    progress.finish();
    Ok(())
}

/// What a rebuild of the copies did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct RebuildReport {
    pub articles: u64,
    /// Copy relations found, by kind.
    pub copies: BTreeMap<CopyKind, u64>,
    pub compared: u64,
}

/// The annotate stage's output for an article, as stored (JSON), and its entities each
/// once for the store's entity index.
fn annotate(
    article: &Article,
) -> (
    crosscheck_annotate::Annotations,
    String,
    Vec<crosscheck_model::EntityCount>,
) {
    let ann = crosscheck_annotate::Annotator.run(article);
    let json = serde_json::to_string(&ann).unwrap_or_else(|_| "{}".into());
    let entities = crosscheck_annotate::entity::counts(&ann.entities);
    (ann, json, entities)
}

/// Runs the annotate stage again over every stored article and replaces what is stored:
/// for a store filled before annotation existed, or after the stage improved.
pub fn rebuild_annotations(
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<u64, PipelineError> {
    let _lock = write_lock(settings, "annotate --rebuild", progress)?;
    let mut writer = SqliteStore::open(&settings.db)?;
    let source = SqliteStore::open(&settings.db)?;
    let pool = worker_pool(settings)?;
    let mut done = 0u64;
    stored_chunks(settings, &source, progress, |batch, _| {
        let rows: Vec<crosscheck_store::AnnotationRow> = pool.install(|| {
            batch
                .par_iter()
                .map(|a| {
                    let (_, json, entities) = annotate(a);
                    (a.id.clone(), json, entities)
                })
                .collect()
        });
        done += rows.len() as u64;
        writer.replace_annotations(&rows)
    })?;
    Ok(done)
}

/// Forgets every sketch and copy relation, then runs the copies stage over the stored
/// articles in ingestion order, as if they arrived again: for a database filled before
/// copy detection existed, or after its thresholds changed. Articles are not touched.
pub fn rebuild_copies(
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<RebuildReport, PipelineError> {
    let _lock = write_lock(settings, "copies --rebuild", progress)?;
    let mut writer = SqliteStore::open(&settings.db)?;
    writer.reset_copies()?;
    let source = SqliteStore::open(&settings.db)?;
    let mut step = CopiesStep::open(settings)?;
    let sketcher = settings.copies.sketch.clone().build();
    let pool = worker_pool(settings)?;
    let mut report = RebuildReport::default();
    // One chunk: sketch and encode on the pool, find its copies, write both in one
    // transaction (the articles themselves are stored already and stay as they are).
    stored_chunks(settings, &source, progress, |batch, committed| {
        let items: Vec<Cleaned> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|a| {
                    let sketch = sketcher.article(&a);
                    let p = <SqliteStore as Store>::prepare(a, Some(&sketch))?;
                    Ok(Cleaned::Article(Box::new(p), Some(sketch), None))
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })?;
        let relations = step.run(&pool, &items, committed)?;
        let articles: Vec<PreparedArticle> = items
            .into_iter()
            .filter_map(|c| match c {
                Cleaned::Article(p, _, _) => Some(*p),
                Cleaned::Rejected(_) => None,
            })
            .collect();
        let written = writer.write_prepared(&articles, &relations, &StoryWrite::default())?;
        report.articles += articles.len() as u64;
        for kind in written.new_relations {
            *report.copies.entry(kind).or_default() += 1;
        }
        Ok(())
    })?;
    report.compared = step.compared;
    Ok(report)
}

/// An article's time for the story stream, in seconds: its publication time, a day alone
/// read as noon UTC, a time without zone as UTC. `None` when it has none.
/// Earlier days and months an article's text names ("the April 15 shooting", "in
/// March"), resolved against its publication date, as unix-second intervals: the cluster
/// stage measures a follow-up's distance to a story from the day it names. Days and
/// months before the publication day and within three years of it; years, weeks and
/// vaguer times are not precise enough to tie a report to an event.
pub fn referenced_times(article: &Article) -> Vec<(i64, i64)> {
    let Some(dct) = article_time(article)
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.date_naive())
    else {
        return Vec::new();
    };
    // Sentence by sentence, as the annotate stage reads it.
    let times = crosscheck_annotate::time::times_of_sentences(
        &article.body,
        article
            .sentences
            .iter()
            .map(|s| (s.start as usize, s.end as usize)),
        Some(dct),
    );
    referenced_in(article, &times)
}

/// [`referenced_times`] from the time expressions the annotate stage found already.
fn referenced_in(
    article: &Article,
    times: &[crosscheck_annotate::time::TimeExpr],
) -> Vec<(i64, i64)> {
    let Some(t) = article_time(article) else {
        return Vec::new();
    };
    let day = 86_400;
    let today = t.div_euclid(day) * day;
    let mut out: Vec<(i64, i64)> = times
        .iter()
        .filter_map(|x| match x.kind {
            "DATE" => date_interval(&x.value),
            // "10 p.m. Saturday", "last night": the day of a clock time.
            "TIME" if x.value.as_bytes().get(10) == Some(&b'T') => date_interval(&x.value[..10]),
            _ => None,
        })
        .filter(|&(lo, hi)| hi < today && lo >= today - 3 * 365 * day)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Hashes of the places an article names (its LOC entities' keys), for the cluster
/// stage: two reports naming only different places are rarely of one event.
fn places_in(entities: &[crosscheck_annotate::entity::Entity]) -> Vec<u64> {
    let mut out: Vec<u64> = entities
        .iter()
        .filter(|e| e.kind == "LOC")
        .map(|e| xxhash_rust::xxh3::xxh3_64(e.key.to_lowercase().as_bytes()))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A TimeML day (`2026-04-15`) or month (`2026-04`) as [start, end) in unix seconds.
fn date_interval(value: &str) -> Option<(i64, i64)> {
    use chrono::NaiveDate;
    let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|x| x.and_utc().timestamp());
    match value.len() {
        10 => {
            let d = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
            let s = start(d)?;
            Some((s, s + 86_400))
        }
        7 => {
            let d = NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d").ok()?;
            let next = d.checked_add_months(chrono::Months::new(1))?;
            Some((start(d)?, start(next)?))
        }
        _ => None,
    }
}

pub fn article_time(article: &Article) -> Option<i64> {
    published_time(article.published.as_deref()?)
}

/// [`article_time`] of a `published` string.
pub fn published_time(published: &str) -> Option<i64> {
    use crosscheck_extract::dates::{parse, When};
    let when = parse(published)?;
    Some(match when {
        When::Zoned(t) => t.timestamp(),
        When::Local(t) => t.and_utc().timestamp(),
        When::Day(d) => d.and_hms_opt(12, 0, 0)?.and_utc().timestamp(),
    })
}

/// What a rebuild of the stories did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct StoriesRebuildReport {
    pub articles: u64,
    pub stories: StoryCounts,
}

/// Forgets every story, then runs the cluster stage over the stored articles in
/// ingestion order, with the copy relations the store holds: for a database filled before
/// stories existed or with `--no-stories`, or after the cluster settings changed.
pub fn rebuild_stories(
    settings: &Settings,
    progress: &dyn Progress,
) -> Result<StoriesRebuildReport, PipelineError> {
    let _lock = write_lock(settings, "stories --rebuild", progress)?;
    let mut writer = SqliteStore::open(&settings.db)?;
    writer.reset_stories()?;
    let source = SqliteStore::open(&settings.db)?;
    let mut step = ClusterStep::open(settings)?;
    let extractor = step.clusterer.extractor().clone();
    let pool = worker_pool(settings)?;
    let mut report = StoriesRebuildReport::default();
    stored_chunks(settings, &source, progress, |batch, committed| {
        let terms: Vec<(Terms, Vec<(i64, i64)>)> = pool.install(|| {
            batch
                .par_iter()
                .map(|a| (extractor.article_terms(a), referenced_times(a)))
                .collect()
        });
        let mut relations = Vec::new();
        for a in &batch {
            relations.extend(source.relations_of(&a.id)?);
        }
        let articles: Vec<Placed> = batch
            .iter()
            .zip(&terms)
            .map(|(a, (t, r))| (a, t, r.as_slice(), &[][..]))
            .collect();
        let w = step.run(&articles, &relations, committed)?;
        writer.write_prepared(&[], &[], &w)?;
        report.articles += batch.len() as u64;
        Ok(())
    })?;
    writer.write_prepared(&[], &[], &step.finish())?;
    report.stories = step.counts;
    Ok(report)
}

/// One article of an in-memory story stream, with what it was fed as.
#[derive(Debug, Clone)]
pub struct StreamOutcome {
    /// The story it ends in, after every merge of the whole stream.
    pub story: StoryId,
    /// The cleaner refused it; its words were taken from the raw record instead.
    pub unclean: bool,
    /// It copies an earlier article of the stream (exact, near-duplicate or rewrite).
    pub copy: bool,
}

/// Runs clean -> copies -> cluster over documents held in memory, in the order given,
/// without a store: for `eval clustering` and `bench stories`. A document the cleaner
/// refuses still joins the stream with the words of its record, so every input gets a
/// story. `copies` turns the copies stage (and its links) on.
pub fn cluster_in_memory(
    settings: &Settings,
    docs: &[RawDoc],
    copies: bool,
    fallback_time: i64,
    warm_idf: bool,
) -> Result<Vec<StreamOutcome>, PipelineError> {
    let cleaner: Cleaner = settings.clean.clone().build();
    let pool = worker_pool(settings)?;
    let mut clusterer = settings.cluster.clone().build();
    let extractor = clusterer.extractor().clone();
    let mut stage = copies.then(|| settings.copies.clone().build());
    // Cleaning, terms and the annotate stage's days and places, on the pool, as at ingest.
    let prepared: Vec<(Option<Article>, Placing)> = pool.install(|| {
        docs.par_iter()
            .map(|raw| match cleaner.run(raw) {
                Ok(a) => {
                    let ann = crosscheck_annotate::Annotator.run(&a);
                    let placing = Placing {
                        terms: extractor.article_terms(&a),
                        referenced: referenced_in(&a, &ann.times),
                        places: places_in(&ann.entities),
                    };
                    (Some(a), placing)
                }
                Err(_) => (
                    None,
                    Placing {
                        terms: extractor.terms(raw.record.title.as_deref(), &raw.record.text),
                        referenced: Vec::new(),
                        places: Vec::new(),
                    },
                ),
            })
            .collect()
    });
    if warm_idf {
        for (_, p) in &prepared {
            clusterer.learn(&p.terms);
        }
    }
    let mut story_of: HashMap<ArticleId, StoryId> = HashMap::new();
    let mut out = Vec::with_capacity(docs.len());
    // Earlier articles, each prepared for comparison once.
    let mut by_article: HashMap<ArticleId, (Arc<Article>, Doc)> = HashMap::new();
    for (raw, (article, placing)) in docs.iter().zip(prepared) {
        let mut links: Vec<StoryId> = Vec::new();
        if let (Some(stage), Some(a)) = (stage.as_mut(), &article) {
            let sketch = stage.sketch(a);
            let doc = stage.doc(a);
            for c in stage.lookup(a, &sketch) {
                let Some((old, old_doc)) = by_article.get(&c.id) else {
                    continue;
                };
                let r = stage.judge((a, Some(&doc)), (old, Some(old_doc)), &c);
                if r.kind.is_story_copy() {
                    if let Some(s) = story_of.get(&c.id) {
                        links.push(s.clone());
                    }
                }
            }
            by_article.insert(a.id.clone(), (Arc::new(a.clone()), doc));
        }
        let title = article
            .as_ref()
            .and_then(|a| a.title.clone())
            .or_else(|| raw.record.title.clone())
            .unwrap_or_default();
        let time = match &article {
            Some(a) => article_time(a),
            None => raw.record.published.as_deref().and_then(published_time),
        };
        let got = clusterer.assign(
            &raw.id,
            &title,
            time,
            fallback_time,
            &placing.terms,
            &links,
            &placing.referenced,
            &placing.places,
        );
        // Keep memory to the window: the delta is for a store, and there is none.
        let _ = clusterer.take_delta();
        story_of.insert(raw.id.clone(), got.story.clone());
        out.push(StreamOutcome {
            story: got.story,
            unclean: article.is_none(),
            copy: !links.is_empty(),
        });
    }
    for o in &mut out {
        o.story = clusterer.resolve(&o.story);
    }
    Ok(out)
}

/// What the reconcile stage reads for a story.
#[derive(Debug, Default)]
pub struct StoryInput {
    pub reports: Vec<crosscheck_reconcile::Report>,
    /// Sentences of reports from different copy families that the copies stage's
    /// sentence model aligns (same statement, own words), among the earliest
    /// [`ALIGNED_ARTICLES`] reports.
    pub aligned: Vec<crosscheck_reconcile::AlignedPair>,
    /// Articles reconciled without (full) annotations, with why.
    pub unannotated: Vec<String>,
    /// Earlier versions left out because their later version is in the story.
    pub superseded: Vec<String>,
}

/// Reports of a story whose sentences are aligned pairwise (the pairs grow as the square).
pub const ALIGNED_ARTICLES: usize = 40;

/// The reports of a story as the reconcile stage reads them: each stored article with its
/// sentences, stored annotations and copy family. Articles whose annotations are missing
/// (a store from before annotation) or unreadable are reconciled without them and
/// named in the second value.
pub fn story_reports(
    store: &SqliteStore,
    story: &crosscheck_model::StoryId,
    articles: &[crosscheck_store::ArticleRow],
) -> Result<StoryInput, PipelineError> {
    // Copy families, with an outlet's own articles joined as one source, as the stories'
    // independent-source count has it.
    let relations = store.story_relations(story)?;
    let sources: Vec<(crosscheck_model::ArticleId, Option<String>)> = articles
        .iter()
        .map(|a| (a.id.clone(), a.outlet.clone()))
        .collect();
    let families = crosscheck_dedup::source_families(&sources, &relations);
    let mut family_of: BTreeMap<&crosscheck_model::ArticleId, (usize, bool)> = BTreeMap::new();
    for (i, f) in families.iter().enumerate() {
        for m in &f.members {
            family_of.insert(m, (i, f.origins.contains(m)));
        }
    }
    let mut reports = Vec::with_capacity(articles.len());
    let mut unannotated = Vec::new();
    let mut kept: Vec<Article> = Vec::new();
    let mut superseded = Vec::new();
    let in_story: std::collections::HashSet<&crosscheck_model::ArticleId> =
        articles.iter().map(|a| &a.id).collect();
    for row in articles {
        let stored = store.get(row.id.as_str())?;
        // A later version of the same page replaces this one: an outlet that corrected
        // "four killed" to "six killed" says six, and does not differ with itself.
        if let Some(next) = stored
            .next_version
            .as_ref()
            .filter(|n| in_story.contains(n))
        {
            superseded.push(format!(
                "{}: replaced by its later version {}",
                row.id.short(),
                next.short()
            ));
            continue;
        }
        let a = &stored.article;
        let notes = match store.annotations_of(&row.id)? {
            Some(json) => match crosscheck_reconcile::Notes::from_json(&json) {
                Ok(notes) => {
                    if notes.version < crosscheck_annotate::VERSION {
                        unannotated.push(format!(
                            "{}: annotated by an older crosscheck (`crosscheck annotate --rebuild` reads it again)",
                            row.id.short()
                        ));
                    }
                    notes
                }
                Err(e) => {
                    unannotated.push(format!("{}: unreadable annotations ({e})", row.id.short()));
                    Default::default()
                }
            },
            None => {
                unannotated.push(format!("{}: not annotated", row.id.short()));
                Default::default()
            }
        };
        let (family, origin) = family_of
            .get(&row.id)
            .copied()
            .unwrap_or((usize::MAX, true));
        reports.push(crosscheck_reconcile::Report {
            id: row.id.to_string(),
            outlet: row.outlet.clone(),
            published: row.published.clone(),
            family,
            origin,
            sentences: reconcile_sentences(a),
            notes,
        });
        if kept.len() < ALIGNED_ARTICLES {
            kept.push(stored.article);
        }
    }
    let aligned = align_reports(&reports, &kept);
    Ok(StoryInput {
        reports,
        aligned,
        unannotated,
        superseded,
    })
}

/// An article's sentences as the reconcile stage reads them (text and body offset).
pub fn reconcile_sentences(a: &Article) -> Vec<crosscheck_reconcile::Sentence> {
    a.sentences
        .iter()
        .map(|s| crosscheck_reconcile::Sentence {
            start: s.start as usize,
            text: s.of(&a.body).to_string(),
        })
        .collect()
}

/// Fresh annotations as the reconcile stage reads stored ones (through their stored
/// JSON form, so both paths read the same fields).
pub fn reconcile_notes(ann: &crosscheck_annotate::Annotations) -> crosscheck_reconcile::Notes {
    serde_json::to_string(ann)
        .ok()
        .and_then(|j| crosscheck_reconcile::Notes::from_json(&j).ok())
        .unwrap_or_default()
}

/// Aligned sentences between the first reports of a story that are not copies of each
/// other: the copies stage's sentence model says which sentences state one thing.
pub fn align_reports(
    reports: &[crosscheck_reconcile::Report],
    articles: &[Article],
) -> Vec<crosscheck_reconcile::AlignedPair> {
    let sim = crosscheck_dedup::SimilarityConfig::default().build();
    let cfg = crosscheck_dedup::CompareConfig::default();
    let pairs: Vec<(usize, usize)> = (0..articles.len())
        .flat_map(|i| (i + 1..articles.len()).map(move |j| (i, j)))
        .filter(|&(i, j)| reports[i].family != reports[j].family)
        .collect();
    let found: Vec<Vec<crosscheck_reconcile::AlignedPair>> = pairs
        .par_iter()
        .map(|&(i, j)| {
            let c = crosscheck_dedup::compare_articles(&sim, &cfg, &articles[i], &articles[j]);
            c.aligned
                .iter()
                .filter(|p| !p.quoted && p.score >= 0.5)
                .map(|p| ((i, p.a), (j, p.b)))
                .collect()
        })
        .collect();
    found.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_are_reported_and_the_rest_stored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let inp = dir.path().join("in");
        std::fs::create_dir_all(&inp).expect("mkdir");
        std::fs::write(
            inp.join("good.txt"),
            "Bridge reopens\nThe bridge reopened on Friday after repairs.",
        )
        .expect("w");
        std::fs::write(inp.join("empty.txt"), "").expect("w");
        std::fs::write(inp.join("junk.txt"), [0u8, 1, 2, 3, 0, 0, 0, 9, 200, 0]).expect("w");
        std::fs::write(inp.join("only-ads.txt"), "Advertisement\nShare this").expect("w");
        std::fs::write(
            inp.join("feed.jsonl"),
            "{\"text\":\"A ferry sank off the coast.\",\"url\":\"https://a.example/1\"}\nnot json\n",
        )
        .expect("w");
        let settings = Settings::new(dir.path().join("t.db"));
        let report = ingest(&settings, &[inp], &NoProgress).expect("ingest");
        assert_eq!(report.new, 2, "{report:?}");
        let sources: Vec<String> = report
            .rejected
            .iter()
            .map(|r| r.source.rsplit('/').next().unwrap_or("").to_string())
            .collect();
        assert_eq!(
            sources,
            vec!["empty.txt", "feed.jsonl:2", "junk.txt", "only-ads.txt"]
        );
        assert_eq!(report.read, 6);
    }

    #[test]
    fn a_clock_time_names_its_day() {
        let rec = crosscheck_model::InputRecord {
            title: Some("Two hurt on Elm Street".into()),
            published: Some("2026-04-20".into()),
            text:
                "Shots rang out at 10 p.m. Saturday on Elm Street. Police said two men were hurt."
                    .into(),
            ..Default::default()
        };
        let doc = RawDoc::new("t".into(), crosscheck_model::SourceKind::Json, None, rec);
        let art = crate::settings::Settings::new("unused.db".into())
            .clean
            .build()
            .run(&doc)
            .expect("clean");
        // The Saturday before Monday 20 April.
        assert_eq!(
            referenced_times(&art),
            vec![super::date_interval("2026-04-18").expect("day")]
        );
    }

    #[test]
    fn an_article_names_earlier_days_and_months_but_not_today_or_vague_times() {
        assert_eq!(
            super::date_interval("2026-04-15"),
            Some((1_776_211_200, 1_776_297_600))
        );
        assert_eq!(
            super::date_interval("2026-02"),
            Some((1_769_904_000, 1_772_323_200))
        );
        assert_eq!(super::date_interval("2026"), None);
        assert_eq!(super::date_interval("2026-W15"), None);
    }
}
