//! A tabular package (or a set of feed pages) sent as one ZIP file, as a page uploads a
//! folder: unpacked into a folder that [`crate::Feed`] then reads. A ZIP is hostile input, so
//! only what a package holds is taken (`.csv` and `.json` files, by their own names; folders
//! flattened; anything hidden, or another name, left out), an entry whose name leaves the
//! folder or comes twice refuses the whole file, and what is written is counted as it is
//! written, never trusted from the archive's own sizes: a small file that inflates past the
//! limit stops there.

use crate::HsdsError;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;

/// The most files one package holds (HSDS has about twenty tables).
pub const MAX_ENTRIES: usize = 100;
/// The most bytes a package unpacks to.
pub const MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Whether the file at `path` is a ZIP archive (by its first bytes, not its name).
pub fn is_zip(path: &Path) -> bool {
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| head == *b"PK\x03\x04")
}

/// Unpacks the package in the ZIP file `zip` into the folder `into`, at most `max_bytes` in
/// all.
pub fn unpack(zip: &Path, into: &Path, max_bytes: u64) -> Result<(), HsdsError> {
    let name = zip
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let refused = |reason: String| HsdsError::NotAFeed {
        file: name.clone(),
        reason,
    };
    let file = std::fs::File::open(zip).map_err(|source| HsdsError::Io {
        file: name.clone(),
        source,
    })?;
    let mut archive = zip::ZipArchive::new(file)
        .map_err(|e| refused(format!("not a readable ZIP file ({e})")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(refused(format!(
            "it holds {} files; a package holds at most {MAX_ENTRIES}",
            archive.len()
        )));
    }
    let mut left = max_bytes;
    let mut taken = HashSet::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| refused(format!("entry {} cannot be read ({e})", i + 1)))?;
        if entry.is_dir() {
            continue;
        }
        let shown: String = entry
            .name()
            .map(|n| n.chars().take(80).collect())
            .unwrap_or_default();
        let Some(inside) = entry.enclosed_name() else {
            return Err(refused(format!(
                "`{shown}` would be written outside the package"
            )));
        };
        let Some(own) = inside
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        let hidden =
            own.starts_with('.') || inside.components().any(|c| c.as_os_str() == "__MACOSX");
        let wanted = own.ends_with(".csv") || own.ends_with(".json");
        if hidden || !wanted || !entry.is_file() {
            continue;
        }
        if !taken.insert(own.clone()) {
            return Err(refused(format!("`{own}` comes twice")));
        }
        let path = into.join(&own);
        let io = |source| HsdsError::Io {
            file: own.clone(),
            source,
        };
        let mut out = std::fs::File::create(&path).map_err(io)?;
        let written = std::io::copy(&mut (&mut entry).take(left + 1), &mut out)
            .map_err(|e| refused(format!("`{own}` cannot be unpacked ({e})")))?;
        if written > left {
            return Err(refused(format!(
                "it unpacks to more than {} MiB",
                max_bytes / (1024 * 1024)
            )));
        }
        out.flush().map_err(io)?;
        left -= written;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Feed, Item};
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zipped(path: &Path, files: &[(&str, &[u8])]) {
        let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in files {
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap();
    }

    #[test]
    fn a_zipped_tabular_package_reads_as_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("package");
        std::fs::create_dir(&folder).unwrap();
        let mut package = crate::write::Package::new(&folder).unwrap();
        for service in crate::fictitious::services(3, 5) {
            package.push(&service).unwrap();
        }
        package.finish().unwrap();
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let name = format!("export/{}", p.file_name().unwrap().to_string_lossy());
                (name, std::fs::read(p).unwrap())
            })
            .collect();
        files.push(("__MACOSX/._datapackage.json".into(), b"junk".to_vec()));
        files.push(("export/README.txt".into(), b"read me".to_vec()));
        let zip = dir.path().join("directory.zip");
        let named: Vec<(&str, &[u8])> = files
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        zipped(&zip, &named);
        assert!(is_zip(&zip) && !is_zip(&folder.join("datapackage.json")));
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        unpack(&zip, &out, MAX_BYTES).unwrap();
        assert!(!out.join("README.txt").exists() && !out.join("._datapackage.json").exists());
        let entries = Feed::open(&out)
            .unwrap()
            .filter(|i| matches!(i, Ok(Item::Entry(_))))
            .count();
        assert_eq!(entries, 3);
    }

    #[test]
    fn an_escaping_twice_named_or_inflating_zip_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let zip = dir.path().join("bad.zip");
        zipped(&zip, &[("../../etc/evil.csv", b"x")]);
        let e = unpack(&zip, &out, MAX_BYTES).unwrap_err().to_string();
        assert!(e.contains("outside the package"), "{e}");
        assert!(!dir.path().join("etc").exists());
        zipped(&zip, &[("a/service.csv", b"x"), ("b/service.csv", b"y")]);
        let e = unpack(&zip, &out, MAX_BYTES).unwrap_err().to_string();
        assert!(e.contains("comes twice"), "{e}");
        let zeros = vec![0u8; 3 * 1024 * 1024];
        zipped(&zip, &[("service.csv", &zeros)]);
        assert!(
            std::fs::metadata(&zip).unwrap().len() < 64 * 1024,
            "a small file"
        );
        let e = unpack(&zip, &out, 1024 * 1024).unwrap_err().to_string();
        assert!(e.contains("more than 1 MiB"), "{e}");
        std::fs::write(&zip, b"PK\x03\x04 and then nothing").unwrap();
        let e = unpack(&zip, &out, MAX_BYTES).unwrap_err().to_string();
        assert!(e.contains("not a readable ZIP"), "{e}");
    }
}
