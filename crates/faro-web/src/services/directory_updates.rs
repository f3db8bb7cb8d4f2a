//! A provider's yearly update of its directory entry, from the link's holder proposing
//! corrections to the keepers applying them: the proposal checked (`faro_hsds::correction`),
//! kept by the store until decided, and an accepted one written into the entry through the
//! directory's import, so that the entry is read and stored exactly as a feed's would be.

use faro_domain::directory::Object;
use faro_domain::{AccessContext, ValidationError};
use faro_hsds::correction::Correction;
use faro_store::{
    DirectoryImportOptions, DirectoryQuery, DirectoryReader, DirectoryUpdate, Store, StoreError,
};

/// Why a proposal or a decision was not taken.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The proposal as typed has problems, each naming its field.
    #[error("the proposal has {} problems", .0.len())]
    Invalid(Vec<ValidationError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What a link's holder sees: the entry's current values and whose it is.
pub struct Invited {
    pub current: Correction,
    pub organization: String,
}

/// A proposal beside the entry as it stands, for the keepers.
pub struct Review {
    pub update: DirectoryUpdate,
    pub current: Correction,
    /// `None` once decided (the proposal is erased then).
    pub proposed: Option<Correction>,
}

/// The form a good link opens; `Unauthenticated` for a used, replaced or expired one.
pub async fn invitation(store: &Store, secret: &str) -> Result<Invited, StoreError> {
    let invitation = store.directory_invitation(secret).await?;
    let service = object(&invitation.service_document)?;
    Ok(Invited {
        current: Correction::of(&service),
        organization: invitation.organization,
    })
}

/// Checks and keeps a link holder's proposal, using the link up.
pub async fn propose(store: &Store, secret: &str, typed: &Correction) -> Result<(), UpdateError> {
    // A link already used is said before the form's problems: there is nothing to mend.
    store.directory_invitation(secret).await?;
    let checked = typed.checked().map_err(UpdateError::Invalid)?;
    let json = serde_json::to_string(&checked)
        .map_err(|e| StoreError::Internal(format!("a proposal as JSON: {e}")))?;
    store.propose_directory_update(secret, &json).await?;
    Ok(())
}

/// An update and, while it waits, its proposal beside the entry as it stands.
pub async fn review(store: &Store, ctx: &AccessContext, id: i64) -> Result<Review, StoreError> {
    let (update, proposal) = store.directory_update(ctx, id).await?;
    let listed = entry(store, ctx, &update).await?;
    let proposed = proposal
        .map(|p| {
            serde_json::from_str::<Correction>(&p).map_err(|_| StoreError::Corrupt {
                column: "directory_updates.proposal_sealed",
                value: format!("update {id}"),
            })
        })
        .transpose()?;
    Ok(Review {
        current: Correction::of(&listed.service),
        update,
        proposed,
    })
}

/// Accepts (writing the proposal into the entry, vouched for today) or rejects a proposal.
pub async fn decide(
    store: &Store,
    ctx: &AccessContext,
    id: i64,
    accept: bool,
    today: &str,
) -> Result<(), UpdateError> {
    if accept {
        let review = review(store, ctx, id).await?;
        let Some(proposed) = review.proposed else {
            store.decide_directory_update(ctx, id, true).await?;
            return Ok(());
        };
        let listed = entry(store, ctx, &review.update).await?;
        let mut whole = match crate::hsds::whole(&listed, true) {
            serde_json::Value::Object(o) => o,
            _ => return Err(StoreError::Internal("an entry that is not an object".into()).into()),
        };
        proposed.apply(&mut whole, today);
        let entry =
            faro_hsds::from_service(serde_json::Value::Object(whole)).map_err(|problems| {
                UpdateError::Invalid(problems.into_iter().map(invalid).collect())
            })?;
        let options = DirectoryImportOptions {
            audience: listed.audience,
            mark_vanished: false,
        };
        store
            .import_directory(ctx, review.update.owner, &[entry], options)
            .await?;
    }
    store.decide_directory_update(ctx, id, accept).await?;
    Ok(())
}

/// The entry an update is about, whole, as its keepers see it.
async fn entry(
    store: &Store,
    ctx: &AccessContext,
    update: &DirectoryUpdate,
) -> Result<faro_store::Listed, StoreError> {
    store
        .directory_services(
            ctx,
            DirectoryReader::Owner(update.owner),
            &DirectoryQuery::one(&update.service),
        )
        .await?
        .services
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound {
            kind: "service",
            id: update.id,
        })
}

/// A problem of the specification with the corrected entry, said of the field it names.
fn invalid(problem: faro_domain::FieldError) -> ValidationError {
    ValidationError::new("service", problem.reason).of(problem.column)
}

fn object(text: &str) -> Result<Object, StoreError> {
    match serde_json::from_str(text) {
        Ok(serde_json::Value::Object(o)) => Ok(o),
        _ => Err(StoreError::Corrupt {
            column: "directory_services.document",
            value: String::new(),
        }),
    }
}
