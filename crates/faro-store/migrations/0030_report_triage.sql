-- What triage suggested for each report, as the job runner last read it (`faro_triage` over
-- the reporter's own messages), so that the inbox filters by suggested form of exploitation
-- and by the language the text is written in, and puts urgent-looking reports first, without
-- reading every text on every page. Derived data: deleted with its report, re-made when the
-- reporter writes again (`triage_read_to`, the last of their messages read) or when the model
-- that read it changes (`triage_model`: the organisation's model's `trained_at`, 0 for the
-- shipped one). Columns are prefixed so that they never clash with `reports`' in the inbox's
-- join.
--
-- Whether triage reads a report as urgent is kept on the report itself, so that one index
-- serves the inbox's order (flagged or looking urgent first, then newest) on large inboxes.
ALTER TABLE reports ADD COLUMN looks_urgent BIGINT NOT NULL DEFAULT 0;
CREATE INDEX reports_first ON reports
    (organisation_id, (CASE WHEN urgent = 1 OR looks_urgent = 1 THEN 1 ELSE 0 END), id);
CREATE TABLE report_triage (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    triage_read_to BIGINT NOT NULL,
    triage_model BIGINT NOT NULL,
    -- en, es, fr or other: what the text is written in, which may not be the form's language.
    triage_language TEXT NOT NULL,
    triage_likely BIGINT NOT NULL,
    triage_score DOUBLE PRECISION NOT NULL,
    -- Bit set of suggested HTCDS types of exploitation, as `reports.modality`.
    triage_modality BIGINT NOT NULL,
    -- The personal data found (kind and normalised value, JSON), sealed with the data key:
    -- what linking people across sources will compare.
    findings TEXT NOT NULL
);
CREATE INDEX report_triage_language ON report_triage (triage_language);
