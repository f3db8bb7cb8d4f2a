//! An instance's keys and the public card other instances add.

use crate::{CardProblem, ExchangeError};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{SigningKey, VerifyingKey};
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, Serializable};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

type PublicKey = <X25519HkdfSha256 as Kem>::PublicKey;
type PrivateKey = <X25519HkdfSha256 as Kem>::PrivateKey;

const CARD_PREFIX: &str = "faro-instance-1.";
const SEED_BYTES: usize = 32;

/// The length of [`InstanceKeys::secret`].
pub const SECRET_BYTES: usize = 2 * SEED_BYTES;

/// An instance's two key pairs: Ed25519 to sign what it sends, X25519 to open what is sealed
/// to it. Both come from one secret of 64 random bytes, which is all the store keeps (sealed
/// with the data key).
pub struct InstanceKeys {
    secret: Zeroizing<[u8; SECRET_BYTES]>,
    pub(crate) signing: SigningKey,
    pub(crate) opening: PrivateKey,
    card: Card,
}

impl InstanceKeys {
    /// New keys from the operating system's randomness.
    pub fn generate() -> Result<InstanceKeys, ExchangeError> {
        let mut secret = Zeroizing::new([0u8; SECRET_BYTES]);
        getrandom::fill(secret.as_mut()).map_err(|_| ExchangeError::Randomness)?;
        Ok(InstanceKeys::from_secret(&secret))
    }

    /// The keys a stored secret stands for.
    pub fn from_secret(secret: &[u8; SECRET_BYTES]) -> InstanceKeys {
        let mut seed = Zeroizing::new([0u8; SEED_BYTES]);
        seed.copy_from_slice(&secret[..SEED_BYTES]);
        let signing = SigningKey::from_bytes(&seed);
        // RFC 9180's DeriveKeyPair: the X25519 key from the second half.
        let (opening, sealing) = X25519HkdfSha256::derive_keypair(&secret[SEED_BYTES..]);
        let card = Card {
            verifying: signing.verifying_key(),
            sealing,
        };
        InstanceKeys {
            secret: Zeroizing::new(*secret),
            signing,
            opening,
            card,
        }
    }

    /// The secret to store (sealed).
    pub fn secret(&self) -> &[u8; SECRET_BYTES] {
        &self.secret
    }

    /// What other instances add to send to this one and to check what it sent.
    pub fn card(&self) -> &Card {
        &self.card
    }
}

/// An instance's public keys: its Ed25519 verifying key and its X25519 key for HPKE.
#[derive(Clone)]
pub struct Card {
    pub(crate) verifying: VerifyingKey,
    pub(crate) sealing: PublicKey,
}

impl PartialEq for Card {
    fn eq(&self, other: &Card) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for Card {}

impl std::fmt::Debug for Card {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Card({})", self.fingerprint())
    }
}

impl Card {
    fn bytes(&self) -> [u8; 2 * SEED_BYTES] {
        let mut out = [0u8; 2 * SEED_BYTES];
        out[..SEED_BYTES].copy_from_slice(self.verifying.as_bytes());
        out[SEED_BYTES..].copy_from_slice(&self.sealing.to_bytes());
        out
    }

    /// The card as one line of text, to copy from one instance's page to the other's.
    pub fn encode(&self) -> String {
        format!("{CARD_PREFIX}{}", URL_SAFE_NO_PAD.encode(self.bytes()))
    }

    /// A card pasted by an admin (spaces and line breaks around it and inside it ignored: a
    /// card copied from an e-mail arrives wrapped).
    pub fn parse(text: &str) -> Result<Card, ExchangeError> {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let encoded = text
            .strip_prefix(CARD_PREFIX)
            .ok_or(ExchangeError::BadCard(CardProblem::Prefix))?;
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| ExchangeError::BadCard(CardProblem::Damaged))?;
        let bytes: [u8; 2 * SEED_BYTES] = bytes
            .try_into()
            .map_err(|_| ExchangeError::BadCard(CardProblem::Damaged))?;
        let verifying: [u8; SEED_BYTES] = bytes[..SEED_BYTES]
            .try_into()
            .map_err(|_| ExchangeError::BadCard(CardProblem::Damaged))?;
        let verifying = VerifyingKey::from_bytes(&verifying)
            .map_err(|_| ExchangeError::BadCard(CardProblem::NotAKey))?;
        if verifying.is_weak() {
            return Err(ExchangeError::BadCard(CardProblem::NotAKey));
        }
        let sealing = PublicKey::from_bytes(&bytes[SEED_BYTES..])
            .map_err(|_| ExchangeError::BadCard(CardProblem::NotAKey))?;
        Ok(Card { verifying, sealing })
    }

    /// Sixteen bytes of the card's SHA-256 in groups of four hex digits, for two admins to
    /// read to each other before trusting a card.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.bytes());
        digest[..16]
            .chunks(2)
            .map(|pair| format!("{:02x}{:02x}", pair[0], pair[1]))
            .collect::<Vec<_>>()
            .join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_survives_its_text_and_a_wrapped_paste() {
        let keys = InstanceKeys::generate().unwrap();
        let text = keys.card().encode();
        assert_eq!(&Card::parse(&text).unwrap(), keys.card());
        let wrapped = format!("  {}\n{}  ", &text[..30], &text[30..]);
        assert_eq!(&Card::parse(&wrapped).unwrap(), keys.card());
        let again = InstanceKeys::from_secret(keys.secret());
        assert_eq!(
            again.card(),
            keys.card(),
            "the secret is the whole of the keys"
        );
        assert_ne!(InstanceKeys::generate().unwrap().card(), keys.card());
    }

    #[test]
    fn a_bad_card_is_named() {
        let text = InstanceKeys::generate().unwrap().card().encode();
        for (bad, why) in [
            ("", CardProblem::Prefix),
            ("ssh-ed25519 AAAA", CardProblem::Prefix),
            (&text[..text.len() - 4], CardProblem::Damaged),
            (&format!("{text}AAAA"), CardProblem::Damaged),
            (
                &text.replace(CARD_PREFIX, &format!("{CARD_PREFIX}!")),
                CardProblem::Damaged,
            ),
        ] {
            assert_eq!(Card::parse(bad), Err(ExchangeError::BadCard(why)), "{bad}");
        }
        // A signing key of all zeros is a weak point, not a key anyone holds.
        let zero = format!("{CARD_PREFIX}{}", URL_SAFE_NO_PAD.encode([0u8; 64]));
        assert_eq!(
            Card::parse(&zero),
            Err(ExchangeError::BadCard(CardProblem::NotAKey))
        );
    }

    #[test]
    fn a_fingerprint_reads_in_groups_and_tells_cards_apart() {
        let a = InstanceKeys::generate().unwrap();
        let f = a.card().fingerprint();
        assert_eq!(f.len(), 8 * 4 + 7);
        assert_eq!(f.split('-').count(), 8);
        assert_eq!(f, a.card().fingerprint());
        assert_ne!(f, InstanceKeys::generate().unwrap().card().fingerprint());
    }
}
