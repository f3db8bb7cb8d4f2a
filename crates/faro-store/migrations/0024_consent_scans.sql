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
