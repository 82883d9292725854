//! Sources' fetch validators and health: last attempt, last success, failures, last error.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::{StoreError, ts};

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SourceHealth {
    pub id: String,
    pub last_attempt: Option<String>,
    pub last_success: Option<String>,
    pub consecutive_failures: u32,
    pub last_error: Option<String>,
    pub last_item_count: Option<u32>,
    pub next_attempt_after: Option<String>,
    pub item_count: u32,
    #[serde(skip)]
    pub etag: Option<String>,
    #[serde(skip)]
    pub last_modified: Option<String>,
}

pub fn health(conn: &Connection, id: &str) -> Result<SourceHealth, StoreError> {
    let found = conn
        .query_row(
            "SELECT id, last_attempt, last_success, consecutive_failures, last_error, last_item_count,
                    next_attempt_after, etag, last_modified,
                    (SELECT COUNT(*) FROM items WHERE source_id = sources.id)
             FROM sources WHERE id = ?1",
            [id],
            |r| {
                Ok(SourceHealth {
                    id: r.get(0)?,
                    last_attempt: r.get(1)?,
                    last_success: r.get(2)?,
                    consecutive_failures: r.get(3)?,
                    last_error: r.get(4)?,
                    last_item_count: r.get(5)?,
                    next_attempt_after: r.get(6)?,
                    etag: r.get(7)?,
                    last_modified: r.get(8)?,
                    item_count: r.get(9)?,
                })
            },
        )
        .optional()?;
    Ok(found.unwrap_or_else(|| SourceHealth {
        id: id.to_string(),
        ..Default::default()
    }))
}

fn ensure(conn: &Connection, id: &str) -> Result<(), StoreError> {
    conn.execute("INSERT OR IGNORE INTO sources (id) VALUES (?1)", [id])?;
    Ok(())
}

/// A job that reached the source and got a usable answer (including 304).
pub fn record_success(
    conn: &Connection,
    id: &str,
    at: DateTime<Utc>,
    item_count: Option<u32>,
    validators: Option<(Option<String>, Option<String>)>,
) -> Result<(), StoreError> {
    ensure(conn, id)?;
    conn.execute(
        "UPDATE sources SET last_attempt = ?2, last_success = ?2, consecutive_failures = 0,
            last_error = NULL, next_attempt_after = NULL,
            last_item_count = COALESCE(?3, last_item_count) WHERE id = ?1",
        params![id, ts(at), item_count],
    )?;
    if let Some((etag, last_modified)) = validators {
        conn.execute(
            "UPDATE sources SET etag = ?2, last_modified = ?3 WHERE id = ?1",
            params![id, etag, last_modified],
        )?;
    }
    Ok(())
}

/// A failed job: the error in plain words, and the back-off before the scheduler tries
/// again (exponential in the failures in a row, capped; see `fetch::backoff_after`).
/// Earlier items of the source are untouched.
pub fn record_failure(
    conn: &Connection,
    id: &str,
    at: DateTime<Utc>,
    error: &str,
) -> Result<SourceHealth, StoreError> {
    ensure(conn, id)?;
    conn.execute(
        "UPDATE sources SET last_attempt = ?2, consecutive_failures = consecutive_failures + 1,
            last_error = ?3 WHERE id = ?1",
        params![id, ts(at), error],
    )?;
    let failures: u32 = conn.query_row(
        "SELECT consecutive_failures FROM sources WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let backoff =
        chrono::Duration::from_std(crate::fetch::backoff_after(failures)).unwrap_or_default();
    conn.execute(
        "UPDATE sources SET next_attempt_after = ?2 WHERE id = ?1",
        params![id, ts(at + backoff)],
    )?;
    health(conn, id)
}

/// Forget the conditional-GET validators, e.g. after a parse failure, so the next
/// fetch gets the full body again.
pub fn clear_validators(conn: &Connection, id: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE sources SET etag = NULL, last_modified = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// The ids of sources whose last job failed.
pub fn failing_ids(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare("SELECT id FROM sources WHERE consecutive_failures > 0")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(ids)
}

pub fn failing_count(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM sources WHERE consecutive_failures > 0",
        [],
        |r| r.get(0),
    )?)
}
