//! Trains the shipped classifier on `data/labelled/train.jsonl` with the lexicons, by the same
//! code the engine reads texts with (the modules are included, not copied), and writes the
//! model into `OUT_DIR` for `include_str!`. Deterministic: the same data give the same model.

#[allow(dead_code, reason = "the engine uses what training does not")]
#[path = "src/features.rs"]
mod features;
#[allow(dead_code, reason = "the engine uses what training does not")]
#[path = "src/lexicon.rs"]
mod lexicon;
#[allow(dead_code, reason = "the engine uses what training does not")]
#[path = "src/model.rs"]
mod model;
#[allow(dead_code, reason = "the engine uses what training does not")]
#[path = "src/pii.rs"]
mod pii;
#[allow(dead_code, reason = "the engine uses what training does not")]
#[path = "src/text.rs"]
mod text;

use lexicon::{Language, Lexicon};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for input in [
        "data/labelled/train.jsonl",
        "data/lexicons/en.toml",
        "data/lexicons/es.toml",
        "data/lexicons/fr.toml",
        "data/pii.toml",
        "src/features.rs",
        "src/lexicon.rs",
        "src/model.rs",
        "src/pii.rs",
        "src/text.rs",
    ] {
        println!("cargo::rerun-if-changed={input}");
    }
    let mut lexicons = Vec::new();
    for lang in Language::READ {
        let source = std::fs::read_to_string(format!("data/lexicons/{}.toml", lang.code()))?;
        lexicons.push((lang, Lexicon::parse(&source)?));
    }
    let recognisers = pii::Recognisers::parse(&std::fs::read_to_string("data/pii.toml")?)?;
    let mut examples = Vec::new();
    for line in std::fs::read_to_string("data/labelled/train.jsonl")?.lines() {
        let t: serde_json::Value = serde_json::from_str(line)?;
        let text = t["text"].as_str().ok_or("a text without text")?;
        let lang =
            Language::from_code(t["lang"].as_str().unwrap_or("other")).unwrap_or(Language::Other);
        let lexicon = lexicons.iter().find(|(l, _)| *l == lang).map(|(_, x)| x);
        let words = text::words(text);
        let mut found = Vec::new();
        recognisers.find(text, &words, &mut found);
        let hits = lexicon
            .map(|l| l.search_outside(&words, &found))
            .unwrap_or_default();
        let mut labels = Vec::new();
        if t["trafficking"].as_bool() == Some(true) {
            labels.push(model::TRAFFICKING.to_string());
        }
        for section in ["exploitation", "labour", "means"] {
            for code in t[section].as_array().into_iter().flatten() {
                labels.push(format!("{section}:{}", code.as_str().unwrap_or_default()));
            }
        }
        examples.push(model::Example {
            features: features::of(&words, &hits, lexicon, lang),
            labels,
            weight: 1.0,
            unknown: Vec::new(),
        });
    }
    let labels: Vec<String> = model::LABELS.iter().map(|l| l.to_string()).collect();
    let trained = model::Model::train(&labels, &examples);
    let out = Path::new(&std::env::var("OUT_DIR")?).join("model.txt");
    std::fs::write(out, trained.write())?;
    Ok(())
}
