-- The story list's order (dated first, newest activity first, then id) as an index, so a
-- page of the list (and a keyset cursor into it) reads only its own rows (issue 20).
CREATE INDEX stories_listing ON stories(dated DESC, last_seen DESC, id) WHERE merged_into IS NULL;
