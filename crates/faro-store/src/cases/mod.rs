//! Cases: what a case worker manages around one person (faro-domain's `case`), stored so
//! that the database alone names nobody. The person, plans, services' providers and outcomes,
//! tasks' titles and every value in the history are sealed with the data key; the person is
//! found by the keyed hashes of search terms (`open.rs`); what is in clear is what the
//! workflow sorts and counts by.
//!
//! Who sees a case (`Reader`): an organisation's admins and the supervisors of its teams see
//! all of its cases; anyone else with `Permission::Cases` sees the cases assigned to them or
//! to one of their teams, and the cases they opened until someone is assigned. Details marked
//! "need to know" reach only the case's own worker and the supervisors.
//!
//! Every change goes through [`Store::commit`]: the case's version moves on (a save made from
//! an older version is refused with the fields changed since), each changed field is written
//! to the history, and the audit entry, all in one transaction.

mod changes;
#[cfg(feature = "bench")]
pub mod fixtures;
pub(crate) mod open;
mod read;
mod scans;
mod statistics;
mod teams;

pub use changes::{ConsentInput, NewService, NewTask, Step};
pub use open::{Found, NewCase};
pub use read::{
    COUNT_CAP, CaseFile, CaseFilter, CasePage, CaseSummary, Consent, HistoryEntry, NeedsAction,
    Plan, Service, Task,
};
pub use scans::Scan;
pub use statistics::{CaseRelease, CaseReleaseDue, CasesSeen, NewCaseRelease};
pub use teams::{Team, TeamMember};

use crate::audit::Draft;
use crate::clock::now;
use crate::keys::Keys;
use crate::{Store, StoreError};
use faro_domain::case::person::Person;
use faro_domain::case::{CaseStatus, ClosureReason};
use faro_domain::{AccessContext, Message, OrganisationId, Permission, Vocabulary, refusal};

/// A case as the workflow sees it: nothing here names the person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseHead {
    pub id: i64,
    pub organisation: OrganisationId,
    pub status: CaseStatus,
    pub assignee: Option<i64>,
    pub team: Option<i64>,
    pub opened_by: Option<i64>,
    pub report: Option<i64>,
    pub record: Option<i64>,
    pub version: i64,
    pub opened_at: i64,
    pub active_at: i64,
    pub closure_reason: Option<ClosureReason>,
    pub pending: Option<Pending>,
    pub first_service_at: Option<i64>,
}

/// A step waiting for a supervisor's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub to: CaseStatus,
    pub by: i64,
    pub at: i64,
}

pub(crate) const HEAD_COLUMNS: &str = "id, organisation_id, status, assignee, team_id, opened_by, \
     report_id, record_id, version, opened_at, active_at, closure_reason, pending, pending_by, \
     pending_at, first_service_at, person_sealed";

#[derive(sqlx::FromRow)]
pub(crate) struct HeadRow {
    id: i64,
    organisation_id: i64,
    status: String,
    assignee: Option<i64>,
    team_id: Option<i64>,
    opened_by: Option<i64>,
    report_id: Option<i64>,
    record_id: Option<i64>,
    version: i64,
    opened_at: i64,
    active_at: i64,
    closure_reason: Option<String>,
    pending: Option<String>,
    pending_by: Option<i64>,
    pending_at: Option<i64>,
    first_service_at: Option<i64>,
    pub(crate) person_sealed: String,
}

/// A stored code of `V`, or `Corrupt` naming the column.
pub(crate) fn code<V: Vocabulary>(column: &'static str, text: &str) -> Result<V, StoreError> {
    V::from_code(text).ok_or_else(|| StoreError::Corrupt {
        column,
        value: text.to_string(),
    })
}

impl HeadRow {
    pub(crate) fn head(&self) -> Result<CaseHead, StoreError> {
        let pending = match (&self.pending, self.pending_by, self.pending_at) {
            (Some(to), Some(by), Some(at)) => Some(Pending {
                to: code("cases.pending", to)?,
                by,
                at,
            }),
            _ => None,
        };
        Ok(CaseHead {
            id: self.id,
            organisation: OrganisationId(self.organisation_id),
            status: code("cases.status", &self.status)?,
            assignee: self.assignee,
            team: self.team_id,
            opened_by: self.opened_by,
            report: self.report_id,
            record: self.record_id,
            version: self.version,
            opened_at: self.opened_at,
            active_at: self.active_at,
            closure_reason: self
                .closure_reason
                .as_deref()
                .map(|c| code("cases.closure_reason", c))
                .transpose()?,
            pending,
            first_service_at: self.first_service_at,
        })
    }

    pub(crate) fn person(&self, keys: &Keys) -> Result<Person, StoreError> {
        open_person(keys, self.id, &self.person_sealed)
    }
}

/// The place a sealed value of a case table is bound to: moved to another column, case or
/// version, it no longer opens.
pub(crate) fn place(table_column: &str, case: i64, version: i64) -> String {
    format!("{table_column} {case} {version}")
}

pub(crate) fn seal_person(keys: &Keys, case: i64, person: &Person) -> Result<String, StoreError> {
    let json = serde_json::to_string(person).map_err(|e| StoreError::Internal(e.to_string()))?;
    keys.seal(&place("cases.person_sealed", case, 0), &json)
}

pub(crate) fn open_person(keys: &Keys, case: i64, sealed: &str) -> Result<Person, StoreError> {
    let json = keys.open(&place("cases.person_sealed", case, 0), sealed)?;
    serde_json::from_str(&json).map_err(|_| StoreError::Corrupt {
        column: "cases.person_sealed",
        value: format!("case {case}"),
    })
}

/// Who is reading or changing cases, and so which cases they see.
#[derive(Debug, Clone)]
pub(crate) struct Reader {
    /// `None` for the instance operator, who sees every organisation's cases.
    organisation: Option<OrganisationId>,
    user: Option<i64>,
    /// An admin of the organisation or a supervisor of one of its teams.
    supervisor: bool,
    teams: Vec<i64>,
}

impl Reader {
    /// The condition on `cases` that keeps the reader's cases: integers from the context
    /// only, never caller text.
    pub(crate) fn scope_sql(&self) -> String {
        let Some(org) = self.organisation else {
            return "1 = 1".into();
        };
        if self.supervisor {
            return format!("organisation_id = {}", org.0);
        }
        let Some(user) = self.user else {
            return "1 = 0".into();
        };
        let teams = if self.teams.is_empty() {
            String::new()
        } else {
            let ids: Vec<String> = self.teams.iter().map(i64::to_string).collect();
            format!(" OR team_id IN ({})", ids.join(", "))
        };
        format!(
            "organisation_id = {} AND (assignee = {user}{teams} OR (opened_by = {user} AND assignee IS NULL))",
            org.0
        )
    }

    pub(crate) fn sees(&self, head: &CaseHead) -> bool {
        match self.organisation {
            None => true,
            Some(org) if org != head.organisation => false,
            Some(_) if self.supervisor => true,
            Some(_) => {
                let me = self.user;
                me.is_some() && head.assignee == me
                    || head.team.is_some_and(|t| self.teams.contains(&t))
                    || (head.assignee.is_none() && me.is_some() && head.opened_by == me)
            }
        }
    }

    /// Whether the reader manages the case (refers it, among others): its worker, its opener
    /// until someone is assigned, and supervisors.
    pub(crate) fn manages(&self, head: &CaseHead) -> bool {
        let me = self.user;
        self.supervisor
            || (me.is_some() && head.assignee == me)
            || (me.is_some() && head.assignee.is_none() && head.opened_by == me)
    }

    /// Whether "need to know" details are shown: to the case's worker and supervisors.
    pub(crate) fn needs_to_know(&self, head: &CaseHead) -> bool {
        self.supervisor || (self.user.is_some() && head.assignee == self.user)
    }

    pub(crate) fn is_supervisor(&self) -> bool {
        self.supervisor
    }

    pub(crate) fn user(&self) -> Option<i64> {
        self.user
    }

    pub(crate) fn organisation(&self) -> Option<OrganisationId> {
        self.organisation
    }
}

/// One field's change, before the history seals it.
#[derive(Debug, Clone)]
pub(crate) struct Changed {
    pub field: String,
    pub before: String,
    pub after: String,
}

impl Changed {
    pub(crate) fn new(
        field: impl Into<String>,
        before: impl Into<String>,
        after: impl Into<String>,
    ) -> Changed {
        Changed {
            field: field.into(),
            before: before.into(),
            after: after.into(),
        }
    }
}

impl Store {
    /// `Forbidden` without `Permission::Cases`; else who `ctx` is among the organisation's
    /// teams.
    pub(crate) async fn case_reader(&self, ctx: &AccessContext) -> Result<Reader, StoreError> {
        if !ctx.has(Permission::Cases) {
            return Err(StoreError::Forbidden {
                action: "read_cases",
            });
        }
        if ctx.is_instance() {
            return Ok(Reader {
                organisation: None,
                user: None,
                supervisor: true,
                teams: Vec::new(),
            });
        }
        let org = ctx.organisation().ok_or(StoreError::Forbidden {
            action: "read_cases",
        })?;
        let sql = "SELECT m.team_id, m.supervises FROM team_members m JOIN teams t ON t.id = m.team_id \
                   WHERE m.user_id = $1 AND t.organisation_id = $2 ORDER BY m.team_id";
        let rows: Vec<(i64, i32)> = match ctx.user() {
            Some(user) => with_pool!(self, |p| sqlx::query_as(sql)
                .bind(user)
                .bind(org.0)
                .fetch_all(p)
                .await?),
            None => Vec::new(),
        };
        Ok(Reader {
            organisation: Some(org),
            user: ctx.user(),
            supervisor: ctx.has(Permission::Administer) || rows.iter().any(|(_, s)| *s != 0),
            teams: rows.into_iter().map(|(t, _)| t).collect(),
        })
    }

    /// A case the reader sees, with its row; any other is `NotFound`, as if it did not exist.
    pub(crate) async fn case_row(
        &self,
        reader: &Reader,
        id: i64,
    ) -> Result<(CaseHead, HeadRow), StoreError> {
        let sql = format!("SELECT {HEAD_COLUMNS} FROM cases WHERE id = $1");
        let row: Option<HeadRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(p)
            .await?);
        let row = row.ok_or(StoreError::NotFound { kind: "case", id })?;
        let head = row.head()?;
        if !reader.sees(&head) {
            return Err(StoreError::NotFound { kind: "case", id });
        }
        Ok((head, row))
    }

    /// Writes one change of case `head`, made from its version `expected`: the effect, the
    /// history of `changed`, the version and activity time, and the audit entry `action`
    /// (with the fields' names, never their values), in one transaction. Returns the new
    /// version and the id of a row the effect inserted. A case changed since `expected` is a
    /// `Conflict` naming what changed.
    pub(crate) async fn commit(
        &self,
        ctx: &AccessContext,
        head: &CaseHead,
        expected: i64,
        action: &'static str,
        changed: Vec<Changed>,
        effect: changes::Effect,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let keys = self.current_keys().await?;
        // `expected` is the caller's: any number, and one that is not the case's is refused
        // below as a conflict.
        let version = expected.saturating_add(1);
        let at = now();
        let actor = ctx.actor().to_string();
        let history: Vec<(String, String)> = changed
            .iter()
            .map(|c| {
                let value = serde_json::json!([c.before, c.after]).to_string();
                Ok((
                    c.field.clone(),
                    keys.seal(
                        &place("case_history.change_sealed", head.id, version),
                        &value,
                    )?,
                ))
            })
            .collect::<Result<_, StoreError>>()?;
        let fields: Vec<&str> = changed.iter().map(|c| c.field.as_str()).collect();
        let detail =
            serde_json::json!({ "case_id": head.id, "version": version, "fields": fields });
        let bump = "UPDATE cases SET version = $1, active_at = $2 WHERE id = $3 AND version = $4";
        let insert_history = "INSERT INTO case_history (case_id, version, at, actor, field, change_sealed) \
                              VALUES ($1, $2, $3, $4, $5, $6)";
        let done = in_transaction!(self, |tx, dialect| {
            let moved = sqlx::query(bump)
                .bind(version)
                .bind(at)
                .bind(head.id)
                .bind(expected)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if moved == 0 {
                None
            } else {
                let inserted = changes::apply!(self, tx, dialect, ctx, head, version, at, effect);
                for (field, sealed) in &history {
                    sqlx::query(insert_history)
                        .bind(head.id)
                        .bind(version)
                        .bind(at)
                        .bind(&actor)
                        .bind(field)
                        .bind(sealed)
                        .execute(&mut *tx)
                        .await?;
                }
                let entry = Draft::new(Some(head.organisation), ctx, action, detail);
                append_audit!(self, tx, dialect, entry);
                Some(inserted)
            }
        });
        match done {
            Some(inserted) => Ok((version, inserted)),
            None => Err(self.conflict(head.id, expected).await?),
        }
    }

    /// The refusal of a save made from version `expected`: which fields changed since.
    async fn conflict(&self, case: i64, expected: i64) -> Result<StoreError, StoreError> {
        let sql = "SELECT DISTINCT field FROM case_history WHERE case_id = $1 AND version > $2 ORDER BY field";
        let fields: Vec<String> = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(case)
            .bind(expected)
            .fetch_all(p)
            .await?);
        Ok(StoreError::Conflict {
            what: Message::new(refusal::CASE_CHANGED).with("fields", fields.join(", ")),
        })
    }
}

/// Every sealed column of the case and referral tables (and the instance's keys and the
/// directory's pending updates), with how to find the case (or referral) and version its
/// value is bound to.
const SEALED: [(&str, &str, &str); 14] = [
    ("cases", "person_sealed", "id, CAST(0 AS BIGINT)"),
    ("cases", "closure_sealed", "id, CAST(0 AS BIGINT)"),
    ("case_history", "change_sealed", "case_id, version"),
    ("case_consents", "given_by_sealed", "case_id, version"),
    ("case_plans", "body_sealed", "case_id, version"),
    ("case_services", "provider_sealed", "case_id, version"),
    ("case_services", "outcome_sealed", "case_id, version"),
    ("case_tasks", "title_sealed", "case_id, version"),
    ("referrals", "package_sealed", "id, CAST(0 AS BIGINT)"),
    ("referrals", "external_sealed", "id, CAST(0 AS BIGINT)"),
    (
        "referral_events",
        "note_sealed",
        "referral_id, CAST(0 AS BIGINT)",
    ),
    (
        "received_packages",
        "content_sealed",
        "id, CAST(0 AS BIGINT)",
    ),
    (
        "instance_identity",
        "secret_sealed",
        "id, CAST(0 AS BIGINT)",
    ),
    (
        "directory_updates",
        "proposal_sealed",
        "id, CAST(0 AS BIGINT)",
    ),
];

/// Re-seals every sealed value of the case tables (consent scans too) from `old` to `fresh`
/// and keys every search term again, inside the rotation's transaction; how many values
/// moved.
pub(crate) async fn reseal<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    old: &Keys,
    fresh: &Keys,
) -> Result<usize, StoreError>
where
    DB: sqlx::Database,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64, i64, i64, String): sqlx::FromRow<'r, DB::Row>,
    for<'r> (i64, i64, String): sqlx::FromRow<'r, DB::Row>,
    for<'q> Vec<u8>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'r> (i64, i64, i64, Vec<u8>): sqlx::FromRow<'r, DB::Row>,
{
    let mut n = crate::rotate::reseal_blobs(
        tx,
        (old, fresh),
        "case_consent_scans",
        "case_id, version",
        scans::scan_place,
    )
    .await?;
    for (table, column, case_version) in SEALED {
        let select = format!(
            "SELECT id, {case_version}, {column} FROM {table} WHERE {column} IS NOT NULL ORDER BY id"
        );
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&select).fetch_all(&mut **tx).await?;
        let update = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
        for (id, case, version, sealed) in rows {
            let at = place(&format!("{table}.{column}"), case, version);
            sqlx::query(&update)
                .bind(fresh.seal(&at, &old.open(&at, &sealed)?)?)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            n += 1;
        }
    }
    let people: Vec<(i64, i64, String)> =
        sqlx::query_as("SELECT id, organisation_id, person_sealed FROM cases ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    sqlx::query("DELETE FROM case_terms")
        .execute(&mut **tx)
        .await?;
    for (case, organisation, sealed) in people {
        let person = open_person(fresh, case, &sealed)?;
        let terms = open::keyed_terms(fresh, &person);
        if let Some(sql) = open::insert_terms_sql(terms.len()) {
            let mut q = sqlx::query(&sql).bind(organisation).bind(case);
            for term in terms {
                q = q.bind(term);
            }
            q.execute(&mut **tx).await?;
        }
    }
    Ok(n)
}
