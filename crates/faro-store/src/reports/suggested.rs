//! What triage suggested for each report, stored by the job runner (`report_triage`): the
//! reports it has still to read (new, written to again, or read by a model since replaced),
//! their reporters' words, and what it found, with the personal data sealed. The inbox reads
//! the suggestions to filter and order its pages.

use super::{MessageKind, ReportMessage, message_place, reporter_words};
use crate::{Store, StoreError};
use faro_domain::vocab::Exploitation;
use faro_domain::{AccessContext, Country, Flags, OrganisationId, Permission};
use serde_json::json;
use std::collections::HashMap;

/// What triage suggested for a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggested {
    /// What the text is written in: `en`, `es`, `fr` or `other`.
    pub language: String,
    pub likely: bool,
    pub score: f64,
    pub urgent: bool,
    pub modality: Flags<Exploitation>,
}

/// A report the runner has to read.
#[derive(Debug, Clone, PartialEq)]
pub struct ToTriage {
    pub id: i64,
    /// The language of the reporter's form.
    pub language: String,
    pub country: Option<Country>,
    /// The reporter's words ([`reporter_words`]).
    pub text: String,
    /// The last of the reporter's messages in `text` (0 when there is none).
    pub read_to: i64,
}

/// A report's triage to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Triaged {
    pub id: i64,
    /// [`ToTriage::read_to`] of what was read.
    pub read_to: i64,
    /// The `trained_at` of the organisation's model that read it, 0 for the shipped one.
    pub model: i64,
    pub suggested: Suggested,
    /// Personal data found: kind and normalised value.
    pub findings: Vec<(String, String)>,
}

/// No triage of reports is queued or running for organisation `o`: the runner queues one at
/// a time.
const NOT_QUEUED: &str = "NOT EXISTS (SELECT 1 FROM jobs j WHERE j.organisation_id = o.id \
     AND j.kind = 'report_triage' AND j.state IN ('queued', 'running'))";

pub(crate) fn findings_place(report: i64) -> String {
    format!("report_triage {report}")
}

/// The last of a report's messages from its reporter (0 for none).
const READ_TO: &str = "COALESCE((SELECT MAX(m.id) FROM report_messages m \
     WHERE m.report_id = r.id AND m.kind IN ('report', 'reporter')), 0)";

/// Reports `r` (joined to their triage `t`) that triage has still to read when the model in
/// use has `model` (an SQL expression) as its `trained_at`.
fn stale(model: &str) -> String {
    format!("(t.report_id IS NULL OR t.triage_model <> {model} OR t.triage_read_to < {READ_TO})")
}

/// The organisation's model's `trained_at` in SQL, for reports `r` of organisations `o`.
const CURRENT_MODEL: &str = "COALESCE((SELECT tm.trained_at FROM triage_models tm \
     WHERE tm.organisation_id = o.id AND o.triage_learning = 1), 0)";

fn admin_of(ctx: &AccessContext, organisation: OrganisationId) -> Result<(), StoreError> {
    super::administered(ctx, organisation, "report_triage")
}

impl Store {
    /// What changes when reports need triage again: the newest message and the models'
    /// training times. Two index lookups, so the runner can ask every tick and plan
    /// ([`Store::report_triage_due`]) only when the answer changes.
    pub async fn report_triage_mark(&self) -> Result<(i64, i64), StoreError> {
        let messages = "SELECT COALESCE(MAX(id), 0) FROM report_messages";
        let models =
            "SELECT CAST(COALESCE(SUM(trained_at), 0) + COUNT(*) AS BIGINT) FROM triage_models";
        Ok(with_pool!(self, |p| (
            sqlx::query_scalar(messages).fetch_one(p).await?,
            sqlx::query_scalar(models).fetch_one(p).await?
        )))
    }

    /// The organisations with reports triage has still to read and no triage of reports
    /// queued or running: what the runner queues next.
    pub async fn report_triage_due(&self) -> Result<Vec<OrganisationId>, StoreError> {
        let sql = format!(
            "SELECT o.id FROM organisations o WHERE o.removed_at IS NULL \
             AND EXISTS (SELECT 1 FROM reports r LEFT JOIN report_triage t ON t.report_id = r.id \
                 WHERE r.organisation_id = o.id AND {}) \
             AND {NOT_QUEUED} ORDER BY o.id",
            stale(CURRENT_MODEL)
        );
        let ids: Vec<i64> = with_pool!(self, |p| sqlx::query_scalar(&sql).fetch_all(p).await?);
        Ok(ids.into_iter().map(OrganisationId).collect())
    }

    /// [`Store::report_triage_due`] for what a mark's messages changed: the organisations whose
    /// reporters wrote after message `after` something triage has not read, found from those
    /// messages alone (a range of the messages' key), not from every report.
    pub async fn report_triage_due_since(
        &self,
        after: i64,
    ) -> Result<Vec<OrganisationId>, StoreError> {
        let sql = format!(
            "SELECT DISTINCT o.id FROM report_messages m \
             JOIN reports r ON r.id = m.report_id \
             JOIN organisations o ON o.id = r.organisation_id AND o.removed_at IS NULL \
             LEFT JOIN report_triage t ON t.report_id = r.id \
             WHERE m.id > $1 AND m.kind IN ('report', 'reporter') \
             AND (t.report_id IS NULL OR t.triage_read_to < m.id) \
             AND {NOT_QUEUED} ORDER BY o.id"
        );
        let ids: Vec<i64> = with_pool!(self, |p| sqlx::query_scalar(&sql)
            .bind(after)
            .fetch_all(p)
            .await?);
        Ok(ids.into_iter().map(OrganisationId).collect())
    }

    /// Up to `limit` reports of `organisation` numbered below `before` (any, without),
    /// newest first, that the model trained at `model` (0: the shipped one) has still to read,
    /// with their reporters' words; for its admins (the runner acts as one), one audit entry
    /// for the batch with the reports' ids. The runner passes the last batch's lowest number
    /// as `before`, so that no batch scans the reports the ones before it read.
    pub async fn reports_to_triage(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        (model, before): (i64, Option<i64>),
        limit: i64,
    ) -> Result<Vec<ToTriage>, StoreError> {
        admin_of(ctx, organisation)?;
        let sql = format!(
            "SELECT r.id, r.language, r.country, {READ_TO} FROM reports r \
             LEFT JOIN report_triage t ON t.report_id = r.id \
             WHERE r.organisation_id = $1 AND r.id < $3 AND {} ORDER BY r.id DESC LIMIT {}",
            stale("$2"),
            limit.clamp(1, 1000)
        );
        let rows: Vec<(i64, String, Option<String>, i64)> =
            with_pool!(self, |p| sqlx::query_as(&sql)
                .bind(organisation.0)
                .bind(model)
                .bind(before.unwrap_or(i64::MAX))
                .fetch_all(p)
                .await?);
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let mut words = self.reporters_words(&ids).await?;
        let reports = rows
            .into_iter()
            .map(|(id, language, country, read_to)| ToTriage {
                id,
                language,
                country: country.as_deref().and_then(Country::from_alpha2),
                text: words.remove(&id).unwrap_or_default(),
                read_to,
            })
            .collect();
        if !ids.is_empty() {
            let detail = json!({ "organisation_id": organisation.0, "report_ids": ids });
            self.audit_for(Some(organisation), ctx, "triage.reports", detail)
                .await?;
        }
        Ok(reports)
    }

    /// The reporters' words of each of `ids` (ids from the database), in one query.
    pub(super) async fn reporters_words(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, String>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT id, report_id, kind, author, created_at, ciphertext FROM report_messages \
             WHERE kind IN ('report', 'reporter') AND report_id IN ({}) ORDER BY id",
            list.join(", ")
        );
        let rows: Vec<(i64, i64, String, String, i64, String)> =
            with_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        let mut messages: HashMap<i64, Vec<ReportMessage>> = HashMap::new();
        for (id, report, kind, author, created_at, sealed) in rows {
            let text = keys.open(&message_place(report, created_at, &kind), &sealed)?;
            messages.entry(report).or_default().push(ReportMessage {
                id,
                kind: MessageKind::parse(&kind)?,
                author,
                created_at,
                text,
                attachments: Vec::new(),
            });
        }
        Ok(messages
            .into_iter()
            .map(|(report, m)| (report, reporter_words(&m)))
            .collect())
    }

    /// Stores the triage of reports of `organisation` (its admins; the runner acts as one),
    /// replacing what was stored; a report deleted or moved meanwhile is skipped. The personal
    /// data found is sealed. Not audited: the read was, and nothing leaves the database.
    pub async fn save_report_triage(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        triaged: &[Triaged],
    ) -> Result<(), StoreError> {
        admin_of(ctx, organisation)?;
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sealed = triaged
            .iter()
            .map(|t| {
                let findings: Vec<_> = t
                    .findings
                    .iter()
                    .map(|(kind, value)| json!({ "kind": kind, "value": value }))
                    .collect();
                keys.seal(&findings_place(t.id), &json!(findings).to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let delete = "DELETE FROM report_triage WHERE report_id = $1";
        let insert = "INSERT INTO report_triage (report_id, triage_read_to, triage_model, \
             triage_language, triage_likely, triage_score, triage_modality, findings) \
             SELECT id, $2, $3, $4, $5, $6, $7, $8 FROM reports WHERE id = $1 AND organisation_id = $9";
        let urgent = "UPDATE reports SET looks_urgent = $1 WHERE id = $2 AND organisation_id = $3";
        in_transaction!(self, |tx, _dialect| {
            for (t, sealed) in triaged.iter().zip(&sealed) {
                sqlx::query(delete).bind(t.id).execute(&mut *tx).await?;
                let s = &t.suggested;
                sqlx::query(insert)
                    .bind(t.id)
                    .bind(t.read_to)
                    .bind(t.model)
                    .bind(&s.language)
                    .bind(i64::from(s.likely))
                    .bind(s.score)
                    .bind(super::set_bits(&s.modality))
                    .bind(sealed)
                    .bind(organisation.0)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(urgent)
                    .bind(i64::from(s.urgent))
                    .bind(t.id)
                    .bind(organisation.0)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }

    /// What triage suggested for each of `ids` (ids from the database) that it has read.
    pub(crate) async fn suggestions(
        &self,
        ids: &[i64],
    ) -> Result<HashMap<i64, Suggested>, StoreError> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT t.report_id, t.triage_language, t.triage_likely, t.triage_score, r.looks_urgent, \
             t.triage_modality FROM report_triage t JOIN reports r ON r.id = t.report_id \
             WHERE t.report_id IN ({})",
            list.join(", ")
        );
        let rows: Vec<(i64, String, i64, f64, i64, i64)> =
            with_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        Ok(rows
            .into_iter()
            .map(|(id, language, likely, score, urgent, modality)| {
                let suggested = Suggested {
                    language,
                    likely: likely != 0,
                    score,
                    urgent: urgent != 0,
                    modality: super::bits(modality),
                };
                (id, suggested)
            })
            .collect())
    }

    /// The personal data triage found in report `id`, kind and normalised value, for those
    /// who may see who is in a report (operators and admins); audited.
    pub async fn report_findings(
        &self,
        ctx: &AccessContext,
        id: i64,
    ) -> Result<Vec<(String, String)>, StoreError> {
        if !ctx.has(Permission::TriageReports) {
            return Err(StoreError::Forbidden {
                action: "report_findings",
            });
        }
        let organisation = super::inbox::inbox_of(ctx)?;
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = "SELECT t.findings FROM report_triage t JOIN reports r ON r.id = t.report_id \
                   WHERE t.report_id = $1 AND r.organisation_id = $2";
        let sealed: Option<String> = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(id)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        let Some(sealed) = sealed else {
            return Ok(Vec::new());
        };
        let text = keys.open(&findings_place(id), &sealed)?;
        let found: Vec<Finding> = serde_json::from_str(&text)
            .map_err(|e| StoreError::Internal(format!("report {id}'s findings: {e}")))?;
        let detail = json!({ "report_id": id, "findings": found.len() });
        self.audit(ctx, "report.findings", detail).await?;
        Ok(found.into_iter().map(|f| (f.kind, f.value)).collect())
    }
}

#[derive(serde::Deserialize)]
struct Finding {
    kind: String,
    value: String,
}
