-- An organisation that leaves keeps its row and its audit chain (the law may require the
-- trail) while its data, users and reports are deleted: `removed_at` says when, and a removed
-- organisation takes no new data, users or sign-ins.
ALTER TABLE organisations ADD COLUMN removed_at BIGINT;

-- An organisation's own settings, changed by its admins in a page (each change audited in its
-- chain): how long its closed reports are kept, when shorter than the instance's period, and
-- the addresses (one per line) e-mailed when an urgent report arrives.
CREATE TABLE organisation_settings (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id),
    retention_days BIGINT,
    notify_to TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);
