//! Both backends end up with the same tables and columns from the one migration set.

use faro_testkit::TestDb;

/// Every table the migrations create.
const TABLES: [&str; 16] = [
    "sources",
    "records",
    "organisations",
    "users",
    "api_tokens",
    "sessions",
    "password_links",
    "record_notes",
    "audit_log",
    "audit_heads",
    "meta",
    "organisation_settings",
    "privacy_ledger",
    "releases",
    "release_files",
    "statistics_releases",
];

async fn columns_sqlite(db: &TestDb) -> Vec<(String, String)> {
    let url = format!("sqlite://{}/faro.db", db.cli_args()[1]);
    let mut out = Vec::new();
    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    for table in TABLES {
        let names: Vec<String> =
            sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .fetch_all(&mut c)
                .await
                .unwrap();
        out.extend(names.into_iter().map(|n| (table.to_string(), n)));
    }
    out.sort();
    out
}

async fn columns_postgres(db: &TestDb) -> Vec<(String, String)> {
    let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(&db.cli_args()[1])
        .await
        .unwrap();
    let mut out: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = ANY($1)",
    )
    .bind(TABLES.map(String::from).to_vec())
    .fetch_all(&mut c)
    .await
    .unwrap();
    out.sort();
    out
}

#[tokio::test]
async fn both_backends_have_the_same_tables_and_columns() {
    let lite = columns_sqlite(&TestDb::sqlite().await).await;
    let pg = columns_postgres(&TestDb::postgres().await).await;
    assert!(lite.len() > 70, "{lite:?}");
    for table in TABLES {
        assert!(lite.iter().any(|(t, _)| t == table), "no table `{table}`");
    }
    assert_eq!(lite, pg);
}
