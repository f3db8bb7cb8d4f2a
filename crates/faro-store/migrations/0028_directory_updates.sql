-- A provider's yearly update of its directory entry: a single-use link (only its sha256 is
-- kept), valid 30 days, that lets the provider propose corrections without an account, and what it proposed
-- (sealed with the data key: a note may name a person) until the entry's keeper accepts or
-- rejects it. A new link for a service ends the service's unused ones.
CREATE TABLE directory_updates (
    id $ID_PK$,
    owner_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    service_id BIGINT NOT NULL REFERENCES directory_services (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    submitted_at BIGINT,
    proposal_sealed TEXT,
    decided_by BIGINT,
    decided_at BIGINT,
    outcome TEXT CHECK (outcome IN ('accepted', 'rejected')),
    -- Decided proposals are erased: an accepted one lives on in the entry itself.
    CHECK (outcome IS NULL OR proposal_sealed IS NULL)
);
CREATE INDEX directory_updates_owner ON directory_updates (owner_id, submitted_at);

-- Eligibility by gender and opening hours for the search: the genders a service is for as
-- bits of the vocabulary `gender` (0: anyone), and when it is open as minute intervals of
-- the week in UTC (`480-960 1920-2400`; NULL: its schedules do not say). Copied into its
-- places as the other filters are. Every digest is cleared, so that the next import of a
-- feed writes each entry again and fills them.
ALTER TABLE directory_services ADD COLUMN genders BIGINT NOT NULL DEFAULT 0;
ALTER TABLE directory_services ADD COLUMN hours TEXT;
ALTER TABLE directory_places ADD COLUMN genders BIGINT NOT NULL DEFAULT 0;
ALTER TABLE directory_places ADD COLUMN hours TEXT;
UPDATE directory_services SET digest = '';
