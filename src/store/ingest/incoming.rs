//! What ingest takes and gives: an extracted item ready to be stored, the forms of it
//! computed before the writer sees it, the story finder it asks, and the outcome per item.

use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::Authority;
use crate::model::{AutoTags, RawItem};
use crate::store::StoreError;

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
    /// The folded full-text search text ([`crate::store::search::search_text`]), computed where
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

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}
