//! The checkpoint file: audit checkpoints appended, one JSON line each, to a file outside the
//! database (beside it with SQLite, beside the key file with PostgreSQL, or wherever
//! `[audit] checkpoint_dir` says), so that plain `verify` can prove the log has only grown.
//!
//! The audit chains' MACs show any change made without the data key, but not a whole chain
//! set back to an older state of itself (an older head row put back after entries were cut):
//! that state was once genuine. A checkpoint written down later remembers how far each chain
//! had come, so `verify` against the newest one names what went missing. The file is created
//! 0600, opened for appending only, and each line is flushed to disk before it counts.

use crate::Checkpoint;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file's name in its folder.
pub const CHECKPOINT_FILE: &str = "audit-checkpoints.jsonl";

#[derive(Debug, thiserror::Error)]
pub enum CheckpointFileError {
    #[error("the checkpoint file `{path}` cannot be written or read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the checkpoint file `{path}`, line {line}, is not a checkpoint Faro wrote (the file is appended to only: restore it from a copy, or move it aside to start a new one)"
    )]
    Unreadable { path: PathBuf, line: usize },
}

/// Appends `checkpoint` to the file in `dir` (both made private if new); the file's path.
pub fn append_checkpoint(
    dir: &Path,
    checkpoint: &Checkpoint,
) -> Result<PathBuf, CheckpointFileError> {
    let path = dir.join(CHECKPOINT_FILE);
    let io = |source| CheckpointFileError::Io {
        path: path.clone(),
        source,
    };
    crate::private::private_folder(dir).map_err(io)?;
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path).map_err(io)?;
    let mut line = serde_json::to_string(checkpoint).map_err(|e| io(std::io::Error::other(e)))?;
    line.push('\n');
    file.write_all(line.as_bytes()).map_err(io)?;
    file.sync_data().map_err(io)?;
    Ok(path)
}

/// The newest checkpoint in the file in `dir`, if the file exists and holds one.
pub fn newest_checkpoint(dir: &Path) -> Result<Option<Checkpoint>, CheckpointFileError> {
    let path = dir.join(CHECKPOINT_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(CheckpointFileError::Io { path, source }),
    };
    // Only lines ended by their newline count: a line cut short by a crash while it was
    // written is not a checkpoint, and the one before it still is.
    let complete = text.rfind('\n').map_or("", |end| &text[..end]);
    let Some((index, last)) = complete
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .last()
    else {
        return Ok(None);
    };
    serde_json::from_str(last)
        .map(Some)
        .map_err(|_| CheckpointFileError::Unreadable {
            path,
            line: index + 1,
        })
}
