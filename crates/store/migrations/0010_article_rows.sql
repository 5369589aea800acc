-- The fields of an article's list row, covered by one index, so listing a story's members
-- (the story list, story pages, reconcile input) reads this small index instead of the
-- articles table's ~5 KB rows (issue 20: measured under `bench serve`).
CREATE INDEX articles_rows ON articles(id, source, url, outlet, title, published, version, lang);
