-- Statistical disclosure control (the cell key method): every record carries a random key in
-- [0, 2^32); the key of a cell is the sum of its records' keys, so the same set of people gets
-- the same perturbation however a query selects them. Existing records get their key here.
ALTER TABLE records ADD COLUMN record_key BIGINT NOT NULL DEFAULT 0;
UPDATE records SET record_key = $RANDOM_U32$;

-- Controlled aggregate queries each reader (a user, whatever token or session they use) has
-- asked per UTC day, against the instance's daily budget.
CREATE TABLE query_budget (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day BIGINT NOT NULL,
    used BIGINT NOT NULL,
    PRIMARY KEY (user_id, day)
);
