//! `faro directory import|export` with real files: exit codes, the row-level report, an
//! idempotent re-import, and exports that HSDS's own schemas accept (checked by
//! check-jsonschema, installed by `scripts/test-setup.sh`) and that never hold a confidential
//! address unless its owner asked for its own entries.

use crate::cli::faro;
use predicates::prelude::*;
use serde_json::{Value, json};
use std::path::Path;

const HIDDEN: &str = "Calle Escondida 9";

fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn service(n: u32, location_audience: &str, street: &str) -> Value {
    json!({
        "id": uuid(n), "name": format!("Refugio {n}"), "status": "active",
        "languages": [{"id": uuid(700 + n), "code": "es"}],
        "organization": {"id": uuid(900), "name": "Red de Apoyo", "description": "A network"},
        "service_at_locations": [{"id": uuid(100 + n), "location": {
            "id": uuid(200 + n), "location_type": "physical", "latitude": 40.4, "longitude": -3.7,
            "addresses": [{"id": uuid(300 + n), "address_1": street, "city": "Madrid",
                "state_province": "Madrid", "postal_code": "28001", "country": "ES", "address_type": "physical"}],
            "attributes": [{"id": uuid(400 + n), "taxonomy_term": {"id": uuid(500), "code": location_audience,
                "name": location_audience, "description": location_audience, "taxonomy": "faro-audience"}}]
        }}]
    })
}

/// Every JSON page in `dir` checked against HSDS 3.0's service schema.
fn check_pages(dir: &Path) {
    let pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|f| f.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    faro_testkit::check_hsds_pages(&pages);
}

#[test]
fn the_specifications_example_is_reported_row_by_row_with_exit_code_3() {
    let dir = tempfile::tempdir().unwrap();
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../faro-hsds/tests/data/hsds-example");
    faro(dir.path())
        .args(["directory", "import"])
        .arg(&example)
        .args(["--errors", "problems.csv"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("0 entries added"));
    let report = std::fs::read_to_string(dir.path().join("problems.csv")).unwrap();
    assert!(
        report.starts_with("file,line,item,field,value,reason\n"),
        "{report}"
    );
    assert!(
        report.contains("/service_at_locations/0/location/latitude,100,is not a latitude"),
        "{report}"
    );
    assert!(
        report.contains("locations.csv,2,,organization_id,"),
        "{report}"
    );
    faro(dir.path())
        .args(["directory", "import", "missing.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.json"));
    std::fs::write(dir.path().join("words.json"), "{\"services\": 1}").unwrap();
    faro(dir.path())
        .args(["directory", "import", "words.json"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not an HSDS feed"));
    faro(dir.path())
        .args(["directory", "import", "words.json", "--org", "Nobody"])
        .assert()
        .code(2);
}

#[test]
fn a_feed_imported_twice_changes_nothing_and_exports_keep_confidential_addresses_home() {
    let dir = tempfile::tempdir().unwrap();
    let page = json!({"contents": [service(1, "public", "Plaza Mayor 1"), service(2, "confidential", HIDDEN)]});
    std::fs::write(dir.path().join("feed.json"), page.to_string()).unwrap();
    let import = |path: &str| {
        let mut cmd = faro(dir.path());
        cmd.args(["directory", "import", path, "--audience", "public"]);
        cmd
    };
    import("feed.json")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("2 entries added"));
    import("feed.json")
        .assert()
        .code(0)
        .stderr(predicate::str::contains("2 unchanged"));

    faro(dir.path())
        .args(["directory", "export", "--out", "public"])
        .assert()
        .code(0);
    let public = std::fs::read_to_string(dir.path().join("public/services-0001.json")).unwrap();
    assert!(public.contains("Plaza Mayor 1"));
    assert!(
        !public.contains(HIDDEN) && !public.contains(&uuid(202)),
        "{public}"
    );
    check_pages(&dir.path().join("public"));

    faro(dir.path())
        .args(["directory", "export", "--format", "csv", "--out", "own"])
        .args(["--org", "Default organisation"])
        .assert()
        .code(0);
    let addresses = std::fs::read_to_string(dir.path().join("own/addresses.csv")).unwrap();
    assert!(
        addresses.contains(HIDDEN),
        "the owner's own export holds it"
    );
    // The export's documents now say their audiences, so the first import updates them;
    // the second finds nothing to change.
    for said in ["0 entries added", "2 unchanged"] {
        faro(dir.path())
            .args(["directory", "import", "own", "--audience", "partners"])
            .assert()
            .code(0)
            .stderr(
                predicate::str::contains(said).and(predicate::str::contains("0 marked vanished")),
            );
    }
    faro(dir.path())
        .args(["directory", "export", "--out", "again"])
        .assert()
        .code(0);
    let again = std::fs::read_to_string(dir.path().join("again/services-0001.json")).unwrap();
    assert!(
        !again.contains(HIDDEN),
        "audiences restored from the owner's export"
    );
}
