//! A provider's correction of its own directory entry: the yearly update, made through a
//! single-use link without an account and applied only once the directory's keeper has read
//! it. A provider knows best what a case worker calls and checks first (name, contacts,
//! languages, ages, beds free), so those are what it edits; anything else (an address that
//! moved, new opening hours) it writes in a note for the keeper. Locations are never shown to
//! the link's holder: a link forwarded by mistake must not give away a shelter's address.
//!
//! The correction is written into the service's HSDS document, so that everything Faro does
//! not show goes back unchanged, and the entry is read again by [`crate::from_service`]: a
//! correction that breaks the specification is refused like a bad feed.

use crate::entry::derived;
use faro_domain::case::free_text;
use faro_domain::credential::Email;
use faro_domain::directory::{CAPACITY_TAXONOMY, Object, language_code};
use faro_domain::{Message, ValidationError, problem};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The longest name, e-mail, web address or phone a provider may give.
const SHORT: usize = 200;
/// The longest description or note.
const LONG: usize = 2000;
/// The most languages one service lists.
const MAX_LANGUAGES: usize = 20;
/// No person is older; ages above are typing mistakes.
const MAX_AGE: u16 = 130;
/// No shelter has more beds free; more is a typing mistake.
const MAX_BEDS: u32 = 100_000;

/// What a provider may correct, as typed into the form (so that a refused form comes back
/// as sent) and as kept until the keeper decides.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Correction {
    pub name: String,
    pub description: String,
    pub email: String,
    pub url: String,
    pub phone: String,
    /// ISO 639 codes separated by commas or spaces.
    pub languages: String,
    pub minimum_age: String,
    pub maximum_age: String,
    pub beds_free: String,
    /// Anything else, for the keeper to apply by hand.
    pub note: String,
}

/// The fields in the form's order, each with its label's key.
pub const FIELDS: [(&str, &str); 10] = [
    ("name", "update-name"),
    ("description", "update-description"),
    ("email", "update-email"),
    ("url", "update-url"),
    ("phone", "update-phone"),
    ("languages", "update-languages"),
    ("minimum_age", "update-minimum_age"),
    ("maximum_age", "update-maximum_age"),
    ("beds_free", "update-beds_free"),
    ("note", "update-note"),
];

impl Correction {
    /// The entry's current values, to fill the form.
    pub fn of(service: &Object) -> Correction {
        let text = |field: &str| {
            service
                .get(field)
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => String::new(),
                })
                .unwrap_or_default()
        };
        let languages: Vec<String> = service
            .get("languages")
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(|x| x["code"].as_str().and_then(language_code))
                    .collect()
            })
            .unwrap_or_default();
        Correction {
            name: text("name"),
            description: text("description"),
            email: text("email"),
            url: text("url"),
            phone: first_phone(service)
                .and_then(|p| p["number"].as_str())
                .unwrap_or_default()
                .to_string(),
            languages: languages.join(", "),
            minimum_age: text("minimum_age"),
            maximum_age: text("maximum_age"),
            beds_free: beds_free(service).unwrap_or_default(),
            note: String::new(),
        }
    }

    /// A field's value by its name in [`FIELDS`].
    pub fn field(&self, name: &str) -> &str {
        match name {
            "name" => &self.name,
            "description" => &self.description,
            "email" => &self.email,
            "url" => &self.url,
            "phone" => &self.phone,
            "languages" => &self.languages,
            "minimum_age" => &self.minimum_age,
            "maximum_age" => &self.maximum_age,
            "beds_free" => &self.beds_free,
            "note" => &self.note,
            _ => "",
        }
    }

    /// The fields whose value differs from `before`'s: (name, label key, before, after).
    pub fn changes<'a>(
        &'a self,
        before: &'a Correction,
    ) -> Vec<(&'static str, &'static str, &'a str, &'a str)> {
        FIELDS
            .iter()
            .filter(|(name, _)| before.field(name) != self.field(name))
            .map(|(name, label)| (*name, *label, before.field(name), self.field(name)))
            .collect()
    }

    /// The correction checked and tidied (trimmed, e-mail in lower case, languages as codes);
    /// every problem, each naming its field.
    pub fn checked(&self) -> Result<Correction, Vec<ValidationError>> {
        let mut problems = Vec::new();
        let mut text = |field: &'static str, value: &str, max: usize| {
            free_text(value, field, max)
                .map_err(|e| problems.push(e))
                .ok()
                .flatten()
                .unwrap_or_default()
        };
        let mut out = Correction {
            name: text("name", &self.name, SHORT),
            description: text("description", &self.description, LONG),
            email: text("email", &self.email, SHORT),
            url: text("url", &self.url, SHORT),
            phone: text("phone", &self.phone, SHORT),
            note: text("note", &self.note, LONG),
            ..Correction::default()
        };
        if out.name.is_empty() {
            problems.push(ValidationError::new(
                "name",
                Message::new(problem::NAME_REQUIRED),
            ));
        }
        if !out.email.is_empty() {
            match Email::parse(&out.email) {
                Ok(e) => out.email = e.as_str().to_string(),
                Err(e) => problems.push(e),
            }
        }
        let web = ["https://", "http://"];
        if !(out.url.is_empty() || web.iter().any(|w| out.url.starts_with(w))) {
            problems.push(
                ValidationError::new("url", Message::new(problem::NOT_A_WEB_ADDRESS))
                    .of(out.url.clone()),
            );
        }
        if !out.phone.is_empty()
            && !out
                .phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        {
            problems.push(
                ValidationError::new("phone", Message::new(problem::NOT_A_PHONE))
                    .of(out.phone.clone()),
            );
        }
        let mut codes = Vec::new();
        for code in self
            .languages
            .split([',', ' ', ';'])
            .filter(|c| !c.trim().is_empty())
        {
            match language_code(code) {
                Some(c) if !codes.contains(&c) => codes.push(c),
                Some(_) => {}
                None => problems.push(
                    ValidationError::new("languages", Message::new(problem::NOT_A_LANGUAGE))
                        .of(code.trim().chars().take(40).collect::<String>()),
                ),
            }
        }
        if codes.len() > MAX_LANGUAGES {
            problems.push(ValidationError::new(
                "languages",
                Message::new(problem::TOO_MANY_LANGUAGES).with("max", MAX_LANGUAGES),
            ));
        }
        out.languages = codes.join(", ");
        let min = number(
            "minimum_age",
            &self.minimum_age,
            u32::from(MAX_AGE),
            &mut problems,
        );
        let max = number(
            "maximum_age",
            &self.maximum_age,
            u32::from(MAX_AGE),
            &mut problems,
        );
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            problems.push(
                ValidationError::new("maximum_age", Message::new(problem::AGES_REVERSED))
                    .of(b.to_string()),
            );
        }
        let beds = number("beds_free", &self.beds_free, MAX_BEDS, &mut problems);
        out.minimum_age = min.map(|n| n.to_string()).unwrap_or_default();
        out.maximum_age = max.map(|n| n.to_string()).unwrap_or_default();
        out.beds_free = beds.map(|n| n.to_string()).unwrap_or_default();
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    /// Writes a checked correction into the service's document, vouched for on `today`
    /// (YYYY-MM-DD): the keeper read it and the provider stands by it.
    pub fn apply(&self, service: &mut Object, today: &str) {
        let id = service
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        for field in ["name", "description", "email", "url"] {
            set(
                service,
                field,
                (!self.field(field).is_empty()).then(|| json!(self.field(field))),
            );
        }
        for field in ["minimum_age", "maximum_age"] {
            set(
                service,
                field,
                self.field(field).parse::<u16>().ok().map(|n| json!(n)),
            );
        }
        set(service, "assured_date", Some(json!(today)));
        self.apply_phone(service, &id);
        self.apply_languages(service, &id);
        self.apply_beds(service, &id, today);
    }

    fn apply_phone(&self, service: &mut Object, id: &str) {
        let phones = service
            .entry("phones")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(phones) = phones else {
            return;
        };
        match (phones.first_mut(), self.phone.is_empty()) {
            (Some(_), true) => {
                phones.remove(0);
            }
            (Some(first), false) => first["number"] = json!(self.phone),
            (None, false) => phones.push(json!({"id": derived(id, "phone"), "number": self.phone})),
            (None, true) => {}
        }
    }

    fn apply_languages(&self, service: &mut Object, id: &str) {
        let old: Vec<Value> = service
            .get("languages")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let languages: Vec<Value> = self
            .languages
            .split(", ")
            .filter(|c| !c.is_empty())
            .map(|code| {
                old.iter()
                    .find(|l| l["code"].as_str().and_then(language_code).as_deref() == Some(code))
                    .cloned()
                    .unwrap_or_else(
                        || json!({"id": derived(id, &format!("language/{code}")), "code": code}),
                    )
            })
            .collect();
        service.insert("languages".into(), Value::Array(languages));
    }

    fn apply_beds(&self, service: &mut Object, id: &str, today: &str) {
        let attributes = service
            .entry("attributes")
            .or_insert_with(|| Value::Array(Vec::new()));
        let Value::Array(list) = attributes else {
            return;
        };
        if beds_of(list).as_deref() == Some(self.beds_free.as_str())
            || (self.beds_free.is_empty() && beds_of(list).is_none())
        {
            return;
        }
        list.retain(|a| !is_capacity(a));
        if self.beds_free.is_empty() {
            return;
        }
        for (code, value) in [
            ("beds_free", self.beds_free.as_str()),
            ("beds_updated", today),
        ] {
            let term = derived(CAPACITY_TAXONOMY, code);
            list.push(json!({
                "id": derived(id, &format!("{CAPACITY_TAXONOMY}/{code}")),
                "link_id": id,
                "link_type": "capacity",
                "taxonomy_term_id": term,
                "taxonomy_term": {"id": term, "code": code, "name": code, "description": code,
                    "taxonomy": CAPACITY_TAXONOMY},
                "value": value,
            }));
        }
    }
}

/// A whole number of at most `max` in `field`, or none if left empty.
fn number(
    field: &'static str,
    raw: &str,
    max: u32,
    problems: &mut Vec<ValidationError>,
) -> Option<u32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<u32>() {
        Ok(n) if n <= max => Some(n),
        _ => {
            problems.push(
                ValidationError::new(field, Message::new(problem::NOT_A_COUNT).with("max", max))
                    .of(raw.chars().take(40).collect::<String>()),
            );
            None
        }
    }
}

fn set(service: &mut Object, field: &str, value: Option<Value>) {
    match value {
        Some(v) => service.insert(field.into(), v),
        None => service.remove(field),
    };
}

fn first_phone(service: &Object) -> Option<&Value> {
    service.get("phones")?.as_array()?.first()
}

fn is_capacity(attribute: &Value) -> bool {
    attribute["taxonomy_term"]["taxonomy"]
        .as_str()
        .is_some_and(|t| t.eq_ignore_ascii_case(CAPACITY_TAXONOMY))
}

fn beds_of(attributes: &[Value]) -> Option<String> {
    attributes
        .iter()
        .find(|a| is_capacity(a) && a["taxonomy_term"]["code"] == "beds_free")
        .and_then(|a| a["value"].as_str())
        .map(|v| v.trim().to_string())
}

fn beds_free(service: &Object) -> Option<String> {
    beds_of(service.get("attributes")?.as_array()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid HSDS service (organisation and locations nested) that speaks Spanish.
    fn shelter() -> Object {
        let Some(Value::Object(mut o)) = crate::fictitious::services(1, 3).next() else {
            unreachable!("the fictitious feed gives objects")
        };
        o.insert("email".into(), json!("old@example.org"));
        o.insert("minimum_age".into(), json!(18));
        o.insert(
            "languages".into(),
            json!([{"id": derived("shelter", "es"), "code": "es", "name": "Español"}]),
        );
        o
    }

    #[test]
    fn a_checked_correction_is_tidied_and_every_problem_named() {
        let typed = Correction {
            name: "  Casa Refugio Norte ".into(),
            email: "Casa@Example.ORG".into(),
            languages: "es, FR en-GB es".into(),
            minimum_age: "16".into(),
            ..Correction::default()
        };
        let ok = typed.checked().expect("valid");
        assert_eq!(ok.name, "Casa Refugio Norte");
        assert_eq!(ok.email, "casa@example.org");
        assert_eq!(ok.languages, "es, fr, en");
        let bad = Correction {
            name: " ".into(),
            email: "nobody".into(),
            url: "javascript:alert(1)".into(),
            phone: "call me".into(),
            languages: "español".into(),
            minimum_age: "30".into(),
            maximum_age: "12".into(),
            beds_free: "-1".into(),
            note: "x".repeat(LONG + 1),
            ..Correction::default()
        };
        let fields: Vec<String> = bad
            .checked()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        for field in [
            "name",
            "email",
            "url",
            "phone",
            "languages",
            "maximum_age",
            "beds_free",
            "note",
        ] {
            assert!(
                fields.iter().any(|f| f == field),
                "{field} not named in {fields:?}"
            );
        }
        let hostile = Correction {
            name: "Casa\u{202E}oigufeR".into(),
            ..Correction::default()
        };
        assert_eq!(hostile.checked().unwrap_err()[0].field, "name");
    }

    #[test]
    fn a_correction_reads_back_what_it_wrote_and_keeps_the_rest() {
        let mut service = shelter();
        let before = Correction::of(&service);
        assert_eq!(before.languages, "es");
        assert_eq!(before.phone, "+34 600 000 000");
        assert_eq!(before.email, "old@example.org");
        assert_eq!(before.minimum_age, "18");
        let after = Correction {
            phone: "+34 911 222 333".into(),
            languages: "es, fr".into(),
            minimum_age: String::new(),
            maximum_age: "25".into(),
            beds_free: "4".into(),
            email: String::new(),
            ..before.clone()
        }
        .checked()
        .expect("valid");
        after.apply(&mut service, "2026-12-07");
        let read = Correction::of(&service);
        assert_eq!(read, after);
        assert_eq!(service["assured_date"], "2026-12-07");
        assert_eq!(service["languages"][0]["name"], "Español", "kept whole");
        assert_eq!(
            service["attributes"][0]["taxonomy_term"]["taxonomy"], "faro-services",
            "the needs are kept"
        );
        assert!(!service.contains_key("email"));
        let changed: Vec<&str> = after.changes(&before).iter().map(|c| c.0).collect();
        assert_eq!(
            changed,
            [
                "email",
                "phone",
                "languages",
                "minimum_age",
                "maximum_age",
                "beds_free"
            ]
        );
        let entry = crate::from_service(Value::Object(service)).expect("still HSDS");
        assert_eq!(entry.capacity.map(|c| c.beds_free), Some(4));
        assert_eq!(entry.languages, ["es", "fr"]);
        assert_eq!(entry.maximum_age, Some(25));
        assert_eq!(entry.assured.as_deref(), Some("2026-12-07"));
    }
}
