//! Case management on both databases: who sees which case (each role against another team's
//! and another organisation's), search before opening without seeing outside one's scope,
//! supervision without self-approval, optimistic versions, consent whose withdrawal takes the
//! record out of counts and releases, history and audit of every change, nothing named in
//! clear in the database, re-keying, erasure.

use faro_domain::case::person::{Contact, ContactKind, Person};
use faro_domain::case::{
    CaseStatus, ClosureReason, ConsentMeans, ConsentPurpose, ConsentState, Day, PlanKind,
    ServiceKind, ServiceStatus,
};
use faro_domain::{AccessContext, DisplayName, OrganisationId, Role, refusal};
use faro_store::{
    CaseFilter, ConsentInput, DEFAULT_ORGANISATION, ErasureReason, Found, NewCase, NewService,
    NewTask, Step, Store, StoreError,
};
use faro_testkit::{TestDb, email, import_generated, on_both_backends};

/// A member of `org` in `role`, signed in as a new user.
pub(crate) async fn staff(
    store: &Store,
    org: OrganisationId,
    role: Role,
    name: &str,
) -> AccessContext {
    let user = store
        .create_user(
            &AccessContext::instance(),
            org,
            &email(format!("{name}@example.org")),
            role,
        )
        .await
        .unwrap();
    AccessContext::member(org, role)
        .for_user(user.id)
        .acting_as(format!("user {}", user.id))
}

pub(crate) fn person(name: &str, phone: &str) -> Person {
    Person {
        names: vec![name.into()],
        contacts: vec![
            Contact {
                kind: ContactKind::Phone,
                value: phone.into(),
                safe: true,
                need_to_know: false,
            },
            Contact {
                kind: ContactKind::Address,
                value: "Shelter Las Flores, calle 4".into(),
                safe: true,
                need_to_know: true,
            },
        ],
        ..Person::default()
    }
    .check()
    .unwrap()
}

pub(crate) fn by_hand(p: Person) -> NewCase {
    NewCase {
        person: p,
        report: None,
        record: None,
    }
}

pub(crate) struct Office {
    pub admin: AccessContext,
    pub supervisor: AccessContext,
    pub second_supervisor: AccessContext,
    pub worker: AccessContext,
    pub teammate: AccessContext,
    pub stranger: AccessContext,
    pub operator: AccessContext,
    pub analyst: AccessContext,
    pub team: i64,
}

/// An organisation with a team (a supervisor, a case worker, a teammate), a second
/// supervisor, a case worker of another team, an operator and an analyst.
pub(crate) async fn office(store: &Store, org: OrganisationId, prefix: &str) -> Office {
    let admin = staff(store, org, Role::Admin, &format!("{prefix}admin")).await;
    let supervisor = staff(store, org, Role::Caseworker, &format!("{prefix}sup")).await;
    let second_supervisor = staff(store, org, Role::Caseworker, &format!("{prefix}sup2")).await;
    let worker = staff(store, org, Role::Caseworker, &format!("{prefix}worker")).await;
    let teammate = staff(store, org, Role::Caseworker, &format!("{prefix}mate")).await;
    let stranger = staff(store, org, Role::Caseworker, &format!("{prefix}stranger")).await;
    let operator = staff(store, org, Role::Operator, &format!("{prefix}operator")).await;
    let analyst = staff(store, org, Role::Analyst, &format!("{prefix}analyst")).await;
    let name = |n: &str| DisplayName::parse(n).unwrap();
    let team = store
        .create_team(&admin, org, &name("North"))
        .await
        .unwrap();
    let other = store
        .create_team(&admin, org, &name("South"))
        .await
        .unwrap();
    for (ctx, supervises, t) in [
        (&supervisor, true, team),
        (&worker, false, team),
        (&teammate, false, team),
        (&second_supervisor, true, other),
        (&stranger, false, other),
    ] {
        store
            .set_team_member(&admin, t, ctx.user().unwrap(), Some(supervises))
            .await
            .unwrap();
    }
    Office {
        admin,
        supervisor,
        second_supervisor,
        worker,
        teammate,
        stranger,
        operator,
        analyst,
        team,
    }
}

fn version(store_result: Result<i64, StoreError>) -> i64 {
    store_result.unwrap()
}

async fn who_sees_which_case(db: TestDb) {
    let store = db.store();
    let red = store
        .create_organisation(&AccessContext::instance(), "Red")
        .await
        .unwrap();
    let o = office(store, DEFAULT_ORGANISATION, "").await;
    let r = office(store, red, "red-").await;
    let id = store
        .open_case(
            &o.operator,
            by_hand(person("María José Pérez", "+504 9988 7766")),
        )
        .await
        .unwrap();
    // Until assigned: the operator who opened it and the organisation's supervisors.
    for (ctx, sees) in [
        (&o.operator, true),
        (&o.supervisor, true),
        (&o.admin, true),
        (&o.worker, false),
        (&o.stranger, false),
        (&r.admin, false),
        (&r.supervisor, false),
    ] {
        assert_eq!(
            store.case_file(ctx, id).await.is_ok(),
            sees,
            "{}",
            ctx.actor()
        );
    }
    assert!(matches!(
        store.case_file(&o.analyst, id).await,
        Err(StoreError::Forbidden { .. })
    ));
    let v = store
        .case_file(&o.supervisor, id)
        .await
        .unwrap()
        .head
        .version;
    store
        .assign_case(&o.supervisor, id, v, o.worker.user(), Some(o.team))
        .await
        .unwrap();
    for (ctx, sees) in [
        (&o.operator, false),
        (&o.worker, true),
        (&o.teammate, true),
        (&o.stranger, false),
        (&o.second_supervisor, true),
        (&r.admin, false),
    ] {
        assert_eq!(
            store.case_file(ctx, id).await.is_ok(),
            sees,
            "{}",
            ctx.actor()
        );
        let listed = store
            .cases(
                ctx,
                &CaseFilter {
                    limit: 50,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            listed.cases.iter().any(|c| c.head.id == id),
            sees,
            "list of {}",
            ctx.actor()
        );
    }
    // Need to know: the shelter's address reaches the worker and supervisors only.
    let mate = store.case_file(&o.teammate, id).await.unwrap();
    assert!(!mate.need_to_know && mate.person.contacts.len() == 1 && mate.person.withheld == 1);
    let own = store.case_file(&o.worker, id).await.unwrap();
    assert!(own.need_to_know && own.person.contacts.len() == 2);
    // A teammate's save keeps the detail they cannot see.
    let mut edited = mate.person.clone();
    edited.names.push("Majo".into());
    store
        .update_person(&o.teammate, id, mate.head.version, edited)
        .await
        .unwrap();
    let after = store.case_file(&o.worker, id).await.unwrap();
    assert_eq!(
        after.person.contacts.len(),
        2,
        "the hidden address survived"
    );
    assert_eq!(after.person.names, ["María José Pérez", "Majo"]);
    // Search outside one's scope: only that a match exists, and whom to ask.
    let found = store
        .search_cases(&o.stranger, "maria peres")
        .await
        .unwrap();
    assert_eq!(
        found,
        [Found::Elsewhere {
            assignee: o.worker.user(),
            team: Some(o.team)
        }]
    );
    let found = store
        .search_cases(&o.teammate, "Mraia Perez")
        .await
        .unwrap();
    assert!(
        matches!(&found[..], [Found::Case(c, _)] if c.head.id == id && c.name == "María José Pérez")
    );
    assert!(
        store
            .search_cases(&r.admin, "maria perez")
            .await
            .unwrap()
            .is_empty(),
        "another organisation"
    );
    assert!(matches!(
        &store.search_cases(&o.worker, "99887766").await.unwrap()[..],
        [Found::Case(..)]
    ));
    assert!(matches!(
        &store
            .search_cases(&o.worker, &format!("#{id}"))
            .await
            .unwrap()[..],
        [Found::Case(..)]
    ));
    assert!(
        store
            .search_cases(&o.worker, "Ana Gómez")
            .await
            .unwrap()
            .is_empty()
    );
    // What the search was for never reaches the audit log.
    let entries = store.audit_entries().await.unwrap();
    let searches: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "case.search")
        .collect();
    assert!(searches.len() >= 5);
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.to_lowercase().contains("maria"))
    );
}

async fn nobody_approves_their_own_step(db: TestDb) {
    let store = db.store();
    let o = office(store, DEFAULT_ORGANISATION, "").await;
    let id = store
        .open_case(&o.worker, by_hand(person("Ana", "555 0101")))
        .await
        .unwrap();
    // A supervisor who manages the case cannot approve its steps either.
    let v = store.case_file(&o.admin, id).await.unwrap().head.version;
    let v = version(
        store
            .assign_case(&o.admin, id, v, o.supervisor.user(), Some(o.team))
            .await,
    );
    let v = version(
        store
            .step_case(&o.supervisor, id, v, Step::To(CaseStatus::Assessment))
            .await,
    );
    let plan = vec![(
        "risks".to_string(),
        "Her employer has her passport".to_string(),
    )];
    let v = version(
        store
            .save_plan(&o.supervisor, id, v, PlanKind::Safety, plan)
            .await,
    );
    let v = version(
        store
            .step_case(&o.supervisor, id, v, Step::To(CaseStatus::Plan))
            .await,
    );
    let file = store.case_file(&o.supervisor, id).await.unwrap();
    assert_eq!(
        (file.head.status, file.head.pending.map(|p| p.to)),
        (CaseStatus::Assessment, Some(CaseStatus::Plan))
    );
    assert!(!file.may_decide);
    let refused = store
        .decide_step(&o.supervisor, id, true)
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            StoreError::Invalid {
                field: "decision",
                ..
            }
        ),
        "{refused:?}"
    );
    let refused = store.decide_step(&o.worker, id, true).await.unwrap_err();
    assert!(
        matches!(refused, StoreError::Invalid { problem, .. } if problem.key == refusal::NOT_A_SUPERVISOR)
    );
    // A second step cannot be asked for while one waits.
    let twice = store
        .step_case(&o.supervisor, id, v, Step::To(CaseStatus::Plan))
        .await
        .unwrap_err();
    assert!(
        matches!(twice, StoreError::Invalid { problem, .. } if problem.key == refusal::ALREADY_PENDING)
    );
    store
        .decide_step(&o.second_supervisor, id, true)
        .await
        .unwrap();
    let file = store.case_file(&o.supervisor, id).await.unwrap();
    assert_eq!(
        (file.head.status, file.head.pending),
        (CaseStatus::Plan, None)
    );
    // The requester may not approve the closure they asked for, even as admin.
    let v = file.head.version;
    let v = version(
        store
            .assign_case(&o.admin, id, v, o.worker.user(), Some(o.team))
            .await,
    );
    let v = version(
        store
            .step_case(&o.worker, id, v, Step::To(CaseStatus::Services))
            .await,
    );
    let close = Step::Close {
        reason: ClosureReason::GoalsMet,
        summary: Some("Housed and working".into()),
    };
    store.step_case(&o.admin, id, v, close).await.unwrap();
    assert!(
        store.decide_step(&o.admin, id, true).await.is_err(),
        "asked for it"
    );
    store.decide_step(&o.supervisor, id, true).await.unwrap();
    let file = store.case_file(&o.admin, id).await.unwrap();
    assert_eq!(
        (file.head.status, file.head.closure_reason),
        (CaseStatus::Closed, Some(ClosureReason::GoalsMet))
    );
    assert_eq!(file.closure_summary.as_deref(), Some("Housed and working"));
    // A closed case refuses changes until reopened, and a step that is not one is refused.
    let closed = store
        .save_plan(
            &o.worker,
            id,
            file.head.version,
            PlanKind::Safety,
            vec![("risks".into(), "x".into())],
        )
        .await;
    assert!(
        matches!(closed, Err(StoreError::Invalid { problem, .. }) if problem.key == refusal::CASE_CLOSED)
    );
    let wrong = store
        .step_case(
            &o.worker,
            id,
            file.head.version,
            Step::To(CaseStatus::Services),
        )
        .await;
    assert!(matches!(
        wrong,
        Err(StoreError::Invalid {
            field: "status",
            ..
        })
    ));
    store
        .step_case(
            &o.worker,
            id,
            file.head.version,
            Step::To(CaseStatus::Assessment),
        )
        .await
        .unwrap();
    let reopened = store.case_file(&o.worker, id).await.unwrap();
    assert_eq!(
        (
            reopened.head.status,
            reopened.head.closure_reason,
            reopened.closure_summary
        ),
        (CaseStatus::Assessment, None, None)
    );
    // A closure refused leaves nothing of itself.
    let close = Step::Close {
        reason: ClosureReason::LostContact,
        summary: Some("Phone off".into()),
    };
    store
        .step_case(&o.worker, id, reopened.head.version, close)
        .await
        .unwrap();
    store.decide_step(&o.supervisor, id, false).await.unwrap();
    let refused = store.case_file(&o.worker, id).await.unwrap();
    assert_eq!(
        (
            refused.head.status,
            refused.head.pending,
            refused.head.closure_reason
        ),
        (CaseStatus::Assessment, None, None)
    );
    // Every change has its history and its audit entry, without the person's words.
    let history = store.case_file(&o.admin, id).await.unwrap().history;
    let fields: Vec<&str> = history.iter().map(|h| h.field.as_str()).collect();
    for f in [
        "opened",
        "assignee",
        "team",
        "status",
        "plan.safety",
        "pending",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let entries = store.audit_entries().await.unwrap();
    for action in [
        "case.open",
        "case.assign",
        "case.step",
        "case.plan",
        "case.decide",
        "case.read",
    ] {
        assert!(entries.iter().any(|e| e.action == action), "{action}");
    }
    assert!(
        entries
            .iter()
            .all(|e| !e.detail.contains("passport") && !e.detail.contains("Housed"))
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

async fn a_second_editor_is_told_what_changed(db: TestDb) {
    let store = db.store();
    let o = office(store, DEFAULT_ORGANISATION, "").await;
    let id = store
        .open_case(&o.worker, by_hand(person("Lucía", "555 0202")))
        .await
        .unwrap();
    let v = store
        .case_file(&o.supervisor, id)
        .await
        .unwrap()
        .head
        .version;
    let v = version(
        store
            .assign_case(&o.supervisor, id, v, o.worker.user(), Some(o.team))
            .await,
    );
    let first = store.case_file(&o.worker, id).await.unwrap();
    let second = store.case_file(&o.teammate, id).await.unwrap();
    assert_eq!(first.head.version, v);
    let mut a = first.person.clone();
    a.names = vec!["Lucía Ramos".into()];
    store.update_person(&o.worker, id, v, a).await.unwrap();
    let mut b = second.person.clone();
    b.names = vec!["Lucia R.".into()];
    let refused = store
        .update_person(&o.teammate, id, v, b)
        .await
        .unwrap_err();
    match refused {
        StoreError::Conflict { what } => {
            assert_eq!(what.key, refusal::CASE_CHANGED);
            assert_eq!(what.arg("fields"), Some("person.names"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        store.case_file(&o.worker, id).await.unwrap().person.names,
        ["Lucía Ramos"],
        "nothing overwritten"
    );
}

async fn tasks_services_and_what_needs_action(db: TestDb) {
    let store = db.store();
    let o = office(store, DEFAULT_ORGANISATION, "").await;
    let id = store
        .open_case(&o.operator, by_hand(person("Rosa", "555 0303")))
        .await
        .unwrap();
    let unassigned = store.needs_action(&o.supervisor).await.unwrap().unassigned;
    assert_eq!(
        unassigned.0.iter().map(|c| c.head.id).collect::<Vec<_>>(),
        [id]
    );
    assert_eq!(
        store.needs_action(&o.operator).await.unwrap().unassigned.1,
        1,
        "the operator sees it wait"
    );
    let v = store
        .case_file(&o.supervisor, id)
        .await
        .unwrap()
        .head
        .version;
    store
        .assign_case(&o.supervisor, id, v, o.worker.user(), Some(o.team))
        .await
        .unwrap();
    let today = Day::of_unix(faro_store_now());
    let late = store
        .add_task(
            &o.worker,
            id,
            NewTask {
                title: "Call about the court date".into(),
                due: Day(today.0 - 2),
                assignee: None,
            },
        )
        .await
        .unwrap();
    store
        .add_task(
            &o.worker,
            id,
            NewTask {
                title: "Medical appointment".into(),
                due: Day(today.0 + 5),
                assignee: o.worker.user(),
            },
        )
        .await
        .unwrap();
    let bad = store
        .add_task(
            &o.worker,
            id,
            NewTask {
                title: "x".into(),
                due: today,
                assignee: o.analyst.user(),
            },
        )
        .await;
    assert!(
        matches!(
            bad,
            Err(StoreError::Invalid {
                field: "assignee",
                ..
            })
        ),
        "an analyst works on no case"
    );
    let action = store.needs_action(&o.worker).await.unwrap();
    assert_eq!(action.overdue.1, 1);
    assert_eq!(
        (action.overdue.0[0].0.id, action.overdue.0[0].1.as_str()),
        (late, "Rosa")
    );
    assert!(action.overdue.0[0].0.overdue(today));
    store.complete_task(&o.worker, id, late).await.unwrap();
    assert_eq!(store.needs_action(&o.worker).await.unwrap().overdue.1, 0);
    assert!(matches!(
        store.complete_task(&o.worker, id, late).await,
        Err(StoreError::NotFound { .. })
    ));
    // Services: needed, then delivered; the first delivery is remembered.
    let service = NewService {
        kind: ServiceKind::Medical,
        status: ServiceStatus::Needed,
        planned: Some(today),
        delivered: None,
        provider: Some("Clínica San Juan".into()),
        outcome: None,
    };
    let sid = store
        .save_service(&o.worker, id, None, service.clone())
        .await
        .unwrap();
    let delivered = NewService {
        status: ServiceStatus::Delivered,
        delivered: Some(today),
        outcome: Some("Treated".into()),
        ..service
    };
    store
        .save_service(&o.worker, id, Some(sid), delivered)
        .await
        .unwrap();
    let file = store.case_file(&o.worker, id).await.unwrap();
    assert_eq!(file.services.len(), 1);
    assert_eq!(
        (file.services[0].status, file.services[0].outcome.as_deref()),
        (ServiceStatus::Delivered, Some("Treated"))
    );
    assert!(file.head.first_service_at.is_some());
    // A consent ending soon shows; the supervisor sees nothing of the worker's tasks.
    let soon = ConsentInput {
        purpose: ConsentPurpose::Contact,
        state: ConsentState::Given,
        means: ConsentMeans::Spoken,
        until: Some(Day(today.0 + 10)),
        partners: Vec::new(),
        given_by: None,
    };
    store.record_consent(&o.worker, id, soon).await.unwrap();
    let action = store.needs_action(&o.worker).await.unwrap();
    assert_eq!(
        action
            .expiring
            .0
            .iter()
            .map(|e| (e.0.head.id, e.1))
            .collect::<Vec<_>>(),
        [(id, ConsentPurpose::Contact)]
    );
    assert_eq!(
        store.needs_action(&o.supervisor).await.unwrap().overdue.1,
        0
    );
    // A disabled worker's case stays with the team and waits for a supervisor.
    store
        .disable_user(&o.admin, "worker@example.org")
        .await
        .unwrap();
    let file = store.case_file(&o.teammate, id).await.unwrap();
    assert_eq!((file.head.assignee, file.head.team), (None, Some(o.team)));
    assert_eq!(
        store
            .needs_action(&o.supervisor)
            .await
            .unwrap()
            .unassigned
            .1,
        1
    );
    // So does the case of a teammate whose new role works no cases, with its open task.
    let theirs = store
        .open_case(
            &o.supervisor,
            by_hand(person("Lina Ortiz", "+57 301 555 0000")),
        )
        .await
        .unwrap();
    let v = store
        .case_file(&o.supervisor, theirs)
        .await
        .unwrap()
        .head
        .version;
    store
        .assign_case(&o.supervisor, theirs, v, o.teammate.user(), Some(o.team))
        .await
        .unwrap();
    let call = NewTask {
        title: "Call Lina".into(),
        due: Day(today.0 + 3),
        assignee: o.teammate.user(),
    };
    store.add_task(&o.supervisor, theirs, call).await.unwrap();
    store
        .set_role(&o.admin, "mate@example.org", Role::Analyst)
        .await
        .unwrap();
    let file = store.case_file(&o.supervisor, theirs).await.unwrap();
    assert_eq!((file.head.assignee, file.head.team), (None, Some(o.team)));
    assert_eq!(file.tasks[0].assignee, None);
}

fn faro_store_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn a_withdrawn_statistics_consent_takes_the_record_out(db: TestDb) {
    let store = db.store();
    let o = office(store, DEFAULT_ORGANISATION, "").await;
    let source = import_generated(store, 7, 30).await;
    let records = store
        .records(&o.admin, &Default::default(), None, 30)
        .await
        .unwrap();
    let record = records[0].id;
    let counted = |store: Store| async move {
        store
            .fold_source(&AccessContext::instance(), source, 0u64, |n, _, _| *n += 1)
            .await
            .unwrap()
    };
    assert_eq!(counted(store.clone()).await, 30);
    let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    let files: Vec<(String, Box<dyn std::io::Read + Send>)> = vec![(
        "kanon.csv".into(),
        Box::new(std::io::Cursor::new(b"gender\n".to_vec())),
    )];
    let release = store
        .save_release(&o.admin, DEFAULT_ORGANISATION, &ids, "{}", files)
        .await
        .unwrap();
    store
        .set_release_public(&o.admin, DEFAULT_ORGANISATION, release, true)
        .await
        .unwrap();
    let id = store
        .open_case(
            &o.admin,
            NewCase {
                person: person("Sara", "555 0404"),
                report: None,
                record: Some(record),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        store.case_file(&o.admin, id).await.unwrap().head.record,
        Some(record)
    );
    let revision = db
        .scalar(&format!("SELECT revision FROM sources WHERE id = {source}"))
        .await;
    let consent = |state| ConsentInput {
        purpose: ConsentPurpose::Statistics,
        state,
        means: ConsentMeans::SignedForm,
        until: None,
        partners: Vec::new(),
        given_by: Some("Her mother, as guardian".into()),
    };
    store
        .record_consent(&o.admin, id, consent(ConsentState::Given))
        .await
        .unwrap();
    assert_eq!(counted(store.clone()).await, 30);
    store
        .record_consent(&o.admin, id, consent(ConsentState::Withdrawn))
        .await
        .unwrap();
    assert_eq!(counted(store.clone()).await, 29, "out of every aggregate");
    assert!(
        db.scalar(&format!("SELECT revision FROM sources WHERE id = {source}"))
            .await
            > revision,
        "counted again"
    );
    let next = store
        .counted_records(&o.admin, &Default::default(), None, 100)
        .await
        .unwrap();
    assert!(
        next.iter().all(|r| r.id != record),
        "out of the next release"
    );
    let releases = store
        .releases(&o.admin, DEFAULT_ORGANISATION)
        .await
        .unwrap();
    let old = releases.iter().find(|r| r.id == release).unwrap();
    assert!(
        old.withdrawn && !old.public,
        "the public release holding it is withdrawn"
    );
    let file = store.case_file(&o.admin, id).await.unwrap();
    assert_eq!(file.consents.len(), 2, "every version kept");
    assert!(file.consents[0].in_force && file.consents[0].state == ConsentState::Withdrawn);
    assert!(!file.consents[1].in_force);
    assert_eq!(
        file.consents[1].given_by.as_deref(),
        Some("Her mother, as guardian")
    );
    let entries = store.audit_entries().await.unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e.action == "release.withdraw" && e.detail.contains("uncounted_record"))
    );
    // Given again, the record counts again.
    store
        .record_consent(&o.admin, id, consent(ConsentState::Given))
        .await
        .unwrap();
    assert_eq!(counted(store.clone()).await, 30);
}

async fn nothing_names_the_person_in_clear_and_rotation_keeps_search(db: TestDb) {
    let store = db.store();
    let o = office(store, DEFAULT_ORGANISATION, "").await;
    let id = store
        .open_case(
            &o.worker,
            by_hand(person("Esperanza Quintero", "+57 300 555 1234")),
        )
        .await
        .unwrap();
    let task = NewTask {
        title: "Visit Esperanza".into(),
        due: Day(20_000),
        assignee: None,
    };
    store.add_task(&o.worker, id, task).await.unwrap();
    // A consent on paper and its scan, kept sealed; a spoken consent takes none.
    let signed = |means| ConsentInput {
        purpose: ConsentPurpose::Services,
        state: ConsentState::Given,
        means,
        until: None,
        partners: Vec::new(),
        given_by: None,
    };
    store
        .record_consent(&o.worker, id, signed(ConsentMeans::Spoken))
        .await
        .unwrap();
    store
        .record_consent(&o.worker, id, signed(ConsentMeans::SignedForm))
        .await
        .unwrap();
    let consents = store.case_file(&o.worker, id).await.unwrap().consents;
    let (paper, spoken) = (consents[0].id, consents[1].id);
    assert_eq!(consents[0].means, ConsentMeans::SignedForm);
    let picture = b"JPEG of the form signed by Esperanza Quintero".to_vec();
    let scan = |bytes: Vec<u8>| faro_store::Photo {
        media_type: "image/jpeg",
        width: 10,
        height: 20,
        bytes,
    };
    assert!(matches!(
        store.attach_consent_scan(&o.worker, id, spoken, scan(picture.clone())).await,
        Err(StoreError::Invalid { field: "scan", problem }) if problem.key == refusal::CONSENT_NOT_SIGNED
    ));
    store
        .attach_consent_scan(&o.worker, id, paper, scan(picture.clone()))
        .await
        .unwrap();
    assert!(matches!(
        store.attach_consent_scan(&o.worker, id, paper, scan(b"another".to_vec())).await,
        Err(StoreError::Invalid { field: "scan", problem }) if problem.key == refusal::SCAN_KEPT
    ));
    assert!(matches!(
        store.consent_scan(&o.stranger, id, paper).await,
        Err(StoreError::NotFound { .. })
    ));
    let sealed_scans = db
        .scalar("SELECT COUNT(*) FROM case_consent_scans WHERE content LIKE '%Esperanza%'")
        .await;
    assert_eq!(sealed_scans, 0, "the scan is sealed");
    for (table, columns) in [
        ("cases", "person_sealed"),
        ("case_history", "field || change_sealed"),
        ("case_tasks", "title_sealed"),
    ] {
        let hits = db
            .scalar(&format!("SELECT COUNT(*) FROM {table} WHERE LOWER({columns}) LIKE '%esperanza%' OR {columns} LIKE '%5551234%'"))
            .await;
        assert_eq!(hits, 0, "{table}");
    }
    // The search terms are 64-bit keyed hashes: numbers that name nothing without the key.
    let terms = db
        .scalar(&format!(
            "SELECT COUNT(*) FROM case_terms WHERE case_id = {id}"
        ))
        .await;
    assert!(terms > 10, "{terms} terms");
    let (rotated, rotation) = faro_testkit::rotated(store).await;
    assert!(rotation.case_values >= 3, "{rotation:?}");
    let found = rotated
        .search_cases(&o.worker, "Esperansa Quintero")
        .await
        .unwrap();
    assert!(matches!(&found[..], [Found::Case(c, _)] if c.head.id == id));
    let file = rotated.case_file(&o.worker, id).await.unwrap();
    assert_eq!(file.tasks[0].title, "Visit Esperanza");
    assert!(file.consents[0].scan && !file.consents[1].scan);
    let kept = rotated.consent_scan(&o.worker, id, paper).await.unwrap();
    assert_eq!(
        (kept.media_type.as_str(), kept.bytes),
        ("image/jpeg", picture)
    );
    assert!(
        rotated
            .audit_entries()
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "case.consent_scan_read"
                && e.detail.contains(&format!("\"consent_id\":{paper}"))),
        "reading a scan is audited"
    );
    assert!(
        store.search_cases(&o.worker, "Esperanza").await.is_err()
            || store
                .search_cases(&o.worker, "Esperanza")
                .await
                .unwrap()
                .is_empty(),
        "the old key finds nothing"
    );
    // Erased: gone with everything that hung from it, audited with the reason only.
    rotated
        .erase_case(&o.admin, id, ErasureReason::SubjectRequest)
        .await
        .unwrap();
    for table in [
        "cases",
        "case_terms",
        "case_history",
        "case_tasks",
        "case_consents",
        "case_consent_scans",
    ] {
        assert_eq!(
            db.scalar(&format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    let entries = rotated.audit_entries().await.unwrap();
    let erased = entries.iter().find(|e| e.action == "case.erase").unwrap();
    assert!(
        erased.detail.contains("subject_request"),
        "{}",
        erased.detail
    );
    assert!(matches!(
        rotated.case_file(&o.admin, id).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(rotated.verify_audit().await.unwrap().is_ok());
}

/// Case statistics: exact for the organisation's supervisors and admins, refused to others;
/// a release's counts leave out the cases whose person withdrew their consent to be counted,
/// a release is paid within the year's cap, and is due again only when the cases changed.
async fn case_statistics_are_exact_for_supervisors_and_released_for_others(db: TestDb) {
    use faro_domain::Vocabulary;
    use faro_domain::case::statistics::FirstService;
    let store = db.store();
    let org = DEFAULT_ORGANISATION;
    let o = office(store, org, "stats-").await;
    let pos = |v: CaseStatus| CaseStatus::ALL.iter().position(|x| *x == v).unwrap();
    let kind = |k: ServiceKind| ServiceKind::ALL.iter().position(|x| *x == k).unwrap();
    let mut ids = Vec::new();
    for i in 0..4 {
        let id = store
            .open_case(
                &o.worker,
                by_hand(person(&format!("Stat {i}"), "+504 5550 0000")),
            )
            .await
            .unwrap();
        ids.push(id);
    }
    // Case 0: two legal services and one medical delivered (counts once per kind), today.
    for k in [ServiceKind::Legal, ServiceKind::Legal, ServiceKind::Medical] {
        let s = NewService {
            kind: k,
            status: ServiceStatus::Delivered,
            planned: None,
            delivered: Some(Day::parse("2026-01-02", "d").unwrap()),
            provider: None,
            outcome: None,
        };
        store
            .save_service(&o.worker, ids[0], None, s)
            .await
            .unwrap();
    }
    // Case 1: an overdue task; case 2: in assessment; case 3: the person withdrew consent.
    let task = NewTask {
        title: "Call".into(),
        due: Day::parse("2020-01-01", "due").unwrap(),
        assignee: None,
    };
    store.add_task(&o.worker, ids[1], task).await.unwrap();
    let v = store
        .case_file(&o.worker, ids[2])
        .await
        .unwrap()
        .head
        .version;
    store
        .step_case(&o.worker, ids[2], v, Step::To(CaseStatus::Assessment))
        .await
        .unwrap();
    let withdrawn = ConsentInput {
        purpose: ConsentPurpose::Statistics,
        state: ConsentState::Withdrawn,
        means: ConsentMeans::Spoken,
        until: None,
        partners: Vec::new(),
        given_by: None,
    };
    store
        .record_consent(&o.worker, ids[3], withdrawn)
        .await
        .unwrap();

    let exact = store.case_statistics(&o.supervisor).await.unwrap().unwrap();
    assert_eq!(
        Some(&exact),
        store.case_statistics(&o.admin).await.unwrap().as_ref()
    );
    assert_eq!(exact.status[pos(CaseStatus::New)], 3);
    assert_eq!(exact.status[pos(CaseStatus::Assessment)], 1);
    assert_eq!(
        exact.delivered[kind(ServiceKind::Legal)],
        1,
        "a case counts once per kind"
    );
    assert_eq!(exact.delivered[kind(ServiceKind::Medical)], 1);
    assert_eq!(exact.overdue, 1);
    let week = FirstService::ALL
        .iter()
        .position(|b| *b == FirstService::Week)
        .unwrap();
    let not_yet = FirstService::ALL
        .iter()
        .position(|b| *b == FirstService::NotYet)
        .unwrap();
    assert_eq!(
        (exact.first_service[week], exact.first_service[not_yet]),
        (1, 3)
    );
    for reader in [&o.worker, &o.operator, &o.analyst] {
        assert_eq!(store.case_statistics(reader).await.unwrap(), None);
    }

    // What a release counts: the withdrawn case is not in it.
    let system = AccessContext::member(org, Role::Admin).acting_as("faro");
    let (counted, seen) = store.count_cases_for_release(&system, org).await.unwrap();
    assert_eq!(
        counted.status[pos(CaseStatus::New)],
        2,
        "the withdrawn case is left out"
    );
    assert_eq!(seen.cases, 3);
    let other = store
        .create_organisation(&AccessContext::instance(), "Elsewhere")
        .await
        .unwrap();
    let stranger = AccessContext::member(other, Role::Admin).acting_as("faro");
    assert!(store.count_cases_for_release(&stranger, org).await.is_err());

    // Due once, paid within the cap, not due again until the cases change.
    let due = store.case_releases_due(0).await.unwrap();
    assert_eq!(
        due.iter().map(|d| d.organisation).collect::<Vec<_>>(),
        [org]
    );
    let release = faro_store::NewCaseRelease {
        epsilon: 1.0,
        delta: 1e-6,
        rho: 0.4,
        annual_epsilon: 1.0,
        annual_rho: &|_| 1.0,
        counts: counted.map(|n| n as i64),
        seen,
    };
    let id = store
        .save_case_release(&system, org, &release)
        .await
        .unwrap();
    let newest = store
        .newest_case_release(&o.analyst)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (newest.id, newest.counts.clone()),
        (id, release.counts.clone())
    );
    assert!(
        store
            .newest_case_release(&stranger)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store.case_releases_due(0).await.unwrap().is_empty(),
        "nothing changed"
    );
    store
        .save_case_release(&system, org, &release)
        .await
        .unwrap();
    assert!(
        matches!(
            store.save_case_release(&system, org, &release).await,
            Err(StoreError::Budget { .. })
        ),
        "a third release at ρ 0.4 does not fit a cap of 1"
    );
    let task = NewTask {
        title: "Call again".into(),
        due: Day::parse("2030-01-01", "due").unwrap(),
        assignee: None,
    };
    store.add_task(&o.worker, ids[2], task).await.unwrap();
    let due = store.case_releases_due(0).await.unwrap();
    assert_eq!(due.len(), 1, "a case changed");
    assert_eq!(due[0].spent_rho_micro, 800_000);
    assert!(
        store.case_releases_due(3600).await.unwrap().is_empty(),
        "released within the hour"
    );
}

on_both_backends!(
    case_statistics_are_exact_for_supervisors_and_released_for_others,
    who_sees_which_case,
    nobody_approves_their_own_step,
    a_second_editor_is_told_what_changed,
    tasks_services_and_what_needs_action,
    a_withdrawn_statistics_consent_takes_the_record_out,
    nothing_names_the_person_in_clear_and_rotation_keeps_search,
);
