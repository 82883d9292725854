//! Queries of the editors' desk that the feeds do not need: the review queue.

use rusqlite::{Connection, params};

use super::StoreError;
use super::items;
use crate::model::{ItemView, Status};

/// Stories waiting for review (status `new`), one row per story (its lead), newest first.
/// `relevant` picks the classifier's verdict to show; `before` continues after the
/// (published, id) position of the last row of the previous page.
pub fn review_queue(
    conn: &Connection,
    relevant: bool,
    before: Option<(String, i64)>,
    limit: u32,
) -> Result<Vec<ItemView>, StoreError> {
    let (before_published, before_id) = match before {
        Some((p, id)) => (Some(p), Some(id)),
        None => (None, None),
    };
    // The status is written into the statement, as in the listing query (item_query.rs).
    let new = Status::New;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT i.id FROM items i JOIN clusters c ON c.id = i.cluster_id
         WHERE i.status = '{new}' AND c.lead_item_id = i.id AND i.relevant = ?1
           AND (?2 IS NULL OR i.published < ?2 OR (i.published = ?2 AND i.id < ?3))
         ORDER BY i.published DESC, i.id DESC LIMIT ?4"
    ))?;
    let ids: Vec<i64> = stmt
        .query_map(
            params![relevant, before_published, before_id, limit.clamp(1, 500)],
            |r| r.get(0),
        )?
        .collect::<Result<_, _>>()?;
    ids.into_iter().map(|id| items::get(conn, id)).collect()
}
