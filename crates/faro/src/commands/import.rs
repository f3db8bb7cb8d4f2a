//! `faro import ctdc FILE...`: each file one source, with progress, an errors CSV and a summary.

use crate::Outcome;
use crate::cli::{ImportArgs, LayoutArg};
use crate::lang::say;
use anyhow::Context;
use faro_domain::RowError;
use faro_formats::ImportError;
use faro_formats::write::ErrorsCsv;
use faro_formats::{Input, Layout, ReadOptions, ReadStats};
use faro_i18n::key;
use faro_store::{ImportFailed, ImportObserver, ImportOutcome, NewSource, SourceKind, Store};
use indicatif::{ProgressBar, ProgressStyle};
use std::fs::File;
use std::io::{BufWriter, IsTerminal};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// Rejected rows printed to stderr when no `--errors` file is given.
const SHOWN_ERRORS: usize = 10;

pub async fn run(store: &Store, args: &ImportArgs) -> anyhow::Result<Outcome> {
    let mut errors = match &args.errors {
        Some(path) => Some(ErrorsCsv::new(
            BufWriter::new(faro_store::private::create_private(path).with_context(|| {
                crate::say!("cli-errors-file-uncreated", path = path.display())
            })?),
            faro_web::imports::speaking(crate::lang::get()),
        )?),
        None => None,
    };
    let options = ReadOptions {
        layout: args.layout.map(|l| match l {
            LayoutArg::A => Layout::A,
            LayoutArg::B => Layout::B,
            LayoutArg::C => Layout::C,
        }),
        this_year: faro_web::this_year(),
        ignore_columns: args.ignore_columns.clone(),
    };
    let organisation = super::organisation_arg(store, args.org.as_deref()).await?;
    let mut outcome = Outcome::Success;
    for path in &args.files {
        let result = import_file(store, path, args, &options, organisation, errors.take()).await;
        let file_outcome = match result {
            Ok((o, back)) => {
                errors = back;
                o
            }
            Err((e, back)) => {
                errors = back;
                eprintln!("{}", crate::say!("cli-error", message = format!("{e:#}")));
                Outcome::Fatal
            }
        };
        outcome = outcome.worst(file_outcome);
    }
    if let Some(e) = errors {
        e.finish()
            .with_context(|| crate::say!("cli-errors-file-unwritten"))?;
    }
    Ok(outcome)
}

type Errors = Option<ErrorsCsv<BufWriter<File>>>;

/// Imports one file. The errors writer is passed through so every file's rejects land in it.
async fn import_file(
    store: &Store,
    path: &Path,
    args: &ImportArgs,
    options: &ReadOptions,
    organisation: faro_domain::OrganisationId,
    errors: Errors,
) -> Result<(Outcome, Errors), (anyhow::Error, Errors)> {
    let name = path.display().to_string();
    let input = match Input::open(path, options) {
        Ok(i) => i,
        Err(e) => return Err((unreadable(&e), errors)),
    };
    let sha256 = match faro_formats::sha256_file(path) {
        Ok(s) => s,
        Err(e) => {
            return Err((
                anyhow::Error::new(e).context(crate::say!("cli-cannot-read", path = name)),
                errors,
            ));
        }
    };
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let file_name = path.file_name().map(|f| f.to_string_lossy().into_owned());
    let source = NewSource {
        name: args
            .name
            .clone()
            .or_else(|| file_name.clone())
            .unwrap_or_else(|| name.clone()),
        file_name,
        sha256,
        layout: input.layout.name().to_string(),
        kind: SourceKind::Import,
        organisation,
    };
    if !input.absent_columns.is_empty() {
        let absent = [
            ("file", name.clone()),
            ("layout", input.layout.name().to_string()),
            ("count", input.absent_columns.len().to_string()),
            ("columns", input.absent_columns.join(", ")),
        ];
        eprintln!("{}", say(key!("cli-import-absent"), &absent));
    }
    let stats = input.stats.clone();
    let mut observer = Observer::new(&name, size, stats.clone(), errors);
    let ctx = faro_domain::AccessContext::instance().acting_as("cli");
    let result = store
        .import(&ctx, source, input, &mut observer, {
            let stats = stats.clone();
            move || stats.derived_mismatches.load(Ordering::Relaxed)
        })
        .await;
    observer.bar.finish_and_clear();
    let Observer { errors, shown, .. } = observer;
    let report = match result {
        Ok(ImportOutcome::AlreadyImported(s)) => {
            eprintln!(
                "{}",
                say(
                    key!("cli-import-skipped"),
                    &[
                        ("file", name.clone()),
                        ("source", s.id.to_string()),
                        ("rows", s.rows_imported.to_string()),
                    ]
                )
            );
            return Ok((Outcome::Success, errors));
        }
        Ok(ImportOutcome::Imported(r)) => r,
        Err(ImportFailed::Read(e)) => return Err((unreadable(&e), errors)),
        Err(ImportFailed::Store(e)) => {
            return Err((anyhow::Error::new(e).context("nothing imported"), errors));
        }
        // The CLI's observer never asks to stop.
        Err(e @ ImportFailed::Stopped) => return Err((anyhow::Error::new(e), errors)),
    };
    let mismatches = stats.derived_mismatches.load(Ordering::Relaxed);
    let summary = say(
        key!("cli-import-summary"),
        &[
            ("file", name.clone()),
            ("source", report.source_id.to_string()),
            ("read", report.rows_read.to_string()),
            ("imported", report.rows_imported.to_string()),
            ("rejected", report.rows_rejected.to_string()),
        ],
    );
    if mismatches > 0 {
        let count = [("count", mismatches.to_string())];
        eprintln!("{summary}; {}", say(key!("cli-import-mismatches"), &count));
    } else {
        eprintln!("{summary}");
    }
    if report.rows_rejected > 0 {
        match &args.errors {
            Some(p) => eprintln!(
                "{}",
                say(
                    key!("cli-import-errors-in"),
                    &[("path", p.display().to_string())]
                )
            ),
            None if report.rows_rejected as usize > shown => eprintln!(
                "{}",
                say(
                    key!("cli-import-more"),
                    &[("count", (report.rows_rejected as usize - shown).to_string())]
                )
            ),
            None => {}
        }
        return Ok((Outcome::RowsRejected, errors));
    }
    Ok((Outcome::Success, errors))
}

struct Observer {
    file: String,
    bar: ProgressBar,
    stats: Arc<ReadStats>,
    errors: Errors,
    /// Rejected rows printed so far (without `--errors`).
    shown: usize,
    write_failed: bool,
}

impl Observer {
    fn new(file: &str, size: u64, stats: Arc<ReadStats>, errors: Errors) -> Observer {
        let bar = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(size);
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message(file.to_string());
            bar
        } else {
            ProgressBar::hidden()
        };
        Observer {
            file: file.to_string(),
            bar,
            stats,
            errors,
            shown: 0,
            write_failed: false,
        }
    }
}

impl ImportObserver for Observer {
    fn rejected(&mut self, row: &RowError) {
        if let Some(csv) = &mut self.errors {
            let failed = csv.write(&self.file, row).is_err();
            if failed && !self.write_failed {
                self.write_failed = true;
                self.bar.suspend(|| {
                    let said = crate::say!("cli-errors-file-broke");
                    eprintln!("{}", crate::say!("cli-error", message = said))
                });
            }
        } else if self.shown < SHOWN_ERRORS {
            self.shown += 1;
            self.bar.suspend(|| {
                let row = crate::lang::get().row(row);
                eprintln!(
                    "{}",
                    say(
                        key!("cli-import-rejected"),
                        &[("file", self.file.clone()), ("row", row)]
                    )
                );
            });
        }
    }

    fn progress(&mut self, _rows_read: u64) {
        self.bar
            .set_position(self.stats.bytes.load(Ordering::Relaxed));
    }
}

/// Why a file was refused whole, in the `--lang` language: nothing of it is imported.
fn unreadable(e: &ImportError) -> anyhow::Error {
    let quoted = |names: &[String]| faro_domain::query::quoted(names.iter());
    let why = match e {
        ImportError::Io { file, source } => say(
            key!("cli-import-io"),
            &[("file", file.clone()), ("reason", source.to_string())],
        ),
        ImportError::Empty { file } => say(key!("cli-import-empty"), &[("file", file.clone())]),
        ImportError::MissingColumns { file, missing } => say(
            key!("cli-import-missing-columns"),
            &[("file", file.clone()), ("columns", quoted(missing))],
        ),
        ImportError::UnknownColumns {
            file,
            unknown,
            unnamed,
        } => {
            let mut columns: Vec<String> = unknown.iter().map(|n| format!("`{n}`")).collect();
            columns.extend(
                unnamed
                    .iter()
                    .map(|n| say(key!("unnamed_column"), &[("n", n.to_string())])),
            );
            say(
                key!("cli-import-unknown-columns"),
                &[("file", file.clone()), ("columns", columns.join(", "))],
            )
        }
        ImportError::DuplicateColumn { file, name } => say(
            key!("cli-import-duplicate-column"),
            &[("file", file.clone()), ("name", name.clone())],
        ),
        ImportError::Broken { file, line, reason } => say(
            key!("cli-import-broken"),
            &[
                ("file", file.clone()),
                ("line", line.to_string()),
                ("reason", reason.clone()),
            ],
        ),
    };
    anyhow::anyhow!(say(key!("cli-nothing-imported"), &[("why", why)]))
}
