//! Editor accounts, web sessions and login throttling.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{StoreError, parse_ts, ts};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Editor {
    pub id: i64,
    pub name: String,
    pub created: String,
}

/// What `editor add` prints once; only hashes are stored.
#[derive(Debug, Clone)]
pub struct NewCredentials {
    pub editor: Editor,
    pub password: String,
    pub token: String,
}

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> Result<String, StoreError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Invalid(format!("no randomness available: {e}")))?;
    Ok(crate::hex::encode(&bytes))
}

/// A password people can type: 20 characters from an alphabet without look-alikes.
fn random_password() -> Result<String, StoreError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Invalid(format!("no randomness available: {e}")))?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

pub fn digest(secret: &str) -> String {
    crate::hex::encode(&Sha256::digest(secret.as_bytes()))
}

/// Argon2id cost for new password hashes: 7 MiB of memory, 5 passes, one lane. This is one
/// of the equivalent settings OWASP's password storage guidance lists (m=7168 KiB, t=5, p=1
/// next to m=19456 KiB, t=2, p=1) and the one with the smallest memory: a login is the
/// largest single allocation of a `run` process, and the service is meant to stay within
/// 100 MB at a million items.
const HASH_MEMORY_KIB: u32 = 7168;
const HASH_PASSES: u32 = 5;

fn hasher() -> Argon2<'static> {
    let params = Params::new(HASH_MEMORY_KIB, HASH_PASSES, 1, None)
        .expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A hash with the current parameters (of a password no account has), checked when a name is
/// unknown so that a miss costs what a hit costs; a test keeps it in step with [`hasher`].
const DUMMY_HASH: &str = "$argon2id$v=19$m=7168,t=5,p=1$c29tZXNhbHRzb21lc2FsdA$j2nahoQEXyq2toVNrDOn1jNjBasX27x7Klt5uJJ/EKY";

fn hash_password(password: &str) -> Result<String, StoreError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt)
        .map_err(|e| StoreError::Invalid(format!("no randomness available: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| StoreError::Invalid(e.to_string()))?;
    Ok(hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| StoreError::Invalid(e.to_string()))?
        .to_string())
}

/// Whether a stored hash was made with other parameters than new hashes get (an account
/// from before a parameter change); such a hash is replaced at the next successful login.
fn outdated(stored: &PasswordHash<'_>) -> bool {
    let current = PasswordHash::new(DUMMY_HASH).expect("DUMMY_HASH is a PHC string");
    (stored.algorithm, stored.version, &stored.params)
        != (current.algorithm, current.version, &current.params)
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'))
}

/// Create an account with a fresh one-time password and API token.
pub fn add(
    conn: &Connection,
    name: &str,
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
    let password = random_password()?;
    let token = format!("prt_{}", random_hex(24)?);
    conn.execute(
        "INSERT INTO editors (name, password_hash, token_hash, created) VALUES (?1, ?2, ?3, ?4)",
        params![name, hash_password(&password)?, digest(&token), ts(now)],
    )?;
    Ok(NewCredentials {
        editor: Editor {
            id: conn.last_insert_rowid(),
            name: name.to_string(),
            created: ts(now),
        },
        password,
        token,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Editor>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, name, created FROM editors ORDER BY name")?;
    let editors = stmt
        .query_map([], |r| {
            Ok(Editor {
                id: r.get(0)?,
                name: r.get(1)?,
                created: r.get(2)?,
            })
        })?
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

pub fn by_token(conn: &Connection, token: &str) -> Result<Option<Editor>, StoreError> {
    Ok(conn
        .query_row(
            "SELECT id, name, created FROM editors WHERE token_hash = ?1",
            [digest(token)],
            |r| {
                Ok(Editor {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    created: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// A password that checked out.
#[derive(Debug)]
pub struct Verified {
    pub editor: Editor,
    /// The stored hash used outdated parameters: this is a fresh one of the same password,
    /// for [`replace_password_hash`] (made here, outside any write transaction).
    pub rehash: Option<String>,
}

/// Check a password. Unknown names cost the same argon2 work as known ones.
pub fn verify_password(
    conn: &Connection,
    name: &str,
    password: &str,
) -> Result<Option<Verified>, StoreError> {
    let row: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT id, password_hash, created FROM editors WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let stored = row
        .as_ref()
        .map_or(DUMMY_HASH, |(_, hash, _)| hash.as_str());
    // The stored hash names its own parameters; verification follows them.
    let parsed = PasswordHash::new(stored).ok();
    let ok = parsed
        .as_ref()
        .is_some_and(|p| hasher().verify_password(password.as_bytes(), p).is_ok());
    let Some((id, _, created)) = row.as_ref().filter(|_| ok) else {
        return Ok(None);
    };
    let rehash = match parsed {
        Some(p) if outdated(&p) => Some(hash_password(password)?),
        _ => None,
    };
    Ok(Some(Verified {
        editor: Editor {
            id: *id,
            name: name.to_string(),
            created: created.clone(),
        },
        rehash,
    }))
}

/// Store the fresh hash [`verify_password`] made of a password that just verified.
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
            |r| {
                Ok((
                    Editor {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        created: r.get(2)?,
                    },
                    r.get(3)?,
                    r.get(4)?,
                ))
            },
        )
        .optional()?;
    Ok(found.and_then(|(e, csrf, expires)| (parse_ts(&expires) > now).then_some((e, csrf))))
}

pub fn end_session(conn: &Connection, id: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [digest(id)])?;
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Store::open(&dir.path().join("t.db")).unwrap();
        store.close();
        let conn = Connection::open(dir.path().join("t.db")).unwrap();
        std::mem::forget(dir);
        conn
    }

    #[test]
    fn accounts_passwords_tokens() {
        let conn = db();
        let now = Utc::now();
        let creds = add(&conn, "anna", now).unwrap();
        assert_eq!(creds.password.len(), 20);
        assert!(add(&conn, "anna", now).is_err());
        assert!(add(&conn, "<script>", now).is_err());
        assert_eq!(
            verify_password(&conn, "anna", &creds.password)
                .unwrap()
                .unwrap()
                .editor
                .name,
            "anna"
        );
        assert!(verify_password(&conn, "anna", "falsch").unwrap().is_none());
        assert!(
            verify_password(&conn, "bernd", &creds.password)
                .unwrap()
                .is_none()
        );
        assert_eq!(by_token(&conn, &creds.token).unwrap().unwrap().name, "anna");
        assert!(by_token(&conn, "prt_nope").unwrap().is_none());
        // Nothing secret is stored in the clear.
        let stored: String = conn
            .query_row("SELECT password_hash || token_hash FROM editors", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(!stored.contains(&creds.password) && !stored.contains(&creds.token));
        remove(&conn, "anna").unwrap();
        assert!(by_token(&conn, &creds.token).unwrap().is_none());
    }

    #[test]
    fn the_dummy_hash_has_the_current_parameters() {
        let dummy = PasswordHash::new(DUMMY_HASH).unwrap();
        let fresh = hash_password("irgendein-passwort").unwrap();
        let fresh = PasswordHash::new(&fresh).unwrap();
        assert!(!outdated(&dummy));
        assert_eq!(dummy.params, fresh.params);
        assert_eq!(dummy.algorithm, fresh.algorithm);
        assert_eq!(dummy.version, fresh.version);
        assert!(
            hasher()
                .verify_password(b"presseradar-dummy", &dummy)
                .is_ok()
        );
    }

    #[test]
    fn hashes_use_the_small_memory_cost_and_old_hashes_are_upgraded() {
        let conn = db();
        let now = Utc::now();
        let creds = add(&conn, "anna", now).unwrap();
        let stored = || -> String {
            conn.query_row("SELECT password_hash FROM editors", [], |r| r.get(0))
                .unwrap()
        };
        assert!(
            stored().starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
            "{}",
            stored()
        );
        let fresh = verify_password(&conn, "anna", &creds.password)
            .unwrap()
            .unwrap();
        assert!(fresh.rehash.is_none());

        // An account hashed with the crate's default cost (19 MiB, 2 passes) still logs in
        // and gets a hash with the current cost; a wrong password upgrades nothing.
        let salt = SaltString::from_b64("b2xkc2FsdG9sZHNhbHQ").unwrap();
        let old = Argon2::default()
            .hash_password(b"altes-passwort", &salt)
            .unwrap()
            .to_string();
        assert!(old.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{old}");
        conn.execute("UPDATE editors SET password_hash = ?1", [&old])
            .unwrap();
        assert!(verify_password(&conn, "anna", "falsch").unwrap().is_none());
        let verified = verify_password(&conn, "anna", "altes-passwort")
            .unwrap()
            .unwrap();
        let upgraded = verified.rehash.expect("old parameters are upgraded");
        assert!(upgraded.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"));
        replace_password_hash(&conn, verified.editor.id, &upgraded).unwrap();
        assert_eq!(stored(), upgraded);
        let again = verify_password(&conn, "anna", "altes-passwort")
            .unwrap()
            .unwrap();
        assert!(again.rehash.is_none());
        assert!(
            verify_password(&conn, "anna", &creds.password)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn sessions_expire_and_end() {
        let conn = db();
        let now = Utc::now();
        let e = add(&conn, "anna", now).unwrap().editor;
        let (sid, csrf) = create_session(&conn, e.id, now, Duration::hours(8)).unwrap();
        assert_eq!(session(&conn, &sid, now).unwrap().unwrap().1, csrf);
        assert!(
            session(&conn, &sid, now + Duration::hours(9))
                .unwrap()
                .is_none()
        );
        end_session(&conn, &sid).unwrap();
        assert!(session(&conn, &sid, now).unwrap().is_none());
    }

    #[test]
    fn throttling_grows_and_resets() {
        let conn = db();
        let now = Utc::now();
        for _ in 0..5 {
            assert_eq!(login_delay(&conn, "ip:1", now).unwrap(), Duration::zero());
            record_login_failure(&conn, "ip:1", now).unwrap();
        }
        assert!(login_delay(&conn, "ip:1", now).unwrap() >= Duration::seconds(1));
        record_login_failure(&conn, "ip:1", now).unwrap();
        assert!(login_delay(&conn, "ip:1", now).unwrap() >= Duration::seconds(3));
        assert_eq!(
            login_delay(&conn, "ip:1", now + Duration::hours(2)).unwrap(),
            Duration::zero()
        );
        clear_login_failures(&conn, "ip:1").unwrap();
        assert_eq!(login_delay(&conn, "ip:1", now).unwrap(), Duration::zero());
    }
}
