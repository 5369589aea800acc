-- Furniture learned from the store (issue 23): for each short line of text (a hash of its
-- words), in how many articles it was seen and over which days. The extract stage takes
-- lines that recur over weeks out of new articles' bodies.
CREATE TABLE furniture_lines (
    hash      INTEGER PRIMARY KEY, -- u64 line hash as i64
    articles  INTEGER NOT NULL,
    first_day INTEGER NOT NULL,    -- days since 1970; i32::MAX while undated only
    last_day  INTEGER NOT NULL     -- i32::MIN while undated only
);
