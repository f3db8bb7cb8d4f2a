-- How staff are shown to colleagues (conversations, notes, the audit page): a name or a
-- pseudonym each user or their admin chooses. Empty means "not chosen yet": pages then show
-- the part of the e-mail before the @.
ALTER TABLE users ADD COLUMN display_name TEXT;

-- Who on the staff is looking after a report (an operator or admin of its organisation).
ALTER TABLE reports ADD COLUMN assignee BIGINT REFERENCES users (id);
CREATE INDEX reports_assignee ON reports (organisation_id, assignee);
