//! Who is asking: every read entry point of the store and the analytics index takes one.
//!
//! The accounts issue fills this in with an organisation and a role. Until then there is one
//! built-in context, so that no query can be written without deciding whose view it serves.

/// The caller's rights, passed to every query so that visibility is decided in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessContext {
    _private: (),
}

impl AccessContext {
    /// The instance operator's context: sees every complete source. Used by the CLI and, until
    /// accounts exist, by the API.
    pub fn instance() -> Self {
        AccessContext { _private: () }
    }
}
