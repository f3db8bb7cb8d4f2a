//! The benchmark runs end to end on a small file: both databases, the Python baseline, and
//! DuckDB or the reason it did not run. Its figures are not checked here (speed is measured,
//! not asserted); that it measures is.

#[test]
fn a_small_run_reports_every_measurement() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = assert_cmd::Command::cargo_bin("faro-bench")
        .expect("the faro-bench binary")
        .args(["--rows", "3000", "--queries", "5", "--out"])
        .arg(dir.path())
        .env("FARO_BENCH_PG_URL", faro_testkit::pg_base_url())
        .output()
        .expect("faro-bench runs");
    let report = String::from_utf8_lossy(&out.stdout);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}\n{log}");
    for expected in [
        "## Import of 3000 rows",
        "SQLite",
        "PostgreSQL",
        "python",
        "duckdb",
    ] {
        assert!(
            report.contains(expected),
            "no `{expected}` in:\n{report}\n{log}"
        );
    }
}
