//! A referral's steps after it is sent: the receiver accepts (a case opened for it holding
//! only what was shared; a transfer closes the sender's case as referred), asks for more,
//! rejects with a reason, records services delivered and marks it done; the sender answers or
//! withdraws; an external provider's answers are recorded by the sender. And the revocation
//! when the person withdraws the consent a referral rested on.
//!
//! What a revocation removes: the package (everything shared) is erased at once. A case the
//! receiver opened from it keeps the person only if the person gave the receiver its own
//! consent to services; otherwise the person becomes a pseudonym with gender, languages and an
//! age range (`faro_domain::referral::without_identity`), their search terms and the history of
//! their details are deleted, and what the receiver recorded of its own work stays.

use super::{Package, open_json, pseudonym};
use crate::audit::Draft;
use crate::cases::{code, place, seal_person};
use crate::clock::now;
use crate::{Store, StoreError};
use faro_domain::case::person::Person;
use faro_domain::case::{ConsentPurpose, ConsentState, ServiceKind};
use faro_domain::referral::{
    ReferralAction, ReferralKind, ReferralStatus, RejectReason, SharedPart, Side, without_identity,
};
use faro_domain::{AccessContext, Message, OrganisationId, Permission, Vocabulary, refusal};
use serde_json::json;

/// Writes one line of a referral's history inside a transaction.
macro_rules! insert_event {
    ($tx:ident, $referral:expr, $at:expr, $ctx:expr, $org:expr, $action:expr, $status:expr, $reason:expr, $service:expr, $note:expr) => {{
        sqlx::query(
            "INSERT INTO referral_events (referral_id, at, actor, organisation_id, action, status, reason, service, note_sealed) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind($referral)
        .bind($at)
        .bind($ctx.actor())
        .bind($org.0)
        .bind($action)
        .bind($status)
        .bind($reason)
        .bind($service)
        .bind($note)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_event;

/// A step as asked for: a reason to reject, the service delivered, a note (required to ask
/// for more or to answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepInput {
    pub action: ReferralAction,
    pub reason: Option<RejectReason>,
    pub service: Option<ServiceKind>,
    pub note: Option<String>,
}

/// A referral's facts a step needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct StepRow {
    pub id: i64,
    pub kind: String,
    pub case_id: i64,
    pub from_organisation: i64,
    pub to_organisation: Option<i64>,
    pub status: String,
    pub shared: String,
    pub package_sealed: Option<String>,
    pub received_case_id: Option<i64>,
}

pub(crate) const STEP_COLUMNS: &str = "id, kind, case_id, from_organisation, to_organisation, status, shared, \
     package_sealed, received_case_id";

impl StepRow {
    pub(crate) fn kind(&self) -> Result<ReferralKind, StoreError> {
        code("referrals.kind", &self.kind)
    }

    pub(crate) fn status(&self) -> Result<ReferralStatus, StoreError> {
        code("referrals.status", &self.status)
    }

    pub(crate) fn from(&self) -> OrganisationId {
        OrganisationId(self.from_organisation)
    }

    pub(crate) fn to(&self) -> Option<OrganisationId> {
        self.to_organisation.map(OrganisationId)
    }

    /// The organisations whose chains a step of this referral is audited in.
    pub(crate) fn chains(&self) -> Vec<Option<OrganisationId>> {
        let mut chains = vec![Some(self.from())];
        chains.extend(self.to().map(Some));
        chains
    }
}

/// One referral to revoke inside a consent's transaction, prepared before it.
#[derive(Debug, Clone)]
pub(crate) struct Revocation {
    pub referral: i64,
    pub status: ReferralStatus,
    pub chains: Vec<Option<OrganisationId>>,
    /// The receiver's case and its person without identity, sealed, when its own consent
    /// does not cover the person.
    pub received: Option<(i64, String)>,
}

/// Revokes `$revocations` inside the transaction of the consent withdrawn: each still in the
/// status it was prepared in, else the whole change is refused as a conflict.
macro_rules! revoke {
    ($store:expr, $tx:ident, $dialect:ident, $ctx:expr, $revocations:expr, $at:expr) => {{
        for r in $revocations {
            let moved = sqlx::query(
                "UPDATE referrals SET status = 'revoked', package_sealed = NULL, updated_at = $1, sender_news = 1 \
                 WHERE id = $2 AND status = $3",
            )
            .bind($at)
            .bind(r.referral)
            .bind(r.status.code())
            .execute(&mut *$tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Err($crate::StoreError::Conflict {
                    what: faro_domain::Message::new(faro_domain::refusal::REFERRAL_STEP)
                        .with("action", "revoke")
                        .with("status", r.status.code()),
                });
            }
            let org = r.chains[0].unwrap_or($crate::DEFAULT_ORGANISATION);
            $crate::referrals::steps::insert_event!(
                $tx, r.referral, $at, $ctx, org, "revoke", "revoked", None::<&str>, None::<&str>, None::<String>
            );
            if let Some((case, sealed)) = &r.received {
                sqlx::query("UPDATE cases SET person_sealed = $1, version = version + 1, active_at = $2 WHERE id = $3")
                    .bind(sealed)
                    .bind($at)
                    .bind(case)
                    .execute(&mut *$tx)
                    .await?;
                sqlx::query("DELETE FROM case_terms WHERE case_id = $1")
                    .bind(case)
                    .execute(&mut *$tx)
                    .await?;
                sqlx::query("DELETE FROM case_history WHERE case_id = $1 AND field LIKE 'person%'")
                    .bind(case)
                    .execute(&mut *$tx)
                    .await?;
            }
            let detail = serde_json::json!({
                "referral_id": r.referral,
                "received_case_id": r.received.as_ref().map(|x| x.0),
            });
            for chain in &r.chains {
                let entry = $crate::audit::Draft::new(*chain, $ctx, "referral.revoke", detail.clone());
                append_audit!($store, $tx, $dialect, entry);
            }
        }
    }};
}
pub(crate) use revoke;

/// Closes the sending case of an accepted transfer as referred, with its history line and
/// audit entry: the receiver now holds the responsibility.
macro_rules! close_as_referred {
    ($store:expr, $tx:ident, $dialect:ident, $ctx:expr, $keys:expr, $case:expr, $org:expr, $at:expr) => {{
        let (version, before): (i64, String) =
            sqlx::query_as("SELECT version, status FROM cases WHERE id = $1")
                .bind($case)
                .fetch_one(&mut *$tx)
                .await?;
        let version = version + 1;
        sqlx::query(
            "UPDATE cases SET status = 'closed', closure_reason = 'referred', closure_sealed = NULL, pending = NULL, \
             pending_by = NULL, pending_at = NULL, version = $1, active_at = $2 WHERE id = $3",
        )
        .bind(version)
        .bind($at)
        .bind($case)
        .execute(&mut *$tx)
        .await?;
        let change = json!([before, "closed"]).to_string();
        sqlx::query(
            "INSERT INTO case_history (case_id, version, at, actor, field, change_sealed) VALUES ($1, $2, $3, $4, 'status', $5)",
        )
        .bind($case)
        .bind(version)
        .bind($at)
        .bind($ctx.actor())
        .bind($keys.seal(&place("case_history.change_sealed", $case, version), &change)?)
        .execute(&mut *$tx)
        .await?;
        let detail = json!({ "case_id": $case, "version": version, "fields": ["status"] });
        append_audit!($store, $tx, $dialect, Draft::new(Some($org), $ctx, "case.step", detail));
    }};
}
/// A step's required parts: a reason to reject, the service delivered, a note to ask or
/// answer.
fn check(input: &StepInput) -> Result<(), StoreError> {
    let missing = |field| StoreError::invalid(field, faro_domain::problem::REQUIRED);
    match input.action {
        ReferralAction::Reject if input.reason.is_none() => Err(missing("reason")),
        ReferralAction::Deliver if input.service.is_none() => Err(missing("service")),
        ReferralAction::AskMore | ReferralAction::Answer
            if input.note.as_deref().is_none_or(|n| n.trim().is_empty()) =>
        {
            Err(missing("note"))
        }
        _ => Ok(()),
    }
}

impl Store {
    pub(crate) async fn step_row(&self, id: i64) -> Result<StepRow, StoreError> {
        let sql = format!("SELECT {STEP_COLUMNS} FROM referrals WHERE id = $1");
        let row: Option<StepRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.ok_or(StoreError::NotFound {
            kind: "referral",
            id,
        })
    }

    /// Which side `ctx` reads or acts for: the receiving organisation's case staff, or those
    /// who see the sending case. Anyone else: `NotFound`.
    pub(crate) async fn side(
        &self,
        ctx: &AccessContext,
        row: &StepRow,
    ) -> Result<Side, StoreError> {
        if !ctx.has(Permission::Cases) {
            return Err(StoreError::Forbidden {
                action: "read_cases",
            });
        }
        if row.to().is_some() && ctx.organisation() == row.to() {
            return Ok(Side::Receiver);
        }
        let reader = self.case_reader(ctx).await?;
        if reader.organisation() == Some(row.from())
            && self.case_row(&reader, row.case_id).await.is_ok()
        {
            return Ok(Side::Sender);
        }
        Err(StoreError::NotFound {
            kind: "referral",
            id: row.id,
        })
    }

    /// Takes a step of a referral; returns its new status. A referral that moved on since the
    /// caller read it is refused, naming its status.
    pub async fn referral_step(
        &self,
        ctx: &AccessContext,
        id: i64,
        input: StepInput,
    ) -> Result<ReferralStatus, StoreError> {
        let row = self.step_row(id).await?;
        let side = self.side(ctx, &row).await?;
        check(&input)?;
        let (kind, status) = (row.kind()?, row.status()?);
        let next =
            status
                .after(input.action, side, kind)
                .map_err(|problem| StoreError::Invalid {
                    field: "action",
                    problem,
                })?;
        let keys = self.current_keys().await?;
        let accepting = input.action == ReferralAction::Accept && kind != ReferralKind::External;
        let person: Option<Person> = match (&row.package_sealed, accepting) {
            (Some(sealed), true) => {
                Some(open_json::<Package>(&keys, "referrals.package_sealed", id, sealed)?.person)
            }
            _ => None,
        };
        let note = input
            .note
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map(|n| keys.seal(&place("referral_events.note_sealed", id, 0), n.trim()))
            .transpose()?;
        let acting = match side {
            Side::Sender => row.from(),
            Side::Receiver => row.to().unwrap_or(row.from()),
        };
        let answers = matches!(
            input.action,
            ReferralAction::Accept | ReferralAction::AskMore | ReferralAction::Reject
        );
        let at = now();
        in_transaction!(self, |tx, dialect| {
            let moved = sqlx::query(
                "UPDATE referrals SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4",
            )
            .bind(next.code())
            .bind(at)
            .bind(id)
            .bind(status.code())
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Err(StoreError::Conflict {
                    what: Message::new(refusal::REFERRAL_STEP)
                        .with("action", input.action.code())
                        .with("status", status.code()),
                });
            }
            if answers {
                sqlx::query(
                    "UPDATE referrals SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL",
                )
                .bind(at)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            // The receiver's step is news to the sender; the sender's own step means they read it.
            {
                sqlx::query("UPDATE referrals SET sender_news = $1 WHERE id = $2")
                    .bind(i64::from(side == Side::Receiver))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            if next == ReferralStatus::Revoked {
                sqlx::query("UPDATE referrals SET package_sealed = NULL WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            if let (Some(person), Some(to)) = (&person, row.to()) {
                let from = format!("referral {id}");
                let case = crate::cases::open::insert_case!(
                    tx,
                    &keys,
                    to,
                    ctx,
                    person,
                    (None, None),
                    &from,
                    at
                );
                sqlx::query("UPDATE referrals SET received_case_id = $1 WHERE id = $2")
                    .bind(case)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let detail = json!({ "case_id": case, "referral_id": id });
                append_audit!(
                    self,
                    tx,
                    dialect,
                    Draft::new(Some(to), ctx, "case.open", detail)
                );
            }
            if accepting && kind == ReferralKind::Transfer {
                close_as_referred!(self, tx, dialect, ctx, &keys, row.case_id, row.from(), at);
            }
            insert_event!(
                tx,
                id,
                at,
                ctx,
                acting,
                input.action.code(),
                next.code(),
                input.reason.map(|r| r.code()),
                input.service.map(|s| s.code()),
                note
            );
            let detail =
                json!({ "referral_id": id, "action": input.action.code(), "status": next.code() });
            for chain in row.chains() {
                append_audit!(
                    self,
                    tx,
                    dialect,
                    Draft::new(chain, ctx, "referral.step", detail.clone())
                );
            }
        });
        Ok(next)
    }

    /// The referrals of case `case` that withdrawing (or refusing) `purpose` revokes, prepared
    /// outside the consent's transaction: every open one for the referral consent, the open
    /// ones that shared identifying parts for the identity consent.
    pub(crate) async fn revocations(
        &self,
        case: i64,
        purpose: ConsentPurpose,
    ) -> Result<Vec<Revocation>, StoreError> {
        if !matches!(
            purpose,
            ConsentPurpose::Referral | ConsentPurpose::ShareIdentity
        ) {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {STEP_COLUMNS} FROM referrals WHERE case_id = $1 AND status IN ('pending', 'more_asked', 'accepted') ORDER BY id"
        );
        let rows: Vec<StepRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(case)
            .fetch_all(p)
            .await?);
        let keys = self.current_keys().await?;
        let mut out = Vec::new();
        for row in rows {
            let identifying = row
                .shared
                .split(',')
                .filter_map(SharedPart::from_code)
                .any(SharedPart::identifies);
            if purpose == ConsentPurpose::ShareIdentity && !identifying {
                continue;
            }
            let received = match row.received_case_id {
                Some(received) if !self.own_consent_covers(&keys, received).await? => {
                    let (sealed,): (String,) = with_pool!(self, |p| sqlx::query_as(
                        "SELECT person_sealed FROM cases WHERE id = $1"
                    )
                    .bind(received)
                    .fetch_one(p)
                    .await?);
                    let person = crate::cases::open_person(&keys, received, &sealed)?;
                    let kept = without_identity(&person, &pseudonym(row.id));
                    Some((received, seal_person(&keys, received, &kept)?))
                }
                _ => None,
            };
            out.push(Revocation {
                referral: row.id,
                status: row.status()?,
                chains: row.chains(),
                received,
            });
        }
        Ok(out)
    }

    /// Whether the person gave the receiver's own case a consent to services, in force.
    async fn own_consent_covers(
        &self,
        keys: &crate::keys::Keys,
        case: i64,
    ) -> Result<bool, StoreError> {
        Ok(self.consents(keys, case).await?.iter().any(|c| {
            c.in_force && c.purpose == ConsentPurpose::Services && c.state == ConsentState::Given
        }))
    }
}
