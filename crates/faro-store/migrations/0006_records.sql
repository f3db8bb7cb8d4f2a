-- "Record" is the word for one victim's HTCDS data; "case" is kept for the case a case worker
-- manages (PRODUCT.md). The tables follow the names. Index names stay as they were: SQLite
-- cannot rename an index, and nothing refers to them by name.
-- Sealed notes bind the literal `case_notes` into their ciphertext (notes.rs): renaming the
-- table does not change it.
ALTER TABLE cases RENAME TO records;
ALTER TABLE case_notes RENAME TO record_notes;
ALTER TABLE record_notes RENAME COLUMN case_id TO record_id;
