//! The story test (STYLE.md §C): records walk from a CTDC file through import, the analytics
//! index, the JSON API and a page, crossing each layer once, on both databases. The next
//! issues extend it (a report from the public form, triage, the hub, publishing).

use super::app::{Browser, TestApp, person};
use faro_domain::vocab::{Gender, Vocabulary};
use faro_domain::{AccessContext, AggregateScope, Dimension, Filter, Record, Role};
use faro_formats::fictitious::{GenerateOptions, generate};
use faro_formats::{ExportFormat, Input, ReadOptions};
use faro_store::{DEFAULT_ORGANISATION, ImportOutcome, NewSource, SourceKind};
use faro_testkit::{TestDb, on_both_backends};

const ROWS: u64 = 300;

fn options() -> ReadOptions {
    ReadOptions {
        layout: None,
        this_year: 2026,
        ignore_columns: Vec::new(),
    }
}

async fn a_ctdc_file_becomes_counts_records_and_a_page(db: TestDb) {
    // 1. A CTDC layout A file, with malformed rows among the good ones.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ctdc.csv");
    generate(
        std::fs::File::create(&path).unwrap(),
        &GenerateOptions {
            rows: ROWS,
            seed: 11,
            dirty: 0.1,
            format: ExportFormat::CsvA,
        },
    )
    .unwrap();
    // What the file holds, read apart from the store: the truth the other layers must tell.
    let good: Vec<Record> = Input::open(&path, &options())
        .unwrap()
        .filter_map(|item| item.ok().and_then(Result::ok))
        .collect();
    let women = good
        .iter()
        .filter(|r| r.gender == Some(Gender::Female))
        .count() as u64;
    assert!(
        good.len() < ROWS as usize && women > 0,
        "the file is a fair test"
    );

    // 2. Import, as `faro import ctdc` does: bad rows are reported, good ones kept.
    let app = TestApp::new(db).await;
    let store = app.db.store();
    let source = NewSource {
        name: "story".into(),
        file_name: Some("ctdc.csv".into()),
        sha256: faro_formats::sha256_file(&path).unwrap(),
        layout: "a".into(),
        kind: SourceKind::Import,
        organisation: DEFAULT_ORGANISATION,
    };
    let input = Input::open(&path, &options()).unwrap();
    let outcome = store
        .import(&AccessContext::instance(), source, input, &mut (), || 0)
        .await
        .unwrap();
    let ImportOutcome::Imported(report) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(report.rows_imported, good.len() as u64);
    assert_eq!(report.rows_rejected, ROWS - good.len() as u64);

    // 3. The analytics index counts what the file holds.
    let index = faro_analytics::Index::new(store.clone());
    let analyst = AccessContext::member(DEFAULT_ORGANISATION, Role::Analyst);
    let mut female = Filter::new();
    female.add(Dimension::Gender, "female").unwrap();
    let counted = index
        .aggregate(&analyst, AggregateScope::Own, &[Dimension::Gender], &female)
        .await
        .unwrap();
    assert_eq!(counted.total_records, women);

    // 4. The API answers the same, and lists the same people.
    let api = app.get("/api/v1/aggregate?by=gender&gender=female").await;
    assert_eq!(api.status, 200, "{}", api.body);
    assert_eq!(api.json()["total_records"], women);
    let listed = app
        .get("/api/v1/records?gender=female&limit=1000")
        .await
        .json();
    let listed = listed["records"].as_array().unwrap();
    assert_eq!(listed.len() as u64, women);
    let first = &listed[0];
    let one = app
        .get(&format!("/api/v1/records/{}", first["id"]))
        .await
        .json();
    assert_eq!(one["gender"], Gender::Female.code());
    assert_eq!(one["citizenship"], first["citizenship"]);

    // 5. A signed-in analyst's home page shows the exact count, in French too; a viewer's,
    // who may not read the records, a controlled one: from the release, and said so.
    let home_of = |role: Role, path: &'static str| {
        let app = &app;
        async move {
            let email = person(
                app.db.store(),
                DEFAULT_ORGANISATION,
                role,
                "a long pass phrase",
            )
            .await;
            let mut browser = Browser::new(app);
            browser.sign_in(&email, "a long pass phrase", "").await;
            browser.get(path).await
        }
    };
    let home = home_of(Role::Analyst, "/?lang=fr").await;
    // The count in the reader's way: French groups thousands with a narrow no-break space.
    let fr = faro_i18n::Lang::from_code("fr").expect("French ships");
    assert_eq!(home.text_of("record-count"), fr.count(good.len() as u64));
    assert!(home.body.contains("dossiers"), "{}", home.body);
    app.release_statistics(faro_privacy::Policy::default())
        .await;
    let home = home_of(Role::Viewer, "/").await;
    let digits: String = home
        .text_of("record-count")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let shown: u64 = digits.parse().unwrap();
    assert!(shown.abs_diff(good.len() as u64) <= 50, "{shown}");
    assert!(home.body.contains("id=\"controlled-note\""));
}

on_both_backends!(a_ctdc_file_becomes_counts_records_and_a_page);
