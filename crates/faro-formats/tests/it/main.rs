//! Integration tests of faro-formats: one binary, modules by topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

mod fixtures;
mod layouts;
mod round_trip;
