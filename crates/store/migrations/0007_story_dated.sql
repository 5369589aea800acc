-- Whether a story has an article with a publication date (issue 23): an undated story's
-- times are only when it was ingested, so it shows no date and lists after dated ones.
ALTER TABLE stories ADD COLUMN dated INTEGER NOT NULL DEFAULT 0;
UPDATE stories SET dated = EXISTS (
    SELECT 1 FROM story_members m JOIN articles a ON a.id = m.article
    WHERE m.story = stories.id AND a.published IS NOT NULL
);
