-- The head-office hub, version 2, second part (src/hub/): a desk's purge
-- (src/sync/tombstones.rs) erases the row's values at the hub too, and
-- head office's readers. The first part, 0002_sets_and_lists.sql, runs
-- before it in the same step.

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
GRANT SELECT ON hub.tombstones TO hub_desk;

-- Which bundle holds which change (pushes record every entry they send):
-- a change can be in two bundles (sent by its desk and forwarded by
-- another at the same moment), and `hub scrub` must re-encrypt each.
CREATE TABLE hub.bundle_entries (
    bundle_id bigint NOT NULL REFERENCES hub.bundles,
    replica   uuid NOT NULL,
    seq       bigint NOT NULL,
    PRIMARY KEY (bundle_id, replica, seq)
);
CREATE INDEX bundle_entries_by_change ON hub.bundle_entries (replica, seq);
GRANT SELECT ON hub.bundle_entries TO hub_desk;
GRANT INSERT (bundle_id, replica, seq) ON hub.bundle_entries TO hub_desk;

-- A change arriving again in a new bundle (a desk's copy from before a
-- purge, sent after `hub scrub` rewrote the hub's): the erased rows it
-- carries go back on the list for the next scrub.
CREATE FUNCTION hub.bundle_entries_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE hub.tombstones t SET scrubbed_at = NULL
      FROM new_entries n JOIN hub.operations o ON o.replica = n.replica AND o.seq = n.seq
     WHERE t.tbl = o.tbl AND t.row_key = o.row_key AND t.scrubbed_at IS NOT NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER bundle_entries_requeue AFTER INSERT ON hub.bundle_entries
    REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION hub.bundle_entries_inserted();

-- The foreign keys between the desks' tables, as the desks work them out
-- from their schema (src/sync/tombstones.rs `links`): fieldbook fills this
-- at `hub init` and `hub migrate` from its own schema, so that the two
-- never differ. owned: the row belongs to its parent and goes with it (a
-- phone of a person, a note about them); else the link is cleared.
CREATE TABLE hub.links (
    tbl    text NOT NULL,
    col    text NOT NULL,
    parent text NOT NULL,
    owned  boolean NOT NULL,
    PRIMARY KEY (tbl, col)
);
GRANT SELECT ON hub.links TO hub_desk;

-- A key's bytes as an operation's JSON writes them: an id as a uuid
-- string, other blobs (a file's sha256) as '\x..' hex.
CREATE FUNCTION hub.id_bytes(id text) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN id ~ '^\\x([0-9a-f]{2})*$' THEN decode(substr(id, 3), 'hex')
        WHEN id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
            THEN decode(replace(id, '-', ''), 'hex')
    END
$$;

CREATE FUNCTION hub.is_erased(t text, id text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT id IS NOT NULL AND EXISTS (SELECT 1 FROM hub.tombstones x
                                       WHERE x.tbl = t AND x.row_key = hub.id_bytes(id))
$$;

-- A row created for a parent a desk has erased (a note written offline
-- about a person purged meanwhile): the desks drop it (src/sync/scrub.rs,
-- `doomed`); the hub erases it, with a tombstone of its own, so that its
-- later changes are erased too and `hub scrub` rewrites its change.
CREATE FUNCTION hub.belongs_to_erased(o hub.operations) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM hub.links l
                    WHERE l.tbl = o.tbl AND l.owned AND hub.is_erased(l.parent, o.value ->> l.col))
$$;

-- A received change's links to erased rows cleared, as the desks clear
-- them (`Fate::Unlinked`): a visit keeps its place, not its purged project.
CREATE FUNCTION hub.unlinked(o hub.operations) RETURNS hub.operations
LANGUAGE plpgsql STABLE AS $$
DECLARE
    l hub.links;
BEGIN
    FOR l IN SELECT * FROM hub.links WHERE tbl = o.tbl AND NOT owned LOOP
        IF o.kind = 'create' AND hub.is_erased(l.parent, o.value ->> l.col) THEN
            o.value := jsonb_set(o.value, ARRAY[l.col], 'null');
        ELSIF o.kind = 'set' AND o.col = l.col AND hub.is_erased(l.parent, o.value #>> '{}') THEN
            o.value := 'null';
        END IF;
    END LOOP;
    RETURN o;
END $$;

-- Erases a row a desk purged: its read-table row, its operations' values,
-- its field versions, items and conflicts, and the contents of an erased
-- attachment's file that no other attachment uses.
CREATE FUNCTION hub.erase(t text, k bytea, purged_at bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    sha text;
    l hub.links;
BEGIN
    INSERT INTO hub.tombstones (tbl, row_key, purged_at) VALUES (t, k, purged_at)
    ON CONFLICT DO NOTHING;
    IF hub.is_read_table(t) THEN
        EXECUTE format('DELETE FROM hub.%I WHERE %s', t, hub.row_where(t, 1))
        USING CASE WHEN length(k) = 16 THEN encode(k, 'hex')::uuid END, k;
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
    -- Records that pointed at it lose the link, as on the desks.
    FOR l IN SELECT * FROM hub.links WHERE parent = t AND NOT owned AND hub.is_read_table(tbl) LOOP
        IF length(k) = 16 THEN
            EXECUTE format('UPDATE hub.%I SET %I = NULL WHERE %I = $1', l.tbl, l.col, l.col)
            USING encode(k, 'hex')::uuid;
        END IF;
    END LOOP;
    IF sha IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM hub.operations
         WHERE tbl = 'attachments' AND kind = 'create' AND value ->> 'sha256' = sha) THEN
        DELETE FROM hub.files WHERE sha256 = decode(substr(sha, 3), 'hex');
    END IF;
END $$;

CREATE OR REPLACE FUNCTION hub.apply_operation(o hub.operations) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    field record;
BEGIN
    IF o.tbl = 'tombstones' AND o.kind = 'create' THEN
        PERFORM hub.erase(o.value ->> 'tbl', decode(substr(o.value ->> 'row_key', 3), 'hex'),
                          (o.value ->> 'purged_at')::bigint);
        RETURN;
    END IF;
    -- A change of an erased row (made before the purge reached its desk):
    -- received, its values erased, never applied; its stored changeset
    -- is for the next `hub scrub`.
    IF EXISTS (SELECT 1 FROM hub.tombstones x WHERE x.tbl = o.tbl AND x.row_key = o.row_key) THEN
        UPDATE hub.operations SET value = NULL, old_value = NULL
         WHERE (replica, seq, item) = (o.replica, o.seq, o.item);
        UPDATE hub.tombstones SET scrubbed_at = NULL
         WHERE tbl = o.tbl AND row_key = o.row_key AND scrubbed_at IS NOT NULL;
        RETURN;
    END IF;
    IF o.kind = 'create' AND hub.belongs_to_erased(o) THEN
        PERFORM hub.erase(o.tbl, o.row_key, NULL);
        RETURN;
    END IF;
    o := hub.unlinked(o);
    IF NOT hub.is_read_table(o.tbl) THEN
        RETURN;
    END IF;
    IF hub.is_item_table(o.tbl) AND o.kind IN ('create', 'delete') THEN
        PERFORM hub.apply_item(o);
        IF o.tbl = 'project_status_history' THEN
            PERFORM hub.derive_status((o.value ->> 'project_id')::uuid);
        END IF;
        RETURN;
    END IF;
    IF o.kind = 'delete' THEN
        EXECUTE format('DELETE FROM hub.%I WHERE %s', o.tbl, hub.row_where(o.tbl, 1))
        USING o.row_id, o.row_key;
        RETURN;
    END IF;
    IF o.kind = 'create' THEN
        IF hub.insert_row(o) = 0 THEN
            -- Made apart on two books: merge field by field.
            FOR field IN SELECT key, value FROM jsonb_each(o.value) LOOP
                PERFORM hub.merge_field(o, field.key, field.value);
            END LOOP;
        END IF;
        RETURN;
    END IF;
    IF hub.row_exists(o) THEN
        PERFORM hub.merge_field(o, o.col, o.value);
    END IF;
END $$;

-- Head office's analysts and BI tools: read the merged records and the
-- conflict list, nothing of what desks send (bundles, changes,
-- operations, files), never write. `fieldbook hub grant ROLE --reader`.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hub_reader') THEN
        CREATE ROLE hub_reader NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA hub TO hub_reader;
GRANT SELECT ON hub.organizations, hub.contacts, hub.projects, hub.visits, hub.follow_ups,
    hub.consultations, hub.events, hub.deliverables, hub.contact_phones, hub.contact_emails,
    hub.notes, hub.attachments, hub.registrations, hub.project_status_history,
    hub.project_partners, hub.visit_participants, hub.event_invitees, hub.consultation_people,
    hub.conflicts, hub.cursors, hub.meta TO hub_reader;
