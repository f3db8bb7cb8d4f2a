-- Releases for the public (`faro publish`): what an organisation made, kept so that it can
-- choose which ones the public page `/data` shows. A release's files are stored whole; it is
-- private until an admin of its organisation makes it public.
CREATE TABLE releases (
    id $ID_PK$,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    created_at BIGINT NOT NULL,
    public INTEGER NOT NULL DEFAULT 0,
    records BIGINT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX releases_organisation ON releases (organisation_id);
CREATE TABLE release_files (
    release_id BIGINT NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    data $BYTES$ NOT NULL,
    PRIMARY KEY (release_id, name)
);
