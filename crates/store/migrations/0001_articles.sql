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
    body_z           BLOB    NOT NULL, -- zstd-compressed body; read it as articles_text.body
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

-- Bodies are stored compressed; this view gives them back as text (unzstd() is a
-- function every crosscheck connection registers).
CREATE VIEW articles_text AS SELECT seq, title, unzstd(body_z) AS body FROM articles;

-- Full-text search over title and body. The text lives once, compressed, in `articles`;
-- FTS5 reads it through the view for snippets.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body,
    content = 'articles_text', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
-- The writer indexes each row with a plain INSERT ... VALUES in the batch's transaction.
-- (A trigger would be wrong here: statements that fire triggers open a savepoint, and FTS5
-- flushes its buffer at every savepoint, writing one tiny segment per article.)
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, unzstd(old.body_z));
END;
