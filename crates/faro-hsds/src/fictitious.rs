//! Deterministic fictitious directories (HSDS 3.0 services with their organisations and
//! locations around cities of Spain), for the demo and the benchmark: valid against the
//! specification's schemas, with needs, languages, ages, capacity and every audience.

use faro_domain::Vocabulary;
use faro_domain::case::ServiceKind;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

const LANGUAGES: [&str; 6] = ["es", "en", "fr", "ar", "ro", "pt"];
/// Cities searched around (Spain and its neighbours), where the fictitious providers are.
const CITIES: [(f64, f64); 8] = [
    (40.4168, -3.7038),
    (41.3874, 2.1686),
    (37.3891, -5.9845),
    (39.4699, -0.3763),
    (43.2630, -2.9350),
    (41.6488, -0.8891),
    (38.3452, -0.4810),
    (36.7213, -4.4214),
];

fn uuid(kind: u64, n: usize) -> String {
    format!("{kind:08x}-0000-4000-8000-{n:012}")
}

/// One fictitious service with its locations (2 or 3, 50,000 in all).
fn service(n: usize, rng: &mut ChaCha8Rng) -> Value {
    let term = |id: String, taxonomy: &str, code: &str, value: Option<String>| {
        let term_id = id.replacen("-0000-", "-1111-", 1);
        let mut a = json!({"id": id, "taxonomy_term": {"id": term_id,
            "code": code, "name": code, "description": code, "taxonomy": taxonomy}});
        if let Some(v) = value {
            a["value"] = json!(v);
        }
        a
    };
    let count = rng.random_range(1..=3);
    let needs: Vec<&ServiceKind> = ServiceKind::ALL.choose_multiple(rng, count).collect();
    let mut attributes: Vec<Value> = needs
        .iter()
        .enumerate()
        .map(|(i, k)| term(uuid(10 + i as u64, n), "faro-services", k.code(), None))
        .collect();
    let audience = if rng.random_bool(0.7) {
        "public"
    } else {
        "partners"
    };
    attributes.push(term(uuid(20, n), "faro-audience", audience, None));
    // Decided by the index rather than drawn, so that the other values stay as they were:
    // one service in seven is for women only.
    if n % 7 == 3 {
        attributes.push(term(uuid(22, n), "faro-gender", "female", None));
    }
    if rng.random_bool(0.3) {
        attributes.push(term(
            uuid(21, n),
            "faro-capacity",
            "beds_free",
            Some(rng.random_range(0..12).to_string()),
        ));
    }
    let count = rng.random_range(1..=3);
    let languages: Vec<Value> = LANGUAGES
        .choose_multiple(rng, count)
        .enumerate()
        .map(|(i, code)| json!({"id": uuid(30 + i as u64, n), "code": code}))
        .collect();
    // Two services share five locations: three for the even one, two for the odd one.
    let (places, first) = if n.is_multiple_of(2) {
        (3, n / 2 * 5)
    } else {
        (2, n / 2 * 5 + 3)
    };
    let links: Vec<Value> = (0..places)
        .map(|i| {
            let location = first + i;
            let (lat, lon) = *CITIES.choose(rng).unwrap_or(&CITIES[0]);
            let visibility = if rng.random_bool(0.1) { "confidential" } else { audience };
            json!({"id": uuid(2, location), "location": {
                "id": uuid(3, location), "location_type": "physical", "name": format!("Site {location}"),
                "latitude": lat + rng.random_range(-0.8..0.8), "longitude": lon + rng.random_range(-0.8..0.8),
                "addresses": [{"id": uuid(4, location), "address_1": format!("Calle {location}"), "city": "Ciudad",
                    "state_province": "Provincia", "postal_code": "28001", "country": "ES", "address_type": "physical"}],
                "attributes": [term(uuid(5, location), "faro-audience", visibility, None)]
            }})
        })
        .collect();
    // Office hours on weekdays at UTC+1 for most, round the clock for one in four.
    let schedules = if n.is_multiple_of(4) {
        json!([{"id": uuid(40, n), "freq": "WEEKLY", "opens_at": "00:00", "closes_at": "24:00"}])
    } else {
        json!([{"id": uuid(40, n), "freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR",
                "opens_at": "09:00", "closes_at": "18:00", "timezone": 1}])
    };
    json!({
        "id": uuid(1, n), "name": format!("Servicio {n}"), "status": "active",
        "schedules": schedules,
        "description": "Atención a víctimas de trata: acogida, orientación y acompañamiento.",
        "minimum_age": if rng.random_bool(0.2) { 18 } else { 0 },
        "languages": languages,
        "phones": [{"id": uuid(6, n), "number": format!("+34 600 {:03} {:03}", n / 1000, n % 1000)}],
        "attributes": attributes,
        "organization": {"id": uuid(7, n / 10), "name": format!("Entidad {}", n / 10), "description": "Red de apoyo"},
        "service_at_locations": links
    })
}

/// `count` services (with two or three locations each, five for every two services), the
/// same for the same `seed`.
pub fn services(count: usize, seed: u64) -> impl Iterator<Item = Value> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..count).map(move |n| service(n, &mut rng))
}

/// The cities the fictitious providers are around.
pub fn cities() -> &'static [(f64, f64)] {
    &CITIES
}

/// The languages the fictitious providers speak.
pub fn languages() -> &'static [&'static str] {
    &LANGUAGES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fictitious_services_are_valid_hsds_and_the_same_for_a_seed() {
        let a: Vec<Value> = services(30, 1).collect();
        assert_eq!(a, services(30, 1).collect::<Vec<_>>());
        for s in a {
            let entry = crate::from_service(s).unwrap();
            assert!(!entry.needs.is_empty() && !entry.languages.is_empty());
            assert!(entry.places.iter().all(|p| p.location.point.is_some()));
        }
    }
}
