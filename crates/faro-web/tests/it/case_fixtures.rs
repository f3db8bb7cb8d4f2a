//! Cases for the tests that drive every route: a team's case worker, a fresh case of theirs in
//! the state each change needs, and a body each `POST` route accepts.

use faro_domain::Role;
use faro_domain::vocab::Vocabulary;

/// A case and its parts, and the version a change is made from.
#[derive(Clone, Copy, Default)]
pub struct Case {
    pub id: i64,
    pub service: i64,
    pub task: i64,
    pub version: i64,
    /// Consents given on a signed form, with their scan and without one yet.
    pub scanned: i64,
    pub unscanned: i64,
    /// An external referral sent from the case, waiting for the provider's answer.
    pub referral: i64,
}

impl Case {
    /// `path` with this case's ids in it (a referral route's `{id}` is the case's referral);
    /// `{consent_id}` the consent `method` finds as it needs (a scan to read, none yet to
    /// attach one).
    pub fn uri(&self, path: &str, method: &str) -> String {
        let consent = if method == "PUT" {
            self.unscanned
        } else {
            self.scanned
        };
        let id = if path.starts_with("/referrals") {
            self.referral
        } else {
            self.id
        };
        path.replace("{id}", &id.to_string())
            .replace("{service_id}", &self.service.to_string())
            .replace("{task_id}", &self.task.to_string())
            .replace("{consent_id}", &consent.to_string())
    }
}

/// A picture of a signed form, as a client sends it.
pub fn scan_picture() -> Vec<u8> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .write_image(
            &[220u8; 16 * 16 * 3],
            16,
            16,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// The person of every case here: a name no log may hold.
pub const CASE_NAME: &str = "Yolanda Quispe Mamani";

/// The status a GET route answers a caller it allows, on the test's ids: a referral's
/// package only exists for a referral to a partner instance, and no referral was received
/// from one.
pub fn get_status(path: &str) -> u16 {
    match path {
        "/referrals/{id}/package" => 422,
        "/referrals/received/{id}" => 404,
        _ => 200,
    }
}

/// A body each POST route accepts, and the status it answers it with.
pub fn body_for(path: &str, case: Case) -> (String, u16) {
    let v = case.version;
    let (body, status) = match path {
        "/records/{id}/notes" => (r#"{"text":"seen at the border"}"#.to_string(), 201),
        "/triage" => (
            r#"{"text":"They took her passport","language":"en"}"#.to_string(),
            200,
        ),
        "/cases" => (format!(r#"{{"person":{{"names":["{CASE_NAME}"]}}}}"#), 201),
        "/cases/{id}/person" => (
            format!(r#"{{"version":{v},"person":{{"names":["{CASE_NAME}", "Yoli"]}}}}"#),
            200,
        ),
        "/cases/{id}/consents" => (
            r#"{"purpose":"services","state":"given","means":"spoken"}"#.into(),
            201,
        ),
        "/cases/{id}/plans" => (
            format!(r#"{{"version":{v},"kind":"assessment","sections":{{"needs":"housing"}}}}"#),
            201,
        ),
        "/cases/{id}/services" => (r#"{"service":"medical","status":"needed"}"#.into(), 201),
        "/cases/{id}/services/{service_id}" => {
            (r#"{"service":"medical","status":"arranged"}"#.into(), 200)
        }
        "/cases/{id}/tasks" => (r#"{"title":"Call back","due":"2030-01-31"}"#.into(), 201),
        "/cases/{id}/tasks/{task_id}/done" => (String::new(), 200),
        "/cases/{id}/step" => (format!(r#"{{"version":{v},"to":"plan"}}"#), 200),
        "/cases/{id}/decision" => (r#"{"approve":true}"#.into(), 200),
        "/cases/{id}/assignment" => (
            format!(r#"{{"version":{v},"assignee":null,"team":null}}"#),
            200,
        ),
        "/referrals" => (
            format!(
                r#"{{"case":{},"kind":"external","partner_kind":"health","need":"medical","urgency":"soon","shared":["age"],"follow_up":"2031-01-31","provider_name":"Clinic"}}"#,
                case.id
            ),
            201,
        ),
        "/referrals/{id}/steps" => (r#"{"action":"withdraw"}"#.into(), 200),
        // Packages between instances: allowed callers reach the store, which finds nothing
        // that is not a package, and no package received under a referral's id.
        "/referrals/received" => ("{}".into(), 422),
        "/referrals/received/{id}" => (r#"{"decision":"accept"}"#.into(), 404),
        other => panic!("give {other} a body in this test"),
    };
    (body, status)
}

/// Where each organisation's cases are worked: a case worker in a team.
pub struct Casework {
    worker: faro_domain::AccessContext,
    team: i64,
    admin: faro_domain::AccessContext,
}

async fn staff(
    store: &faro_store::Store,
    org: faro_domain::OrganisationId,
    role: Role,
) -> faro_domain::AccessContext {
    let email = faro_testkit::email(format!("{}-{}@case.invalid", role.code(), org.0));
    let user = store
        .create_user(&faro_domain::AccessContext::instance(), org, &email, role)
        .await
        .unwrap();
    faro_domain::AccessContext::member(org, role)
        .for_user(user.id)
        .acting_as(format!("user {}", user.id))
}

pub async fn casework(store: &faro_store::Store, org: faro_domain::OrganisationId) -> Casework {
    let worker = staff(store, org, Role::Caseworker).await;
    let admin = staff(store, org, Role::Admin).await;
    let team = store
        .create_team(
            &admin,
            org,
            &faro_domain::DisplayName::parse("Casework").unwrap(),
        )
        .await
        .unwrap();
    store
        .set_team_member(&admin, team, worker.user().unwrap(), Some(false))
        .await
        .unwrap();
    Casework {
        worker,
        team,
        admin,
    }
}

/// A fresh case of the team's worker, in assessment with a plan waiting for a supervisor,
/// with one service and one open task; `reader` (a token's user) supervises the team.
pub async fn fresh_case(store: &faro_store::Store, work: &Casework, reader: Option<i64>) -> Case {
    use faro_domain::case::{CaseStatus, Day, ServiceKind, ServiceStatus};
    if let Some(user) = reader {
        store
            .set_team_member(&work.admin, work.team, user, Some(true))
            .await
            .unwrap();
    }
    let person = faro_domain::case::person::Person {
        names: vec![CASE_NAME.into()],
        ..Default::default()
    };
    let new = faro_store::NewCase {
        person,
        report: None,
        record: None,
    };
    let id = store.open_case(&work.worker, new).await.unwrap();
    let me = work.worker.user();
    let version = store
        .case_file(&work.worker, id)
        .await
        .unwrap()
        .head
        .version;
    store
        .assign_case(&work.admin, id, version, me, Some(work.team))
        .await
        .unwrap();
    let service = faro_store::NewService {
        kind: ServiceKind::Legal,
        status: ServiceStatus::Needed,
        planned: None,
        delivered: None,
        provider: None,
        outcome: None,
    };
    let service = store
        .save_service(&work.worker, id, None, service)
        .await
        .unwrap();
    let task = faro_store::NewTask {
        title: "Follow-up call".into(),
        due: Day::parse("2030-01-31", "due").unwrap(),
        assignee: None,
    };
    let task = store.add_task(&work.worker, id, task).await.unwrap();
    for _ in 0..2 {
        let paper = faro_store::ConsentInput {
            purpose: faro_domain::case::ConsentPurpose::Services,
            state: faro_domain::case::ConsentState::Given,
            means: faro_domain::case::ConsentMeans::SignedForm,
            until: None,
            partners: Vec::new(),
            given_by: None,
        };
        store.record_consent(&work.worker, id, paper).await.unwrap();
    }
    let consents = store.case_file(&work.worker, id).await.unwrap().consents;
    let (scanned, unscanned) = (consents[0].id, consents[1].id);
    let referral = external_referral(store, work, id).await;
    let scan = faro_store::Photo {
        media_type: "image/jpeg",
        width: 16,
        height: 16,
        bytes: scan_picture(),
    };
    let version = store
        .attach_consent_scan(&work.worker, id, scanned, scan)
        .await
        .unwrap();
    let step = faro_store::Step::To(CaseStatus::Assessment);
    let version = store
        .step_case(&work.worker, id, version, step)
        .await
        .unwrap();
    Case {
        id,
        service,
        task,
        version,
        scanned,
        unscanned,
        referral,
    }
}

/// An external referral of case `id`, sent by its worker with the person's consent.
async fn external_referral(store: &faro_store::Store, work: &Casework, id: i64) -> i64 {
    use faro_domain::case::{ConsentMeans, ConsentPurpose, ConsentState, Day, PartnerKind};
    let consent = faro_store::ConsentInput {
        purpose: ConsentPurpose::Referral,
        state: ConsentState::Given,
        means: ConsentMeans::Spoken,
        until: None,
        partners: Vec::new(),
        given_by: None,
    };
    store
        .record_consent(&work.worker, id, consent)
        .await
        .unwrap();
    let referral = faro_store::NewReferral {
        case: id,
        kind: faro_domain::referral::ReferralKind::External,
        to: None,
        external: Some(faro_store::ExternalProvider {
            name: "Clínica del Sur".into(),
            contact: None,
            language: Some("es".into()),
            instance: None,
        }),
        service: None,
        location: None,
        partner_kind: PartnerKind::Health,
        need: faro_domain::case::ServiceKind::Medical,
        urgency: faro_domain::referral::Urgency::Soon,
        shared: vec![faro_domain::referral::SharedPart::Age],
        follow_up: Day::parse("2030-02-28", "follow_up").unwrap(),
        note: None,
        overridden: None,
    };
    store.send_referral(&work.worker, referral).await.unwrap()
}

/// The same case with a plan waiting for a supervisor's decision.
pub async fn waiting(store: &faro_store::Store, work: &Casework, case: Case) -> Case {
    let step = faro_store::Step::To(faro_domain::case::CaseStatus::Plan);
    let version = store
        .step_case(&work.worker, case.id, case.version, step)
        .await
        .unwrap();
    Case { version, ..case }
}
