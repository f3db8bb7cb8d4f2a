//! Lexicons: the phrases, per language, that are evidence of a form of exploitation, a sector
//! of forced labour, a means of control, or a signal the classifier and the urgency weigh
//! (a minor, "right now", violence, a free worker, a smuggler paid, a scam, a joke). They are
//! data (`data/lexicons/<lang>.toml`, checked against `data/lexicons/schema.json`) so that a
//! hotline's staff can read and correct them without reading Rust.
//!
//! A phrase is words as they are folded (`text::fold`): `took * passport` matches "took her
//! passport" (`*` alone stands for up to three words), `amenaz*` matches every word starting
//! "amenaz". Used by the build script too: depends on `text` only.

use crate::text::{self, Word};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// How many words a lone `*` may stand for.
const MAX_GAP: usize = 3;

/// The languages triage reads; any other text is `Other`, read with no lexicon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    En,
    Es,
    Fr,
    Other,
}

impl Language {
    pub const READ: [Language; 3] = [Language::En, Language::Es, Language::Fr];
    /// Every answer the language detector gives.
    pub const ALL: [Language; 4] = [Language::En, Language::Es, Language::Fr, Language::Other];

    /// ISO 639-1, or `other`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
            Language::Fr => "fr",
            Language::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.code() == code)
    }
}

/// A lexicon file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    pub language: String,
    #[serde(default)]
    pub exploitation: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub labour: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub means: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub signals: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub names: Names,
    #[serde(default)]
    pub places: Places,
}

/// What tells a place in this language.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Places {
    /// Phrases after which a capitalised name is a place even when the town is small ("near").
    #[serde(default)]
    pub before: Vec<String>,
    /// Country names besides those of the translation files, with their ISO 3166-1 alpha-2 code.
    #[serde(default)]
    pub aliases: BTreeMap<String, String>,
    /// Where a name shared by several places is looked for first (after the report's country
    /// and the text's other places): the countries where the language is spoken.
    #[serde(default)]
    pub countries: Vec<String>,
}

/// What tells a person's name in this language.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// Phrases after which a capitalised word is a name ("called", "se llama").
    #[serde(default)]
    pub before: Vec<String>,
    /// Capitalised words that are never names here (brands, networks, days).
    #[serde(default)]
    pub never: Vec<String>,
}

/// What a lexicon's phrase is evidence of.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cue {
    /// `exploitation`, `labour`, `means`, `signal`, `name` or `place`.
    pub section: &'static str,
    pub code: String,
}

impl Cue {
    /// The cue as one word, as the classifier's features and the model's labels name it.
    pub fn key(&self) -> String {
        format!("{}:{}", self.section, self.code)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Prefix(String),
    Gap,
}

#[derive(Debug)]
struct Phrase {
    tokens: Vec<Token>,
    cue: usize,
    /// As written in the lexicon: how the classifier names the phrase.
    text: String,
}

/// Where a phrase was found: in words `start..end` of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub cue: usize,
    pub phrase: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LexiconError {
    #[error("the lexicon is not valid TOML or has an unknown field: {0}")]
    Syntax(String),
    #[error("{section}.{code}: the phrase {phrase:?} {why}")]
    Phrase {
        section: &'static str,
        code: String,
        phrase: String,
        why: &'static str,
    },
}

/// A lexicon ready to search texts with.
#[derive(Debug)]
pub struct Lexicon {
    pub cues: Vec<Cue>,
    phrases: Vec<Phrase>,
    /// Phrases by their first word; those starting with a prefix are in `by_prefix`.
    by_word: HashMap<String, Vec<usize>>,
    by_prefix: Vec<usize>,
    /// Folded words never taken as names.
    pub never_names: Vec<String>,
    /// Folded country names → alpha-2 codes, besides the translation files' names.
    pub country_aliases: Vec<(String, String)>,
    /// Alpha-2 codes of the countries where the language is spoken.
    pub countries: Vec<String>,
}

fn compile(phrase: &str) -> Result<Vec<Token>, &'static str> {
    let mut tokens = Vec::new();
    for part in phrase.split_whitespace() {
        if part == "*" {
            tokens.push(Token::Gap);
            continue;
        }
        let (stem, prefix) = match part.strip_suffix('*') {
            Some(stem) => (stem, true),
            None => (part, false),
        };
        let folded = text::fold(stem);
        if folded.is_empty() {
            return Err("has a part with no letter or digit");
        }
        let mut parts: Vec<Token> = folded
            .split(' ')
            .map(|w| Token::Word(w.to_string()))
            .collect();
        if prefix && let Some(Token::Word(last)) = parts.pop() {
            parts.push(Token::Prefix(last));
        }
        tokens.extend(parts);
    }
    match (tokens.first(), tokens.last()) {
        (None, _) => Err("is empty"),
        (Some(Token::Gap), _) | (_, Some(Token::Gap)) => Err("starts or ends with a lone *"),
        _ => Ok(tokens),
    }
}

impl Lexicon {
    pub fn parse(source: &str) -> Result<Lexicon, LexiconError> {
        let file: LexiconFile =
            toml::from_str(source).map_err(|e| LexiconError::Syntax(e.to_string()))?;
        Lexicon::from_file(file)
    }

    pub fn from_file(file: LexiconFile) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon {
            cues: Vec::new(),
            phrases: Vec::new(),
            by_word: HashMap::new(),
            by_prefix: Vec::new(),
            never_names: file.names.never.iter().map(|w| text::fold(w)).collect(),
            country_aliases: file
                .places
                .aliases
                .iter()
                .map(|(name, code)| (text::fold(name), code.clone()))
                .collect(),
            countries: file.places.countries,
        };
        let names = BTreeMap::from([("before".to_string(), file.names.before)]);
        let places = BTreeMap::from([("before".to_string(), file.places.before)]);
        let sections = [
            ("exploitation", file.exploitation),
            ("labour", file.labour),
            ("means", file.means),
            ("signal", file.signals),
            ("name", names),
            ("place", places),
        ];
        for (section, codes) in sections {
            for (code, phrases) in codes {
                let cue = lexicon.cues.len();
                lexicon.cues.push(Cue {
                    section,
                    code: code.clone(),
                });
                for phrase in phrases {
                    let tokens = compile(&phrase).map_err(|why| LexiconError::Phrase {
                        section,
                        code: code.clone(),
                        phrase: phrase.clone(),
                        why,
                    })?;
                    lexicon.add(Phrase {
                        tokens,
                        cue,
                        text: phrase.clone(),
                    });
                }
            }
        }
        Ok(lexicon)
    }

    fn add(&mut self, phrase: Phrase) {
        let id = self.phrases.len();
        match &phrase.tokens[0] {
            Token::Word(w) => self.by_word.entry(w.clone()).or_default().push(id),
            _ => self.by_prefix.push(id),
        }
        self.phrases.push(phrase);
    }

    /// The phrases found in `words` outside the spans of personal data already found (a
    /// street called "Pine Grove" is no orchard).
    pub fn search_outside(&self, words: &[Word], pii: &[crate::pii::Found]) -> Vec<Hit> {
        let mut hits = self.search(words);
        hits.retain(|h| {
            let (start, end) = (words[h.start].start, words[h.end - 1].end);
            !pii.iter().any(|p| p.start < end && start < p.end)
        });
        hits
    }

    /// The phrase a hit found, as the lexicon writes it.
    pub fn phrase_text(&self, hit: &Hit) -> &str {
        &self.phrases[hit.phrase].text
    }

    /// Every phrase found in `words`, each at the first place it ends soonest.
    pub fn search(&self, words: &[Word]) -> Vec<Hit> {
        let mut hits = Vec::new();
        for start in 0..words.len() {
            let candidates = self
                .by_word
                .get(&words[start].folded)
                .into_iter()
                .flatten()
                .chain(&self.by_prefix);
            for &id in candidates {
                let phrase = &self.phrases[id];
                if let Some(end) = match_at(&phrase.tokens, words, start) {
                    hits.push(Hit {
                        cue: phrase.cue,
                        phrase: id,
                        start,
                        end,
                    });
                }
            }
        }
        hits
    }
}

/// Where `tokens` matched from `start` ends (exclusive), trying the shortest gaps first.
fn match_at(tokens: &[Token], words: &[Word], start: usize) -> Option<usize> {
    let Some((first, rest)) = tokens.split_first() else {
        return Some(start);
    };
    match first {
        Token::Gap => (0..=MAX_GAP).find_map(|skip| {
            let at = start + skip;
            (at <= words.len())
                .then(|| match_at(rest, words, at))
                .flatten()
        }),
        Token::Word(w) => {
            let word = words.get(start)?;
            (word.folded == *w)
                .then(|| match_at(rest, words, start + 1))
                .flatten()
        }
        Token::Prefix(p) => {
            let word = words.get(start)?;
            word.folded
                .starts_with(p.as_str())
                .then(|| match_at(rest, words, start + 1))
                .flatten()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(source: &str) -> Lexicon {
        Lexicon::parse(source).unwrap()
    }

    #[test]
    fn phrases_match_folded_words_with_prefixes_and_gaps() {
        let lex = lexicon(
            r#"language = "es"
            [means]
            withholds_documents = ["quitó * pasaporte", "retien* documentos"]
            threats = ["amenaz*"]"#,
        );
        let ws = text::words("Le QUITÓ el pasaporte y lo amenazaron; retienen documentos.");
        let found: Vec<(String, usize, usize)> = lex
            .search(&ws)
            .into_iter()
            .map(|h| (lex.cues[h.cue].key(), h.start, h.end))
            .collect();
        assert_eq!(
            found,
            [
                ("means:withholds_documents".to_string(), 1, 4),
                ("means:threats".to_string(), 6, 7),
                ("means:withholds_documents".to_string(), 7, 9),
            ]
        );
    }

    #[test]
    fn a_gap_stands_for_three_words_at_most() {
        let lex = lexicon("language = \"en\"\n[means]\nthreats = [\"will * kill\"]");
        assert_eq!(lex.search(&text::words("will a b c kill")).len(), 1);
        assert!(lex.search(&text::words("will a b c d kill")).is_empty());
    }

    #[test]
    fn a_broken_phrase_or_field_is_named() {
        let err = Lexicon::parse("language = \"en\"\n[means]\nthreats = [\"* kill\"]").unwrap_err();
        assert_eq!(
            err.to_string(),
            "means.threats: the phrase \"* kill\" starts or ends with a lone *"
        );
        let err = Lexicon::parse("language = \"en\"\n[meens]\nthreats = [\"kill\"]").unwrap_err();
        assert!(matches!(err, LexiconError::Syntax(m) if m.contains("meens")));
        assert!(Lexicon::parse("language = \"en\"\n[means]\nthreats = [\"!!\"]").is_err());
    }
}
