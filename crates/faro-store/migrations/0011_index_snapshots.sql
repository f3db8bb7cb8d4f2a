-- Snapshots of the analytics index's columns, one per source, so that a restarted server
-- reads one value per source instead of decoding every record. A snapshot is derived data:
-- it is valid only for the source's `revision` and the index's `layout`, and is replaced (or
-- ignored) when either changes; it goes with its source.
CREATE TABLE index_snapshots (
    source_id BIGINT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    layout INTEGER NOT NULL,
    data $BYTES$ NOT NULL
);
