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
        Admin => ("admin", "admin", "Administrator"),
        Analyst => ("analyst", "analyst", "Analyst"),
        Operator => ("operator", "operator", "Hotline operator"),
        Caseworker => ("caseworker", "caseworker", "Case worker"),
        Viewer => ("viewer", "viewer", "Viewer (aggregates only)"),
    }
}

/// Something a route or command needs (`specs/interfaces.md`, roles table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    Aggregates,
    Records,
    ImportExport,
    /// Read the reports inbox.
    ReportsInbox,
    /// Act on reports: reply, code, mark duplicate, promote, close; take a call's report.
    TriageReports,
    /// Open cases and work on those within one's scope (faro-store's `cases`): one's own and
    /// one's teams', everything of the organisation for its admins and team supervisors.
    Cases,
    Administer,
}

impl Role {
    /// What the role may do. Supervising case work is not a role but a duty in a team
    /// (`team_members.supervises`), so a supervisor is a case worker the store knows as one.
    pub fn permissions(self) -> &'static [Permission] {
        use Permission::*;
        match self {
            Role::Viewer => &[Aggregates],
            Role::Caseworker => &[Aggregates, Cases],
            Role::Operator => &[Aggregates, Records, ReportsInbox, TriageReports, Cases],
            Role::Analyst => &[Aggregates, Records, ImportExport, ReportsInbox],
            Role::Admin => &[
                Aggregates,
                Records,
                ImportExport,
                ReportsInbox,
                TriageReports,
                Cases,
                Administer,
            ],
        }
    }

    /// Whether every right of `self` is also a right of `other` (a token's role must be
    /// within its creator's).
    pub fn within(self, other: Role) -> bool {
        self.permissions()
            .iter()
            .all(|p| other.permissions().contains(p))
    }
}

/// What a read is for: aggregates may include sources other organisations share with the
/// hub; individual records never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Records,
    Aggregates,
}

/// Which sources an aggregate covers (`scope=` in the API): the reader's own organisation's,
/// or those plus the sources other organisations share with the hub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AggregateScope {
    #[default]
    Own,
    Hub,
}

impl AggregateScope {
    pub fn parse(text: &str) -> Option<AggregateScope> {
        match text {
            "own" => Some(AggregateScope::Own),
            "hub" => Some(AggregateScope::Hub),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The instance operator (CLI on the server): every complete source.
    Instance,
    Member(OrganisationId),
    /// Someone without an account (a public reporter): may read nothing.
    Anonymous,
}

/// The caller's rights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessContext {
    scope: Scope,
    /// `None` only for an anonymous visitor, who has no permission at all.
    role: Option<Role>,
    /// The signed-in user (by session or token); `None` for the instance operator.
    user: Option<i64>,
    /// Who acts, as the audit log names them (a token and its user, or the CLI).
    actor: String,
}

impl AccessContext {
    /// The instance operator's context: sees every complete source. Used by the CLI and, until
    /// sessions and tokens exist, by the API.
    pub fn instance() -> Self {
        AccessContext {
            scope: Scope::Instance,
            role: Some(Role::Admin),
            user: None,
            actor: "instance operator".into(),
        }
    }

    /// A member of `organisation` acting in `role`.
    pub fn member(organisation: OrganisationId, role: Role) -> Self {
        AccessContext {
            scope: Scope::Member(organisation),
            role: Some(role),
            user: None,
            actor: format!("member of organisation {}", organisation.0),
        }
    }

    /// A visitor without an account (the public report pages): no permission, no
    /// organisation, and never mistaken for the instance operator, who has no organisation
    /// either.
    pub fn anonymous() -> Self {
        AccessContext {
            scope: Scope::Anonymous,
            role: None,
            user: None,
            actor: "anonymous visitor".into(),
        }
    }

    /// Whether this is the instance operator, who sees and administers everything.
    pub fn is_instance(&self) -> bool {
        self.scope == Scope::Instance
    }

    /// Whether the caller acts for `organisation`: the instance operator, or a member of it.
    pub fn speaks_for(&self, organisation: OrganisationId) -> bool {
        match self.scope {
            Scope::Instance => true,
            Scope::Member(o) => o == organisation,
            Scope::Anonymous => false,
        }
    }

    /// Whether the caller may manage `organisation`'s users, tokens and audit log: the
    /// instance operator, or an admin of that organisation.
    pub fn administers(&self, organisation: OrganisationId) -> bool {
        self.has(Permission::Administer) && self.speaks_for(organisation)
    }

    /// The same rights, held by the user `id` (who may then manage their own tokens,
    /// sessions and second factor).
    pub fn for_user(mut self, id: i64) -> Self {
        self.user = Some(id);
        self
    }

    pub fn user(&self) -> Option<i64> {
        self.user
    }

    /// The same rights, acting as `actor` (for the audit log).
    pub fn acting_as(mut self, actor: impl Into<String>) -> Self {
        self.actor = actor.into();
        self
    }

    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// The organisation whose data this caller owns; `None` for the instance operator and
    /// for anonymous visitors (tell them apart with [`AccessContext::is_instance`]).
    pub fn organisation(&self) -> Option<OrganisationId> {
        match self.scope {
            Scope::Member(o) => Some(o),
            Scope::Instance | Scope::Anonymous => None,
        }
    }

    /// The role; `None` for an anonymous visitor.
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// Whether the caller may read for `purpose` at all. Viewers see aggregates only;
    /// case workers will see their own cases (case management issue), not imported records.
    pub fn may(&self, purpose: Purpose) -> bool {
        self.has(match purpose {
            Purpose::Aggregates => Permission::Aggregates,
            Purpose::Records => Permission::Records,
        })
    }

    pub fn has(&self, permission: Permission) -> bool {
        self.role
            .is_some_and(|r| r.permissions().contains(&permission))
    }
}

/// Who did something, as the audit log and conversations store it: a stable, language-free
/// string ("user 3", "token 9 of user 3") that pages turn into a person's display name.
/// Written and read here only, so the two cannot drift apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in user.
    User(i64),
    /// A user setting their password through a one-time link.
    PasswordLink(i64),
    /// A user's API token.
    Token { token: i64, user: i64 },
    /// Faro itself or an operator's command line ("cli", "faro", "retention", …).
    Other(String),
}

impl Actor {
    pub fn parse(text: &str) -> Actor {
        let words: Vec<&str> = text.split(' ').collect();
        let id = |w: &str| w.parse::<i64>().ok();
        match words.as_slice() {
            ["user", n] => id(n).map(Actor::User),
            ["user", n, "by", "set-password", "link"] => id(n).map(Actor::PasswordLink),
            ["token", t, "of", "user", u] => id(t)
                .zip(id(u))
                .map(|(token, user)| Actor::Token { token, user }),
            _ => None,
        }
        .unwrap_or_else(|| Actor::Other(text.to_string()))
    }

    /// The user behind it, if any.
    pub fn user(&self) -> Option<i64> {
        match self {
            Actor::User(id) | Actor::PasswordLink(id) | Actor::Token { user: id, .. } => Some(*id),
            Actor::Other(_) => None,
        }
    }
}

impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Actor::User(id) => write!(f, "user {id}"),
            Actor::PasswordLink(id) => write!(f, "user {id} by set-password link"),
            Actor::Token { token, user } => write!(f, "token {token} of user {user}"),
            Actor::Other(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_actor_reads_back_as_it_was_written() {
        for actor in [
            Actor::User(3),
            Actor::PasswordLink(4),
            Actor::Token { token: 9, user: 3 },
            Actor::Other("cli".into()),
            Actor::Other("user x".into()),
        ] {
            assert_eq!(Actor::parse(&actor.to_string()), actor);
        }
        assert_eq!(Actor::Token { token: 9, user: 3 }.user(), Some(3));
        assert_eq!(Actor::Other("user 3 extra".into()).user(), None);
    }

    #[test]
    fn an_anonymous_visitor_may_nothing_and_is_not_the_instance_operator() {
        let anyone = AccessContext::anonymous();
        for p in [
            Permission::Aggregates,
            Permission::Records,
            Permission::ImportExport,
            Permission::ReportsInbox,
            Permission::Cases,
            Permission::Administer,
        ] {
            assert!(!anyone.has(p), "{p:?}");
        }
        assert!(!anyone.may(Purpose::Aggregates) && !anyone.may(Purpose::Records));
        assert!(!anyone.is_instance() && !anyone.speaks_for(OrganisationId(1)));
        assert_eq!((anyone.organisation(), anyone.role()), (None, None));
    }

    #[test]
    fn a_role_is_within_itself_and_the_admin_and_never_wider() {
        for r in Role::ALL {
            assert!(r.within(*r) && r.within(Role::Admin));
        }
        assert!(Role::Viewer.within(Role::Operator));
        assert!(
            !Role::Analyst.within(Role::Operator),
            "analysts import; operators do not"
        );
        assert!(!Role::Operator.within(Role::Viewer));
        assert!(!Role::Admin.within(Role::Analyst));
        assert!(
            Role::Caseworker.within(Role::Operator),
            "an operator opens cases too"
        );
        assert!(
            !Role::Caseworker.within(Role::Analyst),
            "analysts see no case"
        );
    }

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
        assert!(AccessContext::instance().is_instance());
        assert!(AccessContext::instance().speaks_for(org));
        assert!(!AccessContext::member(OrganisationId(2), Role::Admin).speaks_for(org));
        assert!(AccessContext::instance().has(Permission::Administer));
        assert_eq!(AccessContext::instance().organisation(), None);
    }
}
