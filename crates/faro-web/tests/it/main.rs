//! Integration tests of faro-web: the router in-process, on both backends.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed step must stop the test with its message"
)]

mod api;
mod app;
mod authz;
mod browser;
mod case_fixtures;
mod cases;
mod cases_api;
mod channels;
mod data;
mod directory;
mod directory_import;
mod directory_updates;
mod disclosure;
mod exchange_api;
mod exchange_pages;
mod hub;
mod logs;
mod pages;
mod referral_pages;
mod referrals;
mod reports;
mod session;
mod settings;
mod sources;
mod story;
mod triage;
mod words;
