-- The head-office hub, version 2, first part (src/hub/): the read tables
-- merge tags and languages element by element as the desks do
-- (src/sync/sets.rs), and the lists and links get read tables of their
-- own; 0002_purges_and_readers.sql follows in the same step.

-- The value a 'set' of a JSON array column replaced: the elements the
-- write added and removed are told from it (without it, a removal could
-- not be told from an element the writer had not seen yet). Only set
-- columns carry it.
ALTER TABLE hub.operations ADD COLUMN old_value jsonb;
GRANT INSERT (old_value) ON hub.operations TO hub_desk;
-- A row's operations by its key (composite keys have no row_id): purges.
CREATE INDEX operations_by_key ON hub.operations (tbl, row_key);

-- Each element's last add or removal (item: column, U+001F, element), as
-- sync_items on a desk: a received add or removal older than the one
-- kept is dropped, so every order of arrival ends the same.
CREATE TABLE hub.items (
    tbl     text NOT NULL,
    row_key bytea NOT NULL,
    item    text NOT NULL,
    clock   bigint NOT NULL,
    replica uuid NOT NULL,
    present boolean NOT NULL,
    PRIMARY KEY (tbl, row_key, item)
);

-- A set column's winning write as written, when the stored value is a
-- merge of it (sync_set_written): the merged value keeps its order.
CREATE TABLE hub.set_written (
    tbl     text NOT NULL,
    row_key bytea NOT NULL,
    col     text NOT NULL,
    clock   bigint NOT NULL,
    replica uuid NOT NULL,
    written jsonb NOT NULL,
    PRIMARY KEY (tbl, row_key, col)
);

GRANT SELECT ON hub.items, hub.set_written TO hub_desk;

CREATE FUNCTION hub.is_set_column(t text, c text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (t, c) IN (('organizations', 'tags'), ('contacts', 'tags'), ('contacts', 'languages'))
$$;

-- The elements of a JSON array column's value (a JSON string holding the
-- array, as the desks store it); none when it is not an array of strings.
CREATE FUNCTION hub.elements(v jsonb) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    a jsonb;
BEGIN
    IF v IS NULL OR jsonb_typeof(v) <> 'string' THEN
        RETURN '{}';
    END IF;
    a := (v #>> '{}')::jsonb;
    IF jsonb_typeof(a) <> 'array'
       OR EXISTS (SELECT 1 FROM jsonb_array_elements(a) x WHERE jsonb_typeof(x) <> 'string') THEN
        RETURN '{}';
    END IF;
    RETURN ARRAY(SELECT e FROM jsonb_array_elements_text(a) WITH ORDINALITY AS t(e, n) ORDER BY n);
EXCEPTION WHEN others THEN
    RETURN '{}';
END $$;

-- The column's text as a desk writes it (serde_json: no spaces).
CREATE FUNCTION hub.elements_text(a text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT '[' || coalesce(string_agg(to_json(e)::text, ',' ORDER BY n), '') || ']'
      FROM unnest(a) WITH ORDINALITY AS t(e, n)
$$;

-- Records an add or removal unless a later one is known; whether it was
-- the latest.
CREATE FUNCTION hub.record_item(t text, k bytea, i text, clock bigint, replica uuid, present boolean)
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    known hub.items;
BEGIN
    SELECT * INTO known FROM hub.items x WHERE x.tbl = t AND x.row_key = k AND x.item = i;
    IF FOUND AND (known.clock, known.replica) >= (clock, replica) THEN
        RETURN false;
    END IF;
    INSERT INTO hub.items AS x VALUES (t, k, i, clock, replica, present)
    ON CONFLICT (tbl, row_key, item) DO UPDATE
        SET clock = excluded.clock, replica = excluded.replica, present = excluded.present;
    RETURN true;
END $$;

-- Whether an element is in the merged value: its last add or removal
-- says; never added or removed since the row was made: in either value.
CREATE FUNCTION hub.item_present(t text, k bytea, c text, e text, stored text[], theirs text[])
RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
    p boolean;
BEGIN
    SELECT x.present INTO p FROM hub.items x
     WHERE x.tbl = t AND x.row_key = k AND x.item = c || chr(31) || e;
    IF FOUND THEN
        RETURN p;
    END IF;
    RETURN e = ANY (stored) OR e = ANY (theirs);
END $$;

-- A received write of a JSON array column (old -> v), merged element by
-- element (src/sync/sets.rs, SetColumn::merge): the winning write (the
-- field's rule) gives the order, every element whose last op is an add is
-- in, sorted after it.
CREATE FUNCTION hub.merge_set(o hub.operations, c text, v jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    old_e text[] := CASE WHEN o.kind = 'create' THEN '{}'::text[] ELSE hub.elements(o.old_value) END;
    new_e text[] := hub.elements(v);
    cur hub.field_versions;
    have boolean;
    theirs_wins boolean;
    stored text[];
    written text[];
    merged text[] := '{}';
    seen text[] := '{}';
    rest text[];
    w_clock bigint;
    w_replica uuid;
    e text;
    stored_text text;
BEGIN
    FOREACH e IN ARRAY new_e LOOP
        IF NOT (e = ANY (old_e)) THEN
            PERFORM hub.record_item(o.tbl, o.row_key, c || chr(31) || e, o.clock, o.replica, true);
        END IF;
    END LOOP;
    FOREACH e IN ARRAY old_e LOOP
        IF NOT (e = ANY (new_e)) THEN
            PERFORM hub.record_item(o.tbl, o.row_key, c || chr(31) || e, o.clock, o.replica, false);
        END IF;
    END LOOP;
    SELECT * INTO cur FROM hub.field_versions f
     WHERE f.tbl = o.tbl AND f.row_key = o.row_key AND f.col = c;
    have := FOUND;
    IF have AND (cur.clock, cur.replica) = (o.clock, o.replica) THEN
        RETURN;
    END IF;
    theirs_wins := NOT (have AND (cur.base_clock, cur.base_replica) IS NOT DISTINCT FROM (o.clock, o.replica))
        AND (NOT have
             OR (cur.clock, cur.replica) IS NOT DISTINCT FROM (o.base_clock, o.base_replica)
             OR (o.clock, o.replica) > (cur.clock, cur.replica));
    EXECUTE format('SELECT %I FROM hub.%I WHERE id = $1', c, o.tbl) INTO stored_text USING o.row_id;
    stored := hub.elements(to_jsonb(stored_text));
    IF theirs_wins THEN
        INSERT INTO hub.field_versions AS f VALUES (o.tbl, o.row_key, c, o.clock, o.replica, o.base_clock, o.base_replica)
        ON CONFLICT (tbl, row_key, col) DO UPDATE SET clock = excluded.clock, replica = excluded.replica,
            base_clock = excluded.base_clock, base_replica = excluded.base_replica;
        w_clock := o.clock;
        w_replica := o.replica;
        written := new_e;
    ELSE
        w_clock := coalesce(cur.clock, 0);
        w_replica := coalesce(cur.replica, '00000000-0000-0000-0000-000000000000');
        SELECT ARRAY(SELECT x FROM jsonb_array_elements_text(s.written) WITH ORDINALITY AS t(x, n) ORDER BY n)
          INTO written FROM hub.set_written s
         WHERE s.tbl = o.tbl AND s.row_key = o.row_key AND s.col = c
           AND s.clock = w_clock AND s.replica = w_replica;
        IF NOT FOUND THEN
            written := stored;
        END IF;
    END IF;
    FOREACH e IN ARRAY written LOOP
        IF NOT (e = ANY (seen)) THEN
            seen := seen || e;
            IF hub.item_present(o.tbl, o.row_key, c, e, stored, new_e) THEN
                merged := merged || e;
            END IF;
        END IF;
    END LOOP;
    SELECT coalesce(array_agg(x ORDER BY x COLLATE "C"), '{}') INTO rest
      FROM (SELECT DISTINCT x FROM unnest(stored || new_e || ARRAY(
                SELECT substr(i.item, length(c) + 2) FROM hub.items i
                 WHERE i.tbl = o.tbl AND i.row_key = o.row_key AND i.present
                   AND starts_with(i.item, c || chr(31)))) AS u(x)
             WHERE NOT (x = ANY (seen))) d
     WHERE hub.item_present(o.tbl, o.row_key, c, x, stored, new_e);
    merged := merged || rest;
    IF merged IS DISTINCT FROM stored THEN
        PERFORM hub.set_row_field(o, c, to_jsonb(hub.elements_text(merged)));
    END IF;
    DELETE FROM hub.set_written s WHERE s.tbl = o.tbl AND s.row_key = o.row_key AND s.col = c;
    IF merged IS DISTINCT FROM written THEN
        INSERT INTO hub.set_written VALUES (o.tbl, o.row_key, c, w_clock, w_replica, to_jsonb(written));
    END IF;
END $$;

-- One field of a received change: sets by element (above), the rest by
-- the field rule (hub.merge_plain_field).
CREATE OR REPLACE FUNCTION hub.merge_field(o hub.operations, c text, v jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- A set written before version 2 has no old value: the field rule.
    IF hub.is_set_column(o.tbl, c) AND (o.kind = 'create' OR o.old_value IS NOT NULL) THEN
        PERFORM hub.merge_set(o, c, v);
    ELSE
        PERFORM hub.merge_plain_field(o, c, v);
    END IF;
END $$;



-- More read tables: people's phones and e-mails, notes, attached files'
-- names (their contents are in hub.files by sha256), registrations, each
-- project's status history, and the link tables (a project's partners, a
-- visit's participants, an event's invitees, a consultation's people).
-- Link rows have no id: they are named by row_key, as in hub.operations.
CREATE TABLE hub.contact_phones (
    id uuid PRIMARY KEY, contact_id uuid, position bigint, label text, value text, digits text
);
CREATE TABLE hub.contact_emails (
    id uuid PRIMARY KEY, contact_id uuid, position bigint, label text, value text
);
CREATE TABLE hub.notes (
    id uuid PRIMARY KEY, organization_id uuid, contact_id uuid, project_id uuid, visit_id uuid,
    body text, created_at bigint, updated_at bigint, deleted_at bigint
);
CREATE TABLE hub.attachments (
    id uuid PRIMARY KEY, sha256 bytea, name text, media_type text, size bigint,
    organization_id uuid, contact_id uuid, project_id uuid, visit_id uuid,
    consultation_id uuid, event_id uuid, deliverable_id uuid,
    created_at bigint, updated_at bigint, deleted_at bigint
);
CREATE TABLE hub.registrations (
    id uuid PRIMARY KEY, organization_id uuid, project_id uuid, kind text, number text,
    authority text, issued_on text, expires_on text, note text,
    created_at bigint, updated_at bigint, deleted_at bigint
);
CREATE TABLE hub.project_status_history (
    id uuid PRIMARY KEY, project_id uuid, from_status text, to_status text,
    changed_at bigint, reason text
);
CREATE TABLE hub.project_partners (
    row_key bytea PRIMARY KEY, project_id uuid, organization_id uuid, position bigint
);
CREATE TABLE hub.visit_participants (
    row_key bytea PRIMARY KEY, visit_id uuid, contact_id uuid, position bigint
);
CREATE TABLE hub.event_invitees (
    row_key bytea PRIMARY KEY, event_id uuid, invitee_id uuid, contact_id uuid,
    organization_id uuid, status text, role text, position bigint, updated_at bigint
);
CREATE TABLE hub.consultation_people (
    row_key bytea PRIMARY KEY, consultation_id uuid, contact_id uuid, position bigint
);
CREATE INDEX contact_phones_contact ON hub.contact_phones (contact_id);
CREATE INDEX contact_phones_digits ON hub.contact_phones (digits);
CREATE INDEX contact_emails_contact ON hub.contact_emails (contact_id);
CREATE INDEX notes_contact ON hub.notes (contact_id);
CREATE INDEX notes_organization ON hub.notes (organization_id);
CREATE INDEX notes_project ON hub.notes (project_id);
CREATE INDEX attachments_sha256 ON hub.attachments (sha256);
CREATE INDEX registrations_organization ON hub.registrations (organization_id);
CREATE INDEX status_history_project ON hub.project_status_history (project_id, changed_at);
CREATE INDEX project_partners_project ON hub.project_partners (project_id);
CREATE INDEX project_partners_organization ON hub.project_partners (organization_id);
CREATE INDEX visit_participants_contact ON hub.visit_participants (contact_id);
CREATE INDEX event_invitees_event ON hub.event_invitees (event_id);
CREATE INDEX event_invitees_contact ON hub.event_invitees (contact_id);
CREATE INDEX consultation_people_contact ON hub.consultation_people (contact_id);
GRANT SELECT ON hub.contact_phones, hub.contact_emails, hub.notes, hub.attachments,
    hub.registrations, hub.project_status_history, hub.project_partners,
    hub.visit_participants, hub.event_invitees, hub.consultation_people TO hub_desk;

CREATE OR REPLACE FUNCTION hub.is_read_table(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT t IN ('organizations', 'contacts', 'projects', 'visits',
                 'follow_ups', 'consultations', 'events', 'deliverables',
                 'contact_phones', 'contact_emails', 'notes', 'attachments',
                 'registrations', 'project_status_history', 'project_partners',
                 'visit_participants', 'event_invitees', 'consultation_people')
$$;

-- Rows that are items of a list, added and removed whole (src/sync/sets.rs
-- ITEM_TABLES): the later add or removal of a row wins.
CREATE FUNCTION hub.is_item_table(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT t IN ('contact_phones', 'contact_emails', 'project_partners', 'visit_participants',
                 'event_invitees', 'consultation_people', 'project_status_history')
$$;

-- How a read table's row is named in a statement whose parameter `first`
-- is the operation's row_id and `first + 1` its row_key.
CREATE FUNCTION hub.row_where(t text, first integer) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN t IN ('project_partners', 'visit_participants', 'event_invitees',
                           'consultation_people')
                THEN format('row_key = $%s', first + 1)
                ELSE format('id = $%s', first) END
$$;

CREATE FUNCTION hub.row_exists(o hub.operations) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    present boolean;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM hub.%I WHERE %s)', o.tbl, hub.row_where(o.tbl, 1))
    INTO present USING o.row_id, o.row_key;
    RETURN present;
END $$;

-- Sets one field of the operation's read-table row to a JSON value,
-- converted to the column's type.
CREATE FUNCTION hub.set_row_field(o hub.operations, c text, v jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE hub.%I SET %I = (jsonb_populate_record(NULL::hub.%I, $1)).%I WHERE %s',
                   o.tbl, c, o.tbl, c, hub.row_where(o.tbl, 2))
    USING jsonb_build_object(c, v), o.row_id, o.row_key;
END $$;

-- The field rule of version 1 (src/sync/apply.rs), for every read table
-- (rows named by id or by row_key; a list row's position is never a race).
DROP FUNCTION hub.set_field(text, uuid, text, jsonb);
CREATE FUNCTION hub.merge_plain_field(o hub.operations, c text, v jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    cur hub.field_versions;
    have boolean;
    ours jsonb;
    theirs_wins boolean;
    base_matches boolean;
BEGIN
    IF NOT hub.has_column(o.tbl, c) OR c IN ('id', 'row_key') THEN
        RETURN;
    END IF;
    -- A project's status comes from its merged history (hub.derive_status),
    -- as on the desks (src/sync/status_merge.rs): never merged as a field.
    IF o.tbl = 'projects' AND c IN ('status', 'status_rank') THEN
        RETURN;
    END IF;
    IF c = 'updated_at' THEN
        EXECUTE format('UPDATE hub.%I SET updated_at = greatest(updated_at, ($1 #>> ''{}'')::bigint) WHERE %s',
                       o.tbl, hub.row_where(o.tbl, 2))
        USING v, o.row_id, o.row_key;
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
        EXECUTE format('SELECT to_jsonb(%I) FROM hub.%I WHERE %s', c, o.tbl, hub.row_where(o.tbl, 1))
        INTO ours USING o.row_id, o.row_key;
    END IF;
    theirs_wins := base_matches OR cur.clock IS NULL
        OR (o.clock, o.replica) > (cur.clock, cur.replica);
    IF theirs_wins THEN
        PERFORM hub.set_row_field(o, c, v);
        INSERT INTO hub.field_versions AS f VALUES (o.tbl, o.row_key, c, o.clock, o.replica, o.base_clock, o.base_replica)
        ON CONFLICT (tbl, row_key, col) DO UPDATE SET clock = excluded.clock, replica = excluded.replica,
            base_clock = excluded.base_clock, base_replica = excluded.base_replica;
        UPDATE hub.conflicts k SET resolved_at = now()
         WHERE k.tbl = o.tbl AND k.row_key = o.row_key AND k.col = c AND k.resolved_at IS NULL
           AND (k.kept_clock, k.kept_replica) = (o.base_clock, o.base_replica);
    END IF;
    -- A column's NULL is SQL NULL here and JSON null in the operation.
    IF base_matches OR coalesce(ours, 'null') = coalesce(v, 'null') OR hub.is_derived(o.tbl, c)
       OR (c = 'position' AND hub.is_item_table(o.tbl)) THEN
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

-- A row of a list added or removed (src/sync/sets.rs, before_change):
-- applies only when later than the last add or removal known; an add of
-- a row already here (the same number added on two desks) takes the later
-- add's fields, except those edited since.
CREATE FUNCTION hub.apply_item(o hub.operations) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    latest boolean;
    field record;
BEGIN
    latest := hub.record_item(o.tbl, o.row_key, '', o.clock, o.replica, o.kind = 'create');
    IF o.kind = 'create' AND hub.row_exists(o) THEN
        IF latest THEN
            FOR field IN SELECT key, value FROM jsonb_each(o.value) LOOP
                IF hub.has_column(o.tbl, field.key) AND field.key NOT IN ('id', 'row_key')
                   AND NOT EXISTS (SELECT 1 FROM hub.field_versions f
                                    WHERE f.tbl = o.tbl AND f.row_key = o.row_key AND f.col = field.key
                                      AND (f.clock, f.replica) > (o.clock, o.replica)) THEN
                    PERFORM hub.set_row_field(o, field.key, field.value);
                END IF;
            END LOOP;
        END IF;
        RETURN;
    END IF;
    IF NOT latest THEN
        RETURN;
    END IF;
    IF o.kind = 'delete' THEN
        -- A later add starts the item afresh.
        DELETE FROM hub.field_versions WHERE tbl = o.tbl AND row_key = o.row_key;
        EXECUTE format('DELETE FROM hub.%I WHERE %s', o.tbl, hub.row_where(o.tbl, 1))
        USING o.row_id, o.row_key;
        RETURN;
    END IF;
    PERFORM hub.insert_row(o);
END $$;

CREATE FUNCTION hub.insert_row(o hub.operations) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    fresh integer;
BEGIN
    EXECUTE format('INSERT INTO hub.%I SELECT * FROM jsonb_populate_record(NULL::hub.%I, $1) ON CONFLICT DO NOTHING',
                   o.tbl, o.tbl)
    USING o.value || jsonb_build_object('row_key', '\x' || encode(o.row_key, 'hex'));
    GET DIAGNOSTICS fresh = ROW_COUNT;
    RETURN fresh;
END $$;



-- After `hub migrate` from version 1 (src/hub/upgrade.rs first fills in
-- the old values that version kept no trace of): every tag and language
-- column merged again from its writes, in clock order, from the value the
-- row was made with, as a desk merges them.
CREATE FUNCTION hub.replay_sets() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    o hub.operations;
    made record;
    c text;
BEGIN
    DELETE FROM hub.items;
    DELETE FROM hub.set_written;
    DELETE FROM hub.field_versions WHERE hub.is_set_column(tbl, col);
    FOR made IN SELECT tbl, row_id, value FROM hub.operations
                 WHERE kind = 'create' AND value IS NOT NULL AND tbl IN ('organizations', 'contacts')
                 ORDER BY clock, replica, seq, item LOOP
        FOREACH c IN ARRAY ARRAY['tags', 'languages'] LOOP
            IF hub.is_set_column(made.tbl, c) AND made.value ? c THEN
                EXECUTE format('UPDATE hub.%I SET %I = $1 WHERE id = $2', made.tbl, c)
                USING made.value ->> c, made.row_id;
            END IF;
        END LOOP;
    END LOOP;
    FOR o IN SELECT * FROM hub.operations
              WHERE kind = 'set' AND hub.is_set_column(tbl, col) AND value IS NOT NULL
              ORDER BY clock, replica, seq, item LOOP
        IF hub.row_exists(o) THEN
            PERFORM hub.merge_field(o, o.col, o.value);
        END IF;
    END LOOP;
END $$;
