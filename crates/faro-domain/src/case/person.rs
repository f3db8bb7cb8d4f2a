//! Who the person of a case is, as the case worker records it: names, birth, contact details
//! (and whether each is safe to use), identity documents (and who holds them), the people and
//! places around them. The whole value is sealed in the database; a detail marked "need to
//! know" is removed before anyone but the case's own worker and supervisor sees the person.

use super::{Day, free_text};
use crate::vocab::Gender;
use crate::{Country, Message, ValidationError, Vocabulary, problem};
use serde::{Deserialize, Serialize};

/// A person has at most this many names (the one used first, then aliases).
pub const MAX_NAMES: usize = 8;
/// And at most this many contact details, and this many documents.
pub const MAX_DETAILS: usize = 10;
pub const NAME_MAX_CHARS: usize = 120;
pub const VALUE_MAX_CHARS: usize = 300;
/// The people and places around the person, in the case worker's words.
pub const CIRCLE_MAX_CHARS: usize = 4_000;

vocabulary! {
    /// A way to reach the person.
    ContactKind, "contact_kind" {
        Phone => ("phone", "phone", "Phone"),
        Email => ("email", "email", "E-mail"),
        Messaging => ("messaging", "messaging", "Messaging account"),
        Address => ("address", "address", "Address"),
        Other => ("other", "other", "Other"),
    }
}

vocabulary! {
    /// An identity document.
    DocumentKind, "document_kind" {
        Passport => ("passport", "passport", "Passport"),
        NationalId => ("national_id", "national_id", "National identity card"),
        Visa => ("visa", "visa", "Visa or residence permit"),
        WorkPermit => ("work_permit", "work_permit", "Work permit"),
        BirthCertificate => ("birth_certificate", "birth_certificate", "Birth certificate"),
        Other => ("other", "other", "Other document"),
    }
}

vocabulary! {
    /// Who holds a document: a trafficker's holding it is a means of control.
    DocumentHolder, "document_holder" {
        Person => ("person", "person", "The person"),
        Withheld => ("withheld", "withheld", "Withheld by someone else"),
        Authorities => ("authorities", "authorities", "The authorities"),
        Organisation => ("organisation", "organisation", "Our organisation"),
        Lost => ("lost", "lost", "Lost or destroyed"),
        Unknown => ("unknown", "unknown", "Not known"),
    }
}

/// A date of birth, or the ages the person seemed or said to be when the case was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Birth {
    Date(#[serde(with = "day")] Day),
    Ages { min: u8, max: u8 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(with = "code")]
    pub kind: ContactKind,
    pub value: String,
    /// Whether reaching the person this way is safe (a phone the trafficker reads is not).
    pub safe: bool,
    #[serde(default)]
    pub need_to_know: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    #[serde(with = "code")]
    pub kind: DocumentKind,
    pub number: Option<String>,
    #[serde(with = "code")]
    pub holder: DocumentHolder,
    #[serde(default)]
    pub need_to_know: bool,
}

/// A person as recorded; a value that came through [`Person::check`] is valid.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The name the person uses first, then aliases.
    pub names: Vec<String>,
    pub birth: Option<Birth>,
    #[serde(default, with = "optional_code")]
    pub gender: Option<Gender>,
    #[serde(default, with = "country")]
    pub citizenship: Option<Country>,
    /// ISO 639-1 codes, the language the person prefers first.
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub documents: Vec<Document>,
    /// The people and places around the person.
    #[serde(default)]
    pub circle: Option<String>,
    #[serde(default)]
    pub circle_need_to_know: bool,
    /// How many details [`Person::need_to_know_removed`] took out; never stored.
    #[serde(skip)]
    pub withheld: usize,
}

impl Person {
    /// The person's age on `today`: from the date of birth, or the lowest of the ages they
    /// seemed or said to be, so that a search for a service errs towards a minor's.
    pub fn age_on(&self, today: Day) -> Option<u16> {
        match self.birth? {
            Birth::Ages { min, .. } => Some(u16::from(min)),
            Birth::Date(born) => {
                let ((y, m, d), (by, bm, bd)) = (today.civil(), born.civil());
                let years = y - by - i32::from((m, d) < (bm, bd));
                u16::try_from(years).ok()
            }
        }
    }

    /// The person with every value trimmed and checked; the first problem found, naming its
    /// field (`names.2`, `contacts.0.value`, …).
    pub fn check(mut self) -> Result<Person, ValidationError> {
        if self.names.is_empty() || self.names.len() > MAX_NAMES {
            return Err(ValidationError::new(
                "names",
                Message::new(problem::CASE_NAMES).with("max", MAX_NAMES),
            ));
        }
        for (i, name) in self.names.iter_mut().enumerate() {
            *name = line(name, &format!("names.{i}"), NAME_MAX_CHARS)?;
        }
        if let Some(Birth::Ages { min, max }) = self.birth
            && (min > max || max > 120)
        {
            return Err(ValidationError::new(
                "birth",
                Message::new(problem::CASE_AGES),
            ));
        }
        for (i, code) in self.languages.iter_mut().enumerate() {
            let lower = code.trim().to_ascii_lowercase();
            if lower.len() != 2 || !lower.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(ValidationError::new(
                    format!("languages.{i}"),
                    Message::new(problem::NOT_A_LANGUAGE),
                )
                .of(code.chars().take(20).collect::<String>()));
            }
            *code = lower;
        }
        self.languages.dedup();
        if self.contacts.len() > MAX_DETAILS || self.documents.len() > MAX_DETAILS {
            return Err(ValidationError::new(
                "contacts",
                Message::new(problem::CASE_DETAILS).with("max", MAX_DETAILS),
            ));
        }
        for (i, contact) in self.contacts.iter_mut().enumerate() {
            contact.value = line(
                &contact.value,
                &format!("contacts.{i}.value"),
                VALUE_MAX_CHARS,
            )?;
        }
        for (i, document) in self.documents.iter_mut().enumerate() {
            document.number = match document.number.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(n) => Some(line(n, &format!("documents.{i}.number"), VALUE_MAX_CHARS)?),
            };
        }
        self.circle = match self.circle.as_deref() {
            Some(text) => free_text(text, "circle", CIRCLE_MAX_CHARS)?,
            None => None,
        };
        Ok(self)
    }

    /// The name the person uses.
    pub fn name(&self) -> &str {
        self.names.first().map_or("", String::as_str)
    }

    /// The person as someone outside the need to know sees them: every detail marked so is
    /// gone, and `withheld` says how many.
    pub fn need_to_know_removed(mut self) -> Person {
        let before =
            self.contacts.len() + self.documents.len() + usize::from(self.circle.is_some());
        self.contacts.retain(|c| !c.need_to_know);
        self.documents.retain(|d| !d.need_to_know);
        if self.circle_need_to_know {
            self.circle = None;
        }
        let after = self.contacts.len() + self.documents.len() + usize::from(self.circle.is_some());
        self.withheld = before - after;
        self
    }
}

/// One line of text: not empty, at most `max` characters, no control character or
/// bidirectional override.
fn line(text: &str, field: &str, max: usize) -> Result<String, ValidationError> {
    match free_text(text, field, max)? {
        Some(t) if !t.contains('\n') && !t.contains('\t') => Ok(t),
        _ => Err(ValidationError::new(
            field,
            Message::new(problem::CASE_TEXT).with("max", max),
        )),
    }
}

/// A vocabulary value as its code.
mod code {
    use crate::Vocabulary;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer, V: Vocabulary>(v: &V, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v.code())
    }

    pub fn deserialize<'de, D: Deserializer<'de>, V: Vocabulary>(d: D) -> Result<V, D::Error> {
        let text = String::deserialize(d)?;
        V::from_code(&text)
            .ok_or_else(|| D::Error::custom(format!("`{text}` is not one of {}", V::code_list())))
    }
}

mod optional_code {
    use crate::Vocabulary;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer, V: Vocabulary>(v: &Option<V>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => super::code::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, V: Vocabulary>(
        d: D,
    ) -> Result<Option<V>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap<V: Vocabulary>(#[serde(with = "super::code")] V);
        Ok(Option::<Wrap<V>>::deserialize(d)?.map(|w| w.0))
    }
}

mod country {
    use crate::Country;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &Option<Country>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(c) => s.serialize_str(c.alpha2()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Country>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(code) => Country::parse(&code, false)
                .map(Some)
                .map_err(|m| D::Error::custom(format!("`{code}`: {m}"))),
        }
    }
}

mod day {
    use super::Day;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &Day, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let text = String::deserialize(d)?;
        Day::parse(&text, "birth").map_err(|_| {
            D::Error::custom(format!(
                "`{text}` is not a date: give YYYY-MM-DD, from 1900 to 2200"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn maria() -> Person {
        Person {
            names: vec![" María José Pérez ".into(), "Majo".into()],
            birth: Some(Birth::Date(Day::parse("1999-04-12", "b").unwrap())),
            gender: Some(Gender::Female),
            citizenship: Country::from_alpha2("HN"),
            languages: vec!["ES".into(), "en".into()],
            contacts: vec![
                Contact {
                    kind: ContactKind::Phone,
                    value: "+504 9988 7766".into(),
                    safe: true,
                    need_to_know: false,
                },
                Contact {
                    kind: ContactKind::Address,
                    value: "Shelter B, 4th street".into(),
                    safe: true,
                    need_to_know: true,
                },
            ],
            documents: vec![Document {
                kind: DocumentKind::Passport,
                number: Some("X1234567".into()),
                holder: DocumentHolder::Withheld,
                need_to_know: false,
            }],
            circle: Some("A cousin in Tegucigalpa".into()),
            circle_need_to_know: true,
            withheld: 0,
        }
    }

    #[test]
    fn an_age_is_counted_from_the_birthday_or_the_lowest_age_seen() {
        let day = |t: &str| Day::parse(t, "d").unwrap();
        let mut p = Person {
            birth: Some(Birth::Date(day("2009-12-08"))),
            ..Person::default()
        };
        assert_eq!(p.age_on(day("2026-12-07")), Some(16), "the day before");
        assert_eq!(p.age_on(day("2026-12-08")), Some(17));
        assert_eq!(p.age_on(day("2000-01-01")), None, "not born yet");
        p.birth = Some(Birth::Ages { min: 15, max: 19 });
        assert_eq!(p.age_on(day("2026-12-07")), Some(15));
        p.birth = None;
        assert_eq!(p.age_on(day("2026-12-07")), None);
    }

    #[test]
    fn a_person_is_trimmed_checked_and_round_trips_through_json() {
        let p = maria().check().unwrap();
        assert_eq!(p.name(), "María José Pérez");
        assert_eq!(p.languages, ["es", "en"]);
        let json = serde_json::to_string(&p).unwrap();
        assert!(
            json.contains("\"gender\":\"female\"") && json.contains("\"HN\""),
            "{json}"
        );
        assert!(
            json.contains("\"date\":\"1999-04-12\"") && !json.contains("\"withheld\":"),
            "{json}"
        );
        let back: Person = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        let forged = json.replace("\"female\"", "\"queen\"");
        let e = serde_json::from_str::<Person>(&forged)
            .unwrap_err()
            .to_string();
        assert!(e.contains("`queen` is not one of"), "{e}");
    }

    #[test]
    fn bad_details_name_their_field() {
        let mut p = maria();
        p.names.clear();
        assert_eq!(p.check().unwrap_err().field, "names");
        let mut p = maria();
        p.names.push("bad\u{202e}name".into());
        assert_eq!(p.check().unwrap_err().field, "names.2");
        let mut p = maria();
        p.contacts[1].value = "two\nlines".into();
        assert_eq!(p.check().unwrap_err().field, "contacts.1.value");
        let mut p = maria();
        p.languages.push("spanish".into());
        let e = p.check().unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.value.as_deref()),
            ("languages.2", Some("spanish"))
        );
        let mut p = maria();
        p.birth = Some(Birth::Ages { min: 30, max: 20 });
        assert_eq!(p.check().unwrap_err().field, "birth");
        let mut p = maria();
        p.contacts = vec![p.contacts[0].clone(); MAX_DETAILS + 1];
        assert_eq!(p.check().unwrap_err().message.key, problem::CASE_DETAILS);
    }

    #[test]
    fn need_to_know_details_are_removed_and_counted() {
        let p = maria().check().unwrap().need_to_know_removed();
        assert_eq!(p.contacts.len(), 1);
        assert_eq!(p.circle, None);
        assert_eq!(p.documents.len(), 1);
        assert_eq!(p.withheld, 2);
    }
}
