-- Each source's differentially private marginals: what every reader who may not read its
-- records is answered from. One row a release; the newest of a source is served until the
-- next. Its cells are noisy counts, safe to keep in clear.
CREATE TABLE statistics_releases (
    id $ID_PK$,
    source_id BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    revision BIGINT NOT NULL,
    epsilon_micro BIGINT NOT NULL,
    delta DOUBLE PRECISION NOT NULL,
    made_at BIGINT NOT NULL,
    cells $BYTES$ NOT NULL
);
CREATE INDEX statistics_releases_source ON statistics_releases (source_id, id);
-- The ledger keeps both kinds of spending: releases of microdata (no source, ε) and releases
-- of a source's marginals (its source, ε and the ρ of zCDP that the annual cap sums).
ALTER TABLE privacy_ledger ADD COLUMN source_id BIGINT;
ALTER TABLE privacy_ledger ADD COLUMN rho_micro BIGINT;
CREATE INDEX privacy_ledger_source ON privacy_ledger (source_id, released_at);
-- The operator's budgets for one organisation, overriding the instance's.
ALTER TABLE organisations ADD COLUMN publish_epsilon DOUBLE PRECISION;
ALTER TABLE organisations ADD COLUMN annual_epsilon_per_source DOUBLE PRECISION;
-- Controlled answers no longer spend a reader's queries: they are computed from releases.
DROP TABLE query_budget;
