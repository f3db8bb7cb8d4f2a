//! `faro triage FILE.jsonl [--org NAME]`: each text's triage as one JSON line on standard
//! output, in the input's order, read with the organisation's own model when it has one. A line that is not `{"id": …, "text": …}`, or whose text is too long, is named
//! on standard error with its line number and skipped; the others are still triaged (exit 3).
//! Nothing is stored and nothing is logged about the texts.

use crate::Outcome;
use crate::cli::TriageArgs;
use anyhow::Context;
use faro_triage::{Engine, Input, TriageError};
use serde::Deserialize;
use std::io::{BufRead, BufWriter, Write};

#[derive(Deserialize)]
struct Line {
    id: serde_json::Value,
    text: String,
}

fn reader(args: &TriageArgs) -> anyhow::Result<Box<dyn BufRead>> {
    if args.input.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let file = std::fs::File::open(&args.input)
        .with_context(|| crate::say!("cli-triage-unreadable", path = args.input.display()))?;
    Ok(Box::new(std::io::BufReader::new(file)))
}

/// Why a line is refused, in the user's language.
fn refusal(line: &str, engine: &Engine, args: &TriageArgs) -> Result<String, String> {
    let parsed: Line =
        serde_json::from_str(line).map_err(|e| crate::say!("cli-triage-not-a-text", reason = e))?;
    let input = Input {
        text: &parsed.text,
        language_hint: args.lang_hint,
        country: None,
    };
    let triage = engine.triage(&input).map_err(|e| match e {
        TriageError::TooLong { chars, max } => {
            crate::say!("cli-triage-too-long", chars = chars, max = max)
        }
        other => other.to_string(),
    })?;
    serde_json::to_string(&triage.summary(&parsed.id, &parsed.text)).map_err(|e| e.to_string())
}

pub fn run(args: &TriageArgs, engine: &Engine) -> anyhow::Result<Outcome> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let (mut triaged, mut refused) = (0_u64, 0_u64);
    for (i, line) in reader(args)?.lines().enumerate() {
        let line = line
            .with_context(|| crate::say!("cli-triage-unreadable", path = args.input.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        match refusal(&line, engine, args) {
            Ok(json) => {
                writeln!(out, "{json}").with_context(|| crate::say!("cli-stdout-unwritten"))?;
                triaged += 1;
            }
            Err(reason) => {
                eprintln!(
                    "{}",
                    crate::say!("cli-triage-refused", line = i + 1, reason = reason)
                );
                refused += 1;
            }
        }
    }
    out.flush()
        .with_context(|| crate::say!("cli-stdout-unwritten"))?;
    eprintln!(
        "{}",
        crate::say!("cli-triage-summary", triaged = triaged, refused = refused)
    );
    Ok(if refused > 0 {
        Outcome::RowsRejected
    } else {
        Outcome::Success
    })
}
