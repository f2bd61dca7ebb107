-- The desk's whole job (issue 16): consultations, events with invitees,
-- project deliverables (the reporting calendar), registrations and
-- approvals that expire, and attachments stored inside the book.
-- Same conventions as 0001: UUIDv7 BLOB ids, UTC Unix-millisecond instants,
-- 'YYYY-MM-DD' dates, soft deletion through `deleted_at`.

-- A question an organization brings to the desk.
CREATE TABLE consultations (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    date            TEXT NOT NULL CHECK (date(date) IS date),
    channel         TEXT NOT NULL,   -- domain::consultation::Channel key
    topic           TEXT NOT NULL,   -- domain::consultation::Topic key
    organization_id BLOB REFERENCES organizations (id),
    project_id      BLOB REFERENCES projects (id),
    summary         TEXT NOT NULL CHECK (length(trim(summary)) > 0),
    advice          TEXT NOT NULL DEFAULT '',
    minutes         INTEGER CHECK (minutes IS NULL OR minutes >= 0),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER
) STRICT;
CREATE INDEX consultations_by_date ON consultations (date DESC, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX consultations_by_org ON consultations (organization_id, date) WHERE organization_id IS NOT NULL;

CREATE TABLE consultation_people (
    consultation_id BLOB NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    contact_id      BLOB NOT NULL REFERENCES contacts (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (consultation_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX consultation_people_by_contact ON consultation_people (contact_id);

-- Seminars, forums, trainings, workshops, meetings.
CREATE TABLE events (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind            TEXT NOT NULL,   -- domain::event::EventKind key
    start_date      TEXT NOT NULL CHECK (date(start_date) IS start_date),
    end_date        TEXT CHECK (end_date IS NULL OR date(end_date) IS end_date),
    start_time      TEXT CHECK (start_time IS NULL OR time(start_time) = start_time || ':00'),  -- 'HH:MM'
    end_time        TEXT CHECK (end_time IS NULL OR time(end_time) = end_time || ':00'),
    place           TEXT,
    online          INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    organizer_org_id BLOB REFERENCES organizations (id),   -- NULL: the desk itself
    project_id      BLOB REFERENCES projects (id),
    agenda          TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX events_by_date ON events (start_date DESC, created_at DESC) WHERE deleted_at IS NULL;
CREATE INDEX events_by_project ON events (project_id) WHERE project_id IS NOT NULL;

-- Who was asked to an event, and whether they came: a contact or a whole
-- organization (exactly one), with a status and a role.
CREATE TABLE event_invitees (
    event_id        BLOB NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    invitee_id      BLOB NOT NULL CHECK (length(invitee_id) = 16),  -- = contact_id or organization_id
    contact_id      BLOB REFERENCES contacts (id),
    organization_id BLOB REFERENCES organizations (id),
    status          TEXT NOT NULL DEFAULT 'invited',   -- domain::event::InviteeStatus key
    role            TEXT NOT NULL DEFAULT 'participant', -- domain::event::InviteeRole key
    position        INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (event_id, invitee_id),
    CHECK ((contact_id IS NOT NULL) + (organization_id IS NOT NULL) = 1),
    CHECK (invitee_id IS contact_id OR invitee_id IS organization_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_invitees_by_contact ON event_invitees (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX event_invitees_by_org ON event_invitees (organization_id) WHERE organization_id IS NOT NULL;

-- A project's reporting calendar: what is due to the programme, and when.
CREATE TABLE deliverables (
    id                   BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    project_id           BLOB NOT NULL REFERENCES projects (id),
    kind                 TEXT NOT NULL,   -- domain::deliverable::DeliverableKind key
    title                TEXT,            -- for 'other', or to tell two apart
    period_end           TEXT CHECK (period_end IS NULL OR date(period_end) IS period_end),
    due_date             TEXT NOT NULL CHECK (date(due_date) IS due_date),
    submitter_org_id     BLOB REFERENCES organizations (id),
    submitter_contact_id BLOB REFERENCES contacts (id),
    status               TEXT NOT NULL DEFAULT 'due',  -- domain::deliverable::DeliverableStatus key
    submitted_on         TEXT CHECK (submitted_on IS NULL OR date(submitted_on) IS submitted_on),
    accepted_on          TEXT CHECK (accepted_on IS NULL OR date(accepted_on) IS accepted_on),
    note                 TEXT NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    deleted_at           INTEGER,
    CHECK (accepted_on IS NULL OR submitted_on IS NULL OR accepted_on >= submitted_on)
) STRICT;
CREATE INDEX deliverables_by_project ON deliverables (project_id, due_date) WHERE deleted_at IS NULL;
CREATE INDEX deliverables_open_by_due ON deliverables (due_date) WHERE deleted_at IS NULL AND status IN ('due', 'returned');

-- Registrations, approvals, MoUs, permits: of an organization or of a
-- project (exactly one), with the date they expire.
CREATE TABLE registrations (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    organization_id BLOB REFERENCES organizations (id),
    project_id      BLOB REFERENCES projects (id),
    kind            TEXT NOT NULL,   -- domain::registration::RegistrationKind key
    number          TEXT,
    authority       TEXT,
    issued_on       TEXT CHECK (issued_on IS NULL OR date(issued_on) IS issued_on),
    expires_on      TEXT CHECK (expires_on IS NULL OR date(expires_on) IS expires_on),
    note            TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    CHECK ((organization_id IS NOT NULL) + (project_id IS NOT NULL) = 1),
    CHECK (expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on)
) STRICT;
CREATE INDEX registrations_by_expiry ON registrations (expires_on) WHERE deleted_at IS NULL AND expires_on IS NOT NULL;
CREATE INDEX registrations_by_org ON registrations (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX registrations_by_project ON registrations (project_id) WHERE project_id IS NOT NULL;

-- File contents, stored once per SHA-256 however many records attach them.
CREATE TABLE attachment_blobs (
    sha256 BLOB PRIMARY KEY NOT NULL CHECK (length(sha256) = 32),
    size   INTEGER NOT NULL CHECK (size >= 0),
    data   BLOB NOT NULL CHECK (length(data) = size)
) STRICT, WITHOUT ROWID;

-- A file attached to exactly one record; one column per kind keeps real
-- foreign keys (as notes do).
CREATE TABLE attachments (
    id              BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
    sha256          BLOB NOT NULL REFERENCES attachment_blobs (sha256),
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    media_type      TEXT NOT NULL,
    size            INTEGER NOT NULL CHECK (size >= 0),
    organization_id BLOB REFERENCES organizations (id),
    contact_id      BLOB REFERENCES contacts (id),
    project_id      BLOB REFERENCES projects (id),
    visit_id        BLOB REFERENCES visits (id),
    consultation_id BLOB REFERENCES consultations (id),
    event_id        BLOB REFERENCES events (id),
    deliverable_id  BLOB REFERENCES deliverables (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    CHECK ((organization_id IS NOT NULL) + (contact_id IS NOT NULL) + (project_id IS NOT NULL)
         + (visit_id IS NOT NULL) + (consultation_id IS NOT NULL) + (event_id IS NOT NULL)
         + (deliverable_id IS NOT NULL) = 1)
) STRICT;
CREATE INDEX attachments_by_blob ON attachments (sha256);
CREATE INDEX attachments_on_organization ON attachments (organization_id) WHERE organization_id IS NOT NULL;
CREATE INDEX attachments_on_contact ON attachments (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX attachments_on_project ON attachments (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX attachments_on_visit ON attachments (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX attachments_on_consultation ON attachments (consultation_id) WHERE consultation_id IS NOT NULL;
CREATE INDEX attachments_on_event ON attachments (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX attachments_on_deliverable ON attachments (deliverable_id) WHERE deliverable_id IS NOT NULL;

-- Follow-ups hang on consultations and events too, as on visits.
ALTER TABLE follow_ups ADD COLUMN consultation_id BLOB REFERENCES consultations (id);
ALTER TABLE follow_ups ADD COLUMN event_id BLOB REFERENCES events (id);
CREATE INDEX follow_ups_by_consultation ON follow_ups (consultation_id) WHERE consultation_id IS NOT NULL;
CREATE INDEX follow_ups_by_event ON follow_ups (event_id) WHERE event_id IS NOT NULL;

-- The programme renamed its "local-government type" to "local-activation
-- type". Projects only: organizations keep their own `local_government` kind.
UPDATE projects SET programme_type = 'local_activation' WHERE programme_type = 'local_government';
