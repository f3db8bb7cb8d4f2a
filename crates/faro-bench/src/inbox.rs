//! `--inbox`: a hotline's inbox at `--report-count` reports (100,000 by default) on both
//! databases. Reports are taken in as a chat's are stored (sealed words, no photo, no receipt
//! code, whose hash is intake's own cost and `--intake`'s to measure), then read by the job runner's triage as it
//! reads new reports (reports per second, one thread), and the figures are the p95 of what the
//! inbox page asks the store for one operator: the first page (flagged or urgent-looking
//! reports first, then newest), a page far down, and pages filtered by what triage suggested
//! (a type of exploitation, the language the words are written in), and of the runner's checks
//! for reports left to read: over every report (each minute), and from new messages alone.

use crate::cases::p95;
use faro_domain::report::{Channel, RawReport, ReportDraft};
use faro_domain::vocab::Exploitation;
use faro_domain::{AccessContext, Role};
use faro_store::{ReportFilter, Store};
use std::time::Instant;

/// Requests timed per figure.
const SAMPLES: usize = 200;

/// What reporters write, in turn: trafficking of several forms in three languages, some
/// urgent, and messages that are not trafficking.
const TEXTS: [(&str, &str); 8] = [
    (
        "en",
        "The men on the farm near the river work from dawn to dark; the boss keeps their passports and says they owe him for the bus.",
    ),
    (
        "es",
        "Hay una niña de 14 años encerrada ahora mismo en una casa, la obligan a atender clientes cada noche.",
    ),
    (
        "fr",
        "Une femme fait tout le ménage chez mes voisins depuis deux ans, sans salaire, et ils gardent son passeport.",
    ),
    (
        "en",
        "My boss has not paid my overtime for two months. I have my papers and I can leave. What can I do?",
    ),
    (
        "es",
        "Los chicos que venden en la playa dicen que el jefe se queda con todo y los encierra de noche.",
    ),
    (
        "fr",
        "J'ai reçu un SMS disant que j'ai gagné un téléphone, c'est une arnaque ?",
    ),
    (
        "en",
        "Two girls of about 15 are kept in the flat above the shop; men come and go all night.",
    ),
    (
        "es",
        "Mi vecina quiere saber cómo renovar su permiso de residencia.",
    ),
];

fn operator() -> AccessContext {
    AccessContext::member(faro_store::DEFAULT_ORGANISATION, Role::Operator)
}

/// The benchmark on one store; a Markdown section.
pub async fn measure(store: &Store, label: &str, reports: usize) -> anyhow::Result<String> {
    let org = faro_store::DEFAULT_ORGANISATION;
    let drafts = TEXTS
        .iter()
        .map(|(lang, what)| {
            let raw = RawReport {
                what: (*what).into(),
                contact: "none".into(),
                ..RawReport::default()
            };
            ReportDraft::parse(&raw, Channel::Chat, lang)
                .map_err(|p| anyhow::anyhow!("a bench report is refused: {p:?}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let anyone = AccessContext::anonymous();
    let started = Instant::now();
    for i in 0..reports {
        store
            .submit_report(&anyone, org, &drafts[i % drafts.len()], &[], None, None)
            .await?;
    }
    let taken = started.elapsed().as_secs_f64();
    faro_store::fixtures::settle(store).await?;
    let started = Instant::now();
    let read = faro_web::services::report_triage::triage_all(store, org, None).await?;
    let triaged = started.elapsed().as_secs_f64();
    anyhow::ensure!(read == reports, "triage read {read} of {reports} reports");
    faro_store::fixtures::settle(store).await?;
    let ctx = operator();
    let page = |filter: ReportFilter, offset: i64| {
        let ctx = ctx.clone();
        async move {
            store.reports(&ctx, &filter, offset, 50).await?;
            Ok(())
        }
    };
    let first = p95(SAMPLES, || page(ReportFilter::default(), 0)).await?;
    let far = p95(SAMPLES, || page(ReportFilter::default(), 5_000)).await?;
    let suggested = ReportFilter {
        suggested: Some(Exploitation::SexualExploitation),
        ..ReportFilter::default()
    };
    let suggested = p95(SAMPLES, || page(suggested.clone(), 0)).await?;
    let written = ReportFilter {
        written: Some("fr".into()),
        ..ReportFilter::default()
    };
    let written = p95(SAMPLES, || page(written.clone(), 0)).await?;
    // What the runner asks each minute (and when a model changes): is anything left to read?
    let due = p95(20, || async {
        anyhow::ensure!(store.report_triage_due().await?.is_empty());
        Ok(())
    })
    .await?;
    // What it asks when messages come: anything unread among the last hundred?
    let (last, _) = store.report_triage_mark().await?;
    let due_since = p95(SAMPLES, || async {
        anyhow::ensure!(store.report_triage_due_since(last - 100).await?.is_empty());
        Ok(())
    })
    .await?;
    let ms = |s: f64| s * 1000.0;
    Ok(format!(
        "\n### {label}\n\n\
         | step | figure |\n|---|---|\n\
         | {reports} reports taken in | {:.0} reports/s |\n\
         | read by the runner's triage (one thread) | {:.0} reports/s |\n\
         | first page, urgent-looking first (p95) | {:.1} ms |\n\
         | page at offset 5,000 (p95) | {:.1} ms |\n\
         | suggested `sexual_exploitation` (p95) | {:.1} ms |\n\
         | written in French (p95) | {:.1} ms |\n\
         | the runner's check for reports left to read, each minute (p95) | {:.1} ms |\n\
         | the same after new messages, from the last 100 (p95) | {:.2} ms |\n",
        reports as f64 / taken,
        reports as f64 / triaged,
        ms(first),
        ms(far),
        ms(suggested),
        ms(written),
        ms(due),
        ms(due_since),
    ))
}
