//! Referrals (faro-domain's `referral`): a case's person sent to a service at another
//! organisation on the instance, transferred to one, or sent to a provider not on Faro.
//!
//! What the person consented to share travels as a sealed package (`referrals.package_sealed`,
//! bound to the referral's id), never more than the consents in force allow unless a
//! supervisor overrides with a reason from a closed list. Who sees a referral: on the sending
//! side, whoever sees its case; on the receiving side, staff of the receiving organisation who
//! work on cases. Anyone else gets `NotFound`, as if it did not exist. Every step is written to
//! the referral's history and audited in both organisations' chains, in one transaction.

mod exchange;
mod read;
pub(crate) mod steps;

pub use exchange::{PACKAGE_DAYS, PackageFile, Received, ReceivedContent, ReceivedSummary};
pub use read::{
    PartnerFigures, Referral, ReferralBox, ReferralEvent, ReferralFigures, ReferralFilter,
    ReferralPage, ReferralSummary,
};
pub use steps::StepInput;
pub(crate) use steps::{Revocation, revoke};

use crate::audit::Draft;
use crate::cases::place;
use crate::clock::now;
use crate::keys::Keys;
use crate::{DirectoryQuery, DirectoryReader, Store, StoreError};
use faro_domain::case::person::Person;
use faro_domain::case::{Day, PartnerKind, ServiceKind};
use faro_domain::referral::{
    ConsentInForce, OverrideReason, ReferralKind, SharedPart, Urgency, consent_gaps, shared_person,
};
use faro_domain::{AccessContext, Message, OrganisationId, Vocabulary, refusal};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A referral about to be sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub case: i64,
    pub kind: ReferralKind,
    /// The receiving organisation; `None` for an external referral.
    pub to: Option<OrganisationId>,
    /// The provider not on Faro, for an external referral.
    pub external: Option<ExternalProvider>,
    /// The directory's service (HSDS id), when chosen from it: kept by `to`.
    pub service: Option<String>,
    pub location: Option<String>,
    /// The kind of organisation the receiver is, which the consent must cover.
    pub partner_kind: PartnerKind,
    pub need: ServiceKind,
    pub urgency: Urgency,
    pub shared: Vec<SharedPart>,
    pub follow_up: Day,
    pub note: Option<String>,
    pub overridden: Option<Override>,
}

/// A supervisor's decision to send a referral the person's consents do not cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub reason: OverrideReason,
    pub note: String,
}

/// A provider not on Faro, as the letter addresses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalProvider {
    pub name: String,
    pub contact: Option<String>,
    /// The provider's language for the letter (ISO 639-1); the person's is the case's first.
    pub language: Option<String>,
    /// The partner Faro instance the provider is on (`partner_instances.id`): the referral
    /// travels as a package instead of a letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<i64>,
}

/// What a referral carries, sealed: the person as shared, the plans chosen, the sender's note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub person: Person,
    #[serde(default)]
    pub assessment: Vec<(String, String)>,
    #[serde(default)]
    pub safety: Vec<(String, String)>,
    pub note: Option<String>,
}

pub(crate) fn seal_json<T: Serialize>(
    keys: &Keys,
    column: &str,
    referral: i64,
    value: &T,
) -> Result<String, StoreError> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Internal(e.to_string()))?;
    keys.seal(&place(column, referral, 0), &json)
}

pub(crate) fn open_json<T: serde::de::DeserializeOwned>(
    keys: &Keys,
    column: &'static str,
    referral: i64,
    sealed: &str,
) -> Result<T, StoreError> {
    let json = keys.open(&place(column, referral, 0), sealed)?;
    serde_json::from_str(&json).map_err(|_| StoreError::Corrupt {
        column,
        value: format!("referral {referral}"),
    })
}

/// The name a receiver calls a person by when the name was not shared.
pub fn pseudonym(referral: i64) -> String {
    format!("R-{referral}")
}

fn codes<V: Vocabulary>(values: &[V]) -> String {
    values
        .iter()
        .map(|v| v.code())
        .collect::<Vec<_>>()
        .join(",")
}

impl Store {
    /// Sends a referral from a case its sender manages (the case's worker or a supervisor).
    /// The person's consents in force must cover the receiver's kind and every identifying
    /// part shared; otherwise only a supervisor may send it, with a reason and a note,
    /// audited as an override in both organisations' chains.
    pub async fn send_referral(
        &self,
        ctx: &AccessContext,
        new: NewReferral,
    ) -> Result<i64, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let (head, row) = self.case_row(&reader, new.case).await?;
        let manages = reader.manages(&head);
        if !manages || !head.status.is_open() {
            return Err(StoreError::Invalid {
                field: "case",
                problem: Message::new(if manages {
                    refusal::CASE_CLOSED
                } else {
                    refusal::NOT_AN_ASSIGNEE
                }),
            });
        }
        self.check_receiver(ctx, &new, head.organisation).await?;
        let keys = self.current_keys().await?;
        let consents: Vec<ConsentInForce> = self
            .consents(&keys, head.id)
            .await?
            .into_iter()
            .filter(|c| c.in_force)
            .map(|c| ConsentInForce {
                purpose: c.purpose,
                state: c.state,
                partners: c.partners,
            })
            .collect();
        let gaps = consent_gaps(&consents, new.partner_kind, &new.shared);
        if let Some(first) = gaps.first() {
            match &new.overridden {
                None => {
                    return Err(StoreError::Invalid {
                        field: "consent",
                        problem: first.clone(),
                    });
                }
                Some(_) if !reader.is_supervisor() => {
                    return Err(StoreError::invalid("override", refusal::NOT_A_SUPERVISOR));
                }
                Some(o) if o.note.trim().is_empty() => {
                    return Err(StoreError::invalid(
                        "override.note",
                        refusal::REFERRAL_OVERRIDE_NOTE,
                    ));
                }
                Some(_) => {}
            }
        }
        // An override is recorded only where it was needed.
        let overridden = new.overridden.clone().filter(|_| !gaps.is_empty());
        let person = row.person(&keys)?;
        let plans = self.plans(&keys, head.id).await?;
        let plan = |kind, part| {
            plans
                .iter()
                .find(|p| p.kind == kind && new.shared.contains(&part))
                .map(|p| p.sections.clone())
                .unwrap_or_default()
        };
        let assessment = plan(
            faro_domain::case::PlanKind::Assessment,
            SharedPart::Assessment,
        );
        let safety = plan(faro_domain::case::PlanKind::Safety, SharedPart::SafetyPlan);
        let at = now();
        let insert = "INSERT INTO referrals (kind, case_id, from_organisation, to_organisation, service_id, location_id, \
                      partner_kind, need, urgency, shared, follow_up_day, status, override_reason, override_by, created_by, \
                      created_at, updated_at) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $13, $14, $15, $15) RETURNING id";
        let from = head.organisation;
        Ok(in_transaction!(self, |tx, dialect| {
            let id: i64 = sqlx::query_scalar(insert)
                .bind(new.kind.code())
                .bind(head.id)
                .bind(from.0)
                .bind(new.to.map(|o| o.0))
                .bind(&new.service)
                .bind(&new.location)
                .bind(new.partner_kind.code())
                .bind(new.need.code())
                .bind(new.urgency.code())
                .bind(codes(&new.shared))
                .bind(i64::from(new.follow_up.0))
                .bind(overridden.as_ref().map(|o| o.reason.code()))
                .bind(overridden.as_ref().and(ctx.user()))
                .bind(ctx.user())
                .bind(at)
                .fetch_one(&mut *tx)
                .await?;
            let package = Package {
                person: shared_person(&person, &new.shared, &pseudonym(id)),
                assessment: assessment.clone(),
                safety: safety.clone(),
                note: new.note.clone(),
            };
            let external = new
                .external
                .as_ref()
                .map(|e| seal_json(&keys, "referrals.external_sealed", id, e))
                .transpose()?;
            sqlx::query(
                "UPDATE referrals SET package_sealed = $1, external_sealed = $2 WHERE id = $3",
            )
            .bind(seal_json(&keys, "referrals.package_sealed", id, &package)?)
            .bind(external)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            let note = overridden
                .as_ref()
                .map(|o| keys.seal(&place("referral_events.note_sealed", id, 0), &o.note))
                .transpose()?;
            steps::insert_event!(
                tx,
                id,
                at,
                ctx,
                from,
                "send",
                "pending",
                overridden.as_ref().map(|o| o.reason.code()),
                None::<&str>,
                note
            );
            let detail = json!({
                "referral_id": id, "case_id": head.id, "kind": new.kind.code(),
                "to": new.to.map(|o| o.0), "shared": codes(&new.shared),
            });
            let mut chains = vec![Some(from)];
            chains.extend(new.to.map(Some));
            for chain in &chains {
                append_audit!(
                    self,
                    tx,
                    dialect,
                    Draft::new(*chain, ctx, "referral.send", detail.clone())
                );
                if let Some(o) = &overridden {
                    let why = json!({ "referral_id": id, "reason": o.reason.code() });
                    append_audit!(
                        self,
                        tx,
                        dialect,
                        Draft::new(*chain, ctx, "referral.override", why)
                    );
                }
            }
            id
        }))
    }

    /// The receiver must be another organisation on the instance (none for an external
    /// referral), and a service chosen from the directory one that organisation keeps.
    async fn check_receiver(
        &self,
        ctx: &AccessContext,
        new: &NewReferral,
        from: OrganisationId,
    ) -> Result<(), StoreError> {
        let refused = || StoreError::invalid("to", refusal::REFERRAL_RECEIVER);
        let external = new.kind == ReferralKind::External;
        match new.to {
            Some(to) if !external && to != from => {
                self.organisation(to).await.map_err(|_| refused())?;
            }
            None if external && new.external.is_some() => {}
            _ => return Err(refused()),
        }
        if let Some(partner) = new.external.as_ref().and_then(|e| e.instance)
            && !self.partners().await?.iter().any(|p| p.id == partner)
        {
            return Err(StoreError::invalid(
                "instance",
                refusal::REFERRAL_NO_PARTNER,
            ));
        }
        if let Some(service) = &new.service {
            let query = DirectoryQuery::one(service);
            let found = self
                .directory_services(ctx, DirectoryReader::Partner(from), &query)
                .await?;
            let kept_by = found.services.first().map(|s| s.owner);
            if kept_by.is_none() || (!external && kept_by != new.to) {
                return Err(StoreError::invalid("service", refusal::REFERRAL_RECEIVER));
            }
        }
        Ok(())
    }
}
