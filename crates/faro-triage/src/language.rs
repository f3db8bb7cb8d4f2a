//! Which language a text is in: English, Spanish, French, or another. `lingua` with only the
//! languages Faro reads and a few neighbours compiled in (so that Portuguese or Italian is
//! "other", not the nearest of the three), robust on short messages.

use crate::lexicon::Language;
use lingua::{Language as L, LanguageDetector, LanguageDetectorBuilder};
use std::sync::LazyLock;

/// Below this confidence, a hint given by the caller (the form's language) wins.
const SURE: f64 = 0.9;

static DETECTOR: LazyLock<LanguageDetector> = LazyLock::new(|| {
    LanguageDetectorBuilder::from_languages(&[
        L::English,
        L::Spanish,
        L::French,
        L::Portuguese,
        L::Italian,
        L::German,
        L::Romanian,
        L::Polish,
    ])
    .build()
});

fn ours(language: L) -> Language {
    match language {
        L::English => Language::En,
        L::Spanish => Language::Es,
        L::French => Language::Fr,
        _ => Language::Other,
    }
}

/// The language of `text`; `hint` decides when the detector is not sure.
pub fn detect(text: &str, hint: Option<Language>) -> Language {
    let confidences = DETECTOR.compute_language_confidence_values(text);
    let Some(&(best, confidence)) = confidences.first().filter(|(_, c)| *c > 0.0) else {
        return hint.unwrap_or(Language::Other);
    };
    match hint {
        Some(hint) if confidence < SURE && hint != Language::Other => hint,
        _ => ours(best),
    }
}
