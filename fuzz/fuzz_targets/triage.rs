//! Any text through triage, with any hint and country: an answer whose spans lie inside the
//! text, or a refusal for a text too long, never a panic.
#![no_main]

use faro_triage::{Engine, Input, Language};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let hint = [Language::En, Language::Es, Language::Fr].get(usize::from(first % 4)).copied();
    let country = faro_domain::Country::from_id(u16::from(first));
    let Ok(engine) = Engine::shipped() else {
        return;
    };
    if let Ok(triage) = engine.triage(&Input {
        text: &text,
        language_hint: hint,
        country,
    }) {
        let chars = text.chars().count();
        assert!(triage.pii.iter().all(|p| p.start < p.end && p.end <= chars));
        assert!(triage.places.iter().all(|p| p.start < p.end && p.end <= chars));
        let _ = triage.redact(&text);
    }
});
