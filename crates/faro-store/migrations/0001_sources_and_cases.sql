-- Sources (one per imported file or generated batch) and case records.
-- Portable SQL for SQLite and PostgreSQL; `$ID_PK$` is the only dialect token (see migrate.rs).

CREATE TABLE sources (
    id $ID_PK$,
    name TEXT NOT NULL,
    file_name TEXT,
    sha256 TEXT NOT NULL,
    layout TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('import', 'demo')),
    status TEXT NOT NULL CHECK (status IN ('importing', 'complete')),
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    rows_read BIGINT NOT NULL DEFAULT 0,
    rows_imported BIGINT NOT NULL DEFAULT 0,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    derived_mismatches BIGINT NOT NULL DEFAULT 0,
    -- Bumped whenever the source's visible records change, so in-memory indexes can tell.
    revision BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sources_sha256 ON sources (sha256);
CREATE INDEX sources_status ON sources (status);

-- Vocabulary values are stored as Faro's stable codes; flag groups as two bit masks
-- (`_known`: which flags have a value, `_set`: which of those are yes), bit = position of the
-- value in the vocabulary (faro-domain's vocab.rs).
CREATE TABLE cases (
    id $ID_PK$,
    source_id BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    year INTEGER,
    datasource TEXT,
    gender TEXT,
    age TEXT,
    majority TEXT,
    majority_exploit TEXT,
    majority_entry TEXT,
    citizenship TEXT,
    exploitation_country TEXT,
    traffick_months TEXT,
    exploitation_known INTEGER NOT NULL,
    exploitation_set INTEGER NOT NULL,
    labour_known INTEGER NOT NULL,
    labour_set INTEGER NOT NULL,
    sex_known INTEGER NOT NULL,
    sex_set INTEGER NOT NULL,
    means_detail_known INTEGER NOT NULL,
    means_detail_set INTEGER NOT NULL,
    means_known INTEGER NOT NULL,
    means_set INTEGER NOT NULL,
    recruiter_known INTEGER NOT NULL,
    recruiter_set INTEGER NOT NULL,
    abduction INTEGER,
    -- Derived from the flags (Case::modalities), stored so SQL filters stay simple.
    modality_set INTEGER NOT NULL
);
-- Indexes serve record lists and exports; aggregates come from the in-memory index. Only
-- selective filter columns are indexed: a scan in id order finds a page of a low-cardinality
-- value (gender: 3 values, year: ~25) as fast as an index would, and every index costs about
-- a second per million imported rows.
CREATE INDEX cases_source ON cases (source_id);
CREATE INDEX cases_citizenship ON cases (citizenship);
CREATE INDEX cases_exploitation_country ON cases (exploitation_country);
