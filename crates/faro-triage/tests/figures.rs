//! The held-out figures may only rise: a lexicon, recogniser or model change that lowers any
//! figure in any language fails here. The targets of the issue are checked beside them, so that
//! the note's figures are the ones this test reads.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

use faro_triage::Engine;
use faro_triage::evaluate::{self, Figures};
use std::collections::BTreeMap;

fn held_out_figures() -> BTreeMap<String, Figures> {
    let engine = Engine::shipped().unwrap();
    evaluate::evaluate(engine, &evaluate::held_out().unwrap()).unwrap()
}

#[test]
fn no_held_out_figure_falls_below_its_floor() {
    let floors: BTreeMap<String, Figures> =
        toml::from_str(include_str!("../data/figures.toml")).unwrap();
    let now = held_out_figures();
    let mut lower = Vec::new();
    for (lang, floor) in &floors {
        let got = &now[lang];
        for ((name, floor), (_, got)) in floor.named().iter().zip(got.named()) {
            if got < floor - 1e-9 {
                lower.push(format!("{lang} {name}: {got:.3} < {floor:.3}"));
            }
        }
    }
    assert!(
        lower.is_empty(),
        "figures fell on the held-out part: {lower:?}"
    );
}

#[test]
fn the_verdict_personal_data_and_places_meet_their_targets_in_each_language() {
    let now = held_out_figures();
    for lang in ["en", "es", "fr"] {
        let f = &now[lang];
        assert!(
            f.trafficking_f1 >= 0.93,
            "{lang}: trafficking F1 {}",
            f.trafficking_f1
        );
        assert!(
            f.hard_negatives_kept_out >= 5.0 / 6.0,
            "{lang}: {}",
            f.hard_negatives_kept_out
        );
        assert!(
            f.means_macro_f1 >= 0.80,
            "{lang}: means {}",
            f.means_macro_f1
        );
        assert!(
            f.pii_recall >= 0.95 && f.pii_precision >= 0.80,
            "{lang}: PII {f:?}"
        );
        assert!(
            f.places_recall >= 0.90 && f.places_country >= 0.95,
            "{lang}: places {} with the right country {}",
            f.places_recall,
            f.places_country
        );
        assert!(f.language >= 0.95, "{lang}: language {}", f.language);
    }
}
