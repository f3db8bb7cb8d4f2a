//! An organisation's own triage model, trained by the job runner from its decided reports
//! (`faro_store::DecidedReport`: the codes its staff saved, whether they accepted the
//! suggestions or corrected them) beside the shipped training texts, and kept only if it does
//! at least as well as the shipped model on the shipped held-out texts, in every language and
//! figure that the targets name. The reports' texts are masked of personal data before
//! anything is learned from them. An organisation turns it off on its settings page (its model
//! is then deleted).

use super::jobs::{Ended, Work, failed};
use super::triage::TriageFailure;
use faro_domain::vocab::Vocabulary;
use faro_domain::{AccessContext, OrganisationId, Role};
use faro_i18n::key;
use faro_store::{DecidedReport, Store, StoreError};
use faro_triage::evaluate::{self, Figures};
use faro_triage::model::{Example, Model, TRAFFICKING};
use faro_triage::{Engine, Input, Language};
use std::collections::BTreeMap;

/// Decided reports an organisation needs before a model of its own is trained.
pub const AT_LEAST: i64 = 20;
/// New decided reports since the last model that make it worth training again.
pub const NEW: i64 = 10;
/// An organisation's decision counts this many shipped texts.
const OWN_WEIGHT: f64 = 2.0;
/// The figures a retrained model may not lower, in any language.
const KEPT_FIGURES: [&str; 4] = [
    "trafficking_f1",
    "hard_negatives_kept_out",
    "exploitation_macro_f1",
    "means_macro_f1",
];

/// Who the runner acts as for an organisation.
fn system(organisation: OrganisationId) -> AccessContext {
    AccessContext::member(organisation, Role::Admin).acting_as("faro")
}

/// What one training did.
#[derive(Debug, Clone, PartialEq)]
pub struct Trained {
    pub examples: usize,
    /// Whether the new model is in use (it did at least as well as the shipped one).
    pub kept: bool,
    pub figures: BTreeMap<String, Figures>,
}

/// The organisations to train for now.
pub async fn due(store: &Store) -> Result<Vec<OrganisationId>, StoreError> {
    store.triage_learning_due(AT_LEAST, NEW).await
}

fn example(decided: &DecidedReport, shipped: &Engine) -> Result<Example, faro_triage::TriageError> {
    let hint = Language::from_code(&decided.language).filter(|l| *l != Language::Other);
    let read = shipped.triage(&Input {
        text: &decided.text,
        language_hint: hint,
        country: None,
    })?;
    let masked = read.redact(&decided.text);
    let mut labels = Vec::new();
    if decided.trafficking {
        labels.push(TRAFFICKING.to_string());
        let exploitation = decided
            .modality
            .yes()
            .filter(|e| e.code() != "sex_and_labour")
            .map(|e| format!("exploitation:{}", e.code()));
        let means = decided.means.yes().map(|m| format!("means:{}", m.code()));
        labels.extend(exploitation.chain(means));
    }
    let mut example = Engine::example(&masked, read.language, labels, OWN_WEIGHT)?;
    example.unknown = vec!["labour:".to_string()];
    Ok(example)
}

fn as_good(candidate: &BTreeMap<String, Figures>, shipped: &BTreeMap<String, Figures>) -> bool {
    ["en", "es", "fr"].iter().all(|lang| {
        let (Some(c), Some(s)) = (candidate.get(*lang), shipped.get(*lang)) else {
            return false;
        };
        c.named()
            .iter()
            .zip(s.named())
            .filter(|((name, _), _)| KEPT_FIGURES.contains(name))
            .all(|((_, c), (_, s))| *c >= s - 1e-9)
    })
}

/// Trains `organisation`'s model from its decided reports and keeps it if it is as good as the
/// shipped one.
pub async fn train(store: &Store, organisation: OrganisationId) -> Result<Trained, TriageFailure> {
    let ctx = system(organisation);
    let decided = store.decided_reports(&ctx, organisation).await?;
    let shipped = Engine::shipped()?;
    let own = decided
        .iter()
        .map(|d| example(d, shipped))
        .collect::<Result<Vec<_>, _>>()?;
    let training = evaluate::shipped_training().map_err(shipped_data)?;
    let base = training
        .iter()
        .map(|t| Engine::example(&t.text, t.language(), t.labels(), 1.0))
        .collect::<Result<Vec<_>, _>>()?;
    let model = Engine::retrained(&base, &own);
    let held_out = evaluate::held_out().map_err(shipped_data)?;
    let candidate = evaluate::evaluate(&Engine::with_model(model.clone())?, &held_out)?;
    let reference = evaluate::evaluate(shipped, &held_out)?;
    let figures = serde_json::to_string(&candidate).unwrap_or_default();
    let text = model.write();
    let keep = as_good(&candidate, &reference).then_some((text.as_str(), figures.as_str()));
    let examples = i64::try_from(own.len()).unwrap_or(i64::MAX);
    let kept = store
        .save_triage_training(&ctx, organisation, examples, keep)
        .await?;
    Ok(Trained {
        examples: own.len(),
        kept,
        figures: candidate,
    })
}

fn shipped_data(e: evaluate::LabelledError) -> faro_triage::TriageError {
    faro_triage::TriageError::Shipped(e.to_string())
}

/// The engine `organisation` reads with: its own model when it has one, else the shipped one.
pub async fn engine_for(
    store: &Store,
    organisation: OrganisationId,
) -> Result<Engine, TriageFailure> {
    Ok(model_for(store, organisation).await?.0)
}

/// [`engine_for`], with when its model was trained (0 for the shipped one): what stored
/// triage is stamped with, so that a new model reads the reports again.
pub async fn model_for(
    store: &Store,
    organisation: OrganisationId,
) -> Result<(Engine, i64), TriageFailure> {
    match store.triage_model(organisation).await? {
        Some(own) => {
            let model = Model::read(&own.text)
                .map_err(|e| faro_triage::TriageError::Model(e.to_string()))?;
            Ok((Engine::with_model(model)?, own.trained_at))
        }
        None => Ok((Engine::shipped()?.clone(), 0)),
    }
}

/// The runner's job of kind `triage_model`.
pub async fn run(work: &Work) -> Ended {
    match train(&work.store, work.job.organisation()).await {
        Ok(trained) => Ended {
            state: faro_store::JobState::Succeeded,
            result: serde_json::json!({ "examples": trained.examples, "kept": trained.kept })
                .to_string(),
        },
        Err(e) => {
            tracing::error!(error = %e, "a triage model could not be trained");
            failed(key!("job_failed"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Figures, as_good};
    use std::collections::BTreeMap;

    fn figures(f1: f64) -> Figures {
        Figures {
            trafficking_f1: f1,
            hard_negatives_kept_out: 0.9,
            exploitation_macro_f1: 0.8,
            means_macro_f1: 0.85,
            urgent_f1: 0.7,
            ..Figures::default()
        }
    }

    fn all(f: impl Fn(&str) -> Figures) -> BTreeMap<String, Figures> {
        ["en", "es", "fr"]
            .iter()
            .map(|l| (l.to_string(), f(l)))
            .collect()
    }

    #[test]
    fn a_model_is_kept_only_if_no_kept_figure_falls_in_any_language() {
        let shipped = all(|_| figures(0.95));
        assert!(as_good(&all(|_| figures(0.95)), &shipped));
        assert!(as_good(&all(|_| figures(0.97)), &shipped));
        let worse_in_french = all(|l| figures(if l == "fr" { 0.94 } else { 0.99 }));
        assert!(!as_good(&worse_in_french, &shipped));
        let mut no_spanish = all(|_| figures(0.99));
        no_spanish.remove("es");
        assert!(!as_good(&no_spanish, &shipped));
        // Urgency is not a figure a model is kept by.
        let less_urgent = all(|_| Figures {
            urgent_f1: 0.1,
            ..figures(0.95)
        });
        assert!(as_good(&less_urgent, &shipped));
    }
}
