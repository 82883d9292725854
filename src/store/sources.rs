//! Sources' fetch validators and health: last attempt, last success, failures, last error.

use std::collections::HashMap;

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
    /// Entries the last successful job skipped, and the first reasons.
    pub last_skipped: u32,
    pub last_skip_reasons: Vec<String>,
    /// What the last successful job had to work around ("markup changed — read
    /// automatically").
    pub last_notices: Vec<String>,
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
                    (SELECT COUNT(*) FROM items WHERE source_id = sources.id),
                    last_skipped, last_skip_reasons, last_notices
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
                    last_skipped: r.get(10)?,
                    last_skip_reasons: serde_json::from_str(&r.get::<_, String>(11)?)
                        .unwrap_or_default(),
                    last_notices: serde_json::from_str(&r.get::<_, String>(12)?)
                        .unwrap_or_default(),
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

/// What a successful job read: how many items, and what it skipped or worked around
/// (`None` for a 304, which read nothing and keeps what the last read said).
#[derive(Debug, Clone, Default)]
pub struct JobRead {
    pub item_count: u32,
    pub skipped: u32,
    pub skip_reasons: Vec<String>,
    pub notices: Vec<String>,
}

/// A job that reached the source and got a usable answer (including 304).
pub fn record_success(
    conn: &Connection,
    id: &str,
    at: DateTime<Utc>,
    read: Option<&JobRead>,
    validators: Option<(Option<String>, Option<String>)>,
) -> Result<(), StoreError> {
    ensure(conn, id)?;
    conn.execute(
        "UPDATE sources SET last_attempt = ?2, last_success = ?2, consecutive_failures = 0,
            last_error = NULL, next_attempt_after = NULL WHERE id = ?1",
        params![id, ts(at)],
    )?;
    if let Some(read) = read {
        let json = |list: &[String]| serde_json::to_string(list).unwrap_or_else(|_| "[]".into());
        conn.execute(
            "UPDATE sources SET last_item_count = ?2, last_skipped = ?3, last_skip_reasons = ?4,
                last_notices = ?5 WHERE id = ?1",
            params![
                id,
                read.item_count,
                read.skipped,
                json(&read.skip_reasons),
                json(&read.notices)
            ],
        )?;
    }
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

/// Per source: how many of its items were published (relevant) and how many of those
/// editors later pruned — a source whose share grows is feeding the curated feeds noise.
pub fn prune_shares(conn: &Connection) -> Result<HashMap<String, (u32, u32)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT source_id, SUM(relevant), SUM(relevant AND status = 'pruned')
         FROM items GROUP BY source_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<Result<HashMap<_, _>, _>>()?)
}
