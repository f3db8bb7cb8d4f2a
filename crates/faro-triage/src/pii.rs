//! Personal data in a text: e-mails, handles, document numbers, plates, phones and addresses by
//! the recognisers of `data/pii.toml` (patterns, validators, context words), and names by
//! `names`. Each finding has its kind and its span in characters, so that a text can be shown or
//! shared with every one of them masked.

use crate::text::Word;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// How many words before a value a context word may be.
const CONTEXT_WORDS: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Name,
    Phone,
    Email,
    Address,
    IdNumber,
    Plate,
    Handle,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Name,
        Kind::Phone,
        Kind::Email,
        Kind::Address,
        Kind::IdNumber,
        Kind::Plate,
        Kind::Handle,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::Address => "address",
            Kind::IdNumber => "id_number",
            Kind::Plate => "plate",
            Kind::Handle => "handle",
        }
    }

    /// `value` (a piece of personal data of this kind, as written) in the one form that the
    /// same datum takes however it was written, so that findings of two reports or two
    /// sources compare equal: a phone's digits (its `+` kept), an e-mail or a handle in lower
    /// case (a handle without its `@`), a document number or a plate in upper-case letters and
    /// digits only, a name or an address in lower case with single spaces.
    pub fn normalise(self, value: &str) -> String {
        let kept = |keep: fn(&char) -> bool| value.chars().filter(keep).collect::<String>();
        match self {
            Kind::Phone => {
                let digits = kept(char::is_ascii_digit);
                if value.trim_start().starts_with('+') {
                    format!("+{digits}")
                } else {
                    digits
                }
            }
            Kind::Email => value.trim().to_lowercase(),
            Kind::Handle => value.trim().trim_start_matches('@').to_lowercase(),
            Kind::IdNumber | Kind::Plate => kept(|c| c.is_alphanumeric()).to_uppercase(),
            Kind::Name | Kind::Address => value
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        }
    }
}

/// A piece of personal data: `start..end` in characters of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Validator {
    Dni,
    Nie,
    Nir,
    Phone,
    HasDigit,
    HasDigitAndLetter,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecogniserFile {
    kind: Kind,
    pattern: String,
    #[serde(default)]
    group: usize,
    validator: Option<Validator>,
    #[serde(default)]
    context: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    recogniser: Vec<RecogniserFile>,
}

#[derive(Debug)]
struct Recogniser {
    kind: Kind,
    regex: Regex,
    group: usize,
    validator: Option<Validator>,
    context: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PiiError {
    #[error("the recognisers file is not valid: {0}")]
    Syntax(String),
    #[error("recogniser {index} ({kind}): the pattern does not compile: {why}")]
    Pattern {
        index: usize,
        kind: &'static str,
        why: String,
    },
}

#[derive(Debug)]
pub struct Recognisers(Vec<Recogniser>);

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

fn check_letter(number: u64, letter: u8) -> bool {
    DNI_LETTERS[(number % 23) as usize] == letter.to_ascii_uppercase()
}

fn alphanumerics(value: &str) -> Vec<u8> {
    value.bytes().filter(u8::is_ascii_alphanumeric).collect()
}

fn valid(validator: Validator, value: &str) -> bool {
    let chars = alphanumerics(value);
    let digits = chars.iter().filter(|b| b.is_ascii_digit()).count();
    let number = |bytes: &[u8]| std::str::from_utf8(bytes).ok()?.parse::<u64>().ok();
    match validator {
        Validator::Phone => (7..=15).contains(&digits),
        Validator::HasDigit => digits > 0,
        Validator::HasDigitAndLetter => digits > 0 && digits < chars.len(),
        Validator::Dni => match chars.split_last() {
            Some((&letter, body)) => number(body).is_some_and(|n| check_letter(n, letter)),
            None => false,
        },
        Validator::Nie => {
            let Some((&letter, body)) = chars.split_last() else {
                return false;
            };
            let Some((&first, rest)) = body.split_first() else {
                return false;
            };
            let lead = match first.to_ascii_uppercase() {
                b'X' => b'0',
                b'Y' => b'1',
                _ => b'2',
            };
            let mut whole = vec![lead];
            whole.extend_from_slice(rest);
            number(&whole).is_some_and(|n| check_letter(n, letter))
        }
        Validator::Nir => {
            if chars.len() != 15 {
                return false;
            }
            // Corsica's departments 2A and 2B count as 19 and 18.
            let body = String::from_utf8_lossy(&chars[..13])
                .replace("2A", "19")
                .replace("2B", "18");
            let (Ok(n), Some(key)) = (body.parse::<u64>(), number(&chars[13..])) else {
                return false;
            };
            97 - n % 97 == key
        }
    }
}

impl Recognisers {
    pub fn parse(source: &str) -> Result<Recognisers, PiiError> {
        let file: File = toml::from_str(source).map_err(|e| PiiError::Syntax(e.to_string()))?;
        let mut out = Vec::new();
        for (index, r) in file.recogniser.into_iter().enumerate() {
            let regex = Regex::new(&r.pattern).map_err(|e| PiiError::Pattern {
                index,
                kind: r.kind.code(),
                why: e.to_string(),
            })?;
            out.push(Recogniser {
                kind: r.kind,
                regex,
                group: r.group,
                validator: r.validator,
                context: r.context.iter().map(|c| crate::text::fold(c)).collect(),
            });
        }
        Ok(Recognisers(out))
    }

    /// Every value found in `text`, none overlapping one found before it.
    pub fn find(&self, text: &str, words: &[Word], found: &mut Vec<Found>) {
        let mut offsets = CharOffsets::new(text);
        for r in &self.0 {
            for caps in r.regex.captures_iter(text) {
                let Some(m) = caps.get(r.group) else {
                    continue;
                };
                let (start, end) = (offsets.at(m.start()), offsets.at(m.end()));
                if found.iter().any(|f| f.start < end && start < f.end) {
                    continue;
                }
                if r.validator.is_some_and(|v| !valid(v, m.as_str())) {
                    continue;
                }
                if !r.context.is_empty() && !context_before(words, start, &r.context) {
                    continue;
                }
                found.push(Found {
                    kind: r.kind,
                    start,
                    end,
                });
            }
        }
    }
}

/// Whether one of `context` is among the few words before character `start`.
fn context_before(words: &[Word], start: usize, context: &[String]) -> bool {
    let before = words.partition_point(|w| w.end <= start);
    words[before.saturating_sub(CONTEXT_WORDS)..before]
        .iter()
        .any(|w| context.contains(&w.folded))
}

/// Byte offsets to character offsets, counted once as the matches come in order.
struct CharOffsets<'t> {
    text: &'t str,
    byte: usize,
    chars: usize,
}

impl<'t> CharOffsets<'t> {
    fn new(text: &'t str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_datum_written_two_ways_is_normalised_to_one_value() {
        let same = |kind: Kind, a: &str, b: &str, want: &str| {
            assert_eq!(kind.normalise(a), want, "{a}");
            assert_eq!(kind.normalise(b), want, "{b}");
        };
        same(
            Kind::Phone,
            "+34 612 345 678",
            "+34-612-345-678",
            "+34612345678",
        );
        same(
            Kind::Phone,
            "06 12 34 56 78",
            "06.12.34.56.78",
            "0612345678",
        );
        same(
            Kind::Email,
            "Ana.Lopez@Example.org ",
            "ana.lopez@example.org",
            "ana.lopez@example.org",
        );
        same(Kind::Handle, "@Ana_Lopez", "ana_lopez", "ana_lopez");
        same(Kind::IdNumber, "48392017-v", "48 392 017 V", "48392017V");
        same(Kind::Plate, "1234 bcd", "1234-BCD", "1234BCD");
        same(Kind::Name, "María  José", "maría josé", "maría josé");
        same(
            Kind::Address,
            "Calle Mayor\n 5",
            "calle mayor 5",
            "calle mayor 5",
        );
        assert_ne!(
            Kind::Phone.normalise("+33 6 12"),
            Kind::Phone.normalise("33 6 12")
        );
    }

    #[test]
    fn check_digits_are_checked() {
        assert!(valid(Validator::Dni, "48392017V"));
        assert!(!valid(Validator::Dni, "48392017A"));
        assert!(valid(Validator::Nie, "X4829103T"));
        assert!(!valid(Validator::Nie, "X4829103A"));
        assert!(valid(Validator::Nir, "2 85 03 75 056 234 89"));
        assert!(!valid(Validator::Nir, "2 85 03 75 056 234 88"));
        assert!(valid(Validator::Phone, "+34 612 345 678"));
        assert!(!valid(Validator::Phone, "12-34"));
    }

    #[test]
    fn a_broken_pattern_is_named() {
        let err =
            Recognisers::parse("[[recogniser]]\nkind = \"phone\"\npattern = \"(\"").unwrap_err();
        assert!(matches!(
            err,
            PiiError::Pattern {
                index: 0,
                kind: "phone",
                ..
            }
        ));
        assert!(Recognisers::parse("[[recogniser]]\nkind = \"shoe\"\npattern = \"x\"").is_err());
    }
}
