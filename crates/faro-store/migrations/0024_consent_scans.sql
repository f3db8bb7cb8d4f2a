-- The scan of a consent given on a signed form: the picture re-encoded at upload (no metadata
-- survives), sealed with the data key. One per consent; it goes with its consent and its case.
CREATE TABLE case_consent_scans (
    id $ID_PK$,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    consent_id BIGINT NOT NULL UNIQUE REFERENCES case_consents (id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    content $BYTES$ NOT NULL
);
CREATE INDEX case_consent_scans_case ON case_consent_scans (case_id);

-- "What needs my action" counts a case worker's quiet cases and reads their open cases'
-- consents from indexes alone: a case's row holds the sealed person and is wide, and every
-- page view writes its audit entry, which leaves each connection's page cache to be read
-- again.
DROP INDEX cases_assignee;
CREATE INDEX cases_assignee ON cases (assignee, active_at, status);
DROP INDEX cases_quiet;
CREATE INDEX cases_quiet ON cases (organisation_id, active_at, assignee, status);
DROP INDEX case_consents_case;
CREATE INDEX case_consents_case ON case_consents (case_id, purpose, id, state, until_day);
-- Its overdue tasks too: found, ordered and counted from the indexes, and only those shown
-- read whole.
DROP INDEX case_tasks_case;
CREATE INDEX case_tasks_case ON case_tasks (case_id, done_at, due_day, assignee);
