//! `/cases/{id}/export`: everything the organisation holds about a case's person, as one JSON
//! document, for a subject access request: the person, every consent version, the plans, the
//! services, the tasks and the whole history, the scans of signed consent forms, codes as stored beside their words in the
//! reader's language. Read like the case's page (same scope, "need to know" withheld from
//! those outside it) and audited as an export.

use crate::AppState;
use crate::ids::PageId;
use crate::pages::forms::{download, no_store};
use crate::pages::render::{Page, PageResult, SignedIn};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use faro_domain::Vocabulary;
use faro_i18n::Lang;
use faro_store::{CaseFile, Scan};
use serde_json::{Value, json};

/// A code and its words.
fn coded<V: Vocabulary>(lang: Lang, v: V) -> Value {
    json!({ "code": v.code(), "label": lang.label(v) })
}

fn day(d: Option<faro_domain::case::Day>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

/// The document, with the scans of signed consent forms (`(consent id, scan)`) as base64.
pub fn document(lang: Lang, f: &CaseFile, scans: &[(i64, Scan)]) -> Value {
    let scan = |consent: i64| {
        scans.iter().find(|(c, _)| *c == consent).map(
            |(_, s)| json!({ "media_type": s.media_type, "base64": STANDARD.encode(&s.bytes) }),
        )
    };
    let person = serde_json::to_value(&f.person).unwrap_or(Value::Null);
    json!({
        "case": f.head.id,
        "status": coded(lang, f.head.status),
        "opened_at": f.head.opened_at,
        "report": f.head.report,
        "record": f.head.record,
        "closure_reason": f.head.closure_reason.map(|r| coded(lang, r)),
        "closure_summary": f.closure_summary,
        "person": person,
        "details_withheld": f.person.withheld,
        "consents": f.consents.iter().map(|c| json!({
            "purpose": coded(lang, c.purpose),
            "state": coded(lang, c.state),
            "means": coded(lang, c.means),
            "until": day(c.until),
            "partners": c.partners.iter().map(|p| coded(lang, *p)).collect::<Vec<_>>(),
            "given_by": c.given_by,
            "recorded_by": c.recorded_by,
            "recorded_at": c.recorded_at,
            "in_force": c.in_force,
            "scan": scan(c.id),
        })).collect::<Vec<_>>(),
        "plans": f.plans.iter().map(|p| json!({
            "kind": coded(lang, p.kind),
            "versions": p.versions,
            "sections": p.sections.iter().map(|(k, t)| json!({ "section": k, "text": t })).collect::<Vec<_>>(),
            "author": p.author,
            "at": p.at,
        })).collect::<Vec<_>>(),
        "services": f.services.iter().map(|s| json!({
            "service": coded(lang, s.kind),
            "status": coded(lang, s.status),
            "planned": day(s.planned),
            "delivered": day(s.delivered),
            "provider": s.provider,
            "outcome": s.outcome,
        })).collect::<Vec<_>>(),
        "tasks": f.tasks.iter().map(|t| json!({
            "title": t.title,
            "due": t.due.to_string(),
            "done_at": t.done_at,
        })).collect::<Vec<_>>(),
        "history": f.history.iter().map(|h| json!({
            "version": h.version,
            "at": h.at,
            "by": h.actor,
            "field": h.field,
            "before": if h.withheld { Value::Null } else { Value::String(h.before.clone()) },
            "after": if h.withheld { Value::Null } else { Value::String(h.after.clone()) },
            "withheld": h.withheld,
        })).collect::<Vec<_>>(),
    })
}

pub(super) async fn export(
    axum::extract::State(state): axum::extract::State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    PageId(id): PageId,
) -> PageResult {
    let f = state.store.case_file(&session.ctx, id).await?;
    let mut scans = Vec::new();
    for c in f.consents.iter().filter(|c| c.scan) {
        scans.push((
            c.id,
            state.store.consent_scan(&session.ctx, id, c.id).await?,
        ));
    }
    let detail = json!({ "case_id": id, "format": "json" });
    state
        .store
        .audit(&session.ctx, "case.export", detail)
        .await?;
    let body = serde_json::to_vec_pretty(&document(page.lang, &f, &scans)).unwrap_or_default();
    Ok(no_store(download(
        "application/json",
        format!("case-{id}.json"),
        body,
    )))
}
