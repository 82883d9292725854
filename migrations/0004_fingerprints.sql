-- The near-duplicate confirmation reads many candidates' fingerprints per new item;
-- in `items` they sit behind the long text columns (overflow pages). A narrow table
-- keeps that read to one small row per candidate.
CREATE TABLE item_fingerprints (
    item_id     INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    cluster_id  INTEGER NOT NULL,
    fingerprint BLOB NOT NULL
);
INSERT INTO item_fingerprints (item_id, cluster_id, fingerprint)
    SELECT id, cluster_id, fingerprint FROM items WHERE fingerprint IS NOT NULL;
