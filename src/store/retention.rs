//! Retention: old unpinned items leave the database; tombstones stay, and what was
//! removed is remembered (`retired`) so that it is not ingested again.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::ingest::recompute_lead;
use super::{StoreError, ts};

/// Retention: remove unpinned items published before `cutoff`, and clusters left empty.
/// Tombstones stay, so a pruned story does not come back when an outlet republishes it;
/// removed items are remembered by canonical URL, so a page that still lists one does not
/// bring it back as new (only the URL: a similar text next year is a new release).
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
    tx.execute(
        "INSERT INTO retired (source_id, url, canonical_url, item_uid, removed)
         SELECT source_id, url, canonical_url, uid, ?2 FROM items WHERE published < ?1 AND pinned = 0",
        [ts(cutoff), ts(Utc::now())],
    )?;
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
