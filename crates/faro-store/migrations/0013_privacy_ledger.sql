-- The privacy budget each organisation has spent on differentially private releases: one row
-- a release, with its ε in millionths (an integer, so that sums are exact on both databases).
-- A release that would take the total past the instance's budget is refused.
CREATE TABLE privacy_ledger (
    id $ID_PK$,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    epsilon_micro BIGINT NOT NULL,
    released_at BIGINT NOT NULL
);
CREATE INDEX privacy_ledger_organisation ON privacy_ledger (organisation_id);
