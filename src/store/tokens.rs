//! API tokens: the editor behind a bearer token (tokens are made with the account,
//! [`super::editors::add`], and stored as digests).

use rusqlite::{Connection, OptionalExtension};

use super::StoreError;
use super::editors::Editor;
use super::secrets::digest;

/// The editor whose API token this is.
pub fn by_token(conn: &Connection, token: &str) -> Result<Option<Editor>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, name, created FROM editors WHERE token_hash = ?1",
            [digest(token)],
            Editor::from_row,
        )
        .optional()?)
}
