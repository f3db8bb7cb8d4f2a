-- Each organisation's case statistics as those who may not read every case read them
-- (`faro_privacy::cases`): noisy counts, safe to keep in clear; the newest is served. A row
-- also keeps what its release saw (how many cases, the sum of their versions, which every
-- change raises), to know when the cases changed. What it spent is a row of the privacy
-- ledger, which outlives the release.
CREATE TABLE case_releases (
    id $ID_PK$,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    made_at BIGINT NOT NULL,
    epsilon_micro BIGINT NOT NULL,
    delta DOUBLE PRECISION NOT NULL,
    cases_seen BIGINT NOT NULL,
    versions BIGINT NOT NULL,
    counts TEXT NOT NULL
);
CREATE INDEX case_releases_organisation ON case_releases (organisation_id, id);
-- Counting for statistics reads a case's newest statistics consent and its delivered services,
-- and, from an index alone (a case's row holds the sealed person and is wide), each case's
-- status, closure reason, wait for a first service and version.
CREATE INDEX case_services_delivered ON case_services (status, case_id);
CREATE INDEX cases_statistics ON cases (organisation_id, status, closure_reason, first_service_at, opened_at, version);
-- The ledger's third kind of spending: releases of an organisation's case statistics (no
-- source, ρ against the organisation's annual cap).
ALTER TABLE privacy_ledger ADD COLUMN cases INTEGER NOT NULL DEFAULT 0;
