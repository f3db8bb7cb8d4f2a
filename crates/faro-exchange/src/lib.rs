//! Referral packages between Faro instances.
//!
//! Two instances exchange their public [`Card`]s once, by an admin on each side, and compare
//! the cards' fingerprints over a channel they trust (a phone call). A package is then
//! signed by the sending instance's Ed25519 key and sealed to the receiving instance's X25519
//! key with HPKE (RFC 9180, base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
//! ChaCha20-Poly1305). No crypto is written here: the signature and the sealing are the
//! `ed25519-dalek` and `hpke` crates'; this crate only fixes the format and what is bound to
//! what.
//!
//! The signed body names both cards, so a receiver cannot re-seal a package it received to a
//! third instance as if it came from the sender (sign-then-encrypt's "surreptitious
//! forwarding"); the sealing's associated data is the outer header, so a header altered in
//! transit is refused. Replays (the same package imported twice) are the importer's to refuse:
//! every package has an id unique for its sender, which the store keeps.
//!
//! No IO: the caller stores the keys and the packages seen, and gives the time.

mod card;
mod package;

pub use card::{Card, InstanceKeys, SECRET_BYTES};
pub use package::{MAX_PACKAGE_BYTES, Opened, open, seal};

/// What is wrong with a pasted card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CardProblem {
    #[error("it must start with faro-instance-1.")]
    Prefix,
    /// Not base64url, or not 64 bytes: cut short or changed when copied.
    #[error("it was cut or changed when copied")]
    Damaged,
    /// 64 bytes that are not an Ed25519 key (or a weak one).
    #[error("its signing key is not a key")]
    NotAKey,
}

/// Why a card or a package is refused. Each says what to do in the messages the caller shows.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExchangeError {
    /// Not a card: the text does not start with the card's prefix, or its key is not a key.
    #[error("not a Faro instance card: {0}")]
    BadCard(CardProblem),
    /// Not a package: the file is not the package's JSON, or a field is not what it must be.
    #[error("not a Faro referral package: {0}")]
    Malformed(String),
    #[error("the package is larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("the package was made by a newer Faro (format {0})")]
    Version(u64),
    /// Sealed to another instance's key.
    #[error("the package is meant for another instance")]
    NotForUs,
    /// From an instance whose card was never added (or was removed).
    #[error("the package comes from an instance that is not a partner")]
    UnknownSender,
    /// The sealing's check failed: the file was changed after it was made.
    #[error("the package was altered after it was made")]
    Altered,
    /// The signature does not verify, or the signed body names other instances.
    #[error("the package's signature is not its sender's")]
    Forged,
    #[error("the package expired at {expired_at} (Unix seconds)")]
    Expired { expired_at: i64 },
    /// Made more than the allowed clock difference in the future.
    #[error("the package is dated in the future ({issued_at}, Unix seconds)")]
    Early { issued_at: i64 },
    /// The operating system gave no randomness.
    #[error("no randomness from the operating system")]
    Randomness,
}
