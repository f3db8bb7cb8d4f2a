//! Who did something, in words. The audit log, conversations and notes store an actor as ids
//! ("user 3", "token 9 of user 3") so that what is chained never changes; people read the
//! display name their colleague chose, in their own language. The ids stay in the data and
//! in each name's `title`.

use crate::AppState;
use faro_domain::access::Actor;
use faro_domain::{AccessContext, OrganisationId};
use faro_i18n::{FluentArgs, Lang, key};
use faro_store::StoreError;
use std::collections::HashMap;

/// The display names of one organisation's staff.
pub struct Names(HashMap<i64, String>);

impl Names {
    pub async fn of(
        state: &AppState,
        ctx: &AccessContext,
        organisation: OrganisationId,
    ) -> Result<Names, StoreError> {
        let staff = state.store.staff(ctx, organisation).await?;
        Ok(Names::from(staff.as_slice()))
    }

    /// User `id` by name (their id when not of this organisation).
    pub fn user(&self, id: i64) -> String {
        self.0
            .get(&id)
            .cloned()
            .unwrap_or_else(|| Actor::User(id).to_string())
    }

    /// `actor` as a person reads it; a user of another organisation (or one since removed)
    /// keeps their id, which names nobody to this reader.
    pub fn actor(&self, lang: Lang, actor: &str) -> String {
        let parsed = Actor::parse(actor);
        let Some(name) = parsed.user().and_then(|id| self.0.get(&id)) else {
            return match parsed {
                Actor::Other(other) => lang.w(machine_key(&other)).into_owned(),
                _ => actor.to_string(),
            };
        };
        let mut args = FluentArgs::new();
        args.set("name", name.as_str());
        match parsed {
            Actor::PasswordLink(_) => lang.format(key!("actor-link"), Some(&args)).into_owned(),
            Actor::Token { token, .. } => {
                args.set("token", token.to_string());
                lang.format(key!("actor-token"), Some(&args)).into_owned()
            }
            _ => name.clone(),
        }
    }
}

impl From<&[faro_store::User]> for Names {
    fn from(staff: &[faro_store::User]) -> Names {
        Names(
            staff
                .iter()
                .map(|u| (u.id, u.shown_as().to_string()))
                .collect(),
        )
    }
}

/// Faro's own work and the operator's command line, which have no display name.
fn machine_key(actor: &str) -> &'static str {
    match actor {
        "cli" => key!("actor-cli"),
        "someone signing in" => key!("actor-signing_in"),
        _ => key!("actor-faro"),
    }
}
