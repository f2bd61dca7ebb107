-- What is being typed and not yet saved: one draft per kind of editor,
-- rewritten as the person types, removed when the record is saved or the
-- editor is closed on purpose. After a crash, the next start offers it back.
CREATE TABLE drafts (
    slot       TEXT PRIMARY KEY NOT NULL,
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    updated_at INTEGER NOT NULL
) STRICT;
