-- Users belong to one organisation and act in one role. API tokens are stored as the sha256
-- of their secret (the secret is shown once and never stored): a token is 32 random bytes, so
-- a fast hash is enough, unlike a password.

CREATE TABLE users (
    id $ID_PK$,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    email TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'operator', 'caseworker', 'viewer')),
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id $ID_PK$,
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'operator', 'caseworker', 'viewer')),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
