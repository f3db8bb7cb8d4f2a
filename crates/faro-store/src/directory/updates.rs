//! A provider's yearly update of its entry: the entry's keepers (admins of the organisation
//! that keeps it) make a single-use link; whoever holds it proposes corrections without an
//! account, once, within [`LINK_DAYS`]; the keepers accept or reject. What a proposal says is
//! the caller's JSON (the store does not read it), sealed until decided and erased then: an
//! accepted proposal lives on in the entry, written by the caller through
//! [`Store::import_directory`].

use crate::audit::Draft;
use crate::cases::place;
use crate::clock::now;
use crate::secret::{is_secret_shape, random_secret, secret_hash};
use crate::{Store, StoreError};
use faro_domain::{AccessContext, Message, OrganisationId, refusal};
use serde_json::json;

/// Days a link stays good.
pub const LINK_DAYS: i64 = 30;
const LINK_PREFIX: &str = "fdu_";
const PROPOSAL_PLACE: &str = "directory_updates.proposal_sealed";
/// The most links and proposals one list shows, newest first.
const LISTED: i64 = 200;

/// Where an update stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpdateState {
    /// The link was made and not used yet.
    Waiting,
    /// The link expired or a newer one replaced it, unused.
    Lapsed,
    /// The provider proposed corrections: the keepers decide.
    Proposed,
    Accepted,
    Rejected,
}

/// A link made for a service's yearly update, and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUpdate {
    pub id: i64,
    pub owner: OrganisationId,
    /// The service's HSDS id and name.
    pub service: String,
    pub service_name: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub state: UpdateState,
}

/// What the holder of a good link sees: the service's own document only (never its
/// locations: a forwarded link must not give away a shelter's address).
#[derive(Debug, Clone)]
pub struct Invitation {
    pub service_document: String,
    pub organization: String,
}

type UpdateRow = (
    i64,
    i64,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

const UPDATE_COLUMNS: &str = "u.id, u.owner_id, s.hsds_id, s.name, u.created_at, u.expires_at, \
     u.submitted_at, u.decided_at, u.outcome";

fn update_of(row: UpdateRow, at: i64) -> DirectoryUpdate {
    let (id, owner, service, service_name, created_at, expires_at, submitted, decided, outcome) =
        row;
    let state = match (outcome.as_deref(), submitted) {
        (Some("accepted"), _) => UpdateState::Accepted,
        (Some(_), _) => UpdateState::Rejected,
        (None, Some(_)) => UpdateState::Proposed,
        (None, None) if expires_at > at => UpdateState::Waiting,
        (None, None) => UpdateState::Lapsed,
    };
    DirectoryUpdate {
        id,
        owner: OrganisationId(owner),
        service,
        service_name,
        created_at,
        expires_at,
        submitted_at: submitted,
        decided_at: decided,
        state,
    }
}

fn proposal_place(id: i64) -> String {
    place(PROPOSAL_PLACE, id, 0)
}

impl Store {
    /// A single-use link secret for the yearly update of the service `hsds_id`, for its
    /// keepers; the service's unused links stop working. A service that is not the caller's
    /// organisation's is not found (its existence is not told).
    pub async fn directory_update_link(
        &self,
        ctx: &AccessContext,
        hsds_id: &str,
    ) -> Result<String, StoreError> {
        let not_found = || StoreError::NotFound {
            kind: "service",
            id: 0,
        };
        let row: Option<(i64, i64)> = with_pool!(self, |p| {
            sqlx::query_as(
            "SELECT id, owner_id FROM directory_services WHERE hsds_id = $1 AND vanished_at IS NULL"
        )
        .bind(hsds_id)
        .fetch_optional(p)
        .await?
        });
        let (service, owner) = row.ok_or_else(not_found)?;
        let owner = OrganisationId(owner);
        if !ctx.speaks_for(owner) {
            return Err(not_found());
        }
        StoreError::unless_administers(ctx, owner)?;
        let secret = random_secret(LINK_PREFIX)?;
        let at = now();
        let entry = Draft::new(
            Some(owner),
            ctx,
            "directory.update_link",
            json!({ "service": hsds_id }),
        );
        in_transaction!(self, |tx, dialect| {
            sqlx::query(
                "UPDATE directory_updates SET expires_at = $1 WHERE service_id = $2 AND submitted_at IS NULL AND expires_at > $1",
            )
            .bind(at)
            .bind(service)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO directory_updates (owner_id, service_id, token_hash, created_by, created_at, expires_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(owner.0)
            .bind(service)
            .bind(secret_hash(&secret))
            .bind(ctx.user())
            .bind(at)
            .bind(at + LINK_DAYS * 86_400)
            .execute(&mut *tx)
            .await?;
            append_audit!(self, tx, dialect, entry);
        });
        Ok(secret)
    }

    /// What a good link's holder may correct; `Unauthenticated` for a link that is unknown,
    /// used, replaced or expired (all alike: the holder cannot tell them apart).
    pub async fn directory_invitation(&self, secret: &str) -> Result<Invitation, StoreError> {
        if !is_secret_shape(secret, LINK_PREFIX) {
            return Err(StoreError::Unauthenticated);
        }
        let row: Option<(String, String)> = with_pool!(self, |p| {
            sqlx::query_as(
            "SELECT s.document, o.name FROM directory_updates u \
             JOIN directory_services s ON s.id = u.service_id \
             JOIN directory_organizations o ON o.id = s.organization_id \
             WHERE u.token_hash = $1 AND u.submitted_at IS NULL AND u.expires_at > $2 AND s.vanished_at IS NULL"
        )
        .bind(secret_hash(secret))
        .bind(now())
        .fetch_optional(p)
        .await?
        });
        let (service_document, organization) = row.ok_or(StoreError::Unauthenticated)?;
        Ok(Invitation {
            service_document,
            organization,
        })
    }

    /// Keeps a link holder's proposal (`proposal`: the caller's JSON) and uses the link up,
    /// in one statement: two submissions racing with one link keep one.
    pub async fn propose_directory_update(
        &self,
        secret: &str,
        proposal: &str,
    ) -> Result<(), StoreError> {
        if !is_secret_shape(secret, LINK_PREFIX) {
            return Err(StoreError::Unauthenticated);
        }
        let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
        let at = now();
        let hash = secret_hash(secret);
        in_transaction!(self, |tx, dialect| {
            let row: Option<(i64, i64)> = sqlx::query_as(
                "UPDATE directory_updates SET submitted_at = $1 WHERE token_hash = $2 \
                 AND submitted_at IS NULL AND expires_at > $1 RETURNING id, owner_id",
            )
            .bind(at)
            .bind(&hash)
            .fetch_optional(&mut *tx)
            .await?;
            let (id, owner) = row.ok_or(StoreError::Unauthenticated)?;
            sqlx::query("UPDATE directory_updates SET proposal_sealed = $1 WHERE id = $2")
                .bind(keys.seal(&proposal_place(id), proposal)?)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let anonymous = AccessContext::anonymous();
            let entry = Draft::new(
                Some(OrganisationId(owner)),
                &anonymous,
                "directory.update_proposed",
                json!({ "update": id }),
            );
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }

    /// `owner`'s update links and proposals, newest first, for its keepers.
    pub async fn directory_updates(
        &self,
        ctx: &AccessContext,
        owner: OrganisationId,
    ) -> Result<Vec<DirectoryUpdate>, StoreError> {
        StoreError::unless_administers(ctx, owner)?;
        let sql = format!(
            "SELECT {UPDATE_COLUMNS} FROM directory_updates u JOIN directory_services s ON s.id = u.service_id \
             WHERE u.owner_id = $1 ORDER BY u.id DESC LIMIT {LISTED}"
        );
        let rows: Vec<UpdateRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(owner.0)
            .fetch_all(p)
            .await?);
        let at = now();
        Ok(rows.into_iter().map(|r| update_of(r, at)).collect())
    }

    /// One update and, while undecided, what its provider proposed; for the keepers of its
    /// service (anyone else: not found).
    pub async fn directory_update(
        &self,
        ctx: &AccessContext,
        id: i64,
    ) -> Result<(DirectoryUpdate, Option<String>), StoreError> {
        let sql = format!(
            "SELECT {UPDATE_COLUMNS} FROM directory_updates u \
             JOIN directory_services s ON s.id = u.service_id WHERE u.id = $1"
        );
        let row: Option<UpdateRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        let not_found = || StoreError::NotFound {
            kind: "directory update",
            id,
        };
        let update = update_of(row.ok_or_else(not_found)?, now());
        if !ctx.speaks_for(update.owner) {
            return Err(not_found());
        }
        StoreError::unless_administers(ctx, update.owner)?;
        // Read only once the reader is known to keep the entry.
        let sealed: Option<String> = with_pool!(self, |p| sqlx::query_scalar(
            "SELECT proposal_sealed FROM directory_updates WHERE id = $1"
        )
        .bind(id)
        .fetch_one(p)
        .await?);
        let proposal = match sealed {
            Some(s) => {
                let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
                Some(keys.open(&proposal_place(id), &s)?)
            }
            None => None,
        };
        Ok((update, proposal))
    }

    /// Records the keepers' decision on a proposal and erases it. The caller writes an
    /// accepted proposal into the entry first (an import, which changes nothing when done
    /// twice), so a failure in between leaves the proposal to decide again.
    pub async fn decide_directory_update(
        &self,
        ctx: &AccessContext,
        id: i64,
        accepted: bool,
    ) -> Result<(), StoreError> {
        let (update, _) = self.directory_update(ctx, id).await?;
        let outcome = if accepted { "accepted" } else { "rejected" };
        let entry = Draft::new(
            Some(update.owner),
            ctx,
            "directory.update_decided",
            json!({ "update": id, "outcome": outcome, "service": update.service }),
        );
        let at = now();
        in_transaction!(self, |tx, dialect| {
            let changed = sqlx::query(
                "UPDATE directory_updates SET outcome = $1, decided_by = $2, decided_at = $3, proposal_sealed = NULL \
                 WHERE id = $4 AND submitted_at IS NOT NULL AND outcome IS NULL",
            )
            .bind(outcome)
            .bind(ctx.user())
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 0 {
                return Err(StoreError::Conflict {
                    what: Message::new(refusal::UPDATE_DECIDED),
                });
            }
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }
}
