-- What a source's last successful job could not take or had to work around, for the desk's
-- sources page: entries skipped (and the first reasons) and notices such as "markup
-- changed — read automatically". JSON arrays of sentences.
ALTER TABLE sources ADD COLUMN last_skipped INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN last_skip_reasons TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sources ADD COLUMN last_notices TEXT NOT NULL DEFAULT '[]';
