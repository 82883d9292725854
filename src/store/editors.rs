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

/// The rule for account names, said whenever a name is refused.
pub const NAME_RULE: &str =
    "a name is 1–64 letters (ä, ß … included), digits, '.', '-', '_' or '@', e.g. \"anna.mueller\"";

fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@')
}

/// What is wrong with a name, or None when it may be used.
fn name_problem(name: &str) -> Option<String> {
    let length = name.chars().count();
    if length == 0 {
        return Some("is empty".to_string());
    }
    if length > 64 {
        return Some(format!("has {length} characters, more than 64"));
    }
    let bad = name.chars().find(|c| !name_char(*c))?;
    Some(match bad {
        ' ' => "contains a space, which is not allowed".to_string(),
        c if c.is_whitespace() => "contains white space, which is not allowed".to_string(),
        c => format!("contains {c:?}, which is not allowed"),
    })
}

/// Create an account with the given one-time password (hashed by the caller, outside the
/// writer: see [`crate::password`]) and a fresh API token.
pub fn add(
    conn: &Connection,
    name: &str,
    password: &NewPassword,
    now: DateTime<Utc>,
) -> Result<NewCredentials, StoreError> {
    if let Some(problem) = name_problem(name) {
        return Err(StoreError::Invalid(format!(
            "editor name {name:?} {problem}; {NAME_RULE}"
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
