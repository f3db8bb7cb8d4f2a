//! The labelled set's promises: the held-out part is the one committed before any rule or
//! model was written, and both parts keep the shape and proportions the labelling rules give.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

use sha2::{Digest, Sha256};

const HELD_OUT: &str = include_str!("../data/labelled/held-out.jsonl");
const TRAIN: &str = include_str!("../data/labelled/train.jsonl");

/// Committed with the held-out texts, before anything was tuned; a change to any byte of the
/// file (a label "fixed", a text reworded) fails here, so a figure measured on it stays honest.
const HELD_OUT_SHA256: &str = "e227b11a9badfa433bd8f91d94690ed88da2567fa5ed0887406dae10f0c5775e";

#[test]
fn the_held_out_part_is_the_one_committed_before_any_rule_or_model() {
    let digest = hex::encode(Sha256::digest(HELD_OUT.as_bytes()));
    assert_eq!(
        digest, HELD_OUT_SHA256,
        "data/labelled/held-out.jsonl was edited"
    );
}

fn records(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

#[test]
fn the_held_out_part_has_every_language_and_every_kind_of_hard_negative() {
    let records = records(HELD_OUT);
    for lang in ["en", "es", "fr"] {
        let of_lang: Vec<_> = records.iter().filter(|r| r["lang"] == lang).collect();
        assert!(of_lang.len() >= 60, "{lang}: {} texts", of_lang.len());
        for kind in ["labour", "smuggling", "scam", "prank", "other"] {
            let n = of_lang
                .iter()
                .filter(|r| r["hard_negative"] == kind)
                .count();
            assert!(n >= 3, "{lang}: {n} hard negatives of kind {kind}");
        }
    }
}

#[test]
fn the_whole_set_has_at_least_600_texts_a_third_of_them_in_each_language() {
    let all: Vec<_> = records(HELD_OUT)
        .into_iter()
        .chain(records(TRAIN))
        .collect();
    assert!(all.len() >= 600, "{} texts", all.len());
    for lang in ["en", "es", "fr"] {
        let n = all.iter().filter(|r| r["lang"] == lang).count();
        assert!(n * 10 >= all.len() * 3, "{lang}: {n} of {}", all.len());
    }
}

#[test]
fn every_span_lies_inside_its_text() {
    for r in records(HELD_OUT).into_iter().chain(records(TRAIN)) {
        let chars = r["text"].as_str().unwrap().chars().count() as u64;
        for span in r["pii"]
            .as_array()
            .unwrap()
            .iter()
            .chain(r["places"].as_array().unwrap())
        {
            let (start, end) = (
                span["start"].as_u64().unwrap(),
                span["end"].as_u64().unwrap(),
            );
            assert!(
                start < end && end <= chars,
                "{}: span {start}..{end}",
                r["id"]
            );
        }
    }
}
