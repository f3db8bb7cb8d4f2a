//! argon2id with reused memory: passwords (PHC strings) and lookup hashes (receipt codes,
//! senders).
//!
//! Each hash needs 19 MiB of working memory. Allocating it afresh for every hash lets the
//! allocator keep one freed block per thread that ever hashed (glibc raises its mmap threshold
//! after the first free and serves later blocks from per-thread arenas): a burst of 100
//! sign-ins left the server at 421 MB although at most three hashes ran at once. Here a few
//! blocks are kept and lent out, so the memory held stays near (hashes at once) × 19 MiB
//! whatever the number of threads. The callers bound how many hashes run at once
//! (`faro-web`'s hashing pool); a hash beyond [`kept`] borrows a block that is freed after.
//!
//! A block is safe to reuse: argon2 writes every block of its memory before it reads it. It is
//! wiped after each hash all the same, so that a memory dump holds no block of a password's
//! hash (from which guesses could be checked without the memory-hard work).

use argon2::password_hash::{Output, PasswordHash, SaltString};
use argon2::{Argon2, Block, Params};
use std::sync::Mutex;
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

/// Blocks kept for reuse: one per core and one more, as many as the web's hashing slots.
fn kept() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) + 1
}

static SPARE: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Runs `hash` with working memory of `blocks` blocks, lent from the spare ones when the
/// size is the default's (every hash Faro makes; an older stored hash may differ).
fn with_memory<R>(blocks: usize, hash: impl FnOnce(&mut [Block]) -> R) -> R {
    let usual = blocks == Params::default().block_count();
    let lent = usual
        .then(|| SPARE.lock().ok().and_then(|mut spare| spare.pop()))
        .flatten();
    let mut memory = lent.unwrap_or_else(|| vec![Block::default(); blocks]);
    let result = hash(&mut memory);
    memory.iter_mut().for_each(Zeroize::zeroize);
    if usual
        && let Ok(mut spare) = SPARE.lock()
        && spare.len() < kept()
    {
        spare.push(memory);
    }
    result
}

/// Why a hash could not be made: never the caller's fault (a 500, with this in the log).
#[derive(Debug, thiserror::Error)]
#[error("argon2id failed: {0}")]
pub struct HashFailed(String);

/// The raw argon2id hash of `input` under `salt` with the default parameters, into `out`.
pub(crate) fn raw(input: &[u8], salt: &[u8], out: &mut [u8]) -> Result<(), HashFailed> {
    let argon2 = Argon2::default();
    with_memory(Params::default().block_count(), |memory| {
        argon2.hash_password_into_with_memory(input, salt, out, memory)
    })
    .map_err(|e| HashFailed(e.to_string()))
}

/// A password's PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) under a fresh salt.
pub(crate) fn password(password: &[u8]) -> Result<String, HashFailed> {
    let failed = |e: argon2::password_hash::Error| HashFailed(e.to_string());
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(failed)?;
    let argon2 = Argon2::default();
    let params = argon2.params();
    let mut out = vec![0u8; params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN)];
    raw(password, salt_bytes, &mut out)?;
    let hash = PasswordHash {
        algorithm: argon2::Algorithm::Argon2id.ident(),
        version: Some(argon2::Version::V0x13.into()),
        params: params.try_into().map_err(failed)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(failed)?),
    };
    Ok(hash.to_string())
}

/// Whether `password` is the one `stored` (a PHC string) was made from; a malformed stored
/// string matches nothing.
pub(crate) fn password_matches(password: &[u8], stored: &str) -> bool {
    let Ok(phc) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (phc.salt, phc.hash) else {
        return false;
    };
    let Ok(params) = Params::try_from(&phc) else {
        return false;
    };
    let Ok(algorithm) = argon2::Algorithm::try_from(phc.algorithm) else {
        return false;
    };
    let version = phc
        .version
        .and_then(|v| argon2::Version::try_from(v).ok())
        .unwrap_or_default();
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    let made = with_memory(params.block_count(), |memory| {
        argon2.hash_password_into_with_memory(password, salt_bytes, &mut out, memory)
    });
    made.is_ok() && bool::from(out.as_slice().ct_eq(expected.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::PasswordVerifier;

    #[test]
    fn a_password_hash_is_a_phc_string_the_argon2_crate_verifies() {
        let stored = password(b"correct horse").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        let phc = PasswordHash::new(&stored).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse", &phc)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"wrong horse", &phc)
                .is_err()
        );
    }

    #[test]
    fn reused_memory_gives_the_same_hashes_as_fresh_memory() {
        for round in 0..3 {
            let mut lent = [0u8; 32];
            raw(b"receipt:1234", b"0123456789abcdef", &mut lent).unwrap();
            let mut fresh = [0u8; 32];
            Argon2::default()
                .hash_password_into(b"receipt:1234", b"0123456789abcdef", &mut fresh)
                .unwrap();
            assert_eq!(lent, fresh, "round {round}");
        }
    }

    #[test]
    fn the_memory_kept_for_the_next_hash_holds_nothing_of_the_last() {
        let mut out = [0u8; 32];
        raw(b"receipt:9876", b"0123456789abcdef", &mut out).unwrap();
        let spare = SPARE.lock().unwrap();
        assert!(!spare.is_empty(), "a block is kept for the next hash");
        for memory in spare.iter() {
            assert!(memory.iter().all(|b| b.as_ref().iter().all(|w| *w == 0)));
        }
    }

    #[test]
    fn a_password_matches_only_its_own_hash_and_never_a_malformed_one() {
        let stored = password(b"pass phrase one").unwrap();
        assert!(password_matches(b"pass phrase one", &stored));
        assert!(!password_matches(b"pass phrase two", &stored));
        assert!(!password_matches(
            b"pass phrase one",
            "$argon2id$v=19$garbage"
        ));
        assert!(!password_matches(b"pass phrase one", ""));
        // A hash made elsewhere with other parameters still verifies (fresh memory).
        let other = Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        );
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let phc = argon2::PasswordHasher::hash_password(&other, b"older", &salt)
            .unwrap()
            .to_string();
        assert!(password_matches(b"older", &phc));
        assert!(!password_matches(b"newer", &phc));
    }
}
