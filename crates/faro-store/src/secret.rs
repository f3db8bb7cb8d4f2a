//! Random secrets handed to people and programs (API tokens, session cookies, set-password
//! links): made from the operating system's random source, stored only as a hash.

use crate::StoreError;
use rand::TryRngCore;
use sha2::{Digest, Sha256};

/// The stored form of a random secret (API token, session, set-password link): 32 random
/// bytes need no slow hash, unlike a password.
pub(crate) fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// `N` bytes from the operating system's random source.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut bytes = [0u8; N];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| StoreError::BadLocation {
            location: "the operating system's random source".into(),
            reason: e.to_string(),
        })?;
    Ok(bytes)
}

/// `prefix` + 64 hex characters of 32 random bytes.
pub(crate) fn random_secret(prefix: &str) -> Result<String, StoreError> {
    Ok(format!("{prefix}{}", hex::encode(random_bytes::<32>()?)))
}

/// Whether `secret` has the shape [`random_secret`] gives with `prefix`: anything else is
/// refused before it is hashed or looked up.
pub(crate) fn is_secret_shape(secret: &str, prefix: &str) -> bool {
    secret.starts_with(prefix) && secret.len() == prefix.len() + 64
}
