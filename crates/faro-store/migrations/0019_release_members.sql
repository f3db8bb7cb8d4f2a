-- A release keeps the ids of the records it was made from, sealed with the data key, so that
-- erasing a record withdraws every release that holds it. Releases made before have no list:
-- an erasure in their organisation withdraws them too (they may hold the record).
ALTER TABLE releases ADD COLUMN members $BYTES$;
ALTER TABLE releases ADD COLUMN withdrawn_at BIGINT;
