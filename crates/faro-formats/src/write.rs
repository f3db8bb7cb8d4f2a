//! Writers: CTDC CSV (layout A or C), Faro's JSON lines, and the import errors CSV.

use crate::columns::{Col, Derived, LAYOUT_A, LAYOUT_C};
use faro_domain::vocab::{Exploitation, Recruiter, Vocabulary};
use faro_domain::{Country, Flags, Message, Record, RowError};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Layout A, `-99` for unknown, as the original releases: A → Faro → A is lossless.
    CsvA,
    /// Layout C: fine flags rolled up, alpha-3 countries, empty for unknown and for no.
    CsvC,
    /// Faro's JSON lines, lossless for records of every layout.
    Jsonl,
}

pub struct RecordWriter<W: Write> {
    format: ExportFormat,
    csv: Option<csv::Writer<W>>,
    raw: Option<W>,
}

impl<W: Write> RecordWriter<W> {
    /// Starts the output; CSV formats write their header row now.
    pub fn new(out: W, format: ExportFormat) -> std::io::Result<Self> {
        if format == ExportFormat::Jsonl {
            return Ok(RecordWriter {
                format,
                csv: None,
                raw: Some(out),
            });
        }
        let mut csv = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .flexible(true)
            .from_writer(out);
        csv.write_record(header(format)).map_err(io)?;
        Ok(RecordWriter {
            format,
            csv: Some(csv),
            raw: None,
        })
    }

    pub fn write(&mut self, record: &Record) -> std::io::Result<()> {
        if let Some(csv) = &mut self.csv {
            csv.write_record(cells(self.format, record)).map_err(io)?;
        } else if let Some(out) = &mut self.raw {
            out.write_all(json_line(record).as_bytes())?;
        }
        Ok(())
    }

    /// Writes a row of raw cells (used by the generator to plant malformed rows).
    pub fn write_raw(&mut self, cells: &[Vec<u8>]) -> std::io::Result<()> {
        if let Some(csv) = &mut self.csv {
            csv.write_record(cells).map_err(io)?;
        } else if let Some(out) = &mut self.raw {
            for c in cells {
                out.write_all(c)?;
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Hands everything written so far to the output (a download sends it on page by page).
    pub fn flush(&mut self) -> std::io::Result<()> {
        match (&mut self.csv, &mut self.raw) {
            (Some(csv), _) => csv.flush(),
            (None, Some(raw)) => raw.flush(),
            (None, None) => Ok(()),
        }
    }

    pub fn finish(self) -> std::io::Result<W> {
        match (self.csv, self.raw) {
            (Some(csv), _) => csv.into_inner().map_err(|e| e.into_error()),
            (None, Some(mut raw)) => {
                raw.flush()?;
                Ok(raw)
            }
            (None, None) => Err(std::io::Error::other("writer already finished")),
        }
    }
}

/// Keeps the I/O error itself (a closed pipe stays recognisable), wrapping other CSV errors.
fn io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

fn columns(format: ExportFormat) -> &'static [(&'static str, Col)] {
    match format {
        ExportFormat::CsvC => &LAYOUT_C,
        _ => &LAYOUT_A,
    }
}

pub fn header(format: ExportFormat) -> Vec<&'static str> {
    columns(format).iter().map(|(name, _)| *name).collect()
}

/// The cells of one record in a CSV format, in header order.
pub fn cells(format: ExportFormat, record: &Record) -> Vec<String> {
    let c = format == ExportFormat::CsvC;
    let unknown = if c { "" } else { "-99" };
    columns(format)
        .iter()
        .map(|(_, col)| match (value(*col, record, c), col) {
            (None, _) => unknown.to_string(),
            // Layout C has no `0`: a no is written like an unknown.
            (Some(v), col) if c && is_flag(*col) && v == "0" => String::new(),
            (Some(v), _) => v,
        })
        .collect()
}

fn is_flag(col: Col) -> bool {
    matches!(
        col,
        Col::Exploitation(_)
            | Col::Labour(_)
            | Col::Sex(_)
            | Col::MeansDetail(_)
            | Col::Means(_)
            | Col::Recruiter(_)
            | Col::Abduction
    )
}

/// A column's value for a record, `None` when unknown; `v2025` picks layout C's spellings
/// (alpha-3 countries, `Woman`, `09--17`, the wider `isOtherExploit`).
fn value(col: Col, record: &Record, v2025: bool) -> Option<String> {
    let flag = |v: Option<bool>| v.map(|b| if b { "1" } else { "0" }.to_string());
    let text = |v: Option<&str>| v.map(str::to_string);
    let country =
        |v: Option<Country>| v.map(|c| if v2025 { c.alpha3() } else { c.alpha2() }.to_string());
    match col {
        Col::Year => record.year.map(|y| y.get().to_string()),
        Col::Datasource => text(record.datasource.map(|v| v.ctdc())),
        Col::Gender => text(
            record
                .gender
                .map(|g| if v2025 { g.ctdc_v2025() } else { g.ctdc() }),
        ),
        Col::Age => text(
            record
                .age
                .map(|a| if v2025 { a.ctdc_v2025() } else { a.ctdc() }),
        ),
        Col::Majority => text(record.majority.map(|v| v.ctdc())),
        Col::MajorityAtExploit => text(record.majority_at_exploit.map(|v| v.ctdc())),
        Col::MajorityEntry => text(record.majority_entry.map(|v| v.ctdc())),
        Col::Citizenship => country(record.citizenship),
        Col::ExploitationCountry => country(record.exploitation_country),
        Col::TraffickMonths => text(record.traffick_months.map(|v| v.ctdc())),
        Col::Exploitation(Exploitation::OtherExploitation) if v2025 => {
            flag(other_exploitation_v2025(&record.exploitation))
        }
        Col::Exploitation(v) => flag(record.exploitation.get(v)),
        Col::Labour(v) => flag(record.labour.get(v)),
        Col::Sex(v) => flag(record.sex.get(v)),
        Col::MeansDetail(v) => flag(record.means_detail.get(v)),
        Col::Means(v) => flag(record.means.get(v)),
        Col::Recruiter(v) => flag(record.recruiter.get(v)),
        Col::Abduction => flag(record.abduction),
        Col::Derived(d) => derived(record, d),
    }
}

/// Layout C's `isOtherExploit` includes forced marriage, forced military service and organ
/// removal, which layout A keeps apart.
fn other_exploitation_v2025(e: &Flags<Exploitation>) -> Option<bool> {
    let parts = [
        Exploitation::OtherExploitation,
        Exploitation::ForcedMarriage,
        Exploitation::ForcedMilitary,
        Exploitation::OrganRemoval,
        Exploitation::SlaveryAndPractices,
    ];
    if parts.iter().any(|p| e.get(*p) == Some(true)) {
        Some(true)
    } else {
        e.get(Exploitation::OtherExploitation)
    }
}

/// Descriptions of the yes flags, alphabetical, `;`-separated (data dictionary); `None` if none.
fn derived(record: &Record, which: Derived) -> Option<String> {
    fn concat<V: Vocabulary>(f: &Flags<V>, describe: fn(V) -> &'static str) -> Option<String> {
        let mut items: Vec<&str> = f.yes().map(describe).collect();
        if items.is_empty() {
            return None;
        }
        items.sort_unstable();
        Some(items.join(";"))
    }
    match which {
        Derived::MeansConcat => concat(&record.means_detail, |v| v.description()),
        Derived::ExploitConcat => concat(&record.exploitation, |v| v.description()),
        Derived::LabourConcat => concat(&record.labour, |v| v.description()),
        Derived::SexConcat => concat(&record.sex, |v| v.description()),
        Derived::RecruiterRelationship => concat(&record.recruiter, Recruiter::relationship_text),
    }
}

/// One JSON object per record: layout A's fields, `traffickMonths` and layout C's groups.
/// Years and flags are numbers, codes strings, unknown `null`; derived columns are left out.
fn json_line(record: &Record) -> String {
    use serde_json::Value;
    let fields = LAYOUT_A
        .iter()
        .chain(
            LAYOUT_C
                .iter()
                .filter(|(_, col)| matches!(col, Col::TraffickMonths | Col::Means(_))),
        )
        .filter(|(_, col)| !matches!(col, Col::Derived(_)));
    let object: Vec<String> = fields
        .map(|(name, col)| {
            let v = match value(*col, record, false) {
                None => Value::Null,
                Some(v) if is_flag(*col) || *col == Col::Year => {
                    v.parse::<u16>().map_or(Value::Null, Value::from)
                }
                Some(v) => Value::String(v),
            };
            format!("{}:{v}", Value::String(name.to_string()))
        })
        .collect();
    format!("{{{}}}\n", object.join(","))
}

/// The errors CSV of an import (`specs/interfaces.md`): one line per field error.
pub struct ErrorsCsv<W: Write> {
    csv: csv::Writer<W>,
    speak: Speak,
}

/// How a reason is said to the importer: a message in their language (`faro-i18n`'s
/// `Lang::message`; this crate knows no language).
pub type Speak = Box<dyn Fn(&Message) -> String + Send + Sync>;

/// Longest value written to the errors CSV.
const MAX_VALUE_CHARS: usize = 200;

impl<W: Write> ErrorsCsv<W> {
    /// The errors CSV: `reason` said by `speak`, then `reason_code`, the message's key, stable
    /// for machines whatever the language.
    pub fn new(out: W, speak: Speak) -> std::io::Result<Self> {
        let mut csv = csv::Writer::from_writer(out);
        csv.write_record(["file", "line", "column", "value", "reason", "reason_code"])?;
        Ok(ErrorsCsv { csv, speak })
    }

    pub fn write(&mut self, file: &str, row: &RowError) -> std::io::Result<()> {
        let line = row.line.to_string();
        for e in &row.errors {
            let value = spreadsheet_safe(&e.value);
            self.csv.write_record([
                spreadsheet_safe(file).as_str(),
                &line,
                &spreadsheet_safe(&e.column),
                &value,
                &spreadsheet_safe(&(self.speak)(&e.reason)),
                e.reason.key,
            ])?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<()> {
        self.csv.flush()
    }

    /// The output as written so far (a few kilobytes may still wait in the buffer).
    pub fn get_ref(&self) -> &W {
        self.csv.get_ref()
    }

    /// The output, with everything written.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

/// What a spreadsheet may read as the start of a formula (OWASP's list: a TAB or a carriage
/// return before one is skipped by some spreadsheets).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Cuts a value to 200 characters and defuses spreadsheet formulas with a leading `'`.
pub fn spreadsheet_safe(value: &str) -> String {
    let cut: String = value.chars().take(MAX_VALUE_CHARS).collect();
    if cut.starts_with(FORMULA_STARTS) {
        format!("'{cut}")
    } else {
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_long_values_cut() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(spreadsheet_safe("-99"), "'-99");
        for start in FORMULA_STARTS {
            let value = format!("{start}cmd|' /C calc'!A0");
            assert_eq!(spreadsheet_safe(&value), format!("'{value}"), "{start:?}");
        }
        assert_eq!(spreadsheet_safe("\t=1+1"), "'\t=1+1");
        assert_eq!(spreadsheet_safe("a\t=1"), "a\t=1", "only at the start");
        assert_eq!(spreadsheet_safe(&"é".repeat(300)).chars().count(), 200);
    }
}
