-- Referrals: a case's person sent to a service at another organisation on the instance (a
-- referral or a transfer) or to a provider not on Faro (external). What the person consented
-- to share travels sealed in `package_sealed` and is erased when that consent is withdrawn;
-- the database holds in clear only what the workflow sorts and counts by.
CREATE TABLE referrals (
    id $ID_PK$,
    kind TEXT NOT NULL CHECK (kind IN ('referral', 'transfer', 'external')),
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_organisation BIGINT NOT NULL REFERENCES organisations (id),
    -- NULL for an external referral.
    to_organisation BIGINT REFERENCES organisations (id),
    -- The directory's service and location (HSDS ids), when chosen from it.
    service_id TEXT,
    location_id TEXT,
    partner_kind TEXT NOT NULL,
    need TEXT NOT NULL,
    urgency TEXT NOT NULL,
    -- `shared_part` codes, comma-separated.
    shared TEXT NOT NULL,
    follow_up_day BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'more_asked', 'accepted', 'rejected', 'done', 'revoked')),
    override_reason TEXT,
    -- Users' ids, not references: a user of an organisation that leaves is deleted.
    override_by BIGINT,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- The first answer from the receiver (days to respond).
    answered_at BIGINT,
    -- 1 when the receiver changed it since the sender last read it.
    sender_news BIGINT NOT NULL DEFAULT 0,
    -- The case the receiver opened on accepting.
    received_case_id BIGINT REFERENCES cases (id) ON DELETE SET NULL,
    -- The shared subset of the case, the note, an external provider and its letter's languages.
    package_sealed TEXT,
    external_sealed TEXT
);
-- "Referrals in" and "out", newest first, and a case's referrals.
CREATE INDEX referrals_in ON referrals (to_organisation, status, id);
CREATE INDEX referrals_out ON referrals (from_organisation, status, id);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_received ON referrals (received_case_id);

-- Each referral's history, both sides; notes sealed.
CREATE TABLE referral_events (
    id $ID_PK$,
    referral_id BIGINT NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    organisation_id BIGINT REFERENCES organisations (id),
    action TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    service TEXT,
    note_sealed TEXT
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, id);
