//! `--directory`: the referral directory at a national network's scale on both databases: a
//! fictitious HSDS feed of 20,000 services at 50,000 locations (JSON pages of the API
//! profile, written once), imported from the files as `faro directory import` does (read,
//! checked against the HSDS schemas, stored in one transaction), imported again unchanged,
//! and searched as a case worker of another organisation searches: by need, language and
//! distance from a city, nearest first.

use faro_domain::case::ServiceKind;
use faro_domain::directory::Audience;
use faro_domain::{AccessContext, Role, Vocabulary};
use faro_hsds::{Feed, Item};
use faro_store::{DirectoryImportOptions, DirectoryReader, DirectorySearch, Store};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};
use std::path::Path;
use std::time::Instant;

pub const SERVICES: usize = 20_000;
pub const LOCATIONS: usize = 50_000;
/// Searches timed per database.
const SAMPLES: usize = 200;
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
    json!({
        "id": uuid(1, n), "name": format!("Servicio {n}"), "status": "active",
        "description": "Atención a víctimas de trata: acogida, orientación y acompañamiento.",
        "minimum_age": if rng.random_bool(0.2) { 18 } else { 0 },
        "languages": languages,
        "phones": [{"id": uuid(6, n), "number": format!("+34 600 {:03} {:03}", n / 1000, n % 1000)}],
        "attributes": attributes,
        "organization": {"id": uuid(7, n / 10), "name": format!("Entidad {}", n / 10), "description": "Red de apoyo"},
        "service_at_locations": links
    })
}

/// Writes the feed once into `dir` (the same seed, the same files).
pub fn write_feed(dir: &Path) -> anyhow::Result<()> {
    if dir.join("services-0040.json").is_file() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let mut rng = ChaCha8Rng::seed_from_u64(29);
    let mut pages = faro_hsds::write::Pages::new(dir, SERVICES);
    for n in 0..SERVICES {
        pages.push(service(n, &mut rng))?;
    }
    pages.finish()?;
    Ok(())
}

/// The benchmark on one store; a Markdown section.
pub async fn measure(store: &Store, label: &str, feed: &Path) -> anyhow::Result<String> {
    let owner = faro_store::DEFAULT_ORGANISATION;
    let options = DirectoryImportOptions {
        audience: Audience::Partners,
        mark_vanished: true,
    };
    let ctx = AccessContext::instance().acting_as("bench");
    let started = Instant::now();
    let entries = read(feed)?;
    let read_s = started.elapsed().as_secs_f64();
    let done = store
        .import_directory(&ctx, owner, &entries, options)
        .await?;
    let import_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(done.added == SERVICES, "{done:?}");
    let again = Instant::now();
    let entries = read(feed)?;
    let unchanged = store
        .import_directory(&ctx, owner, &entries, options)
        .await?;
    let again_s = again.elapsed().as_secs_f64();
    anyhow::ensure!(unchanged.unchanged == SERVICES, "{unchanged:?}");
    let other = store
        .create_organisation(&AccessContext::instance(), "Partner")
        .await?;
    let worker = AccessContext::member(other, Role::Caseworker).acting_as("bench");
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut found = 0usize;
    let mut times = Vec::with_capacity(SAMPLES);
    for i in 0..SAMPLES + 5 {
        let search = DirectorySearch {
            need: ServiceKind::ALL.choose(&mut rng).copied(),
            language: LANGUAGES[..3].choose(&mut rng).map(|l| l.to_string()),
            near: CITIES.choose(&mut rng).map(|c| (*c, 50.0)),
            limit: 20,
            ..DirectorySearch::default()
        };
        let t = Instant::now();
        let hits = store
            .search_directory(&worker, DirectoryReader::Partner(other), &search)
            .await?;
        if i >= 5 {
            times.push(t.elapsed().as_secs_f64());
            found += hits.len();
        }
    }
    times.sort_by(f64::total_cmp);
    let p95 = times[(SAMPLES * 95 / 100).min(SAMPLES - 1)];
    Ok(format!(
        "\n### {label}\n\
         import of {SERVICES} services at {LOCATIONS} locations from the JSON pages: {import_s:.1} s \
         (reading and checking against the HSDS schemas {read_s:.1} s of it; target ≤ 10 s); again, unchanged: {again_s:.1} s\n\
         search by need, language and distance (50 km around a city), a partner's case worker: \
         p95 {:.1} ms (target ≤ 30 ms); {:.1} services found per search on average\n",
        p95 * 1000.0,
        found as f64 / SAMPLES as f64
    ))
}

fn read(feed: &Path) -> anyhow::Result<Vec<faro_domain::directory::Entry>> {
    let mut entries = Vec::with_capacity(SERVICES);
    for item in Feed::open(feed)? {
        match item? {
            Item::Entry(e) => entries.push(*e),
            Item::Problem(p) => anyhow::bail!("the generated feed has a problem: {p:?}"),
        }
    }
    Ok(entries)
}
