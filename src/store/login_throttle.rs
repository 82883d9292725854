//! Login throttling: failed attempts counted per key (account name, client address),
//! and the wait they impose.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{StoreError, parse_ts, ts};

/// How long a key must wait before its next login attempt: free for the first 5
/// failures, then doubling from 2 s up to 15 minutes; forgotten after an hour of quiet.
pub fn login_delay(
    conn: &Connection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Duration, StoreError> {
    let row: Option<(u32, String)> = conn
        .query_row(
            "SELECT failures, last_failure FROM login_failures WHERE key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((failures, last)) = row else {
        return Ok(Duration::zero());
    };
    let last = parse_ts(&last);
    if now - last > Duration::hours(1) || failures < 5 {
        return Ok(Duration::zero());
    }
    let wait = Duration::seconds((2i64 << (failures - 5).min(9)).min(900));
    Ok((last + wait - now).max(Duration::zero()))
}

pub fn record_login_failure(
    conn: &Connection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO login_failures (key, failures, last_failure) VALUES (?1, 1, ?2)
         ON CONFLICT(key) DO UPDATE SET
            failures = CASE WHEN last_failure < ?3 THEN 1 ELSE failures + 1 END,
            last_failure = ?2",
        params![key, ts(now), ts(now - Duration::hours(1))],
    )?;
    Ok(())
}

pub fn clear_login_failures(conn: &Connection, key: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM login_failures WHERE key = ?1", [key])?;
    Ok(())
}
