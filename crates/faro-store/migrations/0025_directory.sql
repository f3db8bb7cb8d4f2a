-- The directory of service providers, as Open Referral's HSDS 3.0 describes them. Each
-- organisation keeps its own entries (`owner_id`); HSDS ids are unique on the instance, so the
-- public HSDS API names each object once. Documents are HSDS JSON kept whole; what Faro
-- searches by is in columns beside them. An entry's `audience` says who finds it, a
-- location's who reads its address: a confidential location's document is sealed with the
-- data key and its point kept in clear only to a tenth of a degree.
CREATE TABLE directory_organizations (
    id $ID_PK$,
    owner_id BIGINT NOT NULL REFERENCES organisations (id),
    hsds_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    document TEXT NOT NULL,
    changed_at BIGINT NOT NULL
);

CREATE TABLE directory_locations (
    id $ID_PK$,
    owner_id BIGINT NOT NULL REFERENCES organisations (id),
    hsds_id TEXT NOT NULL UNIQUE,
    audience TEXT NOT NULL CHECK (audience IN ('public', 'partners', 'confidential')),
    -- Micro-degrees (a tenth of a degree for confidential locations).
    latitude BIGINT,
    longitude BIGINT,
    document TEXT,
    sealed TEXT,
    changed_at BIGINT NOT NULL,
    CHECK ((document IS NULL) <> (sealed IS NULL))
);
CREATE INDEX directory_locations_point ON directory_locations (latitude, longitude);

CREATE TABLE directory_services (
    id $ID_PK$,
    owner_id BIGINT NOT NULL REFERENCES organisations (id),
    hsds_id TEXT NOT NULL UNIQUE,
    organization_id BIGINT NOT NULL REFERENCES directory_organizations (id),
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    audience TEXT NOT NULL CHECK (audience IN ('public', 'partners', 'confidential')),
    -- The needs met, as bits of the case vocabulary `service`.
    needs BIGINT NOT NULL,
    -- ISO 639 codes, each between spaces (` en es `), so one LIKE finds a language.
    languages TEXT NOT NULL,
    minimum_age INTEGER,
    maximum_age INTEGER,
    assured_day TEXT,
    beds_free INTEGER,
    beds_updated TEXT,
    document TEXT NOT NULL,
    -- sha256 of the entry as last read: a re-import of an unchanged entry changes nothing.
    digest TEXT NOT NULL,
    changed_at BIGINT NOT NULL,
    -- Set when a re-import of its owner's feed no longer holds it.
    vanished_at BIGINT
);
CREATE INDEX directory_services_owner ON directory_services (owner_id, vanished_at);
CREATE INDEX directory_services_audience ON directory_services (audience, vanished_at, hsds_id);

-- A service offered at a location (HSDS's service_at_location), with a copy of what a
-- search by distance filters by (the location's point, the service's needs, languages,
-- ages, beds, audience and keeper), so that a search reads one index range and no other
-- row; rewritten with its service's entry, marked vanished with it.
CREATE TABLE directory_places (
    id $ID_PK$,
    hsds_id TEXT NOT NULL UNIQUE,
    service_id BIGINT NOT NULL REFERENCES directory_services (id) ON DELETE CASCADE,
    location_id BIGINT NOT NULL REFERENCES directory_locations (id),
    document TEXT NOT NULL,
    latitude BIGINT,
    longitude BIGINT,
    owner_id BIGINT NOT NULL,
    audience TEXT NOT NULL,
    location_audience TEXT NOT NULL,
    status TEXT NOT NULL,
    needs BIGINT NOT NULL,
    languages TEXT NOT NULL,
    minimum_age INTEGER,
    maximum_age INTEGER,
    beds_free INTEGER,
    vanished_at BIGINT
);
CREATE INDEX directory_places_service ON directory_places (service_id);
CREATE INDEX directory_places_location ON directory_places (location_id);
CREATE INDEX directory_places_point ON directory_places (latitude, longitude, needs, audience, owner_id);
