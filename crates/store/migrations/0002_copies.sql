-- Copies (issue 3). The sketch of each article feeds candidate lookup when the next ingest
-- starts; relations are the copies found, one row per pair with a < b.
CREATE TABLE sketches (
    seq     INTEGER PRIMARY KEY REFERENCES articles(seq),
    exact   INTEGER NOT NULL, -- hash of the normalised words (as i64)
    minhash BLOB    NOT NULL, -- u32 little-endian values
    anchors BLOB    NOT NULL, -- u64 little-endian hashes, sorted
    lifted  BLOB    NOT NULL  -- u64 little-endian sentence hashes, sorted
);

CREATE TABLE relations (
    a        TEXT NOT NULL REFERENCES articles(id),
    b        TEXT NOT NULL REFERENCES articles(id),
    kind     TEXT NOT NULL CHECK (kind IN ('exact', 'near_duplicate', 'rewrite', 'partial')),
    score    REAL NOT NULL,
    source   TEXT REFERENCES articles(id),
    reason   TEXT NOT NULL,
    found_at TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
) WITHOUT ROWID;
CREATE INDEX relations_b ON relations(b);
