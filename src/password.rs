//! Editor passwords: argon2id hashes, one-time passwords, and checking a password against
//! a stored hash. Pure and slow on purpose: callers run it off the async runtime and
//! without a database connection, so a login never holds one while argon2 works.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("no randomness available: {0}")]
    NoRandomness(String),
    #[error("password hash: {0}")]
    Hash(String),
}

/// Argon2id cost for new password hashes: 7 MiB of memory, 5 passes, one lane. This is one
/// of the equivalent settings OWASP's password storage guidance lists (m=7168 KiB, t=5, p=1
/// next to m=19456 KiB, t=2, p=1) and the one with the smallest memory: a login is the
/// largest single allocation of a `run` process, and the service is meant to stay within
/// 100 MB at a million items.
const HASH_MEMORY_KIB: u32 = 7168;
const HASH_PASSES: u32 = 5;

fn hasher() -> Result<Argon2<'static>, PasswordError> {
    let params = Params::new(HASH_MEMORY_KIB, HASH_PASSES, 1, None)
        .map_err(|e| PasswordError::Hash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A hash with the current parameters (of a password no account has), checked when a name is
/// unknown so that a miss costs what a hit costs; a test keeps it in step with [`hasher`].
const DUMMY_HASH: &str = "$argon2id$v=19$m=7168,t=5,p=1$c29tZXNhbHRzb21lc2FsdA$j2nahoQEXyq2toVNrDOn1jNjBasX27x7Klt5uJJ/EKY";

/// A hash of `password` with the current parameters and a fresh salt.
pub fn hash(password: &str) -> Result<String, PasswordError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| PasswordError::NoRandomness(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Ok(hasher()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| PasswordError::Hash(e.to_string()))?
        .to_string())
}

/// A one-time password for a new account, and its hash (only the hash is stored).
#[derive(Debug, Clone)]
pub struct NewPassword {
    pub password: String,
    pub hash: String,
}

impl NewPassword {
    /// 20 characters people can type, from an alphabet without look-alikes.
    pub fn generate() -> Result<NewPassword, PasswordError> {
        const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        let mut bytes = [0u8; 20];
        getrandom::fill(&mut bytes).map_err(|e| PasswordError::NoRandomness(e.to_string()))?;
        let password: String = bytes
            .iter()
            .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
            .collect();
        let hash = hash(&password)?;
        Ok(NewPassword { password, hash })
    }
}

/// What checking a password found.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Wrong,
    /// The password is right; `rehash` is a fresh hash of it when the stored one used
    /// outdated parameters (an account from before a parameter change), to be stored.
    Right {
        rehash: Option<String>,
    },
}

/// Check `password` against the stored hash of an account, or against a dummy hash when
/// there is no account (`None`), so that unknown names cost the same argon2 work.
pub fn verify(stored: Option<&str>, password: &str) -> Result<Verdict, PasswordError> {
    // The stored hash names its own parameters; verification follows them.
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(DUMMY_HASH)) else {
        return Ok(Verdict::Wrong);
    };
    let matches = hasher()?
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    if !matches || stored.is_none() {
        return Ok(Verdict::Wrong);
    }
    let rehash = if outdated(&parsed)? {
        Some(hash(password)?)
    } else {
        None
    };
    Ok(Verdict::Right { rehash })
}

/// Whether a stored hash was made with other parameters than new hashes get.
fn outdated(stored: &PasswordHash<'_>) -> Result<bool, PasswordError> {
    let current = PasswordHash::new(DUMMY_HASH).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Ok((stored.algorithm, stored.version, &stored.params)
        != (current.algorithm, current.version, &current.params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_has_the_current_parameters() {
        let dummy = PasswordHash::new(DUMMY_HASH).unwrap();
        let fresh = hash("irgendein-passwort").unwrap();
        let fresh = PasswordHash::new(&fresh).unwrap();
        assert!(!outdated(&dummy).unwrap());
        assert_eq!(dummy.params, fresh.params);
        assert_eq!(dummy.algorithm, fresh.algorithm);
        assert_eq!(dummy.version, fresh.version);
        assert!(
            hasher()
                .unwrap()
                .verify_password(b"presseradar-dummy", &dummy)
                .is_ok()
        );
    }

    #[test]
    fn unknown_names_never_verify_even_with_the_dummy_password() {
        assert_eq!(verify(None, "presseradar-dummy").unwrap(), Verdict::Wrong);
        assert_eq!(verify(Some("kein-hash"), "egal").unwrap(), Verdict::Wrong);
    }
}
