//! A release of an organisation's records for the public (`faro publish`): k-anonymous
//! microdata in CTDC layout A, differentially private tables paid from the organisation's
//! privacy budget, a report of how useful and how safe each output is (JSON and HTML), and a
//! datasheet. The methods are in `faro-privacy`; this module reads the records, writes the
//! files and words the report in the reader's language.

use askama::Template;
use faro_domain::{AccessContext, Filter, OrganisationId, Record};
use faro_formats::{ExportFormat, RecordWriter};
use faro_i18n::Lang;
use faro_privacy::dp::{self, DpError, NoisyTables};
use faro_privacy::general::{self, Area, Generalised, Levels};
use faro_privacy::kanon::{self, Key};
use faro_privacy::synth;
use faro_privacy::utility::{self, Errors};
use faro_store::{Store, StoreError};
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// Records read from the database at a time.
const PAGE: u32 = 10_000;

/// What a release holds and how it is made (also a release job's `params`, where the
/// language is the job's own).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Options {
    pub k: u64,
    pub epsilon: f64,
    pub kanon: bool,
    pub synthetic: bool,
    pub dp: bool,
    /// The organisation's whole privacy budget (the instance's setting).
    pub budget: f64,
    #[serde(skip)]
    pub lang: Lang,
    pub this_year: u16,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(
        "the selection holds {records} records, fewer than k = {k}: no group of {k} can be published; widen the filters or lower --k"
    )]
    TooFew { records: u64, k: u64 },
    #[error(
        "no record can be published {k}-anonymously: every combination of the quasi-identifiers is rarer than {k} even with all of them suppressed; widen the filters or lower --k"
    )]
    NothingReleasable { k: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Dp(#[from] DpError),
    #[error("cannot write the release: {0}")]
    Write(#[from] std::io::Error),
}

/// The k-anonymous microdata's figures.
#[derive(Debug, Clone, Serialize)]
pub struct KanonReport {
    pub file: &'static str,
    pub records: u64,
    pub suppressed_cells: u64,
    pub records_changed: u64,
    pub records_left_out: u64,
    /// Records changed or left out, as a share of the selection.
    pub suppressed_share: f64,
    pub smallest_group: u64,
    /// Per combination length (0: all lengths together).
    pub errors: Vec<Errors>,
}

/// The generalised k-anonymous microdata's figures (a file made only when generalising keeps
/// more than suppressing alone).
#[derive(Debug, Clone, Serialize)]
pub struct GeneralReport {
    pub file: &'static str,
    pub records: u64,
    pub levels: Levels,
    pub suppressed_cells: u64,
    pub records_left_out: u64,
    pub smallest_group: u64,
    /// The share of the known quasi-identifier cells lost, and what suppression alone loses.
    pub information_lost: f64,
    pub information_lost_by_suppression: f64,
}

/// The synthetic microdata's figures.
#[derive(Debug, Clone, Serialize)]
pub struct SyntheticReport {
    pub file: &'static str,
    pub records: u64,
    /// Records that came out as copies of a real record rarer than k and were cut short.
    pub shortened: u64,
    /// Per combination length (0: all lengths together).
    pub errors: Vec<Errors>,
}

/// The differentially private tables' figures.
#[derive(Debug, Clone, Serialize)]
pub struct DpReport {
    pub file: &'static str,
    pub epsilon: f64,
    pub scale: f64,
    pub cells: usize,
    /// Mean absolute error of the cells against the exact counts.
    pub mean_absolute_error: f64,
    /// Mean relative error of the cells whose exact count is at least k.
    pub mean_relative_error: f64,
    /// The organisation's budget spent, this release included, and its total.
    pub budget_spent: f64,
    pub budget: f64,
}

/// What `report.json` holds and `report.html` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub organisation: String,
    /// UTC date and time.
    pub created: String,
    /// The selection, as a query string (empty: every record).
    pub filters: String,
    pub k: u64,
    pub records: u64,
    pub quasi_identifiers: Vec<&'static str>,
    pub kanon: Option<KanonReport>,
    pub general: Option<GeneralReport>,
    pub synthetic: Option<SyntheticReport>,
    pub dp: Option<DpReport>,
}

/// Makes a release of `organisation`'s records that match `filter` into `dir` (which the
/// caller has made, empty). `ctx` must be one of the organisation's readers of records.
pub async fn publish(
    store: &Store,
    ctx: &AccessContext,
    organisation: (OrganisationId, &str),
    filter: &Filter,
    options: &Options,
    dir: &Path,
) -> Result<Published, PublishError> {
    let (records, members) = read_all(store, ctx, filter).await?;
    let n = records.len() as u64;
    if n < options.k {
        return Err(PublishError::TooFew {
            records: n,
            k: options.k,
        });
    }
    let keys: Vec<Key> = records.iter().map(kanon::key).collect();
    // Everything is made in memory first: a refused release writes nothing, and the budget
    // is spent only for tables that will be written.
    let (anonymised, generalised) = if options.kanon {
        let a = kanon::anonymise(records.clone(), options.k);
        if a.records.is_empty() {
            return Err(PublishError::NothingReleasable { k: options.k });
        }
        (Some(a), general::generalise(&keys, options.k))
    } else {
        (None, None)
    };
    let synthetic = if options.synthetic {
        Some(synth::synthesise(&keys, options.k, seed()?))
    } else {
        None
    };
    let detail = serde_json::json!({
        "records": n, "k": options.k, "kanon": options.kanon,
        "synthetic": options.synthetic, "dp": options.dp,
    });
    let tables = if options.dp {
        let spent = store
            .spend_privacy_budget(ctx, organisation.0, options.epsilon, options.budget, detail)
            .await?;
        Some((
            dp::tables(&records, options.epsilon, options.this_year)?,
            spent.spent,
        ))
    } else {
        store.audit(ctx, "publish.release", detail).await?;
        None
    };
    let made = Made {
        anonymised,
        generalised,
        synthetic,
        tables,
    };
    let written = write_outputs(&records, &keys, made, options, dir);
    // Nothing below needs the records: their memory is free before the files are kept.
    drop((records, keys));
    let (kanon, general, synthetic, dp) = match written {
        Ok(outputs) => outputs,
        Err(e) => {
            for file in FILES {
                let _ = std::fs::remove_file(dir.join(file));
            }
            return Err(e);
        }
    };
    let report = Report {
        organisation: organisation.1.to_string(),
        created: now_utc(),
        filters: filter
            .pairs()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&"),
        k: options.k,
        records: n,
        quasi_identifiers: kanon::QUASI_IDENTIFIERS.iter().map(|d| d.id()).collect(),
        kanon,
        general,
        synthetic,
        dp,
    };
    let kept = match write_reports(&report, options.lang, dir) {
        Ok(()) => keep(store, ctx, organisation.0, &members, &report, dir).await,
        Err(e) => Err(e),
    };
    match kept {
        Ok(release) => Ok(Published { report, release }),
        Err(e) => {
            for file in FILES {
                let _ = std::fs::remove_file(dir.join(file));
            }
            Err(e)
        }
    }
}

/// A release made: its report, and its number among the organisation's kept releases.
#[derive(Debug, Clone)]
pub struct Published {
    pub report: Report,
    pub release: i64,
}

/// Keeps the release's files in the database, private, for its organisation to make public.
async fn keep(
    store: &Store,
    ctx: &AccessContext,
    organisation: OrganisationId,
    members: &[i64],
    report: &Report,
    dir: &Path,
) -> Result<i64, PublishError> {
    // Opened here, read and stored by the store a chunk at a time.
    let mut files: Vec<(String, Box<dyn std::io::Read + Send>)> = Vec::new();
    for name in FILES {
        let path = dir.join(name);
        if path.exists() {
            let file = std::io::BufReader::new(std::fs::File::open(path)?);
            files.push((name.to_string(), Box::new(file)));
        }
    }
    let summary = serde_json::to_string(report).map_err(std::io::Error::other)?;
    Ok(store
        .save_release(ctx, organisation, members, &summary, files)
        .await?)
}

/// Every file a release may write.
const FILES: [&str; 7] = [
    KANON_FILE,
    GENERAL_FILE,
    SYNTHETIC_FILE,
    DP_FILE,
    "report.json",
    "report.html",
    "README.md",
];
const KANON_FILE: &str = "kanon.csv";
const GENERAL_FILE: &str = "kanon-general.csv";
const SYNTHETIC_FILE: &str = "synthetic.csv";
const DP_FILE: &str = "dp-tables.csv";

/// A seed from the operating system: a release's synthetic draw is never repeatable by
/// anyone else.
fn seed() -> Result<u64, PublishError> {
    let mut bytes = [0u8; 8];
    rand::TryRngCore::try_fill_bytes(&mut rand::rngs::OsRng, &mut bytes)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(u64::from_le_bytes(bytes))
}

/// What a release made in memory, before anything is written.
struct Made {
    anonymised: Option<kanon::Anonymised>,
    generalised: Option<Generalised>,
    synthetic: Option<synth::Synthesised<{ kanon::QUASI_IDENTIFIERS.len() }>>,
    tables: Option<(NoisyTables, f64)>,
}

type Outputs = (
    Option<KanonReport>,
    Option<GeneralReport>,
    Option<SyntheticReport>,
    Option<DpReport>,
);

fn write_outputs(
    records: &[Record],
    keys: &[Key],
    made: Made,
    options: &Options,
    dir: &Path,
) -> Result<Outputs, PublishError> {
    let kanon = match made.anonymised {
        Some(a) => Some(write_kanon(records.len(), keys, a, options.k, dir)?),
        None => None,
    };
    let general = match made.generalised {
        Some(g) => Some(write_general(g, dir)?),
        None => None,
    };
    let synthetic = match made.synthetic {
        Some(s) => Some(write_synthetic(keys, s, options.k, dir)?),
        None => None,
    };
    let dp = match made.tables {
        Some((t, spent)) => Some(write_dp(records, &t, options, spent, dir)?),
        None => None,
    };
    Ok((kanon, general, synthetic, dp))
}

/// Writes records in CTDC layout A.
fn write_records<'a>(
    path: &Path,
    records: impl Iterator<Item = std::borrow::Cow<'a, Record>>,
) -> Result<(), PublishError> {
    let mut writer = RecordWriter::new(
        std::io::BufWriter::new(faro_store::private::create_private(path)?),
        ExportFormat::CsvA,
    )?;
    for record in records {
        writer.write(&record)?;
    }
    writer.finish()?.flush()?;
    Ok(())
}

fn write_synthetic(
    keys: &[Key],
    synthetic: synth::Synthesised<{ kanon::QUASI_IDENTIFIERS.len() }>,
    k: u64,
    dir: &Path,
) -> Result<SyntheticReport, PublishError> {
    let file = SYNTHETIC_FILE;
    let records = synthetic
        .keys
        .iter()
        .map(|key| std::borrow::Cow::Owned(synth::record_of(key)));
    write_records(&dir.join(file), records)?;
    Ok(SyntheticReport {
        file,
        records: synthetic.keys.len() as u64,
        shortened: synthetic.shortened,
        errors: utility::compare(keys, &synthetic.keys, k, 3),
    })
}

/// The records `filter` selects, and their ids (kept with the release).
async fn read_all(
    store: &Store,
    ctx: &AccessContext,
    filter: &Filter,
) -> Result<(Vec<Record>, Vec<i64>), StoreError> {
    let (mut out, mut ids) = (Vec::new(), Vec::new());
    let mut after = None;
    loop {
        let page = store.counted_records(ctx, filter, after, PAGE).await?;
        let Some(last) = page.last() else {
            return Ok((out, ids));
        };
        after = Some(last.id);
        for stored in page {
            ids.push(stored.id);
            out.push(stored.record);
        }
    }
}

fn write_kanon(
    selected: usize,
    keys: &[Key],
    anonymised: kanon::Anonymised,
    k: u64,
    dir: &Path,
) -> Result<KanonReport, PublishError> {
    let file = KANON_FILE;
    write_records(
        &dir.join(file),
        anonymised.records.iter().map(std::borrow::Cow::Borrowed),
    )?;
    let released: Vec<Key> = anonymised.records.iter().map(kanon::key).collect();
    let n = selected as f64;
    Ok(KanonReport {
        file,
        records: anonymised.records.len() as u64,
        suppressed_cells: anonymised.suppressed_cells,
        records_changed: anonymised.records_changed,
        records_left_out: anonymised.records_left_out,
        suppressed_share: (anonymised.records_changed + anonymised.records_left_out) as f64 / n,
        smallest_group: anonymised.smallest_group,
        errors: utility::compare(keys, &released, k, 3),
    })
}

fn write_general(g: Generalised, dir: &Path) -> Result<GeneralReport, PublishError> {
    let file = GENERAL_FILE;
    let mut csv = csv::Writer::from_writer(faro_store::private::create_private(&dir.join(file))?);
    csv.write_record(general::COLUMNS)
        .map_err(std::io::Error::other)?;
    for row in &g.rows {
        csv.write_record(general::cells(row))
            .map_err(std::io::Error::other)?;
    }
    csv.flush()?;
    Ok(GeneralReport {
        file,
        records: g.rows.len() as u64,
        levels: g.levels,
        suppressed_cells: g.suppressed_cells,
        records_left_out: g.records_left_out,
        smallest_group: g.smallest_group,
        information_lost: g.information_lost,
        information_lost_by_suppression: g.information_lost_by_suppression,
    })
}

/// The words for a generalised file's level of a place.
pub fn area(lang: &Lang, area: &Area) -> String {
    lang.w(match area {
        Area::Country => "publish_area_country",
        Area::Subregion => "publish_area_subregion",
        Area::Region => "publish_area_region",
    })
    .to_string()
}

fn write_dp(
    records: &[Record],
    tables: &NoisyTables,
    options: &Options,
    budget_spent: f64,
    dir: &Path,
) -> Result<DpReport, PublishError> {
    let file = DP_FILE;
    let mut csv = csv::Writer::from_writer(faro_store::private::create_private(&dir.join(file))?);
    csv.write_record(["dimension", "value", "count"])
        .map_err(std::io::Error::other)?;
    for cell in &tables.cells {
        csv.write_record([cell.dimension, &cell.value, &cell.count.to_string()])
            .map_err(std::io::Error::other)?;
    }
    csv.flush()?;
    let exact = dp::exact_cells(records, options.this_year);
    let (mut abs, mut rel, mut big) = (0.0, 0.0, 0u64);
    for (noisy, (_, _, exact)) in tables.cells.iter().zip(&exact) {
        let diff = noisy.count.abs_diff(*exact) as f64;
        abs += diff;
        if *exact >= options.k {
            rel += diff / *exact as f64;
            big += 1;
        }
    }
    Ok(DpReport {
        file,
        epsilon: tables.epsilon,
        scale: tables.scale,
        cells: tables.cells.len(),
        mean_absolute_error: abs / tables.cells.len().max(1) as f64,
        mean_relative_error: if big == 0 { 0.0 } else { rel / big as f64 },
        budget_spent,
        budget: options.budget,
    })
}

#[derive(Template)]
#[template(path = "publish/report.html")]
struct ReportPage<'a> {
    lang: Lang,
    r: &'a Report,
}

#[derive(Template)]
#[template(path = "publish/datasheet.md", escape = "none")]
struct Datasheet<'a> {
    lang: Lang,
    r: &'a Report,
}

/// Now, as a UTC date and time.
fn now_utc() -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_default()
}

/// The quasi-identifiers' names in `lang`.
pub fn quasi_identifiers(lang: &Lang) -> String {
    kanon::QUASI_IDENTIFIERS
        .iter()
        .map(|d| lang.dimension(*d).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A number with two decimals, as the report shows errors.
pub fn two(x: &f64) -> String {
    format!("{x:.2}")
}

/// A share as a percentage with one decimal.
pub fn percent(x: &f64) -> String {
    format!("{:.1} %", x * 100.0)
}

fn write_reports(report: &Report, lang: Lang, dir: &Path) -> Result<(), PublishError> {
    let json = serde_json::to_string_pretty(report).map_err(std::io::Error::other)?;
    faro_store::private::write_private(&dir.join("report.json"), json)?;
    let html = ReportPage { lang, r: report }
        .render()
        .map_err(std::io::Error::other)?;
    faro_store::private::write_private(&dir.join("report.html"), html)?;
    let sheet = Datasheet { lang, r: report }
        .render()
        .map_err(std::io::Error::other)?;
    faro_store::private::write_private(&dir.join("README.md"), sheet + "\n")?;
    Ok(())
}
