-- Report triage learning from an organisation's operators: whether the organisation lets its
-- decided reports train a model of its own (1: yes, the default; 0: no, and its model is gone),
-- and that model, sealed with the data key (its features are words of reports, masked of
-- personal data before training, yet words of reports all the same), with how many decided
-- reports it learned from and its figures on the shipped held-out texts (no personal data).
ALTER TABLE organisations ADD COLUMN triage_learning BIGINT NOT NULL DEFAULT 1;
-- How many decided reports the last training read, whether or not its model was kept (a model
-- no better than the shipped one is not kept): the next is tried once more are decided.
ALTER TABLE organisations ADD COLUMN triage_tried BIGINT NOT NULL DEFAULT 0;
CREATE TABLE triage_models (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    examples BIGINT NOT NULL,
    trained_at BIGINT NOT NULL,
    figures TEXT NOT NULL
);
