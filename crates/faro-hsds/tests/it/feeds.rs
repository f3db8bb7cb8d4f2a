//! Feeds read as files arrive: the specification's own example package, JSON pages, and
//! every kind of bad file; and what is written read back the same.

use faro_domain::problem;
use faro_hsds::read::ITEM_LIMIT;
use faro_hsds::write::{Package, Pages};
use faro_hsds::{Entry, Feed, HsdsError, Item, Position, Problem};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hsds-example")
}

/// The example package in a folder of the test's own, to be changed.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in std::fs::read_dir(example()).unwrap() {
        let file = file.unwrap().path();
        std::fs::copy(&file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    dir
}

fn read(path: &Path) -> (Vec<Entry>, Vec<Problem>, bool) {
    let mut feed = Feed::open(path).unwrap();
    let (mut entries, mut problems) = (Vec::new(), Vec::new());
    for item in feed.by_ref() {
        match item.unwrap() {
            Item::Entry(e) => entries.push(*e),
            Item::Problem(p) => problems.push(p),
        }
    }
    let cut = feed.cut();
    (entries, problems, cut)
}

fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn service(n: u32, latitude: f64) -> Value {
    json!({
        "id": uuid(n),
        "name": format!("Service {n}"),
        "status": "active",
        "organization": {"id": uuid(900_000), "name": "Red de Apoyo", "description": "A network"},
        "service_at_locations": [{
            "id": uuid(100_000 + n),
            "location": {"id": uuid(200_000 + n), "location_type": "physical",
                         "latitude": latitude, "longitude": -3.7}
        }]
    })
}

#[test]
fn the_specifications_example_package_is_read_and_its_impossible_point_reported() {
    let (entries, problems, cut) = read(&example());
    assert!(!cut);
    assert!(entries.is_empty(), "its one service sits at latitude 100");
    let point = problems
        .iter()
        .find(|p| p.file.ends_with("services.csv"))
        .expect("the service is reported");
    assert_eq!(point.at, Position::Line(2));
    assert_eq!(
        point.errors[0].column,
        "/service_at_locations/0/location/latitude"
    );
    assert_eq!(point.errors[0].reason.key, problem::NOT_A_LATITUDE);
}

#[test]
fn the_example_package_with_a_possible_point_reads_whole() {
    let dir = example_copy();
    let locations = dir.path().join("locations.csv");
    let text = std::fs::read_to_string(&locations).unwrap();
    std::fs::write(&locations, text.replace(",100,101,", ",51.5,-0.12,")).unwrap();
    let (entries, problems, _) = read(dir.path());
    let entry = &entries[0];
    assert_eq!(entry.service.name.as_deref(), Some("Community Counselling"));
    assert_eq!(
        entry.organization.name.as_deref(),
        Some("Example Organization Inc.")
    );
    assert_eq!(entry.places.len(), 1);
    assert_eq!(entry.places[0].location.point, Some((51.5, -0.12)));
    assert!(
        entry.languages.contains(&"ur".to_string()),
        "{:?}",
        entry.languages
    );
    assert!(entry.service.document["phones"].is_array());
    assert_eq!(entry.minimum_age, Some(12));
    assert!(
        problems.iter().all(|p| !p.file.ends_with("services.csv")),
        "{problems:?}"
    );
}

#[test]
fn json_pages_are_read_service_by_service_with_bad_ones_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = service(2, 40.0);
    bad["status"] = json!("open");
    let page = json!({"total_items": 4, "contents": [service(1, 40.0), bad, service(3, 95.0), service(1, 41.0)]});
    let path = dir.path().join("page.json");
    std::fs::write(&path, page.to_string()).unwrap();
    let (entries, problems, cut) = read(&path);
    assert!(!cut);
    assert_eq!(entries.len(), 1);
    let at: Vec<Position> = problems.iter().map(|p| p.at).collect();
    assert_eq!(
        at,
        [Position::Item(2), Position::Item(3), Position::Item(4)]
    );
    assert_eq!(problems[0].errors[0].column, "/status");
    assert_eq!(problems[0].errors[0].reason.key, problem::NOT_ONE_OF);
    assert_eq!(problems[2].errors[0].reason.key, problem::HSDS_DUPLICATE);
}

#[test]
fn a_file_broken_part_way_keeps_what_came_before_and_is_marked_cut() {
    let dir = tempfile::tempdir().unwrap();
    let whole = json!([service(1, 40.0), service(2, 40.0)]).to_string();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, &whole[..whole.len() - 40]).unwrap();
    let (entries, problems, cut) = read(&path);
    assert_eq!(entries.len(), 1);
    assert!(cut);
    assert_eq!(problems[0].at, Position::Item(2));
    assert_eq!(problems[0].errors[0].reason.key, problem::JSON_INVALID);
}

#[test]
fn an_oversized_service_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut huge = service(2, 40.0);
    huge["description"] = json!("x".repeat(ITEM_LIMIT as usize + 10));
    let path = dir.path().join("huge.json");
    std::fs::write(&path, json!([service(1, 40.0), huge]).to_string()).unwrap();
    let (entries, problems, cut) = read(&path);
    assert_eq!(entries.len(), 1);
    assert!(cut);
    assert_eq!(problems[0].errors[0].reason.key, problem::HSDS_TOO_BIG);
}

#[test]
fn what_is_not_a_feed_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a.json", "{\"services\": []}"),
        ("b.json", "not json"),
        ("c.json", "42"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let first = Feed::open(&path).unwrap().next().unwrap();
        assert!(
            matches!(first, Err(HsdsError::NotAFeed { .. })),
            "{name}: {first:?}"
        );
    }
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        Feed::open(empty.path()),
        Err(HsdsError::NotAFeed { .. })
    ));
    assert!(matches!(
        Feed::open(&dir.path().join("missing.json")),
        Err(HsdsError::Io { .. })
    ));
}

#[test]
fn broken_links_in_a_package_are_reported_on_their_rows() {
    let dir = example_copy();
    let services = dir.path().join("services.csv");
    let text = std::fs::read_to_string(&services).unwrap();
    std::fs::write(
        &services,
        text.replace(
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610",
            "d9d5e0f5-0000-4f73-9a2f-4dd0ecc6c610",
        ),
    )
    .unwrap();
    let (entries, problems, _) = read(dir.path());
    assert!(entries.is_empty());
    let link = problems
        .iter()
        .find(|p| p.errors[0].reason.key == problem::HSDS_LINK)
        .unwrap();
    assert!(link.file.ends_with("services.csv"));
    assert_eq!(link.errors[0].column, "organization_id");
    assert_eq!(link.errors[0].reason.arg("table"), Some("organization"));
}

#[test]
fn what_is_written_reads_back_the_same_in_both_shapes() {
    let services: Vec<Value> = (1..=3).map(|n| service(n, 40.0 + f64::from(n))).collect();
    let originals: Vec<Entry> = services
        .iter()
        .map(|s| faro_hsds::from_service(s.clone()).unwrap())
        .collect();
    let json_dir = tempfile::tempdir().unwrap();
    let mut pages = Pages::new(json_dir.path(), services.len());
    for s in &services {
        pages.push(s.clone()).unwrap();
    }
    assert_eq!(pages.finish().unwrap().len(), 1);
    let (from_json, problems, _) = read(json_dir.path());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(from_json, originals);

    let csv_dir = tempfile::tempdir().unwrap();
    let mut package = Package::new(csv_dir.path()).unwrap();
    for s in &services {
        package.push(s).unwrap();
    }
    package.finish().unwrap();
    let organizations = std::fs::read_to_string(csv_dir.path().join("organizations.csv")).unwrap();
    assert_eq!(
        organizations.lines().count(),
        2,
        "one organisation, written once"
    );
    let (from_csv, problems, _) = read(csv_dir.path());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(from_csv.len(), 3);
    for (read, original) in from_csv.iter().zip(&originals) {
        assert_eq!(read.service.id, original.service.id);
        assert_eq!(
            read.places[0].location.point,
            original.places[0].location.point
        );
        assert_eq!(read.organization.name, original.organization.name);
    }
}
