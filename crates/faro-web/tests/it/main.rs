//! Integration tests of faro-web: the router in-process, on both backends.

mod api;
mod app;
mod pages;
