//! Items and their clusters: ingest (insert, update in place, join a cluster, respect
//! tombstones) and the queries behind feeds, the editor desk and `items list`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{StoreError, parse_ts, ts};
use crate::config::Authority;
use crate::model::RawItem;
use crate::vocab::State;

/// The automatic tags of an item, as classification produced them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AutoTags {
    pub relevant: bool,
    pub score: f64,
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub reasons: Vec<String>,
}

/// One extracted item, ready to be stored.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub source_id: String,
    pub authority: Authority,
    pub item: RawItem,
    pub canonical_url: String,
    pub tags: AutoTags,
    /// The near-duplicate lookup key and fingerprint blob (src/dedup); `None` for an
    /// item without text to compare.
    pub dedup_key: Option<u64>,
    pub fingerprint: Option<Vec<u8>>,
    /// Only the listing's data of an item whose article page was read before (followed
    /// sources fetch each article once): never an update of the stored item.
    pub list_only: bool,
    /// The folded full-text search text ([`super::search::search_text`]), computed where
    /// the item is prepared so the single writer does not.
    pub search_text: String,
    /// The stored forms of the item's identity, hash and tags ([`Encoded::of`]).
    pub encoded: Encoded,
}

/// What the writer stores of an item besides its fields as extracted: the uid, the
/// content hash and the tags as JSON. Computed where the item is prepared (on the CPU
/// pool, [`Encoded::of`]), so the single writer only binds them.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    pub uid: String,
    pub content_hash: String,
    pub reasons: String,
    pub states: String,
    pub topics: String,
}

impl Encoded {
    pub fn of(source_id: &str, item: &RawItem, canonical_url: &str, tags: &AutoTags) -> Encoded {
        let identity = item.guid.as_deref().unwrap_or(canonical_url);
        Encoded {
            uid: item_uid(source_id, identity),
            content_hash: content_hash(item),
            reasons: json(&tags.reasons),
            states: json(&tags.states),
            topics: json(&tags.topics),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IngestOutcome {
    /// A new story.
    New,
    /// A known item whose content changed; updated in place.
    Updated,
    /// A known item, nothing changed.
    Unchanged,
    /// A new item that joined an existing story (another outlet's copy).
    Duplicate,
    /// Stored but not published: not about skilled-worker initiatives.
    Irrelevant,
    /// An editor pruned this story; it is not taken in again.
    Pruned,
}

/// Finds the story a new item belongs to, beyond an exact canonical-URL match.
pub trait ClusterFinder {
    /// The cluster of a stored near-duplicate, if any.
    fn find_cluster(
        &self,
        conn: &Connection,
        incoming: &Incoming,
    ) -> Result<Option<i64>, StoreError>;
    /// Whether the incoming item is a near-copy of a pruned story.
    fn is_tombstoned(&self, conn: &Connection, incoming: &Incoming) -> Result<bool, StoreError>;
    /// Told about every stored item so an in-memory index can follow.
    fn item_stored(&self, _item_id: i64, _cluster_id: i64, _incoming: &Incoming) {}
    /// Told that a stored item's text (and so its fingerprint) changed.
    fn item_updated(&self, _item_id: i64) {}
    /// Told that items it was told about were rolled back and do not exist after all.
    fn items_rolled_back(&self, _stored: &[(i64, Option<u64>)]) {}
}

/// A stable public identifier for an item: a UUID-shaped digest of source and identity,
/// so it never changes when the item is edited or re-fetched.
pub fn item_uid(source_id: &str, identity: &str) -> String {
    let digest = Sha256::digest(format!("{source_id}\n{identity}").as_bytes());
    let h = crate::hex::encode(&digest[..16]);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn content_hash(item: &RawItem) -> String {
    let mut h = Sha256::new();
    for part in [&item.title, &item.summary, &item.content, &item.url] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    crate::hex::encode(&h.finalize()[..12])
}

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

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
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
    let item = &incoming.item;
    let encoded = &incoming.encoded;
    let now = batch.now.as_str();
    if let Some((id, old_hash, status, tags_by_editor)) = find_existing(conn, incoming)? {
        if status == "pruned" || old_hash == encoded.content_hash || incoming.list_only {
            return Ok(IngestOutcome::Unchanged);
        }
        update_in_place(conn, id, incoming, tags_by_editor, now)?;
        finder.item_updated(id);
        return Ok(IngestOutcome::Updated);
    }
    let url_pruned: bool = row_cached(
        conn,
        "SELECT 1 FROM tombstones WHERE canonical_url = ?1 LIMIT 1",
        [&incoming.canonical_url],
        |_| Ok(true),
    )
    .optional()?
    .unwrap_or(false);
    if url_pruned || finder.is_tombstoned(conn, incoming)? {
        return Ok(IngestOutcome::Pruned);
    }
    let same_url_cluster: Option<i64> = row_cached(
        conn,
        "SELECT cluster_id FROM items WHERE canonical_url = ?1 ORDER BY id LIMIT 1",
        [&incoming.canonical_url],
        |r| r.get(0),
    )
    .optional()?;
    let existing_cluster = match same_url_cluster {
        Some(c) => Some(c),
        None => finder.find_cluster(conn, incoming)?,
    };
    let uid = &encoded.uid;
    let cluster_id = match existing_cluster {
        Some(c) => c,
        None => {
            exec_cached(
                conn,
                "INSERT INTO clusters (guid, created) VALUES (?1, ?2)",
                params![format!("urn:uuid:{uid}"), now],
            )?;
            conn.last_insert_rowid()
        }
    };
    // A story an editor already reviewed keeps its verdict for new members.
    let cluster_status: Option<(String, bool)> = row_cached(conn,
            "SELECT status, pinned FROM items WHERE cluster_id = ?1 AND id = (SELECT lead_item_id FROM clusters WHERE id = ?1)",
            [cluster_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (status, pinned) = cluster_status.unwrap_or(("new".into(), false));
    if status == "pruned" {
        return Ok(IngestOutcome::Pruned);
    }
    let published = item.published.map(ts);
    let tags = &incoming.tags;
    exec_cached(conn,
        "INSERT INTO items (uid, source_id, source_guid, url, canonical_url, title, summary, content,
            published, date_source, first_seen, updated, content_hash, relevant, score, reasons,
            auto_states, auto_topics, states, topics, status, pinned, authority, cluster_id, dedup_key, fingerprint,
            source_updated)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
        params![
            uid,
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
            tags.relevant,
            tags.score,
            encoded.reasons,
            encoded.states,
            encoded.topics,
            status,
            pinned,
            incoming.authority as i64,
            cluster_id,
            incoming.dedup_key.map(|h| h as i64),
            incoming.fingerprint,
            item.updated.map(ts),
        ],
    )?;
    let item_id = conn.last_insert_rowid();
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
    } else if !tags.relevant {
        IngestOutcome::Irrelevant
    } else {
        IngestOutcome::New
    })
}

type Existing = (i64, String, String, bool);

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
            relevant = ?9, score = ?10, reasons = ?11, auto_states = ?12, auto_topics = ?13,
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

/// What `items list --json`, the API and the feeds show of an item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: i64,
    pub uid: String,
    pub url: String,
    pub title: String,
    pub original_title: String,
    pub source: String,
    pub published: String,
    pub updated: String,
    pub first_seen: String,
    pub date_source: String,
    pub status: String,
    pub pinned: bool,
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub relevant: bool,
    pub score: f64,
    pub reasons: Vec<String>,
    pub note: Option<String>,
    pub title_override: Option<String>,
    pub cluster: i64,
    pub guid: String,
    pub is_lead: bool,
    pub also_reported_by: Vec<AlsoReported>,
    #[serde(skip)]
    pub summary: String,
    #[serde(skip)]
    pub content: String,
    #[serde(skip)]
    pub source_updated: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AlsoReported {
    pub source: String,
    pub url: String,
}

impl ItemView {
    pub fn published_at(&self) -> DateTime<Utc> {
        parse_ts(&self.published)
    }
    /// When we last changed the item (first seen, re-fetched with new content, edited).
    pub fn updated_at(&self) -> DateTime<Utc> {
        parse_ts(&self.updated)
    }

    /// The entry's "updated" date in feeds: the source's own dates, unless we changed
    /// the item after first seeing it (new content, an editor's edit).
    pub fn entry_updated(&self) -> DateTime<Utc> {
        let mut t = self.published_at();
        if let Some(s) = &self.source_updated {
            t = t.max(parse_ts(s));
        }
        if self.updated != self.first_seen {
            t = t.max(self.updated_at());
        }
        t
    }
}

const VIEW_COLUMNS: &str =
    "i.id, i.uid, i.url, COALESCE(i.title_override, i.title), i.title, i.source_id,
    i.published, i.updated, i.first_seen, i.date_source, i.status, i.pinned, i.states, i.topics,
    i.relevant, i.score, i.reasons, i.note, i.title_override, i.cluster_id, c.guid,
    c.lead_item_id = i.id, i.summary, i.content, i.source_updated";

fn view_from_row(r: &Row) -> rusqlite::Result<ItemView> {
    let list = |idx: usize| -> rusqlite::Result<String> { r.get(idx) };
    Ok(ItemView {
        id: r.get(0)?,
        uid: r.get(1)?,
        url: r.get(2)?,
        title: r.get(3)?,
        original_title: r.get(4)?,
        source: r.get(5)?,
        published: r.get(6)?,
        updated: r.get(7)?,
        first_seen: r.get(8)?,
        date_source: r.get(9)?,
        status: r.get(10)?,
        pinned: r.get(11)?,
        states: serde_json::from_str(&list(12)?).unwrap_or_default(),
        topics: serde_json::from_str(&list(13)?).unwrap_or_default(),
        relevant: r.get(14)?,
        score: r.get(15)?,
        reasons: serde_json::from_str(&list(16)?).unwrap_or_default(),
        note: r.get(17)?,
        title_override: r.get(18)?,
        cluster: r.get(19)?,
        guid: r.get(20)?,
        is_lead: r.get::<_, Option<bool>>(21)?.unwrap_or(false),
        also_reported_by: Vec::new(),
        summary: r.get(22)?,
        content: r.get(23)?,
        source_updated: r.get(24)?,
    })
}

/// Which items a feed, a list or a search wants.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub states: Vec<State>,
    pub topics: Vec<String>,
    pub sources: Vec<String>,
    pub query: Option<String>,
    pub status: Option<String>,
    /// Published feeds: only relevant story leads, never pruned, `new` only when allowed.
    pub published_only: bool,
    pub require_approval: bool,
    /// Cursor: items ordered before this (pinned, published, id) position.
    pub before: Option<(bool, String, i64)>,
    pub limit: u32,
}

/// A search with more matches than this walks the listing order instead of sorting them.
pub const WALK_ORDER_ABOVE: usize = 2_000;

/// Items matching the filter: pinned first, then newest, with their story's other members.
pub fn list(conn: &Connection, filter: &ItemFilter) -> Result<Vec<ItemView>, StoreError> {
    let (sql, args) = list_query(conn, filter)?;
    let mut stmt = conn.prepare(&sql)?;
    let mut items = stmt
        .query_map(rusqlite::params_from_iter(args), view_from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    attach_cluster_members(conn, &mut items)?;
    Ok(items)
}

/// The statement [`list`] runs, and its arguments.
pub(super) fn list_query(
    conn: &Connection,
    filter: &ItemFilter,
) -> Result<(String, Vec<rusqlite::types::Value>), StoreError> {
    // CROSS JOIN keeps items as the outer loop, so the listing indexes (migration 0005)
    // give the order and the walk stops after a page. Left to itself, with the statistics
    // `PRAGMA optimize` gathers, SQLite scanned every story and sorted (2.9 s per feed
    // render at 1,000,000 items).
    let matching = filter
        .query
        .as_deref()
        .filter(|q| !q.trim().is_empty())
        .map(super::search::match_expression);
    // A search for a rare word starts from its few matches and sorts them; one for a
    // common word walks the listing order and stops after a page, as a listing does
    // (reading and sorting the matches of a word in a fifth of 1,000,000 items took 0.8–1.3
    // s; walking: 10–80 ms).
    let walk_order = match &matching {
        None => true,
        Some(None) => false,
        Some(Some(expr)) => super::search::matches_more_than(conn, expr, WALK_ORDER_ABOVE)?,
    };
    let join = if walk_order { "CROSS JOIN" } else { "JOIN" };
    let mut sql = format!(
        "SELECT {VIEW_COLUMNS} FROM items i {join} clusters c ON c.id = i.cluster_id WHERE 1=1"
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut push = |sql: &mut String, clause: &str, values: Vec<rusqlite::types::Value>| {
        sql.push_str(clause);
        args.extend(values);
    };
    if filter.published_only {
        sql.push_str(" AND c.lead_item_id = i.id AND i.relevant = 1 AND i.status != 'pruned'");
        if filter.require_approval {
            sql.push_str(" AND i.status = 'approved'");
        }
    }
    if let Some(status) = &filter.status {
        push(&mut sql, " AND i.status = ?", vec![status.clone().into()]);
    }
    if !filter.states.is_empty() {
        let marks = vec!["?"; filter.states.len()].join(",");
        let clause =
            format!(" AND EXISTS (SELECT 1 FROM json_each(i.states) WHERE value IN ({marks}))");
        push(
            &mut sql,
            &clause,
            filter
                .states
                .iter()
                .map(|s| s.code().to_string().into())
                .collect(),
        );
    }
    if !filter.topics.is_empty() {
        let marks = vec!["?"; filter.topics.len()].join(",");
        let clause =
            format!(" AND EXISTS (SELECT 1 FROM json_each(i.topics) WHERE value IN ({marks}))");
        push(
            &mut sql,
            &clause,
            filter.topics.iter().map(|t| t.clone().into()).collect(),
        );
    }
    if !filter.sources.is_empty() {
        let marks = vec!["?"; filter.sources.len()].join(",");
        let clause = format!(" AND i.source_id IN ({marks})");
        push(
            &mut sql,
            &clause,
            filter.sources.iter().map(|t| t.clone().into()).collect(),
        );
    }
    match matching {
        None => {}
        // `+i.id` keeps the planner from looking the matches up one by one (and sorting
        // them) when the listing order is to be walked.
        Some(Some(expr)) => {
            let id = if walk_order { "+i.id" } else { "i.id" };
            let clause =
                format!(" AND {id} IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?)");
            push(&mut sql, &clause, vec![expr.into()]);
        }
        // Only punctuation: nothing can match.
        Some(None) => sql.push_str(" AND 0"),
    }
    if let Some((pinned, published, id)) = &filter.before {
        push(
            &mut sql,
            " AND (i.pinned < ? OR (i.pinned = ? AND (i.published < ? OR (i.published = ? AND i.id < ?))))",
            vec![
                (*pinned as i64).into(),
                (*pinned as i64).into(),
                published.clone().into(),
                published.clone().into(),
                (*id).into(),
            ],
        );
    }
    sql.push_str(" ORDER BY i.pinned DESC, i.published DESC, i.id DESC LIMIT ?");
    args.push((filter.limit.max(1) as i64).into());
    Ok((sql, args))
}

pub fn get(conn: &Connection, id: i64) -> Result<ItemView, StoreError> {
    let mut item = conn
        .query_row(
            &format!("SELECT {VIEW_COLUMNS} FROM items i JOIN clusters c ON c.id = i.cluster_id WHERE i.id = ?1"),
            [id],
            view_from_row,
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("item {id}")))?;
    attach_cluster_members(conn, std::slice::from_mut(&mut item))?;
    Ok(item)
}

fn attach_cluster_members(conn: &Connection, items: &mut [ItemView]) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT source_id, url FROM items WHERE cluster_id = ?1 AND id != ?2 ORDER BY authority DESC, published, id",
    )?;
    for item in items.iter_mut() {
        item.also_reported_by = stmt
            .query_map(params![item.cluster, item.id], |r| {
                Ok(AlsoReported {
                    source: r.get(0)?,
                    url: r.get(1)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
    }
    Ok(())
}

pub fn count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM items", [], |r| r.get::<_, i64>(0))? as u64)
}

/// Retention: remove unpinned items published before `cutoff`, and clusters left empty.
/// Tombstones stay, so a pruned story does not come back when an outlet republishes it.
pub fn remove_older_than(
    conn: &mut Connection,
    cutoff: DateTime<Utc>,
) -> Result<usize, StoreError> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let affected: Vec<i64> = {
        let mut stmt = tx
            .prepare("SELECT DISTINCT cluster_id FROM items WHERE published < ?1 AND pinned = 0")?;
        stmt.query_map([ts(cutoff)], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    };
    let removed = tx.execute(
        "DELETE FROM items WHERE published < ?1 AND pinned = 0",
        [ts(cutoff)],
    )?;
    for cluster in affected {
        let left: i64 = tx.query_row(
            "SELECT COUNT(*) FROM items WHERE cluster_id = ?1",
            [cluster],
            |r| r.get(0),
        )?;
        if left == 0 {
            tx.execute("DELETE FROM clusters WHERE id = ?1", [cluster])?;
        } else {
            tx.execute(
                "UPDATE clusters SET lead_item_id = NULL WHERE id = ?1",
                [cluster],
            )?;
            recompute_lead(&tx, cluster)?;
        }
    }
    tx.commit()?;
    Ok(removed)
}

/// The URLs of a source's stored items.
pub fn urls_of_source(
    conn: &Connection,
    source_id: &str,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT url FROM items WHERE source_id = ?1")?;
    let urls = stmt
        .query_map([source_id], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    Ok(urls)
}

/// The newest entry date of a list (a feed's own `updated`).
pub fn newest_update(items: &[ItemView]) -> Option<DateTime<Utc>> {
    items.iter().map(|i| i.entry_updated()).max()
}
