//! `faro aggregate --by DIM[,DIM]`: counts as an aligned table, CSV or the API's JSON.

use crate::Outcome;
use crate::cli::{AggregateArgs, TableFormat};
use anyhow::Context;
use faro_analytics::Index;
use faro_domain::{AccessContext, AggregateScope};
use faro_privacy::{Released, Table};
use faro_store::Store;
use std::io::Write;

/// The instance operator may read every record, so the released table is exact; it still goes
/// through `faro_privacy::exact`, one of the ways a count leaves.
pub async fn run(store: &Store, args: &AggregateArgs) -> anyhow::Result<Outcome> {
    let by = &args.by.0;
    let index = Index::new(store.clone());
    let ctx = AccessContext::instance();
    let scope = AggregateScope::Hub;
    let counted = index
        .aggregate(&ctx, scope, by, &args.filters.filter)
        .await?;
    let released = faro_privacy::exact(counted);
    let text = match args.format {
        TableFormat::Json => {
            serde_json::to_string_pretty(&faro_web::AggregateView::from(&released))? + "\n"
        }
        TableFormat::Csv => csv_text(&released)?,
        TableFormat::Table => table(&released),
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .with_context(|| crate::say!("cli-stdout-unwritten"))?;
    Ok(Outcome::Success)
}

/// A released count as text (a hidden one, which the instance operator never gets, as `-`).
fn shown(count: Option<u64>) -> String {
    count.map_or_else(|| "-".to_string(), |n| n.to_string())
}

fn cells(released: &Released<Table>) -> (Vec<String>, Vec<Vec<String>>) {
    let result = released.get();
    let header = result
        .by
        .iter()
        .map(|d| d.id().to_string())
        .chain(["count".to_string()])
        .collect();
    let rows = result
        .rows
        .iter()
        .map(|r| {
            r.key
                .iter()
                .map(|v| v.text())
                .chain([shown(r.count)])
                .collect()
        })
        .collect();
    (header, rows)
}

fn csv_text(result: &Released<Table>) -> anyhow::Result<String> {
    let (header, rows) = cells(result);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header)?;
    for r in rows {
        w.write_record(&r)?;
    }
    Ok(String::from_utf8(
        w.into_inner().map_err(|e| e.into_error())?,
    )?)
}

fn table(released: &Released<Table>) -> String {
    let (header, rows) = cells(released);
    let result = released.get();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(&format!("{c:>w$}"));
            } else {
                out.push_str(&format!("{c:<w$}  "));
            }
        }
        out.push('\n');
        out
    };
    let mut out = line(&header);
    for r in &rows {
        out.push_str(&line(r));
    }
    out.push_str(&format!("{} records", shown(result.total_records)));
    if result.multi_valued {
        out.push_str(" (a record can count in several rows)");
    }
    out.push('\n');
    out
}
