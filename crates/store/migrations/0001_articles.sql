-- Articles, one row per version. `seq` is the ingestion order and the FTS rowid.
CREATE TABLE articles (
    seq              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE,
    source           TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    version_key      TEXT    NOT NULL,
    version          INTEGER NOT NULL,
    previous_version TEXT    REFERENCES articles(id),
    url              TEXT,
    outlet           TEXT,
    title            TEXT,
    standfirst       TEXT,
    byline           TEXT,
    published        TEXT,
    body             TEXT    NOT NULL,
    paragraphs       TEXT    NOT NULL, -- JSON [[start, end], ...] byte spans into body
    sentences        TEXT    NOT NULL, -- JSON [[start, end], ...]
    removed          TEXT    NOT NULL, -- JSON [{"text", "reason"}, ...]
    input            BLOB    NOT NULL, -- zstd-compressed JSON of the input record, for lossless export
    decoded_from     TEXT,
    ingested_at      TEXT    NOT NULL
);
CREATE UNIQUE INDEX articles_version ON articles(version_key, version);
CREATE INDEX articles_previous ON articles(previous_version);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);

-- Full-text search over title and body; the text lives once, in `articles`.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Rows are indexed by the writer, one INSERT ... SELECT per batch in the batch's own
-- transaction: FTS5 flushes its buffer at every statement savepoint, so a per-row
-- trigger would write one tiny segment per article.
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
