-- The head-office hub, version 2 (src/hub/): the read tables merge tags
-- and languages element by element as the desks do (src/sync/sets.rs),
-- and a desk's purge (src/sync/tombstones.rs) erases the row's values at
-- the hub too.

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

-- Rows a desk erased for good (`fieldbook purge`): their read-table row,
-- the values of their operations, field versions and conflicts are gone;
-- a later change of them is received with its values erased. scrubbed_at:
-- `fieldbook hub scrub` has rewritten the stored changesets and bundles
-- without them.
CREATE TABLE hub.tombstones (
    tbl         text NOT NULL,
    row_key     bytea NOT NULL,
    purged_at   bigint,
    received_at timestamptz NOT NULL DEFAULT now(),
    scrubbed_at timestamptz,
    PRIMARY KEY (tbl, row_key)
);
GRANT SELECT ON hub.items, hub.set_written, hub.tombstones TO hub_desk;

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
        PERFORM hub.set_field(o.tbl, o.row_id, c, to_jsonb(hub.elements_text(merged)));
    END IF;
    DELETE FROM hub.set_written s WHERE s.tbl = o.tbl AND s.row_key = o.row_key AND s.col = c;
    IF merged IS DISTINCT FROM written THEN
        INSERT INTO hub.set_written VALUES (o.tbl, o.row_key, c, w_clock, w_replica, to_jsonb(written));
    END IF;
END $$;

-- One field of a received change: sets by element (above), the rest by
-- the field rule of version 1.
ALTER FUNCTION hub.merge_field(hub.operations, text, jsonb) RENAME TO merge_plain_field;
CREATE FUNCTION hub.merge_field(o hub.operations, c text, v jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    -- A set written before version 2 has no old value: the field rule.
    IF hub.is_set_column(o.tbl, c) AND (o.kind = 'create' OR o.old_value IS NOT NULL) THEN
        PERFORM hub.merge_set(o, c, v);
    ELSE
        PERFORM hub.merge_plain_field(o, c, v);
    END IF;
END $$;

-- Erases a row a desk purged: its read-table row, its operations' values,
-- its field versions, items and conflicts, and the contents of an erased
-- attachment's file that no other attachment uses.
CREATE FUNCTION hub.erase(t text, k bytea, purged_at bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    sha text;
BEGIN
    INSERT INTO hub.tombstones (tbl, row_key, purged_at) VALUES (t, k, purged_at)
    ON CONFLICT DO NOTHING;
    IF hub.is_read_table(t) AND length(k) = 16 THEN
        EXECUTE format('DELETE FROM hub.%I WHERE id = $1', t) USING encode(k, 'hex')::uuid;
    END IF;
    IF t = 'attachments' THEN
        SELECT value ->> 'sha256' INTO sha FROM hub.operations
         WHERE tbl = t AND row_key = k AND kind = 'create' AND value IS NOT NULL LIMIT 1;
    END IF;
    UPDATE hub.operations SET value = NULL, old_value = NULL
     WHERE tbl = t AND row_key = k AND (value IS NOT NULL OR old_value IS NOT NULL);
    DELETE FROM hub.field_versions WHERE tbl = t AND row_key = k;
    DELETE FROM hub.conflicts WHERE tbl = t AND row_key = k;
    DELETE FROM hub.items WHERE tbl = t AND row_key = k;
    DELETE FROM hub.set_written WHERE tbl = t AND row_key = k;
    IF sha IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM hub.operations
         WHERE tbl = 'attachments' AND kind = 'create' AND value ->> 'sha256' = sha) THEN
        DELETE FROM hub.files WHERE sha256 = decode(substr(sha, 3), 'hex');
    END IF;
END $$;

CREATE OR REPLACE FUNCTION hub.apply_operation(o hub.operations) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    fresh integer;
    field record;
    present boolean;
BEGIN
    IF o.tbl = 'tombstones' AND o.kind = 'create' THEN
        PERFORM hub.erase(o.value ->> 'tbl', decode(substr(o.value ->> 'row_key', 3), 'hex'),
                          (o.value ->> 'purged_at')::bigint);
        RETURN;
    END IF;
    -- A change of an erased row (made before the purge reached its desk):
    -- received, its values erased, never applied.
    IF EXISTS (SELECT 1 FROM hub.tombstones x WHERE x.tbl = o.tbl AND x.row_key = o.row_key) THEN
        UPDATE hub.operations SET value = NULL, old_value = NULL
         WHERE (replica, seq, item) = (o.replica, o.seq, o.item);
        RETURN;
    END IF;
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
