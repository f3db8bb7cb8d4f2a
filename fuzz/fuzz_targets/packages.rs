//! Any bytes as a referral package from a partner instance, and any text as a pasted card:
//! a refusal or an opened package, never a panic.
#![no_main]

use faro_exchange::{Card, InstanceKeys, open};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// Fixed keys: the receiver and one partner, so a mutated real package reaches every check.
static KEYS: LazyLock<(InstanceKeys, InstanceKeys)> = LazyLock::new(|| {
    (
        InstanceKeys::from_secret(&[7; faro_exchange::SECRET_BYTES]),
        InstanceKeys::from_secret(&[9; faro_exchange::SECRET_BYTES]),
    )
});

fuzz_target!(|data: &[u8]| {
    let (me, partner) = &*KEYS;
    let _ = open::<serde_json::Value>(me, &[partner.card().clone()], data, 1_800_000_000);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = Card::parse(text);
    }
});
