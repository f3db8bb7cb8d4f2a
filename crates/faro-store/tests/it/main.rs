//! Integration tests of faro-store; every test runs on SQLite and on PostgreSQL.

mod import;
mod query;
mod schema;
