//! Integration tests of the `faro` binary: one test binary, modules by topic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

mod checkpoints;
mod cli;
mod crash;
mod directory;
mod jobs;
mod photos;
mod process;
mod round_trip;
mod tidy;
mod triage;
