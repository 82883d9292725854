//! Finding the story a new item belongs to: near-duplicates among stored items (an
//! in-memory band index over their dedup keys, confirmed on the stored fingerprints) and
//! near-copies of pruned stories (tombstones, looked up by band in SQL).

use std::collections::BTreeMap;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::ingest::{ClusterFinder, Incoming};
use crate::dedup::{Fingerprint, NearDuplicateIndex, is_near_duplicate};

/// The production [`ClusterFinder`]. It follows the items table incrementally: before
/// each lookup it takes in rows added since it last looked, so items written by another
/// process (a `presseradar poll` beside `run`) are found too.
#[derive(Default)]
pub struct NearDuplicates {
    state: Mutex<IndexState>,
}

#[derive(Default)]
struct IndexState {
    index: NearDuplicateIndex,
    /// The highest item id taken into the index.
    seen_up_to: i64,
    recent: RecentFingerprints,
}

/// The fingerprints and stories of the newest items this process stored, so that
/// confirming candidates — most of them recent, since a crowded band gives its newest
/// items — does not read a row per candidate on the single writer (that was a sixth of
/// its time in a large poll). A story id never changes once an item has it; a
/// fingerprint changes only when its item is updated, which forgets the entry; any
/// commit by another connection (another process's poll or an editor's `items` command)
/// empties the cache; and a match found here is checked against the table (retention may
/// have deleted the item), so a decision never rests on a row that is gone or changed.
#[derive(Default)]
struct RecentFingerprints {
    by_id: BTreeMap<i64, (Fingerprint, i64)>,
    /// `PRAGMA data_version` when last looked: it changes when another connection commits.
    data_version: i64,
}

/// About 150 bytes each: 2.5 MB. A republication follows its original within days.
const RECENT_FINGERPRINTS: usize = 16_384;

impl RecentFingerprints {
    fn remember(&mut self, item_id: i64, fingerprint: Fingerprint, cluster_id: i64) {
        self.by_id.insert(item_id, (fingerprint, cluster_id));
        if self.by_id.len() > RECENT_FINGERPRINTS {
            self.by_id.pop_first();
        }
    }
}

impl NearDuplicates {
    pub fn new() -> NearDuplicates {
        NearDuplicates::default()
    }

    /// Take in items stored since the last call (all of them, the first time).
    pub fn refresh(&self, conn: &Connection) -> Result<(), StoreError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let data_version: i64 = conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        if data_version != state.recent.data_version {
            state.recent.by_id.clear();
            state.recent.data_version = data_version;
        }
        let mut stmt = conn.prepare_cached(
            "SELECT id, dedup_key FROM items WHERE id > ?1 AND dedup_key IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([state.seen_up_to], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)? as u64))
        })?;
        let mut last = state.seen_up_to;
        if state.index.is_empty() {
            // Straight from the rows into the bulk load: collecting the rows first cost
            // another 16 MB at the peak for 1,000,000 items.
            let mut failed = None;
            let index: NearDuplicateIndex = rows
                .map_while(|row| match row {
                    Ok((id, key)) => {
                        last = id;
                        Some((id, key))
                    }
                    Err(e) => {
                        failed = Some(e);
                        None
                    }
                })
                .collect();
            if let Some(e) = failed {
                return Err(e.into());
            }
            state.index = index;
        } else {
            for row in rows {
                let (id, key) = row?;
                state.index.insert(id, key);
                last = id;
            }
        }
        state.seen_up_to = state.seen_up_to.max(last);
        Ok(())
    }

    pub fn memory_bytes(&self) -> usize {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .index
            .memory_bytes()
    }
}

fn fingerprint_of(incoming: &Incoming) -> Option<Fingerprint> {
    incoming
        .fingerprint
        .as_deref()
        .and_then(|b| Fingerprint::from_bytes(b).ok())
        .filter(|f| f.shingles > 0)
}

impl ClusterFinder for NearDuplicates {
    fn find_cluster(
        &self,
        conn: &Connection,
        incoming: &Incoming,
    ) -> Result<Option<i64>, StoreError> {
        let (Some(key), Some(fp)) = (incoming.dedup_key, fingerprint_of(incoming)) else {
            return Ok(None);
        };
        self.refresh(conn)?;
        // The best match: Jaccard, story, and the item if it was confirmed from memory.
        let mut best: Option<(f64, i64, Option<i64>)> = None;
        let mut consider = |other: &Fingerprint, cluster: i64, remembered: Option<i64>| {
            if is_near_duplicate(&fp, other) {
                let j = fp.jaccard(other);
                if best.is_none_or(|(bj, _, _)| j > bj) {
                    best = Some((j, cluster, remembered));
                }
            }
        };
        let mut to_read = Vec::new();
        {
            let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            for id in state.index.candidates(key) {
                match state.recent.by_id.get(&id) {
                    Some((other, cluster)) => consider(other, *cluster, Some(id)),
                    None => to_read.push(id),
                }
            }
        }
        let mut stmt = conn.prepare_cached(
            "SELECT fingerprint, cluster_id FROM item_fingerprints WHERE item_id = ?1",
        )?;
        for id in to_read {
            let Some((blob, cluster)) = stmt
                .query_row([id], |r| {
                    Ok((r.get::<_, Option<Vec<u8>>>(0)?, r.get::<_, i64>(1)?))
                })
                .ok()
            else {
                continue;
            };
            if let Some(other) = blob.and_then(|b| Fingerprint::from_bytes(&b).ok()) {
                consider(&other, cluster, None);
            }
        }
        // A match found in memory must still be stored: retention may have deleted the
        // item (and its story) in this very connection, which `data_version` does not
        // see. Then the memory is dropped and the candidates are read from the table.
        if let Some((_, cluster, Some(item))) = best {
            let stored: Option<i64> = stmt.query_row([item], |r| r.get(1)).optional()?;
            if stored != Some(cluster) {
                self.state
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .recent
                    .by_id
                    .clear();
                return self.find_cluster(conn, incoming);
            }
        }
        Ok(best.map(|(_, cluster, _)| cluster))
    }

    fn is_tombstoned(&self, conn: &Connection, incoming: &Incoming) -> Result<bool, StoreError> {
        let (Some(key), Some(fp)) = (incoming.dedup_key, fingerprint_of(incoming)) else {
            return Ok(false);
        };
        let band = |i: u32| ((key >> (16 * i)) & 0xffff) as i64;
        let mut stmt = conn.prepare_cached(
            "SELECT fingerprint FROM tombstones
             WHERE fingerprint IS NOT NULL AND (band0 = ?1 OR band1 = ?2 OR band2 = ?3 OR band3 = ?4)",
        )?;
        let blobs: Vec<Vec<u8>> = stmt
            .query_map(params![band(0), band(1), band(2), band(3)], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(blobs
            .iter()
            .filter_map(|b| Fingerprint::from_bytes(b).ok())
            .any(|other| is_near_duplicate(&fp, &other)))
    }

    fn items_rolled_back(&self, stored: &[(i64, Option<u64>)]) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        for &(id, key) in stored {
            if let Some(key) = key {
                state.index.remove(id, key);
            }
            state.recent.by_id.remove(&id);
        }
        // Row ids are handed out again after a rollback: read them anew from the table.
        if let Some(first) = stored.iter().map(|&(id, _)| id).min() {
            state.seen_up_to = state.seen_up_to.min(first - 1);
        }
    }

    fn item_stored(&self, item_id: i64, cluster_id: i64, incoming: &Incoming) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(key) = incoming.dedup_key
            && item_id > state.seen_up_to
        {
            state.index.insert(item_id, key);
            state.seen_up_to = item_id;
        }
        if let Some(fp) = fingerprint_of(incoming) {
            state.recent.remember(item_id, fp, cluster_id);
        }
    }

    fn item_updated(&self, item_id: i64) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.recent.by_id.remove(&item_id);
    }
}
