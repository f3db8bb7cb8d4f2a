//! The data key: the one secret from which the audit log's MAC key and the key that encrypts
//! free text at rest are derived by HKDF-SHA256. A stored check value makes Faro refuse a
//! wrong key instead of writing data nobody can verify or read.

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand::TryRngCore;
use sha2::Sha256;

/// 32 secret bytes. `Debug` never shows them.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<DataKey, String> {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut bytes)
            .map_err(|e| e.to_string())?;
        Ok(DataKey(bytes))
    }

    /// Reads the hex form (64 characters; surrounding white space ignored).
    pub fn from_hex(text: &str) -> Result<DataKey, String> {
        let bytes = hex::decode(text.trim()).map_err(|_| "is not hexadecimal".to_string())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "is not 32 bytes (64 hexadecimal characters)".to_string())?;
        Ok(DataKey(bytes))
    }

    /// The hex form, for the key file.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    fn derive(&self, purpose: &str) -> [u8; 32] {
        let mut out = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit of 8,160: expand cannot fail.
        let _ = Hkdf::<Sha256>::new(None, &self.0).expand(purpose.as_bytes(), &mut out);
        out
    }
}

/// Keys derived from the data key, held by an unlocked store.
pub(crate) struct Keys {
    audit: [u8; 32],
    /// Seals backups (`backup.rs`).
    pub(crate) backup: [u8; 32],
    /// Keys the hashes of identifiers (an SMS sender's number), so that the database alone
    /// cannot confirm a guessed number.
    identifiers: [u8; 32],
    secrets: XChaCha20Poly1305,
    check: String,
}

/// The version tag of the ciphertext format: `v1.` + hex(24-byte nonce ‖ ciphertext ‖ tag).
const SEALED_V1: &str = "v1.";

impl Keys {
    pub fn new(key: &DataKey) -> Keys {
        let check = mac(&key.derive("faro key check v1"), &[b"faro"]);
        Keys {
            audit: key.derive("faro audit v1"),
            backup: key.derive("faro backup v1"),
            identifiers: key.derive("faro identifiers v1"),
            secrets: XChaCha20Poly1305::new(&key.derive("faro secrets v1").into()),
            check,
        }
    }

    /// Encrypts free text with XChaCha20-Poly1305 under a fresh random nonce. `place` (the
    /// table and row it belongs to) is authenticated too, so a ciphertext copied into another
    /// row does not decrypt.
    pub fn seal(&self, place: &str, plain: &str) -> Result<String, crate::StoreError> {
        let bytes = self.seal_bytes(place, plain.as_bytes())?;
        Ok(format!("{SEALED_V1}{}", hex::encode(bytes)))
    }

    /// Decrypts what [`Keys::seal`] wrote for the same `place`; anything else (another key,
    /// another row, a changed byte) is `Crypto`.
    pub fn open(&self, place: &str, sealed: &str) -> Result<String, crate::StoreError> {
        let bytes = sealed
            .strip_prefix(SEALED_V1)
            .and_then(|h| hex::decode(h).ok())
            .ok_or_else(|| crate::StoreError::Crypto {
                place: place.into(),
            })?;
        String::from_utf8(self.open_bytes(place, &bytes)?).map_err(|_| crate::StoreError::Crypto {
            place: place.into(),
        })
    }

    /// [`Keys::seal`] for binary content (photos), as nonce ‖ ciphertext ‖ tag without hex.
    pub fn seal_bytes(&self, place: &str, plain: &[u8]) -> Result<Vec<u8>, crate::StoreError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .secrets
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| crate::StoreError::Crypto {
                place: place.into(),
            })?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(bytes)
    }

    /// Decrypts what [`Keys::seal_bytes`] wrote for the same `place`.
    pub fn open_bytes(&self, place: &str, sealed: &[u8]) -> Result<Vec<u8>, crate::StoreError> {
        if sealed.len() < 24 {
            return Err(crate::StoreError::Crypto {
                place: place.into(),
            });
        }
        let (nonce, body) = sealed.split_at(24);
        self.secrets
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| crate::StoreError::Crypto {
                place: place.into(),
            })
    }

    /// A value stored in the database to recognise the key; it reveals nothing of it.
    pub fn check_value(&self) -> &str {
        &self.check
    }

    pub fn audit_mac<P: AsRef<[u8]>>(&self, parts: &[P]) -> String {
        mac(&self.audit, parts)
    }

    /// The keyed hash an identifier of `kind` is looked up by: HMAC-SHA256 under a key
    /// derived from the data key. Without the key, a copy of the database confirms no guess,
    /// however fast the guesses; with it, the identifier is readable anyway (sealed).
    fn identifier(&self, kind: &str, value: &str) -> String {
        mac(&self.identifiers, &[kind, value.trim()])
    }

    /// The keyed hash an SMS or chat sender's number is found by.
    pub fn sender(&self, number: &str) -> String {
        self.identifier("sender", number)
    }

    /// The keyed hash a case's search term is stored as (`cases/open.rs`): a copy of the
    /// database cannot be searched for a name without the key.
    /// Sixty-four bits are plenty: a term only proposes candidates, which are then scored
    /// against the opened person, and a short integer keeps the index small and fast.
    pub fn case_term(&self, term: &str) -> i64 {
        let hex = self.identifier("case term", term);
        u64::from_str_radix(&hex[..16], 16).map_or(0, |v| v as i64)
    }

    /// The keyed hash a gateway's message id is remembered by (a replay is refused by it).
    pub fn delivery(&self, channel: &str, message: &str) -> String {
        self.identifier("delivery", &format!("{channel}\n{message}"))
    }
}

/// HMAC-SHA256 over the parts, each prefixed with its length so that no boundary can shift,
/// hex-encoded.
#[allow(
    clippy::expect_used,
    reason = "HMAC accepts keys of any length, so this cannot fail"
)]
fn mac<P: AsRef<[u8]>>(key: &[u8; 32], parts: &[P]) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    for part in parts {
        let part = part.as_ref();
        m.update(&(part.len() as u64).to_be_bytes());
        m.update(part);
    }
    hex::encode(m.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_only_with_its_key_and_place() {
        let (a, b) = (
            Keys::new(&DataKey::generate().unwrap()),
            Keys::new(&DataKey::generate().unwrap()),
        );
        let sealed = a.seal("record_notes 7", "she was moved at night").unwrap();
        assert!(!sealed.contains("night"));
        assert_ne!(
            sealed,
            a.seal("record_notes 7", "she was moved at night").unwrap()
        );
        assert_eq!(
            a.open("record_notes 7", &sealed).unwrap(),
            "she was moved at night"
        );
        assert!(
            a.open("record_notes 8", &sealed).is_err(),
            "bound to its row"
        );
        assert!(
            b.open("record_notes 7", &sealed).is_err(),
            "bound to its key"
        );
        let mut flipped = sealed.clone().into_bytes();
        let last = flipped.len() - 1;
        flipped[last] = if flipped[last] == b'0' { b'1' } else { b'0' };
        assert!(
            a.open("record_notes 7", &String::from_utf8(flipped).unwrap())
                .is_err()
        );
        assert!(a.open("record_notes 7", "plain text").is_err());
    }

    #[test]
    fn keys_round_trip_through_hex_and_never_print() {
        let k = DataKey::generate().unwrap();
        assert_eq!(DataKey::from_hex(&k.to_hex()).unwrap().0, k.0);
        assert!(!format!("{k:?}").contains(&k.to_hex()[..8]));
        assert!(DataKey::from_hex("abc").is_err());
        assert!(DataKey::from_hex(&"00".repeat(31)).is_err());
    }

    #[test]
    fn different_keys_have_different_check_values_and_macs() {
        let (a, b) = (DataKey::generate().unwrap(), DataKey::generate().unwrap());
        assert_ne!(Keys::new(&a).check_value(), Keys::new(&b).check_value());
        assert_eq!(
            Keys::new(&a).check_value(),
            Keys::new(&a.clone()).check_value()
        );
        assert_ne!(
            Keys::new(&a).audit_mac(&[b"x"]),
            Keys::new(&b).audit_mac(&[b"x"])
        );
        assert_ne!(
            Keys::new(&a).audit_mac(&[&b"ab"[..], b"c"]),
            Keys::new(&a).audit_mac(&[&b"a"[..], b"bc"])
        );
    }

    #[test]
    fn identifiers_are_keyed() {
        let (a, b) = (
            Keys::new(&DataKey::generate().unwrap()),
            Keys::new(&DataKey::generate().unwrap()),
        );
        let number = "+351912345678";
        assert_eq!(
            a.identifier("sender", number),
            a.identifier("sender", " +351912345678 ")
        );
        assert_ne!(
            a.identifier("sender", number),
            b.identifier("sender", number)
        );
        assert_ne!(
            a.identifier("sender", number),
            a.identifier("email", number)
        );
        assert!(!a.identifier("sender", number).contains("351912345678"));
    }
}
