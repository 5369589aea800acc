-- Stories (issue 4). A merged story keeps its row and points to the survivor; members
-- always name the survivor. Document frequencies are what the clusterer's IDF learns.
-- A rowid table with a unique id, not WITHOUT ROWID: rows carry a ~2.4 KB state, and
-- random ids as the b-tree key made every insert move big rows (measured: ingest slowed as
-- the store grew).
CREATE TABLE stories (
    seq           INTEGER PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    merged_into   TEXT,
    title         TEXT    NOT NULL,
    first_seen    INTEGER NOT NULL, -- unix seconds
    last_seen     INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    state         BLOB    NOT NULL  -- the cluster stage's encoding (centroid)
);
CREATE INDEX stories_last_seen ON stories(last_seen);
CREATE INDEX stories_merged_into ON stories(merged_into);

CREATE TABLE story_members (
    article TEXT PRIMARY KEY REFERENCES articles(id),
    story   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX story_members_story ON story_members(story);

CREATE TABLE term_df (
    term INTEGER PRIMARY KEY, -- u64 term hash as i64
    df   INTEGER NOT NULL
);

CREATE TABLE cluster_meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
