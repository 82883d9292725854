//! Ingest: an extracted item is inserted, updated in place, joined to its story or
//! refused by a tombstone, one transaction per fetch.

mod incoming;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{StoreError, ts};
use crate::model::Status;
pub use incoming::{ClusterFinder, Encoded, Incoming, IngestOutcome, item_uid};

/// The ingest path runs the same statements for every item: prepared once per connection.
fn exec_cached<P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

fn row_cached<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

/// Store the items of one fetch in one transaction: all of them or, on an error, none
/// (the next poll takes them in again). One commit per fetch instead of per item is what
/// keeps the single writer from being the bottleneck of a large poll.
pub fn ingest_many(
    conn: &mut Connection,
    incoming: &[Incoming],
    now: DateTime<Utc>,
    finder: &dyn ClusterFinder,
) -> Result<Vec<IngestOutcome>, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut batch = Batch {
        now: ts(now),
        ..Batch::default()
    };
    let result = incoming
        .iter()
        .map(|inc| ingest_in(&tx, inc, finder, &mut batch))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|outcomes| {
            for &(id, text) in &batch.search {
                super::search::index_new(&tx, id, text)?;
            }
            if !batch.stored.is_empty() {
                bump_generation(&tx)?;
            }
            Ok(outcomes)
        })
        .and_then(|outcomes| Ok(tx.commit().map(|()| outcomes)?));
    if result.is_err() {
        // The transaction is rolled back (dropped or failed to commit): the finder must
        // not keep items that were never stored.
        finder.items_rolled_back(&batch.stored);
    }
    result
}

/// Feeds cache what they rendered until the change counter moves. Updates and deletes
/// of items move it by trigger; new items, which only ingest inserts, once per batch here
/// (a trigger per inserted row made SQLite journal every insert, see migration 0006).
fn bump_generation(conn: &Connection) -> Result<(), StoreError> {
    exec_cached(
        conn,
        "UPDATE change_counter SET generation = generation + 1, changed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = 1",
        [],
    )?;
    Ok(())
}

/// What one batch wrote so far.
#[derive(Default)]
struct Batch<'a> {
    /// The time of the batch, as stored.
    now: String,
    /// New items' search text, written into the full-text index after all other writes
    /// of the batch: every statement with its own statement journal (an insert into
    /// `items` is one) makes FTS5 flush what it holds, so interleaved inserts would
    /// write one index segment per item and spend the batch merging them.
    search: Vec<(i64, &'a str)>,
    /// Items the finder was told about, to take back out of it on a rollback.
    stored: Vec<(i64, Option<u64>)>,
}

fn ingest_in<'a>(
    conn: &Connection,
    incoming: &'a Incoming,
    finder: &dyn ClusterFinder,
    batch: &mut Batch<'a>,
) -> Result<IngestOutcome, StoreError> {
    if let Some(existing) = find_existing(conn, incoming)? {
        return refresh_existing(conn, existing, incoming, finder, &batch.now);
    }
    if super::retired::is_retired(conn, &incoming.canonical_url)? {
        // Removed by retention: stays removed, and says nothing (it is no news).
        return Ok(IngestOutcome::Unchanged);
    }
    if is_tombstoned(conn, incoming, finder)? {
        return Ok(IngestOutcome::Pruned);
    }
    let existing_cluster = story_of(conn, incoming, finder)?;
    let cluster_id = match existing_cluster {
        Some(c) => c,
        None => new_cluster(conn, &incoming.encoded.uid, &batch.now)?,
    };
    // A story an editor already reviewed keeps its verdict for new members.
    let verdict = story_verdict(conn, cluster_id)?;
    if verdict.status == Status::Pruned {
        return Ok(IngestOutcome::Pruned);
    }
    let item_id = insert_item(conn, incoming, cluster_id, verdict, &batch.now)?;
    if let Some(fp) = &incoming.fingerprint {
        exec_cached(
            conn,
            "INSERT INTO item_fingerprints (item_id, cluster_id, fingerprint) VALUES (?1, ?2, ?3)",
            params![item_id, cluster_id, fp],
        )?;
    }
    batch.search.push((item_id, &incoming.search_text));
    if existing_cluster.is_some() {
        recompute_lead(conn, cluster_id)?;
    } else {
        // A new story's only item is its lead.
        exec_cached(
            conn,
            "UPDATE clusters SET lead_item_id = ?2 WHERE id = ?1",
            [cluster_id, item_id],
        )?;
    }
    finder.item_stored(item_id, cluster_id, incoming);
    batch.stored.push((item_id, incoming.dedup_key));
    Ok(if existing_cluster.is_some() {
        IngestOutcome::Duplicate
    } else if !incoming.tags.relevant {
        IngestOutcome::Irrelevant
    } else {
        IngestOutcome::New
    })
}

/// A known item: unchanged, or updated in place when its content changed.
fn refresh_existing(
    conn: &Connection,
    existing: Existing,
    incoming: &Incoming,
    finder: &dyn ClusterFinder,
    now: &str,
) -> Result<IngestOutcome, StoreError> {
    let (id, old_hash, status, tags_by_editor) = existing;
    if status == Status::Pruned || old_hash == incoming.encoded.content_hash || incoming.list_only {
        return Ok(IngestOutcome::Unchanged);
    }
    update_in_place(conn, id, incoming, tags_by_editor, now)?;
    finder.item_updated(id);
    Ok(IngestOutcome::Updated)
}

/// Whether a pruned story's tombstone stands for the item: its canonical URL, or a
/// near-copy of the pruned text.
fn is_tombstoned(
    conn: &Connection,
    incoming: &Incoming,
    finder: &dyn ClusterFinder,
) -> Result<bool, StoreError> {
    let url_pruned: bool = row_cached(
        conn,
        "SELECT 1 FROM tombstones WHERE canonical_url = ?1 LIMIT 1",
        [&incoming.canonical_url],
        |_| Ok(true),
    )
    .optional()?
    .unwrap_or(false);
    Ok(url_pruned || finder.is_tombstoned(conn, incoming)?)
}

/// The stored story the item belongs to: one with the same canonical URL, else the
/// finder's near-duplicate.
fn story_of(
    conn: &Connection,
    incoming: &Incoming,
    finder: &dyn ClusterFinder,
) -> Result<Option<i64>, StoreError> {
    let same_url_cluster: Option<i64> = row_cached(
        conn,
        "SELECT cluster_id FROM items WHERE canonical_url = ?1 ORDER BY id LIMIT 1",
        [&incoming.canonical_url],
        |r| r.get(0),
    )
    .optional()?;
    match same_url_cluster {
        Some(c) => Ok(Some(c)),
        None => finder.find_cluster(conn, incoming),
    }
}

fn new_cluster(conn: &Connection, uid: &str, now: &str) -> Result<i64, StoreError> {
    exec_cached(
        conn,
        "INSERT INTO clusters (guid, created) VALUES (?1, ?2)",
        params![format!("urn:uuid:{uid}"), now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// An editor's verdict on a story, as its lead carries it; new members inherit it.
#[derive(Clone, Copy)]
struct Verdict {
    status: Status,
    pinned: bool,
    relevant_override: Option<bool>,
}

/// The verdict of a story's lead; `new`, unpinned and the classifier's relevance for a
/// story without one.
fn story_verdict(conn: &Connection, cluster_id: i64) -> Result<Verdict, StoreError> {
    let lead: Option<Verdict> = row_cached(conn,
            "SELECT status, pinned, relevant_override FROM items WHERE cluster_id = ?1 AND id = (SELECT lead_item_id FROM clusters WHERE id = ?1)",
            [cluster_id],
            |r| Ok(Verdict { status: r.get(0)?, pinned: r.get(1)?, relevant_override: r.get(2)? }),
        )
        .optional()?;
    Ok(lead.unwrap_or(Verdict {
        status: Status::New,
        pinned: false,
        relevant_override: None,
    }))
}

/// Insert a new item into story `cluster_id`; returns its row id.
fn insert_item(
    conn: &Connection,
    incoming: &Incoming,
    cluster_id: i64,
    verdict: Verdict,
    now: &str,
) -> Result<i64, StoreError> {
    let item = &incoming.item;
    let encoded = &incoming.encoded;
    let tags = &incoming.tags;
    let published = item.published.map(ts);
    exec_cached(conn,
        "INSERT INTO items (uid, source_id, source_guid, url, canonical_url, title, summary, content,
            published, date_source, first_seen, updated, content_hash, relevant, score, reasons,
            auto_states, auto_topics, states, topics, status, pinned, authority, cluster_id, dedup_key, fingerprint,
            source_updated, relevant_override, auto_relevant)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
        params![
            encoded.uid,
            incoming.source_id,
            item.guid,
            item.url,
            incoming.canonical_url,
            item.title,
            item.summary,
            item.content,
            published.as_deref().unwrap_or(now),
            item.date_source.as_str(),
            now,
            encoded.content_hash,
            verdict.relevant_override.unwrap_or(tags.relevant),
            tags.score,
            encoded.reasons,
            encoded.states,
            encoded.topics,
            verdict.status,
            verdict.pinned,
            incoming.authority as i64,
            cluster_id,
            incoming.dedup_key.map(|h| h as i64),
            incoming.fingerprint,
            item.updated.map(ts),
            verdict.relevant_override,
            tags.relevant,
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

type Existing = (i64, String, Status, bool);

fn find_existing(conn: &Connection, incoming: &Incoming) -> Result<Option<Existing>, StoreError> {
    let map = |r: &Row| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?));
    let cols = "SELECT id, content_hash, status, tags_by_editor FROM items";
    if let Some(guid) = &incoming.item.guid {
        let found = row_cached(
            conn,
            &format!("{cols} WHERE source_id = ?1 AND source_guid = ?2"),
            params![incoming.source_id, guid],
            map,
        )
        .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(row_cached(
        conn,
        &format!("{cols} WHERE source_id = ?1 AND canonical_url = ?2 ORDER BY id LIMIT 1"),
        params![incoming.source_id, incoming.canonical_url],
        map,
    )
    .optional()?)
}

fn update_in_place(
    conn: &Connection,
    id: i64,
    incoming: &Incoming,
    tags_by_editor: bool,
    now: &str,
) -> Result<(), StoreError> {
    let item = &incoming.item;
    let tags = &incoming.tags;
    let encoded = &incoming.encoded;
    exec_cached(
        conn,
        "UPDATE items SET url = ?2, title = ?3, summary = ?4, content = ?5,
            published = COALESCE(?6, published), content_hash = ?7, updated = ?8,
            relevant = COALESCE(relevant_override, ?9), auto_relevant = ?9, score = ?10, reasons = ?11, auto_states = ?12, auto_topics = ?13,
            dedup_key = COALESCE(?14, dedup_key), fingerprint = COALESCE(?15, fingerprint),
            source_updated = COALESCE(?16, source_updated)
         WHERE id = ?1",
        params![
            id,
            item.url,
            item.title,
            item.summary,
            item.content,
            item.published.map(ts),
            encoded.content_hash,
            now,
            tags.relevant,
            tags.score,
            encoded.reasons,
            encoded.states,
            encoded.topics,
            incoming.dedup_key.map(|h| h as i64),
            incoming.fingerprint,
            item.updated.map(ts),
        ],
    )?;
    // Tags an editor set win over automatic re-tagging, for good.
    if !tags_by_editor {
        exec_cached(
            conn,
            "UPDATE items SET states = auto_states, topics = auto_topics WHERE id = ?1",
            [id],
        )?;
    }
    super::search::index_item(conn, id)?;
    let cluster: i64 = row_cached(
        conn,
        "SELECT cluster_id FROM items WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if let Some(fp) = &incoming.fingerprint {
        exec_cached(
            conn,
            "INSERT OR REPLACE INTO item_fingerprints (item_id, cluster_id, fingerprint) VALUES (?1, ?2, ?3)",
            params![id, cluster, fp],
        )?;
    }
    recompute_lead(conn, cluster)
}

/// The lead of a story: a relevant item first, then the most authoritative source
/// (official before press), then the earliest published.
pub fn recompute_lead(conn: &Connection, cluster_id: i64) -> Result<(), StoreError> {
    exec_cached(
        conn,
        "UPDATE clusters SET lead_item_id = (
            SELECT id FROM items WHERE cluster_id = ?1
            ORDER BY relevant DESC, authority DESC, published ASC, id ASC LIMIT 1)
         WHERE id = ?1 AND lead_item_id IS NOT (
            SELECT id FROM items WHERE cluster_id = ?1
            ORDER BY relevant DESC, authority DESC, published ASC, id ASC LIMIT 1)",
        [cluster_id],
    )?;
    Ok(())
}
