//! `--triage`: report triage on the labelled set's held-out part, per language, beside what
//! Faro's inbox did before it (the report's keyword rules: a text is "likely" when any rule
//! matches), and its speed on one core: every labelled text (612, three languages, 10 to 80
//! words) triaged in turn on one thread until three seconds have passed, reports per second and
//! the p95 of one text.

use faro_triage::evaluate::{self, Labelled};
use faro_triage::{Engine, Input};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// The keyword rules' F1 on "is it trafficking", per language.
fn keyword_f1(texts: &[Labelled]) -> BTreeMap<String, f64> {
    let mut counts: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    for t in texts {
        let likely = faro_domain::report::signs_in_text(&t.text).any_yes();
        let c = counts.entry(t.lang.clone()).or_default();
        match (t.trafficking, likely) {
            (true, true) => c.0 += 1,
            (false, true) => c.1 += 1,
            (true, false) => c.2 += 1,
            (false, false) => {}
        }
    }
    counts
        .into_iter()
        .map(|(lang, (tp, fp, fn_))| {
            let f1 = f64::from(2 * tp) / f64::from((2 * tp + fp + fn_).max(1));
            (lang, f1)
        })
        .collect()
}

pub fn measure() -> anyhow::Result<String> {
    let engine = Engine::shipped()?;
    let held_out = evaluate::held_out()?;
    let figures = evaluate::evaluate(engine, &held_out)?;
    let keywords = keyword_f1(&held_out);
    let mut out = String::from("## Triage on the held-out part (never tuned on)\n\n");
    out.push_str("| figure | en | es | fr | target |\n|---|---|---|---|---|\n");
    let targets: BTreeMap<&str, &str> = [
        ("trafficking_f1", "≥ 0.93"),
        ("hard_negatives_kept_out", "≥ 0.833"),
        ("exploitation_macro_f1", "≥ 0.85"),
        ("means_macro_f1", "≥ 0.80"),
        ("pii_recall", "≥ 0.95"),
        ("pii_precision", "≥ 0.80"),
        ("places_recall", "≥ 0.90"),
        ("places_country", "≥ 0.95"),
    ]
    .into_iter()
    .collect();
    let langs = ["en", "es", "fr"];
    if let Some(first) = figures.get("en") {
        for (i, (name, _)) in first.named().iter().enumerate() {
            let cells: Vec<String> = langs
                .iter()
                .map(|l| {
                    figures
                        .get(*l)
                        .map_or("-".into(), |f| format!("{:.3}", f.named()[i].1))
                })
                .collect();
            let target = targets.get(name).copied().unwrap_or("");
            let _ = writeln!(out, "| {name} | {} | {target} |", cells.join(" | "));
        }
    }
    let cells: Vec<String> = langs
        .iter()
        .map(|l| keywords.get(*l).map_or("-".into(), |f| format!("{f:.3}")))
        .collect();
    let _ = writeln!(
        out,
        "| keyword rules' trafficking_f1 (before) | {} | |",
        cells.join(" | ")
    );

    let mut texts = evaluate::shipped_training()?;
    texts.extend(held_out);
    let mut times = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        for t in &texts {
            let one = Instant::now();
            engine.triage(&Input {
                text: &t.text,
                ..Input::default()
            })?;
            times.push(one.elapsed());
        }
    }
    let total = started.elapsed();
    times.sort();
    let p95 = times[times.len() * 95 / 100];
    let _ = writeln!(
        out,
        "\nSpeed on one thread: {} texts in {:.2} s, {:.0} reports/s (target ≥ 200); one text p95 {:.2} ms.",
        times.len(),
        total.as_secs_f64(),
        times.len() as f64 / total.as_secs_f64(),
        p95.as_secs_f64() * 1e3
    );
    Ok(out)
}
