-- A release's files are stored in chunks, as they are written, so that neither making a
-- release of a million records nor downloading one holds a whole file in memory. The files
-- kept whole so far become one chunk each.
CREATE TABLE release_file_chunks (
    release_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    seq BIGINT NOT NULL,
    data $BYTES$ NOT NULL,
    PRIMARY KEY (release_id, name, seq),
    FOREIGN KEY (release_id, name) REFERENCES release_files (release_id, name) ON DELETE CASCADE
);
INSERT INTO release_file_chunks (release_id, name, seq, data)
    SELECT release_id, name, 0, data FROM release_files;
ALTER TABLE release_files DROP COLUMN data;
