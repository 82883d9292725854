-- Full-text search over items. The indexed text is folded in Rust (lower case, umlauts and ß
-- spelled out: "Fachkräfte" → "fachkraefte"), and queries are folded the same way, so
-- "Fachkraefte" finds "Fachkräfte". Contentless: the text lives in `items`.
CREATE VIRTUAL TABLE items_fts USING fts5(text, content = '', contentless_delete = 1, tokenize = 'unicode61');
