-- Organisations own sources (and through them case records). Existing sources, and imports
-- that name no organisation, belong to the default organisation created here (id 1 in both
-- databases, as the table is new).

CREATE TABLE organisations (
    id $ID_PK$,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
INSERT INTO organisations (name, created_at) VALUES ('Default organisation', 0);

ALTER TABLE sources ADD COLUMN organisation_id BIGINT NOT NULL DEFAULT 1 REFERENCES organisations (id);
-- 1: other organisations' aggregates include this source (never their record lists).
ALTER TABLE sources ADD COLUMN share_aggregates INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sources_organisation ON sources (organisation_id);
