//! Web sessions of the editors' desk: created at login, looked up per request, ended at
//! logout; the cookie value is stored only as a digest.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::editors::Editor;
use super::secrets::{digest, random_hex};
use super::{StoreError, parse_ts, ts};

/// A new session: the cookie value (returned once, stored as a digest) and its CSRF token.
pub fn create_session(
    conn: &Connection,
    editor_id: i64,
    now: DateTime<Utc>,
    lifetime: Duration,
) -> Result<(String, String), StoreError> {
    let id = random_hex(32)?;
    let csrf = random_hex(32)?;
    conn.execute("DELETE FROM sessions WHERE expires < ?1", [ts(now)])?;
    conn.execute(
        "INSERT INTO sessions (id_hash, editor_id, csrf, created, expires) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![digest(&id), editor_id, csrf, ts(now), ts(now + lifetime)],
    )?;
    Ok((id, csrf))
}

/// The editor and CSRF token of a live session.
pub fn session(
    conn: &Connection,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Editor, String)>, StoreError> {
    let found: Option<(Editor, String, String)> = conn
        .query_row(
            "SELECT e.id, e.name, e.created, s.csrf, s.expires FROM sessions s JOIN editors e ON e.id = s.editor_id
             WHERE s.id_hash = ?1",
            [digest(id)],
            |r| Ok((Editor::from_row(r)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    Ok(found.and_then(|(e, csrf, expires)| (parse_ts(&expires) > now).then_some((e, csrf))))
}

pub fn end_session(conn: &Connection, id: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [digest(id)])?;
    Ok(())
}
