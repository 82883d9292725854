-- Sources' fetch state and health.
CREATE TABLE sources (
    id                   TEXT PRIMARY KEY,
    etag                 TEXT,
    last_modified        TEXT,
    last_attempt         TEXT,
    last_success         TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           TEXT,
    last_item_count      INTEGER,
    next_attempt_after   TEXT
);

-- A story: one or more items that are the same release. Its guid never changes.
CREATE TABLE clusters (
    id           INTEGER PRIMARY KEY,
    guid         TEXT NOT NULL UNIQUE,
    lead_item_id INTEGER,
    created      TEXT NOT NULL
);

CREATE TABLE items (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    source_id        TEXT NOT NULL,
    source_guid      TEXT,
    url              TEXT NOT NULL,
    canonical_url    TEXT NOT NULL,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL,
    content          TEXT NOT NULL,
    published        TEXT NOT NULL,
    date_source      TEXT NOT NULL,
    first_seen       TEXT NOT NULL,
    updated          TEXT NOT NULL,
    source_updated   TEXT,
    content_hash     TEXT NOT NULL,
    relevant         INTEGER NOT NULL,
    score            REAL NOT NULL,
    reasons          TEXT NOT NULL DEFAULT '[]',
    auto_states      TEXT NOT NULL DEFAULT '[]',
    auto_topics      TEXT NOT NULL DEFAULT '[]',
    states           TEXT NOT NULL DEFAULT '[]',
    topics           TEXT NOT NULL DEFAULT '[]',
    tags_by_editor   INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'approved', 'pruned')),
    pinned           INTEGER NOT NULL DEFAULT 0,
    title_override   TEXT,
    note             TEXT,
    authority        INTEGER NOT NULL DEFAULT 0,
    cluster_id       INTEGER NOT NULL REFERENCES clusters(id),
    -- Near-duplicate detection (src/dedup): the fingerprint blob and its lookup key.
    dedup_key        INTEGER,
    fingerprint      BLOB
);
CREATE UNIQUE INDEX items_source_guid ON items(source_id, source_guid) WHERE source_guid IS NOT NULL;
CREATE INDEX items_source_url ON items(source_id, canonical_url);
CREATE INDEX items_canonical_url ON items(canonical_url);
CREATE INDEX items_published ON items(published);
CREATE INDEX items_cluster ON items(cluster_id);
CREATE INDEX items_status ON items(status, published);

-- What an editor pruned stays pruned: matched by canonical URL or near-duplicate fingerprint.
CREATE TABLE tombstones (
    id            INTEGER PRIMARY KEY,
    canonical_url TEXT NOT NULL,
    fingerprint   BLOB,
    -- The four 16-bit bands of the item's dedup lookup key: a near-copy shares one.
    band0         INTEGER,
    band1         INTEGER,
    band2         INTEGER,
    band3         INTEGER,
    item_uid      TEXT NOT NULL,
    created       TEXT NOT NULL
);
CREATE INDEX tombstones_url ON tombstones(canonical_url);
CREATE INDEX tombstones_band0 ON tombstones(band0);
CREATE INDEX tombstones_band1 ON tombstones(band1);
CREATE INDEX tombstones_band2 ON tombstones(band2);
CREATE INDEX tombstones_band3 ON tombstones(band3);

-- Every change a person made: who, when, before and after.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    item_id INTEGER,
    action  TEXT NOT NULL,
    before  TEXT,
    after   TEXT
);
CREATE INDEX audit_item ON audit_log(item_id);

-- A counter bumped by every change that can alter a published feed, so that feed caches
-- in any process notice writes made by another (e.g. `presseradar poll` beside `run`).
CREATE TABLE change_counter (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    changed_at TEXT NOT NULL
);
INSERT INTO change_counter (id, generation, changed_at) VALUES (1, 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE TRIGGER items_changed_insert AFTER INSERT ON items BEGIN
    UPDATE change_counter SET generation = generation + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER items_changed_update AFTER UPDATE ON items BEGIN
    UPDATE change_counter SET generation = generation + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER items_changed_delete AFTER DELETE ON items BEGIN
    UPDATE change_counter SET generation = generation + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
CREATE TRIGGER clusters_changed_update AFTER UPDATE ON clusters BEGIN
    UPDATE change_counter SET generation = generation + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1;
END;
