//! `--publish`: the methods of `faro publish` on generated records (100,000, then `--rows`):
//! time and the process's peak memory of k-anonymisation and synthesis (k = 10, length 3, as
//! SDS was measured), of the utility measures (combinations of up to three values) and of the differentially
//! private tables (ε = 1), with the utility figures to set beside SDS's published ones.

use faro_domain::Record;
use faro_privacy::{dp, kanon, synth, utility};
use std::fmt::Write;
use std::time::Instant;

/// The process's peak resident memory so far, in MB (Linux's `VmHWM`).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn records(n: u64) -> Vec<Record> {
    faro_formats::fictitious::import_rows(11, n)
        .filter_map(|r| r.ok().and_then(Result::ok))
        .collect()
}

/// The report's lines for `sizes` records each.
pub fn measure(sizes: &[u64]) -> String {
    let mut out = String::from(
        "| records | method | seconds | peak MB | records out | left out | suppressed share | MRE 1 | MRE 2 | MRE 3 | MRE all | missing | fabricated | rare leaked |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for &n in sizes {
        let data = records(n);
        let keys: Vec<kanon::Key> = data.iter().map(kanon::key).collect();
        let started = Instant::now();
        let a = kanon::anonymise(data.clone(), 10);
        let kanon_secs = started.elapsed().as_secs_f64();
        let released: Vec<kanon::Key> = a.records.iter().map(kanon::key).collect();
        let started = Instant::now();
        let e = utility::compare(&keys, &released, 10, 3);
        let utility_secs = started.elapsed().as_secs_f64();
        let share = (a.records_changed + a.records_left_out) as f64 / n as f64;
        let _ = writeln!(
            out,
            "| {n} | k-anonymity (k = 10) | {kanon_secs:.2} | {:.0} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
            peak_mb(),
            a.records.len(),
            a.records_left_out,
            share,
            e[1].mean_relative_error,
            e[2].mean_relative_error,
            e[3].mean_relative_error,
            e[0].mean_relative_error,
            e[0].missing,
            e[0].fabricated,
            e[0].rare_leaked,
        );
        let _ = writeln!(
            out,
            "| {n} | utility measures (length 3) | {utility_secs:.2} | {:.0} | | | | | | | | | | |",
            peak_mb()
        );
        let started = Instant::now();
        let s = synth::synthesise(&keys, 10, 1);
        let synth_secs = started.elapsed().as_secs_f64();
        let e = utility::compare(&keys, &s.keys, 10, 3);
        let _ = writeln!(
            out,
            "| {n} | synthetic (k = 10, length 3) | {synth_secs:.2} | {:.0} | {} | {} | | {:.3} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
            peak_mb(),
            s.keys.len(),
            s.left_out,
            e[1].mean_relative_error,
            e[2].mean_relative_error,
            e[3].mean_relative_error,
            e[0].mean_relative_error,
            e[0].missing,
            e[0].fabricated,
            e[0].rare_leaked,
        );
        let started = Instant::now();
        let tables = dp::tables(&data, 1.0, 2026);
        let dp_secs = started.elapsed().as_secs_f64();
        let cells = tables.map(|t| t.cells.len()).unwrap_or(0);
        let _ = writeln!(
            out,
            "| {n} | DP tables (ε = 1, {cells} cells) | {dp_secs:.2} | {:.0} | | | | | | | | | | |",
            peak_mb()
        );
    }
    out
}
