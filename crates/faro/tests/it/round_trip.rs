//! Through the real binary and a real database, on both backends: import → export → import
//! gives identical records, and exports are the CTDC layouts byte for byte.

use super::cli::faro;
use faro_testkit::TestDb;

async fn round_trip(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let db_args = db.cli_args();
    let run = |args: &[&str]| {
        let mut cmd = faro(d);
        cmd.args(&db_args).args(args);
        cmd.assert()
    };
    run(&["generate", "--rows", "1500", "--seed", "11", "-o", "a.csv"]).code(0);
    run(&[
        "generate", "--rows", "700", "--seed", "12", "--layout", "c", "-o", "c.csv",
    ])
    .code(0);
    run(&["import", "ctdc", "a.csv", "c.csv"]).code(0);
    run(&["export", "--source", "1", "-o", "a-again.csv"]).code(0);
    run(&[
        "export",
        "--source",
        "2",
        "--layout",
        "c",
        "-o",
        "c-again.csv",
    ])
    .code(0);
    let read = |n: &str| std::fs::read_to_string(d.join(n)).unwrap();
    assert_eq!(
        read("a-again.csv"),
        read("a.csv"),
        "A → Faro → A is lossless"
    );
    assert_eq!(
        read("c-again.csv"),
        read("c.csv"),
        "C → Faro → C is lossless"
    );
    run(&["export", "--format", "jsonl", "-o", "all.jsonl"]).code(0);
    assert!(!d.join("all.partial").exists());
    // A second database gets the JSON lines; its exports must equal the first's.
    let second = TestDb::sqlite().await;
    let mut cmd = faro(d);
    cmd.args(second.cli_args())
        .args(["import", "ctdc", "all.jsonl"])
        .assert()
        .code(0);
    let mut cmd = faro(d);
    let out = cmd
        .args(second.cli_args())
        .args(["export", "--format", "jsonl"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        read("all.jsonl"),
        "JSONL → Faro → JSONL is lossless"
    );
    let agg = run(&[
        "aggregate",
        "--by",
        "year",
        "--format",
        "json",
        "--gender",
        "female",
    ])
    .code(0)
    .get_output()
    .stdout
    .clone();
    let v: serde_json::Value = serde_json::from_slice(&agg).unwrap();
    let sum: u64 = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    assert_eq!(sum, v["total_records"].as_u64().unwrap());
    assert!(sum > 500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_on_sqlite() {
    round_trip(TestDb::sqlite().await).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn round_trip_on_postgres() {
    round_trip(TestDb::postgres().await).await
}
