//! The analysis hub: every view's numbers against `/api/v1/aggregate`, viewers' released
//! counts and the filters they are told to drop, the drill-down to records, hotspots from
//! reports' points, GeoJSON that a validator accepts and a GIS tool opens, and bad input.

use super::app::{Browser, TestApp, signed_in, token};
use faro_domain::Role;
use faro_store::DEFAULT_ORGANISATION;
use faro_testkit::{TestDb, on_both_backends};
use serde_json::Value;

/// A line of a hub CSV of one dimension without its second column, the code's name.
fn without_names(line: &str) -> String {
    let mut fields: Vec<&str> = line.split(',').collect();
    fields.remove(1);
    fields.join(",")
}

/// The thousands of an English count, as the hub writes them.
fn english(n: u64) -> String {
    faro_i18n::Lang::REFERENCE.count(n)
}

async fn audited(app: &TestApp, action: &str) -> usize {
    app.db
        .store()
        .audit_entries()
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == action)
        .count()
}

/// A page's text with its `&` unescaped (templates write `&#38;`, SVG `&amp;`).
fn unescaped(html: &str) -> String {
    html.replace("&#38;", "&").replace("&amp;", "&")
}

/// The `href` of the first link whose target starts with `prefix`, unescaped.
fn link(html: &str, prefix: &str) -> String {
    let html = unescaped(html);
    let marker = format!("href=\"{prefix}");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no link to {prefix}"))
        + 6;
    let end = html[start..].find('"').unwrap();
    html[start..start + end].to_string()
}

async fn an_analyst_sees_the_apis_numbers_in_every_view(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(5, 3000).await;
    let mut b = signed_in(&app, Role::Analyst).await;
    let form = b
        .get("/hub?year_from=2010&year_to=&gender=female&gender=male&citizenship=&lang=en")
        .await;
    assert_eq!(form.status, 303, "a submitted form goes to its one link");
    let to = form.headers["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/hub?year=2010..&gender=female%2Cmale&lang=en");
    let views = audited(&app, "hub.view").await;
    let page = b.get(&to).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(
        audited(&app, "hub.view").await,
        views + 1,
        "one view, one entry"
    );

    let api = |by: &str| format!("/api/v1/aggregate?by={by}&year=2010..&gender=female,male");
    let total = app.get(&api("gender")).await.json()["total_records"]
        .as_u64()
        .unwrap();
    assert!(total > 1000);
    assert!(
        page.text_of("hub-total").contains(&english(total))
            || page
                .body
                .contains(&format!("<strong>{}</strong>", english(total)))
    );

    // The map: a country's title says the API's count.
    let countries = app.get(&api("exploitation_country")).await.json();
    let row = countries["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"]["exploitation_country"] == "TH")
        .expect("Thailand in the data");
    let th = row["count"].as_u64().unwrap();
    assert!(
        page.body.contains(&format!("Thailand: {}", english(th))),
        "map title for Thailand"
    );

    // The corridors' table: the API's largest corridor between two known countries first.
    let routes = app
        .get(&api("citizenship,exploitation_country"))
        .await
        .json();
    let top = routes["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["key"]["citizenship"].is_string() && r["key"]["exploitation_country"].is_string()
        })
        .map(|r| r["count"].as_u64().unwrap())
        .max()
        .unwrap();
    let table = &page.body[page.body.find("id=\"corridors\"").unwrap()..];
    let first = &table[table.find("<td class=\"num").unwrap()..];
    assert!(first[..80].contains(&english(top)), "{}", &first[..80]);

    // A breakdown's CSV is the API's table.
    let csv = b.get("/hub/csv/age?year=2010..&gender=female,male").await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let ages = app.get(&api("age")).await.json();
    // Each code has its name beside it, in the reader's language.
    let mut lines = csv.body.lines().map(without_names);
    assert_eq!(lines.next().as_deref(), Some("age,count,hidden"));
    assert!(csv.body.starts_with("age,age_name,count,hidden"));
    let expected: Vec<String> = ages["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let key = r["key"]["age"].as_str().unwrap_or("unknown");
            format!("{key},{},false", r["count"])
        })
        .collect();
    assert_eq!(lines.collect::<Vec<_>>(), expected);

    // Each chart as SVG, the brief as a page.
    let svg = b.get("/hub/svg/series?year=2010..").await;
    assert_eq!(svg.status, 200);
    // Alone, the chart says what it shows: title, filters, date and source, protection.
    for said in [
        "Records by year",
        "Filters: Year: since 2010",
        "Made with Faro on",
        "not for publication",
    ] {
        assert!(
            svg.body.contains(said),
            "{said}: {}",
            &svg.body[..600.min(svg.body.len())]
        );
    }
    assert_eq!(svg.headers["content-type"], "image/svg+xml");
    assert!(
        svg.body.starts_with("<svg") && svg.body.contains("xmlns=\"http://www.w3.org/2000/svg\"")
    );
    let png = b.get("/hub/png/gender?year=2010..").await;
    assert_eq!(png.status, 200);
    assert_eq!(png.headers["content-type"], "image/png");
    assert!(
        png.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("faro-gender.png")
    );
    let map_png = b.get("/hub/png/countries").await;
    assert_eq!(
        (map_png.status.as_u16(), map_png.body.len() > 20_000),
        (200, true)
    );
    let map = b.get("/hub/svg/countries").await;
    assert!(map.body.contains("class=\"routes\""));
    let brief = b.get("/hub/brief?year=2010..&gender=female,male").await;
    assert_eq!(brief.status, 200);
    assert!(brief.body.contains("id=\"key-figures\"") && brief.body.contains(&english(total)));
    assert!(
        brief.body.contains("Gender</dt><dd>Female, Male"),
        "the filters in words"
    );
}

async fn a_viewer_gets_released_counts_and_is_told_which_filter_to_drop(db: TestDb) {
    let app = TestApp::new(db).await;
    faro_testkit::import_generated(app.db.store(), 6, 2000).await;
    app.release_statistics(faro_privacy::Policy::default())
        .await;
    let mut b = signed_in(&app, Role::Viewer).await;
    let page = b.get("/hub").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"controlled-note\""));
    assert!(page.text_of("hub-total").is_empty() || page.body.contains("about "));
    assert!(
        !page.body.contains("href=\"/hub/records"),
        "no drill-down to records for a viewer"
    );
    assert_eq!(b.get("/hub/records").await.status, 403);

    // The viewer's CSV and API answer the same people the same way; small groups are not
    // listed at all (listing them hidden told which combinations exist).
    let csv = b.get("/hub/csv/routes").await;
    assert!(csv.body.lines().count() > 1, "{}", csv.body);
    assert!(
        !csv.body.lines().any(|l| l.ends_with(",,true")),
        "no hidden corridor is listed"
    );
    let viewer = token(app.db.store(), DEFAULT_ORGANISATION, Role::Viewer).await;
    let api = app
        .get_as(&viewer, "/api/v1/aggregate?by=gender")
        .await
        .json();
    let gender = b.get("/hub/csv/gender").await;
    for row in api["rows"].as_array().unwrap() {
        let key = row["key"]["gender"].as_str().unwrap_or("unknown");
        let line = match row["count"].as_u64() {
            Some(n) => format!("{key},{n},false"),
            None => format!("{key},,true"),
        };
        assert!(
            gender.body.lines().map(without_names).any(|l| l == line),
            "{line} in {}",
            gender.body
        );
    }

    // The map says that an empty country may hold a few people, and has no hatching: no
    // count is hidden, small ones are not listed at all.
    let map = b.get("/hub/svg/countries?lang=en").await;
    assert!(map.body.contains(", or none"), "{}", map.body);
    assert!(!map.body.contains("fewer than 11<"), "{}", map.body);
    let page = b.get("/hub?lang=en").await;
    assert!(page.body.contains("within ±"), "each chart says its noise");
    // A filter plus a corridor's two dimensions pass the limit of two: the page says so
    // beside that chart and offers the filter to drop, and still shows what it may.
    let narrow = b.get("/hub?gender=female").await;
    assert_eq!(narrow.status, 200, "{}", narrow.body);
    assert!(
        narrow.body.contains("would combine 3 dimensions"),
        "{}",
        narrow.body
    );
    assert!(
        unescaped(&narrow.body).contains(">Gender: Female"),
        "drop gender"
    );
    let age_panel = &narrow.body[narrow.body.find("id=\"age\"").unwrap()..];
    assert!(
        age_panel[..600].contains("<svg"),
        "the age chart combines two and is shown"
    );
    // No allowance to spend: every view is answered, the same one the same way.
    for year in 2001..2012 {
        assert_eq!(b.get(&format!("/hub?year={year}")).await.status, 200);
    }
    let once = b.get("/hub/csv/gender?year=2005").await;
    let twice = b.get("/hub/csv/gender?year=2005").await;
    assert_eq!(once.body, twice.body);
}

async fn records_behind_a_bar_are_listed_paged_and_audited(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(7, 200).await;
    let mut b = signed_in(&app, Role::Analyst).await;
    let page = b.get("/hub?year=..2030").await;
    let to = link(&page.body, "/hub/records?year=..2030&gender=female");
    let reads = audited(&app, "records.read").await;
    let list = b.get(&to).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let female = app
        .get("/api/v1/aggregate?by=gender&gender=female&year=..2030")
        .await
        .json()["total_records"]
        .as_u64()
        .unwrap();
    assert!(female > 50, "more than a page");
    assert!(
        list.text_of("records-total")
            .starts_with(&format!("{female} records"))
    );
    let next = link(&list.body, "/hub/records?year=..2030&gender=female&after=");
    let second = b.get(&next).await;
    assert_eq!(second.status, 200);
    let one = link(&second.body, "/hub/records/");
    let record = b.get(&one).await;
    assert_eq!(record.status, 200);
    assert!(record.body.contains("Female"));
    assert!(
        link(&record.body, "/hub/records?").contains("gender=female"),
        "back with the filters"
    );
    assert_eq!(audited(&app, "records.read").await, reads + 3);
    assert_eq!(b.get("/hub/records/99999999").await.status, 404);
    assert_eq!(b.get("/hub/records/abc").await.status, 404);
}

async fn hotspots_count_reports_and_coarsen_for_viewers(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store();
    for i in 0..12 {
        faro_testkit::submit_report_at(
            store,
            DEFAULT_ORGANISATION,
            50.45 + f64::from(i) * 0.001,
            30.52,
        )
        .await;
    }
    faro_testkit::submit_report_at(store, DEFAULT_ORGANISATION, 14.6, 120.98).await;
    let exact = app.get("/api/v1/geo/hotspots?res=7").await;
    assert_eq!(exact.status, 200, "{}", exact.body);
    let counts: Vec<u64> = exact.json()["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts.iter().sum::<u64>(), 13);
    assert_eq!(
        counts.first(),
        Some(&12),
        "points 100 m apart share a 5 km cell"
    );
    let sms = app.get("/api/v1/geo/hotspots?channel=sms").await.json();
    assert_eq!(
        sms["features"].as_array().unwrap().len(),
        0,
        "no text message placed anything"
    );
}

/// Reports' places have no release of their own, and anyone may add public reports where
/// they like to probe a cell: a controlled reader gets no hotspots, whatever the resolution,
/// channel or status, however many reports are added.
async fn controlled_readers_get_no_hotspots(db: TestDb) {
    let app = TestApp::new(db).await;
    let store = app.db.store();
    for _ in 0..15 {
        faro_testkit::submit_report_at(store, DEFAULT_ORGANISATION, 50.45, 30.52).await;
    }
    let viewer = token(store, DEFAULT_ORGANISATION, Role::Viewer).await;
    for uri in [
        "/api/v1/geo/hotspots?res=1",
        "/api/v1/geo/hotspots?res=5",
        "/api/v1/geo/hotspots?res=7&channel=web",
        "/api/v1/geo/hotspots?res=3&status=new",
    ] {
        let answer = app.get_as(&viewer, uri).await;
        assert_eq!(answer.status, 200, "{uri}: {}", answer.body);
        let json = answer.json();
        assert_eq!(json["controlled"], true);
        assert_eq!(json["features"].as_array().unwrap().len(), 0, "{uri}");
    }
    let exact = app.get("/api/v1/geo/hotspots?res=5").await.json();
    assert_eq!(exact["features"].as_array().unwrap().len(), 1);
}

/// The home page's total is the released total of every source the viewer may count.
async fn the_home_page_shows_the_released_total(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(5, 300).await;
    app.release_statistics(faro_privacy::Policy::default())
        .await;
    let mut viewer = signed_in(&app, Role::Viewer).await;
    for _ in 0..3 {
        let home = viewer.get("/?lang=en").await;
        assert_eq!(home.status, 200, "{}", home.body);
        assert!(home.body.contains("records"), "{}", home.body);
    }
    assert_eq!(viewer.get("/hub?gender=female").await.status, 200);
    assert_eq!(viewer.get("/hub?gender=male").await.status, 200);
}

/// Structural checks of RFC 7946 that a parser would not make: closed rings of four or more
/// positions, exterior rings counter-clockwise, coordinates on the globe.
fn check_rfc7946(collection: &Value) -> usize {
    assert_eq!(collection["type"], "FeatureCollection");
    let features = collection["features"].as_array().unwrap();
    for f in features {
        assert_eq!(f["type"], "Feature");
        let geometry = &f["geometry"];
        let polygons: Vec<&Value> = match geometry["type"].as_str().unwrap() {
            "Polygon" => vec![&geometry["coordinates"]],
            "MultiPolygon" => geometry["coordinates"].as_array().unwrap().iter().collect(),
            "LineString" | "Point" => Vec::new(),
            other => panic!("unexpected geometry {other}"),
        };
        for polygon in polygons {
            for (i, ring) in polygon.as_array().unwrap().iter().enumerate() {
                let ring: Vec<(f64, f64)> = ring
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
                    .collect();
                assert!(
                    ring.len() >= 4 && ring.first() == ring.last(),
                    "a closed ring"
                );
                assert!(
                    ring.iter()
                        .all(|(x, y)| x.abs() <= 180.0 && y.abs() <= 90.0)
                );
                let area: f64 = ring
                    .windows(2)
                    .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
                    .sum();
                assert_eq!(
                    area > 0.0,
                    i == 0,
                    "exterior counter-clockwise, holes clockwise"
                );
            }
        }
    }
    features.len()
}

async fn geojson_follows_rfc_7946_and_opens_in_ogrinfo(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(8, 1500).await;
    faro_testkit::submit_report_at(app.db.store(), DEFAULT_ORGANISATION, -33.9, 18.4).await;
    let dir = tempfile::tempdir().unwrap();
    for (name, query) in [
        ("countries", "map=citizenship"),
        ("routes", "top=20"),
        ("hotspots", "res=4"),
    ] {
        let reply = app.get(&format!("/api/v1/geo/{name}?{query}")).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.headers["content-type"], "application/geo+json");
        let n = check_rfc7946(&reply.json());
        assert!(n >= 1, "{name}: {n} features");
        let file = dir.path().join(format!("{name}.geojson"));
        std::fs::write(&file, &reply.body).unwrap();
        let out = std::process::Command::new("ogrinfo")
            .args(["-ro", "-al", "-so"])
            .arg(&file)
            .output()
            .expect("ogrinfo runs (scripts/test-setup.sh installs gdal-bin)");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains(&format!("Feature Count: {n}")),
            "{name}: {text}"
        );
        assert!(text.contains("count: Integer"), "{name}: {text}");
        let e2e = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e");
        let checked = std::process::Command::new("node")
            .arg(e2e.join("check-geojson.mjs"))
            .arg(&file)
            .current_dir(&e2e)
            .output()
            .expect("node runs (scripts/test-setup.sh installs the validator)");
        assert!(
            checked.status.success(),
            "{name} is not valid GeoJSON: {}{}",
            String::from_utf8_lossy(&checked.stdout),
            String::from_utf8_lossy(&checked.stderr)
        );
    }
}

async fn bad_hub_input_gets_a_clear_answer(db: TestDb) {
    let (app, _) = TestApp::new(db).await.with_records(9, 100).await;
    let mut b: Browser<'_> = signed_in(&app, Role::Analyst).await;
    let top = b.get("/hub?top=0").await;
    assert_eq!(top.status, 422);
    assert!(top.body.contains("from 1 to 50"), "{}", top.body);
    let unknown = b.get("/hub?colour=red").await;
    assert_eq!(unknown.status, 400);
    assert!(unknown.body.contains("colour"));
    let year = b.get("/hub?year_from=abc").await;
    assert_eq!(year.status, 422);
    assert!(year.body.contains("abc"));
    let long = format!("/hub?gender={}", "female,".repeat(5000));
    assert!(b.get(&long).await.status.is_client_error());
    assert_eq!(b.get("/hub/csv/nothing").await.status, 404);
    assert_eq!(
        b.get("/hub/svg/routes").await.status,
        404,
        "routes are drawn on the map"
    );
    assert_eq!(b.get("/hub/svg/series?gender=alien").await.status, 422);
    app.get("/api/v1/geo/countries?gender=alien")
        .await
        .error(422, "invalid_parameter");
    app.get("/api/v1/geo/routes?top=x")
        .await
        .error(422, "invalid_parameter");
    app.get("/api/v1/geo/hotspots?shape=hex")
        .await
        .error(400, "unknown_parameter");
}

on_both_backends!(
    an_analyst_sees_the_apis_numbers_in_every_view,
    a_viewer_gets_released_counts_and_is_told_which_filter_to_drop,
    records_behind_a_bar_are_listed_paged_and_audited,
    hotspots_count_reports_and_coarsen_for_viewers,
    controlled_readers_get_no_hotspots,
    the_home_page_shows_the_released_total,
    geojson_follows_rfc_7946_and_opens_in_ogrinfo,
    bad_hub_input_gets_a_clear_answer,
);
