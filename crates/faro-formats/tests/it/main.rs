//! Integration tests of faro-formats: one binary, modules by topic.

mod fixtures;
mod layouts;
mod round_trip;
