//! Every file a page loads, embedded in the binary from `assets/` (Faro's own files, and
//! front-end libraries vendored from npm under `assets/vendor/<package>/` with their
//! licences). Nothing is ever loaded from another host.
//!
//! Each file is served under a content-hashed name (`faro.3f2a9c1e.css`) that may be cached
//! for a year, since a changed file gets a new name; pages link it through [`url`]. The plain
//! name answers too, with a short cache, for anything that cannot know the hash.

use super::{Need, PageRoute, route};
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(rust_embed::Embed)]
#[folder = "assets/"]
struct Files;

/// Hashed name → embedded path, and embedded path → hashed name.
struct Table {
    by_hashed: HashMap<String, String>,
    hashed: HashMap<String, String>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut table = Table {
        by_hashed: HashMap::new(),
        hashed: HashMap::new(),
    };
    for path in Files::iter() {
        let Some(file) = Files::get(&path) else {
            continue;
        };
        let hash = hex::encode(&file.metadata.sha256_hash()[..4]);
        let hashed = match path.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
            None => format!("{path}.{hash}"),
        };
        table.by_hashed.insert(hashed.clone(), path.to_string());
        table.hashed.insert(path.to_string(), hashed);
    }
    table
});

/// The URL of the embedded file `name` (a path under `assets/`), content-hashed.
pub fn url(name: &str) -> String {
    match TABLE.hashed.get(name) {
        Some(hashed) => format!("/assets/{hashed}"),
        None => {
            tracing::error!(asset = name, "no such asset is embedded");
            format!("/assets/{name}")
        }
    }
}

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/assets/{*file}", Need::Nothing, || get(serve)),
        // Browsers ask for it unprompted.
        route("GET", "/favicon.ico", Need::Nothing, || {
            get(|| async { answer("faro.svg", SHORT) })
        }),
    ]
}

/// A year, for content-hashed names: the content behind a name never changes.
const FOREVER: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=300";

async fn serve(Path(file): Path<String>) -> Response {
    match TABLE.by_hashed.get(&file) {
        Some(path) => answer(path, FOREVER),
        None => answer(&file, SHORT),
    }
}

fn answer(path: &str, cache: &'static str) -> Response {
    let Some(file) = Files::get(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = file.metadata.mimetype();
    let content_type = if mime.starts_with("text/") || mime.ends_with("javascript") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_str(&content_type)
                    .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        file.data,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_has_a_hashed_name_that_leads_back_to_it() {
        let css = url("faro.css");
        let hashed = css.strip_prefix("/assets/").expect("under /assets/");
        assert!(
            hashed.starts_with("faro.") && hashed.ends_with(".css") && hashed.len() == 17,
            "{hashed}"
        );
        assert_eq!(
            TABLE.by_hashed.get(hashed).map(String::as_str),
            Some("faro.css")
        );
        assert_eq!(TABLE.by_hashed.len(), Files::iter().count());
    }
}
