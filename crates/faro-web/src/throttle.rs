//! Throttling of failed sign-ins, per account and per client, without keeping who they are.
//!
//! Accounts and client addresses are held only as HMAC-SHA256 values under a random salt that
//! lives in memory and is replaced every hour (forgetting every count with it): nothing here
//! is written anywhere, and an old salt cannot be recomputed to tell whose counts they were.

use hmac::{Hmac, Mac};
use rand::TryRngCore;
use sha2::Sha256;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures counted within this window.
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed sign-ins allowed per account within the window.
pub const ACCOUNT_LIMIT: u32 = 5;
/// Failed sign-ins allowed per client within the window (a shared office address is several
/// people, so more than per account).
pub const CLIENT_LIMIT: u32 = 20;
const SALT_LIFETIME: Duration = Duration::from_secs(3600);
/// Above this many counters, expired ones are dropped: memory stays bounded under a flood.
const MAX_ENTRIES: usize = 100_000;

pub struct Throttle {
    inner: Mutex<Inner>,
    /// Failures allowed per account (or per whatever the caller counts as one) and per client.
    limits: (u32, u32),
}

struct Inner {
    salt: [u8; 32],
    born: Instant,
    /// Keyed hash → (failures, first failure of the window).
    counts: HashMap<[u8; 32], (u32, Instant)>,
}

pub(crate) fn fresh_salt() -> [u8; 32] {
    let mut salt = [0u8; 32];
    // Without the OS's random source the salt stays zero: the counts still work, only the
    // forgetting is weaker; sign-in itself needs the random source anyway.
    let _ = rand::rngs::OsRng.try_fill_bytes(&mut salt);
    salt
}

impl Default for Throttle {
    /// The sign-in throttle.
    fn default() -> Self {
        Throttle::new(ACCOUNT_LIMIT, CLIENT_LIMIT)
    }
}

/// Wrong receipt codes allowed per client within the window.
pub const RECEIPT_CLIENT_LIMIT: u32 = 10;
/// Wrong receipt codes allowed from everyone together within the window. Behind Tor every
/// reporter shares one address, so a limit per address alone would either stop nobody or
/// everybody; this one bounds guessing whatever the addresses (10^16 codes, 1,000 guesses
/// per quarter hour: one report found in about 10^11 years per thousand reports stored).
pub const RECEIPT_GLOBAL_LIMIT: u32 = 1_000;

impl Throttle {
    pub fn new(account_limit: u32, client_limit: u32) -> Throttle {
        Throttle {
            inner: Mutex::new(Inner {
                salt: fresh_salt(),
                born: Instant::now(),
                counts: HashMap::new(),
            }),
            limits: (account_limit, client_limit),
        }
    }

    /// The follow-up page's throttle of wrong receipt codes: per client, and for everyone
    /// together under the one "account" `receipt`.
    pub fn receipts() -> Throttle {
        Throttle::new(RECEIPT_GLOBAL_LIMIT, RECEIPT_CLIENT_LIMIT)
    }
}

/// HMAC-SHA256 of `parts` under `salt`: how a value is held in memory without being kept.
pub(crate) fn keyed(salt: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(salt)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    for part in parts {
        m.update(part);
    }
    m.finalize().into_bytes().into()
}

impl Inner {
    fn key(&self, kind: &str, value: &str) -> [u8; 32] {
        keyed(&self.salt, &[kind.as_bytes(), &[0], value.as_bytes()])
    }

    fn keys(
        &self,
        account: &str,
        client: Option<IpAddr>,
        (account_limit, client_limit): (u32, u32),
    ) -> Vec<([u8; 32], u32)> {
        let mut keys = vec![(
            self.key("account", &account.trim().to_lowercase()),
            account_limit,
        )];
        if let Some(ip) = client {
            keys.push((self.key("client", &ip.to_string()), client_limit));
        }
        keys
    }

    fn renew(&mut self, now: Instant) {
        if now.duration_since(self.born) > SALT_LIFETIME {
            self.salt = fresh_salt();
            self.born = now;
            self.counts.clear();
        }
        if self.counts.len() > MAX_ENTRIES {
            self.counts
                .retain(|_, (_, first)| now.duration_since(*first) < WINDOW);
        }
    }
}

impl Throttle {
    /// Counts a sign-in attempt before its password is checked, so that parallel requests
    /// cannot all pass while none has failed yet; `Err(wait)` (and nothing counted) when the
    /// account or the client has used up its attempts. A success gives its attempt back
    /// ([`Throttle::succeeded`]), so only failures use the allowance up.
    pub fn attempt(&self, account: &str, client: Option<IpAddr>) -> Result<(), Duration> {
        let now = Instant::now();
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.renew(now);
        let keys = inner.keys(account, client, self.limits);
        let held = keys
            .iter()
            .filter_map(|(key, limit)| {
                let (n, first) = inner.counts.get(key)?;
                let age = now.duration_since(*first);
                (age < WINDOW && n >= limit).then(|| WINDOW - age)
            })
            .max();
        if let Some(wait) = held {
            return Err(wait);
        }
        for (key, _) in keys {
            let entry = inner.counts.entry(key).or_insert((0, now));
            if now.duration_since(entry.1) >= WINDOW {
                *entry = (0, now);
            }
            entry.0 += 1;
        }
        Ok(())
    }

    /// A successful sign-in clears the account's count and gives the client its attempt back.
    pub fn succeeded(&self, account: &str, client: Option<IpAddr>) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let key = inner.key("account", &account.trim().to_lowercase());
        inner.counts.remove(&key);
        if let Some(ip) = client {
            let key = inner.key("client", &ip.to_string());
            if let Some((n, _)) = inner.counts.get_mut(&key) {
                *n = n.saturating_sub(1);
            }
        }
    }

    /// How many counters are held (for tests of the memory bound).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().map(|i| i.counts.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_held_after_its_limit_and_cleared_by_success() {
        let t = Throttle::default();
        for _ in 0..ACCOUNT_LIMIT {
            assert!(t.attempt("Ana@x.invalid", None).is_ok());
        }
        let wait = t.attempt("ANA@x.invalid ", None).unwrap_err();
        assert!(wait > Duration::from_secs(14 * 60) && wait <= WINDOW);
        assert!(
            t.attempt("bea@x.invalid", None).is_ok(),
            "other accounts go on"
        );
        t.succeeded("ana@x.invalid", None);
        assert!(t.attempt("ana@x.invalid", None).is_ok());
    }

    #[test]
    fn parallel_attempts_never_pass_the_limit() {
        let t = std::sync::Arc::new(Throttle::default());
        let passed: usize = (0..8)
            .map(|_| {
                let t = t.clone();
                std::thread::spawn(move || {
                    (0..10)
                        .filter(|_| t.attempt("ana@x.invalid", None).is_ok())
                        .count()
                })
            })
            .map(|h| h.join().unwrap())
            .sum();
        assert_eq!(passed, ACCOUNT_LIMIT as usize);
    }

    #[test]
    fn successes_do_not_use_up_a_shared_client_address() {
        let t = Throttle::default();
        let office: IpAddr = "192.0.2.9".parse().unwrap();
        for i in 0..CLIENT_LIMIT * 3 {
            let who = format!("user{i}@x.invalid");
            assert!(t.attempt(&who, Some(office)).is_ok(), "sign-in {i}");
            t.succeeded(&who, Some(office));
        }
    }

    #[test]
    fn a_client_is_held_across_accounts() {
        let t = Throttle::default();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        for i in 0..CLIENT_LIMIT {
            assert!(t.attempt(&format!("user{i}@x.invalid"), Some(ip)).is_ok());
        }
        assert!(t.attempt("new@x.invalid", Some(ip)).is_err());
        assert!(
            t.attempt("new@x.invalid", Some("192.0.2.8".parse().unwrap()))
                .is_ok()
        );
    }

    #[test]
    fn only_keyed_hashes_are_held_never_the_names() {
        let t = Throttle::default();
        let _ = t.attempt(
            "secret-person@x.invalid",
            Some("198.51.100.1".parse().unwrap()),
        );
        assert_eq!(t.len(), 2);
        let inner = t.inner.lock().unwrap();
        let dump = format!("{:?}", inner.counts.keys().collect::<Vec<_>>());
        assert!(!dump.contains("secret"));
        let other_salt = Throttle::default();
        let theirs = other_salt
            .inner
            .lock()
            .unwrap()
            .key("account", "secret-person@x.invalid");
        assert!(
            !inner.counts.contains_key(&theirs),
            "another salt, other keys"
        );
    }
}
