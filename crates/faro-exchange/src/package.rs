//! A package: sealed to the receiver, signed by the sender, valid for a while.

use crate::{Card, ExchangeError, InstanceKeys};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer};
use hpke::aead::ChaCha20Poly1305;
use hpke::kdf::HkdfSha256;
use hpke::kem::X25519HkdfSha256;
use hpke::{Deserializable, Kem, OpModeR, OpModeS, Serializable};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The largest package opened: a referral's shared part is a few kilobytes.
pub const MAX_PACKAGE_BYTES: usize = 1 << 20;

const FORMAT: u64 = 1;
/// HPKE's `info`, which binds the keys derived to this use.
const INFO: &[u8] = b"faro referral package v1";
/// What the signature covers, before the body: a signature made for anything else never
/// verifies here.
const SIGNED: &[u8] = b"faro-package-1\0";
const SIGNATURE_BYTES: usize = 64;
/// How far ahead of the receiver's clock a sender's may be.
const CLOCK_SKEW_SECONDS: i64 = 300;

/// The file as it travels: who it is from and for (fingerprints, so the receiver finds the
/// sender's card and knows it is its own), HPKE's encapsulated key and the sealed text.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outer {
    faro_package: u64,
    from: String,
    to: String,
    enc: String,
    sealed: String,
}

impl Outer {
    /// The header as HPKE's associated data: changing it fails the sealing's check.
    fn header(&self) -> Vec<u8> {
        format!("{}\n{}\n{}", self.faro_package, self.from, self.to).into_bytes()
    }
}

/// What the sender signs.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body<T> {
    id: String,
    from: String,
    to: String,
    issued_at: i64,
    expires_at: i64,
    content: T,
}

/// A package opened and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened<T> {
    /// Unique among the sender's packages; the receiver refuses an id it has seen.
    pub id: String,
    pub from: Card,
    pub issued_at: i64,
    pub expires_at: i64,
    pub content: T,
}

/// Seals `content` from `me` to `to`, valid from `now` (Unix seconds) until `expires_at`.
pub fn seal<T: Serialize>(
    me: &InstanceKeys,
    to: &Card,
    id: &str,
    (now, expires_at): (i64, i64),
    content: &T,
) -> Result<String, ExchangeError> {
    let body = Body {
        id: id.to_string(),
        from: me.card().encode(),
        to: to.encode(),
        issued_at: now,
        expires_at,
        content,
    };
    let body = serde_json::to_vec(&body).map_err(|e| ExchangeError::Malformed(e.to_string()))?;
    let signature = me.signing.sign(&[SIGNED, &body].concat());
    let plain = [signature.to_bytes().as_slice(), &body].concat();
    let mut outer = Outer {
        faro_package: FORMAT,
        from: me.card().fingerprint(),
        to: to.fingerprint(),
        enc: String::new(),
        sealed: String::new(),
    };
    // The operating system's randomness is asked first, so that its failure is an error
    // here rather than a panic in the sealing.
    getrandom::fill(&mut [0u8; 1]).map_err(|_| ExchangeError::Randomness)?;
    let (enc, sealed) = hpke::single_shot_seal::<ChaCha20Poly1305, HkdfSha256, X25519HkdfSha256>(
        &OpModeS::Base,
        &to.sealing,
        INFO,
        &plain,
        &outer.header(),
    )
    .map_err(|_| ExchangeError::Randomness)?;
    outer.enc = STANDARD.encode(enc.to_bytes());
    outer.sealed = STANDARD.encode(sealed);
    serde_json::to_string_pretty(&outer).map_err(|e| ExchangeError::Malformed(e.to_string()))
}

/// Opens a package sealed to `me`, from one of the `partners`, checked at `now`.
pub fn open<T: DeserializeOwned>(
    me: &InstanceKeys,
    partners: &[Card],
    file: &[u8],
    now: i64,
) -> Result<Opened<T>, ExchangeError> {
    if file.len() > MAX_PACKAGE_BYTES {
        return Err(ExchangeError::TooLarge {
            max: MAX_PACKAGE_BYTES,
        });
    }
    let outer: Outer = serde_json::from_slice(file).map_err(|e| {
        ExchangeError::Malformed(format!("line {} column {}: {e}", e.line(), e.column()))
    })?;
    if outer.faro_package != FORMAT {
        return Err(ExchangeError::Version(outer.faro_package));
    }
    if outer.to != me.card().fingerprint() {
        return Err(ExchangeError::NotForUs);
    }
    let sender = partners
        .iter()
        .find(|c| c.fingerprint() == outer.from)
        .ok_or(ExchangeError::UnknownSender)?;
    let base64 = |field: &str, text: &str| {
        STANDARD
            .decode(text)
            .map_err(|_| ExchangeError::Malformed(format!("`{field}` is not base64")))
    };
    let enc = <X25519HkdfSha256 as Kem>::EncappedKey::from_bytes(&base64("enc", &outer.enc)?)
        .map_err(|_| ExchangeError::Malformed("`enc` is not an X25519 key".into()))?;
    let plain = hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, X25519HkdfSha256>(
        &OpModeR::Base,
        &me.opening,
        &enc,
        INFO,
        &base64("sealed", &outer.sealed)?,
        &outer.header(),
    )
    .map_err(|_| ExchangeError::Altered)?;
    let (signature, body) = plain
        .split_at_checked(SIGNATURE_BYTES)
        .ok_or(ExchangeError::Forged)?;
    let signature = Signature::from_slice(signature).map_err(|_| ExchangeError::Forged)?;
    sender
        .verifying
        .verify_strict(&[SIGNED, body].concat(), &signature)
        .map_err(|_| ExchangeError::Forged)?;
    let body: Body<serde_json::Value> = serde_json::from_slice(body)
        .map_err(|e| ExchangeError::Malformed(format!("its body: {e}")))?;
    // Signed for someone else, or re-sealed by a receiver posing as the sender.
    if body.from != sender.encode() || body.to != me.card().encode() {
        return Err(ExchangeError::Forged);
    }
    if body.issued_at > now + CLOCK_SKEW_SECONDS {
        return Err(ExchangeError::Early {
            issued_at: body.issued_at,
        });
    }
    if now >= body.expires_at {
        return Err(ExchangeError::Expired {
            expired_at: body.expires_at,
        });
    }
    // The content's shape last: an expired or misdirected package is refused as such.
    let content = serde_json::from_value(body.content)
        .map_err(|e| ExchangeError::Malformed(format!("its content: {e}")))?;
    Ok(Opened {
        id: body.id,
        from: sender.clone(),
        issued_at: body.issued_at,
        expires_at: body.expires_at,
        content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const NOW: i64 = 1_800_000_000;
    const DAY: i64 = 86_400;

    struct Three {
        sender: InstanceKeys,
        receiver: InstanceKeys,
        stranger: InstanceKeys,
    }

    fn three() -> Three {
        Three {
            sender: InstanceKeys::generate().unwrap(),
            receiver: InstanceKeys::generate().unwrap(),
            stranger: InstanceKeys::generate().unwrap(),
        }
    }

    fn content() -> Value {
        json!({"need": "safe_housing", "person": {"name": "Aïcha Benali"}})
    }

    fn sent(t: &Three) -> String {
        seal(
            &t.sender,
            t.receiver.card(),
            "r-17",
            (NOW, NOW + 14 * DAY),
            &content(),
        )
        .unwrap()
    }

    fn opened(t: &Three, file: &str, now: i64) -> Result<Opened<Value>, ExchangeError> {
        open(
            &t.receiver,
            &[t.sender.card().clone()],
            file.as_bytes(),
            now,
        )
    }

    #[test]
    fn a_package_opens_for_its_receiver_from_a_partner() {
        let t = three();
        let file = sent(&t);
        assert!(!file.contains("Aïcha"), "nothing in clear");
        let got = opened(&t, &file, NOW + DAY).unwrap();
        assert_eq!(got.content, content());
        assert_eq!(got.id, "r-17");
        assert_eq!(&got.from, t.sender.card());
        assert_eq!(got.expires_at, NOW + 14 * DAY);
    }

    #[test]
    fn a_package_for_another_or_from_a_stranger_is_refused() {
        let t = three();
        let file = sent(&t);
        let theirs = open::<Value>(
            &t.stranger,
            &[t.sender.card().clone()],
            file.as_bytes(),
            NOW,
        );
        assert_eq!(theirs.unwrap_err(), ExchangeError::NotForUs);
        let unknown = open::<Value>(
            &t.receiver,
            &[t.stranger.card().clone()],
            file.as_bytes(),
            NOW,
        );
        assert_eq!(unknown.unwrap_err(), ExchangeError::UnknownSender);
    }

    #[test]
    fn an_altered_package_is_refused() {
        let t = three();
        let file = sent(&t);
        let mut outer: Value = serde_json::from_str(&file).unwrap();
        let sealed = outer["sealed"].as_str().unwrap().to_string();
        let mut bytes = STANDARD.decode(&sealed).unwrap();
        bytes[70] ^= 1;
        outer["sealed"] = json!(STANDARD.encode(&bytes));
        assert_eq!(
            opened(&t, &outer.to_string(), NOW).unwrap_err(),
            ExchangeError::Altered
        );
        // A truncated sealed text, and another encapsulated key, fail the same check.
        outer["sealed"] = json!(STANDARD.encode(&bytes[..40]));
        assert_eq!(
            opened(&t, &outer.to_string(), NOW).unwrap_err(),
            ExchangeError::Altered
        );
        let mut other: Value = serde_json::from_str(&sent(&t)).unwrap();
        other["sealed"] = json!(sealed);
        assert_eq!(
            opened(&t, &other.to_string(), NOW).unwrap_err(),
            ExchangeError::Altered
        );
    }

    #[test]
    fn a_forged_package_is_refused() {
        let t = three();
        // Someone who knows the receiver's public card seals a package claiming the sender's
        // fingerprint, signed with their own key: the sealing opens, the signature fails.
        let forged = seal(
            &t.stranger,
            t.receiver.card(),
            "r-1",
            (NOW, NOW + DAY),
            &content(),
        )
        .unwrap();
        let mut outer: Value = serde_json::from_str(&forged).unwrap();
        outer["from"] = json!(t.sender.card().fingerprint());
        // The header is the sealing's associated data: re-seal with the forged header.
        let plain_forgery = reseal(&t, &t.stranger, &outer);
        assert_eq!(
            opened(&t, &plain_forgery, NOW).unwrap_err(),
            ExchangeError::Forged
        );
    }

    #[test]
    fn a_package_forwarded_by_its_receiver_is_refused() {
        // The receiver opens a package and re-seals the signed plaintext to a third instance
        // as if the sender had sent it there: the signed body names the first receiver.
        let t = three();
        let file = sent(&t);
        let outer: Outer = serde_json::from_str(&file).unwrap();
        let enc = <X25519HkdfSha256 as Kem>::EncappedKey::from_bytes(
            &STANDARD.decode(&outer.enc).unwrap(),
        )
        .unwrap();
        let plain = hpke::single_shot_open::<ChaCha20Poly1305, HkdfSha256, X25519HkdfSha256>(
            &OpModeR::Base,
            &t.receiver.opening,
            &enc,
            INFO,
            &STANDARD.decode(&outer.sealed).unwrap(),
            &outer.header(),
        )
        .unwrap();
        let mut onward = Outer {
            faro_package: FORMAT,
            from: t.sender.card().fingerprint(),
            to: t.stranger.card().fingerprint(),
            enc: String::new(),
            sealed: String::new(),
        };
        let (enc, sealed) =
            hpke::single_shot_seal::<ChaCha20Poly1305, HkdfSha256, X25519HkdfSha256>(
                &OpModeS::Base,
                &t.stranger.card().sealing,
                INFO,
                &plain,
                &onward.header(),
            )
            .unwrap();
        onward.enc = STANDARD.encode(enc.to_bytes());
        onward.sealed = STANDARD.encode(sealed);
        let file = serde_json::to_string(&onward).unwrap();
        let got = open::<Value>(
            &t.stranger,
            &[t.sender.card().clone()],
            file.as_bytes(),
            NOW,
        );
        assert_eq!(got.unwrap_err(), ExchangeError::Forged);
    }

    /// Seals `outer`'s header anew over what `signer` signed for the receiver.
    fn reseal(t: &Three, signer: &InstanceKeys, outer: &Value) -> String {
        let mut outer: Outer = serde_json::from_value(outer.clone()).unwrap();
        let body = serde_json::to_vec(&Body {
            id: "r-1".to_string(),
            from: t.sender.card().encode(),
            to: t.receiver.card().encode(),
            issued_at: NOW,
            expires_at: NOW + DAY,
            content: content(),
        })
        .unwrap();
        let signature = signer.signing.sign(&[SIGNED, &body].concat());
        let plain = [signature.to_bytes().as_slice(), &body].concat();
        let (enc, sealed) =
            hpke::single_shot_seal::<ChaCha20Poly1305, HkdfSha256, X25519HkdfSha256>(
                &OpModeS::Base,
                &t.receiver.card().sealing,
                INFO,
                &plain,
                &outer.header(),
            )
            .unwrap();
        outer.enc = STANDARD.encode(enc.to_bytes());
        outer.sealed = STANDARD.encode(sealed);
        serde_json::to_string(&outer).unwrap()
    }

    #[test]
    fn an_altered_header_is_refused() {
        let t = three();
        let mut outer: Value = serde_json::from_str(&sent(&t)).unwrap();
        outer["faro_package"] = json!(2);
        assert_eq!(
            opened(&t, &outer.to_string(), NOW).unwrap_err(),
            ExchangeError::Version(2)
        );
        outer["faro_package"] = json!(1);
        outer["extra"] = json!("x");
        assert!(matches!(
            opened(&t, &outer.to_string(), NOW),
            Err(ExchangeError::Malformed(_))
        ));
    }

    #[test]
    fn an_expired_or_future_package_is_refused() {
        let t = three();
        let file = sent(&t);
        assert_eq!(
            opened(&t, &file, NOW + 14 * DAY).unwrap_err(),
            ExchangeError::Expired {
                expired_at: NOW + 14 * DAY
            }
        );
        assert!(opened(&t, &file, NOW + 14 * DAY - 1).is_ok());
        assert_eq!(
            opened(&t, &file, NOW - CLOCK_SKEW_SECONDS - 1).unwrap_err(),
            ExchangeError::Early { issued_at: NOW }
        );
        assert!(opened(&t, &file, NOW - CLOCK_SKEW_SECONDS).is_ok());
    }

    #[test]
    fn hostile_files_get_an_answer_not_a_panic() {
        let t = three();
        let big = vec![b' '; MAX_PACKAGE_BYTES + 1];
        assert_eq!(
            open::<Value>(&t.receiver, &[], &big, NOW).unwrap_err(),
            ExchangeError::TooLarge {
                max: MAX_PACKAGE_BYTES
            }
        );
        let file = sent(&t);
        let good: Value = serde_json::from_str(&file).unwrap();
        let mut cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"\xff\xfe\x00".to_vec(),
            b"[1,2,3]".to_vec(),
            b"{\"faro_package\": 1}".to_vec(),
            "🙂".repeat(10_000).into_bytes(),
            file.as_bytes()[..file.len() / 2].to_vec(),
        ];
        for (field, value) in [
            ("enc", json!("not base64 at all!")),
            ("enc", json!(STANDARD.encode([1u8; 5]))),
            ("sealed", json!("%%%")),
            ("sealed", json!("")),
            ("enc", json!(7)),
        ] {
            let mut v = good.clone();
            v[field] = value;
            cases.push(v.to_string().into_bytes());
        }
        for bad in cases {
            let got = opened(&t, &String::from_utf8_lossy(&bad), NOW);
            assert!(
                matches!(
                    got,
                    Err(ExchangeError::Malformed(_) | ExchangeError::Altered)
                ),
                "{got:?}"
            );
        }
    }

    #[test]
    fn content_of_another_shape_is_malformed_not_a_panic() {
        let t = three();
        let got = open::<Vec<u8>>(
            &t.receiver,
            &[t.sender.card().clone()],
            sent(&t).as_bytes(),
            NOW,
        );
        assert!(matches!(got, Err(ExchangeError::Malformed(_))), "{got:?}");
    }
}
