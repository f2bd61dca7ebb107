-- fieldbook schema, version 1.
-- Ids are UUIDv7 as 16-byte BLOBs; instants are UTC Unix milliseconds;
-- calendar dates are 'YYYY-MM-DD' text (sortable and readable in sqlite3).
-- Lists of short strings (tags, languages) are JSON arrays.
-- Rows are never deleted by the application: `deleted_at` marks the trash.

CREATE TABLE organizations (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    sort_key    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    country     TEXT,
    city        TEXT,
    website     TEXT,
    tags        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
) STRICT;
CREATE INDEX organizations_by_name ON organizations (sort_key) WHERE deleted_at IS NULL;

CREATE TABLE contacts (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    display_name    TEXT NOT NULL CHECK (length(trim(display_name)) > 0),
    sort_key        TEXT NOT NULL,
    native_name     TEXT,
    reading         TEXT,
    organization_id BLOB REFERENCES organizations (id),
    role            TEXT,
    languages       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages)),
    country         TEXT,
    city            TEXT,
    tags            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER
) STRICT;
CREATE INDEX contacts_by_name ON contacts (sort_key) WHERE deleted_at IS NULL;
CREATE INDEX contacts_by_org ON contacts (organization_id) WHERE organization_id IS NOT NULL;

CREATE TABLE contact_phones (
    contact_id  BLOB NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    value       TEXT NOT NULL,
    digits      TEXT NOT NULL,   -- the number without punctuation, for matching
    PRIMARY KEY (contact_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_phones_by_digits ON contact_phones (digits);

CREATE TABLE contact_emails (
    contact_id  BLOB NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL DEFAULT '',
    value       TEXT NOT NULL,
    PRIMARY KEY (contact_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_emails_by_value ON contact_emails (lower(value));

CREATE TABLE projects (
    id                  BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    ref_code            TEXT,
    title               TEXT NOT NULL CHECK (length(trim(title)) > 0),
    sort_key            TEXT NOT NULL,
    implementing_org_id BLOB REFERENCES organizations (id),
    host_country        TEXT,
    site                TEXT,
    sector              TEXT,
    programme_type      TEXT,
    start_date          TEXT CHECK (start_date IS NULL OR date(start_date) IS start_date),
    end_date            TEXT CHECK (end_date IS NULL OR date(end_date) IS end_date),
    budget_hundredths   INTEGER CHECK (budget_hundredths IS NULL OR budget_hundredths >= 0),
    budget_currency     TEXT CHECK (budget_currency IS NULL OR length(budget_currency) = 3),
    summary             TEXT,
    status              TEXT NOT NULL,
    status_rank         INTEGER NOT NULL,  -- pipeline position, for sorting
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER,
    CHECK ((budget_hundredths IS NULL) = (budget_currency IS NULL)),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX projects_by_status ON projects (status_rank, sort_key) WHERE deleted_at IS NULL;
CREATE INDEX projects_by_ref ON projects (ref_code) WHERE ref_code IS NOT NULL;
CREATE INDEX projects_by_org ON projects (implementing_org_id) WHERE implementing_org_id IS NOT NULL;

CREATE TABLE project_partners (
    project_id      BLOB NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (project_id, organization_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_partners_by_org ON project_partners (organization_id);

CREATE TABLE project_status_history (
    id          BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    project_id  BLOB NOT NULL REFERENCES projects (id),
    from_status TEXT,
    to_status   TEXT NOT NULL,
    changed_at  INTEGER NOT NULL,
    reason      TEXT
) STRICT;
CREATE INDEX status_history_by_project ON project_status_history (project_id, changed_at);
-- The history is a record of what happened: it is only ever appended to.
CREATE TRIGGER status_history_no_update BEFORE UPDATE ON project_status_history
BEGIN SELECT RAISE(ABORT, 'project status history is append-only'); END;
CREATE TRIGGER status_history_no_delete BEFORE DELETE ON project_status_history
BEGIN SELECT RAISE(ABORT, 'project status history is append-only'); END;

CREATE TABLE visits (
    id           BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    date         TEXT NOT NULL CHECK (date(date) IS date),
    place        TEXT,
    purpose      TEXT NOT NULL,
    project_id   BLOB REFERENCES projects (id),
    observations TEXT NOT NULL DEFAULT '',
    issues       TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER
) STRICT;
CREATE INDEX visits_by_date ON visits (date DESC, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX visits_by_project ON visits (project_id, date) WHERE project_id IS NOT NULL;

CREATE TABLE visit_participants (
    visit_id    BLOB NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    contact_id  BLOB NOT NULL REFERENCES contacts (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (visit_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX visit_participants_by_contact ON visit_participants (contact_id);

CREATE TABLE follow_ups (
    id               BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    text             TEXT NOT NULL CHECK (length(trim(text)) > 0),
    owner_contact_id BLOB REFERENCES contacts (id),  -- NULL: the officer
    due_date         TEXT CHECK (due_date IS NULL OR date(due_date) IS due_date),
    done_at          INTEGER,
    visit_id         BLOB REFERENCES visits (id),
    project_id       BLOB REFERENCES projects (id),
    contact_id       BLOB REFERENCES contacts (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    deleted_at       INTEGER
) STRICT;
CREATE INDEX follow_ups_open_by_due ON follow_ups (due_date) WHERE done_at IS NULL AND deleted_at IS NULL;
CREATE INDEX follow_ups_by_visit ON follow_ups (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX follow_ups_by_project ON follow_ups (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX follow_ups_by_contact ON follow_ups (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX follow_ups_by_owner ON follow_ups (owner_contact_id) WHERE owner_contact_id IS NOT NULL;

-- A note hangs on exactly one record; one column per kind keeps real foreign keys.
CREATE TABLE notes (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    organization_id BLOB REFERENCES organizations (id),
    contact_id      BLOB REFERENCES contacts (id),
    project_id      BLOB REFERENCES projects (id),
    visit_id        BLOB REFERENCES visits (id),
    body            TEXT NOT NULL CHECK (length(trim(body)) > 0),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    CHECK ((organization_id IS NOT NULL) + (contact_id IS NOT NULL)
         + (project_id IS NOT NULL) + (visit_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX notes_on_organization ON notes (organization_id, created_at) WHERE organization_id IS NOT NULL;
CREATE INDEX notes_on_contact ON notes (contact_id, created_at) WHERE contact_id IS NOT NULL;
CREATE INDEX notes_on_project ON notes (project_id, created_at) WHERE project_id IS NOT NULL;
CREATE INDEX notes_on_visit ON notes (visit_id, created_at) WHERE visit_id IS NOT NULL;
