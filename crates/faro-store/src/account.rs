//! Users and API tokens: who a request is, turned into an `AccessContext`.

use crate::audit::Draft;
use crate::clock::now;
use crate::secret::{is_secret_shape, random_secret, secret_hash};
use crate::{Store, StoreError};
use faro_domain::vocab::Vocabulary;
use faro_domain::{AccessContext, DisplayName, Email, OrganisationId, Role, TokenName};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub organisation: OrganisationId,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    /// Signs in with a TOTP code besides the password.
    pub two_factor: bool,
    /// How colleagues see them, when chosen (see [`User::shown_as`]).
    pub display_name: Option<String>,
}

impl User {
    /// The name colleagues read: the display name, else the e-mail's part before the @.
    pub fn shown_as(&self) -> &str {
        match &self.display_name {
            Some(name) => name,
            None => self.email.split('@').next().unwrap_or(&self.email),
        }
    }
}

/// A token as lists show it: never its secret, which is not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub user_id: i64,
    pub email: String,
    pub role: Role,
    pub name: String,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked: bool,
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

/// A user as [`USER_COLUMNS`] reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: i64,
    organisation_id: i64,
    email: String,
    role: String,
    disabled: i32,
    totp_enabled: i32,
    display_name: Option<String>,
}

/// A role code read from the database, which only Faro writes.
pub(crate) fn stored_role(code: &str) -> Result<Role, StoreError> {
    Role::from_code(code).ok_or_else(|| StoreError::Corrupt {
        column: "role",
        value: code.to_string(),
    })
}

/// The columns [`user_from`] reads, in its order.
pub(crate) const USER_COLUMNS: &str = "users.id, users.organisation_id, users.email, users.role, users.disabled, users.totp_enabled, users.display_name";

pub(crate) fn user_from(r: UserRow) -> Result<User, StoreError> {
    Ok(User {
        id: r.id,
        organisation: OrganisationId(r.organisation_id),
        role: stored_role(&r.role)?,
        email: r.email,
        disabled: r.disabled != 0,
        two_factor: r.totp_enabled != 0,
        display_name: r.display_name,
    })
}

/// Whether `ctx` may act on `user`'s own credentials (tokens, sessions): the user themself,
/// or whoever administers their organisation.
fn owns_or_administers(
    ctx: &AccessContext,
    user_id: i64,
    organisation: OrganisationId,
) -> Result<(), StoreError> {
    if ctx.user() == Some(user_id) && ctx.organisation() == Some(organisation) {
        Ok(())
    } else {
        StoreError::unless_administers(ctx, organisation)
    }
}

/// A user's cases when they can no longer work them (disabled, or a role without cases): with
/// their team, or waiting for a supervisor to assign them; their open tasks with whoever has
/// the case.
const UNASSIGN_CASES: &str =
    "UPDATE cases SET assignee = NULL, version = version + 1 WHERE assignee = $1";
const UNASSIGN_TASKS: &str =
    "UPDATE case_tasks SET assignee = NULL WHERE assignee = $1 AND done_at IS NULL";

impl Store {
    /// Adds a user to an organisation; an e-mail already taken is a `Conflict`.
    pub async fn create_user(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        email: &Email,
        role: Role,
    ) -> Result<User, StoreError> {
        StoreError::unless_administers(ctx, organisation)?;
        let email = email.as_str();
        // E-mails are unique on the instance. The refusal is the same whichever organisation
        // holds the address, so it tells an admin nothing about other organisations.
        if self.user(email).await.is_ok() {
            return Err(StoreError::Conflict {
                what: faro_domain::Message::new(faro_domain::refusal::EMAIL_TAKEN),
            });
        }
        let sql = "INSERT INTO users (organisation_id, email, role, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
        let id: i64 = in_transaction!(self, |tx, dialect| {
            let id: i64 = sqlx::query_scalar(sql)
                .bind(organisation.0)
                .bind(email)
                .bind(role.code())
                .bind(now())
                .fetch_one(&mut *tx)
                .await?;
            let detail = json!({ "user_id": id, "role": role.code() });
            let entry = Draft::new(Some(organisation), ctx, "user.create", detail);
            append_audit!(self, tx, dialect, entry);
            id
        });
        Ok(User {
            id,
            organisation,
            email: email.to_string(),
            role,
            disabled: false,
            two_factor: false,
            display_name: None,
        })
    }

    pub async fn user(&self, email: &str) -> Result<User, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1");
        let sql = sql.as_str();
        let email = email.trim().to_lowercase();
        let row: Option<UserRow> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(&email)
            .fetch_optional(p)
            .await?);
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
        StoreError::unless_administers(ctx, user.organisation)?;
        if ctx.user() == Some(user.id) {
            // An organisation's last admin would lock everyone out: another admin does it.
            return Err(StoreError::Forbidden {
                action: "disable_self",
            });
        }
        let sql = "UPDATE users SET disabled = 1 WHERE id = $1";
        let detail = json!({ "user_id": user.id });
        let statements: [(&str, &[i64]); 3] = [
            (sql, &[user.id]),
            (UNASSIGN_CASES, &[user.id]),
            (UNASSIGN_TASKS, &[user.id]),
        ];
        self.audited_ints(&statements, |_| {
            Ok(Draft::new(
                Some(user.organisation),
                ctx,
                "user.disable",
                detail,
            ))
        })
        .await?;
        Ok(())
    }

    /// The users of `organisation`, by e-mail, for its admins.
    pub async fn users_of(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<Vec<User>, StoreError> {
        StoreError::unless_administers(ctx, organisation)?;
        self.users_in(organisation).await
    }

    async fn users_in(&self, organisation: OrganisationId) -> Result<Vec<User>, StoreError> {
        let sql =
            format!("SELECT {USER_COLUMNS} FROM users WHERE organisation_id = $1 ORDER BY email");
        let rows: Vec<UserRow> = with_pool!(self, |p| {
            sqlx::query_as(&sql)
                .bind(organisation.0)
                .fetch_all(p)
                .await?
        });
        rows.into_iter().map(user_from).collect()
    }

    /// `organisation`'s staff, for any of its members: conversations, notes and the audit
    /// page show people by name, and reports are assigned to one of them.
    pub async fn staff(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<Vec<User>, StoreError> {
        if !ctx.speaks_for(organisation) {
            return Err(StoreError::Forbidden {
                action: "see_staff",
            });
        }
        self.users_in(organisation).await
    }

    /// Sets how colleagues see the user of `email`: by the user themself or their organisation's admin.
    /// The audit entry names the user, not the name (a pseudonym may be chosen to hide one).
    pub async fn set_display_name(
        &self,
        ctx: &AccessContext,
        email: &str,
        name: &DisplayName,
    ) -> Result<(), StoreError> {
        let user = self.user(email).await?;
        owns_or_administers(ctx, user.id, user.organisation)?;
        let sql = "UPDATE users SET display_name = $1 WHERE id = $2";
        in_transaction!(self, |tx, dialect| {
            sqlx::query(sql)
                .bind(name.as_str())
                .bind(user.id)
                .execute(&mut *tx)
                .await?;
            let detail = json!({ "user_id": user.id });
            let entry = Draft::new(Some(user.organisation), ctx, "user.display_name", detail);
            append_audit!(self, tx, dialect, entry);
        });
        Ok(())
    }

    /// The tokens of `organisation` (for its admins), or of one of its users (for that user
    /// too), newest first.
    pub async fn tokens(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        user: Option<i64>,
    ) -> Result<Vec<TokenInfo>, StoreError> {
        match user {
            Some(id) => owns_or_administers(ctx, id, organisation)?,
            None => StoreError::unless_administers(ctx, organisation)?,
        }
        let sql = "SELECT t.id, t.user_id, u.email, t.role, t.name, t.created_at, t.expires_at, t.revoked_at \
                   FROM api_tokens t JOIN users u ON u.id = t.user_id \
                   WHERE u.organisation_id = $1 AND ($2 = 0 OR t.user_id = $2) ORDER BY t.id DESC";
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            user_id: i64,
            email: String,
            role: String,
            name: String,
            created_at: i64,
            expires_at: i64,
            revoked_at: Option<i64>,
        }
        let only = user.unwrap_or(0);
        let rows: Vec<Row> = with_pool!(self, |p| {
            sqlx::query_as(sql)
                .bind(organisation.0)
                .bind(only)
                .fetch_all(p)
                .await?
        });
        rows.into_iter()
            .map(|r| {
                Ok(TokenInfo {
                    role: stored_role(&r.role)?,
                    id: r.id,
                    user_id: r.user_id,
                    email: r.email,
                    name: r.name,
                    created_at: r.created_at,
                    expires_at: r.expires_at,
                    revoked: r.revoked_at.is_some(),
                })
            })
            .collect()
    }

    /// Gives a user another role, for the admins of their organisation (not their own: another
    /// admin does that). Their sessions take the new role at the next request; tokens wider
    /// than it are revoked. Returns how many.
    pub async fn set_role(
        &self,
        ctx: &AccessContext,
        email: &str,
        role: Role,
    ) -> Result<u64, StoreError> {
        let user = self.user(email).await?;
        StoreError::unless_administers(ctx, user.organisation)?;
        if ctx.user() == Some(user.id) {
            return Err(StoreError::Forbidden { action: "own_role" });
        }
        // Role codes come from the closed vocabulary, never from the caller.
        let kept: Vec<String> = Role::ALL
            .iter()
            .filter(|r| r.within(role))
            .map(|r| format!("'{}'", r.code()))
            .collect();
        let set = "UPDATE users SET role = $1 WHERE id = $2";
        let revoke = format!(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND role NOT IN ({})",
            kept.join(", ")
        );
        let revoked = in_transaction!(self, |tx, dialect| {
            sqlx::query(set)
                .bind(role.code())
                .bind(user.id)
                .execute(&mut *tx)
                .await?;
            let revoked = sqlx::query(&revoke)
                .bind(now())
                .bind(user.id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            // A role without cases can no longer work the ones assigned: they go back to
            // their team, as a disabled user's do.
            let mut unassigned = 0;
            if !role.permissions().contains(&faro_domain::Permission::Cases) {
                for sql in [UNASSIGN_CASES, UNASSIGN_TASKS] {
                    unassigned += sqlx::query(sql)
                        .bind(user.id)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                }
            }
            let detail = json!({ "user_id": user.id, "role": role.code(), "tokens_revoked": revoked, "unassigned": unassigned });
            let entry = Draft::new(Some(user.organisation), ctx, "user.role", detail);
            append_audit!(self, tx, dialect, entry);
            revoked
        });
        Ok(revoked)
    }

    /// Creates an API token for `user` in `role` (default: the user's own), valid for
    /// `valid_for_secs`: by the user themself or an admin of their organisation. A role
    /// wider than the user's is `Forbidden`.
    pub async fn create_token(
        &self,
        ctx: &AccessContext,
        user: &User,
        role: Option<Role>,
        name: &TokenName,
        valid_for_secs: i64,
    ) -> Result<NewToken, StoreError> {
        owns_or_administers(ctx, user.id, user.organisation)?;
        let role = role.unwrap_or(user.role);
        if !role.within(user.role) || !ctx.role().is_some_and(|r| role.within(r)) {
            return Err(StoreError::Forbidden {
                action: "token_wider",
            });
        }
        if user.disabled {
            return Err(StoreError::Forbidden {
                action: "token_disabled",
            });
        }
        let secret = random_secret(TOKEN_PREFIX)?;
        let expires_at = now() + valid_for_secs;
        let sql = "INSERT INTO api_tokens (user_id, role, name, token_hash, created_at, expires_at) \
                   VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
        let hash = secret_hash(&secret);
        let id: i64 = in_transaction!(self, |tx, dialect| {
            let id: i64 = sqlx::query_scalar(sql)
                .bind(user.id)
                .bind(role.code())
                .bind(name.as_str())
                .bind(&hash)
                .bind(now())
                .bind(expires_at)
                .fetch_one(&mut *tx)
                .await?;
            let detail = json!({ "token_id": id, "user_id": user.id, "role": role.code() });
            let entry = Draft::new(Some(user.organisation), ctx, "token.create", detail);
            append_audit!(self, tx, dialect, entry);
            id
        });
        Ok(NewToken {
            id,
            secret,
            role,
            expires_at,
        })
    }

    /// Revokes a token: by its user or an admin of their organisation.
    pub async fn revoke_token(&self, ctx: &AccessContext, id: i64) -> Result<(), StoreError> {
        let owner = "SELECT u.organisation_id, u.id FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1";
        let owner: Option<(i64, i64)> = with_pool!(self, |p| sqlx::query_as(owner)
            .bind(id)
            .fetch_optional(p)
            .await?);
        let (organisation, user) = owner.ok_or(StoreError::NotFound { kind: "token", id })?;
        let organisation = OrganisationId(organisation);
        // Another organisation's token does not exist for this caller: the same answer as a
        // missing one, so ids cannot be probed across organisations.
        if !ctx.speaks_for(organisation) {
            return Err(StoreError::NotFound { kind: "token", id });
        }
        owns_or_administers(ctx, user, organisation)?;
        let sql = "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";
        self.audited_ints(&[(sql, &[now(), id])], |changed| {
            if changed.first() == Some(&0) {
                return Err(StoreError::NotFound {
                    kind: "active token",
                    id,
                });
            }
            let detail = json!({ "token_id": id });
            Ok(Draft::new(Some(organisation), ctx, "token.revoke", detail))
        })
        .await?;
        Ok(())
    }

    /// The access context of a bearer token; `Unauthenticated` when it is unknown, expired,
    /// revoked, or its user is disabled (the reason is not told apart, on purpose).
    pub async fn authenticate_token(&self, secret: &str) -> Result<AccessContext, StoreError> {
        if !is_secret_shape(secret, TOKEN_PREFIX) {
            return Err(StoreError::Unauthenticated);
        }
        let sql = "SELECT u.organisation_id, t.role, t.id AS token_id, u.id AS user_id FROM api_tokens t JOIN users u ON u.id = t.user_id \
                   WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.disabled = 0";
        let hash = secret_hash(secret);
        #[derive(sqlx::FromRow)]
        struct Row {
            organisation_id: i64,
            role: String,
            token_id: i64,
            user_id: i64,
        }
        let row: Option<Row> = with_pool!(self, |p| {
            sqlx::query_as(sql)
                .bind(&hash)
                .bind(now())
                .fetch_optional(p)
                .await?
        });
        let r = row.ok_or(StoreError::Unauthenticated)?;
        Ok(
            AccessContext::member(OrganisationId(r.organisation_id), stored_role(&r.role)?)
                .for_user(r.user_id)
                .acting_as(
                    faro_domain::access::Actor::Token {
                        token: r.token_id,
                        user: r.user_id,
                    }
                    .to_string(),
                ),
        )
    }
}
