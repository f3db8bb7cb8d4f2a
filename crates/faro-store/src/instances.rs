//! This instance's keys for referrals between Faro instances (faro-exchange) and the partner
//! instances whose cards an instance admin added.
//!
//! Instance admins are the admins of the instance's first organisation (the one the instance
//! operator runs) and the operator from the command line: keys belong to the instance, not to
//! one of the organisations it hosts. Any organisation's case staff read the partners' names
//! to choose one when referring.

use crate::audit::Draft;
use crate::cases::place;
use crate::clock::now;
use crate::keys::Keys;
use crate::{DEFAULT_ORGANISATION, Store, StoreError};
use faro_domain::{AccessContext, Message, Permission, refusal};
use faro_exchange::{Card, CardProblem, ExchangeError, InstanceKeys, SECRET_BYTES};
use serde_json::json;
use zeroize::Zeroizing;

/// Another Faro instance this one exchanges referrals with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerInstance {
    pub id: i64,
    pub name: String,
    pub card: String,
    pub fingerprint: String,
    pub added_at: i64,
}

const SECRET_PLACE: &str = "instance_identity.secret_sealed";

/// A card or package refused, as the store's refusal naming `field`.
pub(crate) fn exchange_refusal(field: &'static str, e: ExchangeError) -> StoreError {
    let problem = match e {
        ExchangeError::BadCard(CardProblem::Prefix) => Message::new(refusal::CARD_PREFIX),
        ExchangeError::BadCard(CardProblem::Damaged) => Message::new(refusal::CARD_DAMAGED),
        ExchangeError::BadCard(CardProblem::NotAKey) => Message::new(refusal::CARD_NOT_A_KEY),
        ExchangeError::Malformed(detail) => {
            Message::new(refusal::PACKAGE_MALFORMED).with("detail", detail)
        }
        ExchangeError::TooLarge { max } => {
            Message::new(refusal::PACKAGE_TOO_LARGE).with("max", max.to_string())
        }
        ExchangeError::Version(v) => Message::new(refusal::PACKAGE_VERSION).with("version", v),
        ExchangeError::NotForUs => Message::new(refusal::PACKAGE_NOT_FOR_US),
        ExchangeError::UnknownSender => Message::new(refusal::PACKAGE_UNKNOWN_SENDER),
        ExchangeError::Altered => Message::new(refusal::PACKAGE_ALTERED),
        ExchangeError::Forged => Message::new(refusal::PACKAGE_FORGED),
        ExchangeError::Expired { expired_at } => Message::new(refusal::PACKAGE_EXPIRED)
            .with("at", faro_domain::case::Day::of_unix(expired_at)),
        ExchangeError::Early { issued_at } => Message::new(refusal::PACKAGE_EARLY)
            .with("at", faro_domain::case::Day::of_unix(issued_at)),
        ExchangeError::Randomness => return StoreError::Internal(e.to_string()),
    };
    StoreError::Invalid { field, problem }
}

/// Instance admins only.
fn instance_admin(ctx: &AccessContext) -> Result<(), StoreError> {
    let admin = ctx.is_instance()
        || (ctx.organisation() == Some(DEFAULT_ORGANISATION) && ctx.has(Permission::Administer));
    match admin {
        true => Ok(()),
        false => Err(StoreError::Forbidden {
            action: "manage_instance_keys",
        }),
    }
}

fn open_secret(keys: &Keys, sealed: &str) -> Result<InstanceKeys, StoreError> {
    let hex = Zeroizing::new(keys.open(&place(SECRET_PLACE, 1, 0), sealed)?);
    let corrupt = || StoreError::Corrupt {
        column: SECRET_PLACE,
        value: "instance 1".into(),
    };
    let bytes = Zeroizing::new(hex::decode(hex.as_str()).map_err(|_| corrupt())?);
    let secret: &[u8; SECRET_BYTES] = bytes.as_slice().try_into().map_err(|_| corrupt())?;
    Ok(InstanceKeys::from_secret(secret))
}

impl Store {
    /// This instance's keys, made on first use.
    pub(crate) async fn instance_keys(&self) -> Result<InstanceKeys, StoreError> {
        let keys = self.current_keys().await?;
        let read = "SELECT secret_sealed FROM instance_identity WHERE id = 1";
        let kept: Option<String> =
            with_pool!(self, |p| sqlx::query_scalar(read).fetch_optional(p).await?);
        if let Some(sealed) = kept {
            return open_secret(&keys, &sealed);
        }
        let fresh = InstanceKeys::generate().map_err(|e| exchange_refusal("card", e))?;
        let hex = Zeroizing::new(hex::encode(fresh.secret()));
        let sealed = keys.seal(&place(SECRET_PLACE, 1, 0), &hex)?;
        // Two first uses at once: one row wins, both read it.
        let insert = "INSERT INTO instance_identity (id, secret_sealed, card, created_at) \
                      VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING";
        with_pool!(self, |p| sqlx::query(insert)
            .bind(&sealed)
            .bind(fresh.card().encode())
            .bind(now())
            .execute(p)
            .await?
            .rows_affected());
        let sealed: String = with_pool!(self, |p| sqlx::query_scalar(read).fetch_one(p).await?);
        open_secret(&keys, &sealed)
    }

    /// The card an instance admin gives the admins of other instances.
    pub async fn instance_card(&self, ctx: &AccessContext) -> Result<Card, StoreError> {
        instance_admin(ctx)?;
        Ok(self.instance_keys().await?.card().clone())
    }

    /// The partner instances, by name; for case staff choosing where to refer and for
    /// instance admins.
    pub async fn partner_instances(
        &self,
        ctx: &AccessContext,
    ) -> Result<Vec<PartnerInstance>, StoreError> {
        if !ctx.has(Permission::Cases) && instance_admin(ctx).is_err() {
            return Err(StoreError::Forbidden {
                action: "read_cases",
            });
        }
        self.partners().await
    }

    pub(crate) async fn partners(&self) -> Result<Vec<PartnerInstance>, StoreError> {
        let rows: Vec<(i64, String, String, String, i64)> = with_pool!(self, |p| sqlx::query_as(
            "SELECT id, name, card, fingerprint, added_at FROM partner_instances \
             WHERE removed_at IS NULL ORDER BY name, id"
        )
        .fetch_all(p)
        .await?);
        Ok(rows
            .into_iter()
            .map(|(id, name, card, fingerprint, added_at)| PartnerInstance {
                id,
                name,
                card,
                fingerprint,
                added_at,
            })
            .collect())
    }

    /// Adds another instance's card under a name; audited in the instance's chain.
    pub async fn add_partner_instance(
        &self,
        ctx: &AccessContext,
        name: &str,
        card: &str,
    ) -> Result<i64, StoreError> {
        instance_admin(ctx)?;
        let name = faro_domain::case::free_text(name, "name", 200)
            .map_err(|e| StoreError::Invalid {
                field: "name",
                problem: e.message,
            })?
            .ok_or_else(|| StoreError::invalid("name", faro_domain::problem::REQUIRED))?;
        let card = Card::parse(card).map_err(|e| exchange_refusal("card", e))?;
        if &card == self.instance_keys().await?.card() {
            return Err(StoreError::invalid("card", refusal::CARD_OWN));
        }
        if self
            .partners()
            .await?
            .iter()
            .any(|p| p.card == card.encode())
        {
            return Err(StoreError::Conflict {
                what: Message::new(refusal::CARD_KNOWN),
            });
        }
        let at = now();
        // A card removed before and added again comes back under its new name.
        Ok(in_transaction!(self, |tx, dialect| {
            sqlx::query("UPDATE partner_instances SET name = $1, removed_at = NULL, added_by = $2, added_at = $3 WHERE card = $4")
                .bind(&name)
                .bind(ctx.user())
                .bind(at)
                .bind(card.encode())
                .execute(&mut *tx)
                .await?;
            let existing: Option<i64> =
                sqlx::query_scalar("SELECT id FROM partner_instances WHERE card = $1")
                    .bind(card.encode())
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = match existing {
                Some(id) => id,
                None => sqlx::query_scalar(
                    "INSERT INTO partner_instances (name, card, fingerprint, added_by, added_at) \
                     VALUES ($1, $2, $3, $4, $5) RETURNING id",
                )
                .bind(&name)
                .bind(card.encode())
                .bind(card.fingerprint())
                .bind(ctx.user())
                .bind(at)
                .fetch_one(&mut *tx)
                .await?,
            };
            let detail = json!({ "partner_id": id, "fingerprint": card.fingerprint() });
            append_audit!(
                self,
                tx,
                dialect,
                Draft::new(None, ctx, "instance.partner_add", detail)
            );
            id
        }))
    }

    /// Stops trusting a partner instance: nothing more is sent to it or accepted from it.
    pub async fn remove_partner_instance(
        &self,
        ctx: &AccessContext,
        id: i64,
    ) -> Result<(), StoreError> {
        instance_admin(ctx)?;
        let at = now();
        in_transaction!(self, |tx, dialect| {
            let moved = sqlx::query(
                "UPDATE partner_instances SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL",
            )
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved == 0 {
                return Err(StoreError::NotFound {
                    kind: "partner instance",
                    id,
                });
            }
            let detail = json!({ "partner_id": id });
            append_audit!(
                self,
                tx,
                dialect,
                Draft::new(None, ctx, "instance.partner_remove", detail)
            );
        });
        Ok(())
    }
}
