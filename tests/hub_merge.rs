//! The hub's read tables merge as the desks do (issue 18, hub schema
//! version 2), on a real PostgreSQL server (tests/common/pg.rs): tags edited
//! apart on two desks end the same at the hub as on the desks, whatever
//! the order the pushes arrive in; a purge erases the record at the hub,
//! and `hub scrub` rewrites the stored changesets and bundles without it.

use std::path::Path;

mod common;
use common::desks::{run, sync, two_desks};
use common::hubs::{hub_ok, hub_output, ok};
use common::pg::Pg;

/// A hub database `db`, initialised, and two desks from one origin that
/// share the organization "Lake Basin Health".
fn hub_and_two_desks(
    pg: &Pg,
    db: &str,
) -> (
    String,
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let url = pg.create_db(db);
    hub_ok(&["init", "--hub", &url]);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_desks(dir.path(), "Lake Basin Health");
    (url, dir, a, b)
}

/// Moves a record to the trash, then erases it for good (`purge`).
fn trash_and_purge(db: &Path, kind: fieldbook::domain::RecordKind, id: fieldbook::domain::Id) {
    let mut store = fieldbook::store::Store::open(db).unwrap();
    assert!(store.write(|tx| tx.set_deleted(kind, id, true)).unwrap());
    drop(store);
    let word = match kind {
        fieldbook::domain::RecordKind::Organization => "org",
        _ => "contact",
    };
    run(db, &["purge", word, &id.to_string(), "--yes"]);
}

/// A book's value of one column of the organization named `name`.
fn desk_value(db: &Path, sql: &str, name: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [name], |r| r.get(0)).unwrap()
}

fn org_tags(db: &Path, name: &str) -> String {
    desk_value(db, "SELECT tags FROM organizations WHERE name = ?1", name)
}

fn tag(db: &Path, org: &str, tags: &[&str]) {
    let mut args = vec!["edit", "org", org];
    for t in tags {
        args.extend(["--tag", t]);
    }
    run(db, &args);
}

/// Two desks change one organization's tags apart, then push to the hub
/// in `order`; every desk pulls. The hub's row must equal the desks'.
fn tags_edited_apart(pg: &Pg, db: &str, a_first: bool) -> (String, String) {
    let (url, _dir, a, b) = hub_and_two_desks(pg, db);
    tag(&a, "Lake Basin Health", &["donor", "ngo"]);
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    // Nairobi adds "partner"; Kisumu, later, drops "ngo" and adds "ministry".
    tag(&a, "Lake Basin Health", &["donor", "ngo", "partner"]);
    tag(&b, "Lake Basin Health", &["ministry", "donor"]);
    let (first, second) = if a_first { (&a, &b) } else { (&b, &a) };
    ok(sync(first).args(["push", "--hub", &url]));
    ok(sync(second).args(["--hub", &url]));
    ok(sync(first).args(["pull", "--hub", &url]));
    let (ta, tb) = (
        org_tags(&a, "Lake Basin Health"),
        org_tags(&b, "Lake Basin Health"),
    );
    assert_eq!(ta, tb, "the two desks differ");
    let at_hub: String = pg
        .client("postgres", db)
        .query_one(
            "SELECT tags FROM hub.organizations WHERE name = 'Lake Basin Health'",
            &[],
        )
        .unwrap()
        .get(0);
    (ta, at_hub)
}

#[test]
fn tags_edited_apart_on_two_desks_end_the_same_at_the_hub_as_on_the_desks() {
    let Some(pg) =
        Pg::start("tags_edited_apart_on_two_desks_end_the_same_at_the_hub_as_on_the_desks")
    else {
        return;
    };
    for (db, a_first) in [("hub_a_first", true), ("hub_b_first", false)] {
        let (desks, at_hub) = tags_edited_apart(&pg, db, a_first);
        // Kisumu's write wins the order; Nairobi's "partner" is added, and
        // Kisumu's removal of "ngo" stands.
        assert_eq!(desks, r#"["ministry","donor","partner"]"#, "{db}");
        assert_eq!(at_hub, desks, "{db}: the hub's tags differ from the desks'");
    }
}

/// Bytes of the values the hub keeps decoded (operations' values and old
/// values, conflicts, files) and, with `stored`, of the changes as stored.
fn hub_bytes(c: &mut postgres::Client, stored: bool) -> Vec<u8> {
    let mut sql = vec![
        "SELECT convert_to(coalesce(value::text, '') || coalesce(old_value::text, ''), 'UTF8') FROM hub.operations",
        "SELECT convert_to(coalesce(kept_value::text, '') || coalesce(lost_value::text, ''), 'UTF8') FROM hub.conflicts",
        "SELECT data FROM hub.files",
        "SELECT convert_to(written::text, 'UTF8') FROM hub.set_written",
        "SELECT convert_to(item, 'UTF8') FROM hub.items",
    ];
    // Every read table, whole.
    for table in READ_TABLES {
        sql.push(match *table {
            "organizations" => {
                "SELECT convert_to(to_jsonb(t)::text, 'UTF8') FROM hub.organizations t"
            }
            "contacts" => "SELECT convert_to(to_jsonb(t)::text, 'UTF8') FROM hub.contacts t",
            "contact_phones" => {
                "SELECT convert_to(to_jsonb(t)::text, 'UTF8') FROM hub.contact_phones t"
            }
            "contact_emails" => {
                "SELECT convert_to(to_jsonb(t)::text, 'UTF8') FROM hub.contact_emails t"
            }
            "notes" => "SELECT convert_to(to_jsonb(t)::text, 'UTF8') FROM hub.notes t",
            _ => "SELECT convert_to(to_jsonb(t)::text, 'UTF8') FROM hub.attachments t",
        });
    }
    if stored {
        sql.push("SELECT changeset FROM hub.changesets");
    }
    let mut out = Vec::new();
    for sql in sql {
        for row in c.query(sql, &[]).unwrap() {
            out.extend(row.get::<_, Vec<u8>>(0));
        }
    }
    out
}

/// The read tables the purge tests look through.
const READ_TABLES: &[&str] = &[
    "organizations",
    "contacts",
    "contact_phones",
    "contact_emails",
    "notes",
    "attachments",
];

fn holds(bytes: &[u8], secret: &str) -> bool {
    bytes.windows(secret.len()).any(|w| w == secret.as_bytes())
}

const NAME: &str = "Wanjiku Kamau";
const PHONE: &str = "711 482 937";
const NOTE: &str = "Lives behind the Mamboleo dispensary";
const SCAN: &str = "national ID card, number 29417733";

#[test]
fn a_purge_reaches_the_hub_and_hub_scrub_rewrites_what_it_stored() {
    let Some(pg) = Pg::start("a_purge_reaches_the_hub_and_hub_scrub_rewrites_what_it_stored")
    else {
        return;
    };
    let (url, dir, a, b) = hub_and_two_desks(&pg, "hub");
    let late = dir.path().join("late.db");
    let person = run(
        &a,
        &[
            "add",
            "contact",
            "--name",
            NAME,
            "--org",
            "Lake Basin Health",
            "--phone",
            &format!("+254 {PHONE}"),
        ],
    );
    let person = person.trim().to_string();
    run(&a, &["note", "--contact", NAME, NOTE]);
    let scan = dir.path().join("id-card.txt");
    std::fs::write(&scan, format!("Scan of a {SCAN}")).unwrap();
    run(&a, &["attach", "--contact", NAME, scan.to_str().unwrap()]);
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    // A third desk has the person too, and stays offline a while.
    std::fs::copy(&b, &late).unwrap();
    run(&late, &["sync", "reset-id"]);
    let mut c = pg.client("postgres", "hub");
    let before = hub_bytes(&mut c, true);
    for secret in [NAME, PHONE, NOTE, SCAN] {
        assert!(holds(&before, secret), "{secret} never reached the hub");
    }
    // Kisumu edits the person while Nairobi erases them.
    run(&b, &["edit", "contact", &person, "--city", "Mamboleo"]);
    let id: fieldbook::domain::Id = person.parse().unwrap();
    trash_and_purge(&a, fieldbook::domain::RecordKind::Contact, id);
    // The purge rewrote changes the hub already holds: not a forked copy.
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    let gone: i64 = c
        .query_one(
            "SELECT count(*) FROM hub.contacts WHERE display_name = $1",
            &[&NAME],
        )
        .unwrap()
        .get(0);
    assert_eq!(gone, 0, "the read table still has the person");
    let tombstones: i64 = c
        .query_one(
            "SELECT count(*) FROM hub.tombstones WHERE tbl = 'contacts'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tombstones, 1);
    let decoded = hub_bytes(&mut c, false);
    for secret in [NAME, PHONE, NOTE, SCAN, "Mamboleo"] {
        assert!(
            !holds(&decoded, secret),
            "{secret} survives in the hub's operations, conflicts or files"
        );
    }
    // The bundle that brought the person, as it was stored.
    let (first_bundle, original): (i64, Vec<u8>) = {
        let row = c
            .query_one(
                "SELECT b.id, b.bytes FROM hub.bundles b WHERE b.id = (SELECT min(c.bundle_id) \
                 FROM hub.changesets c JOIN hub.operations o USING (replica, seq) \
                 WHERE o.tbl = 'contacts' AND o.kind = 'create' AND o.row_id = $1)",
                &[&id],
            )
            .unwrap();
        (row.get(0), row.get(1))
    };
    // The stored changesets hold them until head office scrubs.
    let out = hub_ok(&["scrub", "--hub", &url]);
    assert!(out.contains("rewrote"), "{out}");
    let after = hub_bytes(&mut c, true);
    for secret in [NAME, PHONE, NOTE, SCAN, "Mamboleo"] {
        assert!(!holds(&after, secret), "{secret} survives hub scrub");
    }
    assert!(
        holds(&after, "Lake Basin Health"),
        "hub scrub took more than the person"
    );
    // The rewritten bundles still open and match the changesets.
    let audit = hub_ok(&["audit", "--hub", &url]);
    assert!(audit.contains("0 changes not as sent"), "{audit}");
    // Scrubbing again finds nothing to do.
    let again = hub_ok(&["scrub", "--hub", &url]);
    assert!(again.contains("nothing to scrub"), "{again}");
    // The same changes arrive again in a bundle of their own (a desk's copy
    // from before the purge, forwarded at the moment its desk sent them):
    // that bundle goes back on the list, and the next scrub rewrites it.
    let copy: i64 = c
        .query_one(
            "INSERT INTO hub.bundles (sender, desk, schema, encrypted, entries, bytes) \
             SELECT sender, desk, schema, encrypted, entries, $1 FROM hub.bundles WHERE id = $2 \
             RETURNING id",
            &[&original, &first_bundle],
        )
        .unwrap()
        .get(0);
    c.execute(
        "INSERT INTO hub.bundle_entries SELECT $1, replica, seq FROM hub.bundle_entries WHERE bundle_id = $2",
        &[&copy, &first_bundle],
    )
    .unwrap();
    let out = hub_output(&["audit", "--hub", &url]);
    assert!(!out.status.success(), "the copy holds the person as sent");
    let out = hub_ok(&["scrub", "--hub", &url]);
    assert!(
        out.contains("rewrote 0 stored changes and 1 bundles"),
        "{out}"
    );
    let audit = hub_ok(&["audit", "--hub", &url]);
    assert!(audit.contains("0 changes not as sent"), "{audit}");
    // The offline desk's edit of the person arrives after the scrub: its
    // values are erased at once and the next scrub rewrites its change.
    run(&late, &["edit", "contact", &person, "--city", "Nyalenda"]);
    ok(sync(&late).args(["push", "--hub", &url]));
    assert!(!holds(&hub_bytes(&mut c, false), "Nyalenda"));
    assert!(holds(&hub_bytes(&mut c, true), "Nyalenda"));
    let out = hub_ok(&["scrub", "--hub", &url]);
    assert!(out.contains("rewrote 1 stored changes"), "{out}");
    assert!(!holds(&hub_bytes(&mut c, true), "Nyalenda"));
    // Desks go on exchanging; a fresh desk never sees the person.
    run(&b, &["add", "org", "--name", "Kondele Youth"]);
    ok(sync(&b).args(["--hub", &url]));
    ok(sync(&a).args(["--hub", &url]));
    let fresh = dir.path().join("head-office.db");
    ok(sync(&fresh).args(["pull", "--hub", &url]));
    for db in [&a, &b, &fresh] {
        let found = desk_value(
            db,
            "SELECT count(*) || '' FROM contacts WHERE display_name = ?1",
            NAME,
        );
        assert_eq!(found, "0", "{}", db.display());
        assert_eq!(
            desk_value(
                db,
                "SELECT count(*) || '' FROM organizations WHERE name = ?1",
                "Kondele Youth"
            ),
            "1"
        );
    }
}

/// A hub an older fieldbook made (version 1) is refused until head office
/// migrates it; then desks push to it.
#[test]
fn a_version_1_hub_is_refused_until_migrated_then_takes_pushes() {
    let Some(pg) = Pg::start("a_version_1_hub_is_refused_until_migrated_then_takes_pushes") else {
        return;
    };
    let url = pg.create_db("hub_v1");
    let mut old = fieldbook::hub::connect(&url).unwrap();
    fieldbook::hub::schema::migrate_to(&mut old, true, 1).unwrap();
    drop(old);
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_desks(dir.path(), "Lake Basin Health");
    let out = sync(&a).args(["push", "--hub", &url]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("schema version 1") && err.contains("hub migrate"),
        "{err}"
    );
    let said = hub_ok(&["migrate", "--hub", &url]);
    assert!(said.contains("from version 1 to 2"), "{said}");
    ok(sync(&a).args(["push", "--hub", &url]));
    let versions: i32 = pg
        .client("postgres", "hub_v1")
        .query_one("SELECT version FROM hub.meta", &[])
        .unwrap()
        .get(0);
    assert_eq!(versions, 2);
}

/// An organization erased on one desk: at the hub its people lose the link
/// (as on the desks), and a note about it written offline on another desk
/// and pushed after the purge is erased on arrival, never shown.
#[test]
fn a_purge_clears_links_at_the_hub_and_erases_what_was_made_for_the_record_offline() {
    let Some(pg) = Pg::start(
        "a_purge_clears_links_at_the_hub_and_erases_what_was_made_for_the_record_offline",
    ) else {
        return;
    };
    let (url, _dir, a, b) = hub_and_two_desks(&pg, "hub");
    run(
        &a,
        &[
            "add",
            "contact",
            "--name",
            NAME,
            "--org",
            "Lake Basin Health",
        ],
    );
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    run(
        &b,
        &[
            "note",
            "--org",
            "Lake Basin Health",
            "Board minutes: the treasurer resigned",
        ],
    );
    let org: fieldbook::domain::Id = {
        let conn = rusqlite::Connection::open(&a).unwrap();
        conn.query_row(
            "SELECT id FROM organizations WHERE name = 'Lake Basin Health'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    trash_and_purge(&a, fieldbook::domain::RecordKind::Organization, org);
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    ok(sync(&a).args(["--hub", &url]));
    let mut c = pg.client("postgres", "hub");
    for table in ["organizations", "contacts", "notes"] {
        let (at_hub, at_desk) = common::hubs::read_table_and_book(&mut c, &a, table);
        assert_eq!(at_hub, at_desk, "hub.{table} differs from the desk");
    }
    let linked: i64 = c
        .query_one("SELECT count(organization_id) FROM hub.contacts", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        linked, 0,
        "the person still points at the erased organization"
    );
    let bytes = hub_bytes(&mut c, false);
    assert!(
        !holds(&bytes, "treasurer resigned"),
        "the late note survives"
    );
    assert!(!holds(&bytes, "Lake Basin Health"));
    let out = hub_ok(&["scrub", "--hub", &url]);
    assert!(out.contains("rewrote"), "{out}");
    assert!(!holds(&hub_bytes(&mut c, true), "treasurer resigned"));
}

/// Two desks clear the same field apart: the same value, no race, at the
/// hub as on the desks (the hub once took SQL NULL and JSON null for two).
#[test]
fn a_field_cleared_on_two_desks_is_no_conflict_at_the_hub() {
    let Some(pg) = Pg::start("a_field_cleared_on_two_desks_is_no_conflict_at_the_hub") else {
        return;
    };
    let (url, _dir, a, b) = hub_and_two_desks(&pg, "hub");
    run(
        &a,
        &["edit", "org", "Lake Basin Health", "--city", "Kisumu"],
    );
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    run(&a, &["edit", "org", "Lake Basin Health", "--city", ""]);
    run(&b, &["edit", "org", "Lake Basin Health", "--city", ""]);
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    ok(sync(&a).args(["--hub", &url]));
    assert!(common::desks::conflicts(&a).is_empty());
    let at_hub: i64 = pg
        .client("postgres", "hub")
        .query_one("SELECT count(*) FROM hub.conflicts", &[])
        .unwrap()
        .get(0);
    assert_eq!(at_hub, 0, "the hub took two clears for a race");
}

/// A hub of version 1 merged tags as whole fields and kept no old values:
/// `hub migrate` fills them in from the stored changes and merges the tags
/// again, so a write that arrives after the migration merges as on the
/// desks (Nairobi's later removal of "x" stands against Kisumu's add).
#[test]
fn tags_written_before_a_migration_from_version_1_merge_as_on_the_desks() {
    let Some(pg) =
        Pg::start("tags_written_before_a_migration_from_version_1_merge_as_on_the_desks")
    else {
        return;
    };
    let (url, _dir, a, b) = hub_and_two_desks(&pg, "hub");
    tag(&a, "Lake Basin Health", &["x"]);
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    tag(&b, "Lake Basin Health", &["x", "y"]);
    tag(&a, "Lake Basin Health", &[""]);
    ok(sync(&a).args(["push", "--hub", &url]));
    // The hub as version 1 left it: no old values, no element states.
    pg.client("postgres", "hub")
        .batch_execute(
            "UPDATE hub.operations SET old_value = NULL; DELETE FROM hub.items; DELETE FROM hub.set_written",
        )
        .unwrap();
    let mut hub = fieldbook::hub::connect(&url).unwrap();
    let filled = fieldbook::hub::upgrade::complete(&mut hub).unwrap();
    assert!(filled >= 2, "{filled} old values filled in");
    drop(hub);
    ok(sync(&b).args(["--hub", &url]));
    ok(sync(&a).args(["--hub", &url]));
    let desks = org_tags(&a, "Lake Basin Health");
    assert_eq!(desks, org_tags(&b, "Lake Basin Health"));
    assert_eq!(desks, r#"["y"]"#);
    let at_hub: String = pg
        .client("postgres", "hub")
        .query_one(
            "SELECT tags FROM hub.organizations WHERE name = 'Lake Basin Health'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(at_hub, desks, "the hub's tags differ from the desks'");
}
