//! Opening a case, and the search made before it so that one person does not get two cases.
//! The search reads only keyed hashes of terms (`faro_domain::case::search`), then opens the
//! candidates' sealed persons to score them; a candidate outside the searcher's scope is
//! reported only as "a possible match, ask this colleague", never with its content.

use super::read::CaseSummary;
use super::{HEAD_COLUMNS, HeadRow};
use crate::audit::Draft;
use crate::clock::now;
use crate::keys::Keys;
use crate::{Store, StoreError};
use faro_domain::case::person::Person;
use faro_domain::case::search::{Query, terms};
use faro_domain::{AccessContext, OrganisationId, Permission};
use serde_json::json;

/// At most this many results; a search is for finding one person, not for browsing.
pub const SEARCH_RESULTS: usize = 20;
/// Candidates scored per search, the most terms shared first.
const CANDIDATES: i64 = 200;

/// A case about to be opened, and what it was opened from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    /// Checked by `Person::check` at the edge.
    pub person: Person,
    pub report: Option<i64>,
    pub record: Option<i64>,
}

/// One answer of a search.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A case the searcher may open, and how well it matched (0 to 1).
    Case(CaseSummary, f64),
    /// A possible match the searcher may not see: whom to ask, nothing else.
    Elsewhere {
        assignee: Option<i64>,
        team: Option<i64>,
    },
}

/// The keyed hashes `person` is found by.
pub(crate) fn keyed_terms(keys: &Keys, person: &Person) -> Vec<i64> {
    terms(person).iter().map(|t| keys.case_term(t)).collect()
}

/// The statement that stores `n` search terms of one case (binds: organisation, case, then
/// each term); `None` for none.
pub(crate) fn insert_terms_sql(n: usize) -> Option<String> {
    let rows: Vec<String> = (0..n).map(|i| format!("($1, $2, ${})", i + 3)).collect();
    (n > 0).then(|| {
        format!(
            "INSERT INTO case_terms (organisation_id, case_id, term) VALUES {}",
            rows.join(", ")
        )
    })
}

/// Inserts a new case of `$org` about `$person` inside a transaction, with its search terms
/// and the history's first line (`opened` from `$from`); the value is its id. Opening by hand
/// and accepting a referral both open cases this way.
macro_rules! insert_case {
    ($tx:ident, $keys:expr, $org:expr, $ctx:expr, $person:expr, $from_ids:expr, $from:expr, $at:expr) => {{
        let (keys, org, person, at) = ($keys, $org, $person, $at);
        let (report, record): (Option<i64>, Option<i64>) = $from_ids;
        let insert = "INSERT INTO cases (organisation_id, status, opened_by, report_id, record_id, person_sealed, \
                      version, opened_at, active_at) VALUES ($1, 'new', $2, $3, $4, '', 1, $5, $5) RETURNING id";
        let id: i64 = sqlx::query_scalar(insert)
            .bind(org.0)
            .bind($ctx.user())
            .bind(report)
            .bind(record)
            .bind(at)
            .fetch_one(&mut *$tx)
            .await?;
        sqlx::query("UPDATE cases SET person_sealed = $1 WHERE id = $2")
            .bind($crate::cases::seal_person(keys, id, person)?)
            .bind(id)
            .execute(&mut *$tx)
            .await?;
        let found_by = $crate::cases::open::keyed_terms(keys, person);
        if let Some(sql) = $crate::cases::open::insert_terms_sql(found_by.len()) {
            let mut q = sqlx::query(&sql).bind(org.0).bind(id);
            for term in &found_by {
                q = q.bind(term);
            }
            q.execute(&mut *$tx).await?;
        }
        let change = serde_json::json!(["", $from]).to_string();
        sqlx::query(
            "INSERT INTO case_history (case_id, version, at, actor, field, change_sealed) VALUES ($1, 1, $2, $3, 'opened', $4)",
        )
        .bind(id)
        .bind(at)
        .bind($ctx.actor())
        .bind(keys.seal(&$crate::cases::place("case_history.change_sealed", id, 1), &change)?)
        .execute(&mut *$tx)
        .await?;
        id
    }};
}
pub(crate) use insert_case;

impl Store {
    /// Opens a case in the caller's organisation, by hand or from a report (the inbox's
    /// readers only) or a record (those who may read it); a report's record comes with it.
    /// The caller sees it until it is assigned.
    pub async fn open_case(&self, ctx: &AccessContext, new: NewCase) -> Result<i64, StoreError> {
        self.case_reader(ctx).await?;
        let org = ctx.organisation().ok_or(StoreError::Forbidden {
            action: "open_case",
        })?;
        let mut record = new.record;
        if let Some(report) = new.report {
            record = record.or(self.report_for_case(ctx, org, report).await?);
        }
        if let Some(id) = new.record {
            self.record(ctx, id).await?;
        }
        let keys = self.current_keys().await?;
        let at = now();
        let from = match (new.report, record) {
            (Some(r), _) => format!("report {r}"),
            (None, Some(r)) => format!("record {r}"),
            (None, None) => String::new(),
        };
        Ok(in_transaction!(self, |tx, dialect| {
            let id = insert_case!(
                tx,
                &keys,
                org,
                ctx,
                &new.person,
                (new.report, record),
                &from,
                at
            );
            let detail = json!({ "case_id": id, "report_id": new.report, "record_id": record });
            let entry = Draft::new(Some(org), ctx, "case.open", detail);
            append_audit!(self, tx, dialect, entry);
            id
        }))
    }

    /// The record of a report a case is opened from; the report must be the organisation's
    /// and the caller one of the inbox's readers.
    async fn report_for_case(
        &self,
        ctx: &AccessContext,
        org: OrganisationId,
        report: i64,
    ) -> Result<Option<i64>, StoreError> {
        if !ctx.has(Permission::ReportsInbox) {
            return Err(StoreError::Forbidden {
                action: "read_reports",
            });
        }
        let sql = "SELECT record_id FROM reports WHERE id = $1 AND organisation_id = $2";
        let row: Option<(Option<i64>,)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(report)
            .bind(org.0)
            .fetch_optional(p)
            .await?);
        row.map(|(r,)| r).ok_or(StoreError::NotFound {
            kind: "report",
            id: report,
        })
    }

    /// The organisation's cases that may be the person `text` describes (a name, a phone, a
    /// date of birth, an e-mail or a case number; typos tolerated), best first. Audited with
    /// how many were found and which the caller saw, never with what was searched.
    pub async fn search_cases(
        &self,
        ctx: &AccessContext,
        text: &str,
    ) -> Result<Vec<Found>, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let org = ctx.organisation().ok_or(StoreError::Forbidden {
            action: "read_cases",
        })?;
        let Some(query) = Query::parse(text) else {
            return Ok(Vec::new());
        };
        let keys = self.current_keys().await?;
        let ids = self.candidates(&keys, org, &query).await?;
        let rows = self.case_rows(&ids).await?;
        let mut scored: Vec<(f64, HeadRow)> = Vec::new();
        for row in rows {
            let head = row.head()?;
            let mut person = row.person(&keys)?;
            if reader.sees(&head) && !reader.needs_to_know(&head) {
                person = person.need_to_know_removed();
            }
            let score = match query {
                Query::Number(n) if n == head.id => Some(1.0),
                _ => query.score(&person),
            };
            if let Some(score) = score {
                scored.push((score, row));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored.truncate(SEARCH_RESULTS);
        let mut found = Vec::new();
        let mut seen = Vec::new();
        for (score, row) in scored {
            let head = row.head()?;
            if reader.sees(&head) {
                seen.push(head.id);
                found.push(Found::Case(CaseSummary::new(head, &row, &keys)?, score));
            } else {
                found.push(Found::Elsewhere {
                    assignee: head.assignee,
                    team: head.team,
                });
            }
        }
        let detail = json!({ "found": found.len(), "ids": seen });
        self.audit(ctx, "case.search", detail).await?;
        Ok(found)
    }

    /// The ids of cases sharing enough keyed terms with the query, most shared first.
    async fn candidates(
        &self,
        keys: &Keys,
        org: OrganisationId,
        query: &Query,
    ) -> Result<Vec<i64>, StoreError> {
        if let Query::Number(n) = query {
            let sql = "SELECT id FROM cases WHERE id = $1 AND organisation_id = $2";
            return Ok(with_pool!(self, |p| sqlx::query_scalar(sql)
                .bind(n)
                .bind(org.0)
                .fetch_all(p)
                .await?));
        }
        let keyed: Vec<i64> = query.terms().iter().map(|t| keys.case_term(t)).collect();
        let marks: Vec<String> = (0..keyed.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT case_id FROM case_terms WHERE organisation_id = $1 AND term IN ({}) \
             GROUP BY case_id HAVING COUNT(*) >= {} ORDER BY COUNT(*) DESC, case_id LIMIT {CANDIDATES}",
            marks.join(", "),
            query.enough()
        );
        Ok(with_pool!(self, |p| {
            let mut q = sqlx::query_scalar(&sql).bind(org.0);
            for term in &keyed {
                q = q.bind(term);
            }
            q.fetch_all(p).await?
        }))
    }

    /// The rows of these cases (ids from the database, never caller text).
    pub(crate) async fn case_rows(&self, ids: &[i64]) -> Result<Vec<HeadRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!(
            "SELECT {HEAD_COLUMNS} FROM cases WHERE id IN ({})",
            list.join(", ")
        );
        Ok(with_pool!(self, |p| sqlx::query_as(&sql)
            .fetch_all(p)
            .await?))
    }
}
