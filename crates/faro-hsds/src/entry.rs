//! One directory entry: an HSDS service with its organisation and the locations it is offered
//! at, checked against the specification and read for what Faro searches by (needs, languages,
//! ages, audience, capacity, points). The documents are kept whole, so what Faro does not read
//! goes back out unchanged.

use faro_domain::case::ServiceKind;
use faro_domain::directory::{self, AUDIENCE_TAXONOMY, Audience, CAPACITY_TAXONOMY};
use faro_domain::directory::{Capacity, Entry, Location, Object, Part, Place};
use faro_domain::directory::{GENDER_TAXONOMY, Hours};
use faro_domain::vocab::Gender;
use faro_domain::{FieldError, Message, Vocabulary, problem};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::{Map, Value, json};

/// Reads a service as the API profile's `/services/{id}` gives it (nested organisation and
/// locations); every problem found, each naming its place in the document.
pub fn from_service(service: Value) -> Result<Entry, Vec<FieldError>> {
    let validator = crate::schema::spec()
        .map_err(|e| {
            vec![FieldError {
                column: String::new(),
                value: String::new(),
                reason: Message::new(problem::HSDS_RULE).with("rule", e),
            }]
        })?
        .service_validator();
    let mut problems: Vec<FieldError> = validator
        .iter_errors(&service)
        .map(schema_problem)
        .collect();
    if !problems.is_empty() {
        problems.truncate(20);
        return Err(problems);
    }
    let Value::Object(mut document) = service else {
        return Err(vec![whole(problem::JSON_NOT_OBJECT)]);
    };
    let organization = match document.remove("organization") {
        Some(Value::Object(o)) => part(o),
        _ => {
            return Err(vec![field(
                "organization",
                "",
                problem::HSDS_NO_ORGANIZATION,
            )]);
        }
    };
    let links = match document.remove("service_at_locations") {
        Some(Value::Array(links)) => links,
        _ => Vec::new(),
    };
    let mut places = Vec::new();
    for (i, link) in links.into_iter().enumerate() {
        match place(link, i) {
            Ok(Some(place)) => places.push(place),
            Ok(None) => {}
            Err(e) => problems.push(e),
        }
    }
    let ages = [age(&document, "minimum_age"), age(&document, "maximum_age")];
    let assured = document
        .get("assured_date")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(day) = &assured
        && let Err(e) = faro_domain::case::Day::parse(day, "assured_date")
    {
        problems.push(FieldError {
            column: "/assured_date".into(),
            value: day.clone(),
            reason: e.message,
        });
    }
    for (i, a) in ages.iter().enumerate() {
        if let Err(e) = a {
            problems.push(field(
                ["/minimum_age", "/maximum_age"][i],
                e,
                problem::NOT_ONE_OF,
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let terms = terms(&document);
    let mut languages = language_codes(&document);
    for p in &places {
        languages.extend(language_codes(&p.location.part.document));
    }
    languages.sort();
    languages.dedup();
    let mut needs: Vec<ServiceKind> = terms
        .iter()
        .filter_map(|t| directory::need_of_term(&t.taxonomy, t.code.as_deref(), t.name.as_deref()))
        .collect();
    needs.sort();
    needs.dedup();
    let status = document
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("active")
        .to_string();
    let mut genders: Vec<Gender> = terms
        .iter()
        .filter(|t| t.taxonomy == GENDER_TAXONOMY)
        .filter_map(|t| t.code.as_deref().and_then(|c| Gender::from_code(c.trim())))
        .collect();
    genders.sort();
    genders.dedup();
    Ok(Entry {
        hours: hours(&document),
        genders,
        audience: audience(&terms),
        capacity: capacity(&terms),
        service: part(document),
        status,
        organization,
        places,
        needs,
        languages,
        minimum_age: ages[0].clone().ok().flatten(),
        maximum_age: ages[1].clone().ok().flatten(),
        assured,
    })
}

/// The whole service again, as the API profile gives it, at the places given: the caller
/// leaves out those the reader may not see.
pub fn assemble(
    service: &Map<String, Value>,
    organization: &Map<String, Value>,
    places: &[(Object, Object)],
) -> Value {
    let mut document = service.clone();
    document.insert("organization".into(), Value::Object(organization.clone()));
    let links: Vec<Value> = places
        .iter()
        .map(|(link, location)| {
            let mut link = link.clone();
            link.insert("location".into(), Value::Object(location.clone()));
            Value::Object(link)
        })
        .collect();
    document.insert("service_at_locations".into(), Value::Array(links));
    Value::Object(document)
}

/// Sets an object's audience as an attribute of Faro's taxonomy (replacing one there), with
/// ids derived from the object's, so writing it twice writes the same file.
pub fn set_audience(document: &mut Map<String, Value>, audience: Audience) {
    let id = document
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let attributes = document
        .entry("attributes")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = attributes else {
        return;
    };
    list.retain(|a| taxonomy_of(&a["taxonomy_term"]) != AUDIENCE_TAXONOMY);
    let term_id = derived(AUDIENCE_TAXONOMY, audience.code());
    list.push(json!({
        "id": derived(&id, AUDIENCE_TAXONOMY),
        "link_id": id,
        "link_type": "audience",
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": audience.code(),
            "name": audience.description(),
            "description": audience.description(),
            "taxonomy": AUDIENCE_TAXONOMY,
        },
    }));
}

/// A stable UUID (version 5) for an object Faro writes, from what it is about.
pub fn derived(about: &str, what: &str) -> String {
    let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"https://faro.invalid/hsds");
    uuid::Uuid::new_v5(&namespace, format!("{about}/{what}").as_bytes()).to_string()
}

fn part(document: Map<String, Value>) -> Part {
    Part {
        id: document
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        name: document
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string),
        document,
    }
}

fn place(link: Value, i: usize) -> Result<Option<Place>, FieldError> {
    let Value::Object(mut link) = link else {
        return Ok(None);
    };
    let Some(Value::Object(location)) = link.remove("location") else {
        return Err(field(
            &format!("/service_at_locations/{i}/location"),
            "",
            problem::HSDS_REQUIRED,
        )
        .with_arg("property", "location"));
    };
    let number = |name: &str| location.get(name).and_then(Value::as_f64);
    let point = directory::coordinates(number("latitude"), number("longitude")).map_err(|e| {
        FieldError {
            column: format!("/service_at_locations/{i}/location/{}", e.field),
            value: e.value.unwrap_or_default(),
            reason: e.message,
        }
    })?;
    let terms = terms(&location);
    Ok(Some(Place {
        link: part(link),
        location: Location {
            point,
            audience: audience(&terms),
            part: part(location),
        },
    }))
}

fn age(document: &Map<String, Value>, name: &str) -> Result<Option<u16>, String> {
    match document.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|a| a.fract() == 0.0 && (0.0..=130.0).contains(a))
            .map(|a| Some(a as u16))
            .ok_or_else(|| v.to_string()),
    }
}

/// A taxonomy term an object is tagged with, through its `attributes`.
struct Term {
    taxonomy: String,
    code: Option<String>,
    name: Option<String>,
    value: Option<String>,
}

fn terms(document: &Map<String, Value>) -> Vec<Term> {
    let Some(Value::Array(attributes)) = document.get("attributes") else {
        return Vec::new();
    };
    let text = |v: &Value| v.as_str().map(str::to_string);
    attributes
        .iter()
        .map(|a| Term {
            taxonomy: taxonomy_of(&a["taxonomy_term"]),
            code: text(&a["taxonomy_term"]["code"]),
            name: text(&a["taxonomy_term"]["name"]),
            value: text(&a["value"]),
        })
        .collect()
}

fn taxonomy_of(term: &Value) -> String {
    term["taxonomy"]
        .as_str()
        .or_else(|| term["taxonomy_detail"]["name"].as_str())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn audience(terms: &[Term]) -> Option<Audience> {
    terms
        .iter()
        .filter(|t| t.taxonomy == AUDIENCE_TAXONOMY)
        .find_map(|t| t.code.as_deref().and_then(Audience::from_code))
}

fn capacity(terms: &[Term]) -> Option<Capacity> {
    let value = |code: &str| {
        terms
            .iter()
            .find(|t| t.taxonomy == CAPACITY_TAXONOMY && t.code.as_deref() == Some(code))
            .and_then(|t| t.value.clone())
    };
    Some(Capacity {
        beds_free: value("beds_free")?.trim().parse().ok()?,
        updated: value("beds_updated"),
    })
}

/// When the service is open, from its weekly `schedules` (HSDS's iCalendar-like rows:
/// `byday`, `opens_at`, `closes_at`, `timezone` as hours ahead of UTC, UTC when absent);
/// `None` when no schedule gives both times. A row Faro cannot read is left out rather
/// than guessed.
fn hours(document: &Map<String, Value>) -> Option<Hours> {
    const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let mut hours = Hours::default();
    for schedule in document.get("schedules")?.as_array()? {
        let time = |field: &str| schedule[field].as_str().and_then(clock);
        let (Some((opens, zone)), Some((closes, _))) = (time("opens_at"), time("closes_at")) else {
            continue;
        };
        let freq = schedule["freq"].as_str().unwrap_or("WEEKLY");
        if !freq.eq_ignore_ascii_case("WEEKLY") && !freq.eq_ignore_ascii_case("DAILY") {
            continue;
        }
        let offset = zone.unwrap_or_else(|| {
            schedule["timezone"]
                .as_f64()
                .filter(|h| (-14.0..=14.0).contains(h))
                .map_or(0, |h| (h * 60.0).round() as i32)
        });
        let days: Vec<u32> = match schedule["byday"].as_str() {
            Some(list) if !list.trim().is_empty() => list
                .split(',')
                .filter_map(|d| {
                    let d = d.trim().to_ascii_uppercase();
                    DAYS.iter().position(|x| d.ends_with(x)).map(|i| i as u32)
                })
                .collect(),
            _ => (0..7).collect(),
        };
        for day in days {
            hours.add(day, opens, closes, offset);
        }
    }
    (!hours.is_empty()).then_some(hours)
}

/// `HH:MM[:SS]` as minutes after midnight, and the offset from UTC in minutes its suffix
/// gives (`Z`, `+01:00`, `-05:00`), if any.
fn clock(text: &str) -> Option<(u32, Option<i32>)> {
    let text = text.trim();
    let (time, zone) = if let Some(t) = text.strip_suffix(['Z', 'z']) {
        (t, Some(0))
    } else if let Some(at) = text.get(5..).and_then(|rest| rest.find(['+', '-'])) {
        let (time, zone) = text.split_at(5 + at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (h, m) = zone[1..].split_once(':').unwrap_or((&zone[1..], "0"));
        let minutes = h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?;
        (time, Some(sign * minutes).filter(|m| m.abs() <= 14 * 60))
    } else {
        (text, None)
    };
    let mut parts = time.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    (m < 60 && h * 60 + m <= 24 * 60).then_some((h * 60 + m, zone))
}

fn language_codes(document: &Map<String, Value>) -> Vec<String> {
    let Some(Value::Array(languages)) = document.get("languages") else {
        return Vec::new();
    };
    languages
        .iter()
        .filter_map(|l| l["code"].as_str().and_then(directory::language_code))
        .collect()
}

fn schema_problem(e: jsonschema::ValidationError<'_>) -> FieldError {
    let value = match e.instance().as_ref() {
        Value::String(s) => s.chars().take(80).collect(),
        Value::Object(_) | Value::Array(_) => String::new(),
        other => other.to_string(),
    };
    let reason = match e.kind() {
        ValidationErrorKind::Required { property } => Message::new(problem::HSDS_REQUIRED)
            .with("property", property.as_str().unwrap_or_default()),
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => ts
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            Message::new(problem::HSDS_TYPE).with("expected", expected)
        }
        ValidationErrorKind::Format { format } => {
            Message::new(problem::HSDS_FORMAT).with("format", format)
        }
        ValidationErrorKind::Enum { options } => {
            let options = options
                .as_array()
                .map(|o| faro_domain::error::quoted(o.iter().filter_map(Value::as_str)));
            Message::new(problem::NOT_ONE_OF).with("expected", options.unwrap_or_default())
        }
        other => Message::new(problem::HSDS_RULE).with("rule", other.keyword()),
    };
    FieldError {
        column: e.instance_path().to_string(),
        value,
        reason,
    }
}

fn whole(key: &'static str) -> FieldError {
    field("", "", key)
}

fn field(column: &str, value: &str, key: &'static str) -> FieldError {
    FieldError {
        column: column.to_string(),
        value: value.to_string(),
        reason: Message::new(key),
    }
}

trait WithArg {
    fn with_arg(self, name: &'static str, value: &str) -> Self;
}

impl WithArg for FieldError {
    fn with_arg(mut self, name: &'static str, value: &str) -> Self {
        self.reason = self.reason.with(name, value);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shelter() -> Value {
        json!({
            "id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a01",
            "name": "Casa Refugio",
            "status": "active",
            "minimum_age": 18,
            "assured_date": "2026-05-01",
            "languages": [{"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a02", "code": "es"}],
            "attributes": [
                {"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a03", "value": "3", "taxonomy_term": {
                    "id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a04", "code": "beds_free", "name": "Beds free",
                    "description": "Beds free", "taxonomy": "faro-capacity"}},
                {"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a05", "taxonomy_term": {
                    "id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a06", "name": "Emergency Shelter",
                    "description": "Shelter", "taxonomy": "Open Eligibility"}}
            ],
            "organization": {"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a07", "name": "Fundación", "description": "NGO"},
            "service_at_locations": [{
                "id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a08",
                "location": {"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a09", "location_type": "physical",
                    "latitude": 40.42, "longitude": -3.70,
                    "languages": [{"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a10", "code": "FR"}]}
            }]
        })
    }

    #[test]
    fn a_service_is_read_for_what_faro_searches_by() {
        let entry = from_service(shelter()).unwrap();
        assert_eq!(entry.service.name.as_deref(), Some("Casa Refugio"));
        assert_eq!(entry.organization.name.as_deref(), Some("Fundación"));
        assert_eq!(entry.needs, vec![ServiceKind::SafeHousing]);
        assert_eq!(entry.languages, vec!["es", "fr"]);
        assert_eq!(entry.minimum_age, Some(18));
        assert_eq!(entry.capacity.as_ref().map(|c| c.beds_free), Some(3));
        assert_eq!(entry.places[0].location.point, Some((40.42, -3.70)));
        assert!(!entry.service.document.contains_key("organization"));
    }

    #[test]
    fn schedules_and_genders_are_read_for_the_search() {
        let mut service = shelter();
        service["schedules"] = json!([
            {"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a20", "freq": "WEEKLY", "byday": "MO,TU",
             "opens_at": "09:00", "closes_at": "17:00", "timezone": 1},
            {"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a21", "byday": "SU",
             "opens_at": "22:00Z", "closes_at": "02:00Z"},
            {"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a22", "byday": "WE", "opens_at": "later"}
        ]);
        service["attributes"].as_array_mut().unwrap().push(json!(
            {"id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a23", "taxonomy_term": {
                "id": "0b0c5a4e-6f0b-4c38-9d44-2a0f7d6a1a24", "code": "female", "name": "Women",
                "description": "Women", "taxonomy": "faro-gender"}}));
        let entry = from_service(service).unwrap();
        assert_eq!(entry.genders, vec![Gender::Female]);
        let hours = entry.hours.expect("hours");
        assert!(hours.open_at(8 * 60), "Monday 09:00 at UTC+1 is 08:00 UTC");
        assert!(!hours.open_at(16 * 60 + 30));
        assert!(hours.open_at(24 * 60 + 10 * 60), "Tuesday");
        assert!(
            !hours.open_at(2 * 24 * 60 + 10 * 60),
            "the unreadable Wednesday is left out"
        );
        assert!(hours.open_at(30), "Sunday night runs into Monday");
        assert_eq!(clock("09:00-05:00"), Some((540, Some(-300))));
        assert_eq!(clock("25:00"), None);
        assert_eq!(from_service(shelter()).unwrap().hours, None);
    }

    #[test]
    fn schema_breaches_name_their_place_in_the_document() {
        let mut bad = shelter();
        bad["status"] = json!("open");
        bad["service_at_locations"][0]["location"]["id"] = json!("x");
        bad["organization"].as_object_mut().unwrap().remove("name");
        let problems = from_service(bad).unwrap_err();
        let columns: Vec<&str> = problems.iter().map(|p| p.column.as_str()).collect();
        assert!(columns.contains(&"/status"), "{columns:?}");
        assert!(
            columns.contains(&"/service_at_locations/0/location/id"),
            "{columns:?}"
        );
        assert!(columns.contains(&"/organization"), "{columns:?}");
        let required = problems
            .iter()
            .find(|p| p.column == "/organization")
            .unwrap();
        assert_eq!(required.reason.key, problem::HSDS_REQUIRED);
        assert_eq!(required.reason.arg("property"), Some("name"));
    }

    #[test]
    fn an_impossible_point_and_a_missing_organisation_are_refused() {
        let mut far = shelter();
        far["service_at_locations"][0]["location"]["latitude"] = json!(100);
        let problems = from_service(far).unwrap_err();
        assert_eq!(
            problems[0].column,
            "/service_at_locations/0/location/latitude"
        );
        assert_eq!(problems[0].reason.key, problem::NOT_A_LATITUDE);
        let mut orphan = shelter();
        orphan.as_object_mut().unwrap().remove("organization");
        let problems = from_service(orphan).unwrap_err();
        assert_eq!(problems[0].reason.key, problem::HSDS_NO_ORGANIZATION);
    }

    #[test]
    fn an_audience_written_is_read_back() {
        let mut entry = from_service(shelter()).unwrap();
        let mut location = entry.places.remove(0).location.part.document;
        set_audience(&mut location, Audience::Confidential);
        set_audience(&mut location, Audience::Partners);
        let mut service = shelter();
        service["service_at_locations"][0]["location"] = Value::Object(location);
        let again = from_service(service).unwrap();
        assert_eq!(again.places[0].location.audience, Some(Audience::Partners));
        let attributes = again.places[0].location.part.document["attributes"]
            .as_array()
            .unwrap();
        assert_eq!(attributes.len(), 1, "replaced, not added");
    }
}
