//! An organisation's settings page (`/admin/settings`), for its admins: how long its closed
//! reports are kept (at most the instance's period), which of its staff are e-mailed when
//! an urgent report arrives, and whether report triage learns from its decided reports. The instance's own settings live in the settings file; each
//! change here is audited in the organisation's chain.

use super::forms::Fields;
use super::render::{Chrome, Page, PageResult, SignedIn, render};
use super::{Need, PageRoute, route};
use crate::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use faro_domain::{Email, Permission};
use faro_i18n::key;
use faro_store::{MAX_NOTIFY_ADDRESSES, OrganisationSettings, Session};
use serde::Deserialize;

const ADMIN: Need = Need::Permission(Permission::Administer);

pub(super) fn routes() -> Vec<PageRoute> {
    vec![
        route("GET", "/admin/settings", ADMIN, || get(show)),
        route("POST", "/admin/settings", ADMIN, || post(save)),
    ]
}

#[derive(Template)]
#[template(path = "admin/settings.html")]
struct SettingsPage {
    c: Chrome,
    /// As typed (or stored): empty for the instance's period.
    retention_days: String,
    notify_to: String,
    /// The instance's period, the most an organisation may keep reports.
    instance_days: i64,
    max_addresses: i64,
    /// E-mail notices are possible at all (the instance has SMTP settings).
    email_configured: bool,
    /// Whether triage learns from the organisation's decided reports.
    triage_learning: bool,
    /// What the organisation's own triage model is, in words.
    triage_model: String,
    notice: Option<&'static str>,
    error: Option<&'static str>,
}

/// The form's fields, as typed.
#[derive(Deserialize, Default)]
pub struct Form {
    #[serde(default)]
    retention_days: String,
    #[serde(default)]
    notify_to: String,
    /// `on` when ticked; absent when not.
    #[serde(default)]
    triage_learning: Option<String>,
}

async fn page_of(
    state: &AppState,
    page: &Page,
    session: &Session,
    form: Form,
    notice: Option<&'static str>,
    error: Option<&'static str>,
) -> Result<SettingsPage, faro_store::StoreError> {
    let organisation = session.user.organisation;
    let lang = page.lang;
    let triage_model = match state.store.triage_model(organisation).await? {
        Some(model) => lang.message(
            &faro_domain::Message::new(key!("settings_triage_model"))
                .with("examples", model.examples)
                .with("day", crate::pages::render::when(model.trained_at)),
        ),
        None => lang.message(
            &faro_domain::Message::new(key!("settings_triage_no_model"))
                .with("at_least", crate::services::triage_learning::AT_LEAST),
        ),
    };
    Ok(SettingsPage {
        c: page.chrome(key!("org_settings")),
        retention_days: form.retention_days,
        notify_to: form.notify_to,
        instance_days: i64::from(state.retention_days),
        max_addresses: MAX_NOTIFY_ADDRESSES as i64,
        email_configured: state.notify.email.is_some(),
        triage_learning: form.triage_learning.is_some(),
        triage_model,
        notice,
        error,
    })
}

async fn show(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
) -> PageResult {
    let stored = state
        .store
        .organisation_settings(&session.ctx, session.user.organisation)
        .await?;
    let form = Form {
        retention_days: stored
            .retention_days
            .map(|d| d.to_string())
            .unwrap_or_default(),
        notify_to: stored
            .notify_to
            .iter()
            .map(Email::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        triage_learning: state
            .store
            .triage_learning(session.user.organisation)
            .await?
            .then(|| "on".to_string()),
    };
    let body = page_of(&state, &page, &session, form, None, None).await?;
    Ok(render(StatusCode::OK, page.lang, &body))
}

/// The settings a form asks for, or the key of what is wrong with it.
fn parse(form: &Form, instance_days: u32) -> Result<OrganisationSettings, &'static str> {
    let days = form.retention_days.trim();
    let retention_days = if days.is_empty() {
        None
    } else {
        match days.parse::<u32>() {
            Ok(d) if (1..=instance_days).contains(&d) => Some(d),
            _ => return Err("settings_retention_invalid"),
        }
    };
    let notify_to = form
        .notify_to
        .split(['\n', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Email::parse(l).map_err(|_| "settings_email_invalid"))
        .collect::<Result<Vec<_>, _>>()?;
    if notify_to.len() > MAX_NOTIFY_ADDRESSES {
        return Err("settings_too_many_addresses");
    }
    Ok(OrganisationSettings {
        retention_days,
        notify_to,
    })
}

async fn save(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Fields(form): Fields<Form>,
) -> PageResult {
    match parse(&form, state.retention_days) {
        Ok(settings) => {
            store_settings(&state, &session, &settings).await?;
            let learning = form.triage_learning.is_some();
            let organisation = session.user.organisation;
            if state.store.triage_learning(organisation).await? != learning {
                state
                    .store
                    .set_triage_learning(&session.ctx, organisation, learning)
                    .await?;
            }
            let body = page_of(&state, &page, &session, form, Some("settings_saved"), None).await?;
            Ok(render(StatusCode::OK, page.lang, &body))
        }
        Err(key) => {
            let body = page_of(&state, &page, &session, form, None, Some(key)).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, page.lang, &body))
        }
    }
}

async fn store_settings(
    state: &AppState,
    session: &Session,
    settings: &OrganisationSettings,
) -> Result<(), faro_store::StoreError> {
    state
        .store
        .set_organisation_settings(&session.ctx, session.user.organisation, settings)
        .await
}

#[cfg(test)]
mod tests {
    use super::{Form, parse};

    fn form(days: &str, to: &str) -> Form {
        Form {
            retention_days: days.into(),
            notify_to: to.into(),
            triage_learning: None,
        }
    }

    #[test]
    fn a_form_is_read_into_settings_or_refused_with_its_reason() {
        let ok = parse(&form(" 30 ", "a@example.org\n\n b@example.org,"), 180).unwrap();
        assert_eq!(ok.retention_days, Some(30));
        assert_eq!(ok.notify_to.len(), 2);
        assert_eq!(parse(&form("", ""), 180).unwrap().retention_days, None);
        for (days, to, key) in [
            ("0", "", "settings_retention_invalid"),
            ("181", "", "settings_retention_invalid"),
            ("ten", "", "settings_retention_invalid"),
            ("", "not an address", "settings_email_invalid"),
        ] {
            assert_eq!(parse(&form(days, to), 180).err(), Some(key), "{days} {to}");
        }
        let many = (0..11)
            .map(|i| format!("p{i}@example.org"))
            .collect::<Vec<_>>();
        assert_eq!(
            parse(&form("", &many.join("\n")), 180).err(),
            Some("settings_too_many_addresses")
        );
    }
}
