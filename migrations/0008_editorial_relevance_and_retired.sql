-- An editor's verdict on relevance (issue 26). NULL leaves relevance to the classifier;
-- 1 or 0 is an editor's decision (an approval sets 1), which re-fetching and
-- re-classification keep. `relevant` always holds the verdict in force, so feeds, the
-- review queue and the choice of a story's lead read one column.
ALTER TABLE items ADD COLUMN relevant_override INTEGER;

-- What retention removed stays removed: a silent tombstone by canonical URL, so that a
-- page still listing an old item does not bring it back as `new` at the next poll.
-- Unlike a prune's tombstone it is not reported and does not match near-duplicates.
CREATE TABLE retired (
    id            INTEGER PRIMARY KEY,
    source_id     TEXT NOT NULL,
    url           TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    item_uid      TEXT NOT NULL,
    removed       TEXT NOT NULL
);
CREATE INDEX retired_canonical_url ON retired(canonical_url);
CREATE INDEX retired_source ON retired(source_id);
