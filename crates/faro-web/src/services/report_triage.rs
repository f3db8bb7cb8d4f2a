//! The runner's triage of reports for the inbox (job kind `report_triage`): each report triage
//! has still to read (new, written to again by its reporter, or read by a model since
//! replaced) is read with the organisation's engine, newest first, a batch at a time, and
//! what was suggested is stored with the personal data found (kind and normalised value,
//! sealed), so that the inbox filters and orders by it without reading every text.

use super::jobs::{Ended, Running, Work, failed};
use super::statistics::system;
use super::triage::{TriageFailure, text_with};
use super::triage_learning::model_for;
use faro_domain::OrganisationId;
use faro_domain::Vocabulary;
use faro_domain::vocab::Exploitation;
use faro_i18n::key;
use faro_store::{Store, Suggested, ToTriage, Triaged};
use faro_triage::Engine;

/// Reports read and stored together: a batch is one transaction, and the job stops between
/// batches when cancelled.
const BATCH: i64 = 50;

/// What was stored of one report's triage.
fn stored(engine: &Engine, model: i64, report: &ToTriage) -> Result<Triaged, TriageFailure> {
    // A reporter who wrote more than triage reads is read from the start of what they wrote.
    let text: String = report.text.chars().take(faro_triage::MAX_CHARS).collect();
    let triage = text_with(engine, &text, Some(&report.language), report.country)?;
    let mut modality = faro_domain::Flags::<Exploitation>::default();
    for finding in &triage.exploitation {
        if let Some(code) = Exploitation::from_code(&finding.code) {
            modality.put(code, Some(true));
        }
    }
    Ok(Triaged {
        id: report.id,
        read_to: report.read_to,
        model,
        suggested: Suggested {
            language: triage.language.code().to_string(),
            likely: triage.trafficking.likely,
            score: triage.trafficking.score,
            urgent: triage.urgent.likely,
            modality,
        },
        findings: triage
            .findings(&text)
            .into_iter()
            .map(|(kind, value)| (kind.code().to_string(), value))
            .collect(),
    })
}

/// Reads every report of `organisation` that triage has still to read, until done or until
/// `running` (a job's) is stopped, telling it the progress; how many. What the job does, and
/// what the benchmark times.
pub async fn triage_all(
    store: &Store,
    organisation: OrganisationId,
    running: Option<&Running>,
) -> Result<usize, TriageFailure> {
    let ctx = system(organisation);
    let (engine, model) = model_for(store, organisation).await?;
    let (mut done, mut before) = (0, None);
    while !running.is_some_and(Running::stopped) {
        let batch = store
            .reports_to_triage(&ctx, organisation, (model, before), BATCH)
            .await?;
        if batch.is_empty() {
            // Down to the oldest: once more from the newest, for what came meanwhile.
            if before.take().is_none() {
                break;
            }
            continue;
        }
        before = batch.iter().map(|r| r.id).min();
        let triaged = batch
            .iter()
            .map(|report| stored(&engine, model, report))
            .collect::<Result<Vec<_>, _>>()?;
        store
            .save_report_triage(&ctx, organisation, &triaged)
            .await?;
        done += triaged.len();
        if let Some(running) = running {
            running.set_progress(serde_json::json!({ "reports": done }).to_string());
        }
    }
    Ok(done)
}

/// The runner's job of kind `report_triage`.
pub async fn run(work: &Work) -> Ended {
    let organisation = work.job.organisation();
    match triage_all(&work.store, organisation, Some(&work.running)).await {
        Ok(reports) => Ended {
            state: faro_store::JobState::Succeeded,
            result: serde_json::json!({ "reports": reports }).to_string(),
        },
        Err(e) => {
            tracing::error!(error = %e, "reports could not be triaged");
            failed(key!("job_failed"))
        }
    }
}
