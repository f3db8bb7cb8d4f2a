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
        .with_context(|| crate::say!("cli-cannot-create", path = args.output.display()))?;
    let summary = generate(
        BufWriter::with_capacity(1 << 20, file),
        &GenerateOptions {
            rows: args.rows,
            seed: args.seed,
            dirty: args.dirty,
            format,
        },
    )
    .with_context(|| crate::say!("cli-cannot-write", path = args.output.display()))?;
    let said = crate::say!(
        "cli-generated",
        rows = summary.rows,
        malformed = summary.dirty_rows,
        path = args.output.display()
    );
    eprintln!("{said}");
    Ok(Outcome::Success)
}
