//! Streaming readers for CTDC CSV (layouts A, B, C) and Faro's JSON lines.
//!
//! Memory stays constant whatever the file's size: one record is held at a time.

use crate::cell::{self, CountryCodes, Dialect};
use crate::columns::{self, Col, Derived, Layout};
use faro_domain::vocab::Vocabulary;
use faro_domain::{FieldError, Message, Record, RowError, problem};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A problem that stops a whole file: nothing of it may be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read `{file}`: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{file}` is empty: it has no header row")]
    Empty { file: String },
    #[error(
        "`{file}` lacks the required column(s) {}: add them (their cells may be empty for unknown)",
        list(.missing)
    )]
    MissingColumns { file: String, missing: Vec<String> },
    #[error(
        "`{file}` has column(s) {} that belong to no CTDC layout: rename them to their CTDC names, or skip them with `--ignore-column NAME` (once per column)",
        columns(.unknown, .unnamed)
    )]
    UnknownColumns {
        file: String,
        unknown: Vec<String>,
        /// Columns without a name, by position (1 is the first).
        unnamed: Vec<usize>,
    },
    #[error("`{file}` has the column `{name}` twice: remove one of them")]
    DuplicateColumn { file: String, name: String },
    #[error("`{file}`, line {line}: the file cannot be read further: {reason}")]
    Broken {
        file: String,
        line: u64,
        reason: String,
    },
}

fn list(names: &[String]) -> String {
    faro_domain::query::quoted(names.iter())
}

/// Unknown columns by name, then those without a name by place.
fn columns(unknown: &[String], unnamed: &[usize]) -> String {
    let named = (!unknown.is_empty()).then(|| list(unknown));
    named
        .into_iter()
        .chain(unnamed.iter().map(|n| format!("(unnamed column {n})")))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Overrides layout detection (`--layout`).
    pub layout: Option<Layout>,
    /// The latest year of registration accepted (the current year).
    pub this_year: u16,
    /// Header names to skip instead of rejecting the file (`--ignore-column`).
    pub ignore_columns: Vec<String>,
}

/// Counters a reader updates while it runs, readable from another thread.
#[derive(Debug, Default)]
pub struct ReadStats {
    /// Rows whose derived columns disagree with their flags (kept; the flags win).
    pub derived_mismatches: AtomicU64,
    /// Bytes consumed so far, for progress.
    pub bytes: AtomicU64,
}

/// One item of a reader: a record, a rejected row, or the fatal error that ends the file.
pub type Item = Result<Result<Record, RowError>, ImportError>;

/// An opened input file: what was detected from its header, then its rows.
pub struct Input {
    pub layout: Layout,
    /// Columns of the detected layout that the file lacks: their facts are unknown in every row.
    pub absent_columns: Vec<&'static str>,
    pub stats: Arc<ReadStats>,
    rows: Box<dyn Iterator<Item = Item> + Send>,
}

impl Iterator for Input {
    type Item = Item;
    fn next(&mut self) -> Option<Item> {
        self.rows.next()
    }
}

impl Input {
    /// Opens a CTDC CSV/TSV or JSON-lines file, telling them apart by their first byte.
    pub fn open(path: &Path, options: &ReadOptions) -> Result<Input, ImportError> {
        let file = path.display().to_string();
        let handle = std::fs::File::open(path).map_err(|source| ImportError::Io {
            file: file.clone(),
            source,
        })?;
        Self::from_reader(&file, handle, options)
    }

    /// As [`Input::open`], from any reader; `file` names it in messages.
    pub fn from_reader<R: Read + Send + 'static>(
        file: &str,
        reader: R,
        options: &ReadOptions,
    ) -> Result<Input, ImportError> {
        let stats = Arc::new(ReadStats::default());
        let mut buffered = BufReader::with_capacity(
            1 << 16,
            Counting {
                inner: reader,
                stats: stats.clone(),
            },
        );
        let head = buffered.fill_buf().map_err(|source| ImportError::Io {
            file: file.to_string(),
            source,
        })?;
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let first = head.iter().find(|b| !b.is_ascii_whitespace()).copied();
        match first {
            None => Err(ImportError::Empty { file: file.into() }),
            Some(b'{') if options.layout.is_none() || options.layout == Some(Layout::Jsonl) => {
                Ok(jsonl(file, buffered, options, stats))
            }
            Some(_) => {
                let header_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
                let tabs = header_line.contains(&b'\t');
                csv_input(file, buffered, options, stats, tabs)
            }
        }
    }
}

/// Counts bytes as they are read, for the progress bar.
struct Counting<R> {
    inner: R,
    stats: Arc<ReadStats>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.stats.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The longest CSV record accepted. CTDC rows are a few hundred bytes; the CSV parser would
/// otherwise grow its buffer to whatever size a hostile file asks for.
const MAX_CSV_RECORD: u64 = 1 << 20;

/// Refuses a CSV record longer than [`MAX_CSV_RECORD`], so memory stays bounded whatever the
/// file holds. Quotes are tracked as the CSV grammar does (`""` toggles twice), so newlines
/// inside quoted fields do not end a record.
struct RecordGuard<R> {
    inner: R,
    in_quotes: bool,
    record_bytes: u64,
    line: u64,
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            match b {
                b'"' => self.in_quotes = !self.in_quotes,
                b'\n' => {
                    self.line += 1;
                    if !self.in_quotes {
                        self.record_bytes = 0;
                        continue;
                    }
                }
                _ => {}
            }
            self.record_bytes += 1;
            if self.record_bytes > MAX_CSV_RECORD {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "the record at line {} is longer than 1 MiB (an unclosed quote, or not a CTDC file)",
                        self.line + 1
                    ),
                ));
            }
        }
        Ok(n)
    }
}

/// Builds one record from (column, header name, cell) triples, collecting every field error.
struct RowBuilder {
    dialect: Dialect,
    /// The file has `RecruiterRelationship` but no `recruiterRelation…` flags: read them from it.
    recruiters_from_text: bool,
    stats: Arc<ReadStats>,
}

impl RowBuilder {
    fn build<'a>(
        &self,
        line: u64,
        cells: impl Iterator<Item = (Col, &'a str, Result<&'a str, String>)>,
        mut errors: Vec<FieldError>,
    ) -> Result<Record, RowError> {
        let mut record = Record::default();
        let mut derived: Vec<(Derived, &'a str)> = Vec::new();
        let mut values: Vec<(&'a str, &'a str)> = Vec::new();
        for (col, name, text) in cells {
            let text = match text {
                Ok(t) => t,
                Err(raw) => {
                    errors.push(field_error(name, &raw, Message::new(problem::NOT_UTF8)));
                    continue;
                }
            };
            values.push((name, text));
            if let Col::Derived(d) = col {
                derived.push((d, text));
            } else if let Err(reason) = cell::apply(&mut record, col, text, &self.dialect) {
                errors.push(field_error(name, text, reason));
            }
        }
        if self.recruiters_from_text
            && let Some((_, text)) = derived
                .iter()
                .find(|(d, _)| *d == Derived::RecruiterRelationship)
            && !text.trim().is_empty()
            && text.trim() != "-99"
        {
            match cell::recruiters_from_text(text) {
                Ok(found) => {
                    for r in faro_domain::vocab::Recruiter::ALL {
                        record.recruiter.put(*r, Some(found.contains(r)));
                    }
                }
                Err(reason) => errors.push(field_error("RecruiterRelationship", text, reason)),
            }
        }
        if errors.is_empty() {
            for problem in record.check_consistency() {
                let value = values
                    .iter()
                    .find(|(n, _)| n.trim().eq_ignore_ascii_case(&problem.field))
                    .map_or("", |(_, v)| v);
                errors.push(field_error(&problem.field, value, problem.message));
            }
        }
        if !errors.is_empty() {
            return Err(RowError { line, errors });
        }
        record.fill_means_groups();
        if derived
            .iter()
            .any(|(d, text)| !cell::derived_agrees(&record, *d, text))
        {
            self.stats
                .derived_mismatches
                .fetch_add(1, Ordering::Relaxed);
        }
        Ok(record)
    }
}

fn field_error(column: &str, value: &str, reason: Message) -> FieldError {
    FieldError {
        column: column.trim().to_string(),
        value: value.to_string(),
        reason,
    }
}

fn csv_input<R: Read + Send + 'static>(
    file: &str,
    reader: R,
    options: &ReadOptions,
    stats: Arc<ReadStats>,
    tabs: bool,
) -> Result<Input, ImportError> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(if tabs { b'\t' } else { b',' })
        .flexible(true)
        .has_headers(false)
        .from_reader(RecordGuard {
            inner: reader,
            in_quotes: false,
            record_bytes: 0,
            line: 0,
        });
    let mut header = csv::ByteRecord::new();
    let broken = |e: csv::Error| ImportError::Broken {
        file: file.into(),
        line: e.position().map_or(1, |p| p.line()),
        reason: e.to_string(),
    };
    if !csv.read_byte_record(&mut header).map_err(broken)? {
        return Err(ImportError::Empty { file: file.into() });
    }
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            let raw = if i == 0 {
                raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
            } else {
                raw
            };
            String::from_utf8_lossy(raw).trim().to_string()
        })
        .collect();
    let mut cols = Vec::with_capacity(names.len());
    let mut unknown = Vec::new();
    let mut c_only = false;
    let mut unnamed = Vec::new();
    for (i, name) in names.iter().enumerate() {
        // A column without a name is named by its place, never taken for another's twin;
        // `--ignore-column ""` skips it (a pandas index column, say).
        if name.is_empty() {
            if !options.ignore_columns.iter().any(|n| n.trim().is_empty()) {
                unnamed.push(i + 1);
            }
            cols.push(None);
            continue;
        }
        if names[..i].iter().any(|n| n.eq_ignore_ascii_case(name)) {
            return Err(ImportError::DuplicateColumn {
                file: file.into(),
                name: name.clone(),
            });
        }
        if options
            .ignore_columns
            .iter()
            .any(|n| n.trim().eq_ignore_ascii_case(name))
        {
            cols.push(None);
            continue;
        }
        match columns::lookup(name) {
            Some((col, only_c)) => {
                c_only |= only_c;
                cols.push(Some(col));
            }
            None => {
                unknown.push(name.clone());
                cols.push(None);
            }
        }
    }
    if !unknown.is_empty() || !unnamed.is_empty() {
        return Err(ImportError::UnknownColumns {
            file: file.into(),
            unknown,
            unnamed,
        });
    }
    let has = |wanted: &str| names.iter().any(|n| n.eq_ignore_ascii_case(wanted));
    let missing: Vec<String> = columns::REQUIRED
        .iter()
        .filter(|r| !has(r))
        .map(|r| r.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            file: file.into(),
            missing,
        });
    }
    let layout = options.layout.unwrap_or(if c_only {
        Layout::C
    } else if tabs {
        Layout::B
    } else {
        Layout::A
    });
    let absent_columns = columns::canonical(layout)
        .iter()
        .filter(|(name, _)| !has(name))
        .map(|(name, _)| *name)
        .collect();
    let has_recruiter_flags = cols.iter().any(|c| matches!(c, Some(Col::Recruiter(_))));
    let builder = RowBuilder {
        dialect: Dialect {
            countries: if layout == Layout::C {
                CountryCodes::Alpha3
            } else {
                CountryCodes::Alpha2
            },
            this_year: options.this_year,
        },
        recruiters_from_text: !has_recruiter_flags,
        stats: stats.clone(),
    };
    let file = file.to_string();
    let mut record = csv::ByteRecord::new();
    let mut done = false;
    let rows = std::iter::from_fn(move || {
        if done {
            return None;
        }
        match csv.read_byte_record(&mut record) {
            Ok(false) => None,
            Err(e) => {
                done = true;
                Some(Err(ImportError::Broken {
                    file: file.clone(),
                    line: e.position().map_or(0, |p| p.line()),
                    reason: e.to_string(),
                }))
            }
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                if record.len() != cols.len() {
                    return Some(Ok(Err(RowError {
                        line,
                        errors: vec![FieldError {
                            column: String::new(),
                            value: String::new(),
                            reason: Message::new(problem::CELL_COUNT)
                                .with("cells", record.len())
                                .with("columns", cols.len()),
                        }],
                    })));
                }
                let cells =
                    record
                        .iter()
                        .zip(&cols)
                        .zip(&names)
                        .filter_map(|((raw, col), name)| {
                            let col = (*col)?;
                            let text = std::str::from_utf8(raw)
                                .map_err(|_| String::from_utf8_lossy(raw).into_owned());
                            Some((col, name.as_str(), text))
                        });
                Some(Ok(builder.build(line, cells, Vec::new())))
            }
        }
    });
    Ok(Input {
        layout,
        absent_columns,
        stats,
        rows: Box::new(rows),
    })
}

/// The longest JSON line accepted; longer lines are rejected without being held in memory.
const MAX_JSON_LINE: u64 = 1 << 20;

fn jsonl<R: BufRead + Send + 'static>(
    file: &str,
    mut reader: R,
    options: &ReadOptions,
    stats: Arc<ReadStats>,
) -> Input {
    let builder = RowBuilder {
        dialect: Dialect {
            countries: CountryCodes::Either,
            this_year: options.this_year,
        },
        recruiters_from_text: false,
        stats: stats.clone(),
    };
    let file = file.to_string();
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    let mut done = false;
    let rows = std::iter::from_fn(move || {
        loop {
            if done {
                return None;
            }
            buf.clear();
            line_no += 1;
            let n = match (&mut reader)
                .take(MAX_JSON_LINE + 1)
                .read_until(b'\n', &mut buf)
            {
                Ok(0) => return None,
                Ok(n) => n,
                Err(source) => {
                    done = true;
                    return Some(Err(ImportError::Io {
                        file: file.clone(),
                        source,
                    }));
                }
            };
            if n as u64 > MAX_JSON_LINE && buf.last() != Some(&b'\n') {
                if let Err(source) = skip_line(&mut reader) {
                    done = true;
                    return Some(Err(ImportError::Io {
                        file: file.clone(),
                        source,
                    }));
                }
                return Some(Ok(Err(whole_row_error(
                    line_no,
                    Message::new(problem::LINE_TOO_LONG).with("max", "1 MiB"),
                ))));
            }
            let text = if line_no == 1 {
                buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf)
            } else {
                &buf
            };
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(json_row(&builder, line_no, text)));
        }
    });
    Input {
        layout: Layout::Jsonl,
        absent_columns: Vec::new(),
        stats,
        rows: Box::new(rows),
    }
}

fn skip_line<R: BufRead>(reader: &mut R) -> std::io::Result<()> {
    loop {
        let (found, used) = {
            let chunk = reader.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            match chunk.iter().position(|b| *b == b'\n') {
                Some(i) => (true, i + 1),
                None => (false, chunk.len()),
            }
        };
        reader.consume(used);
        if found {
            return Ok(());
        }
    }
}

fn whole_row_error(line: u64, reason: Message) -> RowError {
    RowError {
        line,
        errors: vec![FieldError {
            column: String::new(),
            value: String::new(),
            reason,
        }],
    }
}

fn json_row(builder: &RowBuilder, line: u64, text: &[u8]) -> Result<Record, RowError> {
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(text).map_err(|e| {
            let reason = match e.classify() {
                serde_json::error::Category::Eof => Message::new(problem::JSON_INCOMPLETE),
                serde_json::error::Category::Data => Message::new(problem::JSON_NOT_OBJECT),
                _ => Message::new(problem::JSON_INVALID).with("column", e.column()),
            };
            whole_row_error(line, reason)
        })?;
    let mut errors = Vec::new();
    let mut cells: Vec<(Col, &str, String)> = Vec::with_capacity(object.len());
    for (key, value) in &object {
        let Some((col, _)) = columns::lookup(key) else {
            errors.push(field_error(key, "", Message::new(problem::NOT_A_FIELD)));
            continue;
        };
        let text = match value {
            serde_json::Value::Null => String::new(),
            serde_json::Value::Bool(b) => if *b { "1" } else { "0" }.to_string(),
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            other => {
                errors.push(field_error(
                    key,
                    &other.to_string(),
                    Message::new(problem::JSON_VALUE_KIND),
                ));
                continue;
            }
        };
        cells.push((col, key.as_str(), text));
    }
    let triples = cells
        .iter()
        .map(|(col, key, text)| (*col, *key, Ok(text.as_str())));
    builder.build(line, triples, errors)
}
