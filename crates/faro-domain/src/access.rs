//! Who is asking: every read entry point of the store and the analytics index takes one, so
//! visibility is decided in one place (faro-store's `source::visible_sql`) and no query can be
//! built without it.

use crate::vocab::Vocabulary;

/// An organisation's id in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrganisationId(pub i64);

vocabulary! {
    /// What a member of an organisation may do (`specs/interfaces.md`, accounts conventions).
    Role, "role" {
        Admin => ("admin", "admin", "Administrator", "Administración"),
        Analyst => ("analyst", "analyst", "Analyst", "Análisis"),
        Operator => ("operator", "operator", "Hotline operator", "Operación de línea de ayuda"),
        Caseworker => ("caseworker", "caseworker", "Case worker", "Gestión de casos"),
        Viewer => ("viewer", "viewer", "Viewer (aggregates only)", "Consulta (solo agregados)"),
    }
}

/// What a read is for: aggregates may include sources other organisations share with the
/// hub; individual records never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Records,
    Aggregates,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The instance operator (CLI on the server): every complete source.
    Instance,
    Member(OrganisationId),
}

/// The caller's rights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessContext {
    scope: Scope,
    role: Role,
}

impl AccessContext {
    /// The instance operator's context: sees every complete source. Used by the CLI and, until
    /// sessions and tokens exist, by the API.
    pub fn instance() -> Self {
        AccessContext {
            scope: Scope::Instance,
            role: Role::Admin,
        }
    }

    /// A member of `organisation` acting in `role`.
    pub fn member(organisation: OrganisationId, role: Role) -> Self {
        AccessContext {
            scope: Scope::Member(organisation),
            role,
        }
    }

    /// The organisation whose data this caller owns; `None` for the instance operator.
    pub fn organisation(&self) -> Option<OrganisationId> {
        match self.scope {
            Scope::Instance => None,
            Scope::Member(o) => Some(o),
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    /// Whether the caller may read for `purpose` at all. Viewers see aggregates only;
    /// case workers will see their own cases (case management issue), not imported records.
    pub fn may(&self, purpose: Purpose) -> bool {
        match purpose {
            Purpose::Aggregates => true,
            Purpose::Records => matches!(self.role, Role::Admin | Role::Analyst | Role::Operator),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewers_and_caseworkers_may_not_list_imported_records() {
        let org = OrganisationId(1);
        for (role, records) in [
            (Role::Admin, true),
            (Role::Analyst, true),
            (Role::Operator, true),
            (Role::Caseworker, false),
            (Role::Viewer, false),
        ] {
            let ctx = AccessContext::member(org, role);
            assert_eq!(ctx.may(Purpose::Records), records, "{role:?}");
            assert!(ctx.may(Purpose::Aggregates));
        }
        assert!(AccessContext::instance().may(Purpose::Records));
        assert_eq!(AccessContext::instance().organisation(), None);
    }
}
