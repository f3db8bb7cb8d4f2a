//! Finding a case before opening another for the same person, with typos tolerated, without
//! the database ever holding a name in clear: a person becomes a set of short *terms* (the
//! trigrams of each normalised name, the 4-grams of each phone number's digits, the date of
//! birth, each e-mail address), which the store keeps only as keyed hashes. A query becomes
//! terms the same way; the cases sharing enough of them are candidates, which the store opens
//! and this module scores against the query in memory.

use super::Day;
use super::person::{Birth, ContactKind, Person};

/// The trailing digits of a phone number that count: a country code written or not, and a
/// leading zero, do not change the match.
const PHONE_DIGITS: usize = 9;
/// A candidate must share at least this share of the query's terms.
const SHARED_TERMS: f64 = 0.4;
/// A name matches at or above this Jaro-Winkler similarity (one typo in a short name passes).
const NAME_SIMILARITY: f64 = 0.85;

/// What the case worker searched for, as the kind of thing it looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// `#12` or `12`: a case number (also tried as a phone when long enough).
    Number(i64),
    Date(Day),
    Phone(String),
    Email(String),
    Name(String),
}

impl Query {
    /// `None` when the text holds nothing to search by.
    pub fn parse(text: &str) -> Option<Query> {
        let text = text.trim();
        if let Some(n) = text
            .strip_prefix('#')
            .unwrap_or(text)
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0 && text.len() <= 7)
        {
            return Some(Query::Number(n));
        }
        if let Ok(day) = Day::parse(text, "q") {
            return Some(Query::Date(day));
        }
        if text.contains('@') {
            return Some(Query::Email(text.to_lowercase()));
        }
        let digits = phone_digits(text);
        let phoneish = text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if phoneish && digits.len() >= 6 {
            return Some(Query::Phone(digits));
        }
        let name = normalise(text);
        (!name.is_empty()).then_some(Query::Name(name))
    }

    /// The terms a candidate must share (before keying); empty for a case number, which is
    /// looked up directly.
    pub fn terms(&self) -> Vec<String> {
        match self {
            Query::Number(_) => Vec::new(),
            Query::Date(day) => vec![format!("b:{day}")],
            Query::Phone(digits) => grams("p", digits, 4),
            Query::Email(email) => vec![format!("e:{email}")],
            Query::Name(name) => name_terms(name),
        }
    }

    /// How many of [`Query::terms`] a candidate must share.
    pub fn enough(&self) -> usize {
        let n = self.terms().len();
        ((n as f64 * SHARED_TERMS).ceil() as usize).max(1)
    }

    /// How well `person` answers the query, from 0 to 1; `None` when it does not.
    pub fn score(&self, person: &Person) -> Option<f64> {
        let best = match self {
            Query::Number(_) => None,
            Query::Date(day) => {
                matches!(person.birth, Some(Birth::Date(d)) if d == *day).then_some(1.0)
            }
            Query::Email(email) => person
                .contacts
                .iter()
                .any(|c| c.kind == ContactKind::Email && c.value.to_lowercase() == *email)
                .then_some(1.0),
            Query::Phone(digits) => person
                .contacts
                .iter()
                .filter(|c| c.kind == ContactKind::Phone)
                .map(|c| strsim::normalized_damerau_levenshtein(&phone_digits(&c.value), digits))
                .fold(None, max),
            Query::Name(name) => person
                .names
                .iter()
                .map(|n| name_similarity(name, &normalise(n)))
                .fold(None, max),
        }?;
        let threshold = if matches!(self, Query::Phone(_)) {
            0.75
        } else {
            NAME_SIMILARITY
        };
        (best >= threshold).then_some(best)
    }
}

fn max(a: Option<f64>, b: f64) -> Option<f64> {
    Some(a.map_or(b, |a| a.max(b)))
}

/// The terms a person is found by (before keying), each once.
pub fn terms(person: &Person) -> Vec<String> {
    let mut out: Vec<String> = person
        .names
        .iter()
        .flat_map(|n| name_terms(&normalise(n)))
        .collect();
    if let Some(Birth::Date(day)) = person.birth {
        out.push(format!("b:{day}"));
    }
    for contact in &person.contacts {
        match contact.kind {
            ContactKind::Phone => out.extend(grams("p", &phone_digits(&contact.value), 4)),
            ContactKind::Email => out.push(format!("e:{}", contact.value.to_lowercase())),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Letters and digits only, without accents, lower-case, one space between words: "José
/// PÉREZ-López" and "jose perez lopez" are the same name.
pub fn normalise(text: &str) -> String {
    let plain = deunicode::deunicode(text).to_lowercase();
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each word's trigrams with its edges marked, so word order does not matter.
fn name_terms(name: &str) -> Vec<String> {
    let mut out: Vec<String> = name
        .split(' ')
        .flat_map(|w| grams("n", &format!("^{w}$"), 3))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn grams(kind: &str, text: &str, n: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < n {
        return if chars.is_empty() {
            Vec::new()
        } else {
            vec![format!("{kind}:{text}")]
        };
    }
    chars
        .windows(n)
        .map(|w| format!("{kind}:{}", w.iter().collect::<String>()))
        .collect()
}

fn phone_digits(text: &str) -> String {
    let digits: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(PHONE_DIGITS)..]
        .iter()
        .collect()
}

/// Word by word: each word of the query against its best word of the name, so "Perez Maria"
/// finds "María José Pérez" and a missing middle name costs nothing.
fn name_similarity(query: &str, name: &str) -> f64 {
    let words: Vec<&str> = name.split(' ').collect();
    let scores: Vec<f64> = query
        .split(' ')
        .map(|q| {
            words
                .iter()
                .map(|w| strsim::jaro_winkler(q, w))
                .fold(0.0, f64::max)
        })
        .collect();
    scores.iter().sum::<f64>() / scores.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::person::Contact;

    fn person(names: &[&str], phone: &str) -> Person {
        Person {
            names: names.iter().map(|n| n.to_string()).collect(),
            birth: Some(Birth::Date(Day::parse("1999-04-12", "b").unwrap())),
            contacts: vec![Contact {
                kind: ContactKind::Phone,
                value: phone.into(),
                safe: true,
                need_to_know: false,
            }],
            ..Person::default()
        }
    }

    fn finds(query: &str, p: &Person) -> bool {
        let q = Query::parse(query).unwrap();
        let stored = terms(p);
        let shared = q.terms().iter().filter(|t| stored.contains(t)).count();
        shared >= q.enough() && q.score(p).is_some()
    }

    #[test]
    fn a_mistyped_name_finds_the_person_and_another_name_does_not() {
        let maria = person(&["María José Pérez", "Majo"], "+504 9988-7766");
        for typed in [
            "maria perez",
            "Mraia Perez",
            "perez maria",
            "PEREZ",
            "Maria Jose Peres",
            "majo",
        ] {
            assert!(finds(typed, &maria), "{typed}");
        }
        for other in ["Ana Gomez", "Jose Luis", "Pedro"] {
            assert!(!finds(other, &maria), "{other}");
        }
    }

    #[test]
    fn phones_dates_and_numbers_are_recognised() {
        let maria = person(&["María"], "+504 9988-7766");
        assert!(finds("9988 7766", &maria));
        assert!(finds("00504 99887767", &maria), "one digit wrong");
        assert!(!finds("+1 555 123 4567", &maria));
        assert!(finds("1999-04-12", &maria));
        assert!(!finds("1999-04-13", &maria));
        assert_eq!(Query::parse("#42"), Some(Query::Number(42)));
        assert_eq!(Query::parse("42"), Some(Query::Number(42)));
        assert_eq!(Query::parse("  "), None);
        assert_eq!(Query::parse("---"), None);
        assert!(Query::Number(4).terms().is_empty());
    }

    #[test]
    fn terms_never_hold_a_whole_name() {
        let t = terms(&person(&["Esperanza"], "12345678"));
        assert!(
            t.iter()
                .all(|t| t.len() <= 2 + 12 && !t.contains("esperanza")),
            "{t:?}"
        );
        assert!(t.contains(&"n:^es".to_string()) && t.contains(&"p:1234".to_string()));
    }
}
