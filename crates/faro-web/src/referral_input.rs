//! A referral's inputs read into the store's values: the referral sent from a case and a step
//! taken on it. The pages' forms and the API's JSON bodies (flat, with the same field names)
//! both come here as [`Form`], so a rule and the field its problem names are written once.

use crate::case_input::{Form, LONG_TEXT, SHORT_TEXT};
use faro_domain::referral::{ReferralKind, SharedPart};
use faro_domain::{Message, OrganisationId, ValidationError, problem};
use faro_store::{ExternalProvider, NewReferral, Override, StepInput};

fn required<T>(value: Option<T>, field: &str) -> Result<T, ValidationError> {
    value.ok_or_else(|| ValidationError::new(field, Message::new(problem::REQUIRED)))
}

/// The referral form: the case, whom to (an organisation on the instance, or an external
/// provider's name, contact and language, and the partner Faro instance it is on), the service, the kind of organisation, need,
/// urgency, the parts shared, the follow-up date, a note, and a supervisor's override.
pub fn referral(form: &Form) -> Result<NewReferral, ValidationError> {
    let kind = form.code::<ReferralKind>("kind")?;
    let case = required(form.number("case").filter(|c| *c > 0), "case")?;
    let to = match form.get("to").trim() {
        "" => None,
        text => Some(OrganisationId(required(
            text.parse::<i64>().ok().filter(|t| *t > 0),
            "to",
        )?)),
    };
    let external = match form.text("provider_name", SHORT_TEXT)? {
        None => None,
        Some(name) => Some(ExternalProvider {
            name,
            contact: form.text("provider_contact", SHORT_TEXT)?,
            language: match form.get("provider_language").trim() {
                "" => None,
                code => Some(faro_domain::directory::language_code(code).ok_or_else(|| {
                    ValidationError::new("provider_language", Message::new(problem::NOT_A_LANGUAGE))
                        .of(code.chars().take(20).collect::<String>())
                })?),
            },
            instance: match form.get("instance").trim() {
                "" => None,
                text => Some(required(
                    text.parse::<i64>().ok().filter(|i| *i > 0),
                    "instance",
                )?),
            },
        }),
    };
    let overridden = match form.optional_code("override_reason")? {
        None => None,
        Some(reason) => Some(Override {
            reason,
            note: form.text("override_note", LONG_TEXT)?.unwrap_or_default(),
        }),
    };
    let mut shared: Vec<SharedPart> = form
        .all("shared")
        .filter(|p| !p.trim().is_empty())
        .map(|p| crate::case_input::code("shared", p))
        .collect::<Result<_, _>>()?;
    shared.sort();
    shared.dedup();
    Ok(NewReferral {
        case,
        kind,
        to,
        external,
        service: form.text("service", SHORT_TEXT)?,
        location: form.text("location", SHORT_TEXT)?,
        partner_kind: form.code("partner_kind")?,
        need: form.code("need")?,
        urgency: form.code("urgency")?,
        shared,
        follow_up: required(form.day("follow_up")?, "follow_up")?,
        note: form.text("note", LONG_TEXT)?,
        overridden,
    })
}

/// A step: the action, a reason to reject, the service delivered, a note.
pub fn step(form: &Form) -> Result<StepInput, ValidationError> {
    Ok(StepInput {
        action: form.code("action")?,
        reason: form.optional_code("reason")?,
        service: form.optional_code("service")?,
        note: form.text("note", LONG_TEXT)?,
    })
}
