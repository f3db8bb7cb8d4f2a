//! A case's inputs read into the domain's values: a person, a consent, a plan, a service, a
//! task, a closure. The pages' forms and the API's JSON bodies use the same field names and
//! both come here as [`Form`], so a rule and the field its problem names are written once.

use faro_domain::case::person::{
    Birth, Contact, ContactKind, Document, DocumentHolder, DocumentKind, MAX_DETAILS, Person,
};
use faro_domain::case::{
    ClosureReason, ConsentMeans, ConsentPurpose, ConsentState, Day, PlanKind, ServiceKind,
    ServiceStatus, free_text,
};
use faro_domain::vocab::Gender;
use faro_domain::{Country, Message, ValidationError, Vocabulary, problem};
use faro_store::{ConsentInput, NewService, NewTask};

/// A task's title and a service's provider or outcome hold at most this many characters.
pub const SHORT_TEXT: usize = 300;
/// A closure's summary and a minor's guardian hold at most this many.
pub const LONG_TEXT: usize = 4_000;

/// A posted form's fields, in order.
pub struct Form(Vec<(String, String)>);

impl Form {
    pub fn parse(body: &[u8]) -> Form {
        Form(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// A JSON object's members as fields: a string or a number as it is, each item of an
    /// array as one more field of its name, the members of an object as fields of their own
    /// names, `true` as "on"; `false` and `null` as absent (what an unticked box or an empty
    /// field sends).
    pub fn from_json(value: &serde_json::Value) -> Form {
        use serde_json::Value;
        fn push(out: &mut Vec<(String, String)>, name: &str, value: &Value) {
            match value {
                Value::String(s) => out.push((name.to_string(), s.clone())),
                Value::Number(n) => out.push((name.to_string(), n.to_string())),
                Value::Bool(true) => out.push((name.to_string(), "on".to_string())),
                Value::Array(items) => items.iter().for_each(|v| push(out, name, v)),
                Value::Object(members) => members.iter().for_each(|(k, v)| push(out, k, v)),
                Value::Bool(false) | Value::Null => {}
            }
        }
        let mut out = Vec::new();
        if let Value::Object(members) = value {
            members.iter().for_each(|(k, v)| push(&mut out, k, v));
        }
        Form(out)
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    /// A whole number of `name` (a version, an id), or `None`.
    pub fn number(&self, name: &str) -> Option<i64> {
        self.get(name).trim().parse().ok()
    }

    /// A code of `V`, required.
    pub fn code<V: Vocabulary>(&self, name: &str) -> Result<V, ValidationError> {
        code(name, self.get(name))
    }

    /// A code of `V`, or `None` when the field is empty.
    pub fn optional_code<V: Vocabulary>(&self, name: &str) -> Result<Option<V>, ValidationError> {
        if self.get(name).trim().is_empty() {
            Ok(None)
        } else {
            self.code(name).map(Some)
        }
    }

    pub fn day(&self, name: &str) -> Result<Option<Day>, ValidationError> {
        match self.get(name).trim() {
            "" => Ok(None),
            text => Day::parse(text, name).map(Some),
        }
    }

    pub fn text(&self, name: &str, max: usize) -> Result<Option<String>, ValidationError> {
        free_text(self.get(name), name, max)
    }

    /// One line of text, required.
    pub fn line(&self, name: &str, max: usize) -> Result<String, ValidationError> {
        match self.text(name, max)? {
            Some(t) if !t.contains('\n') => Ok(t),
            _ => Err(ValidationError::new(
                name,
                Message::new(problem::CASE_TEXT).with("max", max),
            )),
        }
    }
}

/// `text` as a code of `V`, the field `name` blamed when it is not one.
pub fn code<V: Vocabulary>(name: &str, text: &str) -> Result<V, ValidationError> {
    let text = text.trim();
    V::from_code(text).ok_or_else(|| {
        ValidationError::new(
            name,
            Message::new(problem::NOT_ONE_OF).with("expected", V::code_list()),
        )
        .of(text.chars().take(40).collect::<String>())
    })
}

/// Today (UTC), against which tasks are overdue.
pub fn today() -> Day {
    Day::of_unix(time::OffsetDateTime::now_utc().unix_timestamp())
}

/// The person form: the name used, other names one per line, a date of birth or an age
/// range, gender, citizenship, languages, contact details and documents by row, the people
/// and places around them.
pub fn person(form: &Form) -> Result<Person, ValidationError> {
    let mut names: Vec<String> = vec![form.get("name").to_string()];
    names.extend(
        form.get("aliases")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from),
    );
    let birth = match (
        form.day("birth_date")?,
        form.get("age_min").trim(),
        form.get("age_max").trim(),
    ) {
        (Some(day), _, _) => Some(Birth::Date(day)),
        (None, "", "") => None,
        (None, min, max) => {
            let age = |t: &str| {
                t.parse::<u8>()
                    .map_err(|_| ValidationError::new("birth", Message::new(problem::CASE_AGES)))
            };
            let min = if min.is_empty() { age(max)? } else { age(min)? };
            let max = if max.is_empty() { min } else { age(max)? };
            Some(Birth::Ages { min, max })
        }
    };
    let citizenship = match form.get("citizenship").trim() {
        "" => None,
        code => Some(
            Country::parse(code, false)
                .map_err(|m| ValidationError::new("citizenship", m).of(code))?,
        ),
    };
    let languages = form
        .get("languages")
        .split([',', ' '])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let mut contacts = Vec::new();
    let mut documents = Vec::new();
    for i in 0..MAX_DETAILS + 1 {
        let value = form.get(&format!("contact_value_{i}"));
        if !value.trim().is_empty() {
            contacts.push(Contact {
                kind: form.code::<ContactKind>(&format!("contact_kind_{i}"))?,
                value: value.to_string(),
                safe: form.checked(&format!("contact_safe_{i}")),
                need_to_know: form.checked(&format!("contact_ntk_{i}")),
            });
        }
        if let Some(kind) = form.optional_code::<DocumentKind>(&format!("document_kind_{i}"))? {
            documents.push(Document {
                kind,
                number: Some(form.get(&format!("document_number_{i}")).to_string()),
                holder: form
                    .optional_code::<DocumentHolder>(&format!("document_holder_{i}"))?
                    .unwrap_or(DocumentHolder::Unknown),
                need_to_know: form.checked(&format!("document_ntk_{i}")),
            });
        }
    }
    Person {
        names,
        birth,
        gender: form.optional_code::<Gender>("gender")?,
        citizenship,
        languages,
        contacts,
        documents,
        circle: Some(form.get("circle").to_string()),
        circle_need_to_know: form.checked("circle_ntk"),
        withheld: 0,
    }
    .check()
}

pub fn consent(form: &Form) -> Result<ConsentInput, ValidationError> {
    Ok(ConsentInput {
        purpose: form.code::<ConsentPurpose>("purpose")?,
        state: form.code::<ConsentState>("state")?,
        means: form.code::<ConsentMeans>("means")?,
        until: form.day("until")?,
        partners: form
            .all("partners")
            .map(|p| {
                faro_domain::case::PartnerKind::from_code(p).ok_or_else(|| {
                    ValidationError::new(
                        "partners",
                        Message::new(problem::NOT_ONE_OF)
                            .with("expected", faro_domain::case::PartnerKind::code_list()),
                    )
                    .of(p.chars().take(40).collect::<String>())
                })
            })
            .collect::<Result<_, _>>()?,
        given_by: form.text("given_by", LONG_TEXT)?,
    })
}

pub fn plan(form: &Form) -> Result<(PlanKind, Vec<(String, String)>), ValidationError> {
    let kind = form.code::<PlanKind>("kind")?;
    let given: Vec<(String, String)> = kind
        .sections()
        .iter()
        .map(|s| (s.to_string(), form.get(s).to_string()))
        .collect();
    Ok((kind, kind.check(&given)?))
}

pub fn service(form: &Form) -> Result<NewService, ValidationError> {
    Ok(NewService {
        kind: form.code::<ServiceKind>("service")?,
        status: form.code::<ServiceStatus>("status")?,
        planned: form.day("planned")?,
        delivered: form.day("delivered")?,
        provider: form.text("provider", SHORT_TEXT)?,
        outcome: form.text("outcome", LONG_TEXT)?,
    })
}

pub fn task(form: &Form) -> Result<NewTask, ValidationError> {
    let due = form
        .day("due")?
        .ok_or_else(|| ValidationError::new("due", Message::new(problem::NOT_A_DATE)))?;
    Ok(NewTask {
        title: form.line("title", SHORT_TEXT)?,
        due,
        assignee: form.number("assignee"),
    })
}

pub fn closure(form: &Form) -> Result<(ClosureReason, Option<String>), ValidationError> {
    Ok((
        form.code::<ClosureReason>("reason")?,
        form.text("summary", LONG_TEXT)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_person_form_becomes_a_checked_person() {
        let p = person(&form(&[
            ("name", " Ana María "),
            ("aliases", "Anita\r\n\r\nLa Flaca"),
            ("age_min", "16"),
            ("age_max", "18"),
            ("gender", "female"),
            ("citizenship", "VE"),
            ("languages", "es, EN"),
            ("contact_kind_0", "phone"),
            ("contact_value_0", "+58 412 555 0000"),
            ("contact_safe_0", "on"),
            ("contact_kind_1", "phone"),
            ("contact_value_1", ""),
            ("document_kind_0", "passport"),
            ("document_number_0", ""),
            ("document_holder_0", "withheld"),
            ("document_ntk_0", "on"),
            ("circle", ""),
        ]))
        .unwrap();
        assert_eq!(p.names, ["Ana María", "Anita", "La Flaca"]);
        assert_eq!(p.birth, Some(Birth::Ages { min: 16, max: 18 }));
        assert_eq!(p.languages, ["es", "en"]);
        assert_eq!(p.contacts.len(), 1);
        assert!(p.contacts[0].safe && !p.contacts[0].need_to_know);
        assert_eq!(
            (
                p.documents[0].number.as_deref(),
                p.documents[0].need_to_know
            ),
            (None, true)
        );
        assert_eq!(p.circle, None);
    }

    #[test]
    fn each_bad_box_is_named() {
        let cases: [(&[(&str, &str)], &str); 6] = [
            (&[("name", "")], "names.0"),
            (
                &[("name", "Ana"), ("birth_date", "31/12/1999")],
                "birth_date",
            ),
            (&[("name", "Ana"), ("age_min", "old")], "birth"),
            (&[("name", "Ana"), ("citizenship", "XX")], "citizenship"),
            (
                &[
                    ("name", "Ana"),
                    ("contact_value_3", "x"),
                    ("contact_kind_3", "pigeon"),
                ],
                "contact_kind_3",
            ),
            (&[("name", "Ana"), ("gender", "queen")], "gender"),
        ];
        for (pairs, field) in cases {
            assert_eq!(person(&form(pairs)).unwrap_err().field, field, "{pairs:?}");
        }
        let e = task(&form(&[("title", "Call"), ("due", "")])).unwrap_err();
        assert_eq!(e.field, "due");
        let e = task(&form(&[("title", "two\nlines"), ("due", "2026-01-01")])).unwrap_err();
        assert_eq!(e.field, "title");
        let e = consent(&form(&[
            ("purpose", "statistics"),
            ("state", "given"),
            ("means", "spoken"),
            ("partners", "mafia"),
        ]))
        .unwrap_err();
        assert_eq!(e.field, "partners");
        let e = plan(&form(&[("kind", "safety"), ("risks", "")])).unwrap_err();
        assert_eq!(e.message.key, problem::CASE_PLAN_EMPTY);
    }
}
