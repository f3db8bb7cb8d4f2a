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
}

/// The network a client is counted as: its IPv4 address, or its IPv6 /64 (one subscriber's
/// line holds a whole /64, so counting single IPv6 addresses would count nothing).
fn network(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// Wrong receipt codes allowed per client within the window.
pub const RECEIPT_CLIENT_LIMIT: u32 = 10;
/// Wrong receipt codes from everyone together within the window above which every client is
/// held to [`RECEIPT_CLIENT_LIMIT_UNDER_ATTACK`].
pub const RECEIPT_GLOBAL_LIMIT: u32 = 1_000;
/// Attempts per client within the window once everyone together passed
/// [`RECEIPT_GLOBAL_LIMIT`]: a reporter who mistyped once still gets in on the second try.
pub const RECEIPT_CLIENT_LIMIT_UNDER_ATTACK: u32 = 2;

/// The follow-up page's throttle of receipt codes.
///
/// Guessing a code is already infeasible (10^16 codes, each check an argon2 hash from the
/// bounded pool, about 17 a second on two cores), so this throttle is about fairness: a
/// client that sends wrong codes is held, and nobody can lock out others or buy more
/// guesses. Every attempt is counted before its code is checked (parallel requests cannot
/// slip through); a code that opens a report gives back its own attempt and nothing more,
/// so no counter can be reset. Wrong codes from everyone together never lock anyone out:
/// past [`RECEIPT_GLOBAL_LIMIT`] they only tighten every client's allowance to
/// [`RECEIPT_CLIENT_LIMIT_UNDER_ATTACK`], so a distributed attack keeps each of its addresses
/// to two guesses while a reporter at any other address gets in at once. Reporters who share
/// the attacker's address (one Tor exit) share its allowance; another circuit is another
/// address.
pub struct Receipts {
    inner: Mutex<Inner>,
    /// Everyone's wrong codes, a client's attempts, and a client's under attack.
    limits: (u32, u32, u32),
}

impl Default for Receipts {
    fn default() -> Self {
        Receipts::new(
            RECEIPT_GLOBAL_LIMIT,
            RECEIPT_CLIENT_LIMIT,
            RECEIPT_CLIENT_LIMIT_UNDER_ATTACK,
        )
    }
}

impl Receipts {
    /// Other figures than the defaults (a test that attacks with fewer requests).
    pub fn new(global: u32, client: u32, under_attack: u32) -> Receipts {
        Receipts {
            inner: Mutex::new(Inner {
                salt: fresh_salt(),
                born: Instant::now(),
                counts: HashMap::new(),
            }),
            limits: (global, client, under_attack),
        }
    }

    /// Counts an attempt before its code is checked; `Err(wait)` (and nothing counted) when
    /// the client has used up its allowance.
    pub fn attempt(&self, client: Option<IpAddr>) -> Result<(), Duration> {
        let now = Instant::now();
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        inner.renew(now);
        let everyone = inner.key("everyone", "");
        let (global, normal, under_attack) = self.limits;
        let limit = if inner.held(&everyone, global, now).is_some() {
            under_attack
        } else {
            normal
        };
        let client = inner.client_key(client);
        if let Some(wait) = inner.held(&client, limit, now) {
            return Err(wait);
        }
        inner.count(client, now);
        inner.count(everyone, now);
        Ok(())
    }

    /// A code opened its report: its own attempt is given back, to the client and to the
    /// count of everyone, and nothing else.
    pub fn opened(&self, client: Option<IpAddr>) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let client = inner.client_key(client);
        let everyone = inner.key("everyone", "");
        inner.give_back(&client);
        inner.give_back(&everyone);
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

    fn client_key(&self, client: Option<IpAddr>) -> [u8; 32] {
        self.key("client", &client.map(network).unwrap_or_default())
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
            keys.push((self.client_key(Some(ip)), client_limit));
        }
        keys
    }

    /// One counted attempt returned, if its window still runs.
    fn give_back(&mut self, key: &[u8; 32]) {
        if let Some((n, _)) = self.counts.get_mut(key) {
            *n = n.saturating_sub(1);
        }
    }

    /// `Err(wait)` when `key` has used `limit` attempts in the current window.
    fn held(&self, key: &[u8; 32], limit: u32, now: Instant) -> Option<Duration> {
        let (n, first) = self.counts.get(key)?;
        let age = now.duration_since(*first);
        (age < WINDOW && *n >= limit).then(|| WINDOW - age)
    }

    /// Counts one attempt of `key`, starting a new window when the last one has run out.
    fn count(&mut self, key: [u8; 32], now: Instant) -> u32 {
        let entry = self.counts.entry(key).or_insert((0, now));
        if now.duration_since(entry.1) >= WINDOW {
            *entry = (0, now);
        }
        entry.0 += 1;
        entry.0
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
            .filter_map(|(key, limit)| inner.held(key, *limit, now))
            .max();
        if let Some(wait) = held {
            return Err(wait);
        }
        for (key, _) in keys {
            inner.count(key, now);
        }
        Ok(())
    }

    /// A successful sign-in clears the account's count and gives the client its attempt back.
    pub fn succeeded(&self, account: &str, client: Option<IpAddr>) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let key = inner.key("account", &account.trim().to_lowercase());
        inner.counts.remove(&key);
        if let Some(ip) = client {
            let key = inner.client_key(Some(ip));
            inner.give_back(&key);
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

    fn address(n: u32) -> Option<IpAddr> {
        Some(IpAddr::V4(std::net::Ipv4Addr::from(0x0A00_0000 + n)))
    }

    #[test]
    fn an_attackers_own_receipt_buys_no_more_wrong_codes() {
        let t = Receipts::default();
        let mut wrong = 0;
        for a in 0..130 {
            for _ in 0..9 {
                wrong += usize::from(t.attempt(address(a)).is_ok());
            }
            if t.attempt(address(a)).is_ok() {
                t.opened(address(a));
            }
        }
        eprintln!(
            "130 addresses, 9 wrong codes and their own receipt each: {wrong} of 1170 checked"
        );
        assert!(
            wrong
                <= RECEIPT_GLOBAL_LIMIT as usize + 130 * RECEIPT_CLIENT_LIMIT_UNDER_ATTACK as usize,
            "{wrong} wrong codes passed"
        );
        assert!(
            t.attempt(address(0)).is_err(),
            "a client's wrong codes stay counted"
        );
    }

    #[test]
    fn a_distributed_attack_locks_out_no_reporter_at_another_address() {
        let t = Receipts::default();
        for a in 0..101 {
            while t.attempt(address(a)).is_ok() {}
        }
        // Everyone together is past the global figure now.
        let reporter = address(5_000);
        assert!(t.attempt(reporter).is_ok(), "a first try is checked");
        assert!(t.attempt(reporter).is_ok(), "and a second, after a typo");
        assert!(t.attempt(reporter).is_err(), "a third is held under attack");
        assert!(t.attempt(address(0)).is_err(), "the attackers stay held");
    }

    #[test]
    fn an_ipv6_line_is_one_client() {
        let t = Receipts::default();
        for i in 0..RECEIPT_CLIENT_LIMIT {
            let ip: IpAddr = format!("2001:db8:1:2::{:x}", i + 1).parse().unwrap();
            assert!(t.attempt(Some(ip)).is_ok());
        }
        let same_line: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        assert!(t.attempt(Some(same_line)).is_err());
        let other_line: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert!(t.attempt(Some(other_line)).is_ok());
    }
}
