-- Feeds, searches and the API list items newest first: ORDER BY pinned DESC, published DESC,
-- id DESC with a LIMIT of a page. Without an index in that order SQLite read every matching
-- row (through the long text columns) and sorted them all: 0.7 s for a feed's first render
-- and 2.4 s for `/api/items?status=new` at 100,000 items, growing with the database. With
-- these it walks the index in order and stops after a page. The listing index carries the
-- columns the published-feed filters read (relevance, status, tags, story), so rows that do
-- not match are skipped without touching the table.
CREATE INDEX items_listing ON items(pinned, published, id, relevant, status, states, topics, cluster_id);
CREATE INDEX items_status_listing ON items(status, pinned, published, id);
