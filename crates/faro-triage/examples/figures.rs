//! Prints triage's figures per language: `cargo run -p faro-triage --release --example figures
//! -- [train|cv|held-out]`. `train` reads the training part with the shipped model; `cv` trains
//! five models, each without a fifth of the training part's stories (a story's translations
//! together), and reads that fifth with it (the honest figure while tuning); `held-out` is the measure, once tuning is done; `floors` writes
//! the held-out figures as `data/figures.toml`.
#![allow(clippy::print_stdout, reason = "a tool whose output is its figures")]

use faro_triage::evaluate::{self, Figures, Labelled};
use faro_triage::{Engine, Input};
use std::collections::BTreeMap;

const FLOORS_HEADER: &str =
    "# The held-out figures triage must not fall below (tests/figures.rs). Written by
# `cargo run -p faro-triage --release --example figures -- floors > data/figures.toml` after a
# change that raised them, never by hand to let a lower figure pass.
";

fn print(figures: &BTreeMap<String, Figures>) {
    for (lang, f) in figures {
        println!("{lang} ({} texts)", f.texts);
        for (name, value) in f.named() {
            println!("  {name:<24} {value:.3}");
        }
    }
}

fn cross_validated(texts: &[Labelled]) -> Result<(), Box<dyn std::error::Error>> {
    let mut triages = Vec::new();
    for (engine, test) in evaluate::folds(texts)? {
        for t in test {
            let got = engine.triage(&Input {
                text: &t.text,
                ..Input::default()
            })?;
            triages.push((t.clone(), got));
        }
    }
    print(&evaluate::figures_of(&triages));
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let which = std::env::args().nth(1).unwrap_or_else(|| "train".into());
    let shipped = Engine::shipped()?;
    match which.as_str() {
        "train" => print(&evaluate::evaluate(
            shipped,
            &evaluate::shipped_training()?,
        )?),
        "cv" => cross_validated(&evaluate::shipped_training()?)?,
        "held-out" => print(&evaluate::evaluate(shipped, &evaluate::held_out()?)?),
        "floors" => {
            let figures = evaluate::evaluate(shipped, &evaluate::held_out()?)?;
            println!("{FLOORS_HEADER}{}", toml::to_string(&figures)?);
        }
        other => {
            return Err(format!("unknown part {other:?}: train, cv, held-out or floors").into());
        }
    }
    Ok(())
}
