//! `faro export`: CTDC CSV (layout A or C) or JSON lines, with the same filters as the API.

use crate::Outcome;
use crate::cli::{CsvLayout, DataFormat, ExportArgs};
use anyhow::Context;
use faro_domain::AccessContext;
use faro_formats::ExportFormat;
use faro_store::Store;
use std::io::{BufWriter, Write};

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
            let file = faro_store::private::create_private(&partial)
                .with_context(|| crate::say!("cli-cannot-create", path = partial.display()))?;
            let result = write_all(store, args, format, BufWriter::new(file)).await;
            if let Err(e) = result {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
            std::fs::rename(&partial, path)
                .with_context(|| crate::say!("cli-cannot-write", path = path.display()))?;
        }
    }
    Ok(Outcome::Success)
}

async fn write_all<W: Write>(
    store: &Store,
    args: &ExportArgs,
    format: ExportFormat,
    mut out: W,
) -> anyhow::Result<()> {
    let written = write_records(
        store,
        &AccessContext::instance(),
        &args.filters.filter,
        format,
        &mut out,
    )
    .await?;
    out.flush()
        .with_context(|| crate::say!("cli-export-unwritten"))?;
    let format = format!("{format:?}");
    super::audit(
        store,
        "export",
        serde_json::json!({ "records": written, "format": format }),
    )
    .await?;
    eprintln!("{}", crate::say!("cli-exported", count = written));
    Ok(())
}

/// Writes the records `ctx` may read that match `filter` to `out`; how many went.
pub async fn write_records(
    store: &Store,
    ctx: &AccessContext,
    filter: &faro_domain::Filter,
    format: ExportFormat,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    let mut chunks = faro_web::export::Chunked::new(store, ctx, filter, format)?;
    while let Some(bytes) = chunks.next().await? {
        out.write_all(&bytes)?;
    }
    let written = chunks.written;
    Ok(written)
}
