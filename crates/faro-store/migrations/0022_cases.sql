-- Case management: a case is what a case worker manages around one person. Everything that
-- names or describes the person is sealed with the data key (`*_sealed` columns, bound to
-- their row); what the database holds in clear is what the workflow needs to sort and count:
-- status, dates, who is responsible, vocabulary codes.

-- Teams of an organisation's staff; a member who `supervises` approves steps of cases and
-- sees all of the organisation's cases.
CREATE TABLE teams (
    id $ID_PK$,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (organisation_id, name)
);

CREATE TABLE team_members (
    team_id BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    supervises INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE cases (
    id $ID_PK$,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL CHECK (status IN ('new', 'assessment', 'plan', 'services', 'closed')),
    assignee BIGINT REFERENCES users (id),
    team_id BIGINT REFERENCES teams (id),
    opened_by BIGINT REFERENCES users (id),
    report_id BIGINT REFERENCES reports (id) ON DELETE SET NULL,
    record_id BIGINT REFERENCES records (id) ON DELETE SET NULL,
    person_sealed TEXT NOT NULL,
    -- Optimistic concurrency: every change of the case or of what hangs from it adds one.
    version BIGINT NOT NULL,
    opened_at BIGINT NOT NULL,
    -- The last change of any kind: "no activity for 30 days" is read from it.
    active_at BIGINT NOT NULL,
    closure_reason TEXT,
    closure_sealed TEXT,
    -- A step waiting for a supervisor: the status asked for, by whom, when.
    pending TEXT CHECK (pending IN ('plan', 'closed')),
    pending_by BIGINT REFERENCES users (id),
    pending_at BIGINT,
    first_service_at BIGINT
);
-- The list, newest first, for a supervisor (everything of the organisation) without a sort.
CREATE INDEX cases_organisation ON cases (organisation_id, id);
-- Cases with no change for 30 days, for a supervisor.
CREATE INDEX cases_quiet ON cases (organisation_id, active_at);
-- A person's cases, the quiet ones first.
CREATE INDEX cases_assignee ON cases (assignee, active_at);
CREATE INDEX cases_team ON cases (team_id, status);
CREATE INDEX cases_opened_by ON cases (opened_by, assignee);
CREATE INDEX cases_pending ON cases (pending, organisation_id);

-- The keyed hashes of the terms a case's person is found by (`faro_domain::case::search`).
CREATE TABLE case_terms (
    organisation_id BIGINT NOT NULL,
    term BIGINT NOT NULL,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    PRIMARY KEY (organisation_id, term, case_id)
);
CREATE INDEX case_terms_case ON case_terms (case_id);

-- Every change, field by field; values sealed (they may name the person). A sealed value of
-- any case table is bound to `<table>.<column> <case id> <version>`, `version` being the
-- case's version when the row was last written (0 for the `cases` row itself).
CREATE TABLE case_history (
    id $ID_PK$,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    field TEXT NOT NULL,
    change_sealed TEXT NOT NULL
);
CREATE INDEX case_history_case ON case_history (case_id, version);

-- Consent by purpose: every version kept; the newest of a purpose is the one in force.
CREATE TABLE case_consents (
    id $ID_PK$,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('given', 'refused', 'withdrawn')),
    means TEXT NOT NULL,
    until_day BIGINT,
    partner_kinds TEXT NOT NULL DEFAULT '',
    -- A minor's guardian or the authority that consented, and any note.
    given_by_sealed TEXT,
    version BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX case_consents_case ON case_consents (case_id, purpose, id);
CREATE INDEX case_consents_until ON case_consents (until_day);

-- Needs assessments and safety plans, each a new version on every save.
CREATE TABLE case_plans (
    id $ID_PK$,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('assessment', 'safety')),
    body_sealed TEXT NOT NULL,
    version BIGINT NOT NULL,
    author TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX case_plans_case ON case_plans (case_id, kind, id);

CREATE TABLE case_services (
    id $ID_PK$,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    service TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('needed', 'arranged', 'delivered', 'cancelled')),
    planned_day BIGINT,
    delivered_day BIGINT,
    provider_sealed TEXT,
    outcome_sealed TEXT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX case_services_case ON case_services (case_id);

CREATE TABLE case_tasks (
    id $ID_PK$,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL,
    assignee BIGINT REFERENCES users (id),
    due_day BIGINT NOT NULL,
    title_sealed TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    done_at BIGINT
);
-- A case's open tasks by due day, and a person's: "what needs my action" reads one or the other.
CREATE INDEX case_tasks_case ON case_tasks (case_id, done_at, due_day);
CREATE INDEX case_tasks_assignee ON case_tasks (assignee, done_at, due_day);

-- A record whose person withdrew their consent to be counted: left out of every aggregate
-- and release from then on (NULL: counted).
ALTER TABLE records ADD COLUMN uncounted_at BIGINT;
