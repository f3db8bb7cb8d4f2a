-- Reports: what the public, a hotline call, an SMS or a chat told an organisation, and the
-- conversation that follows. Nothing about the reporter is kept: no address, no agent, times
-- to the hour. What a person typed is sealed with the data key (`sealed`, `ciphertext`,
-- `content`); codes and the country stay in clear for the inbox's filters.
-- Receipt codes and SMS senders are stored only as argon2id hashes under a random salt kept in
-- `meta` (`report_salt`), so a code is found by its hash without scanning and without the
-- data key.

CREATE TABLE reports (
    id $ID_PK$,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    channel TEXT NOT NULL CHECK (channel IN ('web', 'phone', 'sms', 'chat')),
    language TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('new', 'in_review', 'needs_information', 'duplicate', 'promoted', 'closed')),
    urgent INTEGER NOT NULL,
    country TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    happened TEXT,
    people INTEGER,
    -- Bit sets, bit = position in the vocabulary (faro-domain's report.rs and vocab.rs).
    ages BIGINT NOT NULL,
    genders BIGINT NOT NULL,
    signs BIGINT NOT NULL,
    -- HTCDS codes: suggested at intake from the signs and the text, confirmed by staff.
    modality BIGINT NOT NULL,
    means BIGINT NOT NULL,
    contact TEXT NOT NULL,
    -- The place and the way to reach the reporter, in their words.
    sealed TEXT NOT NULL,
    receipt_hash TEXT UNIQUE,
    sender_hash TEXT,
    duplicate_of BIGINT REFERENCES reports (id) ON DELETE SET NULL,
    record_id BIGINT REFERENCES records (id) ON DELETE SET NULL,
    close_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX reports_inbox ON reports (organisation_id, urgent, id);
CREATE INDEX reports_status ON reports (organisation_id, status);
CREATE INDEX reports_sender ON reports (sender_hash);
CREATE INDEX reports_closed ON reports (closed_at);

-- `kind`: the report itself, a message from the reporter, a message from staff to the
-- reporter, or a staff note the reporter never sees.
CREATE TABLE report_messages (
    id $ID_PK$,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('report', 'reporter', 'staff', 'note')),
    author TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ciphertext TEXT NOT NULL
);
CREATE INDEX report_messages_report ON report_messages (report_id);

-- Photos, decoded and re-encoded before they are stored, so no metadata survives.
CREATE TABLE report_attachments (
    id $ID_PK$,
    report_id BIGINT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    message_id BIGINT REFERENCES report_messages (id) ON DELETE CASCADE,
    media_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    content $BYTES$ NOT NULL
);
CREATE INDEX report_attachments_report ON report_attachments (report_id);
