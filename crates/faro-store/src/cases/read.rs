//! Reading cases: one case's whole file, the list with its filters and pages, and what needs
//! the reader's action. Every read that shows a person is audited with the cases' ids.

use super::{CaseHead, HEAD_COLUMNS, HeadRow, Reader, code, place};
use crate::keys::Keys;
use crate::{Store, StoreError};
use faro_domain::case::person::Person;
use faro_domain::case::{
    CaseStatus, ConsentMeans, ConsentPurpose, ConsentState, Day, PartnerKind, PlanKind,
    ServiceKind, ServiceStatus,
};
use faro_domain::{AccessContext, Vocabulary};
use serde_json::json;

/// Each list of what needs action holds at most this many items (their total is counted).
pub const ACTION_ITEMS: i64 = 20;
/// A case assigned to someone with no change for this long needs a look.
pub const QUIET_DAYS: i64 = 30;
/// What needs action is counted up to this many (then "more than").
pub const COUNT_CAP: i64 = 1_000;
/// A consent ending within this many days needs renewing.
pub const EXPIRING_DAYS: i64 = 30;

/// A case in a list: its head and the name the person uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub head: CaseHead,
    pub name: String,
}

impl CaseSummary {
    pub(crate) fn new(
        head: CaseHead,
        row: &HeadRow,
        keys: &Keys,
    ) -> Result<CaseSummary, StoreError> {
        let name = row.person(keys)?.name().to_string();
        Ok(CaseSummary { head, name })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: i64,
    pub purpose: ConsentPurpose,
    pub state: ConsentState,
    pub means: ConsentMeans,
    pub until: Option<Day>,
    pub partners: Vec<PartnerKind>,
    pub given_by: Option<String>,
    pub recorded_by: String,
    pub recorded_at: i64,
    /// The newest answer of its purpose, and not past its end.
    pub in_force: bool,
    /// A scan of the signed form is kept (`Store::consent_scan`).
    pub scan: bool,
}

/// The newest version of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub kind: PlanKind,
    pub sections: Vec<(String, String)>,
    /// How many versions were saved; this is the last.
    pub versions: i64,
    pub author: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: i64,
    pub kind: ServiceKind,
    pub status: ServiceStatus,
    pub planned: Option<Day>,
    pub delivered: Option<Day>,
    pub provider: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: i64,
    pub case: i64,
    pub title: String,
    pub due: Day,
    pub assignee: Option<i64>,
    pub done_at: Option<i64>,
}

impl Task {
    pub fn overdue(&self, today: Day) -> bool {
        self.done_at.is_none() && self.due < today
    }
}

/// One field's change; `withheld` when the value is "need to know" and the reader does not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub version: i64,
    pub at: i64,
    pub actor: String,
    pub field: String,
    pub before: String,
    pub after: String,
    pub withheld: bool,
}

/// Everything about one case its reader may see.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFile {
    pub head: CaseHead,
    /// Without the "need to know" details unless `need_to_know`.
    pub person: Person,
    pub need_to_know: bool,
    pub closure_summary: Option<String>,
    /// Every version, newest first.
    pub consents: Vec<Consent>,
    pub plans: Vec<Plan>,
    pub services: Vec<Service>,
    pub tasks: Vec<Task>,
    /// Newest first.
    pub history: Vec<HistoryEntry>,
    /// Whether the reader may assign or transfer it, and decide a step waiting.
    pub may_assign: bool,
    pub may_decide: bool,
    /// Whether the reader may refer the person (`Store::send_referral`), and send a referral
    /// their consents do not cover (a supervisor).
    pub may_refer: bool,
    pub may_override: bool,
}

/// Which cases a list shows: filters from the page's or the API's query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    /// `Some(None)`: unassigned cases.
    pub assignee: Option<Option<i64>>,
    pub team: Option<i64>,
    /// Cases with a smaller id than this (the next page).
    pub before: Option<i64>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CasePage {
    pub cases: Vec<CaseSummary>,
    /// The `before` of the next page, when there is one.
    pub next: Option<i64>,
}

impl NeedsAction {
    /// The cases its lists show.
    pub fn case_ids(&self) -> impl Iterator<Item = i64> + '_ {
        let tasks = self.overdue.0.iter().map(|(t, _)| t.case);
        let lists = [&self.approvals.0, &self.unassigned.0, &self.quiet.0]
            .into_iter()
            .flat_map(|list| list.iter().map(|c| c.head.id));
        let expiring = self.expiring.0.iter().map(|(c, _, _)| c.head.id);
        tasks.chain(lists).chain(expiring)
    }
}

/// What needs the reader's action, each list oldest or most urgent first, with its total.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NeedsAction {
    /// Open tasks past their due date that are the reader's (theirs, or of their cases).
    pub overdue: (Vec<(Task, String)>, i64),
    /// Steps a supervisor may decide: not of their own cases, not asked for by them.
    pub approvals: (Vec<CaseSummary>, i64),
    /// The reader's cases with a consent ending within 30 days.
    pub expiring: (Vec<(CaseSummary, ConsentPurpose, Day)>, i64),
    /// Open cases with nobody assigned: all of them for supervisors, the ones they opened
    /// for others.
    pub unassigned: (Vec<CaseSummary>, i64),
    /// The reader's open cases (a supervisor's: the organisation's) unchanged for 30 days.
    pub quiet: (Vec<CaseSummary>, i64),
}

type TaskRow = (i64, i64, Option<i64>, i64, String, i64, Option<i64>);
const TASK_COLUMNS: &str =
    "t.id, t.case_id, t.assignee, t.due_day, t.title_sealed, t.version, t.done_at";

fn task(keys: &Keys, r: TaskRow) -> Result<Task, StoreError> {
    let (id, case, assignee, due, sealed, version, done_at) = r;
    Ok(Task {
        id,
        case,
        title: keys.open(&place("case_tasks.title_sealed", case, version), &sealed)?,
        due: Day(i32::try_from(due).unwrap_or(i32::MAX)),
        assignee,
        done_at,
    })
}

fn day(value: Option<i64>) -> Option<Day> {
    value.map(|d| Day(i32::try_from(d).unwrap_or(i32::MAX)))
}

fn open_opt(
    keys: &Keys,
    column: &str,
    case: i64,
    version: i64,
    sealed: Option<String>,
) -> Result<Option<String>, StoreError> {
    sealed
        .map(|s| keys.open(&place(column, case, version), &s))
        .transpose()
}

/// History fields whose values a reader outside the need to know does not see.
const NEED_TO_KNOW_FIELDS: [&str; 3] = ["person.contacts", "person.documents", "person.circle"];

impl Store {
    /// One case's file, audited as a read of the case.
    pub async fn case_file(&self, ctx: &AccessContext, id: i64) -> Result<CaseFile, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let found = self.case_row(&reader, id).await;
        if found.is_err() {
            self.audit(ctx, "case.read_refused", json!({ "case_id": id }))
                .await?;
        }
        let (head, row) = found?;
        let keys = self.current_keys().await?;
        let need_to_know = reader.needs_to_know(&head);
        let mut person = row.person(&keys)?;
        if !need_to_know {
            person = person.need_to_know_removed();
        }
        let closure: Option<(Option<String>,)> = with_pool!(self, |p| sqlx::query_as(
            "SELECT closure_sealed FROM cases WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await?);
        let closure_summary = open_opt(
            &keys,
            "cases.closure_sealed",
            id,
            0,
            closure.and_then(|c| c.0),
        )?;
        let file = CaseFile {
            consents: self.consents(&keys, id).await?,
            plans: self.plans(&keys, id).await?,
            services: self.services(&keys, id).await?,
            tasks: self.tasks(&keys, id).await?,
            history: self.history(&keys, id, need_to_know).await?,
            may_assign: reader.is_supervisor()
                || (reader.user().is_some() && head.assignee == reader.user()),
            may_refer: reader.manages(&head) && head.status.is_open(),
            may_override: reader.is_supervisor(),
            may_decide: reader.is_supervisor()
                && head.pending.is_some_and(|p| {
                    reader.user().is_some_and(|me| {
                        faro_domain::case::approval_refused(me, head.assignee, p.by).is_none()
                    })
                }),
            head,
            person,
            need_to_know,
            closure_summary,
        };
        self.audit(ctx, "case.read", json!({ "ids": [id] })).await?;
        Ok(file)
    }

    pub(crate) async fn consents(
        &self,
        keys: &Keys,
        case: i64,
    ) -> Result<Vec<Consent>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            String,
            Option<i64>,
            String,
            Option<String>,
            i64,
            String,
            i64,
            i64,
        );
        let sql = "SELECT c.id, c.purpose, c.state, c.means, c.until_day, c.partner_kinds, c.given_by_sealed, c.version, \
                   c.recorded_by, c.recorded_at, (SELECT COUNT(*) FROM case_consent_scans s WHERE s.consent_id = c.id) \
                   FROM case_consents c WHERE c.case_id = $1 ORDER BY c.id DESC";
        let rows: Vec<Row> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(case)
            .fetch_all(p)
            .await?);
        let today = Day::of_unix(crate::clock::now());
        let mut seen: Vec<ConsentPurpose> = Vec::new();
        let mut out = Vec::new();
        for (
            id,
            purpose,
            state,
            means,
            until,
            partners,
            given_by,
            version,
            recorded_by,
            recorded_at,
            scans,
        ) in rows
        {
            let purpose: ConsentPurpose = code("case_consents.purpose", &purpose)?;
            let until = day(until);
            let newest = !seen.contains(&purpose);
            seen.push(purpose);
            out.push(Consent {
                id,
                purpose,
                state: code("case_consents.state", &state)?,
                means: code("case_consents.means", &means)?,
                until,
                partners: partners
                    .split(',')
                    .filter(|p| !p.is_empty())
                    .map(|p| code("case_consents.partner_kinds", p))
                    .collect::<Result<_, _>>()?,
                given_by: open_opt(
                    keys,
                    "case_consents.given_by_sealed",
                    case,
                    version,
                    given_by,
                )?,
                recorded_by,
                recorded_at,
                in_force: newest && until.is_none_or(|u| u >= today),
                scan: scans > 0,
            });
        }
        Ok(out)
    }

    pub(crate) async fn plans(&self, keys: &Keys, case: i64) -> Result<Vec<Plan>, StoreError> {
        let sql = "SELECT kind, body_sealed, version, author, at FROM case_plans WHERE case_id = $1 ORDER BY id";
        let rows: Vec<(String, String, i64, String, i64)> =
            with_pool!(self, |p| sqlx::query_as(sql)
                .bind(case)
                .fetch_all(p)
                .await?);
        let mut out: Vec<Plan> = Vec::new();
        for kind in PlanKind::ALL {
            let mine: Vec<&(String, String, i64, String, i64)> =
                rows.iter().filter(|r| r.0 == kind.code()).collect();
            if let Some((_, sealed, version, author, at)) = mine.last() {
                let body = keys.open(&place("case_plans.body_sealed", case, *version), sealed)?;
                let sections = serde_json::from_str(&body).map_err(|_| StoreError::Corrupt {
                    column: "case_plans.body_sealed",
                    value: format!("case {case}"),
                })?;
                out.push(Plan {
                    kind: *kind,
                    sections,
                    versions: mine.len() as i64,
                    author: author.clone(),
                    at: *at,
                });
            }
        }
        Ok(out)
    }

    async fn services(&self, keys: &Keys, case: i64) -> Result<Vec<Service>, StoreError> {
        type Row = (
            i64,
            String,
            String,
            Option<i64>,
            Option<i64>,
            Option<String>,
            Option<String>,
            i64,
        );
        let sql = "SELECT id, service, status, planned_day, delivered_day, provider_sealed, outcome_sealed, version \
                   FROM case_services WHERE case_id = $1 ORDER BY id";
        let rows: Vec<Row> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(case)
            .fetch_all(p)
            .await?);
        rows.into_iter()
            .map(
                |(id, kind, status, planned, delivered, provider, outcome, version)| {
                    Ok(Service {
                        id,
                        kind: code("case_services.service", &kind)?,
                        status: code("case_services.status", &status)?,
                        planned: day(planned),
                        delivered: day(delivered),
                        provider: open_opt(
                            keys,
                            "case_services.provider_sealed",
                            case,
                            version,
                            provider,
                        )?,
                        outcome: open_opt(
                            keys,
                            "case_services.outcome_sealed",
                            case,
                            version,
                            outcome,
                        )?,
                    })
                },
            )
            .collect()
    }

    async fn tasks(&self, keys: &Keys, case: i64) -> Result<Vec<Task>, StoreError> {
        let sql = format!(
            "SELECT {TASK_COLUMNS} FROM case_tasks t WHERE t.case_id = $1 ORDER BY t.done_at IS NOT NULL, t.due_day, t.id"
        );
        let rows: Vec<TaskRow> = with_pool!(self, |p| sqlx::query_as(&sql)
            .bind(case)
            .fetch_all(p)
            .await?);
        rows.into_iter().map(|r| task(keys, r)).collect()
    }

    async fn history(
        &self,
        keys: &Keys,
        case: i64,
        need_to_know: bool,
    ) -> Result<Vec<HistoryEntry>, StoreError> {
        let sql = "SELECT version, at, actor, field, change_sealed FROM case_history WHERE case_id = $1 ORDER BY version DESC, id DESC";
        let rows: Vec<(i64, i64, String, String, String)> =
            with_pool!(self, |p| sqlx::query_as(sql)
                .bind(case)
                .fetch_all(p)
                .await?);
        rows.into_iter()
            .map(|(version, at, actor, field, sealed)| {
                let withheld = !need_to_know && NEED_TO_KNOW_FIELDS.contains(&field.as_str());
                let (before, after) = if withheld {
                    (String::new(), String::new())
                } else {
                    let text =
                        keys.open(&place("case_history.change_sealed", case, version), &sealed)?;
                    serde_json::from_str::<(String, String)>(&text).map_err(|_| {
                        StoreError::Corrupt {
                            column: "case_history.change_sealed",
                            value: format!("case {case}"),
                        }
                    })?
                };
                Ok(HistoryEntry {
                    version,
                    at,
                    actor,
                    field,
                    before,
                    after,
                    withheld,
                })
            })
            .collect()
    }

    /// A page of the reader's cases, newest first, audited with the ids shown.
    pub async fn cases(
        &self,
        ctx: &AccessContext,
        filter: &CaseFilter,
    ) -> Result<CasePage, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let page = self.list(&reader, filter).await?;
        self.audit_read(ctx, page.cases.iter().map(|c| c.head.id))
            .await?;
        Ok(page)
    }

    /// What needs the reader's action, audited with the cases shown.
    pub async fn needs_action(&self, ctx: &AccessContext) -> Result<NeedsAction, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let action = self.action(&reader).await?;
        self.audit_read(ctx, action.case_ids()).await?;
        Ok(action)
    }

    /// What `/cases` shows: what needs the reader's action and a page of their cases, read
    /// with one audit entry for all the cases shown.
    pub async fn cases_page(
        &self,
        ctx: &AccessContext,
        filter: &CaseFilter,
    ) -> Result<(NeedsAction, CasePage), StoreError> {
        let reader = self.case_reader(ctx).await?;
        let action = self.action(&reader).await?;
        let page = self.list(&reader, filter).await?;
        let ids = action
            .case_ids()
            .chain(page.cases.iter().map(|c| c.head.id));
        self.audit_read(ctx, ids).await?;
        Ok((action, page))
    }

    /// One audit entry for the cases read (none when none was).
    async fn audit_read(
        &self,
        ctx: &AccessContext,
        ids: impl Iterator<Item = i64>,
    ) -> Result<(), StoreError> {
        let mut ids: Vec<i64> = ids.collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(());
        }
        self.audit(ctx, "case.read", json!({ "ids": ids, "list": true }))
            .await
    }

    async fn list(&self, reader: &Reader, filter: &CaseFilter) -> Result<CasePage, StoreError> {
        let mut clauses = vec![reader.scope_sql()];
        if let Some(status) = filter.status {
            clauses.push(format!("status = '{}'", status.code()));
        }
        match filter.assignee {
            Some(Some(user)) => clauses.push(format!("assignee = {user}")),
            Some(None) => clauses.push("assignee IS NULL".into()),
            None => {}
        }
        if let Some(team) = filter.team {
            clauses.push(format!("team_id = {team}"));
        }
        if let Some(before) = filter.before {
            clauses.push(format!("id < {before}"));
        }
        let limit = filter.limit.clamp(1, 200);
        let sql = format!(
            "SELECT {HEAD_COLUMNS} FROM cases WHERE {} ORDER BY id DESC LIMIT {}",
            clauses.join(" AND "),
            limit + 1
        );
        let mut rows: Vec<HeadRow> =
            with_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let cases = self.summaries(&rows).await?;
        Ok(CasePage {
            next: if more {
                cases.last().map(|c| c.head.id)
            } else {
                None
            },
            cases,
        })
    }

    async fn summaries(&self, rows: &[HeadRow]) -> Result<Vec<CaseSummary>, StoreError> {
        let keys = self.current_keys().await?;
        rows.iter()
            .map(|r| CaseSummary::new(r.head()?, r, &keys))
            .collect()
    }

    async fn action(&self, reader: &Reader) -> Result<NeedsAction, StoreError> {
        let (Some(org), Some(me)) = (reader.organisation(), reader.user()) else {
            return Ok(NeedsAction::default());
        };
        let keys = self.current_keys().await?;
        let now = crate::clock::now();
        let today = Day::of_unix(now).0;
        let org = org.0;
        let open = "status <> 'closed'";
        // The reader's own tasks, then the unassigned tasks of their cases: each half reads
        // its own index (a task's assignee; a case's open tasks by due day), neither scans
        // the organisation's tasks (`CROSS JOIN` fixes SQLite's order, and `COALESCE` keeps
        // either database from reading every unassigned task by the assignee index). Both
        // are the reader's organisation's by construction.
        let overdue = |columns: &str| {
            format!(
                "SELECT {columns} FROM case_tasks t WHERE t.assignee = {me} AND t.done_at IS NULL AND t.due_day < {today} \
                 UNION ALL SELECT {columns} FROM cases c CROSS JOIN case_tasks t WHERE t.case_id = c.id AND c.assignee = {me} \
                 AND COALESCE(t.assignee, 0) = 0 AND t.done_at IS NULL AND t.due_day < {today}"
            )
        };
        // Found, ordered and counted from the indexes; only the few shown are read whole (a
        // thousand overdue tasks' rows are not read to show twenty).
        let rows: Vec<TaskRow> = with_pool!(self, |p| {
            sqlx::query_as(&format!(
                "SELECT {TASK_COLUMNS} FROM case_tasks t WHERE t.id IN \
                 (SELECT id FROM ({}) o ORDER BY due_day, id LIMIT {ACTION_ITEMS}) ORDER BY t.due_day, t.id",
                overdue("t.id, t.due_day")
            ))
            .fetch_all(p)
            .await?
        });
        let overdue_total = self.count(&overdue("1")).await?;
        let mut overdue = Vec::new();
        let names = self
            .case_rows(&rows.iter().map(|r| r.1).collect::<Vec<_>>())
            .await?;
        for r in rows {
            let name = match names
                .iter()
                .find(|n| n.head().map(|h| h.id).ok() == Some(r.1))
            {
                Some(row) => row.person(&keys)?.name().to_string(),
                None => String::new(),
            };
            overdue.push((task(&keys, r)?, name));
        }
        let supervisor = reader.is_supervisor();
        // `+organisation_id`: the organisation's index would read all its cases; these read
        // the few with a step waiting, or with nobody assigned, through their own index.
        let approvals = if supervisor {
            self.listed(&format!(
                "pending IN ('plan', 'closed') AND +organisation_id = {org} AND (assignee IS NULL OR assignee <> {me}) AND pending_by <> {me}"
            ), "pending_at, id").await?
        } else {
            (Vec::new(), 0)
        };
        let unassigned_where = if supervisor {
            format!("assignee IS NULL AND +organisation_id = {org} AND {open}")
        } else {
            format!("organisation_id = {org} AND assignee IS NULL AND opened_by = {me} AND {open}")
        };
        let unassigned = self.listed(&unassigned_where, "opened_at, id").await?;
        let quiet_since = now - QUIET_DAYS * 86_400;
        let whose = if supervisor {
            format!("organisation_id = {org}")
        } else {
            format!("assignee = {me}")
        };
        let quiet = self
            .listed(
                &format!(
                    "{whose} AND assignee IS NOT NULL AND {open} AND active_at < {quiet_since}"
                ),
                "active_at, id",
            )
            .await?;
        let expiring = self.expiring(&keys, me, today).await?;
        let action = NeedsAction {
            overdue: (overdue, overdue_total),
            approvals,
            expiring,
            unassigned,
            quiet,
        };
        Ok(action)
    }

    /// How many rows `select` (a `SELECT 1 …` of literals only) gives, counted up to
    /// `COUNT_CAP + 1`: a list says "more than 1,000" rather than count an organisation's
    /// cases at every page view.
    async fn count(&self, select: &str) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT COUNT(*) FROM ({select} LIMIT {}) capped",
            COUNT_CAP + 1
        );
        Ok(with_pool!(self, |p| sqlx::query_scalar(&sql)
            .fetch_one(p)
            .await?))
    }

    /// Up to `ACTION_ITEMS` cases matching `condition` (literals only), and their total.
    async fn listed(
        &self,
        condition: &str,
        order: &str,
    ) -> Result<(Vec<CaseSummary>, i64), StoreError> {
        let sql = format!(
            "SELECT {HEAD_COLUMNS} FROM cases WHERE {condition} ORDER BY {order} LIMIT {ACTION_ITEMS}"
        );
        let rows: Vec<HeadRow> = with_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        let total = self
            .count(&format!("SELECT 1 FROM cases WHERE {condition}"))
            .await?;
        Ok((self.summaries(&rows).await?, total))
    }

    /// The reader's open cases whose consent in force (given, the newest of its purpose)
    /// ends within `EXPIRING_DAYS`. Read from the reader's cases (an assignee is always of
    /// their organisation), so that no plan starts from all of the organisation's.
    async fn expiring(
        &self,
        keys: &Keys,
        me: i64,
        today: i32,
    ) -> Result<(Vec<(CaseSummary, ConsentPurpose, Day)>, i64), StoreError> {
        let sql = format!(
            "SELECT cc.case_id, cc.purpose, cc.until_day FROM cases c JOIN case_consents cc ON cc.case_id = c.id \
             WHERE c.assignee = {me} AND c.status <> 'closed' \
             AND cc.until_day >= {today} AND cc.until_day <= {} AND cc.state = 'given' \
             AND cc.id = (SELECT MAX(x.id) FROM case_consents x WHERE x.case_id = cc.case_id AND x.purpose = cc.purpose) \
             ORDER BY cc.until_day, cc.case_id",
            i64::from(today) + EXPIRING_DAYS
        );
        let rows: Vec<(i64, String, i64)> =
            with_pool!(self, |p| sqlx::query_as(&sql).fetch_all(p).await?);
        let total = (rows.len() as i64).min(COUNT_CAP + 1);
        let shown: Vec<(i64, String, i64)> = rows.into_iter().take(ACTION_ITEMS as usize).collect();
        let heads = self
            .case_rows(&shown.iter().map(|r| r.0).collect::<Vec<_>>())
            .await?;
        let mut out = Vec::new();
        for (case, purpose, until) in shown {
            if let Some(row) = heads
                .iter()
                .find(|h| h.head().map(|h| h.id).ok() == Some(case))
            {
                out.push((
                    CaseSummary::new(row.head()?, row, keys)?,
                    code("case_consents.purpose", &purpose)?,
                    Day(i32::try_from(until).unwrap_or(i32::MAX)),
                ));
            }
        }
        Ok((out, total))
    }
}
