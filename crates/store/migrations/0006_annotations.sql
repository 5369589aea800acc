-- What the annotate stage found in each article (issue 18): zstd-compressed JSON of the
-- stage's output (quantities now; entities, quotes, attributions and times as they come).
-- One row per article; `annotate --rebuild` fills it for articles stored before.
CREATE TABLE annotations (
    seq  INTEGER PRIMARY KEY REFERENCES articles(seq),
    data BLOB NOT NULL
);
