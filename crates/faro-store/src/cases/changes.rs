//! Every change of a case: the person, consent, plans, services, tasks, the workflow's steps
//! and their approval, assignment. Each checks who may make it, says what changed in words
//! the history keeps, and hands one [`Effect`] to [`Store::commit`].

use super::{CaseHead, Changed, Reader, place, seal_person};
use crate::keys::Keys;
use crate::{Store, StoreError};
use faro_domain::case::person::Person;
use faro_domain::case::{
    CaseStatus, ClosureReason, ConsentMeans, ConsentPurpose, ConsentState, Day, Gate, PartnerKind,
    PlanKind, ServiceKind, ServiceStatus, approval_refused,
};
use faro_domain::{AccessContext, Message, OrganisationId, Permission, Vocabulary, refusal};

/// A consent as recorded: the purpose, the answer, how and until when, and for a minor who
/// gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentInput {
    pub purpose: ConsentPurpose,
    pub state: ConsentState,
    pub means: ConsentMeans,
    pub until: Option<Day>,
    /// For a referral consent: the kinds of organisation it covers.
    pub partners: Vec<PartnerKind>,
    /// A minor's guardian or the authority that consented (checked free text).
    pub given_by: Option<String>,
}

/// One service of the plan, new or as it now stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewService {
    pub kind: ServiceKind,
    pub status: ServiceStatus,
    pub planned: Option<Day>,
    pub delivered: Option<Day>,
    pub provider: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub title: String,
    pub due: Day,
    pub assignee: Option<i64>,
}

/// A step of the workflow asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    To(CaseStatus),
    Close {
        reason: ClosureReason,
        summary: Option<String>,
    },
}

/// What a change writes besides the version and the history; applied by [`apply`] inside
/// the commit's transaction.
pub(crate) enum Effect {
    Person {
        sealed: String,
        terms: Vec<i64>,
    },
    Status {
        status: CaseStatus,
        pending: Option<(CaseStatus, i64)>,
        /// The reason and sealed summary of a closure asked for or approved: kept, or set
        /// (`None` clears them: an open case with no closure waiting has none).
        closure: Option<Option<(ClosureReason, Option<String>)>>,
    },
    Assign {
        assignee: Option<i64>,
        team: Option<i64>,
    },
    Consent {
        input: ConsentInput,
        given_by: Option<String>,
        /// The case's record, when counting it depends on this consent.
        record: Option<i64>,
        /// The referrals a consent withdrawn or refused revokes.
        revoke: Vec<crate::referrals::Revocation>,
    },
    Plan {
        kind: PlanKind,
        body: String,
    },
    Service {
        id: Option<i64>,
        input: NewService,
        provider: Option<String>,
        outcome: Option<String>,
    },
    Task {
        input: NewTask,
        title: String,
    },
    TaskDone {
        id: i64,
    },
    /// The scan of a consent's signed form, sealed.
    Scan {
        consent: i64,
        photo: crate::Photo,
        sealed: Vec<u8>,
    },
}

/// Applies `$effect` of case `$head` at `$version`, inside the commit's transaction; the
/// value is the id of a row it inserted.
macro_rules! apply {
    ($store:expr, $tx:ident, $dialect:ident, $ctx:expr, $head:expr, $version:expr, $at:expr, $effect:expr) => {{
        use $crate::cases::changes::Effect;
        let (head, version, at) = ($head, $version, $at);
        match $effect {
            Effect::Person { sealed, terms } => {
                sqlx::query("UPDATE cases SET person_sealed = $1 WHERE id = $2")
                    .bind(&sealed)
                    .bind(head.id)
                    .execute(&mut *$tx)
                    .await?;
                sqlx::query("DELETE FROM case_terms WHERE case_id = $1")
                    .bind(head.id)
                    .execute(&mut *$tx)
                    .await?;
                if let Some(sql) = $crate::cases::open::insert_terms_sql(terms.len()) {
                    let mut q = sqlx::query(&sql).bind(head.organisation.0).bind(head.id);
                    for term in &terms {
                        q = q.bind(term);
                    }
                    q.execute(&mut *$tx).await?;
                }
                None
            }
            Effect::Status { status, pending, closure } => {
                let pending_to = pending.map(|(to, _)| to.code());
                let pending_by = pending.map(|(_, by)| by);
                let pending_at = pending.map(|_| at);
                match closure {
                    None => {
                        sqlx::query("UPDATE cases SET status = $1, pending = $2, pending_by = $3, pending_at = $4 WHERE id = $5")
                            .bind(status.code())
                            .bind(pending_to)
                            .bind(pending_by)
                            .bind(pending_at)
                            .bind(head.id)
                            .execute(&mut *$tx)
                            .await?;
                    }
                    Some(closure) => {
                        let (reason, summary) = match closure {
                            Some((r, s)) => (Some(r.code()), s),
                            None => (None, None),
                        };
                        sqlx::query(
                            "UPDATE cases SET status = $1, pending = $2, pending_by = $3, pending_at = $4, \
                             closure_reason = $5, closure_sealed = $6 WHERE id = $7",
                        )
                        .bind(status.code())
                        .bind(pending_to)
                        .bind(pending_by)
                        .bind(pending_at)
                        .bind(reason)
                        .bind(summary)
                        .bind(head.id)
                        .execute(&mut *$tx)
                        .await?;
                    }
                }
                None
            }
            Effect::Assign { assignee, team } => {
                sqlx::query("UPDATE cases SET assignee = $1, team_id = $2 WHERE id = $3")
                    .bind(assignee)
                    .bind(team)
                    .bind(head.id)
                    .execute(&mut *$tx)
                    .await?;
                None
            }
            Effect::Consent { input, given_by, record, revoke } => {
                $crate::referrals::revoke!($store, $tx, $dialect, $ctx, &revoke, at);
                let partners: Vec<&str> = input.partners.iter().map(|p| p.code()).collect();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO case_consents (case_id, purpose, state, means, until_day, partner_kinds, \
                     given_by_sealed, version, recorded_by, recorded_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                )
                .bind(head.id)
                .bind(input.purpose.code())
                .bind(input.state.code())
                .bind(input.means.code())
                .bind(input.until.map(|d| i64::from(d.0)))
                .bind(partners.join(","))
                .bind(given_by)
                .bind(version)
                .bind($ctx.actor())
                .bind(at)
                .fetch_one(&mut *$tx)
                .await?;
                if let Some(record) = record {
                    let counted = input.state == faro_domain::case::ConsentState::Given;
                    let moved = if counted {
                        sqlx::query("UPDATE records SET uncounted_at = NULL WHERE id = $1 AND uncounted_at IS NOT NULL")
                            .bind(record)
                            .execute(&mut *$tx)
                            .await?
                    } else {
                        sqlx::query("UPDATE records SET uncounted_at = $1 WHERE id = $2 AND uncounted_at IS NULL")
                            .bind(at)
                            .bind(record)
                            .execute(&mut *$tx)
                            .await?
                    }
                    .rows_affected();
                    if moved > 0 {
                        sqlx::query("UPDATE sources SET revision = revision + 1 WHERE id = (SELECT source_id FROM records WHERE id = $1)")
                            .bind(record)
                            .execute(&mut *$tx)
                            .await?;
                    }
                    if !counted {
                        let keys = $store.current_keys().await?;
                        let organisation = head.organisation;
                        withdraw_releases_holding!($store, $tx, $dialect, $ctx, &keys, organisation, record, "uncounted_record");
                    }
                }
                Some(id)
            }
            Effect::Plan { kind, body } => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO case_plans (case_id, kind, body_sealed, version, author, at) \
                     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(head.id)
                .bind(kind.code())
                .bind(&body)
                .bind(version)
                .bind($ctx.actor())
                .bind(at)
                .fetch_one(&mut *$tx)
                .await?;
                Some(id)
            }
            Effect::Service { id, input, provider, outcome } => {
                let planned = input.planned.map(|d| i64::from(d.0));
                let delivered = input.delivered.map(|d| i64::from(d.0));
                let id: i64 = match id {
                    Some(id) => {
                        sqlx::query(
                            "UPDATE case_services SET service = $1, status = $2, planned_day = $3, delivered_day = $4, \
                             provider_sealed = $5, outcome_sealed = $6, version = $7, updated_at = $8 WHERE id = $9 AND case_id = $10",
                        )
                        .bind(input.kind.code())
                        .bind(input.status.code())
                        .bind(planned)
                        .bind(delivered)
                        .bind(&provider)
                        .bind(&outcome)
                        .bind(version)
                        .bind(at)
                        .bind(id)
                        .bind(head.id)
                        .execute(&mut *$tx)
                        .await?;
                        id
                    }
                    None => sqlx::query_scalar(
                        "INSERT INTO case_services (case_id, service, status, planned_day, delivered_day, \
                         provider_sealed, outcome_sealed, version, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                    )
                    .bind(head.id)
                    .bind(input.kind.code())
                    .bind(input.status.code())
                    .bind(planned)
                    .bind(delivered)
                    .bind(&provider)
                    .bind(&outcome)
                    .bind(version)
                    .bind(at)
                    .fetch_one(&mut *$tx)
                    .await?,
                };
                if input.status == faro_domain::case::ServiceStatus::Delivered {
                    sqlx::query("UPDATE cases SET first_service_at = $1 WHERE id = $2 AND first_service_at IS NULL")
                        .bind(at)
                        .bind(head.id)
                        .execute(&mut *$tx)
                        .await?;
                }
                Some(id)
            }
            Effect::Task { input, title } => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO case_tasks (case_id, organisation_id, assignee, due_day, title_sealed, version, \
                     created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(head.id)
                .bind(head.organisation.0)
                .bind(input.assignee)
                .bind(i64::from(input.due.0))
                .bind(&title)
                .bind(version)
                .bind($ctx.actor())
                .bind(at)
                .fetch_one(&mut *$tx)
                .await?;
                Some(id)
            }
            Effect::TaskDone { id } => {
                sqlx::query("UPDATE case_tasks SET done_at = $1 WHERE id = $2 AND case_id = $3 AND done_at IS NULL")
                    .bind(at)
                    .bind(id)
                    .bind(head.id)
                    .execute(&mut *$tx)
                    .await?;
                None
            }
            Effect::Scan { consent, photo, sealed } => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO case_consent_scans (case_id, consent_id, version, media_type, width, height, content) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(head.id)
                .bind(consent)
                .bind(version)
                .bind(photo.media_type)
                .bind(i32::try_from(photo.width).unwrap_or(i32::MAX))
                .bind(i32::try_from(photo.height).unwrap_or(i32::MAX))
                .bind(sealed)
                .fetch_one(&mut *$tx)
                .await?;
                Some(id)
            }
        }
    }};
}
pub(crate) use apply;

fn seal_opt(
    keys: &Keys,
    column: &str,
    case: i64,
    version: i64,
    text: Option<&str>,
) -> Result<Option<String>, StoreError> {
    text.map(|t| keys.seal(&place(column, case, version), t))
        .transpose()
}

fn refuse_if_closed(head: &CaseHead) -> Result<(), StoreError> {
    if head.status.is_open() {
        Ok(())
    } else {
        Err(StoreError::invalid("status", refusal::CASE_CLOSED))
    }
}

fn who(user: Option<i64>) -> String {
    user.map(|u| faro_domain::access::Actor::User(u).to_string())
        .unwrap_or_default()
}

impl Store {
    /// The case and its reader, for a change: open cases only, unless `closed_ok`.
    pub(super) async fn for_change(
        &self,
        ctx: &AccessContext,
        id: i64,
        closed_ok: bool,
    ) -> Result<(Reader, CaseHead), StoreError> {
        let reader = self.case_reader(ctx).await?;
        let (head, _) = self.case_row(&reader, id).await?;
        if !closed_ok {
            refuse_if_closed(&head)?;
        }
        Ok((reader, head))
    }

    /// Replaces who the person is, from version `expected` of the case. A detail marked
    /// "need to know" that this editor cannot see is kept as it was.
    pub async fn update_person(
        &self,
        ctx: &AccessContext,
        id: i64,
        expected: i64,
        mut person: Person,
    ) -> Result<i64, StoreError> {
        let reader = self.case_reader(ctx).await?;
        let (head, row) = self.case_row(&reader, id).await?;
        refuse_if_closed(&head)?;
        let keys = self.current_keys().await?;
        let before = row.person(&keys)?;
        if !reader.needs_to_know(&head) {
            person
                .contacts
                .extend(before.contacts.iter().filter(|c| c.need_to_know).cloned());
            person
                .documents
                .extend(before.documents.iter().filter(|d| d.need_to_know).cloned());
            if before.circle_need_to_know {
                person.circle = before.circle.clone();
                person.circle_need_to_know = true;
            }
        }
        let changed = person_changes(&before, &person)?;
        let terms = super::open::keyed_terms(&keys, &person);
        let effect = Effect::Person {
            sealed: seal_person(&keys, id, &person)?,
            terms,
        };
        Ok(self
            .commit(ctx, &head, expected, "case.update", changed, effect)
            .await?
            .0)
    }

    /// Records a consent (a new version of its purpose). A statistics consent refused or
    /// withdrawn takes the case's record out of every aggregate and release from now on and
    /// withdraws the releases that hold it; given again, the record is counted again. A
    /// referral or identity consent refused or withdrawn revokes the referrals resting on it
    /// (`referrals::steps`), in the same transaction.
    pub async fn record_consent(
        &self,
        ctx: &AccessContext,
        id: i64,
        input: ConsentInput,
    ) -> Result<i64, StoreError> {
        let (_, head) = self.for_change(ctx, id, true).await?;
        let keys = self.current_keys().await?;
        let version = head.version + 1;
        let given_by = seal_opt(
            &keys,
            "case_consents.given_by_sealed",
            id,
            version,
            input.given_by.as_deref(),
        )?;
        let before = self
            .consents_in_force(id)
            .await?
            .into_iter()
            .find(|(p, _)| *p == input.purpose)
            .map(|(_, s)| s.code())
            .unwrap_or_default();
        let changed = vec![Changed::new(
            format!("consent.{}", input.purpose.code()),
            before,
            input.state.code(),
        )];
        let record = (input.purpose == ConsentPurpose::Statistics)
            .then_some(head.record)
            .flatten();
        let revoke = if input.state == ConsentState::Given {
            Vec::new()
        } else {
            self.revocations(id, input.purpose).await?
        };
        let effect = Effect::Consent {
            input,
            given_by,
            record,
            revoke,
        };
        Ok(self
            .commit(ctx, &head, head.version, "case.consent", changed, effect)
            .await?
            .0)
    }

    /// Each purpose's newest answer.
    pub(crate) async fn consents_in_force(
        &self,
        case: i64,
    ) -> Result<Vec<(ConsentPurpose, ConsentState)>, StoreError> {
        let sql = "SELECT purpose, state FROM case_consents WHERE case_id = $1 ORDER BY id";
        let rows: Vec<(String, String)> = with_pool!(self, |p| sqlx::query_as(sql)
            .bind(case)
            .fetch_all(p)
            .await?);
        let mut out: Vec<(ConsentPurpose, ConsentState)> = Vec::new();
        for (purpose, state) in rows {
            let purpose: ConsentPurpose = super::code("case_consents.purpose", &purpose)?;
            let state: ConsentState = super::code("case_consents.state", &state)?;
            out.retain(|(p, _)| *p != purpose);
            out.push((purpose, state));
        }
        Ok(out)
    }

    /// Saves a new version of the case's needs assessment or safety plan (sections checked
    /// by `PlanKind::check`).
    pub async fn save_plan(
        &self,
        ctx: &AccessContext,
        id: i64,
        expected: i64,
        kind: PlanKind,
        sections: Vec<(String, String)>,
    ) -> Result<i64, StoreError> {
        let (_, head) = self.for_change(ctx, id, false).await?;
        let keys = self.current_keys().await?;
        let body =
            serde_json::to_string(&sections).map_err(|e| StoreError::Internal(e.to_string()))?;
        let sealed = keys.seal(
            &place("case_plans.body_sealed", id, expected.saturating_add(1)),
            &body,
        )?;
        let versions = self.plan_versions(id, kind).await?;
        let changed = vec![Changed::new(
            format!("plan.{}", kind.code()),
            if versions == 0 {
                String::new()
            } else {
                versions.to_string()
            },
            (versions + 1).to_string(),
        )];
        let effect = Effect::Plan { kind, body: sealed };
        Ok(self
            .commit(ctx, &head, expected, "case.plan", changed, effect)
            .await?
            .0)
    }

    async fn plan_versions(&self, case: i64, kind: PlanKind) -> Result<i64, StoreError> {
        let sql = "SELECT COUNT(*) FROM case_plans WHERE case_id = $1 AND kind = $2";
        Ok(with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(case)
            .bind(kind.code())
            .fetch_one(p)
            .await?))
    }

    /// Adds a service to the plan (`service: None`) or changes one; returns its id.
    pub async fn save_service(
        &self,
        ctx: &AccessContext,
        id: i64,
        service: Option<i64>,
        input: NewService,
    ) -> Result<i64, StoreError> {
        let (_, head) = self.for_change(ctx, id, false).await?;
        let keys = self.current_keys().await?;
        let version = head.version + 1;
        let before = match service {
            Some(sid) => {
                let sql = "SELECT status FROM case_services WHERE id = $1 AND case_id = $2";
                let status: Option<String> = with_pool!(self, |p| sqlx::query_scalar(sql)
                    .bind(sid)
                    .bind(id)
                    .fetch_optional(p)
                    .await?);
                status.ok_or(StoreError::NotFound {
                    kind: "service",
                    id: sid,
                })?
            }
            None => String::new(),
        };
        let provider = seal_opt(
            &keys,
            "case_services.provider_sealed",
            id,
            version,
            input.provider.as_deref(),
        )?;
        let outcome = seal_opt(
            &keys,
            "case_services.outcome_sealed",
            id,
            version,
            input.outcome.as_deref(),
        )?;
        let field = format!("service.{}", input.kind.code());
        let changed = vec![Changed::new(field, before, input.status.code())];
        let effect = Effect::Service {
            id: service,
            input,
            provider,
            outcome,
        };
        let (_, inserted) = self
            .commit(ctx, &head, head.version, "case.service", changed, effect)
            .await?;
        inserted.ok_or_else(|| StoreError::Internal("a service without an id".into()))
    }

    /// Adds a task; its assignee must be active staff of the organisation who work on cases.
    pub async fn add_task(
        &self,
        ctx: &AccessContext,
        id: i64,
        input: NewTask,
    ) -> Result<i64, StoreError> {
        let (_, head) = self.for_change(ctx, id, false).await?;
        if let Some(user) = input.assignee {
            self.check_case_staff(head.organisation, user).await?;
        }
        let keys = self.current_keys().await?;
        let title = keys.seal(
            &place("case_tasks.title_sealed", id, head.version + 1),
            &input.title,
        )?;
        let changed = vec![Changed::new(
            "task",
            "",
            format!("{} {}", input.due, input.title),
        )];
        let effect = Effect::Task { input, title };
        let (_, inserted) = self
            .commit(ctx, &head, head.version, "case.task", changed, effect)
            .await?;
        inserted.ok_or_else(|| StoreError::Internal("a task without an id".into()))
    }

    /// Marks a task of the case done.
    pub async fn complete_task(
        &self,
        ctx: &AccessContext,
        id: i64,
        task: i64,
    ) -> Result<i64, StoreError> {
        let (_, head) = self.for_change(ctx, id, true).await?;
        let sql =
            "SELECT COUNT(*) FROM case_tasks WHERE id = $1 AND case_id = $2 AND done_at IS NULL";
        let open: i64 = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(task)
            .bind(id)
            .fetch_one(p)
            .await?);
        if open == 0 {
            return Err(StoreError::NotFound {
                kind: "task",
                id: task,
            });
        }
        let changed = vec![Changed::new(format!("task.{task}"), "open", "done")];
        Ok(self
            .commit(
                ctx,
                &head,
                head.version,
                "case.task",
                changed,
                Effect::TaskDone { id: task },
            )
            .await?
            .0)
    }

    /// Takes a step of the workflow from version `expected`: at once, or (plan, closure) as a
    /// request waiting for a supervisor.
    pub async fn step_case(
        &self,
        ctx: &AccessContext,
        id: i64,
        expected: i64,
        step: Step,
    ) -> Result<i64, StoreError> {
        let (reader, head) = self.for_change(ctx, id, true).await?;
        if head.pending.is_some() {
            return Err(StoreError::invalid("status", refusal::ALREADY_PENDING));
        }
        let (to, closure) = match step {
            Step::To(to) => (to, None),
            Step::Close { reason, summary } => (CaseStatus::Closed, Some((reason, summary))),
        };
        if to == CaseStatus::Closed && closure.is_none() {
            return Err(StoreError::Invalid {
                field: "reason",
                problem: Message::new(faro_domain::problem::NOT_ONE_OF)
                    .with("expected", ClosureReason::code_list()),
            });
        }
        let gate = head
            .status
            .gate(to)
            .map_err(|problem| StoreError::Invalid {
                field: "status",
                problem,
            })?;
        let keys = self.current_keys().await?;
        let closure = match closure {
            Some((reason, summary)) => Some((
                reason,
                seal_opt(&keys, "cases.closure_sealed", id, 0, summary.as_deref())?,
            )),
            None => None,
        };
        let (effect, changed) = match gate {
            Gate::Free => (
                Effect::Status {
                    status: to,
                    pending: None,
                    closure: Some(None),
                },
                vec![Changed::new("status", head.status.code(), to.code())],
            ),
            Gate::Approval => {
                let by = reader.user().ok_or(StoreError::Forbidden {
                    action: "request_step",
                })?;
                (
                    Effect::Status {
                        status: head.status,
                        pending: Some((to, by)),
                        closure: Some(closure),
                    },
                    vec![Changed::new("pending", "", to.code())],
                )
            }
        };
        Ok(self
            .commit(ctx, &head, expected, "case.step", changed, effect)
            .await?
            .0)
    }

    /// A supervisor's decision on the step waiting: approved, the case moves; refused, it
    /// stays. Nobody decides a step of a case they manage or a step they asked for.
    pub async fn decide_step(
        &self,
        ctx: &AccessContext,
        id: i64,
        approve: bool,
    ) -> Result<i64, StoreError> {
        let (reader, head) = self.for_change(ctx, id, true).await?;
        let me = match reader.user() {
            Some(me) if reader.is_supervisor() => me,
            _ => return Err(StoreError::invalid("decision", refusal::NOT_A_SUPERVISOR)),
        };
        let pending = head
            .pending
            .ok_or_else(|| StoreError::invalid("decision", refusal::NOTHING_PENDING))?;
        if let Some(problem) = approval_refused(me, head.assignee, pending.by) {
            return Err(StoreError::Invalid {
                field: "decision",
                problem,
            });
        }
        let status = if approve { pending.to } else { head.status };
        let mut changed = vec![Changed::new(
            "pending",
            pending.to.code(),
            if approve { "approved" } else { "refused" },
        )];
        if approve {
            changed.push(Changed::new("status", head.status.code(), status.code()));
        }
        // A refused closure leaves nothing of it; an approved one keeps its reason and summary.
        let effect = Effect::Status {
            status,
            pending: None,
            closure: if approve { None } else { Some(None) },
        };
        Ok(self
            .commit(ctx, &head, head.version, "case.decide", changed, effect)
            .await?
            .0)
    }

    /// Gives the case to a case worker and a team, or transfers it: a supervisor may, and so
    /// may the case's own worker (a transfer inside the organisation).
    pub async fn assign_case(
        &self,
        ctx: &AccessContext,
        id: i64,
        expected: i64,
        assignee: Option<i64>,
        team: Option<i64>,
    ) -> Result<i64, StoreError> {
        let (reader, head) = self.for_change(ctx, id, false).await?;
        let own = reader.user().is_some() && head.assignee == reader.user();
        if !reader.is_supervisor() && !own {
            return Err(StoreError::invalid("assignee", refusal::NOT_A_SUPERVISOR));
        }
        if let Some(user) = assignee {
            self.check_case_staff(head.organisation, user).await?;
        }
        if let Some(team) = team {
            self.check_team(head.organisation, team).await?;
        }
        let mut changed = Vec::new();
        if assignee != head.assignee {
            changed.push(Changed::new("assignee", who(head.assignee), who(assignee)));
        }
        if team != head.team {
            let name = |t: Option<i64>| t.map(|t| format!("team {t}")).unwrap_or_default();
            changed.push(Changed::new("team", name(head.team), name(team)));
        }
        let effect = Effect::Assign { assignee, team };
        Ok(self
            .commit(ctx, &head, expected, "case.assign", changed, effect)
            .await?
            .0)
    }

    /// `Invalid` unless `user` is active staff of `organisation` whose role works on cases.
    pub(crate) async fn check_case_staff(
        &self,
        organisation: OrganisationId,
        user: i64,
    ) -> Result<(), StoreError> {
        let sql = "SELECT role FROM users WHERE id = $1 AND organisation_id = $2 AND disabled = 0";
        let role: Option<String> = with_pool!(self, |p| sqlx::query_scalar(sql)
            .bind(user)
            .bind(organisation.0)
            .fetch_optional(p)
            .await?);
        let works = role
            .and_then(|r| faro_domain::Role::from_code(&r))
            .is_some_and(|r| r.permissions().contains(&Permission::Cases));
        if works {
            Ok(())
        } else {
            Err(StoreError::invalid("assignee", refusal::NOT_CASE_STAFF))
        }
    }
}

/// The person's fields that differ, each with its value before and after as JSON.
fn person_changes(before: &Person, after: &Person) -> Result<Vec<Changed>, StoreError> {
    let json =
        |p: &Person| serde_json::to_value(p).map_err(|e| StoreError::Internal(e.to_string()));
    let (b, a) = (json(before)?, json(after)?);
    let (Some(b), Some(a)) = (b.as_object(), a.as_object()) else {
        return Err(StoreError::Internal("a person is not an object".into()));
    };
    Ok(a.iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, v)| {
            let old = b.get(k).map(|x| x.to_string()).unwrap_or_default();
            Changed::new(format!("person.{k}"), old, v.to_string())
        })
        .collect())
}
