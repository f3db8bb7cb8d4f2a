//! What the classifier sees of a text: its words and pairs of words (folded), the lexicon's cues
//! found in it, how many distinct means of control it names, and its language. Shared with the
//! build script, so that a model trained at build time reads texts as the engine does.

use crate::lexicon::{Hit, Language, Lexicon};
use crate::text::Word;
use std::collections::BTreeSet;

/// The features of one text, each a short string, without repeats.
pub fn of(
    words: &[Word],
    hits: &[Hit],
    lexicon: Option<&Lexicon>,
    language: Language,
) -> Vec<String> {
    let mut out = BTreeSet::new();
    out.insert(format!("lang:{}", language.code()));
    let shape = |w: &Word| {
        if w.folded.bytes().all(|b| b.is_ascii_digit()) {
            "#".to_string()
        } else {
            w.folded.clone()
        }
    };
    for (i, w) in words.iter().enumerate() {
        let this = shape(w);
        if let Some(next) = words.get(i + 1) {
            out.insert(format!("b:{this}_{}", shape(next)));
        }
        if this.len() >= 2 || this == "#" {
            out.insert(format!("w:{this}"));
        }
    }
    if let Some(lexicon) = lexicon {
        let mut means = BTreeSet::new();
        for hit in hits {
            let cue = &lexicon.cues[hit.cue];
            if cue.section == "name" || cue.section == "place" {
                continue;
            }
            if cue.section == "means" {
                means.insert(&cue.code);
            }
            out.insert(format!("c:{}", cue.key()));
        }
        if !means.is_empty() {
            out.insert(format!("n:means{}", means.len().min(4)));
        }
    }
    out.into_iter().collect()
}
