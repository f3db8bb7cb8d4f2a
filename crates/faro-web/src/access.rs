//! Who is calling: the one place a request becomes an [`AccessContext`].
//!
//! Until the accounts issue adds sessions and tokens, every caller gets the instance context.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use faro_domain::AccessContext;

pub struct Access(pub AccessContext);

impl<S: Send + Sync> FromRequestParts<S> for Access {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Access(AccessContext::instance()))
    }
}
