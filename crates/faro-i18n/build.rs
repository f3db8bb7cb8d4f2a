//! Generates `key!`, the macro that accepts exactly the message ids of the reference file
//! (`locales/en.ftl`): a misspelt or missing key in code or a template does not compile.

use std::fmt::Write;

fn main() {
    println!("cargo::rerun-if-changed=locales/en.ftl");
    let reference = std::fs::read_to_string("locales/en.ftl").unwrap_or_default();
    let mut arms = String::new();
    for line in reference.lines() {
        let Some((id, _)) = line.split_once('=') else {
            continue;
        };
        let id = id.trim_end();
        let is_id = id.starts_with(|c: char| c.is_ascii_alphabetic())
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if is_id && !line.starts_with(char::is_whitespace) {
            let _ = writeln!(arms, "    ({id:?}) => {{ {id:?} }};");
        }
    }
    let code = format!(
        "/// A message id of `locales/en.ftl`, checked when the code compiles.\n\
         #[macro_export]\n\
         macro_rules! key {{\n{arms}    ($other:literal) => {{ compile_error!(concat!(\"`\", $other, \"` is not a message of faro-i18n/locales/en.ftl\")) }};\n}}\n"
    );
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("key.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
