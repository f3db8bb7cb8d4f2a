//! The audit log: append-only, one hash chain per organisation (and one for the instance).
//!
//! Entry n of a chain carries `mac_n = HMAC(audit key, mac_{n-1}, seq, chain, at, actor,
//! action, detail)`, and the chain's head (last seq and mac) is stored apart with a tag (an
//! HMAC over chain, seq and mac), so [`Store::verify_audit`] finds a changed, removed,
//! reordered or truncated entry, a forged head, and a missing chain, and names it.
//!
//! Every organisation has a chain from its creation, and the instance's chain records each
//! creation, so a chain deleted whole is missed by name. What the key cannot show is a
//! rollback of the whole database to an older copy: for that, [`Store::audit_checkpoint`]
//! writes the heads down as key-independent content digests to keep outside the database, and
//! [`Store::verify_audit_since`] proves the log has only grown since.

use crate::clock::now;
use serde_json::json;

/// Set once the chains of every organisation exist and every head is tagged.
const AUDIT_VERSION_SQL: &str = "SELECT value FROM meta WHERE name = 'audit_version'";
use crate::{Store, StoreError};
use faro_domain::{AccessContext, OrganisationId};
use serde_json::Value;

/// One stored entry; its JSON form is a line of `faro admin audit export`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize)]
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

/// Every action the audit log records: pages show each in words (`audit-<action>` in the
/// translation files), so a new kind of entry is added here first.
pub const AUDIT_ACTIONS: &[&str] = &[
    "aggregate.controlled",
    "backup",
    "case.assign",
    "case.consent",
    "case.consent_scan",
    "case.consent_scan_read",
    "case.decide",
    "case.erase",
    "case.export",
    "case.open",
    "case.plan",
    "case.read",
    "case.read_refused",
    "case.search",
    "case.service",
    "case.step",
    "case.task",
    "case.update",
    "cases.release",
    "directory.import",
    "directory.update_decided",
    "directory.update_link",
    "directory.update_proposed",
    "export",
    "hub.brief",
    "hub.export",
    "hub.view",
    "import",
    "instance.partner_add",
    "instance.partner_remove",
    "intake.chain_opened",
    "job.end",
    "job.start",
    "key.rotate",
    "note.create",
    "notes.read",
    "organisation.chain_opened",
    "organisation.create",
    "organisation.remove",
    "organisation.settings",
    "privacy.budgets",
    "publish.release",
    "record.erase",
    "records.read",
    "records.read_refused",
    "referral.decide",
    "referral.import",
    "referral.override",
    "referral.package",
    "referral.read",
    "referral.revoke",
    "referral.send",
    "referral.step",
    "release.save",
    "release.visibility",
    "release.withdraw",
    "report.ask",
    "report.assign",
    "report.attachment",
    "report.close",
    "report.codes",
    "report.delete",
    "report.duplicate",
    "report.findings",
    "report.message",
    "report.note",
    "report.promote",
    "report.read",
    "report.reopen",
    "report.reply",
    "report.review",
    "report.submit",
    "reports.list",
    "sign_in",
    "sign_in.failed",
    "sign_out",
    "sign_out.everywhere",
    "source.delete",
    "source.remove_abandoned",
    "source.share",
    "statistics.release",
    "team.create",
    "team.member",
    "token.create",
    "token.revoke",
    "triage.examples",
    "triage.learning",
    "triage.model",
    "triage.reports",
    "triage.text",
    "user.create",
    "user.disable",
    "user.display_name",
    "user.password_link",
    "user.password_set",
    "user.role",
    "user.two_factor_off",
    "user.two_factor_on",
];

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
        Draft::by(organisation, ctx.actor(), action, detail)
    }

    /// An entry by `actor` (as the audit log named them when they started the work) in the
    /// chain of `organisation`: background work acts for the person who started it.
    pub fn by(
        organisation: Option<OrganisationId>,
        actor: &'a str,
        action: &'a str,
        detail: Value,
    ) -> Draft<'a> {
        debug_assert!(
            AUDIT_ACTIONS.contains(&action),
            "`{action}` is not in AUDIT_ACTIONS"
        );
        Draft {
            chain: chain_of(organisation),
            at: now(),
            actor,
            action,
            detail: detail.to_string(),
        }
    }

    /// The same entry dated `at` instead of now: a public reporter's entries carry the hour
    /// only, so that they cannot be matched against a connection in another log.
    pub fn at(mut self, at: i64) -> Draft<'a> {
        self.at = at;
        self
    }

    /// The entry goes to `organisation`'s intake chain instead ([`intake_chain`]).
    pub fn in_intake(mut self, organisation: OrganisationId) -> Draft<'a> {
        self.chain = intake_chain(organisation);
        self
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
pub(crate) const ADVANCE_SQL: &str =
    "UPDATE audit_heads SET seq = $1, mac = $2, tag = $3 WHERE chain = $4";

/// The tag that authenticates a chain's head.
pub(crate) fn head_tag(keys: &crate::keys::Keys, chain: &str, seq: i64, mac: &str) -> String {
    keys.audit_mac(&[
        b"head".as_slice(),
        chain.as_bytes(),
        seq.to_string().as_bytes(),
        mac.as_bytes(),
    ])
}

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
            .bind($crate::audit::head_tag(keys, &draft.chain, seq, &mac))
            .bind(&draft.chain)
            .execute(&mut *$tx)
            .await?;
    }};
}

/// An organisation's intake chain: only reports' arrivals, each stamped to the hour. Kept
/// apart from the organisation's chain, where exactly timed entries around it would place a
/// submission within seconds; here its neighbours say no more than the hour.
pub(crate) fn intake_chain(organisation: OrganisationId) -> String {
    format!("intake {}", organisation.0)
}

pub(crate) fn chain_of(organisation: Option<OrganisationId>) -> String {
    organisation.map_or_else(
        || "instance".to_string(),
        |o| format!("organisation {}", o.0),
    )
}

/// Every entry, in the order chains are checked.
pub(crate) const ENTRIES_SQL: &str =
    "SELECT chain, seq, at, actor, action, detail, mac FROM audit_log ORDER BY chain, seq";
pub(crate) const HEADS_SQL: &str = "SELECT chain, seq, mac, tag FROM audit_heads ORDER BY chain";
pub(crate) const ORGANISATION_IDS_SQL: &str = "SELECT id FROM organisations ORDER BY id";

/// A chain's head as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct Head {
    pub chain: String,
    pub seq: i64,
    pub mac: String,
    pub tag: String,
}

/// The actions in the instance's chain that open an organisation's chain.
const CHAIN_OPENERS: [&str; 2] = ["organisation.create", "organisation.chain_opened"];

/// Every chain that must exist: the instance's, every organisation's in the table, and every
/// organisation whose chain the instance's chain says was opened (so deleting an
/// organisation's row does not excuse its missing chain).
pub(crate) fn expected_chains(entries: &[AuditEntry], organisations: &[i64]) -> Vec<String> {
    let opened = entries
        .iter()
        .filter(|e| e.chain == "instance" && CHAIN_OPENERS.contains(&e.action.as_str()))
        .filter_map(|e| serde_json::from_str::<Value>(&e.detail).ok()?["organisation_id"].as_i64());
    let mut chains: Vec<String> = std::iter::once("instance".to_string())
        .chain(organisations.iter().copied().chain(opened).flat_map(|id| {
            let o = OrganisationId(id);
            [chain_of(Some(o)), intake_chain(o)]
        }))
        .collect();
    chains.sort();
    chains.dedup();
    chains
}

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
        StoreError::unless_administers(ctx, organisation)?;
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

    /// An organisation's whole chain, then its intake chain, oldest entry first: what it
    /// takes with it when it leaves, for its admins or the instance operator.
    pub async fn audit_chain(
        &self,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut entries = self.audit_page(ctx, organisation, None, i64::MAX).await?;
        entries.reverse();
        let intake = "SELECT chain, seq, at, actor, action, detail, mac FROM audit_log \
                      WHERE chain = $1 ORDER BY seq";
        let chain = intake_chain(organisation);
        let arrivals: Vec<AuditEntry> = with_pool!(self, |p| {
            sqlx::query_as(intake).bind(&chain).fetch_all(p).await?
        });
        entries.extend(arrivals);
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
        Ok(self.verified_entries().await?.map(|(summary, _)| summary))
    }

    /// Every entry, in chain and sequence order, once the whole log has verified: read once
    /// for both the check and what the caller does with the entries (checkpoints).
    async fn verified_entries(
        &self,
    ) -> Result<Result<(AuditSummary, Vec<AuditEntry>), AuditProblem>, StoreError> {
        let keys = self.keys.as_ref().ok_or(StoreError::Locked)?;
        // One consistent snapshot while others write (a backup of a running server): a
        // head read apart from its entries could be newer than them. SQLite's deferred read
        // transaction is a snapshot in WAL mode; PostgreSQL needs REPEATABLE READ.
        let postgres = matches!(self.location(), crate::Location::Postgres(_));
        let (organisations, heads, entries, ledger): (
            Vec<i64>,
            Vec<Head>,
            Vec<AuditEntry>,
            Vec<crate::ledger::LedgerRow>,
        ) = with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            if postgres {
                sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .execute(&mut *tx)
                    .await?;
            }
            let organisations = sqlx::query_scalar(ORGANISATION_IDS_SQL)
                .fetch_all(&mut *tx)
                .await?;
            let heads = sqlx::query_as(HEADS_SQL).fetch_all(&mut *tx).await?;
            let entries = sqlx::query_as(ENTRIES_SQL).fetch_all(&mut *tx).await?;
            let ledger = sqlx::query_as(crate::ledger::LEDGER_SQL)
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            (organisations, heads, entries, ledger)
        });
        let expected = expected_chains(&entries, &organisations);
        Ok(check_chains(keys, &entries, &heads, &expected)
            .and_then(|summary| crate::ledger::check_ledger(&entries, &ledger).map(|()| summary))
            .map(|summary| (summary, entries)))
    }

    /// Gives every organisation without a chain its chain (recorded in the instance's chain)
    /// and tags heads written before tags existed: once, at the first start after the upgrade
    /// that brought them. Afterwards a missing chain is an error, never reopened.
    pub(crate) async fn upgrade_audit(&self) -> Result<(), StoreError> {
        let keys = self.keys.clone().ok_or(StoreError::Locked)?;
        let ctx = AccessContext::instance().acting_as("faro (upgrade)");
        in_transaction!(self, |tx, dialect| {
            // Serialises two processes starting at once (SQLite's writer lock already does).
            let lock = format!("{}{}", crate::KEY_CHECK_SQL, dialect.for_update());
            sqlx::query_scalar::<_, String>(&lock)
                .fetch_one(&mut *tx)
                .await?;
            let done: Option<String> = sqlx::query_scalar(AUDIT_VERSION_SQL)
                .fetch_optional(&mut *tx)
                .await?;
            if done.is_none() {
                let orphans: Vec<i64> = sqlx::query_scalar(
                    "SELECT id FROM organisations WHERE 'organisation ' || CAST(id AS TEXT) \
                     NOT IN (SELECT chain FROM audit_heads) ORDER BY id",
                )
                .fetch_all(&mut *tx)
                .await?;
                for id in orphans {
                    let detail = json!({ "organisation_id": id });
                    let record =
                        Draft::new(None, &ctx, "organisation.chain_opened", detail.clone());
                    append_audit!(self, tx, dialect, record);
                    let own = Draft::new(
                        Some(OrganisationId(id)),
                        &ctx,
                        "organisation.chain_opened",
                        detail,
                    );
                    append_audit!(self, tx, dialect, own);
                }
                let untagged: Vec<Head> =
                    sqlx::query_as("SELECT chain, seq, mac, tag FROM audit_heads WHERE tag = ''")
                        .fetch_all(&mut *tx)
                        .await?;
                for h in untagged {
                    sqlx::query("UPDATE audit_heads SET tag = $1 WHERE chain = $2")
                        .bind(head_tag(&keys, &h.chain, h.seq, &h.mac))
                        .bind(&h.chain)
                        .execute(&mut *tx)
                        .await?;
                }
                sqlx::query("INSERT INTO meta (name, value) VALUES ('audit_version', '2')")
                    .execute(&mut *tx)
                    .await?;
            }
            // Every organisation has its intake chain (those made before it existed get it
            // now, opened by this entry).
            let without: Vec<i64> = sqlx::query_scalar(
                "SELECT id FROM organisations WHERE 'intake ' || CAST(id AS TEXT) \
                 NOT IN (SELECT chain FROM audit_heads) ORDER BY id",
            )
            .fetch_all(&mut *tx)
            .await?;
            for id in without {
                let opened = open_intake(&ctx, OrganisationId(id));
                append_audit!(self, tx, dialect, opened);
            }
        });
        Ok(())
    }
}

/// The first entry of an organisation's intake chain.
pub(crate) fn open_intake(ctx: &AccessContext, organisation: OrganisationId) -> Draft<'_> {
    let detail = json!({ "organisation_id": organisation.0 });
    Draft::new(Some(organisation), ctx, "intake.chain_opened", detail).in_intake(organisation)
}

/// Recomputes every chain of `entries` (in chain and sequence order) against `heads` under
/// `keys`: `Ok` says how much was checked, `Err` names the first problem.
pub(crate) fn check_chains(
    keys: &crate::keys::Keys,
    entries: &[AuditEntry],
    heads: &[Head],
    expected: &[String],
) -> Result<AuditSummary, AuditProblem> {
    let problem = |chain: &str, seq: i64, problem: String| {
        Err(AuditProblem {
            chain: chain.into(),
            seq,
            problem,
        })
    };
    if let Some(missing) = expected
        .iter()
        .find(|c| !heads.iter().any(|h| &h.chain == *c))
    {
        return problem(
            missing,
            1,
            "is missing: the whole chain (its entries and head) was removed".into(),
        );
    }
    for Head {
        chain,
        seq: head_seq,
        mac: head_mac,
        tag,
    } in heads
    {
        if *tag != head_tag(keys, chain, *head_seq, head_mac) {
            return problem(
                chain,
                *head_seq,
                "is where the head points, but the head's tag does not match: the head was forged or moved back".into(),
            );
        }
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
        .find(|e| !heads.iter().any(|h| h.chain == e.chain))
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

/// Where each chain stood when a checkpoint was taken: its last sequence number and a digest
/// of the content of its entries 1..=seq. The digest uses no key, so checkpoints survive
/// `rotate-key` (which re-signs every MAC but changes no content).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainMark {
    pub seq: i64,
    pub content: String,
}

/// The audit log's heads, written down to be kept outside the database (printed, mailed,
/// committed elsewhere): `verify_audit_since` proves the log has only grown since.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub format: String,
    /// Unix seconds.
    pub taken_at: i64,
    pub chains: std::collections::BTreeMap<String, ChainMark>,
    /// SHA-256 over the chains above, to compare two checkpoints at a glance and to notice a
    /// hand-edited file.
    pub digest: String,
}

const CHECKPOINT_FORMAT: &str = "faro-audit-checkpoint-1";

/// `entries` (in chain and sequence order) cut into one slice per chain.
fn by_chain(entries: &[AuditEntry]) -> impl Iterator<Item = &[AuditEntry]> {
    entries.chunk_by(|a, b| a.chain == b.chain)
}

/// The content digest of one chain's entries, in order (SHA-256, each part length-prefixed).
fn content_digest<'a>(entries: impl Iterator<Item = &'a AuditEntry>) -> String {
    use sha2::{Digest, Sha256};
    let mut digest = String::new();
    for e in entries {
        let mut h = Sha256::new();
        for part in mac_parts(
            &digest, e.seq, &e.chain, e.at, &e.actor, &e.action, &e.detail,
        ) {
            h.update((part.len() as u64).to_be_bytes());
            h.update(&part);
        }
        digest = hex::encode(h.finalize());
    }
    digest
}

fn chains_digest(chains: &std::collections::BTreeMap<String, ChainMark>) -> String {
    use sha2::{Digest, Sha256};
    let text = serde_json::to_string(chains).unwrap_or_default();
    hex::encode(Sha256::digest(text.as_bytes()))
}

impl Store {
    /// A checkpoint of every chain as it stands, after verifying the log (a tampered log is
    /// not worth writing down).
    pub async fn audit_checkpoint(&self) -> Result<Result<Checkpoint, AuditProblem>, StoreError> {
        let entries = match self.verified_entries().await? {
            Ok((_, entries)) => entries,
            Err(problem) => return Ok(Err(problem)),
        };
        let chains: std::collections::BTreeMap<String, ChainMark> = by_chain(&entries)
            .map(|own| {
                let mark = ChainMark {
                    seq: own.last().map_or(0, |e| e.seq),
                    content: content_digest(own.iter()),
                };
                (own[0].chain.clone(), mark)
            })
            .collect();
        let digest = chains_digest(&chains);
        Ok(Ok(Checkpoint {
            format: CHECKPOINT_FORMAT.into(),
            taken_at: now(),
            chains,
            digest,
        }))
    }

    /// Verifies the log, then that it has only grown since `checkpoint`: every chain it names
    /// still exists, reaches at least as far, and holds the same entries up to there. A
    /// database rolled back to an older copy fails here even though its own MACs are valid.
    pub async fn verify_audit_since(
        &self,
        checkpoint: &Checkpoint,
    ) -> Result<Result<AuditSummary, AuditProblem>, StoreError> {
        let problem = |chain: &str, seq: i64, problem: String| {
            Ok(Err(AuditProblem {
                chain: chain.into(),
                seq,
                problem,
            }))
        };
        if checkpoint.format != CHECKPOINT_FORMAT
            || chains_digest(&checkpoint.chains) != checkpoint.digest
        {
            return problem(
                "checkpoint",
                0,
                "the checkpoint file is not one Faro wrote, or it was edited (its digest does not match)".into(),
            );
        }
        let (summary, entries) = match self.verified_entries().await? {
            Ok(verified) => verified,
            Err(p) => return Ok(Err(p)),
        };
        for (chain, mark) in &checkpoint.chains {
            let own: &[AuditEntry] = by_chain(&entries)
                .find(|own| &own[0].chain == chain)
                .unwrap_or_default();
            let last = own.last().map_or(0, |e| e.seq);
            if last < mark.seq {
                return problem(
                    chain,
                    last + 1,
                    format!(
                        "is missing: the checkpoint saw {} entries and the log now has {last}: it was cut or rolled back to an older copy",
                        mark.seq
                    ),
                );
            }
            let upto = own.iter().filter(|e| e.seq <= mark.seq);
            if content_digest(upto) != mark.content {
                return problem(
                    chain,
                    mark.seq,
                    "differs from the checkpoint: entries up to here were replaced".into(),
                );
            }
        }
        Ok(Ok(summary))
    }
}
