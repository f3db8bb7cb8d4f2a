//! The lexicons are data a hotline's staff may edit: each file must keep the schema
//! (`data/lexicons/schema.json`), name only codes of the vocabularies, and hold phrases the
//! engine can read; and every code is evidenced in every language.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

use faro_triage::lexicon::Lexicon;
use faro_triage::model::LABELS;

const FILES: [(&str, &str); 3] = [
    ("en", include_str!("../data/lexicons/en.toml")),
    ("es", include_str!("../data/lexicons/es.toml")),
    ("fr", include_str!("../data/lexicons/fr.toml")),
];

#[test]
fn every_lexicon_keeps_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../data/lexicons/schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (lang, source) in FILES {
        let value: serde_json::Value = toml::from_str(source).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{lang}.toml: {errors:?}");
        assert_eq!(value["language"], lang);
    }
}

#[test]
fn the_schema_refuses_an_unknown_code_or_section() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../data/lexicons/schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut value: serde_json::Value = toml::from_str(FILES[0].1).unwrap();
    value["means"]["beats_people"] = serde_json::json!(["beat"]);
    assert!(!validator.is_valid(&value));
    let mut value: serde_json::Value = toml::from_str(FILES[0].1).unwrap();
    value["moods"] = serde_json::json!({});
    assert!(!validator.is_valid(&value));
}

#[test]
fn every_code_has_phrases_in_every_language() {
    for (lang, source) in FILES {
        let lexicon = Lexicon::parse(source).unwrap();
        for label in LABELS.iter().skip(1) {
            let (section, code) = label.split_once(':').unwrap();
            assert!(
                lexicon
                    .cues
                    .iter()
                    .any(|c| c.section == section && c.code == code),
                "{lang}.toml has no phrase for {label}"
            );
        }
    }
}
