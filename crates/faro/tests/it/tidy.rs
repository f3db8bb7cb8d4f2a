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
