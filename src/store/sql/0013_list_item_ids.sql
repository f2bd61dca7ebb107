-- Sets and lists merged item by item between books (issue 17; src/sync/sets.rs).

-- A contact's phones and e-mails get ids derived from what they hold
-- (domain::item_id): two desks adding the same number make the same item;
-- `position` stays, as the order they are shown in. The rows are copied
-- (computing the ids needs the phone normaliser, in Rust) by
-- store::list_item_ids, which then replaces the old tables with these.
CREATE TABLE contact_phones_v13 (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    contact_id  BLOB NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    value       TEXT NOT NULL,
    digits      TEXT NOT NULL    -- the number without punctuation, for matching
) STRICT, WITHOUT ROWID;

CREATE TABLE contact_emails_v13 (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    contact_id  BLOB NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    value       TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- The last add or removal of each item of a set, and of each element of a
-- set kept as a JSON array (tags, languages): `item` is '' for a row of a
-- list or link table, `column || char(31) || element` for an element.
-- A removal stays here as a tombstone (present = 0), so an older add that
-- arrives later cannot bring the item back.
CREATE TABLE sync_items (
    tbl      TEXT NOT NULL,
    row_key  BLOB NOT NULL,
    item     TEXT NOT NULL,
    clock    INTEGER NOT NULL,
    replica  BLOB NOT NULL,
    present  INTEGER NOT NULL CHECK (present IN (0, 1)),
    PRIMARY KEY (tbl, row_key, item)
) STRICT, WITHOUT ROWID;

-- A JSON array column whose merged value is not any one desk's write:
-- the winning write as it was written (its order is kept for what it holds).
CREATE TABLE sync_set_written (
    tbl      TEXT NOT NULL,
    row_key  BLOB NOT NULL,
    col      TEXT NOT NULL,
    clock    INTEGER NOT NULL,
    replica  BLOB NOT NULL,
    written  TEXT NOT NULL,
    PRIMARY KEY (tbl, row_key, col)
) STRICT, WITHOUT ROWID;
