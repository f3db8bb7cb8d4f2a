//! Users and API tokens: who a request is, turned into an `AccessContext`.

use crate::import::now;
use crate::{Pool, Store, StoreError};
use faro_domain::vocab::Vocabulary;
use faro_domain::{AccessContext, OrganisationId, Permission, Role};
use rand::TryRngCore;
use serde_json::json;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub organisation: OrganisationId,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
}

/// A token just created: the secret is in here once and nowhere else.
pub struct NewToken {
    pub id: i64,
    pub secret: String,
    pub role: Role,
    /// Unix seconds.
    pub expires_at: i64,
}

impl std::fmt::Debug for NewToken {
    /// Never prints the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewToken")
            .field("id", &self.id)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// Every token starts with this, so a leaked one is easy to recognise (secret scanners).
const TOKEN_PREFIX: &str = "faro_";

fn token_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

type UserRow = (i64, i64, String, String, i32);

fn user_from(r: UserRow) -> Result<User, StoreError> {
    Ok(User {
        id: r.0,
        organisation: OrganisationId(r.1),
        email: r.2,
        role: Role::from_code(&r.3).ok_or(StoreError::Corrupt {
            column: "role",
            value: r.3.clone(),
        })?,
        disabled: r.4 != 0,
    })
}

/// Whether `ctx` may manage `organisation`'s users and tokens: the instance operator, or an
/// admin of that organisation.
pub(crate) fn administers(
    ctx: &AccessContext,
    organisation: OrganisationId,
) -> Result<(), StoreError> {
    if ctx.has(Permission::Administer) && ctx.organisation().is_none_or(|o| o == organisation) {
        Ok(())
    } else {
        Err(StoreError::Forbidden {
            action: "administer this organisation",
        })
    }
}

impl Store {
    /// Adds a user to an organisation; an e-mail already taken is a `Conflict`.
    pub async fn create_user(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        email: &str,
        role: Role,
    ) -> Result<User, StoreError> {
        administers(ctx, organisation)?;
        let email = email.trim().to_lowercase();
        if self.user(&email).await.is_ok() {
            return Err(StoreError::Conflict {
                what: format!("a user with the e-mail `{email}`"),
            });
        }
        let sql = "INSERT INTO users (organisation_id, email, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
        let id: i64 = match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query_scalar(sql)
                    .bind(organisation.0)
                    .bind(&email)
                    .bind(role.code())
                    .bind(now())
                    .fetch_one(p)
                    .await?
            }
            Pool::Postgres(p) => {
                sqlx::query_scalar(sql)
                    .bind(organisation.0)
                    .bind(&email)
                    .bind(role.code())
                    .bind(now())
                    .fetch_one(p)
                    .await?
            }
        };
        self.audit_for(
            Some(organisation),
            ctx,
            "user.create",
            json!({ "user_id": id, "role": role.code() }),
        )
        .await?;
        Ok(User {
            id,
            organisation,
            email,
            role,
            disabled: false,
        })
    }

    pub async fn user(&self, email: &str) -> Result<User, StoreError> {
        let sql = "SELECT id, organisation_id, email, role, disabled FROM users WHERE email = $1";
        let email = email.trim().to_lowercase();
        let row: Option<UserRow> = match &self.pool {
            Pool::Sqlite(p) => sqlx::query_as(sql).bind(&email).fetch_optional(p).await?,
            Pool::Postgres(p) => sqlx::query_as(sql).bind(&email).fetch_optional(p).await?,
        };
        row.map(user_from)
            .transpose()?
            .ok_or(StoreError::UnknownName {
                kind: "user",
                name: email,
            })
    }

    /// A disabled user's tokens stop working at once.
    pub async fn disable_user(&self, ctx: &AccessContext, email: &str) -> Result<(), StoreError> {
        let user = self.user(email).await?;
        administers(ctx, user.organisation)?;
        let sql = "UPDATE users SET disabled = 1 WHERE id = $1";
        match &self.pool {
            Pool::Sqlite(p) => sqlx::query(sql)
                .bind(user.id)
                .execute(p)
                .await
                .map(|_| ())?,
            Pool::Postgres(p) => sqlx::query(sql)
                .bind(user.id)
                .execute(p)
                .await
                .map(|_| ())?,
        }
        self.audit_for(
            Some(user.organisation),
            ctx,
            "user.disable",
            json!({ "user_id": user.id }),
        )
        .await
    }

    /// Creates an API token for `user` in `role` (default: the user's own), valid for
    /// `valid_for_secs`. A role wider than the user's is `Forbidden`.
    pub async fn create_token(
        &self,
        ctx: &AccessContext,
        user: &User,
        role: Option<Role>,
        name: &str,
        valid_for_secs: i64,
    ) -> Result<NewToken, StoreError> {
        administers(ctx, user.organisation)?;
        let role = role.unwrap_or(user.role);
        if !role.within(user.role) {
            return Err(StoreError::Forbidden {
                action: "create a token with more rights than its user",
            });
        }
        if user.disabled {
            return Err(StoreError::Forbidden {
                action: "create tokens while disabled",
            });
        }
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng
            .try_fill_bytes(&mut bytes)
            .map_err(|e| StoreError::BadLocation {
                location: "the operating system's random source".into(),
                reason: e.to_string(),
            })?;
        let secret = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
        let expires_at = now() + valid_for_secs;
        let sql = "INSERT INTO api_tokens (user_id, role, name, token_hash, created_at, expires_at) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let hash = token_hash(&secret);
        let id: i64 = match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query_scalar(sql)
                    .bind(user.id)
                    .bind(role.code())
                    .bind(name)
                    .bind(&hash)
                    .bind(now())
                    .bind(expires_at)
                    .fetch_one(p)
                    .await?
            }
            Pool::Postgres(p) => {
                sqlx::query_scalar(sql)
                    .bind(user.id)
                    .bind(role.code())
                    .bind(name)
                    .bind(&hash)
                    .bind(now())
                    .bind(expires_at)
                    .fetch_one(p)
                    .await?
            }
        };
        self.audit_for(
            Some(user.organisation),
            ctx,
            "token.create",
            json!({ "token_id": id, "user_id": user.id, "role": role.code() }),
        )
        .await?;
        Ok(NewToken {
            id,
            secret,
            role,
            expires_at,
        })
    }

    pub async fn revoke_token(&self, ctx: &AccessContext, id: i64) -> Result<(), StoreError> {
        let owner = "SELECT u.organisation_id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1";
        let organisation: Option<i64> = match &self.pool {
            Pool::Sqlite(p) => sqlx::query_scalar(owner).bind(id).fetch_optional(p).await?,
            Pool::Postgres(p) => sqlx::query_scalar(owner).bind(id).fetch_optional(p).await?,
        };
        let organisation =
            OrganisationId(organisation.ok_or(StoreError::NotFound { kind: "token", id })?);
        administers(ctx, organisation)?;
        let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
        let changed = match &self.pool {
            Pool::Sqlite(p) => sqlx::query(sql)
                .bind(now())
                .bind(id)
                .execute(p)
                .await?
                .rows_affected(),
            Pool::Postgres(p) => sqlx::query(sql)
                .bind(now())
                .bind(id)
                .execute(p)
                .await?
                .rows_affected(),
        };
        if changed == 0 {
            return Err(StoreError::NotFound {
                kind: "active token",
                id,
            });
        }
        self.audit_for(
            Some(organisation),
            ctx,
            "token.revoke",
            json!({ "token_id": id }),
        )
        .await
    }

    /// The access context of a bearer token; `Unauthenticated` when it is unknown, expired,
    /// revoked, or its user is disabled (the reason is not told apart, on purpose).
    pub async fn authenticate_token(&self, secret: &str) -> Result<AccessContext, StoreError> {
        if !secret.starts_with(TOKEN_PREFIX) || secret.len() != TOKEN_PREFIX.len() + 64 {
            return Err(StoreError::Unauthenticated);
        }
        let sql = "SELECT u.organisation_id, t.role, t.id, u.email FROM api_tokens t JOIN users u ON u.id = t.user_id \
                   WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.disabled = 0";
        let hash = token_hash(secret);
        let row: Option<(i64, String, i64, String)> = match &self.pool {
            Pool::Sqlite(p) => {
                sqlx::query_as(sql)
                    .bind(&hash)
                    .bind(now())
                    .fetch_optional(p)
                    .await?
            }
            Pool::Postgres(p) => {
                sqlx::query_as(sql)
                    .bind(&hash)
                    .bind(now())
                    .fetch_optional(p)
                    .await?
            }
        };
        let (org, role, token, email) = row.ok_or(StoreError::Unauthenticated)?;
        let role = Role::from_code(&role).ok_or(StoreError::Corrupt {
            column: "role",
            value: role.clone(),
        })?;
        Ok(AccessContext::member(OrganisationId(org), role)
            .acting_as(format!("token {token} of {email}")))
    }
}
