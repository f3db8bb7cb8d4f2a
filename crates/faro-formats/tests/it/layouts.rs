//! Layout detection and the reading of each layout's spellings.

use super::fixtures::{options, report};
use faro_domain::vocab::{AgeBroad, Gender, Means, Recruiter};
use faro_formats::{Input, Layout};
use std::path::Path;

fn read(name: &str, text: &str) -> (Input, Vec<faro_domain::Record>) {
    let mut input = Input::from_reader(
        name,
        std::io::Cursor::new(text.as_bytes().to_vec()),
        &options(),
    )
    .unwrap();
    let records = input.by_ref().map(|i| i.unwrap().unwrap()).collect();
    (input, records)
}

#[test]
fn a_bom_crlf_and_quoted_fields_read_as_plain_csv() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good/bom_crlf_quoted.csv");
    let input = Input::open(&path, &options()).unwrap();
    assert_eq!(input.layout, Layout::A);
    let records: Vec<_> = input.map(|i| i.unwrap().unwrap()).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0].recruiter.yes().collect::<Vec<_>>(),
        [Recruiter::IntimatePartner, Recruiter::Friend]
    );
    assert_eq!(records[1].age, Some(AgeBroad::Age48Plus));
    assert_eq!(records[1].citizenship, None);
    assert_eq!(report(&path).lines().last(), Some("good rows: 2"));
}

#[test]
fn a_tab_separated_header_is_layout_b() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/good/layout_b.tsv");
    let input = Input::open(&path, &options()).unwrap();
    assert_eq!(input.layout, Layout::B);
    assert!(input.absent_columns.contains(&"isSexualExploit"));
    assert_eq!(input.count(), 2);
}

#[test]
fn a_layout_c_column_makes_layout_c_with_alpha3_countries_and_its_spellings() {
    let (input, records) = read(
        "c.csv",
        "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation,meansWithholdDocuments,sectorOfLabourAgriculture\n\
         2020,Trans/Transgender/NonConforming,09--17,NAM,MEX,1,\n",
    );
    assert_eq!(input.layout, Layout::C);
    assert!(input.absent_columns.contains(&"traffickMonths"));
    let c = records[0];
    assert_eq!(c.gender, Some(Gender::Transgender));
    assert_eq!(c.age, Some(AgeBroad::Age9To17));
    assert_eq!(c.citizenship.map(|c| c.alpha2()), Some("NA"));
    assert_eq!(c.means.get(Means::WithholdDocs), Some(true));
    assert_eq!(
        c.means.get(Means::Threats),
        None,
        "empty is not recorded, not no"
    );
}

#[test]
fn the_layout_override_wins_over_detection() {
    let mut opts = options();
    opts.layout = Some(Layout::C);
    let input = Input::from_reader(
        "x.csv",
        std::io::Cursor::new(b"yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation\n2020,Woman,,MEX,USA\n".to_vec()),
        &opts,
    )
    .unwrap();
    assert_eq!(input.layout, Layout::C);
    let records: Vec<_> = input.map(|i| i.unwrap().unwrap()).collect();
    assert_eq!(
        records[0].exploitation_country.map(|c| c.alpha2()),
        Some("US")
    );
}

#[test]
fn derived_columns_that_disagree_with_flags_are_counted_not_rejected() {
    let (input, records) = read(
        "d.csv",
        "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation,isForcedLabour,isSexualExploit,typeOfExploitConcatenated\n\
         2016,Female,,UA,RU,1,0,Forced labour\n\
         2016,Female,,UA,RU,1,0,Forced labour;Sexual exploitation\n",
    );
    assert_eq!(records.len(), 2);
    assert_eq!(
        input
            .stats
            .derived_mismatches
            .load(std::sync::atomic::Ordering::Relaxed),
        1
    );
}

#[test]
fn identical_rows_are_different_people_and_all_are_kept() {
    let row = "2016,Female,18--20,UA,RU\n";
    let text = format!(
        "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation\n{}",
        row.repeat(50)
    );
    let (_, records) = read("same.csv", &text);
    assert_eq!(records.len(), 50);
}

#[test]
fn a_record_longer_than_1_mib_stops_the_file_without_holding_it_in_memory() {
    let text = format!(
        "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation\n2016,Female,,UA,RU\n2016,{},,UA,RU\n",
        "x".repeat(2 << 20)
    );
    let items: Vec<_> = faro_formats::Input::from_reader(
        "huge.csv",
        std::io::Cursor::new(text.into_bytes()),
        &options(),
    )
    .unwrap()
    .collect();
    let fatal = items
        .iter()
        .find_map(|i| i.as_ref().err())
        .expect("a fatal error");
    assert!(
        fatal.to_string().contains("line 3 is longer than 1 MiB"),
        "{fatal}"
    );
    let unclosed = format!(
        "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation\n2016,\"Female,,UA,RU\n{}",
        "2016,Female,,UA,RU\n".repeat(60_000)
    );
    let items: Vec<_> = faro_formats::Input::from_reader(
        "quote.csv",
        std::io::Cursor::new(unclosed.into_bytes()),
        &options(),
    )
    .unwrap()
    .collect();
    assert!(items.iter().any(|i| {
        i.as_ref()
            .is_err_and(|e| e.to_string().contains("unclosed quote"))
    }));
}

#[test]
fn newlines_inside_quoted_fields_belong_to_the_record() {
    let (_, records) = read(
        "q.csv",
        "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation,RecruiterRelationship\n2016,Female,,UA,RU,\"Friend;\nFamily\"\n",
    );
    assert_eq!(records[0].recruiter.yes().count(), 2);
}

#[test]
fn a_json_line_longer_than_1_mib_is_one_rejected_row_and_the_next_lines_are_read() {
    let text = format!(
        "{{\"yearOfRegistration\": 2016, \"gender\": \"{}\"}}\n{{\"yearOfRegistration\": 2017, \"gender\": \"Male\"}}\n",
        "x".repeat(2 << 20)
    );
    let items: Vec<_> = faro_formats::Input::from_reader(
        "huge.jsonl",
        std::io::Cursor::new(text.into_bytes()),
        &options(),
    )
    .unwrap()
    .map(|i| i.unwrap())
    .collect();
    assert_eq!(items.len(), 2);
    let rejected = items[0].as_ref().unwrap_err();
    assert_eq!(
        (rejected.line, rejected.errors[0].reason.key),
        (1, faro_domain::problem::LINE_TOO_LONG)
    );
    assert_eq!(items[1].as_ref().unwrap().gender, Some(Gender::Male));
}
