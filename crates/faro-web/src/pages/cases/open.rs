//! Opening a case: the search comes first (by name, phone, date of birth, e-mail or number,
//! typos tolerated), so one person does not get two cases; a match outside the reader's
//! scope says only whom to ask. Then the person's form, which may carry the report or record
//! the case is opened from.

use super::{Choice, Line, choices, line, people, team_name};
use crate::AppState;
use crate::case_input::{self as form, Form};
use crate::pages::forms::no_store;
use crate::pages::names::Names;
use crate::pages::render::{Chrome, Page, PageResult, SignedIn, render};
use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use faro_domain::ValidationError;
use faro_domain::case::person::{ContactKind, DocumentHolder, DocumentKind, Person};
use faro_domain::vocab::Gender;
use faro_i18n::{Lang, key};
use faro_store::{Found, NewCase};

/// A search's text is cut at this many characters.
const QUERY_MAX: usize = 200;

#[derive(Template)]
#[template(path = "cases/new.html")]
struct New {
    c: Chrome,
    q: String,
    searched: bool,
    found: Vec<Line>,
    /// "A possible match: ask …", one per case outside the reader's scope.
    elsewhere: Vec<String>,
    report: Option<i64>,
    record: Option<i64>,
    p: PersonForm,
    error: Option<String>,
}

/// The person form's values, as typed (kept when a box needs fixing).
pub struct PersonForm {
    pub name: String,
    pub aliases: String,
    pub birth_date: String,
    pub age_min: String,
    pub age_max: String,
    pub genders: Vec<Choice>,
    pub countries: Vec<crate::pages::report::CountryChoice>,
    pub languages: String,
    pub contacts: Vec<Detail>,
    pub documents: Vec<Detail>,
    pub circle: String,
    pub circle_ntk: bool,
}

/// A row of contact details or documents.
pub struct Detail {
    pub i: usize,
    pub kinds: Vec<Choice>,
    pub value: String,
    /// Contacts: safe to use. Documents: who holds it.
    pub safe: bool,
    pub holders: Vec<Choice>,
    pub need_to_know: bool,
}

/// Blank rows offered after the person's own contact details and documents.
const BLANK_ROWS: usize = 2;

impl PersonForm {
    pub fn of(lang: Lang, p: &Person) -> PersonForm {
        let birth = p.birth;
        let (date, min, max) = match birth {
            Some(faro_domain::case::person::Birth::Date(d)) => {
                (d.to_string(), String::new(), String::new())
            }
            Some(faro_domain::case::person::Birth::Ages { min, max }) => {
                (String::new(), min.to_string(), max.to_string())
            }
            None => Default::default(),
        };
        let mut contacts: Vec<Detail> = p
            .contacts
            .iter()
            .enumerate()
            .map(|(i, c)| Detail {
                i,
                kinds: choices(lang, &[c.kind]),
                value: c.value.clone(),
                safe: c.safe,
                holders: Vec::new(),
                need_to_know: c.need_to_know,
            })
            .collect();
        for i in contacts.len()..contacts.len() + BLANK_ROWS {
            contacts.push(Detail {
                i,
                kinds: choices(lang, &[ContactKind::Phone]),
                value: String::new(),
                safe: false,
                holders: Vec::new(),
                need_to_know: false,
            });
        }
        let mut documents: Vec<Detail> = p
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| Detail {
                i,
                kinds: choices(lang, &[d.kind]),
                value: d.number.clone().unwrap_or_default(),
                safe: false,
                holders: choices(lang, &[d.holder]),
                need_to_know: d.need_to_know,
            })
            .collect();
        for i in documents.len()..documents.len() + BLANK_ROWS {
            documents.push(Detail {
                i,
                kinds: choices::<DocumentKind>(lang, &[]),
                value: String::new(),
                safe: false,
                holders: choices(lang, &[DocumentHolder::Unknown]),
                need_to_know: false,
            });
        }
        PersonForm {
            name: p.name().to_string(),
            aliases: p
                .names
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n"),
            birth_date: date,
            age_min: min,
            age_max: max,
            genders: choices::<Gender>(lang, &p.gender.into_iter().collect::<Vec<_>>()),
            countries: crate::pages::report::countries(
                lang,
                p.citizenship.map(|c| c.alpha2()).unwrap_or_default(),
            ),
            languages: p.languages.join(", "),
            contacts,
            documents,
            circle: p.circle.clone().unwrap_or_default(),
            circle_ntk: p.circle_need_to_know,
        }
    }

    /// The form as it was posted, when a box needs fixing: what was typed stays.
    pub fn typed(lang: Lang, f: &Form) -> PersonForm {
        use faro_domain::Vocabulary;
        use faro_domain::case::person::{Contact, Document, MAX_DETAILS};
        let mut rough = Person::default();
        for i in 0..MAX_DETAILS + BLANK_ROWS {
            let value = f.get(&format!("contact_value_{i}"));
            if !value.trim().is_empty() {
                rough.contacts.push(Contact {
                    kind: ContactKind::from_code(f.get(&format!("contact_kind_{i}")))
                        .unwrap_or(ContactKind::Other),
                    value: value.to_string(),
                    safe: f.checked(&format!("contact_safe_{i}")),
                    need_to_know: f.checked(&format!("contact_ntk_{i}")),
                });
            }
            if let Some(kind) = DocumentKind::from_code(f.get(&format!("document_kind_{i}"))) {
                rough.documents.push(Document {
                    kind,
                    number: Some(f.get(&format!("document_number_{i}")).to_string()),
                    holder: DocumentHolder::from_code(f.get(&format!("document_holder_{i}")))
                        .unwrap_or(DocumentHolder::Unknown),
                    need_to_know: f.checked(&format!("document_ntk_{i}")),
                });
            }
        }
        rough.gender = Gender::from_code(f.get("gender"));
        rough.citizenship = faro_domain::Country::from_alpha2(f.get("citizenship"));
        let mut p = PersonForm::of(lang, &rough);
        p.name = f.get("name").to_string();
        p.aliases = f.get("aliases").to_string();
        p.birth_date = f.get("birth_date").to_string();
        p.age_min = f.get("age_min").to_string();
        p.age_max = f.get("age_max").to_string();
        p.languages = f.get("languages").to_string();
        p.circle = f.get("circle").to_string();
        p.circle_ntk = f.checked("circle_ntk");
        p
    }
}

/// A form's problem in words: the box, then what is wrong with it.
pub fn problem_words(lang: Lang, e: &ValidationError) -> String {
    let field = e.field.split(['.', '_']).next().unwrap_or("");
    let label = match field {
        "name" | "names" => key!("cases-field-name"),
        "aliases" => key!("cases-field-aliases"),
        "birth" | "age" => key!("cases-field-birth"),
        "gender" => key!("cases-field-gender"),
        "citizenship" => key!("cases-field-citizenship"),
        "languages" => key!("cases-field-languages"),
        "contact" | "contacts" => key!("cases-field-contacts"),
        "document" | "documents" => key!("cases-field-documents"),
        "circle" => key!("cases-field-circle"),
        "title" => key!("cases-field-title"),
        "due" => key!("cases-field-due"),
        "until" | "given" | "partners" | "purpose" | "state" | "means" => key!("cases-tab-consent"),
        "provider" | "outcome" | "planned" | "delivered" | "service" | "status" => {
            key!("cases-tab-services")
        }
        "reason" | "summary" => key!("cases-field-closure"),
        _ => key!("cases-field-plan"),
    };
    format!(
        "{}{} {}",
        lang.w(label),
        lang.w(key!("colon")),
        lang.invalid(e)
    )
}

/// The search, and the form to open a case when nothing matches.
pub(super) async fn search(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let mut q = String::new();
    let (mut report, mut record) = (None, None);
    for (k, v) in form_urlencoded::parse(raw.as_deref().unwrap_or("").as_bytes()) {
        match &*k {
            "q" => q = v.chars().take(QUERY_MAX).collect(),
            "report" => report = v.trim().parse().ok(),
            "record" => record = v.trim().parse().ok(),
            _ => {}
        }
    }
    show(&state, &page, &session, q, report, record, None, None).await
}

#[expect(
    clippy::too_many_arguments,
    reason = "the page's state, each part named"
)]
async fn show(
    state: &AppState,
    page: &Page,
    session: &faro_store::Session,
    q: String,
    report: Option<i64>,
    record: Option<i64>,
    typed: Option<PersonForm>,
    error: Option<String>,
) -> PageResult {
    let lang = page.lang;
    let searched = !q.trim().is_empty();
    let results = if searched {
        state.store.search_cases(&session.ctx, &q).await?
    } else {
        Vec::new()
    };
    let (staff, teams) = people(state, session).await?;
    let names = Names::from(staff.as_slice());
    let mut found = Vec::new();
    let mut elsewhere = Vec::new();
    for r in results {
        match r {
            Found::Case(c, _) => found.push(line(lang, &c, &names, &teams)),
            Found::Elsewhere { assignee, team } => {
                let who = match (assignee, team_name(&teams, team)) {
                    (Some(u), _) => names.user(u),
                    (None, t) if !t.is_empty() => t,
                    _ => lang.w(key!("cases-a_supervisor")).into_owned(),
                };
                let mut args = faro_i18n::FluentArgs::new();
                args.set("who", who);
                elsewhere.push(
                    lang.format(key!("cases-elsewhere"), Some(&args))
                        .into_owned(),
                );
            }
        }
    }
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(no_store(render(
        status,
        lang,
        &New {
            c: page.chrome(key!("cases-new")),
            p: typed.unwrap_or_else(|| {
                PersonForm::of(
                    lang,
                    &Person {
                        names: vec![q.clone()],
                        ..Person::default()
                    },
                )
            }),
            q,
            searched,
            found,
            elsewhere,
            report,
            record,
            error,
        },
    )))
}

/// Opens the case and shows it; a box to fix brings the form back as typed.
pub(super) async fn open(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    body: Bytes,
) -> PageResult {
    let f = Form::parse(&body);
    let report = f.number("report");
    let record = f.number("record");
    let lang = page.lang;
    let words = match form::person(&f) {
        Err(e) => problem_words(lang, &e),
        Ok(person) => {
            let new = NewCase {
                person,
                report,
                record,
            };
            match state.store.open_case(&session.ctx, new).await {
                Ok(id) => {
                    return Ok(Redirect::to(&format!("/cases/{id}?done=opened")).into_response());
                }
                Err(e) => crate::pages::render::refusal(lang, e)?.1,
            }
        }
    };
    let typed = Some(PersonForm::typed(lang, &f));
    show(
        &state,
        &page,
        &session,
        String::new(),
        report,
        record,
        typed,
        Some(words),
    )
    .await
}
