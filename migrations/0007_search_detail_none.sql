-- The search index records which items hold a word, no longer where in them (detail = none):
-- search only ever asks for items holding every typed word or a word starting with it, never
-- a phrase or a ranking, and the positions were most of the index. A poll of 20,000 items
-- ran 8 % faster and the database is 10 % smaller. The words are split and their accents
-- removed in Rust (see src/store/search.rs), so the tokenizer only has to split at spaces:
-- `ascii`. The index is rebuilt from the items at the first start after this migration.
DROP TABLE items_fts;
CREATE VIRTUAL TABLE items_fts USING fts5(text, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');
