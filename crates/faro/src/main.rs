//! The `faro` binary: parses the command line, runs one command, turns errors into messages
//! and exit codes. The only crate that reads the environment or config files, or uses anyhow.

mod cli;
mod commands;
mod config;
mod filters;
mod lang;

use clap::Parser;
use std::process::ExitCode;

/// A bad option value found after clap's parsing (exit code 2, like clap's own errors).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Exit codes for every command (`specs/interfaces.md`). Deliberately not `Ord`: the codes'
/// numeric order (0, 1, 3) is not their severity; compare with [`Outcome::worst`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success = 0,
    /// Finished, but some input rows were rejected.
    RowsRejected = 3,
    /// A fatal error: nothing changed.
    Fatal = 1,
}

impl Outcome {
    /// The worse of two outcomes, for several files: fatal > rows rejected > success.
    pub fn worst(self, other: Outcome) -> Outcome {
        let rank = |o: Outcome| match o {
            Outcome::Success => 0,
            Outcome::RowsRejected => 1,
            Outcome::Fatal => 2,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    lang::init(&args);
    let cli = cli::Cli::parse_from(args);
    init_logging(&cli);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return report(anyhow::Error::new(e).context(say!("cli-no-runtime"))),
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(outcome) => ExitCode::from(outcome as u8),
        Err(e) => report(e),
    }
}

/// Prints `error: …` and the chain of causes to stderr, and exits with 1. A closed output
/// pipe (`faro export | head`) is the reader's choice, not an error.
fn report(e: anyhow::Error) -> ExitCode {
    let broken_pipe = e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    if let Some(usage) = e.downcast_ref::<UsageError>() {
        eprintln!("{}", say!("cli-error", message = usage));
        return ExitCode::from(2);
    }
    let mut causes = e.chain().map(said);
    let first = causes.next().unwrap_or_default();
    eprintln!("{}", say!("cli-error", message = first));
    for cause in causes {
        eprintln!("{}", say!("cli-caused-by", message = cause));
    }
    ExitCode::from(Outcome::Fatal as u8)
}

/// An error as the user reads it: a store's refusal in the `--lang` language, anything else
/// as it says itself.
fn said(cause: &(dyn std::error::Error + 'static)) -> String {
    cause
        .downcast_ref::<faro_store::StoreError>()
        .and_then(faro_web::refusal_words)
        .map(|words| words.render(lang::get()))
        .unwrap_or_else(|| cause.to_string())
}

/// Logs go to stderr, at `warn` unless `FARO_LOG` says otherwise (`info` while serving).
/// Log lines carry ids and counts only, never record contents or client addresses.
fn init_logging(cli: &cli::Cli) {
    let default = if matches!(cli.command, cli::Command::Serve(_) | cli::Command::Demo(_)) {
        "info"
    } else {
        "warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("FARO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .compact()
        .init();
}

#[cfg(test)]
mod tests {
    use super::Outcome::{Fatal, RowsRejected, Success};

    #[test]
    fn the_worst_outcome_is_by_severity_not_by_exit_code() {
        assert_eq!(Success.worst(RowsRejected), RowsRejected);
        assert_eq!(
            RowsRejected.worst(Fatal),
            Fatal,
            "exit code 1 is worse than 3"
        );
        assert_eq!(Fatal.worst(RowsRejected), Fatal);
        assert_eq!(Success.worst(Success), Success);
    }
}
