//! People's names in a text. A capitalised word starts a name when it is a known given name
//! (`data/names/given.txt`: faker's lists and Faro's own), or when the lexicon says a name comes
//! next ("called", "se llama", "ma cousine"); a given name that is also an everyday word
//! ("Grace", "Pilar") needs that support or a surname after it. The capitalised words that follow
//! are its surnames. Capitals at a sentence's start say nothing, so a name there must be a known
//! given name. A given name that is also a large place or a country ("Paris", "Kenya") is a
//! place unless a surname or a cue says otherwise; a place of several words ("Santa Cruz") is
//! never a name.

use crate::lexicon::{Hit, Lexicon};
use crate::pii::{Found, Kind};
use crate::text::Word;
use std::collections::HashMap;

/// Words of a name at most: given names and surnames.
const MAX_WORDS: usize = 4;
/// Particles inside names ("Samira El Amrani", "Ana de la Cruz").
const PARTICLES: [&str; 7] = ["de", "del", "la", "van", "von", "da", "dos"];

/// The given names, folded, each with whether it is also an everyday word.
#[derive(Debug)]
pub struct GivenNames(HashMap<String, bool>);

impl GivenNames {
    pub fn parse(source: &str) -> GivenNames {
        let mut names = HashMap::new();
        for line in source.lines().filter(|l| !l.starts_with('#')) {
            let (name, ambiguous) = match line.strip_suffix(" ?") {
                Some(name) => (name, true),
                None => (line, false),
            };
            let folded = crate::text::fold(name);
            if !folded.is_empty() && !folded.contains(' ') {
                let entry = names.entry(folded).or_insert(ambiguous);
                *entry &= ambiguous;
            }
        }
        GivenNames(names)
    }

    /// `None` when not a given name; `Some(true)` when it is also an everyday word.
    fn get(&self, folded: &str) -> Option<bool> {
        self.0.get(folded).copied()
    }

    /// Whether a folded word is a given name.
    pub fn contains(&self, folded: &str) -> bool {
        self.0.contains_key(folded)
    }
}

/// How many words from `i` name a place of several words ("Santa Cruz", "Saint Denis"), which
/// are not a person however many given names they hold.
fn place_at(words: &[Word], i: usize, is_place: &dyn Fn(&str, bool) -> bool) -> Option<usize> {
    (2..=3).rev().find(|&n| {
        i + n <= words.len()
            && words[i..i + n]
                .iter()
                .all(|w| w.capitalised || w.folded.len() <= 3)
            && {
                let name: Vec<&str> = words[i..i + n].iter().map(|w| w.folded.as_str()).collect();
                is_place(&name.join(" "), true)
            }
    })
}

/// Whether a capitalised word could be part of a name at all.
fn nameable(word: &Word, lexicon: &Lexicon) -> bool {
    word.capitalised
        && word.folded.len() >= 2
        && !word.folded.bytes().all(|b| b.is_ascii_digit())
        && !lexicon.never_names.contains(&word.folded)
}

/// Adds the names in `words` to `found` (skipping words inside what is already there).
pub fn find(
    words: &[Word],
    hits: &[Hit],
    lexicon: &Lexicon,
    given: &GivenNames,
    is_place: &dyn Fn(&str, bool) -> bool,
    found: &mut Vec<Found>,
) {
    let cue_ends: Vec<usize> = hits
        .iter()
        .filter(|h| lexicon.cues[h.cue].section == "name")
        .map(|h| h.end)
        .collect();
    let taken =
        |w: &Word, found: &[Found]| found.iter().any(|f| f.start < w.end && w.start < f.end);
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        if !nameable(word, lexicon) || taken(word, found) {
            i += 1;
            continue;
        }
        let after_cue = cue_ends.contains(&i);
        if !after_cue && let Some(n) = place_at(words, i, is_place) {
            i += n;
            continue;
        }
        let followed = words
            .get(i + 1)
            .is_some_and(|n| nameable(n, lexicon) && !n.sentence_start && !taken(n, found));
        // A given name that is also an everyday word or a place needs support.
        let needs_support = given
            .get(&word.folded)
            .map(|everyday| everyday || is_place(&word.folded, false));
        let starts = match needs_support {
            Some(false) => true,
            Some(true) => after_cue || followed,
            None => after_cue && !word.sentence_start,
        };
        if !starts {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i + 1;
        while j < words.len() && j - i < MAX_WORDS {
            let next = &words[j];
            if next.sentence_start || taken(next, found) {
                break;
            }
            if nameable(next, lexicon) {
                last = j;
            } else if next.capitalised || !PARTICLES.contains(&next.folded.as_str()) {
                break;
            }
            j += 1;
        }
        found.push(Found {
            kind: Kind::Name,
            start: word.start,
            end: words[last].end,
        });
        i = last + 1;
    }
}
