//! Prints, for the training part read with the shipped model, each text whose codes or personal
//! data differ from its labels: `cargo run -p faro-triage --release --example errors -- SECTION`
//! (exploitation, labour, means, trafficking, pii, places) [--cv: each text read by a model
//! trained without its fifth of the set]. A tool for improving the lexicons;
//! never run on the held-out part while tuning.
#![allow(clippy::print_stdout, reason = "a tool whose output is its findings")]

use faro_triage::evaluate::{self, Labelled};
use faro_triage::{Engine, Finding, Input, Triage};
use std::collections::BTreeSet;

fn codes(f: &[Finding]) -> BTreeSet<String> {
    f.iter().map(|f| f.code.clone()).collect()
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// What one set has that the other lacks, if they differ.
fn set_difference(gold: BTreeSet<String>, found: BTreeSet<String>) -> Option<String> {
    (gold != found).then(|| {
        format!(
            "missed {:?} extra {:?}",
            gold.difference(&found).collect::<Vec<_>>(),
            found.difference(&gold).collect::<Vec<_>>()
        )
    })
}

fn differences(section: &str, t: &Labelled, got: &Triage) -> Option<String> {
    let gold_and_got = |gold: &[String], got: &[Finding]| {
        let gold: BTreeSet<String> = gold.iter().cloned().collect();
        let got = codes(got);
        (gold != got).then(|| {
            let missed: Vec<_> = gold.difference(&got).collect();
            let extra: Vec<_> = got.difference(&gold).collect();
            format!("missed {missed:?} extra {extra:?}")
        })
    };
    match section {
        "exploitation" => gold_and_got(&t.exploitation, &got.exploitation),
        "labour" => gold_and_got(&t.labour, &got.labour),
        "means" => gold_and_got(&t.means, &got.means),
        "trafficking" => (t.trafficking != got.trafficking.likely).then(|| {
            format!(
                "labelled {} scored {:.2}",
                t.trafficking, got.trafficking.score
            )
        }),
        "pii" => {
            let spans = |kind: String, start: usize, end: usize| {
                format!("{kind}:{}", chars(&t.text, start, end))
            };
            let gold = t
                .pii
                .iter()
                .map(|p| spans(format!("{:?}", p.kind), p.start, p.end));
            let found = got
                .pii
                .iter()
                .map(|p| spans(format!("{:?}", p.kind), p.start, p.end));
            set_difference(gold.collect(), found.collect())
        }
        "places" => {
            let spans = |country: &str, start: usize, end: usize| {
                format!("{}:{country}", chars(&t.text, start, end))
            };
            let gold = t.places.iter().map(|p| spans(&p.country, p.start, p.end));
            let found = got
                .places
                .iter()
                .map(|p| spans(p.country.alpha2(), p.start, p.end));
            set_difference(gold.collect(), found.collect())
        }
        _ => None,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let section = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "exploitation".into());
    let cv = std::env::args().any(|a| a == "--cv");
    let texts = evaluate::shipped_training()?;
    let readings = if cv {
        evaluate::folds(&texts)?
    } else {
        vec![(Engine::shipped()?.clone(), texts.iter().collect())]
    };
    for (engine, test) in readings {
        for t in test {
            let got = engine.triage(&Input {
                text: &t.text,
                ..Input::default()
            })?;
            if let Some(d) = differences(&section, t, &got) {
                println!("{} {d}\n    {}", t.id, t.text.replace('\n', " "));
            }
        }
    }
    Ok(())
}
