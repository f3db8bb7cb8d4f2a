//! Import semantics: batches, invisibility until complete, idempotence, fatal errors.

use faro_domain::{AccessContext, FieldError, Filter, Record, RowError};
use faro_formats::fictitious::Generator;
use faro_store::{ImportFailed, ImportObserver, ImportOutcome, NewSource, SourceKind, Store};
use faro_testkit::{TestDb, on_both_backends};

#[derive(Default)]
pub struct Collect {
    pub rejected: Vec<RowError>,
    pub progress: Vec<u64>,
}

impl ImportObserver for Collect {
    fn rejected(&mut self, row: &RowError) {
        self.rejected.push(row.clone());
    }
    fn progress(&mut self, rows_read: u64) {
        self.progress.push(rows_read);
    }
}

#[derive(Debug, thiserror::Error)]
#[error("disk on fire")]
pub struct Fatal;

pub type Item = Result<Result<Record, RowError>, Fatal>;

pub fn source(sha: &str) -> NewSource {
    NewSource {
        name: format!("test {sha}"),
        file_name: Some(format!("{sha}.csv")),
        sha256: sha.into(),
        layout: "ctdc-a".into(),
        kind: SourceKind::Import,
        organisation: faro_store::DEFAULT_ORGANISATION,
    }
}

pub fn records(seed: u64, n: usize) -> Vec<Record> {
    let mut g = Generator::new(seed);
    (0..n).map(|_| g.record()).collect()
}

pub async fn import_records(store: &Store, sha: &str, records: &[Record]) -> i64 {
    let items: Vec<Item> = records.iter().map(|c| Ok(Ok(*c))).collect();
    match store
        .import(
            &faro_domain::AccessContext::instance(),
            source(sha),
            items.into_iter(),
            &mut Collect::default(),
            || 0,
        )
        .await
        .unwrap()
    {
        ImportOutcome::Imported(r) => r.source_id,
        other => panic!("{other:?}"),
    }
}

pub async fn all_records(store: &Store, filter: &Filter) -> Vec<faro_store::StoredRecord> {
    let ctx = AccessContext::instance();
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = store.records(&ctx, filter, after, 700).await.unwrap();
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        out.extend(page);
    }
    out
}

async fn good_and_bad_rows_are_imported_and_reported(db: TestDb) {
    let store = db.store();
    let good = records(1, 9000);
    let mut items: Vec<Item> = good.iter().map(|c| Ok(Ok(*c))).collect();
    let bad = RowError {
        line: 17,
        errors: vec![FieldError {
            column: "gender".into(),
            value: "Alien".into(),
            reason: faro_domain::Message::new(faro_domain::problem::NOT_A_TERM),
        }],
    };
    items.insert(16, Ok(Err(bad.clone())));
    let mut seen = Collect::default();
    let outcome = store
        .import(
            &faro_domain::AccessContext::instance(),
            source("aa"),
            items.into_iter(),
            &mut seen,
            || 3,
        )
        .await
        .unwrap();
    let ImportOutcome::Imported(report) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        (report.rows_read, report.rows_imported, report.rows_rejected),
        (9001, 9000, 1)
    );
    assert_eq!(seen.rejected, [bad]);
    assert_eq!(seen.progress.last(), Some(&9001));
    assert!(
        seen.progress.len() >= 3,
        "progress is reported per batch: {:?}",
        seen.progress
    );
    let back: Vec<Record> = all_records(store, &Filter::new())
        .await
        .into_iter()
        .map(|r| r.record)
        .collect();
    assert_eq!(back, good, "records come back identical and in order");
    let src = store
        .source(&AccessContext::instance(), report.source_id)
        .await
        .unwrap();
    assert_eq!(
        (src.rows_imported, src.rows_rejected, src.derived_mismatches),
        (9000, 1, 3)
    );
}

async fn the_same_file_twice_adds_nothing(db: TestDb) {
    let store = db.store();
    let c = records(2, 100);
    import_records(store, "bb", &c).await;
    let items: Vec<Item> = c.iter().map(|c| Ok(Ok(*c))).collect();
    let again = store
        .import(
            &faro_domain::AccessContext::instance(),
            source("bb"),
            items.into_iter(),
            &mut Collect::default(),
            || 0,
        )
        .await
        .unwrap();
    assert!(
        matches!(again, ImportOutcome::AlreadyImported(ref s) if s.rows_imported == 100),
        "{again:?}"
    );
    assert_eq!(
        store
            .count_records(&AccessContext::instance())
            .await
            .unwrap(),
        100
    );
    import_records(store, "other file, same rows", &c).await;
    assert_eq!(
        store
            .count_records(&AccessContext::instance())
            .await
            .unwrap(),
        200,
        "identical rows of another file are other people"
    );
}

async fn a_fatal_error_mid_file_leaves_nothing(db: TestDb) {
    let store = db.store();
    let mut items: Vec<Item> = records(3, 10_000).into_iter().map(|c| Ok(Ok(c))).collect();
    items.push(Err(Fatal));
    let err = store
        .import(
            &faro_domain::AccessContext::instance(),
            source("cc"),
            items.into_iter(),
            &mut Collect::default(),
            || 0,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ImportFailed::Read(Fatal)));
    let ctx = AccessContext::instance();
    assert_eq!(store.count_records(&ctx).await.unwrap(), 0);
    assert!(store.sources(&ctx).await.unwrap().is_empty());
    db.execute("INSERT INTO sources (name, sha256, layout, kind, status, started_at) VALUES ('probe', 'probe', 'x', 'import', 'complete', 0)").await;
    assert_eq!(
        store.sources(&ctx).await.unwrap().len(),
        1,
        "no importing source is left behind either"
    );
}

async fn a_source_being_imported_is_invisible_until_complete(db: TestDb) {
    let store = db.store().clone();
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let (reached, at_pause) = tokio::sync::oneshot::channel::<()>();
    let mut reached = Some(reached);
    let mut rows = records(4, 6000).into_iter().enumerate();
    let items = std::iter::from_fn(move || {
        let (i, c) = rows.next()?;
        if i == 5000 {
            if let Some(r) = reached.take() {
                let _ = r.send(());
            }
            let _ = wait.recv();
        }
        Some(Ok::<_, Fatal>(Ok(c)))
    });
    let importer = {
        let store = store.clone();
        tokio::spawn(async move {
            store
                .import(
                    &faro_domain::AccessContext::instance(),
                    source("dd"),
                    items,
                    &mut Collect::default(),
                    || 0,
                )
                .await
        })
    };
    at_pause.await.unwrap();
    // The first batch of 4096 rows is committed by now, yet nothing is visible.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ctx = AccessContext::instance();
    assert_eq!(store.count_records(&ctx).await.unwrap(), 0);
    assert!(store.sources(&ctx).await.unwrap().is_empty());
    assert!(
        store
            .segments(&ctx, faro_domain::AggregateScope::Hub)
            .await
            .unwrap()
            .is_empty()
    );
    release.send(()).unwrap();
    importer.await.unwrap().unwrap();
    assert_eq!(store.count_records(&ctx).await.unwrap(), 6000);
}

async fn a_killed_import_is_replaced_by_the_next_import_of_the_same_file(db: TestDb) {
    db.execute(
        "INSERT INTO sources (id, name, sha256, layout, kind, status, started_at) VALUES (77, 'killed', 'ee', 'ctdc-a', 'import', 'importing', 0);
         INSERT INTO records (source_id, year, exploitation_known, exploitation_set, labour_known, labour_set, sex_known, sex_set,
            means_detail_known, means_detail_set, means_known, means_set, recruiter_known, recruiter_set, modality_set)
         VALUES (77, 2016, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);",
    )
    .await;
    let store = db.store();
    let c = records(5, 50);
    import_records(store, "ee", &c).await;
    let ctx = AccessContext::instance();
    let sources = store.sources(&ctx).await.unwrap();
    assert_eq!(sources.len(), 1);
    assert_ne!(sources[0].id, 77);
    assert_eq!(
        all_records(store, &Filter::new()).await.len(),
        50,
        "every good row exactly once"
    );
}

on_both_backends!(
    good_and_bad_rows_are_imported_and_reported,
    the_same_file_twice_adds_nothing,
    a_fatal_error_mid_file_leaves_nothing,
    a_source_being_imported_is_invisible_until_complete,
    a_killed_import_is_replaced_by_the_next_import_of_the_same_file,
);
