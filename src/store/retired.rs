//! What retention removed (table `retired`, migration 0008): remembered by canonical URL
//! so that ingest does not take it in again.

use rusqlite::{Connection, OptionalExtension};

use super::StoreError;

/// Whether retention removed an item with this canonical URL.
pub fn is_retired(conn: &Connection, canonical_url: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM retired WHERE canonical_url = ?1 LIMIT 1")?
        .query_row([canonical_url], |_| Ok(()))
        .optional()?
        .is_some())
}
