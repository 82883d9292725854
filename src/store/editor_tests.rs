//! Accounts, passwords, tokens, sessions and throttling against a real database, with
//! the login's password check run as the desk runs it: the stored hash read first,
//! argon2 after, outside the read.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, SaltString};
use chrono::{Duration, Utc};
use rusqlite::Connection;

use super::editors::{Editor, add, password_hash, remove, replace_password_hash};
use super::login_throttle::{clear_login_failures, login_delay, record_login_failure};
use super::sessions::{create_session, end_session, session};
use super::tokens::by_token;
use crate::password::{self, NewPassword, Verdict};

fn db() -> Connection {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::open(&dir.path().join("t.db")).unwrap();
    store.close();
    let conn = Connection::open(dir.path().join("t.db")).unwrap();
    std::mem::forget(dir);
    conn
}

/// A verified login: the editor and, for an outdated stored hash, a fresh one.
struct Verified {
    editor: Editor,
    rehash: Option<String>,
}

fn verify_password(conn: &Connection, name: &str, pw: &str) -> Option<Verified> {
    let account = password_hash(conn, name).unwrap();
    let stored = account.as_ref().map(|(_, hash)| hash.as_str());
    match password::verify(stored, pw).unwrap() {
        Verdict::Right { rehash } => account.map(|(editor, _)| Verified { editor, rehash }),
        Verdict::Wrong => None,
    }
}

fn new_password() -> NewPassword {
    NewPassword::generate().unwrap()
}

#[test]
fn accounts_passwords_tokens() {
    let conn = db();
    let now = Utc::now();
    let creds = add(&conn, "anna", &new_password(), now).unwrap();
    assert_eq!(creds.password.len(), 20);
    assert!(add(&conn, "anna", &new_password(), now).is_err());
    assert!(add(&conn, "<script>", &new_password(), now).is_err());
    assert_eq!(
        verify_password(&conn, "anna", &creds.password)
            .unwrap()
            .editor
            .name,
        "anna"
    );
    assert!(verify_password(&conn, "anna", "falsch").is_none());
    assert!(verify_password(&conn, "bernd", &creds.password).is_none());
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
fn hashes_use_the_small_memory_cost_and_old_hashes_are_upgraded() {
    let conn = db();
    let now = Utc::now();
    let creds = add(&conn, "anna", &new_password(), now).unwrap();
    let stored = || -> String {
        conn.query_row("SELECT password_hash FROM editors", [], |r| r.get(0))
            .unwrap()
    };
    assert!(
        stored().starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
        "{}",
        stored()
    );
    let fresh = verify_password(&conn, "anna", &creds.password).unwrap();
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
    assert!(verify_password(&conn, "anna", "falsch").is_none());
    let verified = verify_password(&conn, "anna", "altes-passwort").unwrap();
    let upgraded = verified.rehash.expect("old parameters are upgraded");
    assert!(upgraded.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"));
    replace_password_hash(&conn, verified.editor.id, &upgraded).unwrap();
    assert_eq!(stored(), upgraded);
    let again = verify_password(&conn, "anna", "altes-passwort").unwrap();
    assert!(again.rehash.is_none());
    assert!(verify_password(&conn, "anna", &creds.password).is_none());
}

#[test]
fn sessions_expire_and_end() {
    let conn = db();
    let now = Utc::now();
    let e = add(&conn, "anna", &new_password(), now).unwrap().editor;
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
