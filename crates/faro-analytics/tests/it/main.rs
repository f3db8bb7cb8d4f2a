//! Integration tests of faro-analytics, on both backends.

mod aggregate;
