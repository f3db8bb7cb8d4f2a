//! Referrals between Faro instances. The sender's side is an external referral addressed to a
//! partner instance: its sender downloads a package (faro-exchange: signed by this instance,
//! sealed to the partner's) and hands the file over; what the receiver answers is recorded by
//! the sender, as for any provider not on this instance. The receiver's side: case staff of an
//! organisation import the file, which lands in their "from other instances" list; they accept
//! it (a case opened holding only what was shared, as for a referral on one instance) or
//! reject it with a reason (what it carried is erased).
//!
//! A package is valid for [`PACKAGE_DAYS`] days and is imported once: its id (the sender's
//! referral number) is kept with its partner, so a replay is refused. Withdrawn consent does
//! not travel: the sender's referral is revoked here and the sender tells the receiver, as
//! for a provider not on Faro.

use super::{Package, open_json, seal_json};
use crate::audit::Draft;
use crate::clock::now;
use crate::instances::exchange_refusal;
use crate::{Store, StoreError};
use faro_domain::case::person::Person;
use faro_domain::case::{Day, PartnerKind, ServiceKind, free_text};
use faro_domain::referral::{RejectReason, SharedPart, Side, Urgency};
use faro_domain::{AccessContext, Message, OrganisationId, Permission, Vocabulary, refusal};
use faro_exchange::Card;
use serde::{Deserialize, Serialize};
use serde_json::json;

/// How long a package may wait before it is imported.
pub const PACKAGE_DAYS: i64 = 14;

/// What a package carries: the referral as the receiving instance needs it, codes as in
/// `GET /api/v1/vocabularies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Travelling {
    referral: i64,
    sender: String,
    receiver: String,
    partner_kind: String,
    need: String,
    urgency: String,
    shared: Vec<String>,
    follow_up: String,
    package: Package,
}

/// A package downloaded by its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub name: String,
    pub text: String,
}

/// A referral received from another instance, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedSummary {
    pub id: i64,
    pub partner: String,
    pub need: ServiceKind,
    pub urgency: Urgency,
    /// `pending`, `accepted` or `rejected`.
    pub status: String,
    pub received_at: i64,
    pub received_case: Option<i64>,
}

/// A referral received from another instance, whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub summary: ReceivedSummary,
    pub reason: Option<RejectReason>,
    /// What it carried; `None` once rejected (erased).
    pub content: Option<ReceivedContent>,
}

/// What a package received carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedContent {
    /// The sender's number for it, its organisation, and whom it was meant for here.
    pub referral: i64,
    pub sender: String,
    pub meant_for: String,
    pub partner_kind: PartnerKind,
    pub shared: Vec<SharedPart>,
    pub follow_up: Day,
    pub package: Package,
}

#[derive(sqlx::FromRow)]
struct ReceivedRow {
    id: i64,
    partner: String,
    need: String,
    urgency: String,
    status: String,
    received_at: i64,
    received_case_id: Option<i64>,
    organisation_id: i64,
    reason: Option<String>,
    content_sealed: Option<String>,
}

const RECEIVED_COLUMNS: &str = "r.id, p.name AS partner, r.need, r.urgency, r.status, r.received_at, \
     r.received_case_id, r.organisation_id, r.reason, r.content_sealed \
     FROM received_packages r JOIN partner_instances p ON p.id = r.partner_id";

/// The longest name or title, and the longest note or plan section, a partner may send: as
/// typed here.
const SHORT: usize = 300;
const LONG: usize = 4_000;
const MAX_SECTIONS: usize = 64;

fn malformed(detail: &str) -> StoreError {
    exchange_refusal(
        "package",
        faro_exchange::ExchangeError::Malformed(detail.to_string()),
    )
}

fn vocab<V: Vocabulary>(code: &str, field: &str) -> Result<V, StoreError> {
    V::from_code(code).ok_or_else(|| malformed(&format!("`{field}` is not a known code")))
}

impl ReceivedRow {
    fn summary(&self) -> Result<ReceivedSummary, StoreError> {
        Ok(ReceivedSummary {
            id: self.id,
            partner: self.partner.clone(),
            need: crate::cases::code("received_packages.need", &self.need)?,
            urgency: crate::cases::code("received_packages.urgency", &self.urgency)?,
            status: self.status.clone(),
            received_at: self.received_at,
            received_case: self.received_case_id,
        })
    }
}

/// The case staff's organisation, or `Forbidden`.
fn case_staff(ctx: &AccessContext) -> Result<OrganisationId, StoreError> {
    ctx.organisation()
        .filter(|_| ctx.has(Permission::Cases))
        .ok_or(StoreError::Forbidden {
            action: "read_cases",
        })
}

/// What a partner sent, checked as anything typed here is: known codes, a valid person.
fn checked(t: Travelling) -> Result<Travelling, StoreError> {
    vocab::<PartnerKind>(&t.partner_kind, "partner_kind")?;
    vocab::<ServiceKind>(&t.need, "need")?;
    vocab::<Urgency>(&t.urgency, "urgency")?;
    for part in &t.shared {
        vocab::<SharedPart>(part, "shared")?;
    }
    Day::parse(&t.follow_up, "follow_up").map_err(|e| malformed(&e.to_string()))?;
    let person = t
        .package
        .person
        .clone()
        .check()
        .map_err(|e| malformed(&e.to_string()))?;
    let text = |text: &str, field: &str, max: usize| {
        free_text(text, field, max).map_err(|e| malformed(&e.to_string()))
    };
    text(&t.sender, "sender", SHORT)?;
    text(&t.receiver, "receiver", SHORT)?;
    let plans = t.package.assessment.iter().chain(&t.package.safety);
    if plans.clone().count() > MAX_SECTIONS {
        return Err(malformed("too many plan sections"));
    }
    for (title, body) in plans {
        text(title, "plan", SHORT)?;
        text(body, "plan", LONG)?;
    }
    let note = match &t.package.note {
        Some(note) => text(note, "note", LONG)?,
        None => None,
    };
    Ok(Travelling {
        package: Package {
            person,
            note,
            ..t.package
        },
        ..t
    })
}

impl Store {
    /// The package of an open external referral to a partner instance, for its sender;
    /// audited in the sender's chain.
    pub async fn referral_package(
        &self,
        ctx: &AccessContext,
        id: i64,
    ) -> Result<PackageFile, StoreError> {
        let r = self.referral(ctx, id).await?;
        let no_partner = || StoreError::invalid("instance", refusal::REFERRAL_NO_PARTNER);
        let partner = r.external.as_ref().and_then(|e| e.instance);
        let (Side::Sender, Some(partner), Some(package)) = (r.side, partner, r.package) else {
            return Err(no_partner());
        };
        if !r.summary.status.is_open() {
            return Err(StoreError::Invalid {
                field: "action",
                problem: Message::new(refusal::REFERRAL_STEP)
                    .with("action", "package")
                    .with("status", r.summary.status.code()),
            });
        }
        let to = self
            .partners()
            .await?
            .into_iter()
            .find(|p| p.id == partner)
            .ok_or_else(no_partner)?;
        let card = Card::parse(&to.card).map_err(|e| exchange_refusal("card", e))?;
        let travelling = Travelling {
            referral: id,
            sender: self.organisation(r.summary.from).await?.name,
            receiver: r.external.map(|e| e.name).unwrap_or_default(),
            partner_kind: r.partner_kind.code().into(),
            need: r.summary.need.code().into(),
            urgency: r.summary.urgency.code().into(),
            shared: r.shared.iter().map(|s| s.code().to_string()).collect(),
            follow_up: r.summary.follow_up.to_string(),
            package,
        };
        let at = now();
        let keys = self.instance_keys().await?;
        let text = faro_exchange::seal(
            &keys,
            &card,
            // One id per referral however often it is downloaded (a second import is a
            // replay); its time keeps a database restored from an old backup from reusing it.
            &format!("referral-{id}-{}", r.summary.created_at),
            (at, at + PACKAGE_DAYS * 86_400),
            &travelling,
        )
        .map_err(|e| exchange_refusal("package", e))?;
        let detail = json!({ "referral_id": id, "partner_id": partner });
        self.audit_for(Some(r.summary.from), ctx, "referral.package", detail)
            .await?;
        Ok(PackageFile {
            name: format!("faro-referral-{id}.json"),
            text,
        })
    }

    /// Imports a package from a partner instance into the caller's organisation: checked
    /// (sealed to us, signed by the partner, unaltered, not expired, not seen before) and
    /// waiting for an answer. Returns its number here.
    pub async fn import_package(
        &self,
        ctx: &AccessContext,
        file: &[u8],
    ) -> Result<i64, StoreError> {
        let org = case_staff(ctx)?;
        let partners = self.partners().await?;
        let cards: Vec<Card> = partners
            .iter()
            .filter_map(|p| Card::parse(&p.card).ok())
            .collect();
        let keys = self.instance_keys().await?;
        let at = now();
        let opened = faro_exchange::open::<Travelling>(&keys, &cards, file, at)
            .map_err(|e| exchange_refusal("package", e))?;
        let partner = partners
            .iter()
            .find(|p| p.card == opened.from.encode())
            .map(|p| p.id)
            .ok_or_else(|| {
                exchange_refusal("package", faro_exchange::ExchangeError::UnknownSender)
            })?;
        let content = checked(opened.content)?;
        let seen: Option<i64> = with_pool!(self, |p| sqlx::query_scalar(
            "SELECT id FROM received_packages WHERE partner_id = $1 AND package_id = $2"
        )
        .bind(partner)
        .bind(&opened.id)
        .fetch_optional(p)
        .await?);
        if seen.is_some() {
            return Err(StoreError::Conflict {
                what: Message::new(refusal::PACKAGE_REPLAYED),
            });
        }
        let data = self.current_keys().await?;
        Ok(in_transaction!(self, |tx, dialect| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO received_packages (partner_id, package_id, organisation_id, status, need, urgency, \
                 expires_at, received_at, received_by) VALUES ($1, $2, $3, 'pending', $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(partner)
            .bind(&opened.id)
            .bind(org.0)
            .bind(&content.need)
            .bind(&content.urgency)
            .bind(opened.expires_at)
            .bind(at)
            .bind(ctx.user())
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("UPDATE received_packages SET content_sealed = $1 WHERE id = $2")
                .bind(seal_json(
                    &data,
                    "received_packages.content_sealed",
                    id,
                    &content,
                )?)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let detail =
                json!({ "received_id": id, "partner_id": partner, "package_id": opened.id });
            append_audit!(
                self,
                tx,
                dialect,
                Draft::new(Some(org), ctx, "referral.import", detail)
            );
            id
        }))
    }

    /// The organisation's referrals received from other instances, newest first, a page at
    /// a time (`before` an id), and the `before` of the next page.
    pub async fn received_referrals(
        &self,
        ctx: &AccessContext,
        before: Option<i64>,
        limit: u32,
    ) -> Result<(Vec<ReceivedSummary>, Option<i64>), StoreError> {
        let org = case_staff(ctx)?;
        let limit = i64::from(limit.clamp(1, 100));
        let sql = format!(
            "SELECT {RECEIVED_COLUMNS} WHERE r.organisation_id = $1 AND r.id < $2 ORDER BY r.id DESC LIMIT $3"
        );
        let mut rows: Vec<ReceivedRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(org.0)
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit + 1)
            .fetch_all(p)
            .await?);
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next = more.then(|| rows.last().map(|r| r.id)).flatten();
        Ok((
            rows.iter()
                .map(ReceivedRow::summary)
                .collect::<Result<_, _>>()?,
            next,
        ))
    }

    async fn received_row(&self, ctx: &AccessContext, id: i64) -> Result<ReceivedRow, StoreError> {
        let org = case_staff(ctx)?;
        let sql = format!("SELECT {RECEIVED_COLUMNS} WHERE r.id = $1");
        let row: Option<ReceivedRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        row.filter(|r| r.organisation_id == org.0)
            .ok_or(StoreError::NotFound {
                kind: "referral",
                id,
            })
    }

    /// One referral received from another instance, for the organisation that imported it
    /// (anyone else: `NotFound`); audited as a read.
    pub async fn received_referral(
        &self,
        ctx: &AccessContext,
        id: i64,
    ) -> Result<Received, StoreError> {
        let row = self.received_row(ctx, id).await?;
        let keys = self.current_keys().await?;
        let content = match &row.content_sealed {
            Some(sealed) => {
                let t: Travelling =
                    open_json(&keys, "received_packages.content_sealed", id, sealed)?;
                let corrupt = |column| StoreError::Corrupt {
                    column,
                    value: format!("received package {id}"),
                };
                Some(ReceivedContent {
                    referral: t.referral,
                    sender: t.sender,
                    meant_for: t.receiver,
                    partner_kind: PartnerKind::from_code(&t.partner_kind)
                        .ok_or_else(|| corrupt("received_packages.partner_kind"))?,
                    shared: t
                        .shared
                        .iter()
                        .filter_map(|s| SharedPart::from_code(s))
                        .collect(),
                    follow_up: Day::parse(&t.follow_up, "follow_up")
                        .map_err(|_| corrupt("received_packages.follow_up"))?,
                    package: t.package,
                })
            }
            None => None,
        };
        self.audit(ctx, "referral.read", json!({ "received_id": id }))
            .await?;
        Ok(Received {
            summary: row.summary()?,
            reason: row.reason.as_deref().and_then(RejectReason::from_code),
            content,
        })
    }

    /// Accepts (a case opened for the caller's organisation with what was shared; its id
    /// returned) or rejects with a reason (what was shared erased) a package received.
    pub async fn decide_received(
        &self,
        ctx: &AccessContext,
        id: i64,
        rejected: Option<RejectReason>,
    ) -> Result<Option<i64>, StoreError> {
        let row = self.received_row(ctx, id).await?;
        let org = OrganisationId(row.organisation_id);
        let decided = || StoreError::Conflict {
            what: Message::new(refusal::PACKAGE_DECIDED),
        };
        let (Some(sealed), "pending") = (&row.content_sealed, row.status.as_str()) else {
            return Err(decided());
        };
        let keys = self.current_keys().await?;
        let person: Person =
            open_json::<Travelling>(&keys, "received_packages.content_sealed", id, sealed)?
                .package
                .person;
        let at = now();
        Ok(in_transaction!(self, |tx, dialect| {
            let (status, erase) = match rejected {
                Some(_) => ("rejected", true),
                None => ("accepted", false),
            };
            let moved = sqlx::query(
                "UPDATE received_packages SET status = $1, decided_at = $2, decided_by = $3, reason = $4, \
                 content_sealed = CASE WHEN $5 = 1 THEN NULL ELSE content_sealed END \
                 WHERE id = $6 AND status = 'pending'",
            )
            .bind(status)
            .bind(at)
            .bind(ctx.user())
            .bind(rejected.map(|r| r.code()))
            .bind(i64::from(erase))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Err(decided());
            }
            let case = match rejected {
                Some(_) => None,
                None => {
                    let from = format!("{} · {}", row.partner, super::pseudonym(id));
                    let case = crate::cases::open::insert_case!(
                        tx,
                        &keys,
                        org,
                        ctx,
                        &person,
                        (None, None),
                        &from,
                        at
                    );
                    sqlx::query("UPDATE received_packages SET received_case_id = $1 WHERE id = $2")
                        .bind(case)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    let detail = json!({ "case_id": case, "received_id": id });
                    append_audit!(
                        self,
                        tx,
                        dialect,
                        Draft::new(Some(org), ctx, "case.open", detail)
                    );
                    Some(case)
                }
            };
            let detail = json!({ "received_id": id, "status": status });
            append_audit!(
                self,
                tx,
                dialect,
                Draft::new(Some(org), ctx, "referral.decide", detail)
            );
            case
        }))
    }
}
