//! House rules checked over the whole tree (rust-analyzer's tidy test).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n != "target" && n != "node_modules")
            {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_opens_with_a_module_comment_and_nothing_is_skipped_or_expected_to_panic() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    assert!(files.len() > 30);
    let (ignore, should_panic) = (["#[", "ignore]"].concat(), ["#[", "should_panic"].concat());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            text.starts_with("//!"),
            "{} must start with a `//!` line saying its job",
            f.display()
        );
        assert!(
            !text.contains(&ignore) && !text.contains(&should_panic),
            "{} skips a test or expects a panic",
            f.display()
        );
    }
}

/// What a file names in code: its text without comments (a doc comment may say what the
/// module avoids).
fn code_of(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The words that would tie a service to HTTP or to one of its two edges.
fn http_words(code: &str) -> Vec<&'static str> {
    const HTTP: [&str; 8] = [
        "axum",
        "AppState",
        "ApiError",
        "PageError",
        "crate::api",
        "crate::pages",
        "super::api",
        "super::pages",
    ];
    HTTP.into_iter().filter(|w| code.contains(w)).collect()
}

/// The services (`faro-web/src/services/`, and the hub's gathering, drawing and brief) are
/// shared by the API, the pages and the CLI, so they know nothing of HTTP: each edge turns
/// their typed errors into its own answer once.
#[test]
fn services_know_no_http() {
    let web = root().join("crates/faro-web/src");
    let mut files = Vec::new();
    rust_files(&web.join("services"), &mut files);
    files.extend(["hub/mod.rs", "hub/brief.rs", "hub/draw.rs", "hub/geo.rs"].map(|f| web.join(f)));
    assert!(files.len() >= 10, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let named = http_words(&code_of(&text));
        assert!(
            named.is_empty(),
            "{} is a service but names {named:?}: take a `services::Context`, return a typed error, and let the API and the pages answer",
            f.display()
        );
    }
    // The check itself can fail.
    assert_eq!(
        http_words(&code_of("use crate::AppState;\n// axum is not named here")),
        ["AppState"]
    );
}

/// `lib.rs` is the router; the state has a module of its own.
#[test]
fn the_web_crate_root_is_the_router() {
    let lib = std::fs::read_to_string(root().join("crates/faro-web/src/lib.rs")).unwrap();
    assert!(lib.contains("pub fn router("));
    assert!(
        !lib.contains("pub struct AppState"),
        "AppState lives in state.rs"
    );
}

/// ARCHITECTURE.md is a map: every module has its line there (the detail is in its `//!`).
#[test]
fn every_module_has_a_line_in_architecture_md() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let path = f.to_string_lossy();
            let (_, within) = path.split_once("/src/")?;
            let listed =
                ["lib.rs", "main.rs"].contains(&within) || map.contains(&format!("- `{within}`: "));
            (!listed).then(|| path.into_owned())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "give each a line in ARCHITECTURE.md's code map: {missing:?}"
    );
}

#[test]
fn every_crate_has_a_section_in_architecture_md() {
    let arch = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    for entry in std::fs::read_dir(root().join("crates")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            arch.contains(&format!("### {name}")),
            "ARCHITECTURE.md lacks `### {name}`"
        );
    }
}

#[test]
fn dependency_licences_are_on_the_allow_list() {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--offline", "--locked"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let allowed = [
        "MIT",
        "MIT-0",
        "Apache-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "ISC",
        "Zlib",
        "Unicode-3.0",
        "Unicode-DFS-2016",
        "CC0-1.0",
        "Unlicense",
        "MPL-2.0",
        "BSL-1.0",
        "0BSD",
        "Apache-2.0 WITH LLVM-exception",
        "AGPL-3.0-or-later",
        "CDLA-Permissive-2.0",
    ];
    for p in meta["packages"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let licence = p["license"]
            .as_str()
            .map(str::to_string)
            .or_else(|| licence_file(p))
            .unwrap_or_else(|| panic!("{name} declares no licence"));
        let ok = licence
            .split(" OR ")
            .flat_map(|part| part.split('/'))
            .any(|alt| {
                alt.trim_matches(['(', ')', ' '])
                    .split(" AND ")
                    .all(|l| allowed.contains(&l.trim_matches(['(', ')', ' '])))
            });
        assert!(
            ok,
            "{name} is licensed `{licence}`, which is not on the allow-list"
        );
    }
}

/// A package that names a licence file instead of an SPDX expression (OpenDP): the licence
/// the file itself declares on its first line, read from the package as it was downloaded.
fn licence_file(package: &serde_json::Value) -> Option<String> {
    let file = package["license_file"].as_str()?;
    let manifest = std::path::Path::new(package["manifest_path"].as_str()?);
    let text = std::fs::read_to_string(manifest.parent()?.join(file)).ok()?;
    let first = text.lines().next()?.trim();
    (first == "MIT License").then(|| "MIT".to_string())
}

/// Licences a vendored front-end library may carry (all permissive, AGPL-compatible).
const FRONT_END_LICENCES: &[&str] = &[
    "MIT",
    "ISC",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "Apache-2.0",
    "0BSD",
];

/// What is wrong with the vendored libraries under `dir`: every file sits in a
/// `NAME@VERSION/` folder that holds a licence file and a `package.json` whose licence is on
/// [`FRONT_END_LICENCES`].
fn vendored_problems(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !path.is_dir() {
            if name != "README.md" {
                problems.push(format!("`{name}` is not inside a NAME@VERSION folder"));
            }
            continue;
        }
        if !name.contains('@') {
            problems.push(format!("`{name}` does not name its version (NAME@VERSION)"));
        }
        let files: Vec<String> = std::fs::read_dir(&path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_lowercase())
            .collect();
        if !files
            .iter()
            .any(|f| f.starts_with("licen") || f.starts_with("copying"))
        {
            problems.push(format!("`{name}` has no licence file"));
        }
        let licence = std::fs::read_to_string(path.join("package.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["license"].as_str().map(str::to_string));
        match licence {
            Some(l) if FRONT_END_LICENCES.contains(&l.as_str()) => {}
            Some(l) => problems.push(format!("`{name}` is licensed `{l}`, not on the allow-list")),
            None => problems.push(format!("`{name}` has no package.json naming its licence")),
        }
    }
    problems
}

#[test]
fn every_vendored_front_end_file_has_a_licence_on_the_allow_list() {
    let vendor = root().join("crates/faro-web/assets/vendor");
    assert!(vendor.join("README.md").exists());
    let problems = vendored_problems(&vendor);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_vendoring_check_refuses_what_it_should() {
    let dir = tempfile::tempdir().unwrap();
    let package = |name: &str, licence: Option<&str>, licence_file: bool| {
        let p = dir.path().join(name);
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("lib.js"), "// a library").unwrap();
        if let Some(l) = licence {
            std::fs::write(p.join("package.json"), format!(r#"{{"license": "{l}"}}"#)).unwrap();
        }
        if licence_file {
            std::fs::write(p.join("LICENSE"), "licence text").unwrap();
        }
    };
    package("good@1.0.0", Some("ISC"), true);
    assert!(vendored_problems(dir.path()).is_empty());
    package("copyleft@2.0.0", Some("GPL-3.0"), true);
    package("unlicensed@1.0.0", Some("MIT"), false);
    package("noversion", None, true);
    std::fs::write(dir.path().join("loose.js"), "").unwrap();
    let problems = vendored_problems(dir.path()).join("\n");
    for expected in [
        "`copyleft@2.0.0` is licensed `GPL-3.0`",
        "`unlicensed@1.0.0` has no licence file",
        "`noversion` does not name its version",
        "`noversion` has no package.json",
        "`loose.js` is not inside",
    ] {
        assert!(problems.contains(expected), "{expected}: {problems}");
    }
}

#[test]
fn no_test_reads_outside_the_repository() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    let outside = ["../../../", "shared/data"].concat();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !text.contains(&outside),
            "{} reads beside the repository: copy the fixture into it",
            f.display()
        );
    }
}
