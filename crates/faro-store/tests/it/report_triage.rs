//! What triage suggested for each report, as the runner stores it: which reports are still to
//! read (new, written to again, or read by another model), stored suggestions that the inbox
//! filters and orders by, and the personal data found, sealed, re-keyed and gone with its
//! report.

use faro_domain::vocab::Exploitation;
use faro_domain::{AccessContext, Flags, Role};
use faro_store::DEFAULT_ORGANISATION as ORG;
use faro_store::{ReportFilter, Suggested, ToTriage, Triaged};
use faro_testkit::{TestDb, on_both_backends};

fn triaged(report: &ToTriage, model: i64, urgent: bool, modality: Exploitation) -> Triaged {
    let mut flags = Flags::default();
    flags.put(modality, Some(true));
    Triaged {
        id: report.id,
        read_to: report.read_to,
        model,
        suggested: Suggested {
            language: "es".into(),
            likely: true,
            score: 0.9,
            urgent,
            modality: flags,
        },
        findings: vec![
            ("name".into(), "rosa quispe".into()),
            ("phone".into(), "655203118".into()),
        ],
    }
}

async fn reports_are_read_once_until_written_to_again_or_read_by_another_model(db: TestDb) {
    let store = db.store();
    let admin = AccessContext::member(ORG, Role::Admin);
    let first = faro_testkit::submit_web_report(store, ORG, "Rosa Quispe, 655 203 118", "")
        .await
        .id;
    let second = faro_testkit::submit_web_report(store, ORG, "Trabaja sin papeles", "")
        .await
        .id;
    assert_eq!(store.report_triage_due().await.unwrap(), [ORG]);
    let operator = AccessContext::member(ORG, Role::Operator);
    assert!(
        store
            .reports_to_triage(&operator, ORG, (0, None), 10)
            .await
            .is_err(),
        "only the organisation's admins (the runner) read every report"
    );
    let to_read = store
        .reports_to_triage(&admin, ORG, (0, None), 10)
        .await
        .unwrap();
    let ids: Vec<i64> = to_read.iter().map(|r| r.id).collect();
    assert_eq!(ids, [second, first], "newest first");
    let below = store
        .reports_to_triage(&admin, ORG, (0, Some(second)), 10)
        .await
        .unwrap();
    assert_eq!(below.len(), 1, "the next batch starts below the last one");
    assert_eq!(below[0].id, first);
    assert_eq!(to_read[1].text, "Rosa Quispe, 655 203 118");
    assert!(to_read[1].read_to > 0);

    let mark = store.report_triage_mark().await.unwrap();
    let saved = [
        triaged(&to_read[0], 0, false, Exploitation::ForcedLabour),
        triaged(&to_read[1], 0, true, Exploitation::SexualExploitation),
    ];
    store.save_report_triage(&admin, ORG, &saved).await.unwrap();
    assert!(store.report_triage_due().await.unwrap().is_empty());
    assert!(
        store
            .reports_to_triage(&admin, ORG, (0, None), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.report_triage_mark().await.unwrap(), mark);
    let sealed = db
        .text("SELECT findings FROM report_triage ORDER BY report_id")
        .await;
    assert!(!sealed.contains("655203118") && !sealed.contains("rosa"));

    // The inbox: the urgent-looking report first, filters by suggestion and language.
    let page = store
        .reports(&admin, &ReportFilter::default(), 0, 10)
        .await
        .unwrap();
    let order: Vec<i64> = page.reports.iter().map(|r| r.id).collect();
    assert_eq!(order, [first, second]);
    assert!(page.suggestions[&first].urgent);
    let labour = ReportFilter {
        suggested: Some(Exploitation::ForcedLabour),
        ..ReportFilter::default()
    };
    let page = store.reports(&admin, &labour, 0, 10).await.unwrap();
    assert_eq!((page.total, page.reports[0].id), (1, second));
    let french = ReportFilter {
        written: Some("fr".into()),
        language: Some("en".into()),
        ..ReportFilter::default()
    };
    assert_eq!(
        store.reports(&admin, &french, 0, 10).await.unwrap().total,
        0
    );
    let spanish = ReportFilter {
        written: Some("es".into()),
        ..french
    };
    assert_eq!(
        store.reports(&admin, &spanish, 0, 10).await.unwrap().total,
        2
    );

    // The personal data kept: for those who may see identities, audited.
    let found = store.report_findings(&operator, first).await.unwrap();
    assert_eq!(found[1], ("phone".to_string(), "655203118".to_string()));
    let analyst = AccessContext::member(ORG, Role::Analyst);
    assert!(store.report_findings(&analyst, first).await.is_err());
    let audit = store.audit_entries().await.unwrap();
    assert!(audit.iter().any(|e| e.action == "report.findings"));
    let read = audit.iter().find(|e| e.action == "triage.reports").unwrap();
    assert!(read.detail.contains(&second.to_string()) && !read.detail.contains("Rosa"));

    // The reporter writes again: that report is read again, and only it.
    store
        .add_reporter_message(
            &AccessContext::anonymous(),
            first,
            "Ahora está en Lima",
            &[],
        )
        .await
        .unwrap();
    let (messages, _) = store.report_triage_mark().await.unwrap();
    assert_ne!(messages, mark.0);
    assert_eq!(store.report_triage_due_since(mark.0).await.unwrap(), [ORG]);
    assert!(
        store
            .report_triage_due_since(messages)
            .await
            .unwrap()
            .is_empty(),
        "nothing written since"
    );
    let again = store
        .reports_to_triage(&admin, ORG, (0, None), 10)
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(
        again[0].text,
        "Rosa Quispe, 655 203 118\n\nAhora está en Lima"
    );
    // Read by a model trained at 77, every report is to read again.
    assert_eq!(
        store
            .reports_to_triage(&admin, ORG, (77, None), 10)
            .await
            .unwrap()
            .len(),
        2
    );

    // Findings move to a new key, and go with their report.
    let (rotated, _) = faro_testkit::rotated(store).await;
    assert_eq!(
        rotated.report_findings(&operator, first).await.unwrap(),
        found
    );
    db.execute(&format!("DELETE FROM reports WHERE id = {first}"))
        .await;
    assert_eq!(db.scalar("SELECT COUNT(*) FROM report_triage").await, 1);
}
on_both_backends!(reports_are_read_once_until_written_to_again_or_read_by_another_model);
