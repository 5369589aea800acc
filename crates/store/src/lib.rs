//! Store: where articles live. [`Store`] is the contract; [`SqliteStore`] the embedded
//! default (one file, WAL mode, bundled SQLite with FTS5).
//!
//! Data flow: the orchestrator's single writer thread owns one store and calls
//! [`Store::write`] with batches of cleaned articles; each batch is one transaction, so
//! a process killed mid-ingest leaves every committed batch whole and nothing half-written.
//! Readers open their own handle.
//!
//! Writing is idempotent: an article whose id is stored already is `Unchanged`; an
//! article whose version key (normalised URL, else file path) is stored under another id
//! becomes the next version, linked to the previous one. Nothing is overwritten.
//!
//! ```
//! use crosscheck_store::{SqliteStore, Store};
//! let store = SqliteStore::open_in_memory().unwrap();
//! assert_eq!(store.count().unwrap(), 0);
//! ```

mod error;
mod lock;
mod sqlite;

#[cfg(test)]
mod conformance;

pub use error::StoreError;
pub use lock::WriterLock;
pub use sqlite::{PreparedArticle, SqliteStore};

use crosscheck_model::{
    Article, ArticleId, ClusterSnapshot, EntityCount, EntitySummary, Relation, Sketch,
    StoredArticle, StoryId, StoryRow, StoryWrite,
};
use serde::Serialize;

/// What writing one article did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    New,
    Unchanged,
    NewVersion { previous: ArticleId, version: u32 },
}

/// What writing one batch did: each article's outcome, and the kinds of the copy
/// relations that were not stored before (a relation found again is not news).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub outcomes: Vec<WriteOutcome>,
    pub new_relations: Vec<crosscheck_model::CopyKind>,
}

/// One row of the article list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRow {
    pub id: ArticleId,
    pub source: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub version: u32,
    /// Ingestion order, from 1.
    pub seq: i64,
    /// The article's language (declared or detected), when known.
    pub lang: Option<String>,
}

/// One full-text search hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: ArticleId,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// BM25 score; higher is better.
    pub score: f64,
    /// The best-matching passage, matches wrapped in « ».
    pub snippet: String,
}

/// An article's annotations (JSON) and entities, for [`Store::replace_annotations`].
pub type AnnotationRow = (ArticleId, String, Vec<EntityCount>);

/// Filters for [`Store::list`].
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Matched without regard to case.
    pub outlet: Option<String>,
    pub limit: Option<usize>,
    /// Keyset pagination and polling: only articles ingested after this sequence number.
    pub after_seq: Option<i64>,
}

/// The storage contract every backend meets (see the conformance suite).
pub trait Store {
    /// An article encoded for this backend. Encoding is pure and thread-safe, so the
    /// orchestrator runs [`Store::prepare`] on its parallel stage and the one writer
    /// thread only executes inserts.
    type Prepared: Send + std::borrow::Borrow<Article>;

    /// Encodes an article, and its sketch for candidate lookup when there is one.
    fn prepare(article: Article, sketch: Option<&Sketch>) -> Result<Self::Prepared, StoreError>;

    /// Writes a batch atomically, in order: the articles, then the copy relations found
    /// for them (whose ends are in this batch or stored before it). Returns what happened
    /// to each article, and which relations are new. A relation already stored for the
    /// same pair is replaced (and is not new).
    /// `stories` is what the chunk changed in the stories (members, stories, merges,
    /// document frequencies), written in the same transaction.
    fn write_prepared(
        &mut self,
        batch: &[Self::Prepared],
        relations: &[Relation],
        stories: &StoryWrite,
    ) -> Result<Written, StoreError>;

    /// [`Store::prepare`] then [`Store::write_prepared`], for callers with few articles.
    fn write(&mut self, batch: &[Article]) -> Result<Vec<WriteOutcome>, StoreError> {
        let prepared = batch
            .iter()
            .cloned()
            .map(|a| Self::prepare(a, None))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(self
            .write_prepared(&prepared, &[], &StoryWrite::default())?
            .outcomes)
    }

    /// Deletes every sketch and relation (before rebuilding them); articles stay.
    fn reset_copies(&mut self) -> Result<(), StoreError>;
    /// The copy relations of one article, strongest first.
    fn relations_of(&self, id: &ArticleId) -> Result<Vec<Relation>, StoreError>;
    /// Every copy relation, ordered by (a, b).
    fn for_each_relation(
        &self,
        f: &mut dyn FnMut(Relation) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// The stored sketches in ingestion order, with the article's id and version key,
    /// after the oldest `skip` of them (the copies index holds the newest only).
    fn for_each_sketch(
        &self,
        skip: u64,
        f: &mut dyn FnMut(ArticleId, String, Sketch) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    /// How many sketches are stored.
    fn sketch_count(&self) -> Result<u64, StoreError>;
    /// Articles in ingestion order.
    fn list(&self, query: &ListQuery) -> Result<Vec<ArticleRow>, StoreError>;
    /// One article by id or unique id prefix (at least 4 hex characters).
    fn get(&self, id_or_prefix: &str) -> Result<StoredArticle, StoreError>;
    /// Ranked full-text hits over title and body. `entity:KEY` terms keep the articles
    /// that name the entity (its key, or the key's last words: `entity:maduro`).
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError>;
    /// Every article in ingestion order.
    fn for_each(
        &self,
        f: &mut dyn FnMut(StoredArticle) -> Result<(), StoreError>,
    ) -> Result<(), StoreError>;
    fn count(&self) -> Result<u64, StoreError>;
    /// How many articles [`Store::list`] would give without its limit.
    fn count_matching(&self, query: &ListQuery) -> Result<u64, StoreError>;

    /// Deletes every story, membership and document frequency (before re-clustering).
    fn reset_stories(&mut self) -> Result<(), StoreError>;
    /// The story an article is in (the survivor of any merge), if it was clustered.
    fn story_of(&self, article: &ArticleId) -> Result<Option<StoryId>, StoreError>;
    /// What the cluster stage needs to resume: document frequencies, merges, and the
    /// surviving stories whose latest article is at or after `active_since`.
    fn cluster_snapshot(&self, active_since: i64) -> Result<ClusterSnapshot, StoreError>;
    /// Surviving stories whose span overlaps `from..=to` (unix seconds), at most `limit`,
    /// largest first: to reopen the stories around an old article arriving late.
    fn stories_between(
        &self,
        from: i64,
        to: i64,
        limit: usize,
    ) -> Result<Vec<StoryRow>, StoreError>;
    /// One story's row by its exact id (merged ones too), without its members.
    fn story_row(&self, id: &StoryId) -> Result<Option<StoryRow>, StoreError>;
    /// The latest `last_seen` of any story, if there is one.
    fn latest_story_time(&self) -> Result<Option<i64>, StoreError>;
    /// Surviving stories with their articles in ingestion order: stories with a dated
    /// article first, newest activity first, then undated ones (whose times are only
    /// when they were ingested).
    fn stories(&self, query: &StoryQuery) -> Result<Vec<(StoryRow, Vec<ArticleRow>)>, StoreError>;
    /// One story by id or unique id prefix (a merged id gives its survivor), with its
    /// articles in ingestion order.
    fn story(&self, id_or_prefix: &str) -> Result<(StoryRow, Vec<ArticleRow>), StoreError>;
    /// Attaches the annotate stage's output (JSON) to a prepared article; it is written
    /// with the article.
    fn set_annotations(
        prepared: &mut Self::Prepared,
        json: &str,
        entities: &[EntityCount],
    ) -> Result<(), StoreError>;
    /// The annotate stage's output stored for an article (JSON), if any.
    fn annotations_of(&self, id: &ArticleId) -> Result<Option<String>, StoreError>;
    /// Stores (replacing) the annotations and entities of stored articles: `annotate
    /// --rebuild`.
    fn replace_annotations(&mut self, rows: &[AnnotationRow]) -> Result<(), StoreError>;
    /// Entities with the number of articles naming them (in one story, or everywhere),
    /// most widely named first.
    fn entities(
        &self,
        story: Option<&StoryId>,
        limit: usize,
    ) -> Result<Vec<EntitySummary>, StoreError>;
    /// Every line the furniture model has counted, with its statistics.
    fn for_each_furniture_line(
        &self,
        f: &mut dyn FnMut(u64, crosscheck_model::LineStat),
    ) -> Result<(), StoreError>;
    /// Saves the latest statistics of these lines (replacing what was stored).
    fn save_furniture_lines(
        &mut self,
        lines: &[(u64, crosscheck_model::LineStat)],
    ) -> Result<(), StoreError>;
    /// The copy relations whose two ends are both in the story, ordered by (a, b): one
    /// indexed read, whatever the story's size.
    fn story_relations(&self, story: &StoryId) -> Result<Vec<Relation>, StoreError>;
    /// The number of clustered articles, and how many of them carry each term.
    fn doc_freqs(&self, terms: &[u64]) -> Result<(u64, Vec<u32>), StoreError>;
    /// Stored articles that are in no story (ingested with `--no-stories`, or before
    /// stories existed).
    fn unclustered(&self) -> Result<u64, StoreError>;
}

/// Filters for [`Store::stories`].
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    /// Only stories active at or after this time (unix seconds).
    pub since: Option<i64>,
    pub limit: Option<usize>,
    /// Keyset pagination: only stories listed after this one (in the list's order:
    /// dated first, newest activity first, then id).
    pub after: Option<StoryId>,
}
