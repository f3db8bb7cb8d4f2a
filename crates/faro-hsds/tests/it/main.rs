//! Integration tests of faro-hsds: one binary, modules by topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

mod feeds;
