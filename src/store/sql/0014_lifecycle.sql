-- A record's life across books (issue 17; src/sync/tombstones.rs,
-- src/sync/redirects.rs, src/ops/merge.rs).

-- Rows erased for good (`fieldbook purge`): table and primary key (as
-- sync/row_key encodes it), who erased them and when. Synced: receiving a
-- tombstone deletes the row and what depends on it; a later or racing
-- change of that row from any desk is dropped instead of bringing it back.
-- Nothing of the row's values is kept.
CREATE TABLE tombstones (
    tbl       TEXT NOT NULL,
    row_key   BLOB NOT NULL,
    purged_by BLOB NOT NULL CHECK (length(purged_by) = 16),
    purged_at INTEGER NOT NULL,
    PRIMARY KEY (tbl, row_key)
) STRICT, WITHOUT ROWID;

-- A record merged into another (`fieldbook merge`): the one merged away
-- stays in the trash and points at the one kept, so that a later edit of
-- it arriving from another desk lands on the kept one. Synced.
CREATE TABLE redirects (
    tbl     TEXT NOT NULL,
    from_id BLOB NOT NULL CHECK (length(from_id) = 16),
    to_id   BLOB NOT NULL CHECK (length(to_id) = 16),
    PRIMARY KEY (tbl, from_id)
) STRICT, WITHOUT ROWID;

-- The vCard UIDs a contact answers to besides its own (those of the
-- contacts merged into it). Synced.
CREATE TABLE contact_uid_aliases (
    uid        TEXT PRIMARY KEY NOT NULL,
    contact_id BLOB NOT NULL REFERENCES contacts (id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_uid_aliases_by_contact ON contact_uid_aliases (contact_id);

-- The kind of a recorded conflict: NULL for a same-field race;
-- 'edit-vs-trash' for an edit made without seeing that another desk had
-- trashed the record (kept: the trash; lost: the record alive).
ALTER TABLE sync_conflicts ADD COLUMN kind TEXT;

-- Finding a changeset by its version (the edit-vs-trash check reads what
-- a trash or an edit had seen).
CREATE INDEX sync_log_by_clock ON sync_log (replica, clock);
