//! Triage of reports and of any text, shared by the API and the pages (`faro_triage` does the
//! reading; this decides what a reader sees of it).
//!
//! Who sees identities: the roles that act on reports (operators and admins: `TriageReports`)
//! read a report whole. An analyst reads the inbox to understand patterns, not to reach people:
//! every name, phone, e-mail, address, document number, plate and handle is replaced by its
//! kind (`[name]`), in the report's text, its place, its conversation and its triage, and the
//! reporter's contact detail and the report's photos are withheld.

use faro_domain::{AccessContext, Country, Permission};
use faro_store::{ReportDetail, Store, StoreError};
use faro_triage::{Engine, Input, Language, Triage, TriageError};

/// Why a triage could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TriageFailure {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Triage(#[from] TriageError),
}

/// What stands for the reporter's contact detail before a reader who may not see it.
pub const WITHHELD: &str = "[contact]";

/// Whether `ctx` may see who is in a report.
pub fn sees_identities(ctx: &AccessContext) -> bool {
    ctx.has(Permission::TriageReports)
}

/// A report's triage: the text it read (the reporter's own messages, first to last, a blank
/// line between them), with the personal data masked for a reader who may not see it.
pub struct ReportTriage {
    pub text: String,
    pub triage: Triage,
    pub redacted: bool,
}

/// The reporter's words: what they first said and what they wrote after.
pub fn reporter_text(detail: &ReportDetail) -> String {
    faro_store::reporter_words(&detail.messages)
}

/// What the engine reads: the text, the language the report was written in as a hint (not
/// `other`, which hints nothing), and the report's country for places.
fn input<'t>(text: &'t str, language: Option<&str>, country: Option<Country>) -> Input<'t> {
    Input {
        text,
        language_hint: language
            .and_then(Language::from_code)
            .filter(|l| *l != Language::Other),
        country,
    }
}

/// Any text: its triage with the engine Faro ships.
pub fn text(
    text: &str,
    language: Option<&str>,
    country: Option<Country>,
) -> Result<Triage, TriageError> {
    text_with(Engine::shipped()?, text, language, country)
}

/// Any text: its triage with `engine` (an organisation's own, or the shipped one).
pub fn text_with(
    engine: &Engine,
    text: &str,
    language: Option<&str>,
    country: Option<Country>,
) -> Result<Triage, TriageError> {
    engine.triage(&input(text, language, country))
}

/// One report's triage, as `ctx` may see it (the read is audited by the store).
pub async fn report(
    store: &Store,
    ctx: &AccessContext,
    id: i64,
) -> Result<ReportTriage, TriageFailure> {
    let detail = store.report(ctx, id).await?;
    let engine = super::triage_learning::engine_for(store, detail.summary.organisation).await?;
    let words = reporter_text(&detail);
    let language = Some(detail.summary.language.as_str());
    let triage = text_with(&engine, &words, language, detail.summary.country)?;
    if sees_identities(ctx) {
        return Ok(ReportTriage {
            text: words,
            triage,
            redacted: false,
        });
    }
    let masked = triage.redact(&words);
    // The masked text is read again so that every offset points into what the reader gets.
    let triage = text_with(&engine, &masked, language, detail.summary.country)?;
    Ok(ReportTriage {
        text: masked,
        triage,
        redacted: true,
    })
}

/// `words` with each piece of personal data replaced by its kind (`[name]`).
pub fn mask(
    words: &str,
    language: Option<&str>,
    country: Option<Country>,
) -> Result<String, TriageError> {
    let pii = Engine::personal_data(&input(words, language, country))?;
    Ok(faro_triage::engine::redact(words, &pii))
}

/// A report as `ctx` may read it: whole, or [`masked`].
pub fn as_seen_by(ctx: &AccessContext, detail: ReportDetail) -> Result<ReportDetail, TriageError> {
    if sees_identities(ctx) {
        Ok(detail)
    } else {
        masked(detail)
    }
}

/// A report with the personal data of its place, conversation and closing reason masked by
/// kind, and its contact detail and photos withheld: what an analyst reads, and what an
/// operator may ask to see before showing a screen to someone else.
pub fn masked(mut detail: ReportDetail) -> Result<ReportDetail, TriageError> {
    let language = detail.summary.language.clone();
    let country = detail.summary.country;
    let mask = |words: &str| mask(words, Some(&language), country);
    for message in &mut detail.messages {
        message.text = mask(&message.text)?;
        // A photo shows faces and plates that no masking of words hides.
        message.attachments.clear();
    }
    detail.place = mask(&detail.place)?;
    if let Some(reason) = &detail.close_reason {
        detail.close_reason = Some(mask(reason)?);
    }
    if !detail.contact_detail.is_empty() {
        detail.contact_detail = WITHHELD.to_string();
    }
    Ok(detail)
}
