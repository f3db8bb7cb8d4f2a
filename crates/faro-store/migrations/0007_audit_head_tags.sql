-- Each chain's head carries a tag: an HMAC over the chain, its last sequence number and its
-- last MAC, so that a head cannot be moved back by hand to hide entries cut from the end.
-- Heads written before this migration get their tag at the first start that holds the key.
ALTER TABLE audit_heads ADD COLUMN tag TEXT NOT NULL DEFAULT '';
