-- The entities of each article (issue 18), one row per entity key and type, for
-- `entities` and `search entity:KEY`. Filled with the annotations; `annotate --rebuild`
-- fills it for articles stored before.
CREATE TABLE entities (
    seq      INTEGER NOT NULL REFERENCES articles(seq),
    key      TEXT NOT NULL,
    kind     TEXT NOT NULL,
    name     TEXT NOT NULL,
    media    INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (seq, key, kind)
) WITHOUT ROWID;
CREATE INDEX entities_by_key ON entities(key, seq);
