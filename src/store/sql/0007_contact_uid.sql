-- The vCard UID a contact was imported with: kept so a re-import of the
-- same file, or of an export, finds the contact again. Data, not a key:
-- two contacts may carry the same UID (nothing is refused for it).
ALTER TABLE contacts ADD COLUMN uid TEXT;
CREATE INDEX contacts_by_uid ON contacts (uid) WHERE uid IS NOT NULL;
