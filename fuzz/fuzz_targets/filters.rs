//! Any text as a group-by list and as a filter value of every dimension: a parsed value or a
//! validation error, never a panic.
#![no_main]

use faro_domain::{Dimension, Filter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = faro_domain::query::parse_group_by(text);
    for dim in Dimension::ALL {
        let mut filter = Filter::new();
        let _ = filter.add(dim, text);
    }
});
