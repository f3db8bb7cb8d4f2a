//! Files that hold data (the database, the key, backups, exports, briefs, errors files,
//! releases) are the owner's alone from their first byte: created 0600 in folders created 0700,
//! whatever the umask, so that nobody else on the machine reads record-level data, exact small
//! counts or rejected values.

use std::fs::File;
use std::io::Write;
use std::path::Path;

/// Creates `dir` (and its parents) readable by its owner only (0700); an existing folder is
/// left as it is.
pub fn private_folder(dir: &Path) -> std::io::Result<()> {
    if dir.exists() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates an empty file readable by its owner only (0600), unless it exists.
pub fn private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Opens `path` for writing from its start, created 0600; a file that was there already is
/// made 0600 before anything is written to it.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(file)
}

/// Writes `bytes` to `path` as [`create_private`] opens it.
pub fn write_private(path: &Path, bytes: impl AsRef<[u8]>) -> std::io::Result<()> {
    create_private(path)?.write_all(bytes.as_ref())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_file_is_private_whether_new_or_already_there() {
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let new = dir.path().join("new.csv");
        write_private(&new, "a,b\n").unwrap();
        assert_eq!(mode(&new), 0o600);
        let old = dir.path().join("old.csv");
        std::fs::write(&old, "readable by all").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&old, "now private").unwrap();
        assert_eq!(
            (mode(&old), std::fs::read_to_string(&old).unwrap().as_str()),
            (0o600, "now private")
        );
        let folder = dir.path().join("a/b");
        private_folder(&folder).unwrap();
        assert_eq!((mode(&folder), mode(&dir.path().join("a"))), (0o700, 0o700));
    }
}
