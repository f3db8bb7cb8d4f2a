-- Referrals between Faro instances (faro-exchange). This instance's keys: one row, the
-- 64-byte secret sealed with the data key; the public card beside it in clear.
CREATE TABLE instance_identity (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    secret_sealed TEXT NOT NULL,
    card TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Other instances whose cards an instance admin added. A removed partner keeps its row (the
-- packages received from it name it) but is no longer sent to or believed.
CREATE TABLE partner_instances (
    id $ID_PK$,
    name TEXT NOT NULL,
    card TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    added_by BIGINT,
    added_at BIGINT NOT NULL,
    removed_at BIGINT
);

-- Packages received from partner instances, each imported once: (partner, package id) is
-- unique, so a replayed package is refused. What it carries is sealed and erased once
-- decided; an accepted one opened `received_case_id` for the importing organisation.
CREATE TABLE received_packages (
    id $ID_PK$,
    partner_id BIGINT NOT NULL REFERENCES partner_instances (id),
    package_id TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    need TEXT NOT NULL,
    urgency TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    content_sealed TEXT,
    received_at BIGINT NOT NULL,
    received_by BIGINT,
    decided_at BIGINT,
    decided_by BIGINT,
    reason TEXT,
    received_case_id BIGINT REFERENCES cases (id) ON DELETE SET NULL,
    UNIQUE (partner_id, package_id)
);
CREATE INDEX received_packages_org ON received_packages (organisation_id, status, id);
