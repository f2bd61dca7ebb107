-- What each contact import wrote, so that it can be undone as one
-- (`fieldbook import --undo`, `u` in the UI). `stamp` is the import's
-- transaction time, which is the updated_at of every row it wrote: a row
-- whose updated_at differs was changed since.
CREATE TABLE imports (
    id        BLOB PRIMARY KEY,
    source    TEXT NOT NULL,
    stamp     INTEGER NOT NULL,
    undone_at INTEGER
);

-- One row per record: kind 'organization', 'contact' or 'note' for a
-- record the import created; 'merged' for a contact already in the book
-- that took in a record, with `before` the contact as it was (JSON).
CREATE TABLE import_records (
    import_id BLOB NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    record_id BLOB NOT NULL,
    before    TEXT,
    PRIMARY KEY (import_id, kind, record_id)
) WITHOUT ROWID;
