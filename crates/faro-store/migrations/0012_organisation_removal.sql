-- An organisation that leaves keeps its row and its audit chain (the law may require the
-- trail) while its data, users and reports are deleted: `removed_at` says when, and a removed
-- organisation takes no new data, users or sign-ins.
ALTER TABLE organisations ADD COLUMN removed_at BIGINT;
