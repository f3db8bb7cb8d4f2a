//! Any bytes as a CTDC CSV or JSON-lines file: every item is a record, a row error or the one
//! fatal error; nothing panics, and memory stays bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = faro_formats::ReadOptions {
        layout: None,
        this_year: 2026,
        ignore_columns: Vec::new(),
    };
    if let Ok(input) = faro_formats::Input::from_reader("fuzz", std::io::Cursor::new(data.to_vec()), &options) {
        for item in input.take(10_000) {
            let _ = item;
        }
    }
});
