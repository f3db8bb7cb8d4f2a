//! The audit log: append-only, one hash chain per organisation (and one for the instance).
//!
//! Entry n of a chain carries `mac_n = HMAC(audit key, mac_{n-1}, seq, chain, at, actor,
//! action, detail)`, and the chain's head (last seq and mac) is stored apart, so [`Store::verify_audit`]
//! finds a changed, removed, reordered or truncated entry and names it.

use crate::clock::now;
use crate::{Store, StoreError};
use faro_domain::{AccessContext, OrganisationId};
use serde_json::Value;

/// One stored entry.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditEntry {
    pub chain: String,
    pub seq: i64,
    /// Unix seconds.
    pub at: i64,
    pub actor: String,
    pub action: String,
    /// JSON text: ids and counts, never record contents.
    pub detail: String,
    pub mac: String,
}

/// What verification found wrong first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit chain `{chain}`, entry {seq}: {problem}")]
pub struct AuditProblem {
    pub chain: String,
    pub seq: i64,
    pub problem: String,
}

/// A clean verification: how much was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditSummary {
    pub chains: usize,
    pub entries: usize,
}

/// What an entry's MAC covers, in order: the previous MAC, then the entry itself.
pub(crate) fn mac_parts(
    prev: &str,
    seq: i64,
    chain: &str,
    at: i64,
    actor: &str,
    action: &str,
    detail: &str,
) -> Vec<Vec<u8>> {
    vec![
        prev.as_bytes().to_vec(),
        seq.to_string().into_bytes(),
        chain.as_bytes().to_vec(),
        at.to_string().into_bytes(),
        actor.as_bytes().to_vec(),
        action.as_bytes().to_vec(),
        detail.as_bytes().to_vec(),
    ]
}

/// An audit entry about to be appended: everything but its place in the chain.
pub(crate) struct Draft<'a> {
    pub chain: String,
    pub at: i64,
    pub actor: &'a str,
    pub action: &'a str,
    pub detail: String,
}

impl<'a> Draft<'a> {
    /// An entry by `ctx` in the chain of `organisation` (the instance's for `None`): the
    /// chain of the organisation a change concerns, where its admins read it, whoever made it.
    pub fn new(
        organisation: Option<OrganisationId>,
        ctx: &'a AccessContext,
        action: &'a str,
        detail: Value,
    ) -> Draft<'a> {
        Draft {
            chain: chain_of(organisation),
            at: now(),
            actor: ctx.actor(),
            action,
            detail: detail.to_string(),
        }
    }

    /// The MAC of this entry as number `seq`, after the entry whose MAC is `prev`.
    pub fn mac(&self, keys: &crate::keys::Keys, prev: &str, seq: i64) -> String {
        keys.audit_mac(&mac_parts(
            prev,
            seq,
            &self.chain,
            self.at,
            self.actor,
            self.action,
            &self.detail,
        ))
    }
}

/// A chain's head, created with the chain's first entry.
pub(crate) const NEW_HEAD_SQL: &str =
    "INSERT INTO audit_heads (chain, seq, mac) VALUES ($1, 0, '') ON CONFLICT (chain) DO NOTHING";
/// The head, read under the chain's lock (`Dialect::for_update` is appended).
pub(crate) const HEAD_SQL: &str = "SELECT seq, mac FROM audit_heads WHERE chain = $1";
pub(crate) const INSERT_SQL: &str = "INSERT INTO audit_log (chain, seq, at, actor, action, detail, mac) VALUES ($1, $2, $3, $4, $5, $6, $7)";
pub(crate) const ADVANCE_SQL: &str = "UPDATE audit_heads SET seq = $1, mac = $2 WHERE chain = $3";

/// Appends the [`Draft`] `$draft` to its chain inside the open transaction `$tx` (of
/// `in_transaction!`), so that a change and its entry commit together or not at all.
///
/// Appends to one chain are serialised: SQLite's writer already holds the database's write
/// lock, PostgreSQL locks the head row. A process still holding a rotated-away key must not
/// extend the chains: the key is checked under that lock, so a rotation committed meanwhile is
/// seen. Without a data key nothing is written (`StoreError::Locked`).
macro_rules! append_audit {
    ($store:expr, $tx:ident, $dialect:expr, $draft:expr) => {{
        let keys = $store.keys.as_ref().ok_or($crate::StoreError::Locked)?;
        let draft = &$draft;
        sqlx::query($crate::audit::NEW_HEAD_SQL)
            .bind(&draft.chain)
            .execute(&mut *$tx)
            .await?;
        let lock = format!("{}{}", $crate::audit::HEAD_SQL, $dialect.for_update());
        let (last, prev): (i64, String) = sqlx::query_as(&lock)
            .bind(&draft.chain)
            .fetch_one(&mut *$tx)
            .await?;
        let check: String = sqlx::query_scalar($crate::KEY_CHECK_SQL)
            .fetch_one(&mut *$tx)
            .await?;
        if check != keys.check_value() {
            return Err($crate::StoreError::WrongKey);
        }
        let seq = last + 1;
        let mac = draft.mac(keys, &prev, seq);
        sqlx::query($crate::audit::INSERT_SQL)
            .bind(&draft.chain)
            .bind(seq)
            .bind(draft.at)
            .bind(draft.actor)
            .bind(draft.action)
            .bind(&draft.detail)
            .bind(&mac)
            .execute(&mut *$tx)
            .await?;
        sqlx::query($crate::audit::ADVANCE_SQL)
            .bind(seq)
            .bind(&mac)
            .bind(&draft.chain)
            .execute(&mut *$tx)
            .await?;
    }};
}

fn chain_of(organisation: Option<OrganisationId>) -> String {
    organisation.map_or_else(
        || "instance".to_string(),
        |o| format!("organisation {}", o.0),
    )
}

/// Every entry, in the order chains are checked.
pub(crate) const ENTRIES_SQL: &str =
    "SELECT chain, seq, at, actor, action, detail, mac FROM audit_log ORDER BY chain, seq";
pub(crate) const HEADS_SQL: &str = "SELECT chain, seq, mac FROM audit_heads ORDER BY chain";

impl Store {
    /// Appends an entry for `ctx`'s chain. Fails (and the caller must not go on) when the store
    /// holds no data key: an access that cannot be audited does not happen.
    pub async fn audit(
        &self,
        ctx: &AccessContext,
        action: &str,
        detail: Value,
    ) -> Result<(), StoreError> {
        self.audit_for(ctx.organisation(), ctx, action, detail)
            .await
    }

    /// Appends to the chain of `organisation` (the instance's for `None`), in a transaction of
    /// its own: for what is not a change (reads, sign-ins). A change writes its entry in its
    /// own transaction with [`append_audit!`].
    pub(crate) async fn audit_for(
        &self,
        organisation: Option<OrganisationId>,
        ctx: &AccessContext,
        action: &str,
        detail: Value,
    ) -> Result<(), StoreError> {
        let draft = Draft::new(organisation, ctx, action, detail);
        in_transaction!(self, |tx, dialect| {
            append_audit!(self, tx, dialect, draft);
        });
        Ok(())
    }

    /// Runs `statements` (SQL whose parameters are all integers: ids, times, flags) and then
    /// appends the entry `entry` builds from the rows each statement changed, all in one
    /// transaction. `entry` may refuse (a revoke that found nothing): then nothing changes.
    pub(crate) async fn audited_ints<'a>(
        &self,
        statements: &[(&str, &[i64])],
        entry: impl FnOnce(&[u64]) -> Result<Draft<'a>, StoreError>,
    ) -> Result<Vec<u64>, StoreError> {
        Ok(in_transaction!(self, |tx, dialect| {
            let mut changed = Vec::with_capacity(statements.len());
            for (sql, binds) in statements {
                let mut query = sqlx::query(sql);
                for value in *binds {
                    query = query.bind(*value);
                }
                changed.push(query.execute(&mut *tx).await?.rows_affected());
            }
            let draft = entry(&changed)?;
            append_audit!(self, tx, dialect, draft);
            changed
        }))
    }

    /// One page of an organisation's chain, newest first, before the entry `before` (all
    /// when `None`): for the organisation's admins.
    pub async fn audit_page(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        crate::account::administers(ctx, organisation)?;
        let sql = "SELECT chain, seq, at, actor, action, detail, mac FROM audit_log \
                   WHERE chain = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3";
        let chain = chain_of(Some(organisation));
        let before = before.unwrap_or(i64::MAX);
        let entries: Vec<AuditEntry> = with_pool!(self, |p| {
            sqlx::query_as(sql)
                .bind(&chain)
                .bind(before)
                .bind(limit)
                .fetch_all(p)
                .await?
        });
        Ok(entries)
    }

    /// Every entry of every chain, in chain and sequence order.
    pub async fn audit_entries(&self) -> Result<Vec<AuditEntry>, StoreError> {
        let sql = ENTRIES_SQL;
        Ok(with_pool!(self, |p| sqlx::query_as(sql)
            .fetch_all(p)
            .await?))
    }

    /// Recomputes every chain. `Ok` names how much was checked; `Err` the first problem.
    pub async fn verify_audit(&self) -> Result<Result<AuditSummary, AuditProblem>, StoreError> {
        let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
        let entries = self.audit_entries().await?;
        let heads: Vec<(String, i64, String)> =
            with_pool!(self, |p| sqlx::query_as(HEADS_SQL).fetch_all(p).await?);
        Ok(check_chains(keys, &entries, &heads))
    }
}

/// Recomputes every chain of `entries` (in chain and sequence order) against `heads` under
/// `keys`: `Ok` says how much was checked, `Err` names the first problem.
pub(crate) fn check_chains(
    keys: &crate::keys::Keys,
    entries: &[AuditEntry],
    heads: &[(String, i64, String)],
) -> Result<AuditSummary, AuditProblem> {
    let problem = |chain: &str, seq: i64, problem: String| {
        Err(AuditProblem {
            chain: chain.into(),
            seq,
            problem,
        })
    };
    for (chain, head_seq, head_mac) in heads {
        let (mut expected, mut prev) = (1i64, String::new());
        for e in entries.iter().filter(|e| &e.chain == chain) {
            if e.seq != expected {
                return problem(
                    chain,
                    expected,
                    format!("is missing (the next entry found is {})", e.seq),
                );
            }
            let recomputed = keys.audit_mac(&mac_parts(
                &prev, e.seq, &e.chain, e.at, &e.actor, &e.action, &e.detail,
            ));
            if recomputed != e.mac {
                return problem(
                    chain,
                    e.seq,
                    "was changed, or entries were reordered (its MAC does not match)".into(),
                );
            }
            prev = e.mac.clone();
            expected += 1;
        }
        let last = expected - 1;
        if last != *head_seq || prev != *head_mac {
            return problem(
                chain,
                last + 1,
                format!(
                    "is missing: the chain ends at {last} but its head records {head_seq} (entries were removed from the end)"
                ),
            );
        }
    }
    if let Some(orphan) = entries
        .iter()
        .find(|e| !heads.iter().any(|(c, _, _)| *c == e.chain))
    {
        return problem(
            &orphan.chain,
            orphan.seq,
            "belongs to a chain without a head (the head was removed)".into(),
        );
    }
    Ok(AuditSummary {
        chains: heads.len(),
        entries: entries.len(),
    })
}
