//! The scan of a consent's signed form: attached from the consent tab (a multipart form with
//! one picture, cleaned as a report's photos are: `intake::clean_all`) and shown to those who
//! see the case. The store refuses a scan for a consent given by word of mouth or one that has
//! its scan already.

use super::file::answer;
use crate::AppState;
use crate::api::reports::photo_response;
use crate::ids::page_id;
use crate::intake::{self, Cleaning, PhotoProblem, Picture};
use crate::pages::forms::files;
use crate::pages::render::{Page, PageError, PageResult, SignedIn};
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use faro_i18n::key;

/// The form's file field.
const FIELD: &str = "scan";

/// `POST /cases/{id}/consents/{consent}/scan`.
pub(super) async fn attach(
    State(state): State<AppState>,
    page: Page,
    SignedIn(session): SignedIn,
    Path((id, consent)): Path<(String, String)>,
    form: Result<Multipart, MultipartRejection>,
) -> PageResult {
    let (id, consent) = (page_id(&id)?, page_id(&consent)?);
    let sent = files(form, FIELD).await?;
    let refused = |problem: PhotoProblem| Err(page.lang.message(&problem.message(Picture::Scan)));
    let outcome = match <[Vec<u8>; 1]>::try_from(sent) {
        Ok([picture]) => {
            match intake::clean_one(picture, &state.reporting, &state.decoding).await {
                Ok(photo) => Ok(state
                    .store
                    .attach_consent_scan(&session.ctx, id, consent, photo)
                    .await),
                Err(Cleaning::Refused(problem)) => refused(problem),
                Err(Cleaning::Busy) => {
                    return Err(PageError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        key!("busy_photos"),
                    ));
                }
            }
        }
        Err(none) if none.is_empty() => Err(page.lang.w(key!("cases-scan-choose")).into_owned()),
        Err(_) => refused(PhotoProblem::TooMany { max: 1 }),
    };
    answer(&state, &page, &session, (id, "consent"), outcome, None).await
}

/// `GET /cases/{id}/consents/{consent}/scan`: the picture, never cached; audited.
pub(super) async fn show(
    State(state): State<AppState>,
    SignedIn(session): SignedIn,
    Path((id, consent)): Path<(String, String)>,
) -> PageResult {
    let scan = state
        .store
        .consent_scan(&session.ctx, page_id(&id)?, page_id(&consent)?)
        .await?;
    Ok(photo_response(&scan.media_type, scan.bytes))
}
