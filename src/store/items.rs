//! Item queries: one item, a filtered page of them, counts and a source's URLs, each
//! with its story's other members.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::StoreError;
use super::item_query::{VIEW_COLUMNS, list_query};
use crate::model::{AlsoReported, ItemView};

pub use super::item_query::ItemFilter;

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
        relevant_by_editor: r.get(25)?,
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

/// How many items a filter wants in all, however many a page shows.
pub fn count_matching(conn: &Connection, filter: &ItemFilter) -> Result<u64, StoreError> {
    let (sql, args) = super::item_query::count_query(filter);
    let n: i64 = conn.query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?;
    Ok(n as u64)
}

pub fn count(conn: &Connection) -> Result<u64, StoreError> {
    Ok(conn.query_row("SELECT COUNT(*) FROM items", [], |r| r.get::<_, i64>(0))? as u64)
}

/// The URLs of a source's stored items.
pub fn urls_of_source(
    conn: &Connection,
    source_id: &str,
) -> Result<std::collections::HashSet<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        // Retired items count as known: their article pages are not fetched again.
        "SELECT url FROM items WHERE source_id = ?1 UNION SELECT url FROM retired WHERE source_id = ?1",
    )?;
    let urls = stmt
        .query_map([source_id], |r| r.get::<_, String>(0))?
        .collect::<Result<_, _>>()?;
    Ok(urls)
}

/// The newest entry date of a list (a feed's own `updated`).
pub fn newest_update(items: &[ItemView]) -> Option<DateTime<Utc>> {
    items.iter().map(|i| i.entry_updated()).max()
}
