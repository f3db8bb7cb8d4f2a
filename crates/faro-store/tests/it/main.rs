//! Integration tests of faro-store; every test runs on SQLite and on PostgreSQL.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

mod atomic;
mod audit;
mod backup;
mod cases;
mod directory;
mod directory_updates;
mod erase;
mod exchange;
mod import;
mod jobs;
mod ledger;
mod query;
mod referrals;
mod releases;
mod report_triage;
mod reports;
mod schema;
mod secrets;
mod tenant;
mod tls;
mod triage_models;
