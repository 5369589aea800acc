//! The embedded default backend: one SQLite file in WAL mode, FTS5 for search.
//!
//! Why FTS5 and not tantivy: the index lives in the same file and the same transaction
//! as the articles, so a crash can never leave text and index out of step, and there is
//! one file to copy. tantivy would index faster at very large sizes; the measured
//! ingest rate (BENCHMARKS.md) is within the goal with FTS5.

use std::path::Path;

use crosscheck_model::{
    related_versions, Article, ArticleId, ClusterSnapshot, CopyKind, EntityCount, EntitySummary,
    InputRecord, LineStat, Relation, Removed, Sketch, SourceKind, Span, StoredArticle, StoryId,
    StoryRow, StoryWrite,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::{
    AnnotationRow, ArticleRow, ListQuery, SearchHit, Store, StoreError, StoryQuery, WriteOutcome,
    Written,
};

/// Append-only: a released migration is never edited, only followed by a new one.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../migrations/0001_articles.sql")),
    (2, include_str!("../migrations/0002_copies.sql")),
    (3, include_str!("../migrations/0003_stories.sql")),
    (4, include_str!("../migrations/0004_lang.sql")),
    (5, include_str!("../migrations/0005_furniture.sql")),
    (6, include_str!("../migrations/0006_annotations.sql")),
    (7, include_str!("../migrations/0007_story_dated.sql")),
    (8, include_str!("../migrations/0008_entities.sql")),
    (9, include_str!("../migrations/0009_story_listing.sql")),
    (10, include_str!("../migrations/0010_article_rows.sql")),
];

/// SQLite-backed [`Store`].
pub struct SqliteStore {
    conn: Connection,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

const ARTICLE_COLUMNS: &str = "seq, id, source, kind, version_key, version, previous_version, url, outlet, title, \
     standfirst, byline, published, body_z, paragraphs, sentences, removed, input, decoded_from, ingested_at, lang";

/// `PRAGMA application_id` of a crosscheck store ("xchk"): how a store is told from any
/// other SQLite file, which crosscheck then refuses to touch.
pub const APPLICATION_ID: i32 = 0x7863_686b;

/// What a file on disk is, as far as opening it goes.
enum Kind {
    /// Marked as ours, or one of ours from before the mark (it has our tables).
    Ours,
    /// An SQLite file with nothing in it yet (a new store may be made there).
    Blank,
    /// Another program's database.
    Foreign,
}

fn kind_of(conn: &Connection) -> rusqlite::Result<Kind> {
    let app: i32 = match conn.pragma_query_value(None, "application_id", |r| r.get(0)) {
        Ok(app) => app,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Ok(Kind::Foreign)
        }
        Err(e) => return Err(e),
    };
    if app == APPLICATION_ID {
        return Ok(Kind::Ours);
    }
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(if app != 0 {
        Kind::Foreign
    } else if tables.is_empty() && version == 0 {
        Kind::Blank
    } else if tables.iter().any(|t| t == "articles") && tables.iter().any(|t| t == "articles_fts") {
        Kind::Ours
    } else {
        Kind::Foreign
    })
}

/// The path as an SQLite URI (`file:` with `%`, `?` and `#` escaped), for `immutable=1`.
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri
}

impl SqliteStore {
    /// Articles naming every entity in `keys` (a key, or the last words of one:
    /// `maduro` finds `nicolas-maduro`), ranked by `words` when given (full text), else
    /// by how often they name the entities.
    fn search_entities(
        &self,
        keys: &[String],
        words: &str,
        limit: usize,
    ) -> Result<Vec<SearchHit>, StoreError> {
        let mut filter = String::new();
        let mut args: Vec<String> = Vec::new();
        for k in keys {
            let n = args.len();
            filter.push_str(&format!(
                " AND a.seq IN (SELECT seq FROM entities WHERE key = ?{} OR key LIKE ?{} ESCAPE '\\')",
                n + 1,
                n + 2
            ));
            let escaped = k
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            args.push(k.clone());
            args.push(format!("%-{escaped}"));
        }
        let n = args.len();
        let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<SearchHit> {
            Ok(SearchHit {
                id: ArticleId::from_stored(r.get::<_, String>(0)?),
                outlet: r.get(1)?,
                title: r.get(2)?,
                published: r.get(3)?,
                score: r.get(4)?,
                snippet: r.get(5)?,
            })
        };
        if words.trim().is_empty() {
            let sql = format!(
                "SELECT a.id, a.outlet, a.title, a.published, \
                        (SELECT sum(mentions) FROM entities e WHERE e.seq = a.seq) AS score, \
                        substr(a.title, 1, 200) \
                 FROM articles a WHERE 1 = 1{filter} ORDER BY score DESC, a.seq LIMIT ?{}",
                n + 1
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let mut params: Vec<&dyn rusqlite::ToSql> =
                args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
            let lim = limit as i64;
            params.push(&lim);
            let hits = stmt
                .query_map(params.as_slice(), row)?
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(hits);
        }
        for op in [" AND ", " OR "] {
            let Some(q) = fts_query(words, op) else {
                return Ok(Vec::new());
            };
            let sql = format!(
                "SELECT a.id, a.outlet, a.title, a.published, -bm25(articles_fts, 5.0, 1.0) AS score, \
                        snippet(articles_fts, 1, '«', '»', '…', 16) \
                 FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid \
                 WHERE articles_fts MATCH ?{}{filter} ORDER BY score DESC, a.seq LIMIT ?{}",
                n + 1,
                n + 2
            );
            let mut stmt = self.conn.prepare(&sql)?;
            let lim = limit as i64;
            let mut params: Vec<&dyn rusqlite::ToSql> =
                args.iter().map(|a| a as &dyn rusqlite::ToSql).collect();
            params.push(&q);
            params.push(&lim);
            let hits = stmt
                .query_map(params.as_slice(), row)?
                .collect::<Result<Vec<_>, _>>()?;
            if !hits.is_empty() {
                return Ok(hits);
            }
        }
        Ok(Vec::new())
    }

    /// Opens the store at `path` to write to it, creating it when no file is there, and
    /// brings its schema up to date. A file that is not a crosscheck store is refused,
    /// never written to. One process should write at a time: take [`WriterLock`] first.
    ///
    /// [`WriterLock`]: crate::WriterLock
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        match kind_of(&conn).map_err(open_err)? {
            Kind::Ours | Kind::Blank => {}
            Kind::Foreign => {
                return Err(StoreError::Foreign {
                    path: path.to_path_buf(),
                })
            }
        }
        Self::init(conn).map_err(|e| e.at(path))
    }

    /// Opens the store at `path` only to read it: never creates, migrates or tunes it, so
    /// a read-only file, an immutable one or one in a read-only folder can be read. A file
    /// that is not a crosscheck store, or one whose schema needs an upgrade, is refused.
    pub fn open_read(path: &Path) -> Result<Self, StoreError> {
        use rusqlite::OpenFlags;
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        // A WAL database needs its `-shm` file; where that cannot be made (a read-only
        // folder, an immutable file), the file is read as immutable: nobody can be
        // writing it there either.
        let conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        let conn = match kind_of(&conn) {
            Ok(_) => conn,
            Err(_) => {
                let uri = format!("{}?immutable=1", file_uri(path));
                Connection::open_with_flags(uri, flags).map_err(open_err)?
            }
        };
        match kind_of(&conn).map_err(open_err)? {
            Kind::Ours => {}
            Kind::Blank | Kind::Foreign => {
                return Err(StoreError::Foreign {
                    path: path.to_path_buf(),
                })
            }
        }
        register_functions(&conn).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(open_err)?;
        // Pages read through a memory map, not copied by a read call each time: this
        // connection's setting only, the file is not changed. (A long-lived reader, the
        // server, read the story list 3x faster: BENCHMARKS.md, "Serve".)
        conn.pragma_update(None, "mmap_size", 256i64 << 20)
            .map_err(open_err)?;
        let store = Self { conn };
        let current = store.schema_version().map_err(|e| e.at(path))?;
        let latest = MIGRATIONS.last().map_or(0, |m| m.0);
        if current > latest {
            return Err(StoreError::NewerSchema {
                found: current,
                supported: latest,
            });
        }
        if current < latest {
            return Err(StoreError::OlderSchema {
                path: path.to_path_buf(),
                found: current,
                latest,
            });
        }
        Ok(store)
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        register_functions(&conn)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Rows are ~5 KB once compressed: 16 KiB pages hold three of them (8 KiB pages held
        // one, wasting a third of the file) and need fewer page writes, one syscall each.
        // Only takes effect when the database is created.
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // In WAL mode NORMAL keeps the database consistent across a crash; only the
        // last transactions before a power loss may roll back.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // A 32 MiB page cache keeps index and FTS interior pages in memory while writing.
        conn.pragma_update(None, "cache_size", -32768)?;
        // Checkpoint every 4096 pages (64 MiB) of WAL rather than every 1000: pages rewritten by each
        // transaction (index interiors, FTS structure) are copied into the file once per
        // checkpoint instead of once per transaction.
        conn.pragma_update(None, "wal_autocheckpoint", 4096)?;
        let mut store = Self { conn };
        store.migrate()?;
        store.tune_fts()?;
        Ok(store)
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), so a
    /// second writer waits out the busy timeout instead of failing when its read turns
    /// into a write.
    fn write_tx(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
    }

    /// Brings the schema up to date, one migration per transaction. Each transaction
    /// takes the write lock first and reads the version under it, so two processes
    /// opening a new store at once apply each migration once.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let latest = MIGRATIONS.last().map_or(0, |m| m.0);
        loop {
            let tx = self.write_tx()?;
            let current: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if current > latest {
                return Err(StoreError::NewerSchema {
                    found: current,
                    supported: latest,
                });
            }
            let Some((version, sql)) = MIGRATIONS.iter().find(|(v, _)| *v > current) else {
                let app: i32 = tx.pragma_query_value(None, "application_id", |r| r.get(0))?;
                if app != APPLICATION_ID {
                    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                    tx.commit()?;
                }
                return Ok(());
            };
            tx.execute_batch(sql)
                .and_then(|_| tx.pragma_update(None, "user_version", version))
                .map_err(|source| StoreError::Migration {
                    version: *version,
                    source,
                })?;
            tx.commit()?;
        }
    }

    /// FTS5 flushes its in-memory term hash to a new segment at every commit (or when the
    /// hash is full), then merges segments `automerge` at a time. Measured on 100,000
    /// articles (BENCHMARKS.md): automerge 4 beat 2, 8 and 16; pages of 16,000 bytes fit the
    /// 16 KiB database pages. Memory stays bounded by `hashsize`.
    fn tune_fts(&self) -> Result<(), StoreError> {
        self.conn.execute_batch(
            "INSERT INTO articles_fts(articles_fts, rank) VALUES ('hashsize', 33554432);
             INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 4);
             INSERT INTO articles_fts(articles_fts, rank) VALUES ('pgsz', 16000);",
        )?;
        Ok(())
    }

    /// Whether an article with this exact id is stored.
    pub fn contains(&self, id: &ArticleId) -> Result<bool, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        Ok(stmt.exists([id.as_str()])?)
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// How many articles the document frequencies count.
    fn clustered_docs(&self) -> Result<u64, StoreError> {
        let docs: Option<i64> = self
            .conn
            .query_row(
                "SELECT value FROM cluster_meta WHERE key = 'docs'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(docs.unwrap_or(0) as u64)
    }

    /// A story's articles in ingestion order.
    fn members(&self, story: &StoryId) -> Result<Vec<ArticleRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.source, a.url, a.outlet, a.title, a.published, a.version, a.seq, a.lang \
             FROM story_members m JOIN articles a INDEXED BY articles_rows ON a.id = m.article \
             WHERE m.story = ?1 ORDER BY a.seq",
        )?;
        let rows = stmt
            .query_map([story.as_str()], article_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn resolve(&self, id_or_prefix: &str) -> Result<String, StoreError> {
        let p = hex_prefix(id_or_prefix)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT 2",
        )?;
        let ids: Vec<String> = stmt
            .query_map([&p], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        match ids.len() {
            0 => Err(StoreError::NotFound {
                id: id_or_prefix.into(),
            }),
            1 => Ok(ids.into_iter().next().unwrap_or_default()),
            _ => {
                let count: i64 = self.conn.query_row(
                    "SELECT count(*) FROM articles WHERE id >= ?1 AND id < ?1 || 'g'",
                    [&p],
                    |r| r.get(0),
                )?;
                Err(StoreError::Ambiguous {
                    prefix: p,
                    count: count as usize,
                })
            }
        }
    }

    fn row_to_article(&self, row: &Row<'_>) -> Result<StoredArticle, StoreError> {
        let id: String = row.get(1)?;
        let corrupt = |field: &'static str, e: &dyn std::fmt::Display| StoreError::Corrupt {
            id: id.clone(),
            field,
            message: e.to_string(),
        };
        let unpack = |field: &'static str, col: usize| -> Result<Vec<u8>, StoreError> {
            let packed: Vec<u8> = row.get(col)?;
            decompress(&packed).map_err(|e| corrupt(field, &e))
        };
        let spans = |field: &'static str, s: String| -> Result<Vec<Span>, StoreError> {
            let pairs: Vec<(u32, u32)> =
                serde_json::from_str(&s).map_err(|e| corrupt(field, &e))?;
            Ok(pairs
                .into_iter()
                .map(|(start, end)| Span { start, end })
                .collect())
        };
        let kind = SourceKind::parse(&row.get::<_, String>(3)?);
        let removed: Vec<Removed> =
            serde_json::from_str(&row.get::<_, String>(16)?).map_err(|e| corrupt("removed", &e))?;
        let record: InputRecord =
            serde_json::from_slice(&unpack("input", 17)?).map_err(|e| corrupt("input", &e))?;
        let article = Article {
            id: ArticleId::from_stored(id.clone()),
            source: row.get(2)?,
            kind,
            record,
            version_key: row.get(4)?,
            url: row.get(7)?,
            outlet: row.get(8)?,
            title: row.get(9)?,
            standfirst: row.get(10)?,
            byline: row.get(11)?,
            published: row.get(12)?,
            body: String::from_utf8(unpack("body", 13)?).map_err(|e| corrupt("body", &e))?,
            paragraphs: spans("paragraphs", row.get(14)?)?,
            sentences: spans("sentences", row.get(15)?)?,
            removed,
            decoded_from: row.get(18)?,
            lang: row.get(20)?,
        };
        let next_version: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM articles WHERE previous_version = ?1 ORDER BY version LIMIT 1",
            )?
            .query_row([&id], |r| r.get(0))
            .optional()?;
        Ok(StoredArticle {
            article,
            version: row.get(5)?,
            previous_version: row.get::<_, Option<String>>(6)?.map(ArticleId::from_stored),
            next_version: next_version.map(ArticleId::from_stored),
            seq: row.get(0)?,
            ingested_at: row.get(19)?,
        })
    }
}

/// zstd level for bodies and input records (level -1 measured slower overall: the writer
/// then moves more bytes).
const ZSTD_LEVEL: i32 = 1;

/// Upper bound for one decompressed input record (documents are capped well below this).
const MAX_INPUT_BYTES: usize = 1 << 30;

thread_local! {
    /// zstd contexts are costly to set up relative to one article; keep one per thread.
    static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> = const { std::cell::RefCell::new(None) };
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> = const { std::cell::RefCell::new(None) };
}

/// Decompresses with this thread's zstd context, into a buffer of the size the frame
/// declares (our frames always declare it). `zstd::bulk::decompress` would set up a new
/// context and reserve the whole upper bound (1 GiB of address space, mapped and unmapped)
/// for every article read.
fn decompress(blob: &[u8]) -> Result<Vec<u8>, String> {
    let size = match zstd::zstd_safe::get_frame_content_size(blob) {
        Ok(Some(n)) if n <= MAX_INPUT_BYTES as u64 => n as usize,
        Ok(Some(n)) => return Err(format!("{n} bytes once decompressed, over the limit")),
        Ok(None) => {
            // A frame without its size (not written by crosscheck): stream it.
            let raw = zstd::stream::decode_all(blob).map_err(|e| e.to_string())?;
            return if raw.len() <= MAX_INPUT_BYTES {
                Ok(raw)
            } else {
                Err(format!(
                    "{} bytes once decompressed, over the limit",
                    raw.len()
                ))
            };
        }
        Err(e) => return Err(e.to_string()),
    };
    DECOMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(zstd::bulk::Decompressor::new().map_err(|e| e.to_string())?);
        }
        match slot.as_mut() {
            Some(d) => d.decompress(blob, size).map_err(|e| e.to_string()),
            None => Err("no decompressor".into()),
        }
    })
}

/// Compresses with this thread's zstd context.
fn compress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    COMPRESSOR.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = Some(zstd::bulk::Compressor::new(ZSTD_LEVEL).map_err(|e| e.to_string())?);
        }
        match slot.as_mut() {
            Some(c) => c.compress(bytes).map_err(|e| e.to_string()),
            None => Err("no compressor".into()),
        }
    })
}

/// The input record is needed only for export, so it is kept compressed.
fn pack_input(a: &Article) -> Result<Vec<u8>, StoreError> {
    let encode_err = |message: String| StoreError::Encode {
        id: a.id.to_string(),
        message,
    };
    let json = serde_json::to_vec(&a.record).map_err(|e| encode_err(e.to_string()))?;
    compress(&json).map_err(encode_err)
}

/// `unzstd(blob)`: the SQL function the `articles_text` view reads bodies through.
fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "unzstd",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let blob = ctx
                .get_raw(0)
                .as_blob()
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))?;
            let raw = decompress(blob).map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
            String::from_utf8(raw).map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))
        },
    )
}

/// An article with its columns already encoded (done off the writer thread).
#[derive(Debug, Clone)]
pub struct PreparedArticle {
    /// Shared, so later stages can keep the article without copying it.
    article: std::sync::Arc<Article>,
    body_z: Vec<u8>,
    input: Vec<u8>,
    paragraphs: String,
    sentences: String,
    removed: String,
    sketch: Option<EncodedSketch>,
    /// The annotate stage's output, compressed JSON.
    annotations: Option<Vec<u8>>,
    /// Its entities, each once, for the entity index.
    entities: Vec<EntityCount>,
}

#[derive(Debug, Clone)]
struct EncodedSketch {
    exact: i64,
    minhash: Vec<u8>,
    anchors: Vec<u8>,
    lifted: Vec<u8>,
}

fn u64s(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect()
}

impl EncodedSketch {
    fn new(s: &Sketch) -> Self {
        Self {
            exact: s.exact as i64,
            minhash: s.minhash.iter().flat_map(|v| v.to_le_bytes()).collect(),
            anchors: s.anchors.iter().flat_map(|v| v.to_le_bytes()).collect(),
            lifted: s.sentences.iter().flat_map(|v| v.to_le_bytes()).collect(),
        }
    }

    fn decode(exact: i64, minhash: &[u8], anchors: &[u8], lifted: &[u8]) -> Sketch {
        Sketch {
            exact: exact as u64,
            minhash: minhash
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
            anchors: u64s(anchors),
            sentences: u64s(lifted),
        }
    }
}

fn relation_from_row(row: &Row<'_>) -> Result<Relation, StoreError> {
    let kind: String = row.get(2)?;
    let a: String = row.get(0)?;
    Ok(Relation {
        kind: CopyKind::parse(&kind).ok_or_else(|| StoreError::Corrupt {
            id: a.clone(),
            field: "relations.kind",
            message: format!("unknown kind {kind:?}"),
        })?,
        a: ArticleId::from_stored(a),
        b: ArticleId::from_stored(row.get::<_, String>(1)?),
        score: row.get(3)?,
        source: row.get::<_, Option<String>>(4)?.map(ArticleId::from_stored),
        reason: row.get(5)?,
    })
}

impl PreparedArticle {
    /// The article, shared with this encoding (no copy).
    pub fn shared(&self) -> std::sync::Arc<Article> {
        self.article.clone()
    }
}

impl std::borrow::Borrow<Article> for PreparedArticle {
    fn borrow(&self) -> &Article {
        &self.article
    }
}

fn spans_json(spans: &[Span]) -> String {
    let pairs: Vec<(u32, u32)> = spans.iter().map(|s| (s.start, s.end)).collect();
    serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".into())
}

/// Turns what a person types into an FTS5 query: words and "quoted phrases", each
/// quoted so FTS syntax characters in the input cannot break the query.
fn fts_query(q: &str, op: &str) -> Option<String> {
    let mut terms = Vec::new();
    let mut rest = q;
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let (term, tail) = if let Some(r) = rest.strip_prefix('"') {
            match r.find('"') {
                Some(end) => (&r[..end], &r[end + 1..]),
                None => (r, ""),
            }
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        let cleaned: String = term
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !cleaned.is_empty() {
            terms.push(format!("\"{cleaned}\""));
        }
        rest = tail;
    }
    (!terms.is_empty()).then(|| terms.join(op))
}

impl Store for SqliteStore {
    type Prepared = PreparedArticle;

    fn prepare(article: Article, sketch: Option<&Sketch>) -> Result<PreparedArticle, StoreError> {
        let removed = serde_json::to_string(&article.removed).map_err(|e| StoreError::Encode {
            id: article.id.to_string(),
            message: e.to_string(),
        })?;
        Ok(PreparedArticle {
            body_z: compress(article.body.as_bytes()).map_err(|message| StoreError::Encode {
                id: article.id.to_string(),
                message,
            })?,
            input: pack_input(&article)?,
            paragraphs: spans_json(&article.paragraphs),
            sentences: spans_json(&article.sentences),
            removed,
            sketch: sketch.map(EncodedSketch::new),
            annotations: None,
            entities: Vec::new(),
            article: std::sync::Arc::new(article),
        })
    }

    fn write_prepared(
        &mut self,
        batch: &[PreparedArticle],
        relations: &[Relation],
        stories: &StoryWrite,
    ) -> Result<Written, StoreError> {
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let tx = self.write_tx()?;
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut new_relations = Vec::new();
        {
            let mut exists = tx.prepare_cached("SELECT seq FROM articles WHERE id = ?1")?;
            // The newest articles under the same version key; the new one continues the
            // chain of the newest whose text it is related to (a key two unrelated
            // articles share, such as a URL the cleaner could not tell was a section,
            // does not make them versions).
            // Chains that had to split off a shared key are stored under `KEY#ID`.
            let mut latest = tx.prepare_cached(
                "SELECT id, version, title, body_z, version_key FROM articles \
                 WHERE version_key = ?1 OR (version_key > ?1 || '#' AND version_key < ?1 || '$') \
                 ORDER BY seq DESC LIMIT 16",
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO articles (id, source, kind, version_key, version, previous_version, url, outlet, title, \
                 standfirst, byline, published, body_z, paragraphs, sentences, removed, input, decoded_from, ingested_at, lang) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?;
            let mut index = tx.prepare_cached(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (?1, ?2, ?3)",
            )?;
            // OR IGNORE: re-ingesting an article stored before sketches existed fills its gap.
            // One row per statement, VALUES only: a statement that may write several rows
            // opens a savepoint, and FTS5 flushes its pending index at every savepoint.
            let mut sketch = tx.prepare_cached(
                "INSERT OR IGNORE INTO sketches (seq, exact, minhash, anchors, lifted) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            // OR IGNORE too: a re-ingest fills the annotations of articles stored before.
            let mut annotate =
                tx.prepare_cached("INSERT OR IGNORE INTO annotations (seq, data) VALUES (?1, ?2)")?;
            let mut entity = tx.prepare_cached(
                "INSERT OR IGNORE INTO entities (seq, key, kind, name, media, mentions) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for p in batch {
                let a = &p.article;
                let stored: Option<i64> =
                    exists.query_row([a.id.as_str()], |r| r.get(0)).optional()?;
                if let Some(seq) = stored {
                    if let Some(s) = &p.sketch {
                        sketch.execute(params![seq, s.exact, s.minhash, s.anchors, s.lifted])?;
                    }
                    if let Some(data) = &p.annotations {
                        if annotate.execute(params![seq, data])? > 0 {
                            for e in &p.entities {
                                entity.execute(params![
                                    seq, e.key, e.kind, e.name, e.media, e.mentions
                                ])?;
                            }
                        }
                    }
                    outcomes.push(WriteOutcome::Unchanged);
                    continue;
                }
                let mut prev: Option<(String, u32)> = None;
                let mut key = a.version_key.clone();
                let mut key_taken = false;
                let mut rows = latest.query([&a.version_key])?;
                while let Some(r) = rows.next()? {
                    let (id, version, title, their_key): (String, u32, Option<String>, String) =
                        (r.get(0)?, r.get(1)?, r.get(2)?, r.get(4)?);
                    key_taken |= their_key == a.version_key;
                    let body_z: Vec<u8> = r.get(3)?;
                    let body = decompress(&body_z).map_err(|message| StoreError::Corrupt {
                        id: id.clone(),
                        field: "body",
                        message,
                    })?;
                    let body = String::from_utf8_lossy(&body);
                    if related_versions(title.as_deref(), &body, a.title.as_deref(), &a.body) {
                        prev = Some((id, version));
                        key = their_key;
                        break;
                    }
                }
                drop(rows);
                if prev.is_none() && key_taken {
                    // An unrelated text under a key in use starts its own chain.
                    key = format!("{}#{}", a.version_key, a.id.as_str());
                }
                let version = prev.as_ref().map_or(1, |p| p.1 + 1);
                let kind = a.kind.as_str();
                insert.execute(params![
                    a.id.as_str(),
                    a.source,
                    kind,
                    key,
                    version,
                    prev.as_ref().map(|p| p.0.as_str()),
                    a.url,
                    a.outlet,
                    a.title,
                    a.standfirst,
                    a.byline,
                    a.published,
                    p.body_z,
                    p.paragraphs,
                    p.sentences,
                    p.removed,
                    p.input,
                    a.decoded_from,
                    now,
                    a.lang,
                ])?;
                let seq = tx.last_insert_rowid();
                index.execute(params![seq, a.title, a.body])?;
                if let Some(s) = &p.sketch {
                    sketch.execute(params![seq, s.exact, s.minhash, s.anchors, s.lifted])?;
                }
                if let Some(data) = &p.annotations {
                    annotate.execute(params![seq, data])?;
                    for e in &p.entities {
                        entity.execute(params![seq, e.key, e.kind, e.name, e.media, e.mentions])?;
                    }
                }
                outcomes.push(match prev {
                    Some((previous, _)) => WriteOutcome::NewVersion {
                        previous: ArticleId::from_stored(previous),
                        version,
                    },
                    None => WriteOutcome::New,
                });
            }
        }
        {
            // The latest judgement of a pair wins (thresholds may have changed since).
            let mut rel = tx.prepare_cached(
                "INSERT INTO relations (a, b, kind, score, source, reason, found_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (a, b) DO UPDATE SET \
                 kind = excluded.kind, score = excluded.score, source = excluded.source, \
                 reason = excluded.reason, found_at = excluded.found_at",
            )?;
            let mut stored =
                tx.prepare_cached("SELECT 1 FROM relations WHERE a = ?1 AND b = ?2")?;
            for r in relations.iter().filter(|r| r.kind.is_copy()) {
                if !stored.exists(params![r.a.as_str(), r.b.as_str()])? {
                    new_relations.push(r.kind);
                }
                rel.execute(params![
                    r.a.as_str(),
                    r.b.as_str(),
                    r.kind.as_str(),
                    r.score,
                    r.source.as_ref().map(ArticleId::as_str),
                    r.reason,
                    now,
                ])?;
            }
        }
        if !stories.is_empty() {
            write_stories(&tx, stories)?;
        }
        tx.commit()?;
        Ok(Written {
            outcomes,
            new_relations,
        })
    }

    fn reset_stories(&mut self) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        for t in ["story_members", "stories", "term_df", "cluster_meta"] {
            tx.execute(&format!("DELETE FROM {t}"), [])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn story_of(&self, article: &ArticleId) -> Result<Option<StoryId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT story FROM story_members WHERE article = ?1")?;
        Ok(stmt
            .query_row([article.as_str()], |r| r.get::<_, String>(0))
            .optional()?
            .map(StoryId::from_raw))
    }

    fn cluster_snapshot(&self, active_since: i64) -> Result<ClusterSnapshot, StoreError> {
        let docs = self.clustered_docs()?;
        let mut stmt = self.conn.prepare("SELECT term, df FROM term_df")?;
        let df = stmt
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get::<_, u32>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL ORDER BY id",
        )?;
        let aliases = stmt
            .query_map([], |r| {
                Ok((
                    StoryId::from_raw(r.get::<_, String>(0)?),
                    StoryId::from_raw(r.get::<_, String>(1)?),
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories WHERE merged_into IS NULL AND last_seen >= ?1 ORDER BY id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let stories = stmt
            .query_map([active_since], story_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ClusterSnapshot {
            docs,
            df,
            aliases,
            stories,
        })
    }

    fn stories_between(
        &self,
        from: i64,
        to: i64,
        limit: usize,
    ) -> Result<Vec<StoryRow>, StoreError> {
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories INDEXED BY stories_listing \
             WHERE merged_into IS NULL AND last_seen >= ?1 \
             AND first_seen <= ?2 ORDER BY article_count DESC, last_seen DESC, id LIMIT ?3"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params![from, to, limit as i64], story_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn story_row(&self, id: &StoryId) -> Result<Option<StoryRow>, StoreError> {
        let sql = format!("SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id.as_str()], story_from_row)
            .optional()?)
    }

    fn latest_story_time(&self) -> Result<Option<i64>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT max(last_seen) FROM stories", [], |r| r.get(0))?)
    }

    fn stories(&self, query: &StoryQuery) -> Result<Vec<(StoryRow, Vec<ArticleRow>)>, StoreError> {
        let sql = format!(
            "SELECT {STORY_COLUMNS} FROM stories INDEXED BY stories_listing \
             WHERE merged_into IS NULL AND last_seen >= ?1 \
             AND (?3 IS NULL OR EXISTS (SELECT 1 FROM stories c WHERE c.id = ?3 AND \
               (stories.dated < c.dated OR (stories.dated = c.dated AND \
                (stories.last_seen < c.last_seen OR \
                 (stories.last_seen = c.last_seen AND stories.id > c.id)))))) \
             ORDER BY dated DESC, last_seen DESC, id LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(
                params![
                    query.since.unwrap_or(i64::MIN),
                    query.limit.map_or(-1, |l| l as i64),
                    query.after.as_ref().map(|a| a.as_str())
                ],
                story_from_row,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|row| {
                let members = self.members(&row.id)?;
                Ok((row, members))
            })
            .collect()
    }

    fn doc_freqs(&self, terms: &[u64]) -> Result<(u64, Vec<u32>), StoreError> {
        let docs = self.clustered_docs()?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT df FROM term_df WHERE term = ?1")?;
        let mut out = Vec::with_capacity(terms.len());
        for &t in terms {
            out.push(
                stmt.query_row([t as i64], |r| r.get::<_, u32>(0))
                    .optional()?
                    .unwrap_or(0),
            );
        }
        Ok((docs, out))
    }

    fn unclustered(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS \
             (SELECT 1 FROM story_members m WHERE m.article = a.id)",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    fn story(&self, id_or_prefix: &str) -> Result<(StoryRow, Vec<ArticleRow>), StoreError> {
        let p = hex_prefix(id_or_prefix)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, merged_into FROM stories WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT 2",
        )?;
        let found: Vec<(String, Option<String>)> = stmt
            .query_map([&p], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let (id, merged) = match found.len() {
            0 => {
                return Err(StoreError::NoStory {
                    id: id_or_prefix.into(),
                })
            }
            1 => found.into_iter().next().unwrap_or_default(),
            n => {
                return Err(StoreError::Ambiguous {
                    prefix: p,
                    count: n,
                })
            }
        };
        let id = merged.unwrap_or(id);
        let sql = format!("SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1");
        let row = self
            .conn
            .query_row(&sql, [&id], story_from_row)
            .optional()?
            .ok_or(StoreError::NoStory { id })?;
        let members = self.members(&row.id)?;
        Ok((row, members))
    }

    fn set_annotations(
        prepared: &mut PreparedArticle,
        json: &str,
        entities: &[EntityCount],
    ) -> Result<(), StoreError> {
        prepared.entities = entities.to_vec();
        prepared.annotations =
            Some(
                compress(json.as_bytes()).map_err(|message| StoreError::Encode {
                    id: prepared.article.id.to_string(),
                    message,
                })?,
            );
        Ok(())
    }

    fn annotations_of(&self, id: &ArticleId) -> Result<Option<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.data FROM annotations n JOIN articles a ON a.seq = n.seq WHERE a.id = ?1",
        )?;
        let Some(data) = stmt
            .query_row([id.as_str()], |r| r.get::<_, Vec<u8>>(0))
            .optional()?
        else {
            return Ok(None);
        };
        let bytes = decompress(&data).map_err(|message| StoreError::Corrupt {
            id: id.to_string(),
            field: "annotations",
            message,
        })?;
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    }

    fn replace_annotations(&mut self, rows: &[AnnotationRow]) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        {
            let mut put = tx.prepare_cached(
                "INSERT OR REPLACE INTO annotations (seq, data) \
                 SELECT seq, ?2 FROM articles WHERE id = ?1",
            )?;
            let mut clear = tx.prepare_cached(
                "DELETE FROM entities WHERE seq = (SELECT seq FROM articles WHERE id = ?1)",
            )?;
            let mut entity = tx.prepare_cached(
                "INSERT OR IGNORE INTO entities (seq, key, kind, name, media, mentions) \
                 SELECT seq, ?2, ?3, ?4, ?5, ?6 FROM articles WHERE id = ?1",
            )?;
            for (id, json, entities) in rows {
                let data = compress(json.as_bytes()).map_err(|message| StoreError::Encode {
                    id: id.to_string(),
                    message,
                })?;
                put.execute(params![id.as_str(), data])?;
                clear.execute([id.as_str()])?;
                for e in entities {
                    entity.execute(params![
                        id.as_str(),
                        e.key,
                        e.kind,
                        e.name,
                        e.media,
                        e.mentions
                    ])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn for_each_furniture_line(&self, f: &mut dyn FnMut(u64, LineStat)) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT hash, articles, first_day, last_day FROM furniture_lines")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let hash: i64 = r.get(0)?;
            f(
                hash as u64,
                LineStat {
                    articles: r.get(1)?,
                    first_day: r.get(2)?,
                    last_day: r.get(3)?,
                },
            );
        }
        Ok(())
    }

    fn save_furniture_lines(&mut self, lines: &[(u64, LineStat)]) -> Result<(), StoreError> {
        if lines.is_empty() {
            return Ok(());
        }
        let tx = self.write_tx()?;
        {
            let mut up = tx.prepare_cached(
                "INSERT INTO furniture_lines (hash, articles, first_day, last_day) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (hash) DO UPDATE SET \
                 articles = excluded.articles, first_day = excluded.first_day, \
                 last_day = excluded.last_day",
            )?;
            for (k, s) in lines {
                up.execute(params![*k as i64, s.articles, s.first_day, s.last_day])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn story_relations(&self, story: &StoryId) -> Result<Vec<Relation>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.a, r.b, r.kind, r.score, r.source, r.reason \
             FROM story_members ma JOIN relations r ON r.a = ma.article \
             JOIN story_members mb ON mb.article = r.b \
             WHERE ma.story = ?1 AND mb.story = ?1 ORDER BY r.a, r.b",
        )?;
        let mut rows = stmt.query([story.as_str()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(relation_from_row(row)?);
        }
        Ok(out)
    }

    fn reset_copies(&mut self) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        tx.execute("DELETE FROM relations", [])?;
        tx.execute("DELETE FROM sketches", [])?;
        tx.commit()?;
        Ok(())
    }

    fn relations_of(&self, id: &ArticleId) -> Result<Vec<Relation>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a, b, kind, score, source, reason FROM relations WHERE a = ?1 \
             UNION ALL SELECT a, b, kind, score, source, reason FROM relations WHERE b = ?1 \
             ORDER BY score DESC, a, b",
        )?;
        let mut rows = stmt.query([id.as_str()])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(relation_from_row(row)?);
        }
        Ok(out)
    }

    fn for_each_relation(
        &self,
        f: &mut dyn FnMut(Relation) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a, b, kind, score, source, reason FROM relations ORDER BY a, b",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(relation_from_row(row)?)?;
        }
        Ok(())
    }

    fn for_each_sketch(
        &self,
        skip: u64,
        f: &mut dyn FnMut(ArticleId, String, Sketch) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        // The first sequence number kept: found by the index on `seq`, not by stepping
        // through the skipped rows' blobs.
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.version_key, s.exact, s.minhash, s.anchors, s.lifted \
             FROM sketches s JOIN articles a ON a.seq = s.seq \
             WHERE ?1 = 0 OR s.seq > (SELECT seq FROM sketches ORDER BY seq LIMIT 1 OFFSET ?1 - 1) \
             ORDER BY s.seq",
        )?;
        let mut rows = stmt.query([i64::try_from(skip).unwrap_or(i64::MAX)])?;
        while let Some(row) = rows.next()? {
            let id: String = row.get(0)?;
            let minhash: Vec<u8> = row.get(3)?;
            let anchors: Vec<u8> = row.get(4)?;
            let lifted: Vec<u8> = row.get(5)?;
            let sketch = EncodedSketch::decode(row.get(2)?, &minhash, &anchors, &lifted);
            f(ArticleId::from_stored(id), row.get(1)?, sketch)?;
        }
        Ok(())
    }

    fn list(&self, query: &ListQuery) -> Result<Vec<ArticleRow>, StoreError> {
        let limit = query.limit.map_or(-1, |l| l as i64);
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, source, url, outlet, title, published, version, seq, lang FROM articles \
             WHERE (?1 IS NULL OR outlet = ?1 COLLATE NOCASE) AND seq > ?3 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(
            params![query.outlet, limit, query.after_seq.unwrap_or(0)],
            article_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn count_matching(&self, query: &ListQuery) -> Result<u64, StoreError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM articles WHERE ?1 IS NULL OR outlet = ?1 COLLATE NOCASE",
            params![query.outlet],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    fn get(&self, id_or_prefix: &str) -> Result<StoredArticle, StoreError> {
        let id = self.resolve(id_or_prefix)?;
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([&id])?;
        match rows.next()? {
            Some(row) => self.row_to_article(row),
            None => Err(StoreError::NotFound { id }),
        }
    }

    fn entities(
        &self,
        story: Option<&StoryId>,
        limit: usize,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        let scope = if story.is_some() {
            "JOIN articles a ON a.seq = e.seq JOIN story_members m ON m.article = a.id \
             WHERE m.story = ?1"
        } else {
            "WHERE ?1 IS NULL"
        };
        // One row per entity key: the tagger may type one name differently in different
        // articles ("Port Aldren" a place in most, an organisation in some), so the type
        // shown is the one most of its mentions got. The name shown is the longest one it
        // went by, written as in running text rather than in capitals where it can be.
        let sql = format!(
            "WITH scoped AS (SELECT e.seq, e.key, e.kind, e.media, e.mentions \
                             FROM entities e {scope}), \
                  by_kind AS (SELECT key, kind, sum(mentions) AS m FROM scoped \
                              GROUP BY key, kind) \
             SELECT s.key, \
                    (SELECT b.kind FROM by_kind b WHERE b.key = s.key \
                     ORDER BY b.m DESC, b.kind LIMIT 1), \
                    (SELECT e2.name FROM entities e2 WHERE e2.key = s.key \
                     ORDER BY e2.name = upper(e2.name), length(e2.name) DESC, e2.name LIMIT 1), \
                    max(s.media), count(DISTINCT s.seq), sum(s.mentions) \
             FROM scoped s GROUP BY s.key \
             ORDER BY count(DISTINCT s.seq) DESC, sum(s.mentions) DESC, s.key LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(params![story.map(|s| s.as_str()), limit as i64], |r| {
                Ok(EntitySummary {
                    key: r.get(0)?,
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    media: r.get::<_, i64>(3)? != 0,
                    articles: r.get::<_, i64>(4)? as u32,
                    mentions: r.get::<_, i64>(5)? as u32,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        // `entity:KEY` terms keep the articles naming that entity; the other words are
        // searched among them (or, with no other words, the articles are listed).
        let (keys, words): (Vec<&str>, Vec<&str>) = query
            .split_whitespace()
            .partition(|w| w.starts_with("entity:"));
        if !keys.is_empty() {
            let keys: Vec<String> = keys
                .iter()
                .map(|k| k.trim_start_matches("entity:").to_lowercase())
                .collect();
            return self.search_entities(&keys, &words.join(" "), limit);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.outlet, a.title, a.published, -bm25(articles_fts, 5.0, 1.0) AS score, \
                    snippet(articles_fts, 1, '«', '»', '…', 16) \
             FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid \
             WHERE articles_fts MATCH ?1 ORDER BY score DESC, a.seq LIMIT ?2",
        )?;
        // All words first; if nothing has them all, any of them.
        for op in [" AND ", " OR "] {
            let Some(q) = fts_query(query, op) else {
                return Ok(Vec::new());
            };
            let hits: Vec<SearchHit> = stmt
                .query_map(params![q, limit as i64], |r| {
                    Ok(SearchHit {
                        id: ArticleId::from_stored(r.get::<_, String>(0)?),
                        outlet: r.get(1)?,
                        title: r.get(2)?,
                        published: r.get(3)?,
                        score: r.get(4)?,
                        snippet: r.get(5)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            if !hits.is_empty() {
                return Ok(hits);
            }
        }
        Ok(Vec::new())
    }

    fn for_each(
        &self,
        f: &mut dyn FnMut(StoredArticle) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(self.row_to_article(row)?)?;
        }
        Ok(())
    }

    fn count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    fn sketch_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sketches", [], |r| r.get(0))?;
        Ok(n as u64)
    }
}

/// A typed id or id prefix: 4 to 32 hex characters, lower-cased.
fn hex_prefix(id_or_prefix: &str) -> Result<String, StoreError> {
    let p = id_or_prefix.trim().to_ascii_lowercase();
    if !(4..=32).contains(&p.len()) || !p.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(StoreError::BadId {
            id: id_or_prefix.into(),
        });
    }
    Ok(p)
}

const STORY_COLUMNS: &str = "id, title, first_seen, last_seen, article_count, state";

fn story_from_row(r: &Row<'_>) -> rusqlite::Result<StoryRow> {
    Ok(StoryRow {
        id: StoryId::from_raw(r.get::<_, String>(0)?),
        title: r.get(1)?,
        first_seen: r.get(2)?,
        last_seen: r.get(3)?,
        article_count: r.get(4)?,
        state: r.get(5)?,
    })
}

/// A chunk's story changes, inside the chunk's transaction. Members are written as the
/// stories they joined, then merges move them to the survivor, so they always name a
/// surviving story.
fn write_stories(tx: &rusqlite::Transaction<'_>, w: &StoryWrite) -> Result<(), StoreError> {
    let mut member = tx.prepare_cached(
        "INSERT INTO story_members (article, story) VALUES (?1, ?2) \
         ON CONFLICT (article) DO UPDATE SET story = excluded.story",
    )?;
    for (a, s) in &w.members {
        member.execute(params![a.as_str(), s.as_str()])?;
    }
    let mut story = tx.prepare_cached(
        "INSERT INTO stories (id, merged_into, title, first_seen, last_seen, article_count, state) \
         VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (id) DO UPDATE SET \
         merged_into = NULL, title = excluded.title, first_seen = excluded.first_seen, \
         last_seen = excluded.last_seen, article_count = excluded.article_count, \
         state = coalesce(nullif(excluded.state, x''), stories.state)",
    )?;
    for s in &w.stories {
        story.execute(params![
            s.id.as_str(),
            s.title,
            s.first_seen,
            s.last_seen,
            s.article_count,
            s.state
        ])?;
    }
    for (gone, kept) in &w.merged {
        tx.execute(
            "UPDATE story_members SET story = ?2 WHERE story = ?1",
            params![gone.as_str(), kept.as_str()],
        )?;
        // Earlier merges into the gone story now point to the survivor too.
        tx.execute(
            "UPDATE stories SET merged_into = ?2 WHERE merged_into = ?1",
            params![gone.as_str(), kept.as_str()],
        )?;
        // A story may be born and merged within one chunk: it still gets its alias row.
        tx.execute(
            "INSERT INTO stories (id, merged_into, title, first_seen, last_seen, article_count, state) \
             VALUES (?1, ?2, '', 0, 0, 0, x'') ON CONFLICT (id) DO UPDATE SET merged_into = excluded.merged_into",
            params![gone.as_str(), kept.as_str()],
        )?;
    }
    // A story is dated once any of its articles is (and a survivor once a story merged
    // into it was). Reads the members as written, so it serves ingest and rebuilds alike.
    for (gone, kept) in &w.merged {
        tx.execute(
            "UPDATE stories SET dated = 1 WHERE id = ?2 \
             AND EXISTS (SELECT 1 FROM stories WHERE id = ?1 AND dated = 1)",
            params![gone.as_str(), kept.as_str()],
        )?;
    }
    let mut dated = tx.prepare_cached(
        "UPDATE stories SET dated = 1 WHERE dated = 0 \
         AND id = (SELECT story FROM story_members WHERE article = ?1) \
         AND EXISTS (SELECT 1 FROM articles WHERE id = ?1 AND published IS NOT NULL)",
    )?;
    for (a, _) in &w.members {
        dated.execute([a.as_str()])?;
    }
    let mut df = tx.prepare_cached(
        "INSERT INTO term_df (term, df) VALUES (?1, ?2) ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
    )?;
    for &(t, n) in &w.df {
        df.execute(params![t as i64, n])?;
    }
    tx.execute(
        "INSERT INTO cluster_meta (key, value) VALUES ('docs', ?1) \
         ON CONFLICT (key) DO UPDATE SET value = value + excluded.value",
        [w.docs as i64],
    )?;
    Ok(())
}

/// An [`ArticleRow`] from `id, source, url, outlet, title, published, version`.
fn article_row(r: &Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: ArticleId::from_stored(r.get::<_, String>(0)?),
        source: r.get(1)?,
        url: r.get(2)?,
        outlet: r.get(3)?,
        title: r.get(4)?,
        published: r.get(5)?,
        version: r.get(6)?,
        seq: r.get(7)?,
        lang: r.get(8)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decompression_reads_our_frames_sizeless_frames_and_refuses_garbage() {
        let text = "The ferry Aldren Star capsized in the Kestrel Strait. ".repeat(200);
        let ours = compress(text.as_bytes()).unwrap();
        assert_eq!(decompress(&ours).unwrap(), text.as_bytes());
        // A frame written by a stream encoder, without its content size.
        let mut enc = zstd::stream::Encoder::new(Vec::new(), 3).unwrap();
        enc.include_contentsize(false).unwrap();
        std::io::Write::write_all(&mut enc, text.as_bytes()).unwrap();
        let sizeless = enc.finish().unwrap();
        assert_eq!(
            zstd::zstd_safe::get_frame_content_size(&sizeless).unwrap(),
            None
        );
        assert_eq!(decompress(&sizeless).unwrap(), text.as_bytes());
        assert!(decompress(b"not a zstd frame at all").is_err());
        assert!(decompress(&ours[..ours.len() / 2]).is_err());
    }

    #[test]
    fn fts_queries_are_quoted() {
        assert_eq!(
            fts_query("flood \"river Tamar\" -x", " AND ").as_deref(),
            Some("\"flood\" AND \"river Tamar\" AND \"x\"")
        );
        assert_eq!(fts_query("  ", " AND "), None);
        assert_eq!(
            fts_query("a\"b c", " OR ").as_deref(),
            Some("\"a b\" OR \"c\"")
        );
    }

    #[test]
    fn conformance() {
        crate::conformance::run_all(|| SqliteStore::open_in_memory().expect("in-memory store"));
    }

    #[test]
    fn reopening_keeps_data_and_schema() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        {
            let mut s = SqliteStore::open(&path).expect("open");
            s.write(&[crate::conformance::article("a", None, "Body one.")])
                .expect("write");
        }
        let s = SqliteStore::open(&path).expect("reopen");
        assert_eq!(s.count().expect("count"), 1);
        assert_eq!(
            s.schema_version().expect("version"),
            MIGRATIONS.len() as u32
        );
    }

    #[test]
    fn a_version_one_database_gains_the_copies_story_and_lang_columns() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("v1.db");
        {
            let c = Connection::open(&path).expect("open");
            c.execute_batch(MIGRATIONS[0].1).expect("v1 schema");
            c.pragma_update(None, "user_version", 1).expect("set");
        }
        let s = SqliteStore::open(&path).expect("upgrade");
        assert_eq!(
            s.schema_version().expect("version"),
            MIGRATIONS.len() as u32
        );
        let lang: Option<String> = s
            .conn
            .query_row("SELECT lang FROM articles LIMIT 1", [], |r| r.get(0))
            .optional()
            .expect("the lang column exists")
            .flatten();
        assert_eq!(lang, None);
        assert!(s
            .relations_of(&ArticleId::from_stored("00"))
            .expect("rel")
            .is_empty());
        assert_eq!(s.latest_story_time().expect("stories"), None);
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.db");
        let c = Connection::open(&path).expect("open");
        c.pragma_update(None, "user_version", 99).expect("set");
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("set");
        drop(c);
        let err = SqliteStore::open(&path).unwrap_err();
        assert!(err
            .to_string()
            .contains("newer than this crosscheck supports"));
    }
}
