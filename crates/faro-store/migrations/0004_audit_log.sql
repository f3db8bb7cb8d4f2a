-- Instance facts (the data key's check value) and the hash-chained audit log. Each chain
-- (the instance's, or one per organisation) is a sequence 1, 2, 3, … whose entries carry an
-- HMAC over the previous entry's HMAC and their own content; the head of each chain is kept
-- apart, so that removing entries from the end is found too.

CREATE TABLE meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id $ID_PK$,
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    mac TEXT NOT NULL,
    UNIQUE (chain, seq)
);

CREATE TABLE audit_heads (
    chain TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    mac TEXT NOT NULL
);
