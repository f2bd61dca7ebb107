-- The head-office hub (issue 18; src/hub/). Version 1.
--
-- What desks push: the bundles as received (audit, replay), each
-- changeset once by (replica, seq) (what pulls return), and its per-field
-- operations keyed by (replica, seq, item). Inserting operations updates
-- the read tables (the current merged state, same per-field rule as the
-- desks) in the pushing transaction, through a trigger that runs as the
-- hub's owner: desk roles may only INSERT and SELECT (see `hub_desk`).

CREATE TABLE hub.meta (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version     integer NOT NULL,
    -- The hub's own replica id: the "sender" of what a desk pulls.
    hub_replica uuid NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Each push batch as it arrived: encrypted with the offices' passphrase
-- (plain only when the desk had none and said --plain).
CREATE TABLE hub.bundles (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now(),
    pushed_by   name NOT NULL DEFAULT current_user,
    sender      uuid NOT NULL,
    desk        text NOT NULL,
    schema      integer NOT NULL,
    encrypted   boolean NOT NULL,
    entries     integer NOT NULL,
    bytes       bytea NOT NULL
);

-- Every changeset once: a repeated push inserts nothing (ON CONFLICT DO
-- NOTHING on the key).
CREATE TABLE hub.changesets (
    replica     uuid NOT NULL,
    seq         bigint NOT NULL CHECK (seq > 0),
    clock       bigint NOT NULL,
    schema      integer NOT NULL,
    bases       text NOT NULL,
    changeset   bytea NOT NULL,
    hash        bytea NOT NULL,
    bundle_id   bigint NOT NULL REFERENCES hub.bundles,
    pushed_by   name NOT NULL DEFAULT current_user,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (replica, seq)
);
-- Pulls read in clock order.
CREATE INDEX changesets_by_clock ON hub.changesets (clock, replica, seq);

-- File contents the pushed changesets attach, once each (desks keep them
-- out of their change logs and carry them beside it: src/sync/blobs.rs);
-- pulls send them with the changesets that attach them.
CREATE TABLE hub.files (
    sha256      bytea PRIMARY KEY CHECK (length(sha256) = 32),
    data        bytea NOT NULL,
    pushed_by   name NOT NULL DEFAULT current_user,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- A changeset decoded: one row per field an update sets ('set'), one per
-- row created ('create', value: the whole row as a JSON object) or
-- removed ('delete'). Values as JSON: ids as uuid strings, other blobs as
-- '\x..' hex, numbers and text as themselves.
CREATE TABLE hub.operations (
    replica      uuid NOT NULL,
    seq          bigint NOT NULL,
    item         integer NOT NULL,
    clock        bigint NOT NULL,
    tbl          text NOT NULL,
    row_key      bytea NOT NULL,
    row_id       uuid,
    kind         text NOT NULL CHECK (kind IN ('create', 'set', 'delete')),
    col          text,
    value        jsonb,
    base_clock   bigint,
    base_replica uuid,
    pushed_by    name NOT NULL DEFAULT current_user,
    PRIMARY KEY (replica, seq, item),
    FOREIGN KEY (replica, seq) REFERENCES hub.changesets
);
CREATE INDEX operations_by_row ON hub.operations (tbl, row_id);
-- A project's status history, for hub.derive_status.
CREATE INDEX operations_status_history ON hub.operations ((value ->> 'project_id'))
    WHERE tbl = 'project_status_history' AND kind = 'create';

-- The highest sequence the hub holds of each replica (kept by a trigger):
-- a push sends what lies above it.
CREATE TABLE hub.cursors (
    replica uuid PRIMARY KEY,
    seq     bigint NOT NULL
);

-- Per-field versions of the read tables, as field_versions on a desk.
CREATE TABLE hub.field_versions (
    tbl          text NOT NULL,
    row_key      bytea NOT NULL,
    col          text NOT NULL,
    clock        bigint NOT NULL,
    replica      uuid NOT NULL,
    base_clock   bigint,
    base_replica uuid,
    PRIMARY KEY (tbl, row_key, col)
);

-- Same-field races, as `fieldbook sync conflicts` lists them on a desk.
-- resolved_at: a later edit made from the kept value arrived.
CREATE TABLE hub.conflicts (
    tbl          text NOT NULL,
    row_key      bytea NOT NULL,
    row_id       uuid,
    col          text NOT NULL,
    kept_clock   bigint NOT NULL,
    kept_replica uuid NOT NULL,
    kept_value   jsonb,
    lost_clock   bigint NOT NULL,
    lost_replica uuid NOT NULL,
    lost_value   jsonb,
    found_at     timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    PRIMARY KEY (tbl, row_key, col, lost_clock, lost_replica)
);

-- The read tables: the desks' records, columns as in the book (ids as
-- uuid, times as milliseconds since 1970, dates as ISO text).
CREATE TABLE hub.organizations (
    id uuid PRIMARY KEY, name text, sort_key text COLLATE "C", kind text, country text,
    city text, website text, tags text, created_at bigint, updated_at bigint,
    deleted_at bigint
);
CREATE TABLE hub.contacts (
    id uuid PRIMARY KEY, display_name text, sort_key text COLLATE "C", native_name text,
    reading text, organization_id uuid, role text, languages text,
    country text, city text, tags text, created_at bigint, updated_at bigint,
    deleted_at bigint, uid text, nickname text
);
CREATE TABLE hub.projects (
    id uuid PRIMARY KEY, ref_code text, title text, sort_key text,
    implementing_org_id uuid, host_country text, site text, sector text,
    programme_type text, start_date text, end_date text,
    budget_hundredths bigint, budget_currency text, summary text,
    status text, status_rank bigint, created_at bigint, updated_at bigint,
    deleted_at bigint
);
CREATE TABLE hub.visits (
    id uuid PRIMARY KEY, date text, place text, purpose text,
    project_id uuid, observations text, issues text, created_at bigint,
    updated_at bigint, deleted_at bigint
);
CREATE TABLE hub.follow_ups (
    id uuid PRIMARY KEY, text text, owner_contact_id uuid, due_date text,
    done_at bigint, visit_id uuid, project_id uuid, contact_id uuid,
    created_at bigint, updated_at bigint, deleted_at bigint,
    consultation_id uuid, event_id uuid
);
CREATE TABLE hub.consultations (
    id uuid PRIMARY KEY, date text, channel text, topic text,
    organization_id uuid, project_id uuid, summary text, advice text,
    minutes bigint, created_at bigint, updated_at bigint, deleted_at bigint
);
CREATE TABLE hub.events (
    id uuid PRIMARY KEY, title text, kind text, start_date text,
    end_date text, start_time text, end_time text, place text,
    online bigint, organizer_org_id uuid, project_id uuid, agenda text,
    created_at bigint, updated_at bigint, deleted_at bigint
);
CREATE TABLE hub.deliverables (
    id uuid PRIMARY KEY, project_id uuid, kind text, title text,
    period_end text, due_date text, submitter_org_id uuid,
    submitter_contact_id uuid, status text, submitted_on text,
    accepted_on text, note text, created_at bigint, updated_at bigint,
    deleted_at bigint
);

-- Head office's usual questions: a country's people of one organization,
-- names by prefix. sort_key is the book's folded name ('ndeye mbaye' for
-- Ndèye Mbaye), in the C collation so that one index serves both
-- `sort_key LIKE 'mba%'` and `ORDER BY sort_key`; display_name LIKE
-- 'Mba%' uses text_pattern_ops, which works in any database collation.
CREATE INDEX contacts_country_org ON hub.contacts (country, organization_id);
CREATE INDEX contacts_name_prefix ON hub.contacts (sort_key);
CREATE INDEX contacts_display_name_prefix ON hub.contacts (display_name text_pattern_ops);
CREATE INDEX organizations_name_prefix ON hub.organizations (sort_key);
CREATE INDEX contacts_org ON hub.contacts (organization_id);
CREATE INDEX projects_country_status ON hub.projects (host_country, status);
CREATE INDEX visits_project ON hub.visits (project_id, date);

-- Which tables the operations keep up to date.
CREATE FUNCTION hub.is_read_table(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT t IN ('organizations', 'contacts', 'projects', 'visits',
                 'follow_ups', 'consultations', 'events', 'deliverables')
$$;

-- Columns computed from others: follow their change, never a conflict.
CREATE FUNCTION hub.is_derived(t text, c text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT c = 'sort_key' OR (t = 'contact_phones' AND c = 'digits')
        OR (t = 'projects' AND c = 'status_rank')
$$;

CREATE FUNCTION hub.has_column(t text, c text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_attribute
                   WHERE attrelid = format('hub.%I', t)::regclass
                     AND attname = c AND attnum > 0 AND NOT attisdropped)
$$;

-- Sets one field of a read-table row to a JSON value, converted to the
-- column's type.
CREATE FUNCTION hub.set_field(t text, id uuid, c text, v jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE hub.%I SET %I = (jsonb_populate_record(NULL::hub.%I, $1)).%I WHERE id = $2',
                   t, c, t, c)
    USING jsonb_build_object(c, v), id;
END $$;

-- One field of a received change, by the desks' rule (src/sync/apply.rs):
-- we have its version: nothing; ours is its base: a later edit, taken;
-- ours was made from it: superseded; else a race: the higher (clock,
-- replica) wins and the loser is recorded, unless equal or derived.
CREATE FUNCTION hub.merge_field(o hub.operations, c text, v jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    cur hub.field_versions;
    have boolean;
    ours jsonb;
    theirs_wins boolean;
    base_matches boolean;
BEGIN
    IF NOT hub.has_column(o.tbl, c) OR c = 'id' THEN
        RETURN;
    END IF;
    -- A project's status comes from its merged history (hub.derive_status),
    -- as on the desks (src/sync/status_merge.rs): never merged as a field.
    IF o.tbl = 'projects' AND c IN ('status', 'status_rank') THEN
        RETURN;
    END IF;
    IF c = 'updated_at' THEN
        EXECUTE format('UPDATE hub.%I SET updated_at = greatest(updated_at, ($1 #>> ''{}'')::bigint) WHERE id = $2', o.tbl)
        USING v, o.row_id;
        RETURN;
    END IF;
    SELECT * INTO cur FROM hub.field_versions f
     WHERE f.tbl = o.tbl AND f.row_key = o.row_key AND f.col = c;
    have := FOUND;
    IF have AND ((cur.clock, cur.replica) = (o.clock, o.replica)
                  OR (cur.base_clock, cur.base_replica) IS NOT DISTINCT FROM (o.clock, o.replica)) THEN
        RETURN;
    END IF;
    IF have THEN
        base_matches := (cur.clock, cur.replica) IS NOT DISTINCT FROM (o.base_clock, o.base_replica);
    ELSE
        base_matches := o.base_clock IS NULL;
    END IF;
    IF NOT base_matches THEN
        EXECUTE format('SELECT to_jsonb(%I) FROM hub.%I WHERE id = $1', c, o.tbl)
        INTO ours USING o.row_id;
    END IF;
    theirs_wins := base_matches OR cur.clock IS NULL
        OR (o.clock, o.replica) > (cur.clock, cur.replica);
    IF theirs_wins THEN
        PERFORM hub.set_field(o.tbl, o.row_id, c, v);
        INSERT INTO hub.field_versions AS f VALUES (o.tbl, o.row_key, c, o.clock, o.replica, o.base_clock, o.base_replica)
        ON CONFLICT (tbl, row_key, col) DO UPDATE SET clock = excluded.clock, replica = excluded.replica,
            base_clock = excluded.base_clock, base_replica = excluded.base_replica;
        UPDATE hub.conflicts k SET resolved_at = now()
         WHERE k.tbl = o.tbl AND k.row_key = o.row_key AND k.col = c AND k.resolved_at IS NULL
           AND (k.kept_clock, k.kept_replica) = (o.base_clock, o.base_replica);
    END IF;
    IF base_matches OR ours IS NOT DISTINCT FROM v OR hub.is_derived(o.tbl, c) THEN
        RETURN;
    END IF;
    IF theirs_wins THEN
        INSERT INTO hub.conflicts (tbl, row_key, row_id, col, kept_clock, kept_replica, kept_value,
                                   lost_clock, lost_replica, lost_value)
        VALUES (o.tbl, o.row_key, o.row_id, c, o.clock, o.replica, v,
                coalesce(cur.clock, 0), coalesce(cur.replica, '00000000-0000-0000-0000-000000000000'), ours)
        ON CONFLICT DO NOTHING;
    ELSE
        INSERT INTO hub.conflicts (tbl, row_key, row_id, col, kept_clock, kept_replica, kept_value,
                                   lost_clock, lost_replica, lost_value)
        VALUES (o.tbl, o.row_key, o.row_id, c, cur.clock, cur.replica, ours,
                o.clock, o.replica, v)
        ON CONFLICT DO NOTHING;
    END IF;
END $$;

-- A project's status and rank from its merged history: the latest change
-- by date and time, then clock and replica (src/sync/status_merge.rs); the
-- rank is the status's place in the pipeline (domain::ProjectStatus::ALL).
CREATE FUNCTION hub.derive_status(project uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    latest text;
BEGIN
    SELECT h.value ->> 'to_status' INTO latest FROM hub.operations h
     WHERE h.tbl = 'project_status_history' AND h.kind = 'create'
       AND h.value ->> 'project_id' = project::text
     ORDER BY (h.value ->> 'changed_at')::bigint DESC, h.clock DESC, h.replica DESC
     LIMIT 1;
    IF latest IS NULL THEN
        RETURN;
    END IF;
    UPDATE hub.projects SET status = latest,
           status_rank = array_position(ARRAY['idea', 'consultation', 'proposal', 'under_review',
               'approved', 'in_progress', 'completed', 'evaluated', 'suspended', 'cancelled'], latest) - 1
     WHERE id = project AND status IS DISTINCT FROM latest;
END $$;

CREATE FUNCTION hub.apply_operation(o hub.operations) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    fresh integer;
    field record;
    present boolean;
BEGIN
    IF o.tbl = 'project_status_history' AND o.kind = 'create' THEN
        PERFORM hub.derive_status((o.value ->> 'project_id')::uuid);
        RETURN;
    END IF;
    IF NOT hub.is_read_table(o.tbl) OR o.row_id IS NULL THEN
        RETURN;
    END IF;
    IF o.kind = 'delete' THEN
        EXECUTE format('DELETE FROM hub.%I WHERE id = $1', o.tbl) USING o.row_id;
        RETURN;
    END IF;
    IF o.kind = 'create' THEN
        EXECUTE format('INSERT INTO hub.%I SELECT * FROM jsonb_populate_record(NULL::hub.%I, $1) ON CONFLICT (id) DO NOTHING',
                       o.tbl, o.tbl)
        USING o.value;
        GET DIAGNOSTICS fresh = ROW_COUNT;
        IF fresh = 0 THEN
            -- Made apart on two books: merge field by field.
            FOR field IN SELECT key, value FROM jsonb_each(o.value) LOOP
                PERFORM hub.merge_field(o, field.key, field.value);
            END LOOP;
        END IF;
        RETURN;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM hub.%I WHERE id = $1)', o.tbl)
    INTO present USING o.row_id;
    IF present THEN
        PERFORM hub.merge_field(o, o.col, o.value);
    END IF;
END $$;

-- Runs as the hub's owner: desks never write the read tables themselves.
CREATE FUNCTION hub.operations_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    o hub.operations;
BEGIN
    FOR o IN SELECT * FROM new_operations ORDER BY clock, replica, seq, item LOOP
        PERFORM hub.apply_operation(o);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER operations_apply AFTER INSERT ON hub.operations
    REFERENCING NEW TABLE AS new_operations
    FOR EACH STATEMENT EXECUTE FUNCTION hub.operations_inserted();

CREATE FUNCTION hub.changesets_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO hub.cursors AS c (replica, seq)
    SELECT replica, max(seq) FROM new_changesets GROUP BY replica
    ON CONFLICT (replica) DO UPDATE SET seq = greatest(c.seq, excluded.seq);
    RETURN NULL;
END $$;
CREATE TRIGGER changesets_cursor AFTER INSERT ON hub.changesets
    REFERENCING NEW TABLE AS new_changesets
    FOR EACH STATEMENT EXECUTE FUNCTION hub.changesets_inserted();

-- Desks: read everything, insert bundles, changesets and operations (any
-- replica's: bundles are forwarded), never change or remove them.
-- pushed_by is left out of the insert grants: it is always current_user.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_desk') THEN
        CREATE ROLE hub_desk NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA hub TO hub_desk;
GRANT SELECT ON ALL TABLES IN SCHEMA hub TO hub_desk;
GRANT INSERT (sender, desk, schema, encrypted, entries, bytes) ON hub.bundles TO hub_desk;
GRANT INSERT (replica, seq, clock, schema, bases, changeset, hash, bundle_id) ON hub.changesets TO hub_desk;
GRANT INSERT (sha256, data) ON hub.files TO hub_desk;
GRANT INSERT (replica, seq, item, clock, tbl, row_key, row_id, kind, col, value, base_clock, base_replica)
    ON hub.operations TO hub_desk;
