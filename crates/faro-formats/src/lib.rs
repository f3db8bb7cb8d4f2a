//! CTDC case data in and out: the three CSV layouts, Faro's JSON lines, and fictitious records for demos and tests.
//!
//! Never touches the database. Reading yields one `Result<Record, RowError>` per input row, so a
//! bad row is data to report, never a panic or an abort; only a file that cannot be read at all
//! (or whose header is unusable) is an [`ImportError`].

mod cell;
pub mod columns;
pub mod fictitious;
pub mod read;
pub mod write;

pub use columns::Layout;
pub use read::{ImportError, Input, ReadOptions, ReadStats};
pub use write::{ExportFormat, RecordWriter};

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

/// The sha256 of a file, hex-encoded: the identity of an import (`specs/interfaces.md`).
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}
