//! Referrals on both databases: consent checked (and a supervisor's override, audited in both
//! chains), a referral received, questioned, accepted into a case holding only what was shared,
//! served and done; who sees it (404 for everyone else); a transfer closing the sender's case;
//! a withdrawn consent revoking what rested on it; nothing named in clear; re-keying.

use super::cases::{by_hand, office, person, staff};
use faro_domain::case::person::Person;
use faro_domain::case::{
    CaseStatus, ClosureReason, ConsentMeans, ConsentPurpose, ConsentState, Day, PartnerKind,
    ServiceKind,
};
use faro_domain::referral::{
    OverrideReason, ReferralAction, ReferralKind, ReferralStatus, RejectReason, SharedPart, Side,
    Urgency,
};
use faro_domain::{AccessContext, OrganisationId, Role, refusal};
use faro_store::{
    ConsentInput, DEFAULT_ORGANISATION, ExternalProvider, NewReferral, Override, ReferralBox,
    ReferralFilter, StepInput, Store, StoreError,
};
use faro_testkit::{TestDb, on_both_backends};

fn consent(
    purpose: ConsentPurpose,
    state: ConsentState,
    partners: Vec<PartnerKind>,
) -> ConsentInput {
    ConsentInput {
        purpose,
        state,
        means: ConsentMeans::Spoken,
        until: None,
        partners,
        given_by: None,
    }
}

fn referral(case: i64, to: OrganisationId, shared: Vec<SharedPart>) -> NewReferral {
    NewReferral {
        case,
        kind: ReferralKind::Referral,
        to: Some(to),
        external: None,
        service: None,
        location: None,
        partner_kind: PartnerKind::Shelter,
        need: ServiceKind::SafeHousing,
        urgency: Urgency::Urgent,
        shared,
        follow_up: Day(30_000),
        note: Some("Needs a bed tonight".into()),
        overridden: None,
    }
}

fn step(action: ReferralAction) -> StepInput {
    StepInput {
        action,
        reason: None,
        service: None,
        note: None,
    }
}

fn refused_with(result: Result<i64, StoreError>, field: &str, key: &str) {
    match result {
        Err(StoreError::Invalid { field: f, problem }) => {
            assert_eq!((f, problem.key), (field, key), "{problem:?}")
        }
        other => panic!("expected {field}: {key}, got {other:?}"),
    }
}

async fn blue(store: &Store) -> OrganisationId {
    store
        .create_organisation(&AccessContext::instance(), "Blue Shelter")
        .await
        .unwrap()
}

async fn given(store: &Store, ctx: &AccessContext, case: i64, purpose: ConsentPurpose) {
    store
        .record_consent(ctx, case, consent(purpose, ConsentState::Given, Vec::new()))
        .await
        .unwrap();
}

fn actions_in(entries: &[faro_store::AuditEntry], org: OrganisationId, action: &str) -> usize {
    let chain = format!("organisation {}", org.0);
    entries
        .iter()
        .filter(|e| e.chain == chain && e.action == action)
        .count()
}

async fn consent_is_checked_and_only_a_supervisor_overrides(db: TestDb) {
    let store = db.store();
    let o = office(store, DEFAULT_ORGANISATION, "").await;
    let to = blue(store).await;
    let case = store
        .open_case(&o.worker, by_hand(person("Lucía Gómez", "+34 600 111 222")))
        .await
        .unwrap();
    let send = |r| store.send_referral(&o.worker, r);
    refused_with(
        send(referral(case, to, vec![SharedPart::Age])).await,
        "consent",
        refusal::REFERRAL_NO_CONSENT,
    );
    store
        .record_consent(
            &o.worker,
            case,
            consent(
                ConsentPurpose::Referral,
                ConsentState::Given,
                vec![PartnerKind::Legal],
            ),
        )
        .await
        .unwrap();
    refused_with(
        send(referral(case, to, vec![SharedPart::Age])).await,
        "consent",
        refusal::REFERRAL_KIND_NOT_COVERED,
    );
    given(store, &o.worker, case, ConsentPurpose::Referral).await;
    refused_with(
        send(referral(case, to, vec![SharedPart::Name])).await,
        "consent",
        refusal::REFERRAL_IDENTITY,
    );
    // Another organisation that is not on the instance, or the sender's own, is refused.
    refused_with(
        send(referral(case, DEFAULT_ORGANISATION, vec![])).await,
        "to",
        refusal::REFERRAL_RECEIVER,
    );
    refused_with(
        send(referral(case, OrganisationId(9_999), vec![])).await,
        "to",
        refusal::REFERRAL_RECEIVER,
    );
    // A case worker cannot override; a supervisor must give a reason and a note.
    let mut forced = referral(case, to, vec![SharedPart::Name, SharedPart::Contacts]);
    forced.overridden = Some(Override {
        reason: OverrideReason::ImminentDanger,
        note: " ".into(),
    });
    refused_with(
        send(forced.clone()).await,
        "override",
        refusal::NOT_A_SUPERVISOR,
    );
    refused_with(
        store.send_referral(&o.supervisor, forced.clone()).await,
        "override.note",
        refusal::REFERRAL_OVERRIDE_NOTE,
    );
    assert_eq!(
        db.scalar("SELECT COUNT(*) FROM referrals").await,
        0,
        "nothing half-written"
    );
    forced.overridden = Some(Override {
        reason: OverrideReason::ImminentDanger,
        note: "Her employer found her phone".into(),
    });
    let id = store.send_referral(&o.supervisor, forced).await.unwrap();
    let entries = store.audit_entries().await.unwrap();
    for org in [DEFAULT_ORGANISATION, to] {
        assert_eq!(actions_in(&entries, org, "referral.override"), 1, "{org:?}");
        assert_eq!(actions_in(&entries, org, "referral.send"), 1, "{org:?}");
    }
    let seen = store.referral(&o.supervisor, id).await.unwrap();
    assert_eq!(seen.overridden, Some(OverrideReason::ImminentDanger));
    assert_eq!(
        seen.events[0].note.as_deref(),
        Some("Her employer found her phone")
    );
    // A consent that covers it is sent by the case worker, with no override recorded.
    let plain = send(referral(case, to, vec![SharedPart::Age]))
        .await
        .unwrap();
    assert_eq!(
        store.referral(&o.worker, plain).await.unwrap().overridden,
        None
    );
    assert!(store.verify_audit().await.unwrap().is_ok());
}

async fn a_referral_is_received_accepted_served_and_done(db: TestDb) {
    let store = db.store();
    let red = office(store, DEFAULT_ORGANISATION, "").await;
    let to = blue(store).await;
    let receiver = staff(store, to, Role::Caseworker, "blue-worker").await;
    let blue_analyst = staff(store, to, Role::Analyst, "blue-analyst").await;
    let third_org = store
        .create_organisation(&AccessContext::instance(), "Third")
        .await
        .unwrap();
    let third = staff(store, third_org, Role::Admin, "third-admin").await;
    let mut someone = person("Lucía Gómez", "+34 600 111 222");
    someone.contacts[0].safe = true;
    someone.gender = Some(faro_domain::vocab::Gender::Female);
    let case = store
        .open_case(&red.worker, by_hand(someone))
        .await
        .unwrap();
    given(store, &red.worker, case, ConsentPurpose::Referral).await;
    given(store, &red.worker, case, ConsentPurpose::ShareIdentity).await;
    let id = store
        .send_referral(
            &red.worker,
            referral(case, to, vec![SharedPart::Name, SharedPart::Contacts]),
        )
        .await
        .unwrap();
    let inbox = |ctx: &AccessContext, list| {
        let filter = ReferralFilter {
            list,
            status: None,
            before: None,
            limit: 20,
        };
        let ctx = ctx.clone();
        async move { store.referrals(&ctx, &filter).await }
    };
    let ids =
        |page: faro_store::ReferralPage| page.referrals.iter().map(|r| r.0.id).collect::<Vec<_>>();
    assert_eq!(ids(inbox(&receiver, ReferralBox::In).await.unwrap()), [id]);
    assert_eq!(
        ids(inbox(&red.worker, ReferralBox::Out).await.unwrap()),
        [id]
    );
    assert!(ids(inbox(&red.stranger, ReferralBox::Out).await.unwrap()).is_empty());
    assert!(ids(inbox(&third, ReferralBox::In).await.unwrap()).is_empty());
    // Everyone who is neither side: as if it did not exist.
    for outsider in [&red.stranger, &third] {
        assert!(matches!(
            store.referral(outsider, id).await,
            Err(StoreError::NotFound {
                kind: "referral",
                ..
            })
        ));
        assert!(matches!(
            store
                .referral_step(outsider, id, step(ReferralAction::Accept))
                .await,
            Err(StoreError::NotFound { .. })
        ));
    }
    assert!(matches!(
        store.referral(&blue_analyst, id).await,
        Err(StoreError::Forbidden { .. })
    ));
    // What arrives: the name and the safe contact that is not need-to-know, nothing else.
    let received = store.referral(&receiver, id).await.unwrap();
    assert_eq!(received.side, Side::Receiver);
    assert_eq!(
        received.case, None,
        "the sender's case id is not the receiver's"
    );
    let package = received.package.unwrap();
    assert_eq!(package.person.names, ["Lucía Gómez"]);
    assert_eq!(package.person.contacts.len(), 1);
    assert_eq!(package.person.contacts[0].value, "+34 600 111 222");
    assert_eq!(package.person.gender, None);
    assert_eq!(package.note.as_deref(), Some("Needs a bed tonight"));
    // A sender cannot accept; a receiver needs a note to ask for more.
    assert!(matches!(
        store
            .referral_step(&red.worker, id, step(ReferralAction::Accept))
            .await,
        Err(StoreError::Invalid {
            field: "action",
            ..
        })
    ));
    assert!(matches!(
        store
            .referral_step(&receiver, id, step(ReferralAction::AskMore))
            .await,
        Err(StoreError::Invalid { field: "note", .. })
    ));
    let mut ask = step(ReferralAction::AskMore);
    ask.note = Some("Does she have children with her?".into());
    store.referral_step(&receiver, id, ask).await.unwrap();
    let out = inbox(&red.worker, ReferralBox::Out).await.unwrap();
    assert!(out.referrals[0].0.news, "the sender is told of the change");
    assert_eq!(out.referrals[0].0.status, ReferralStatus::MoreAsked);
    let mut answer = step(ReferralAction::Answer);
    answer.note = Some("No, she is alone".into());
    store.referral_step(&red.worker, id, answer).await.unwrap();
    assert!(
        !inbox(&red.worker, ReferralBox::Out)
            .await
            .unwrap()
            .referrals[0]
            .0
            .news
    );
    let status = store
        .referral_step(&receiver, id, step(ReferralAction::Accept))
        .await
        .unwrap();
    assert_eq!(status, ReferralStatus::Accepted);
    // Accepting twice (a second tab) is refused, and opens no second case.
    assert!(
        store
            .referral_step(&receiver, id, step(ReferralAction::Accept))
            .await
            .is_err()
    );
    let accepted = store.referral(&receiver, id).await.unwrap();
    let opened = accepted
        .received_case
        .expect("a case opened for the receiver");
    let file = store.case_file(&receiver, opened).await.unwrap();
    assert_eq!(file.person.names, ["Lucía Gómez"]);
    assert_eq!(file.person.contacts.len(), 1);
    assert!(
        store.case_file(&red.worker, opened).await.is_err(),
        "the receiver's case is its own"
    );
    let mut deliver = step(ReferralAction::Deliver);
    deliver.service = Some(ServiceKind::SafeHousing);
    store.referral_step(&receiver, id, deliver).await.unwrap();
    store
        .referral_step(&receiver, id, step(ReferralAction::Done))
        .await
        .unwrap();
    let done = store.referral(&red.worker, id).await.unwrap();
    assert_eq!(done.summary.status, ReferralStatus::Done);
    let history: Vec<&str> = done.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        history,
        ["send", "ask_more", "answer", "accept", "deliver", "done"]
    );
    assert_eq!(done.events[4].service, Some(ServiceKind::SafeHousing));
    assert_eq!(
        done.events[1].note.as_deref(),
        Some("Does she have children with her?")
    );
    assert!(done.summary.news);
    assert!(
        !store.referral(&red.worker, id).await.unwrap().summary.news,
        "read once, seen"
    );
    // A rejection needs its reason.
    let other = store
        .send_referral(&red.worker, referral(case, to, vec![]))
        .await
        .unwrap();
    assert!(matches!(
        store
            .referral_step(&receiver, other, step(ReferralAction::Reject))
            .await,
        Err(StoreError::Invalid {
            field: "reason",
            ..
        })
    ));
    let mut reject = step(ReferralAction::Reject);
    reject.reason = Some(RejectReason::NoCapacity);
    assert_eq!(
        store.referral_step(&receiver, other, reject).await.unwrap(),
        ReferralStatus::Rejected
    );
    // The figures: per partner, sent, accepted (done counts), rejected, days to answer.
    let figures = store.referral_figures(&red.worker).await.unwrap();
    assert_eq!((figures.outgoing_waiting, figures.outgoing_overdue), (0, 0));
    let blue = &figures.partners[0];
    assert_eq!(
        (blue.organisation, blue.sent, blue.accepted, blue.rejected),
        (Some(to), 2, 1, 1)
    );
    assert!(
        blue.days_to_answer
            .is_some_and(|d| (0.0..0.01).contains(&d))
    );
    store
        .send_referral(&red.worker, referral(case, to, vec![]))
        .await
        .unwrap();
    assert_eq!(
        store
            .referral_figures(&receiver)
            .await
            .unwrap()
            .incoming_waiting,
        1
    );
    assert_eq!(
        store
            .referral_figures(&red.stranger)
            .await
            .unwrap()
            .partners,
        vec![]
    );
    // Nothing about the person is in clear in the referral tables.
    for (table, column) in [
        (
            "referrals",
            "COALESCE(package_sealed, '') || COALESCE(external_sealed, '')",
        ),
        ("referral_events", "COALESCE(note_sealed, '')"),
    ] {
        let hits = db
            .scalar(&format!(
                "SELECT COUNT(*) FROM {table} WHERE {column} LIKE '%Luc%' OR {column} LIKE '%600 111%' OR {column} LIKE '%alone%'"
            ))
            .await;
        assert_eq!(hits, 0, "{table}");
    }
    let entries = store.audit_entries().await.unwrap();
    assert_eq!(actions_in(&entries, to, "referral.step"), 6);
    assert_eq!(
        actions_in(&entries, DEFAULT_ORGANISATION, "referral.step"),
        6
    );
    // Re-keyed, the package and notes still open.
    let (rotated, _) = faro_testkit::rotated(store).await;
    let again = rotated.referral(&red.worker, id).await.unwrap();
    assert_eq!(again.package.unwrap().person.names, ["Lucía Gómez"]);
    assert_eq!(again.events[2].note.as_deref(), Some("No, she is alone"));
}

async fn a_transfer_accepted_closes_the_senders_case(db: TestDb) {
    let store = db.store();
    let red = office(store, DEFAULT_ORGANISATION, "").await;
    let to = blue(store).await;
    let receiver = staff(store, to, Role::Caseworker, "blue-worker").await;
    let case = store
        .open_case(
            &red.worker,
            by_hand(person("Amina Diallo", "+33 6 11 22 33 44")),
        )
        .await
        .unwrap();
    given(store, &red.worker, case, ConsentPurpose::Referral).await;
    let mut transfer = referral(case, to, vec![SharedPart::Age, SharedPart::Gender]);
    transfer.kind = ReferralKind::Transfer;
    let id = store.send_referral(&red.worker, transfer).await.unwrap();
    store
        .referral_step(&receiver, id, step(ReferralAction::Accept))
        .await
        .unwrap();
    let file = store.case_file(&red.supervisor, case).await.unwrap();
    assert_eq!(file.head.status, CaseStatus::Closed);
    assert_eq!(file.head.closure_reason, Some(ClosureReason::Referred));
    assert!(
        file.history
            .iter()
            .any(|h| h.field == "status" && h.after == "closed")
    );
    // Without the name, the receiver's case calls the person by the referral's pseudonym.
    let opened = store
        .referral(&receiver, id)
        .await
        .unwrap()
        .received_case
        .unwrap();
    let theirs = store.case_file(&receiver, opened).await.unwrap();
    assert_eq!(theirs.person.names, [faro_store::pseudonym(id)]);
    assert!(matches!(
        store
            .referral_step(&red.supervisor, id, step(ReferralAction::Withdraw))
            .await,
        Err(StoreError::Invalid {
            field: "action",
            ..
        })
    ));
    // An external referral: the sender records the provider's answer.
    let case = store
        .open_case(
            &red.worker,
            by_hand(person("Rosa Quispe", "+51 900 000 000")),
        )
        .await
        .unwrap();
    given(store, &red.worker, case, ConsentPurpose::Referral).await;
    let mut external = referral(case, to, vec![SharedPart::Languages]);
    external.kind = ReferralKind::External;
    assert!(
        store
            .send_referral(&red.worker, external.clone())
            .await
            .is_err()
    );
    external.to = None;
    external.external = Some(ExternalProvider {
        name: "Clínica San Juan".into(),
        contact: Some("+34 910 000 000".into()),
        language: Some("es".into()),
        instance: None,
    });
    let id = store.send_referral(&red.worker, external).await.unwrap();
    assert_eq!(
        store
            .referral_step(&red.worker, id, step(ReferralAction::Accept))
            .await
            .unwrap(),
        ReferralStatus::Accepted
    );
    store
        .referral_step(&red.worker, id, step(ReferralAction::Done))
        .await
        .unwrap();
    let read = store.referral(&red.worker, id).await.unwrap();
    assert_eq!(read.external.unwrap().name, "Clínica San Juan");
    // The list of referrals out names the provider, opened from its sealed column.
    let out = ReferralFilter {
        list: ReferralBox::Out,
        status: None,
        before: None,
        limit: 5,
    };
    let listed = store.referrals(&red.worker, &out).await.unwrap();
    let (head, provider) = &listed.referrals[0];
    assert_eq!(head.id, id);
    assert_eq!(provider.as_ref().unwrap().name, "Clínica San Juan");
    assert!(matches!(
        store.referral(&receiver, id).await,
        Err(StoreError::NotFound { .. })
    ));
}

async fn a_withdrawn_consent_revokes_what_rested_on_it(db: TestDb) {
    let store = db.store();
    let red = office(store, DEFAULT_ORGANISATION, "").await;
    let to = blue(store).await;
    let receiver = staff(store, to, Role::Caseworker, "blue-worker").await;
    let send_accepted = |name: &'static str| {
        let (red_worker, receiver) = (red.worker.clone(), receiver.clone());
        async move {
            let case = store
                .open_case(&red_worker, by_hand(person(name, "+34 600 999 888")))
                .await
                .unwrap();
            given(store, &red_worker, case, ConsentPurpose::Referral).await;
            given(store, &red_worker, case, ConsentPurpose::ShareIdentity).await;
            let id = store
                .send_referral(
                    &red_worker,
                    referral(case, to, vec![SharedPart::Name, SharedPart::Age]),
                )
                .await
                .unwrap();
            store
                .referral_step(&receiver, id, step(ReferralAction::Accept))
                .await
                .unwrap();
            let opened = store
                .referral(&receiver, id)
                .await
                .unwrap()
                .received_case
                .unwrap();
            (case, id, opened)
        }
    };
    let (case, id, opened) = send_accepted("Marisol Vega").await;
    let (kept_case, kept_id, kept_opened) = send_accepted("Olga Petrova").await;
    // The second person gave the receiver its own consent to services.
    given(store, &receiver, kept_opened, ConsentPurpose::Services).await;
    assert!(
        store
            .search_cases(&receiver, "Marisol Vega")
            .await
            .unwrap()
            .len()
            == 1,
        "found by name before"
    );
    for (c, purpose) in [
        (case, ConsentPurpose::Referral),
        (kept_case, ConsentPurpose::ShareIdentity),
    ] {
        store
            .record_consent(
                &red.worker,
                c,
                consent(purpose, ConsentState::Withdrawn, vec![]),
            )
            .await
            .unwrap();
    }
    let revoked = store.referral(&red.worker, id).await.unwrap();
    assert_eq!(revoked.summary.status, ReferralStatus::Revoked);
    assert!(revoked.package.is_none(), "the package is erased");
    assert_eq!(revoked.events.last().unwrap().action, "revoke");
    let theirs: Person = store.case_file(&receiver, opened).await.unwrap().person;
    assert_eq!(theirs.names, [faro_store::pseudonym(id)]);
    assert!(
        store
            .search_cases(&receiver, "Marisol Vega")
            .await
            .unwrap()
            .is_empty()
    );
    let history = store.case_file(&receiver, opened).await.unwrap().history;
    assert!(history.iter().all(|h| !h.field.starts_with("person")));
    // The receiver's own consent covers the other person: kept whole, the package still erased.
    assert_eq!(
        store
            .case_file(&receiver, kept_opened)
            .await
            .unwrap()
            .person
            .names,
        ["Olga Petrova"]
    );
    let other = store.referral(&receiver, kept_id).await.unwrap();
    assert_eq!(
        (other.summary.status, other.package),
        (ReferralStatus::Revoked, None)
    );
    let entries = store.audit_entries().await.unwrap();
    assert_eq!(actions_in(&entries, to, "referral.revoke"), 2);
    assert_eq!(
        actions_in(&entries, DEFAULT_ORGANISATION, "referral.revoke"),
        2
    );
    // A referral consent given again does not bring a revoked referral back.
    given(store, &red.worker, case, ConsentPurpose::Referral).await;
    assert_eq!(
        store
            .referral(&red.worker, id)
            .await
            .unwrap()
            .summary
            .status,
        ReferralStatus::Revoked
    );
}

async fn referrals_count_once_per_case_in_the_statistics(db: TestDb) {
    use faro_domain::Vocabulary;
    let store = db.store();
    let red = office(store, DEFAULT_ORGANISATION, "").await;
    let to = blue(store).await;
    let receiver = staff(store, to, Role::Caseworker, "blue-stats").await;
    let at = |s: ReferralStatus| ReferralStatus::ALL.iter().position(|x| *x == s).unwrap();
    let system = |org| AccessContext::member(org, Role::Admin).acting_as("faro");
    let mut cases = Vec::new();
    for name in ["Ana Ruiz", "Beatriz Sol", "Carmen Vidal"] {
        let case = store
            .open_case(&red.worker, by_hand(person(name, "+34 600 000 001")))
            .await
            .unwrap();
        given(store, &red.worker, case, ConsentPurpose::Referral).await;
        cases.push(case);
    }
    // Ana: two referrals pending, one then accepted; Beatriz: one pending, its follow-up
    // past; Carmen: one pending, and she withdrew her consent to be counted.
    let mut sent = Vec::new();
    for (case, follow_up) in [
        (cases[0], Day(30_000)),
        (cases[0], Day(30_000)),
        (cases[1], Day(1)),
        (cases[2], Day(30_000)),
    ] {
        let mut r = referral(case, to, vec![SharedPart::Age]);
        r.follow_up = follow_up;
        sent.push(store.send_referral(&red.worker, r).await.unwrap());
    }
    let (_, seen_before) = store
        .count_cases_for_release(&system(to), to)
        .await
        .unwrap();
    store
        .referral_step(&receiver, sent[0], step(ReferralAction::Accept))
        .await
        .unwrap();
    store
        .record_consent(
            &red.worker,
            cases[2],
            consent(ConsentPurpose::Statistics, ConsentState::Withdrawn, vec![]),
        )
        .await
        .unwrap();
    let exact = store
        .case_statistics(&red.supervisor)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        exact.referred_out[at(ReferralStatus::Pending)],
        3,
        "a case once per status"
    );
    assert_eq!(exact.referred_out[at(ReferralStatus::Accepted)], 1);
    assert_eq!(exact.follow_up_overdue, 1);
    let partner = |counts: &faro_domain::case::statistics::CaseCounts<u64>| {
        let p = counts
            .partners
            .iter()
            .find(|p| p.organisation == Some(to.0))
            .expect("a row for every other organisation");
        (p.referred, p.accepted, p.prompt)
    };
    assert_eq!(
        partner(&exact),
        (3, 0, 0),
        "each case once, under its latest referral (Ana's second, still pending)"
    );
    assert!(exact.partners.iter().any(|p| p.organisation.is_none()));
    assert!(
        exact
            .partners
            .iter()
            .all(|p| p.organisation != Some(DEFAULT_ORGANISATION.0)),
        "not itself"
    );
    assert_eq!(
        exact.referred_in.iter().sum::<u64>(),
        0,
        "nothing was referred to red"
    );
    // The receiver's release counts the cases referred to it, without Carmen.
    let (theirs, seen_after) = store
        .count_cases_for_release(&system(to), to)
        .await
        .unwrap();
    assert_eq!(theirs.referred_in[at(ReferralStatus::Pending)], 2);
    assert_eq!(theirs.referred_in[at(ReferralStatus::Accepted)], 1);
    assert_eq!(
        theirs.status.iter().sum::<u64>(),
        1,
        "the case it opened on accepting"
    );
    let (ours, _) = store
        .count_cases_for_release(&system(DEFAULT_ORGANISATION), DEFAULT_ORGANISATION)
        .await
        .unwrap();
    assert_eq!(
        ours.referred_out[at(ReferralStatus::Pending)],
        2,
        "Carmen left out"
    );
    assert_ne!(seen_before, seen_after);
    // A referral's step is a change a release is due for, though no case of the sender
    // changed.
    let sender = system(DEFAULT_ORGANISATION);
    let red_seen = || async {
        store
            .count_cases_for_release(&sender, DEFAULT_ORGANISATION)
            .await
            .unwrap()
            .1
    };
    let quiet = red_seen().await;
    let mut no = step(ReferralAction::Reject);
    no.reason = Some(RejectReason::NoCapacity);
    store.referral_step(&receiver, sent[1], no).await.unwrap();
    let after = red_seen().await;
    assert_eq!(after.cases, quiet.cases);
    assert_ne!(after, quiet, "the step is seen as a change");
    let (ours, _) = store
        .count_cases_for_release(&sender, DEFAULT_ORGANISATION)
        .await
        .unwrap();
    assert_eq!(
        partner(&ours),
        (2, 0, 1),
        "Carmen left out; Ana's latest referral answered (rejected) at once"
    );
}

on_both_backends!(
    referrals_count_once_per_case_in_the_statistics,
    consent_is_checked_and_only_a_supervisor_overrides,
    a_referral_is_received_accepted_served_and_done,
    a_transfer_accepted_closes_the_senders_case,
    a_withdrawn_consent_revokes_what_rested_on_it,
);
