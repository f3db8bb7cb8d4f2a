-- Background work of every kind (imports and releases from the pages, later cases, linkage,
-- triage): one row a job, claimed by whichever `faro serve` process is free. A process holds
-- a running job's lease and renews it; any process fails a job whose lease ran out (its
-- process died). A job still receiving its upload is queued with a lease held by the process
-- receiving it, and is claimed only once that lease is released.
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    lang TEXT NOT NULL,
    params TEXT NOT NULL,
    state TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    ended_at BIGINT,
    lease_owner TEXT,
    lease_until BIGINT,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    errors_dropped INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX jobs_queue ON jobs (state, created_at);
CREATE INDEX jobs_organisation ON jobs (organisation_id, created_at);
-- What a job reads and writes (`upload`, `errors`), sealed with the data key, in order.
CREATE TABLE job_chunks (
    job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    part TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data $BYTES$ NOT NULL,
    PRIMARY KEY (job_id, part, seq)
);
