-- The classifier's own verdict on relevance, kept beside an editor's (relevant_override), so
-- that undoing an editor's decision gives the story back to the classifier. NULL on rows
-- written before this migration: there `relevant` is the classifier's verdict as long as no
-- editor's verdict is set.
ALTER TABLE items ADD COLUMN auto_relevant INTEGER;
