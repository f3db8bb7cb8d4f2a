//! Reading referrals: "referrals in" (the receiving organisation's case staff) and "out" (the
//! referrals of the cases the reader sees), a page at a time, and one referral whole with its
//! history. A sender's read marks what changed as seen; every read of a package is audited.

use super::steps::StepRow;
use super::{ExternalProvider, Package, open_json};
use crate::cases::{code, place};
use crate::keys::Keys;
use crate::{Store, StoreError};
use faro_domain::case::{Day, PartnerKind, ServiceKind};
use faro_domain::referral::{
    OverrideReason, ReferralKind, ReferralStatus, SharedPart, Side, Urgency,
};
use faro_domain::{AccessContext, OrganisationId, Permission};
use serde_json::json;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralBox {
    In,
    Out,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFilter {
    pub list: ReferralBox,
    pub status: Option<ReferralStatus>,
    /// Referrals with a smaller id than this (the next page).
    pub before: Option<i64>,
    pub limit: u32,
}

/// A referral in a list: nothing in it names the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralSummary {
    pub id: i64,
    pub kind: ReferralKind,
    pub status: ReferralStatus,
    pub need: ServiceKind,
    pub urgency: Urgency,
    pub from: OrganisationId,
    pub to: Option<OrganisationId>,
    pub follow_up: Day,
    pub created_at: i64,
    pub updated_at: i64,
    /// Changed since the sender last read it (for the sender).
    pub news: bool,
}

impl ReferralSummary {
    /// Still open past its follow-up date.
    pub fn overdue(&self, today: Day) -> bool {
        self.status.is_open() && self.follow_up < today
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralPage {
    /// Each with its provider when it went to one not on Faro.
    pub referrals: Vec<(ReferralSummary, Option<ExternalProvider>)>,
    /// The `before` of the next page, if there is one.
    pub next: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralEvent {
    pub at: i64,
    pub actor: String,
    pub organisation: Option<OrganisationId>,
    /// `send`, `revoke` or a `referral_action` code.
    pub action: String,
    pub status: ReferralStatus,
    /// A `reject_reason` or `override_reason` code.
    pub reason: Option<String>,
    pub service: Option<ServiceKind>,
    pub note: Option<String>,
}

/// An organisation's referral figures (`Store::referral_figures`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralFigures {
    pub incoming_waiting: i64,
    pub outgoing_waiting: i64,
    pub outgoing_overdue: i64,
    pub partners: Vec<PartnerFigures>,
}

/// What one receiver made of the referrals sent to it.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerFigures {
    /// `None`: providers not on Faro.
    pub organisation: Option<OrganisationId>,
    pub sent: i64,
    pub accepted: i64,
    pub rejected: i64,
    /// The mean days from sending to the first answer, of those answered.
    pub days_to_answer: Option<f64>,
}

/// One referral as its reader may see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    pub summary: ReferralSummary,
    pub side: Side,
    /// The sending case (for the sender) and the case opened on accepting (for the receiver).
    pub case: Option<i64>,
    pub received_case: Option<i64>,
    pub service: Option<String>,
    pub location: Option<String>,
    pub partner_kind: PartnerKind,
    pub shared: Vec<SharedPart>,
    pub overridden: Option<OverrideReason>,
    pub answered_at: Option<i64>,
    /// What was shared; `None` once revoked.
    pub package: Option<Package>,
    pub external: Option<ExternalProvider>,
    /// Oldest first.
    pub events: Vec<ReferralEvent>,
}

const SUMMARY_COLUMNS: &str = "id, kind, status, need, urgency, from_organisation, to_organisation, follow_up_day, \
     created_at, updated_at, sender_news";

/// The columns of [`SUMMARY_COLUMNS`].
#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    kind: String,
    status: String,
    need: String,
    urgency: String,
    from_organisation: i64,
    to_organisation: Option<i64>,
    follow_up_day: i64,
    created_at: i64,
    updated_at: i64,
    sender_news: i64,
}

fn summary(r: &SummaryRow) -> Result<ReferralSummary, StoreError> {
    Ok(ReferralSummary {
        id: r.id,
        kind: code("referrals.kind", &r.kind)?,
        status: code("referrals.status", &r.status)?,
        need: code("referrals.need", &r.need)?,
        urgency: code("referrals.urgency", &r.urgency)?,
        from: OrganisationId(r.from_organisation),
        to: r.to_organisation.map(OrganisationId),
        follow_up: Day(i32::try_from(r.follow_up_day).unwrap_or(i32::MAX)),
        created_at: r.created_at,
        updated_at: r.updated_at,
        news: r.sender_news != 0,
    })
}

#[derive(sqlx::FromRow)]
struct ListedRow {
    #[sqlx(flatten)]
    head: SummaryRow,
    external_sealed: Option<String>,
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    head: SummaryRow,
    /// What a step needs (and who may read it): the same row's columns.
    #[sqlx(flatten)]
    row: StepRow,
    service_id: Option<String>,
    location_id: Option<String>,
    partner_kind: String,
    override_reason: Option<String>,
    answered_at: Option<i64>,
    external_sealed: Option<String>,
}

fn open_note(
    keys: &Keys,
    referral: i64,
    sealed: Option<String>,
) -> Result<Option<String>, StoreError> {
    sealed
        .map(|s| keys.open(&place("referral_events.note_sealed", referral, 0), &s))
        .transpose()
}

impl Store {
    /// A page of "referrals in" or "out", newest first.
    pub async fn referrals(
        &self,
        ctx: &AccessContext,
        filter: &ReferralFilter,
    ) -> Result<ReferralPage, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let org = ctx.organisation().ok_or(StoreError::Forbidden {
            action: "read_referrals",
        })?;
        // Integers from the context only; caller values are bound.
        let scope = match filter.list {
            ReferralBox::In => format!("to_organisation = {}", org.0),
            ReferralBox::Out => format!(
                "from_organisation = {} AND case_id IN (SELECT id FROM cases WHERE {})",
                org.0,
                reader.scope_sql()
            ),
        };
        let limit = i64::from(filter.limit.clamp(1, 100));
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, external_sealed FROM referrals WHERE {scope} \
             AND ($1 = '' OR status = $1) AND id < $2 ORDER BY id DESC LIMIT $3"
        );
        let status = filter
            .status
            .map(faro_domain::Vocabulary::code)
            .unwrap_or("");
        let mut rows: Vec<ListedRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(status)
            .bind(filter.before.unwrap_or(i64::MAX))
            .bind(limit + 1)
            .fetch_all(p)
            .await?);
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let mut referrals = self.referral_lines(rows).await?;
        if filter.list == ReferralBox::In {
            referrals.iter_mut().for_each(|(r, _)| r.news = false);
        }
        Ok(ReferralPage {
            next: more.then(|| referrals.last().map(|r| r.0.id)).flatten(),
            referrals,
        })
    }

    /// One referral whole, for either side; audited as a read in the reader's chain. The
    /// sender's read marks its changes seen.
    pub async fn referral(&self, ctx: &AccessContext, id: i64) -> Result<Referral, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, case_id, shared, package_sealed, received_case_id, service_id, location_id, \
             partner_kind, override_reason, answered_at, external_sealed FROM referrals WHERE id = $1"
        );
        let found: Option<DetailRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        let r = found.ok_or(StoreError::NotFound {
            kind: "referral",
            id,
        })?;
        let row = &r.row;
        let side = match self.side(ctx, row).await {
            Err(StoreError::NotFound { .. }) if ctx.has(Permission::Cases) => {
                self.audit(ctx, "case.read_refused", json!({ "referral_id": id }))
                    .await?;
                return Err(StoreError::NotFound {
                    kind: "referral",
                    id,
                });
            }
            other => other?,
        };
        let keys = self.current_keys().await?;
        let mut head = summary(&r.head)?;
        if side == Side::Receiver {
            head.news = false;
        }
        let package = row
            .package_sealed
            .as_deref()
            .map(|s| open_json::<Package>(&keys, "referrals.package_sealed", id, s))
            .transpose()?;
        let external = r
            .external_sealed
            .as_deref()
            .map(|s| open_json::<ExternalProvider>(&keys, "referrals.external_sealed", id, s))
            .transpose()?;
        let referral = Referral {
            side,
            case: (side == Side::Sender).then_some(row.case_id),
            received_case: row.received_case_id.filter(|_| side == Side::Receiver),
            service: r.service_id.clone(),
            location: r.location_id.clone(),
            partner_kind: code("referrals.partner_kind", &r.partner_kind)?,
            shared: row
                .shared
                .split(',')
                .filter(|p| !p.is_empty())
                .map(|p| code("referrals.shared", p))
                .collect::<Result<_, _>>()?,
            overridden: r
                .override_reason
                .as_deref()
                .map(|c| code("referrals.override_reason", c))
                .transpose()?,
            answered_at: r.answered_at,
            package,
            external,
            events: self.referral_events(&keys, id).await?,
            summary: head,
        };
        if side == Side::Sender {
            with_pool!(self, |p| sqlx::query(
                "UPDATE referrals SET sender_news = 0 WHERE id = $1"
            )
            .bind(id)
            .execute(p)
            .await?
            .rows_affected());
        }
        self.audit(ctx, "referral.read", json!({ "referral_id": id }))
            .await?;
        Ok(referral)
    }

    /// The organisation's referral figures, exact: those in waiting for an answer, those out
    /// waiting or past their follow-up (of the cases the reader sees), and per receiver (none:
    /// providers not on Faro) how many were sent, accepted, rejected, and the days taken to
    /// answer.
    pub async fn referral_figures(
        &self,
        ctx: &AccessContext,
    ) -> Result<ReferralFigures, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let org = ctx.organisation().ok_or(StoreError::Forbidden {
            action: "read_referrals",
        })?;
        let today = i64::from(Day::of_unix(crate::clock::now()).0);
        let out = format!(
            "from_organisation = {} AND case_id IN (SELECT id FROM cases WHERE {})",
            org.0,
            reader.scope_sql()
        );
        let waiting = "status IN ('pending', 'more_asked')";
        let counts = format!(
            "SELECT \
             (SELECT COUNT(*) FROM referrals WHERE to_organisation = {org} AND {waiting}), \
             (SELECT COUNT(*) FROM referrals WHERE {out} AND {waiting}), \
             (SELECT COUNT(*) FROM referrals WHERE {out} AND status IN ('pending', 'more_asked', 'accepted') AND follow_up_day < $1)",
            org = org.0
        );
        let (incoming_waiting, outgoing_waiting, outgoing_overdue): (i64, i64, i64) =
            with_pool!(self, |p| sqlx::query_as(&counts)
                .bind(today)
                .fetch_one(p)
                .await?);
        let per = format!(
            "SELECT to_organisation, COUNT(*), \
             CAST(SUM(CASE WHEN status IN ('accepted', 'done') THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN status = 'rejected' THEN 1 ELSE 0 END) AS BIGINT), \
             COUNT(answered_at), CAST(COALESCE(SUM(answered_at - created_at), 0) AS BIGINT) \
             FROM referrals WHERE {out} GROUP BY to_organisation ORDER BY COUNT(*) DESC, to_organisation"
        );
        let rows: Vec<(Option<i64>, i64, i64, i64, i64, i64)> =
            with_pool!(self, |p| sqlx::query_as(&per).fetch_all(p).await?);
        Ok(ReferralFigures {
            incoming_waiting,
            outgoing_waiting,
            outgoing_overdue,
            partners: rows
                .into_iter()
                .map(
                    |(to, sent, accepted, rejected, answered, seconds)| PartnerFigures {
                        organisation: to.map(OrganisationId),
                        sent,
                        accepted,
                        rejected,
                        days_to_answer: (answered > 0)
                            .then(|| seconds as f64 / answered as f64 / 86_400.0),
                    },
                )
                .collect(),
        })
    }

    /// The referrals sent from case `case`, newest first, for whoever sees the case: each
    /// with its external provider (name and contact), for the person's printed summary and
    /// the case's page.
    pub async fn case_referrals(
        &self,
        ctx: &AccessContext,
        case: i64,
    ) -> Result<Vec<(ReferralSummary, Option<ExternalProvider>)>, StoreError> {
        let reader = self.case_reader(ctx).await?;
        self.case_row(&reader, case).await?;
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, external_sealed FROM referrals WHERE case_id = $1 ORDER BY id DESC"
        );
        let rows: Vec<ListedRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(case)
            .fetch_all(p)
            .await?);
        self.referral_lines(rows).await
    }

    /// Referrals as listed, each with its external provider opened.
    async fn referral_lines(
        &self,
        rows: Vec<ListedRow>,
    ) -> Result<Vec<(ReferralSummary, Option<ExternalProvider>)>, StoreError> {
        let keys = self.current_keys().await?;
        rows.into_iter()
            .map(|r| {
                let external = r
                    .external_sealed
                    .as_deref()
                    .map(|s| open_json(&keys, "referrals.external_sealed", r.head.id, s))
                    .transpose()?;
                let head = summary(&r.head)?;
                Ok((head, external))
            })
            .collect()
    }

    async fn referral_events(
        &self,
        keys: &Keys,
        id: i64,
    ) -> Result<Vec<ReferralEvent>, StoreError> {
        type Row = (
            i64,
            String,
            Option<i64>,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let sql = "SELECT at, actor, organisation_id, action, status, reason, service, note_sealed \
                   FROM referral_events WHERE referral_id = $1 ORDER BY id";
        let rows: Vec<Row> =
            with_pool!(self, |p| sqlx::query_as(sql).bind(id).fetch_all(p).await?);
        rows.into_iter()
            .map(|(at, actor, org, action, status, reason, service, note)| {
                Ok(ReferralEvent {
                    at,
                    actor,
                    organisation: org.map(OrganisationId),
                    action,
                    status: code("referral_events.status", &status)?,
                    reason,
                    service: service
                        .as_deref()
                        .map(|s| code("referral_events.service", s))
                        .transpose()?,
                    note: open_note(keys, id, note)?,
                })
            })
            .collect()
    }
}
