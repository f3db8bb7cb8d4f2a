//! Importing an organisation's directory from an HSDS 3.0 file, folder or ZIP of a folder, shared by `faro
//! directory import` and the directory page's background job ([`run`]): the feed read
//! (`faro_hsds::Feed`), what is valid imported, an entry whose id another organisation
//! keeps refused, and every problem kept for the row-level report.

use super::jobs::{self, Ended, Work};
use faro_domain::directory::{Audience, Entry};
use faro_domain::{AccessContext, FieldError, Message, OrganisationId, Vocabulary, problem};
use faro_hsds::{Feed, HsdsError, Item, Position, Problem};
use faro_i18n::key;
use faro_store::{DirectoryImport, DirectoryImportOptions, JobState, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// What an import did, and what it refused.
pub struct Imported {
    pub done: DirectoryImport,
    pub problems: Vec<Problem>,
    /// A file broke off part-way: entries missing from it were not marked vanished.
    pub cut: bool,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file or folder cannot be read as HSDS at all.
    #[error(transparent)]
    Unreadable(#[from] HsdsError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports the HSDS file or folder at `path` into `organisation`'s directory; entries it
/// no longer holds are marked vanished unless a file broke off.
pub async fn import(
    store: &Store,
    ctx: &AccessContext,
    organisation: OrganisationId,
    path: &Path,
    audience: Audience,
) -> Result<Imported, ImportError> {
    let file = file_name(path);
    let path = path.to_path_buf();
    // The feed's reader thread is driven from a blocking task, not the runtime's.
    let read = tokio::task::spawn_blocking(move || -> Result<_, HsdsError> {
        // A ZIP (a tabular package as one file) is unpacked beside it and read as its folder.
        let unpacked = match faro_hsds::unzip::is_zip(&path) {
            true => {
                let beside = path.parent().unwrap_or(Path::new("."));
                let dir = tempfile::tempdir_in(beside).map_err(|source| HsdsError::Io {
                    file: file_name(&path),
                    source,
                })?;
                faro_hsds::unzip::unpack(&path, dir.path(), faro_hsds::unzip::MAX_BYTES)?;
                Some(dir)
            }
            false => None,
        };
        let source = unpacked.as_ref().map_or(path.as_path(), |d| d.path());
        let mut feed = Feed::open(source)?;
        let (mut entries, mut problems) = (Vec::new(), Vec::new());
        for item in feed.by_ref() {
            match item? {
                Item::Entry(entry) => entries.push(*entry),
                Item::Problem(p) => problems.push(p),
            }
        }
        Ok((entries, problems, feed.cut()))
    })
    .await
    .map_err(|e| StoreError::Interrupted(e.to_string()))?;
    let (entries, mut problems, cut) = read?;
    let options = DirectoryImportOptions {
        audience,
        mark_vanished: !cut,
    };
    let done = store
        .import_directory(ctx, organisation, &entries, options)
        .await?;
    problems.extend(taken(&file, &entries, &done.taken));
    Ok(Imported {
        done,
        problems,
        cut,
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The entries not imported because another organisation keeps one of their ids.
fn taken(file: &str, entries: &[Entry], ids: &[String]) -> Vec<Problem> {
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| {
            let mut ids_of = std::iter::once(&entry.service.id)
                .chain(std::iter::once(&entry.organization.id))
                .chain(entry.places.iter().map(|p| &p.location.part.id))
                .chain(entry.places.iter().map(|p| &p.link.id));
            let id = ids_of.find(|id| ids.contains(id))?;
            Some(Problem {
                file: file.to_string(),
                at: Position::Item(i as u64 + 1),
                errors: vec![FieldError {
                    column: "/id".into(),
                    value: id.clone(),
                    reason: Message::new(problem::HSDS_TAKEN),
                }],
            })
        })
        .collect()
}

/// The problems as the errors CSV both the command line and the page give: one line per
/// field refused, reasons in `lang`.
pub fn errors_csv<W: std::io::Write>(
    out: W,
    problems: &[Problem],
    lang: faro_i18n::Lang,
) -> csv::Result<()> {
    let mut out = csv::Writer::from_writer(out);
    out.write_record(["file", "line", "item", "field", "value", "reason"])?;
    for p in problems {
        let (line, item) = match p.at {
            Position::Line(n) => (n.to_string(), String::new()),
            Position::Item(n) => (String::new(), n.to_string()),
        };
        for e in &p.errors {
            let reason = lang.message(&e.reason);
            // A value starting with a formula character is written as text.
            let value = faro_formats::write::spreadsheet_safe(&e.value);
            out.write_record([&p.file, &line, &item, &e.column, &value, &reason])?;
        }
    }
    out.flush()?;
    Ok(())
}

/// What a directory import job reads, stored as its `params`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    pub file_name: String,
    /// `public`, `partners` or `confidential`: who may read entries that do not say.
    pub audience: String,
    pub sha256: String,
    pub size: u64,
}

impl super::imports::Uploaded for Params {
    fn sent(self, sha256: String, size: u64) -> Params {
        Params {
            sha256,
            size,
            ..self
        }
    }
}

/// How a directory import ended, stored as its `result`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "ended", rename_all = "snake_case")]
pub enum Outcome {
    Imported {
        added: u64,
        updated: u64,
        unchanged: u64,
        vanished: u64,
        rejected: u64,
        cut: bool,
    },
    /// Nothing was imported: why, as a key of the translation files, and its detail.
    Failed { key: String, detail: String },
    /// Stopped before its one transaction committed: nothing was imported.
    Cancelled,
}

/// Runs a directory import job: its upload written to a private file, then imported.
pub(super) async fn run(work: &Work) -> Ended {
    let Ok(params) = serde_json::from_str::<Params>(&work.job.params) else {
        return jobs::failed(key!("import_failed"));
    };
    let outcome = import_upload(work, &params).await;
    let state = match outcome {
        Outcome::Imported { .. } => JobState::Succeeded,
        Outcome::Failed { .. } => JobState::Failed,
        Outcome::Cancelled => JobState::Cancelled,
    };
    Ended {
        state,
        result: serde_json::to_string(&outcome).unwrap_or_default(),
    }
}

async fn import_upload(work: &Work, params: &Params) -> Outcome {
    let failed = |key: &str, detail: String| Outcome::Failed {
        key: key.to_string(),
        detail,
    };
    let Some(audience) = Audience::from_code(&params.audience) else {
        return failed(key!("import_failed"), String::new());
    };
    let Ok(dir) = tempfile::tempdir() else {
        return failed(key!("import_failed"), String::new());
    };
    // The file keeps its extension: the reader tells a feed page from a package by it.
    let name = if params.file_name.ends_with(".json") {
        "upload.json"
    } else {
        "upload"
    };
    let path = dir.path().join(name);
    if let Err(e) = write_upload(&work.store, &work.job.id, &path).await {
        tracing::error!(error = %e, "a directory upload could not be read back");
        return failed(key!("import_failed"), String::new());
    }
    let organisation = work.job.organisation();
    match import(&work.store, &work.ctx, organisation, &path, audience).await {
        Ok(mut done) => {
            // The report names the file as it was sent, never where this server kept it.
            for p in &mut done.problems {
                p.file.clone_from(&params.file_name);
            }
            let mut csv = Vec::new();
            if !done.problems.is_empty()
                && errors_csv(&mut csv, &done.problems, work.lang).is_ok()
                && let Ok(mut errors) = work.running.errors.lock()
            {
                errors.extend_from_slice(&csv);
            }
            Outcome::Imported {
                added: done.done.added as u64,
                updated: done.done.updated as u64,
                unchanged: done.done.unchanged as u64,
                vanished: done.done.vanished as u64,
                rejected: done.problems.len() as u64,
                cut: done.cut,
            }
        }
        Err(ImportError::Unreadable(e)) => {
            failed(key!("directory-import_unreadable"), e.to_string())
        }
        Err(ImportError::Store(e)) => {
            tracing::error!(error = %e, "a directory import from a page failed");
            failed(key!("import_failed"), String::new())
        }
    }
}

/// The job's upload, chunk by chunk, into a file only this process's user may read.
async fn write_upload(store: &Store, job: &str, path: &Path) -> Result<(), ImportError> {
    use std::io::Write;
    let mut file = faro_store::private::create_private(path)
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    for seq in 0.. {
        match store.job_chunk(job, "upload", seq).await? {
            Some(chunk) => file
                .write_all(&chunk)
                .map_err(|e| StoreError::Internal(e.to_string()))?,
            None => break,
        }
    }
    file.flush()
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    Ok(())
}
