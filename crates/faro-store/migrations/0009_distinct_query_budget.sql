-- The daily budget counts distinct controlled queries: asking the same query again gives the
-- same answer (the cell key method) and costs nothing. Only the query's SHA-256 is kept, never
-- its text. Counts of migration 8 are per day and are not carried over.
DROP TABLE query_budget;
CREATE TABLE query_budget (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    query_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, day, query_hash)
);
