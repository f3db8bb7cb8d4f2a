//! Import → export → import gives identical records, for every layout and format.

use super::fixtures::options;
use faro_domain::Record;
use faro_formats::fictitious::{GenerateOptions, generate};
use faro_formats::{ExportFormat, Input, RecordWriter};

fn read_all(bytes: Vec<u8>) -> Vec<Record> {
    Input::from_reader("mem", std::io::Cursor::new(bytes), &options())
        .unwrap()
        .map(|i| i.unwrap().unwrap())
        .collect()
}

fn write_all(records: &[Record], format: ExportFormat) -> Vec<u8> {
    let mut w = RecordWriter::new(Vec::new(), format).unwrap();
    for c in records {
        w.write(c).unwrap();
    }
    w.finish().unwrap()
}

fn generated(format: ExportFormat) -> Vec<u8> {
    let mut out = Vec::new();
    generate(
        &mut out,
        &GenerateOptions {
            rows: 3000,
            seed: 42,
            dirty: 0.0,
            format,
        },
    )
    .unwrap();
    out
}

#[test]
fn layout_a_round_trips_through_faro_byte_for_byte() {
    let original = generated(ExportFormat::CsvA);
    let records = read_all(original.clone());
    assert_eq!(records.len(), 3000);
    let again = write_all(&records, ExportFormat::CsvA);
    assert_eq!(
        String::from_utf8(again).unwrap(),
        String::from_utf8(original).unwrap()
    );
}

#[test]
fn layout_c_round_trips_through_faro_byte_for_byte() {
    let original = generated(ExportFormat::CsvC);
    let records = read_all(original.clone());
    assert!(records.iter().any(|c| c.traffick_months.is_some()));
    let again = write_all(&records, ExportFormat::CsvC);
    assert_eq!(
        String::from_utf8(again).unwrap(),
        String::from_utf8(original).unwrap()
    );
}

#[test]
fn json_lines_keep_every_record_of_every_layout_identical() {
    for format in [ExportFormat::CsvA, ExportFormat::CsvC] {
        let records = read_all(generated(format));
        let back = read_all(write_all(&records, ExportFormat::Jsonl));
        assert_eq!(back, records, "{format:?}");
    }
}

#[test]
fn layout_c_export_rolls_fine_flags_up() {
    let records = read_all(generated(ExportFormat::CsvA));
    let with_detail = records.iter().find(|c| c.means_detail.any_yes()).unwrap();
    let c_file = write_all(std::slice::from_ref(with_detail), ExportFormat::CsvC);
    let back = read_all(c_file);
    assert_eq!(back[0].means.set_bits(), with_detail.means.set_bits());
    assert!(back[0].means_detail.is_all_unknown());
}

#[test]
fn dirty_generated_files_reject_exactly_the_planted_rows() {
    let mut out = Vec::new();
    let summary = generate(
        &mut out,
        &GenerateOptions {
            rows: 2000,
            seed: 9,
            dirty: 0.05,
            format: ExportFormat::CsvA,
        },
    )
    .unwrap();
    let items: Vec<_> = Input::from_reader("mem", std::io::Cursor::new(out), &options())
        .unwrap()
        .collect();
    let rejected = items.iter().filter(|i| matches!(i, Ok(Err(_)))).count() as u64;
    assert_eq!(rejected, summary.dirty_rows);
    assert_eq!(items.len() as u64, summary.rows);
}
