//! What report triage learns from: the reports an organisation's staff have decided (promoted
//! to a record, or closed), with the reporter's words and the codes staff gave, and the model an
//! organisation's decisions trained (sealed with the data key), with its on/off switch.
//!
//! A decided report is an example: promoted, or closed with codes, is trafficking with those
//! codes; closed without any code is not. Reports still in triage teach nothing yet, nor do
//! duplicates.

use super::SummaryRow;
use crate::audit::Draft;
use crate::clock::now;
use crate::{Store, StoreError};
use faro_domain::report::ReportStatus;
use faro_domain::vocab::{Exploitation, MeansDetail};
use faro_domain::{AccessContext, Flags, OrganisationId};
use serde_json::json;

/// A report staff decided, as triage learns from it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecidedReport {
    pub id: i64,
    /// The language the reporter wrote in (their form's).
    pub language: String,
    /// The reporter's messages, first to last, a blank line between them.
    pub text: String,
    pub trafficking: bool,
    pub modality: Flags<Exploitation>,
    pub means: Flags<MeansDetail>,
}

/// An organisation's own triage model.
#[derive(Debug, Clone, PartialEq)]
pub struct TriageModel {
    /// The model as `faro_triage::model::Model::write` wrote it.
    pub text: String,
    /// How many decided reports it learned from.
    pub examples: i64,
    pub trained_at: i64,
    /// Its figures on the shipped held-out texts (JSON, no personal data).
    pub figures: String,
}

pub(crate) fn model_place(organisation: OrganisationId) -> String {
    format!("triage_models.{}", organisation.0)
}

const DECIDED: &str = "status IN ('promoted', 'closed')";

fn admin_of(ctx: &AccessContext, organisation: OrganisationId) -> Result<(), StoreError> {
    super::administered(ctx, organisation, "triage_learning")
}

impl Store {
    /// How many reports of `organisation` are decided: what a new model would learn from.
    pub async fn decided_report_count(
        &self,
        organisation: OrganisationId,
    ) -> Result<i64, StoreError> {
        let sql = format!("SELECT COUNT(*) FROM reports WHERE organisation_id = $1 AND {DECIDED}");
        Ok(with_pool!(self, |p| sqlx::query_scalar(&sql)
            .bind(organisation.0)
            .fetch_one(p)
            .await?))
    }

    /// The decided reports of `organisation`, for its admins (the runner acts as one); one
    /// audit entry for the whole read, by count.
    pub async fn decided_reports(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<Vec<DecidedReport>, StoreError> {
        admin_of(ctx, organisation)?;
        let sql = format!(
            "SELECT {} FROM reports WHERE organisation_id = $1 AND {DECIDED} ORDER BY id",
            super::SUMMARY_COLUMNS
        );
        let rows: Vec<SummaryRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(organisation.0)
            .fetch_all(p)
            .await?);
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let mut words = self.reporters_words(&ids).await?;
        let mut decided = Vec::with_capacity(rows.len());
        for row in rows {
            let summary = row.into_summary()?;
            let text = words.remove(&summary.id).unwrap_or_default();
            let coded = summary.modality.any_yes();
            decided.push(DecidedReport {
                id: summary.id,
                language: summary.language,
                text,
                trafficking: summary.status == ReportStatus::Promoted || coded,
                modality: summary.modality,
                means: summary.means,
            });
        }
        let detail = json!({ "organisation_id": organisation.0, "reports": decided.len() });
        self.audit_for(Some(organisation), ctx, "triage.examples", detail)
            .await?;
        Ok(decided)
    }

    /// Whether `organisation` lets its decided reports train a model of its own.
    pub async fn triage_learning(&self, organisation: OrganisationId) -> Result<bool, StoreError> {
        let sql = "SELECT triage_learning FROM organisations WHERE id = $1";
        let on: Option<i64> = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        on.map(|on| on != 0).ok_or(StoreError::NotFound {
            kind: "organisation",
            id: organisation.0,
        })
    }

    /// Turns learning on or off for `organisation` (its admins); off also deletes its model,
    /// so that triage reads with the shipped one at once.
    pub async fn set_triage_learning(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        on: bool,
    ) -> Result<(), StoreError> {
        admin_of(ctx, organisation)?;
        in_transaction!(self, |tx, dialect| {
            sqlx::query("UPDATE organisations SET triage_learning = $1 WHERE id = $2")
                .bind(i64::from(on))
                .bind(organisation.0)
                .execute(&mut *tx)
                .await?;
            if !on {
                sqlx::query("DELETE FROM triage_models WHERE organisation_id = $1")
                    .bind(organisation.0)
                    .execute(&mut *tx)
                    .await?;
            }
            let detail = json!({ "organisation_id": organisation.0, "on": on });
            let entry = Draft::new(Some(organisation), ctx, "triage.learning", detail);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }

    /// The model `organisation`'s decisions trained, if it has one and learning is on.
    pub async fn triage_model(
        &self,
        organisation: OrganisationId,
    ) -> Result<Option<TriageModel>, StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = "SELECT m.sealed, m.examples, m.trained_at, m.figures FROM triage_models m \
                   JOIN organisations o ON o.id = m.organisation_id \
                   WHERE m.organisation_id = $1 AND o.triage_learning = 1";
        let row: Option<(String, i64, i64, String)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        row.map(|(sealed, examples, trained_at, figures)| {
            Ok(TriageModel {
                text: keys.open(&model_place(organisation), &sealed)?,
                examples,
                trained_at,
                figures,
            })
        })
        .transpose()
    }

    /// Records a training of `organisation`'s model from `examples` decided reports, and keeps
    /// `model` (its text and figures) as the organisation's own when one is given (a model no
    /// better than the shipped one is not), unless learning was turned off meanwhile; audited
    /// with the count and whether a model was kept. Returns whether it was.
    pub async fn save_triage_training(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        examples: i64,
        model: Option<(&str, &str)>,
    ) -> Result<bool, StoreError> {
        admin_of(ctx, organisation)?;
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sealed = match model {
            Some((text, figures)) => Some((keys.seal(&model_place(organisation), text)?, figures)),
            None => None,
        };
        let kept = in_transaction!(self, |tx, dialect| {
            sqlx::query("UPDATE organisations SET triage_tried = $1 WHERE id = $2")
                .bind(examples)
                .bind(organisation.0)
                .execute(&mut *tx)
                .await?;
            let on: i64 =
                sqlx::query_scalar("SELECT triage_learning FROM organisations WHERE id = $1")
                    .bind(organisation.0)
                    .fetch_one(&mut *tx)
                    .await?;
            let kept = match &sealed {
                Some((sealed, figures)) if on != 0 => {
                    sqlx::query("DELETE FROM triage_models WHERE organisation_id = $1")
                        .bind(organisation.0)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "INSERT INTO triage_models (organisation_id, sealed, examples, trained_at, figures) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(organisation.0)
                    .bind(sealed)
                    .bind(examples)
                    .bind(now())
                    .bind(*figures)
                    .execute(&mut *tx)
                    .await?;
                    true
                }
                _ => false,
            };
            let detail =
                json!({ "organisation_id": organisation.0, "examples": examples, "kept": kept });
            let entry = Draft::new(Some(organisation), ctx, "triage.model", detail);
            append_audit!(self, tx, dialect, entry);
            kept
        });
        Ok(kept)
    }

    /// The organisations whose learning is on and that have decided at least `at_least`
    /// reports and `new` more than their last training read, with no training queued or
    /// running: what the runner trains next.
    pub async fn triage_learning_due(
        &self,
        at_least: i64,
        new: i64,
    ) -> Result<Vec<OrganisationId>, StoreError> {
        let sql = format!(
            "SELECT o.id FROM organisations o WHERE o.triage_learning = 1 AND o.removed_at IS NULL \
             AND (SELECT COUNT(*) FROM reports r WHERE r.organisation_id = o.id AND r.{DECIDED}) >= $1 \
             AND (SELECT COUNT(*) FROM reports r WHERE r.organisation_id = o.id AND r.{DECIDED}) \
                 >= o.triage_tried + $2 \
             AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.organisation_id = o.id \
                 AND j.kind = 'triage_model' AND j.state IN ('queued', 'running')) \
             ORDER BY o.id"
        );
        let ids: Vec<i64> = with_pool!(self, |p| sqlx::query_scalar(&sql)
            .bind(at_least)
            .bind(new)
            .fetch_all(p)
            .await?);
        Ok(ids.into_iter().map(OrganisationId).collect())
    }
}
