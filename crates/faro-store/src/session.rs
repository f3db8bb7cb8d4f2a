//! Sign-in for people: argon2id passwords, an optional TOTP second factor, server-side
//! sessions with idle and absolute expiry, and one-time set-password links.
//!
//! Secrets handed to a browser (session cookies, link tokens) are 32 random bytes stored only
//! as their sha256, so a copy of the database signs nobody in. Throttling of failed attempts
//! lives in the web layer, which sees clients; the store records every attempt in the audit log.

use crate::account::{USER_COLUMNS, User};
use crate::audit::Draft;
use crate::clock::now;
use crate::secret::{is_secret_shape, random_bytes, random_secret, secret_hash};
use crate::{Store, StoreError};
use faro_domain::credential::PASSWORD_MAX_CHARS;
use faro_domain::{AccessContext, Password};
use serde_json::json;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

/// A session ends after this long without a request.
pub const SESSION_IDLE_SECS: i64 = 30 * 60;
/// A session ends this long after sign-in, however active.
pub const SESSION_MAX_SECS: i64 = 12 * 3600;
/// A set-password link works once, within this time.
pub const PASSWORD_LINK_SECS: i64 = 24 * 3600;

/// A session just opened: its secrets go into the cookie and the forms once.
pub struct NewSession {
    pub secret: String,
    pub session: Session,
}

impl std::fmt::Debug for NewSession {
    /// Never prints the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession")
            .field("user", &self.session.user.id)
            .finish_non_exhaustive()
    }
}

/// A live session: who it is and the token its forms must carry.
#[derive(Clone)]
pub struct Session {
    pub id: i64,
    pub user: User,
    /// The synchroniser token every state-changing form of this session carries.
    pub csrf: String,
    pub ctx: AccessContext,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("id", &self.id)
            .field("user", &self.user.id)
            .finish_non_exhaustive()
    }
}

/// What an authenticator app needs to start producing codes: shown once while enrolling.
pub struct TwoFactorSetup {
    /// The shared secret in base32, for typing in.
    pub secret: String,
    /// The `otpauth://` URL, for apps that take a link or a QR code of it.
    pub url: String,
}

const SESSION_PREFIX: &str = "fs_";
const LINK_PREFIX: &str = "fl_";

/// Why a sign-in failed, for the audit log only: the person is told the same thing each time.
fn failed(reason: &str) -> serde_json::Value {
    json!({ "reason": reason })
}

/// Hashes on a blocking thread: argon2id takes tens of milliseconds of CPU by design.
async fn hash_password(password: String) -> Result<String, StoreError> {
    tokio::task::spawn_blocking(move || crate::hash::password(password.as_bytes()))
        .await
        .map_err(|e| StoreError::Interrupted(e.to_string()))?
        .map_err(StoreError::from)
}

/// Checks a password against a stored PHC string on a blocking thread. Without a stored
/// hash, a dummy one is checked, so that an unknown e-mail takes as long as a wrong password.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$QdBIw2Ze27FTbUjqsbgCqqjX9ZoT2AZBFwqCWe5oH5s";

async fn password_matches(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY.to_string());
        crate::hash::password_matches(password.as_bytes(), &stored) && known
    })
    .await
    .unwrap_or(false)
}

fn totp(secret: Vec<u8>, email: &str) -> Result<TOTP, StoreError> {
    // Issuer and account may not hold `:`; e-mail addresses do not.
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        secret,
        Some("Faro".into()),
        email.replace(':', ""),
    )
    .map_err(|e| StoreError::Internal(format!("a second factor: {e}")))
}

/// Where a user's TOTP secret is sealed (its associated data).
pub(crate) fn totp_place(user: i64) -> String {
    format!("users.totp {user}")
}

/// The TOTP of a user's sealed secret.
fn open_totp(keys: &crate::keys::Keys, user: &User, sealed: &str) -> Result<TOTP, StoreError> {
    let place = totp_place(user.id);
    let secret =
        hex::decode(keys.open(&place, sealed)?).map_err(|_| StoreError::Crypto { place })?;
    totp(secret, &user.email)
}

/// The 30-second step whose code `code` is, within one step of now, and later than
/// `last_step`, so that a code is accepted once.
fn accepted_step(totp: &TOTP, code: &str, last_step: Option<i64>, at: i64) -> Option<i64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now_step = at / 30;
    (now_step - 1..=now_step + 1)
        .filter(|step| last_step.is_none_or(|last| *step > last))
        .find(|step| {
            let expected = totp.generate((*step * 30) as u64);
            bool::from(expected.as_bytes().ct_eq(code.as_bytes()))
        })
}

#[derive(sqlx::FromRow)]
struct SignInRow {
    #[sqlx(flatten)]
    user: crate::account::UserRow,
    password_hash: Option<String>,
    totp_secret: Option<String>,
    totp_last_step: Option<i64>,
}

impl Store {
    /// Signs a person in. Every failure is `Unauthenticated` whatever went wrong (unknown
    /// e-mail, wrong password or code, disabled account), and is audited with its reason in
    /// the account's organisation (the instance's chain for an unknown e-mail, without it).
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        code: Option<&str>,
    ) -> Result<NewSession, StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = format!(
            "SELECT {USER_COLUMNS}, users.password_hash, users.totp_secret, users.totp_last_step FROM users WHERE email = $1"
        );
        let email = email.trim().to_lowercase();
        let row: Option<SignInRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(&email)
            .fetch_optional(p)
            .await?);
        let stored = row.as_ref().and_then(|r| r.password_hash.clone());
        // No stored password is this long: a huge one is wrong without costing a hash.
        let password_ok = password.chars().count() <= PASSWORD_MAX_CHARS
            && password_matches(password.to_string(), stored).await;
        let Some(row) = row else {
            let anyone = AccessContext::instance().acting_as("someone signing in");
            self.audit_for(None, &anyone, "sign_in.failed", failed("unknown account"))
                .await?;
            return Err(StoreError::Unauthenticated);
        };
        let (totp_secret, last_step) = (row.totp_secret, row.totp_last_step);
        let user = crate::account::user_from(row.user)?;
        let actor = session_context(&user);
        let refuse = |reason: &'static str| {
            let actor = actor.clone();
            async move {
                self.audit(&actor, "sign_in.failed", failed(reason)).await?;
                Err::<NewSession, _>(StoreError::Unauthenticated)
            }
        };
        if !password_ok {
            return refuse("password").await;
        }
        if user.disabled {
            return refuse("disabled").await;
        }
        if user.two_factor {
            let sealed = totp_secret.ok_or(StoreError::Corrupt {
                column: "totp_secret",
                value: "(missing)".into(),
            })?;
            let otp = open_totp(&keys, &user, &sealed)?;
            let step = code.and_then(|c| accepted_step(&otp, c, last_step, now()));
            let fresh = match step {
                Some(step) => self.use_totp_step(user.id, step).await?,
                None => false,
            };
            if !fresh {
                return refuse("second factor").await;
            }
        }
        self.open_session(&user, &actor).await
    }

    /// Runs a statement whose two parameters are integers (ids, times, steps); returns the
    /// rows it changed.
    async fn execute_ints(&self, sql: &str, first: i64, second: i64) -> Result<u64, StoreError> {
        Ok(with_pool!(self, |p| sqlx::query(sql)
            .bind(first)
            .bind(second)
            .execute(p)
            .await?
            .rows_affected()))
    }

    /// Records `step` as the last accepted one, unless a concurrent sign-in already used it
    /// (or a later one): then `false`, and the code does not count twice.
    async fn use_totp_step(&self, user: i64, step: i64) -> Result<bool, StoreError> {
        let sql = "UPDATE users SET totp_last_step = $1 WHERE id = $2 \
                   AND (totp_last_step IS NULL OR totp_last_step < $1)";
        Ok(self.execute_ints(sql, step, user).await? == 1)
    }

    /// A fresh session (a new id at every sign-in, so a session fixed before sign-in is
    /// never the one that signs in).
    /// Opens a session for `user` and audits the sign-in by `actor`, in one transaction.
    async fn open_session(
        &self,
        user: &User,
        actor: &AccessContext,
    ) -> Result<NewSession, StoreError> {
        let secret = random_secret(SESSION_PREFIX)?;
        let csrf = random_secret("")?;
        let at = now();
        // Sessions nobody comes back to are removed here, so the table stays small.
        let purge = "DELETE FROM sessions WHERE seen_at < $1 OR created_at < $2";
        self.execute_ints(purge, at - SESSION_IDLE_SECS, at - SESSION_MAX_SECS)
            .await?;
        let sql = "INSERT INTO sessions (user_id, token_hash, csrf, created_at, seen_at) VALUES ($1, $2, $3, $4, $4) RETURNING id";
        let hash = secret_hash(&secret);
        let id: i64 = in_transaction!(self, |tx, dialect| {
            let id: i64 = sqlx::query_scalar(sql)
                .bind(user.id)
                .bind(&hash)
                .bind(&csrf)
                .bind(at)
                .fetch_one(&mut *tx)
                .await?;
            let detail = json!({ "session_id": id });
            let entry = Draft::new(actor.organisation(), actor, "sign_in", detail);
            append_audit!(self, tx, dialect, entry);
            id
        });
        Ok(NewSession {
            secret,
            session: Session {
                id,
                user: user.clone(),
                csrf,
                ctx: session_context(user),
            },
        })
    }

    /// The live session of a cookie's secret. Unknown, idle for too long, too old, or of a
    /// disabled user: `Unauthenticated` (and an expired row is removed).
    pub async fn session(&self, secret: &str) -> Result<Session, StoreError> {
        if !is_secret_shape(secret, SESSION_PREFIX) {
            return Err(StoreError::Unauthenticated);
        }
        let sql = format!(
            "SELECT {USER_COLUMNS}, sessions.id AS session_id, sessions.csrf, sessions.created_at, sessions.seen_at \
             FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_hash = $1"
        );
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: crate::account::UserRow,
            session_id: i64,
            csrf: String,
            created_at: i64,
            seen_at: i64,
        }
        let hash = secret_hash(secret);
        let row: Option<Row> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(&hash)
            .fetch_optional(p)
            .await?);
        let row = row.ok_or(StoreError::Unauthenticated)?;
        let user = crate::account::user_from(row.user)?;
        let (id, csrf, created, seen) = (row.session_id, row.csrf, row.created_at, row.seen_at);
        let at = now();
        if user.disabled || at - seen > SESSION_IDLE_SECS || at - created > SESSION_MAX_SECS {
            self.end_sessions("id", id).await?;
            return Err(StoreError::Unauthenticated);
        }
        // Write the activity at most once a minute: a page load is not a database write.
        if at - seen > 60 {
            let touch = "UPDATE sessions SET seen_at = $1 WHERE id = $2";
            self.execute_ints(touch, at, id).await?;
        }
        Ok(Session {
            id,
            ctx: session_context(&user),
            user,
            csrf,
        })
    }

    /// The rights user `id` holds now, for work they started that runs later (a background
    /// job): a disabled or deleted user's work runs with no rights (`Unauthenticated`).
    pub async fn acting_for(&self, id: i64) -> Result<AccessContext, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        let row: Option<crate::account::UserRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        let user = row
            .map(crate::account::user_from)
            .transpose()?
            .filter(|u| !u.disabled)
            .ok_or(StoreError::Unauthenticated)?;
        Ok(session_context(&user))
    }

    /// Ends one session (sign out).
    pub async fn sign_out(&self, session: &Session) -> Result<(), StoreError> {
        let end = "DELETE FROM sessions WHERE id = $1";
        let detail = json!({ "session_id": session.id });
        let ctx = &session.ctx;
        self.audited_ints(&[(end, &[session.id])], |_| {
            Ok(Draft::new(ctx.organisation(), ctx, "sign_out", detail))
        })
        .await?;
        Ok(())
    }

    /// Ends every session of the signed-in user, on every device.
    pub async fn sign_out_everywhere(&self, session: &Session) -> Result<u64, StoreError> {
        let end = "DELETE FROM sessions WHERE user_id = $1";
        let ctx = &session.ctx;
        let changed = self
            .audited_ints(&[(end, &[session.user.id])], |changed| {
                let detail = json!({ "sessions": changed.first() });
                Ok(Draft::new(
                    ctx.organisation(),
                    ctx,
                    "sign_out.everywhere",
                    detail,
                ))
            })
            .await?;
        Ok(changed.first().copied().unwrap_or(0))
    }

    /// Deletes sessions whose `column` (`id` or `user_id`, never caller text) is `value`.
    async fn end_sessions(&self, column: &'static str, value: i64) -> Result<u64, StoreError> {
        let sql = format!("DELETE FROM sessions WHERE {column} = $1");
        Ok(with_pool!(self, |p| sqlx::query(&sql)
            .bind(value)
            .execute(p)
            .await?
            .rows_affected()))
    }

    /// A one-time link secret with which `email` sets a (new) password, for the admins of the
    /// user's organisation. Earlier unused links of the user stop working.
    pub async fn password_link(
        &self,
        ctx: &AccessContext,
        email: &str,
    ) -> Result<String, StoreError> {
        let user = self.user(email).await?;
        StoreError::unless_administers(ctx, user.organisation)?;
        let secret = random_secret(LINK_PREFIX)?;
        let at = now();
        let clear = "DELETE FROM password_links WHERE user_id = $1 AND used_at IS NULL";
        let insert = "INSERT INTO password_links (user_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)";
        let hash = secret_hash(&secret);
        // The older links go, the new one comes and the audit entry is written, together.
        let entry = Draft::new(
            Some(user.organisation),
            ctx,
            "user.password_link",
            json!({ "user_id": user.id }),
        );
        in_transaction!(self, |tx, dialect| {
            sqlx::query(clear).bind(user.id).execute(&mut *tx).await?;
            sqlx::query(insert)
                .bind(user.id)
                .bind(&hash)
                .bind(at)
                .bind(at + PASSWORD_LINK_SECS)
                .execute(&mut *tx)
                .await?;
            append_audit!(self, tx, dialect, entry);
        });
        Ok(secret)
    }

    /// Whether a set-password link is still good (for showing its form), and whose it is.
    pub async fn password_link_user(&self, secret: &str) -> Result<User, StoreError> {
        if !is_secret_shape(secret, LINK_PREFIX) {
            return Err(StoreError::Unauthenticated);
        }
        let sql = format!(
            "SELECT {USER_COLUMNS} FROM password_links JOIN users ON users.id = password_links.user_id \
             WHERE password_links.token_hash = $1 AND password_links.used_at IS NULL \
             AND password_links.expires_at > $2 AND users.disabled = 0"
        );
        let hash = secret_hash(secret);
        let row: Option<crate::account::UserRow> = with_pool!(self, |p| {
            sqlx::query_as(&sql)
                .bind(&hash)
                .bind(now())
                .fetch_optional(p)
                .await?
        });
        crate::account::user_from(row.ok_or(StoreError::Unauthenticated)?)
    }

    /// Sets the password of a link's user and uses the link up. Every session of the user
    /// ends: whoever knew the old password is signed out.
    pub async fn set_password(
        &self,
        secret: &str,
        password: &Password,
    ) -> Result<User, StoreError> {
        let user = self.password_link_user(secret).await?;
        let hash = hash_password(password.expose().to_string()).await?;
        let use_link =
            "UPDATE password_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL";
        let set = "UPDATE users SET password_hash = $1 WHERE id = $2";
        let link = secret_hash(secret);
        let end = "DELETE FROM sessions WHERE user_id = $1";
        let actor = session_context(&user)
            .acting_as(faro_domain::access::Actor::PasswordLink(user.id).to_string());
        let entry = Draft::new(
            actor.organisation(),
            &actor,
            "user.password_set",
            json!({ "user_id": user.id }),
        );
        // Using the link, setting the password, ending the sessions and the audit entry commit
        // together, or not at all: of two submissions of one link, only the first counts.
        in_transaction!(self, |tx, dialect| {
            let used = sqlx::query(use_link)
                .bind(now())
                .bind(&link)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if used != 1 {
                return Err(StoreError::Unauthenticated);
            }
            sqlx::query(set)
                .bind(&hash)
                .bind(user.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(end).bind(user.id).execute(&mut *tx).await?;
            append_audit!(self, tx, dialect, entry);
        });
        Ok(user)
    }

    /// Starts enrolling the signed-in user in TOTP: a new secret, stored encrypted, that
    /// counts only once [`Store::confirm_two_factor`] has seen a code from it.
    pub async fn begin_two_factor(&self, session: &Session) -> Result<TwoFactorSetup, StoreError> {
        let keys = self.current_keys().await?;
        if session.user.two_factor {
            return Err(StoreError::Conflict {
                what: faro_domain::Message::new(faro_domain::refusal::TWO_FACTOR_ON),
            });
        }
        // 160 bits, as RFC 4226 recommends for HMAC-SHA1.
        let secret = random_bytes::<20>()?;
        let sealed = keys.seal(&totp_place(session.user.id), &hex::encode(secret))?;
        let otp = totp(secret.to_vec(), &session.user.email)?;
        let sql = "UPDATE users SET totp_secret = $1, totp_enabled = 0, totp_last_step = NULL WHERE id = $2";
        with_pool!(self, |p| sqlx::query(sql)
            .bind(&sealed)
            .bind(session.user.id)
            .execute(p)
            .await
            .map(|_| ())?);
        Ok(TwoFactorSetup {
            secret: otp.get_secret_base32(),
            url: otp.get_url(),
        })
    }

    /// Turns TOTP on once a code from the new secret is right.
    pub async fn confirm_two_factor(
        &self,
        session: &Session,
        code: &str,
    ) -> Result<(), StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let sql = "SELECT totp_secret FROM users WHERE id = $1";
        let sealed: Option<String> = with_pool!(self, |p| {
            sqlx::query_scalar(sql)
                .bind(session.user.id)
                .fetch_one(p)
                .await?
        });
        let sealed = sealed.ok_or(StoreError::invalid(
            "code",
            faro_domain::refusal::TWO_FACTOR_NOT_STARTED,
        ))?;
        let otp = open_totp(&keys, &session.user, &sealed)?;
        let step = accepted_step(&otp, code, None, now()).ok_or(StoreError::invalid(
            "code",
            faro_domain::refusal::TWO_FACTOR_WRONG_CODE,
        ))?;
        let on = "UPDATE users SET totp_enabled = 1, totp_last_step = $1 WHERE id = $2";
        let (ctx, user) = (&session.ctx, session.user.id);
        self.audited_ints(&[(on, &[step, user])], |_| {
            let detail = json!({ "user_id": user });
            Ok(Draft::new(
                ctx.organisation(),
                ctx,
                "user.two_factor_on",
                detail,
            ))
        })
        .await?;
        Ok(())
    }

    /// Turns a user's second factor off (a lost phone), for the admins of their organisation.
    /// Their sessions end; they set it up again after signing in.
    pub async fn reset_two_factor(
        &self,
        ctx: &AccessContext,
        email: &str,
    ) -> Result<(), StoreError> {
        let user = self.user(email).await?;
        StoreError::unless_administers(ctx, user.organisation)?;
        let off = "UPDATE users SET totp_secret = NULL, totp_enabled = 0, totp_last_step = NULL WHERE id = $1";
        let end = "DELETE FROM sessions WHERE user_id = $1";
        let detail = json!({ "user_id": user.id });
        self.audited_ints(&[(off, &[user.id]), (end, &[user.id])], |_| {
            Ok(Draft::new(
                Some(user.organisation),
                ctx,
                "user.two_factor_off",
                detail,
            ))
        })
        .await?;
        Ok(())
    }
}

/// The rights a signed-in person acts with: their user's role in their organisation. The
/// audit log and note authors name them by id only; pages that may show who that is look the
/// e-mail up when they display it.
fn session_context(user: &User) -> AccessContext {
    AccessContext::member(user.organisation, user.role)
        .for_user(user.id)
        .acting_as(faro_domain::access::Actor::User(user.id).to_string())
}

/// The current code of a sealed TOTP secret, for tests that sign in with a second factor.
#[doc(hidden)]
pub fn totp_code_for_tests(secret_base32: &str, at: i64) -> Option<String> {
    let secret = totp_rs::Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .ok()?;
    Some(totp(secret, "test").ok()?.generate(at as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_accepted_within_one_step_and_only_once() {
        let otp = totp(vec![7u8; 20], "a@b.invalid").unwrap();
        let at = 1_700_000_000;
        let code = otp.generate(at as u64);
        let step = accepted_step(&otp, &code, None, at).unwrap();
        assert_eq!(step, at / 30);
        assert_eq!(accepted_step(&otp, &code, Some(step), at), None, "replayed");
        assert!(
            accepted_step(&otp, &code, None, at + 30).is_some(),
            "one step late"
        );
        assert_eq!(accepted_step(&otp, &code, None, at + 95), None, "too late");
        assert_eq!(accepted_step(&otp, "12345", None, at), None);
        assert_eq!(accepted_step(&otp, "abcdef", None, at), None);
    }

    #[test]
    fn the_dummy_hash_is_a_real_argon2id_hash_so_unknown_accounts_take_as_long() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY).is_ok());
        // The dummy's memory size is the default's, so checking it costs what a real check does.
        assert!(DUMMY.contains("m=19456,t=2,p=1"));
    }
}
