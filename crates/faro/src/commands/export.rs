//! `faro export`: CTDC CSV (layout A or C) or JSON lines, with the same filters as the API.

use crate::Outcome;
use crate::cli::{CsvLayout, DataFormat, ExportArgs};
use anyhow::Context;
use faro_domain::AccessContext;
use faro_formats::{ExportFormat, RecordWriter};
use faro_store::Store;
use std::io::{BufWriter, Write};

const PAGE: u32 = 1000;

pub async fn run(store: &Store, args: &ExportArgs) -> anyhow::Result<Outcome> {
    let format = match (args.format, args.layout) {
        (DataFormat::Jsonl, _) => ExportFormat::Jsonl,
        (DataFormat::Csv, CsvLayout::A) => ExportFormat::CsvA,
        (DataFormat::Csv, CsvLayout::C) => ExportFormat::CsvC,
    };
    match &args.output {
        None => {
            let stdout = std::io::stdout().lock();
            write_all(store, args, format, BufWriter::new(stdout)).await?;
        }
        Some(path) => {
            // Written beside the target and renamed at the end: a failed export never leaves
            // a half-written file under the name asked for.
            let partial = path.with_extension("partial");
            let file = std::fs::File::create(&partial)
                .with_context(|| format!("cannot create `{}`", partial.display()))?;
            let result = write_all(store, args, format, BufWriter::new(file)).await;
            if let Err(e) = result {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
            std::fs::rename(&partial, path)
                .with_context(|| format!("cannot write `{}`", path.display()))?;
        }
    }
    Ok(Outcome::Success)
}

async fn write_all<W: Write>(
    store: &Store,
    args: &ExportArgs,
    format: ExportFormat,
    out: W,
) -> anyhow::Result<()> {
    let ctx = AccessContext::instance();
    let mut writer = RecordWriter::new(out, format).context("cannot write the export")?;
    let mut after = None;
    let mut written = 0u64;
    loop {
        let page = store
            .records(&ctx, &args.filters.filter, after, PAGE)
            .await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for record in &page {
            writer
                .write(&record.record)
                .context("cannot write the export")?;
        }
        written += page.len() as u64;
    }
    writer
        .finish()
        .and_then(|mut w| w.flush())
        .context("cannot write the export")?;
    let format = format!("{format:?}");
    super::audit(
        store,
        "export",
        serde_json::json!({ "records": written, "format": format }),
    )
    .await?;
    eprintln!("exported {written} records");
    Ok(())
}
