-- Sign-in for people: argon2id password hashes (users.password_hash, from migration 3), an
-- optional TOTP second factor whose secret is encrypted with the data key, server-side
-- sessions, one-time set-password links, and case notes encrypted at rest.
-- Session and link secrets are stored as their sha256, like API tokens.

ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
-- The last 30-second step whose code was accepted: a code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

CREATE TABLE sessions (
    id $ID_PK$,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE password_links (
    id $ID_PK$,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE case_notes (
    id $ID_PK$,
    case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    author TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    ciphertext TEXT NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id);
