//! `--publish`: the methods of `faro publish` on generated records (100,000, then `--rows`):
//! time and the process's peak memory of k-anonymisation and synthesis (k = 10, length 3, as
//! SDS was measured), of the utility measures (combinations of up to three values) and of the
//! differentially private tables (ε = 1), with the utility figures to set beside SDS's
//! published ones. SDS was measured on 14 CTDC columns with flags' 0 read as absent, so the
//! synthesiser also runs on such rows (the seven quasi-identifiers are what `faro publish`
//! synthesises).

use faro_domain::vocab::{Exploitation, Means, Recruiter};
use faro_domain::{Record, Vocabulary};
use faro_privacy::{dp, general, kanon, synth, utility};
use std::fmt::Write;
use std::time::Instant;

/// The process's peak resident memory so far, in MB (Linux's `VmHWM`).
pub(crate) fn peak_mb() -> f64 {
    peak_mb_of("self")
}

/// Process `pid`'s peak resident memory so far, in MB (`self`: this one).
pub(crate) fn peak_mb_of(pid: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
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

/// A record as 14 CTDC columns: year, gender, age, citizenship, country of exploitation,
/// months trafficked, then forced labour, sexual exploitation, four means of control and two
/// recruiter relations as flags whose "no" is absent, as SDS read them.
fn ctdc_row(record: &Record) -> [u32; 14] {
    const U: u32 = kanon::UNKNOWN;
    let flag = |v: Option<bool>| if v == Some(true) { 1 } else { U };
    let index = |v: Option<usize>| v.map_or(U, |i| i as u32);
    [
        record.year.map_or(U, |y| u32::from(y.get())),
        index(record.gender.map(Vocabulary::index)),
        index(record.age.map(Vocabulary::index)),
        record.citizenship.map_or(U, |c| u32::from(c.id())),
        record.exploitation_country.map_or(U, |c| u32::from(c.id())),
        index(record.traffick_months.map(Vocabulary::index)),
        flag(record.exploitation.get(Exploitation::ForcedLabour)),
        flag(record.exploitation.get(Exploitation::SexualExploitation)),
        flag(record.means.get(Means::DebtBondageEarnings)),
        flag(record.means.get(Means::Threats)),
        flag(record.means.get(Means::Abuse)),
        flag(record.means.get(Means::FalsePromises)),
        flag(record.recruiter.get(Recruiter::IntimatePartner)),
        flag(record.recruiter.get(Recruiter::Family)),
    ]
}

/// One line of the table for a synthesis of `rows`.
fn synthesis_line<const W: usize>(out: &mut String, label: &str, rows: &[[u32; W]]) {
    let started = Instant::now();
    let s = synth::synthesise(rows, 10, 1);
    let secs = started.elapsed().as_secs_f64();
    let e = utility::compare(rows, &s.keys, 10, 3);
    let _ = writeln!(
        out,
        "| {} | {label} | {secs:.2} | {:.0} | {} | {} | | {}",
        rows.len(),
        peak_mb(),
        s.keys.len(),
        s.shortened,
        errors(&e),
    );
}

/// The error columns of a line: the mean relative errors by length and over all, then the
/// missing, fabricated and rare leaked combinations.
fn errors(e: &[utility::Errors]) -> String {
    format!(
        "{:.3} | {:.3} | {:.3} | {:.3} | {} | {} | {} |",
        e[1].mean_relative_error,
        e[2].mean_relative_error,
        e[3].mean_relative_error,
        e[0].mean_relative_error,
        e[0].missing,
        e[0].fabricated,
        e[0].rare_leaked,
    )
}

/// The report's lines for `sizes` records each.
pub fn measure(sizes: &[u64]) -> String {
    let mut out = String::from(
        "| records | method | seconds | peak MB | records out | left out (k-anonymity) or cut short (synthetic) | suppressed share | MRE 1 | MRE 2 | MRE 3 | MRE all | missing | fabricated | rare leaked |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
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
            "| {n} | k-anonymity (k = 10) | {kanon_secs:.2} | {:.0} | {} | {} | {share:.3} | {}",
            peak_mb(),
            a.records.len(),
            a.records_left_out,
            errors(&e),
        );
        let _ = writeln!(
            out,
            "| {n} | utility measures (length 3) | {utility_secs:.2} | {:.0} | | | | | | | | | | |",
            peak_mb()
        );
        let started = Instant::now();
        let g = general::generalise(&keys, 10);
        let _ = writeln!(
            out,
            "| {n} | generalised k-anonymity ({}) | {:.2} | {:.0} | {} | {} | {} | | | | | | | |",
            g.as_ref()
                .map_or("suppression kept more".into(), |g| format!(
                    "{:?}",
                    g.levels
                )),
            started.elapsed().as_secs_f64(),
            peak_mb(),
            g.as_ref().map_or(0, |g| g.rows.len()),
            g.as_ref().map_or(0, |g| g.records_left_out),
            g.as_ref().map_or(String::new(), |g| format!(
                "{:.3} lost ({:.3} by suppression)",
                g.information_lost, g.information_lost_by_suppression
            )),
        );
        synthesis_line(
            &mut out,
            "synthetic, 7 quasi-identifiers (k = 10, length 3)",
            &keys,
        );
        if n <= 100_000 {
            let rows: Vec<[u32; 14]> = data.iter().map(ctdc_row).collect();
            synthesis_line(
                &mut out,
                "synthetic, 14 CTDC columns (k = 10, length 3)",
                &rows,
            );
        }
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
