//! Data-driven bad input: every file under `tests/data/bad` and `tests/data/fatal` has a
//! snapshot of the report it produces, so a new hostile input is one new file.

use faro_formats::{Input, ReadOptions};
use std::fmt::Write;
use std::path::{Path, PathBuf};

pub fn options() -> ReadOptions {
    ReadOptions {
        layout: None,
        this_year: 2026,
        ignore_columns: Vec::new(),
    }
}

fn data(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Reads a whole file into a printable report: layout, good rows, each rejected row.
pub fn report(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut out = String::new();
    let input = match Input::open(path, &options()) {
        Ok(input) => input,
        Err(e) => {
            return format!(
                "fatal: {}",
                e.to_string().replace(&path.display().to_string(), &name)
            );
        }
    };
    writeln!(out, "layout: {}", input.layout.name()).unwrap();
    let mut good = 0;
    for item in input {
        match item {
            Ok(Ok(_)) => good += 1,
            Ok(Err(row)) => writeln!(out, "{}", faro_i18n::Lang::REFERENCE.row(&row)).unwrap(),
            Err(e) => writeln!(out, "fatal: {e}").unwrap(),
        }
    }
    writeln!(out, "good rows: {good}").unwrap();
    out
}

#[test]
fn every_bad_file_reports_each_rejected_row_with_line_column_value_and_reason() {
    let files = data("bad");
    assert!(files.len() >= 10);
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let report = report(&path);
        assert!(
            report.contains("line "),
            "{name} rejected nothing:\n{report}"
        );
        insta::assert_snapshot!(format!("bad_{name}"), report);
    }
}

#[test]
fn every_fatal_file_is_refused_with_a_message_that_names_the_problem() {
    for path in data("fatal") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let report = report(&path);
        assert!(report.starts_with("fatal: "), "{name}: {report}");
        insta::assert_snapshot!(format!("fatal_{name}"), report);
    }
}

#[test]
fn the_real_2020_derivative_is_refused_naming_its_unknown_columns() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ctdc/global_dataset_14apr2020_derived_10cols_first200.csv");
    let err = Input::open(&path, &options())
        .err()
        .expect("must be refused");
    let msg = err.to_string();
    for col in [
        "control_category",
        "RecruiterCategory",
        "ExploitType",
        "Labor_Type",
    ] {
        assert!(msg.contains(&format!("`{col}`")), "{msg}");
    }
    assert!(msg.contains("--ignore-column"), "{msg}");
}

#[test]
fn the_real_2020_derivative_with_its_extra_columns_ignored_lacks_country_of_exploitation() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ctdc/global_dataset_14apr2020_derived_10cols_first200.csv");
    let mut opts = options();
    opts.ignore_columns = [
        "",
        "control_category",
        "RecruiterCategory",
        "ExploitType",
        "Labor_Type",
    ]
    .map(String::from)
    .to_vec();
    let msg = Input::open(&path, &opts)
        .err()
        .expect("must be refused")
        .to_string();
    assert!(
        msg.contains("`CountryOfExploitation`") && msg.contains("lacks"),
        "{msg}"
    );
}

#[test]
fn the_real_renamed_2017_sample_is_refused_naming_the_renamed_columns() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/ctdc/global_dataset_2017_sample_104rows_renamed.csv");
    let msg = Input::open(&path, &options())
        .err()
        .expect("must be refused")
        .to_string();
    assert!(
        msg.contains("`registration_year`") && msg.contains("`country_of_exploitation`"),
        "{msg}"
    );
}
