//! Forms that are accepted once: each report form carries a random nonce, and a form posted
//! again (a double tap on a slow phone, a replay) is recognised and not stored twice.
//!
//! Nonces are held in memory only, as keyed hashes under a salt that is replaced every hour
//! (forgetting every nonce with it), within a bounded number of entries: nothing about a
//! reporter is written anywhere, and a flood of forms cannot grow the server's memory.

use crate::throttle::{fresh_salt, keyed};
use rand::TryRngCore;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a nonce is remembered: longer than anyone keeps a form open before sending it.
const LIFETIME: Duration = Duration::from_secs(3600);
/// Above this many, expired nonces are dropped and, if still full, the oldest half.
const MAX_ENTRIES: usize = 200_000;

pub struct Once {
    inner: Mutex<Inner>,
}

struct Inner {
    salt: [u8; 32],
    born: Instant,
    seen: HashMap<[u8; 32], Instant>,
}

impl Default for Once {
    fn default() -> Self {
        Once {
            inner: Mutex::new(Inner {
                salt: fresh_salt(),
                born: Instant::now(),
                seen: HashMap::new(),
            }),
        }
    }
}

/// A fresh nonce for a form: 128 random bits in hex.
pub fn nonce() -> Option<String> {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).ok()?;
    Some(hex::encode(bytes))
}

/// Whether `text` has the shape [`nonce`] gives.
pub fn is_nonce(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A form's nonce taken while its report is stored: given back when dropped unless kept, so
/// that a form whose storing failed (the server busy, the database down) can be sent again
/// rather than being refused as already sent.
pub struct Claim {
    once: std::sync::Arc<Once>,
    nonce: String,
    kept: bool,
}

impl Claim {
    /// The report is stored: the nonce stays used.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if !self.kept {
            self.once.forget(&self.nonce);
        }
    }
}

impl Once {
    /// The nonce, claimed for a form being stored; `None` when it was already used.
    pub fn claim(self: &std::sync::Arc<Self>, nonce: &str) -> Option<Claim> {
        self.first_use(nonce).then(|| Claim {
            once: self.clone(),
            nonce: nonce.to_string(),
            kept: false,
        })
    }

    fn forget(&self, nonce: &str) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let key = keyed(&inner.salt, &[nonce.as_bytes()]);
        inner.seen.remove(&key);
    }

    /// `true` the first time `nonce` is used, `false` for every later use within the
    /// lifetime.
    pub fn first_use(&self, nonce: &str) -> bool {
        let now = Instant::now();
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if now.duration_since(inner.born) > LIFETIME * 2 {
            inner.salt = fresh_salt();
            inner.born = now;
            inner.seen.clear();
        }
        if inner.seen.len() >= MAX_ENTRIES {
            inner
                .seen
                .retain(|_, at| now.duration_since(*at) < LIFETIME);
            if inner.seen.len() >= MAX_ENTRIES {
                let mut ages: Vec<Instant> = inner.seen.values().copied().collect();
                ages.sort_unstable();
                let cut = ages[ages.len() / 2];
                inner.seen.retain(|_, at| *at > cut);
            }
        }
        let key = keyed(&inner.salt, &[nonce.as_bytes()]);
        match inner.seen.get(&key) {
            Some(at) if now.duration_since(*at) < LIFETIME => false,
            _ => {
                inner.seen.insert(key, now);
                true
            }
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().map(|i| i.seen.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nonce_is_accepted_once() {
        let once = Once::default();
        let n = nonce().unwrap();
        assert!(is_nonce(&n));
        assert!(once.first_use(&n));
        assert!(!once.first_use(&n));
        assert!(once.first_use(&nonce().unwrap()));
        assert!(!is_nonce("not a nonce") && !is_nonce(&"g".repeat(32)));
    }

    #[test]
    fn a_claim_not_kept_is_given_back() {
        let once = std::sync::Arc::new(Once::default());
        let n = nonce().unwrap();
        let claim = once.claim(&n).expect("first use");
        assert!(once.claim(&n).is_none(), "taken while its report is stored");
        drop(claim);
        once.claim(&n)
            .expect("given back: the form may be sent again")
            .keep();
        assert!(once.claim(&n).is_none(), "kept");
    }

    #[test]
    fn memory_stays_bounded_under_a_flood() {
        let once = Once::default();
        for i in 0..MAX_ENTRIES + 10 {
            once.first_use(&format!("{i:032x}"));
        }
        assert!(once.len() <= MAX_ENTRIES, "{}", once.len());
    }
}
