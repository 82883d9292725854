//! Editor accounts: create, list, remove, and the stored password hash a login checks.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::secrets::{digest, new_token};
use super::{StoreError, ts};
use crate::password::NewPassword;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Editor {
    pub id: i64,
    pub name: String,
    pub created: String,
}

impl Editor {
    /// An editor from `id, name, created` at the start of a row.
    pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<Editor> {
        Ok(Editor {
            id: r.get(0)?,
            name: r.get(1)?,
            created: r.get(2)?,
        })
    }
}

/// What `editor add` prints once; only hashes are stored.
#[derive(Debug, Clone)]
pub struct NewCredentials {
    pub editor: Editor,
    pub password: String,
    pub token: String,
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
}

/// Create an account with the given one-time password (hashed by the caller, outside the
/// writer: see [`crate::password`]) and a fresh API token.
pub fn add(
    conn: &Connection,
    name: &str,
    password: &NewPassword,
    now: DateTime<Utc>,
) -> Result<NewCredentials, StoreError> {
    if !valid_name(name) {
        return Err(StoreError::Invalid(format!(
            "editor name {name:?}: 1–64 letters, digits, '.', '-', '_' or '@'"
        )));
    }
    let exists = conn
        .query_row("SELECT 1 FROM editors WHERE name = ?1", [name], |_| Ok(()))
        .optional()?
        .is_some();
    if exists {
        return Err(StoreError::Invalid(format!(
            "an editor named {name:?} exists already"
        )));
    }
    let token = new_token()?;
    conn.execute(
        "INSERT INTO editors (name, password_hash, token_hash, created) VALUES (?1, ?2, ?3, ?4)",
        params![name, password.hash, digest(&token), ts(now)],
    )?;
    Ok(NewCredentials {
        editor: Editor {
            id: conn.last_insert_rowid(),
            name: name.to_string(),
            created: ts(now),
        },
        password: password.password.clone(),
        token,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Editor>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, name, created FROM editors ORDER BY name")?;
    let editors = stmt
        .query_map([], Editor::from_row)?
        .collect::<Result<_, _>>()?;
    Ok(editors)
}

/// Remove an account; its sessions end with it (the audit log keeps its name).
pub fn remove(conn: &Connection, name: &str) -> Result<(), StoreError> {
    let n = conn.execute("DELETE FROM editors WHERE name = ?1", [name])?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("editor {name:?}")));
    }
    Ok(())
}

/// The account of `name` and its stored password hash, for a login to check with
/// [`crate::password::verify`] after this read has given its connection back.
pub fn password_hash(
    conn: &Connection,
    name: &str,
) -> Result<Option<(Editor, String)>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, name, created, password_hash FROM editors WHERE name = ?1",
            [name],
            |r| Ok((Editor::from_row(r)?, r.get(3)?)),
        )
        .optional()?)
}

/// Store the fresh hash a login made of a password that just verified.
pub fn replace_password_hash(
    conn: &Connection,
    editor_id: i64,
    hash: &str,
) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE editors SET password_hash = ?1 WHERE id = ?2",
        params![hash, editor_id],
    )?;
    Ok(())
}
