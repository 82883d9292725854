//! Secrets handed to clients (API tokens, session ids): random values, stored only as
//! digests, so a leaked database gives none of them away.

use sha2::{Digest, Sha256};

use super::StoreError;

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> Result<String, StoreError> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Invalid(format!("no randomness available: {e}")))?;
    Ok(crate::hex::encode(&bytes))
}

/// The stored form of a secret.
pub fn digest(secret: &str) -> String {
    crate::hex::encode(&Sha256::digest(secret.as_bytes()))
}

/// A fresh API token.
pub fn new_token() -> Result<String, StoreError> {
    Ok(format!("prt_{}", random_hex(24)?))
}
