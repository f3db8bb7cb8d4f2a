//! `faro generate`: deterministic fictitious CTDC records for demos, tests and benchmarks.

use crate::Outcome;
use crate::cli::{CsvLayout, DataFormat, GenerateArgs};
use anyhow::Context;
use faro_formats::ExportFormat;
use faro_formats::fictitious::{GenerateOptions, generate};
use std::io::BufWriter;

pub fn run(args: &GenerateArgs) -> anyhow::Result<Outcome> {
    let format = match (args.format, args.layout) {
        (DataFormat::Jsonl, _) => ExportFormat::Jsonl,
        (DataFormat::Csv, CsvLayout::A) => ExportFormat::CsvA,
        (DataFormat::Csv, CsvLayout::C) => ExportFormat::CsvC,
    };
    let file = std::fs::File::create(&args.output)
        .with_context(|| format!("cannot create `{}`", args.output.display()))?;
    let summary = generate(
        BufWriter::with_capacity(1 << 20, file),
        &GenerateOptions {
            rows: args.rows,
            seed: args.seed,
            dirty: args.dirty,
            format,
        },
    )
    .with_context(|| format!("cannot write `{}`", args.output.display()))?;
    eprintln!(
        "wrote {} rows ({} malformed) to `{}`",
        summary.rows,
        summary.dirty_rows,
        args.output.display()
    );
    Ok(Outcome::Success)
}
