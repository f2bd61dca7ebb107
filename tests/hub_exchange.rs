//! The head-office hub (issue 18) on a real PostgreSQL server (see
//! tests/common/pg.rs): two desks exchange through it and converge; a
//! repeated push inserts nothing; a hub that is down changes nothing; the
//! schema is versioned (the read tables: hub_read_tables.rs).

use std::fs;
use std::path::Path;

use fieldbook::domain::{Id, Organization};
use fieldbook::store::Store;

mod common;
use common::cli::fieldbook;
use common::desks::{PASS, json, sync};
use common::hubs::{desk_with_records, hub_init, hub_output, ok};
use common::pg::Pg;

fn edit_org(db: &Path, id: Id, change: impl FnOnce(&mut Organization)) {
    let mut store = Store::open(db).unwrap();
    let mut org = store.read().organization(id).unwrap().unwrap();
    change(&mut org);
    store.write(|tx| tx.save_organization(&org)).unwrap();
}

#[test]
fn two_desks_exchange_through_the_hub_and_converge() {
    let Some(pg) = Pg::start("two_desks_exchange_through_the_hub_and_converge") else {
        return;
    };
    let url = pg.create_db("hub");
    hub_init(&url);
    let dir = tempfile::tempdir().unwrap();
    let a = desk_with_records(dir.path(), "nairobi.db", &["Kibera Youth", "Mathare Women"]);
    let b = desk_with_records(dir.path(), "kisumu.db", &["Kisumu Fisherfolk"]);
    // `sync --hub` pushes and pulls; B's URL in the percent-encoded form.
    ok(sync(&a).args(["--hub", &url]));
    let b_url = pg.url_encoded_host("postgres", "hub");
    let out = ok(sync(&b).args(["--hub", &b_url]));
    assert!(out.contains("pull: applied"), "{out}");
    ok(sync(&a).args(["pull", "--hub", &url]));
    assert_eq!(json(&a), json(&b), "the two desks differ after the hub");

    // A race on one field and edits of different fields, through the hub.
    let kibera = Store::open(&a)
        .unwrap()
        .read()
        .organizations_named("Kibera Youth")
        .unwrap()[0]
        .meta
        .id;
    edit_org(&a, kibera, |o| {
        o.city = Some("Nairobi".into());
        o.country = Some("KE".into());
    });
    edit_org(&b, kibera, |o| {
        o.city = Some("Kisumu".into());
        o.website = Some("https://kibera.example".into());
    });
    for desk in [&a, &b, &a] {
        ok(sync(desk).args(["--hub", &url]));
    }
    assert_eq!(json(&a), json(&b), "the two desks differ after the race");
    let listed = ok(sync(&a).arg("conflicts"));
    assert_eq!(listed.lines().count(), 1, "{listed}");
    // The hub's read table took the same winner and listed the same race.
    let mut c = pg.client("postgres", "hub");
    let row = c
        .query_one(
            "SELECT city, country, website FROM hub.organizations WHERE id = $1",
            &[&kibera],
        )
        .unwrap();
    let city: Option<String> = row.get(0);
    let merged = Store::open(&a)
        .unwrap()
        .read()
        .organization(kibera)
        .unwrap()
        .unwrap();
    assert_eq!(city, merged.city);
    assert_eq!(row.get::<_, Option<String>>(1).as_deref(), Some("KE"));
    assert_eq!(
        row.get::<_, Option<String>>(2).as_deref(),
        Some("https://kibera.example")
    );
    let races: i64 = c
        .query_one(
            "SELECT count(*) FROM hub.conflicts WHERE tbl = 'organizations' AND col = 'city'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(races, 1);
}

#[test]
fn a_push_repeated_three_times_inserts_once() {
    let Some(pg) = Pg::start("a_push_repeated_three_times_inserts_once") else {
        return;
    };
    let url = pg.create_db("hub");
    hub_init(&url);
    let dir = tempfile::tempdir().unwrap();
    let a = desk_with_records(dir.path(), "nairobi.db", &["Kibera Youth", "Mathare Women"]);
    let mut hub = pg.client("postgres", "hub");
    let counts = |hub: &mut postgres::Client| -> (i64, i64, i64) {
        let r = hub
            .query_one(
                "SELECT (SELECT count(*) FROM hub.bundles), (SELECT count(*) FROM hub.changesets), \
                        (SELECT count(*) FROM hub.operations)",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1), r.get(2))
    };
    let first = ok(sync(&a).args(["push", "--hub", &url]));
    assert!(first.contains("push: sent 5 changes"), "{first}");
    let after_first = counts(&mut hub);
    assert_eq!((after_first.0, after_first.1), (1, 5));
    for _ in 0..2 {
        let again = ok(sync(&a).args(["push", "--hub", &url]));
        assert!(again.contains("has everything"), "{again}");
        assert_eq!(counts(&mut hub), after_first);
    }
    // Even a client that sends again what the hub has (two desks at once)
    // inserts nothing: the batch itself, replayed with the hub's own SQL.
    let replayed = hub
        .execute(
            "INSERT INTO hub.changesets (replica, seq, clock, schema, bases, changeset, hash, bundle_id) \
             SELECT replica, seq, clock, schema, bases, changeset, hash, bundle_id FROM hub.changesets \
             ON CONFLICT (replica, seq) DO NOTHING",
            &[],
        )
        .unwrap();
    assert_eq!(replayed, 0);
    let replayed = hub
        .execute(
            "INSERT INTO hub.operations (replica, seq, item, clock, tbl, row_key, row_id, kind, col, value, base_clock, base_replica) \
             SELECT replica, seq, item, clock, tbl, row_key, row_id, kind, col, value, base_clock, base_replica \
             FROM hub.operations ON CONFLICT DO NOTHING",
            &[],
        )
        .unwrap();
    assert_eq!(replayed, 0);
    assert_eq!(counts(&mut hub), after_first);
    // The bundle is kept as the desk sent it: encrypted.
    let (encrypted, bytes): (bool, Vec<u8>) = {
        let r = hub
            .query_one("SELECT encrypted, bytes FROM hub.bundles", &[])
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert!(encrypted);
    assert!(fieldbook::sync::bundle::Bundle::read(&bytes, None).is_err());
    let bundle = fieldbook::sync::bundle::Bundle::read(&bytes, Some(PASS)).unwrap();
    assert_eq!(bundle.entries.len(), 5);
}

#[test]
fn a_hub_that_is_down_gives_one_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = desk_with_records(dir.path(), "nairobi.db", &["Kibera Youth"]);
    let before = (json(&a), ok(sync(&a).arg("status")));
    let nowhere = format!("postgresql:///hub?host={}", dir.path().display());
    for command in [&["push"][..], &["pull"], &[]] {
        let out = sync(&a)
            .args(command)
            .args(["--hub", &nowhere])
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains("cannot reach the hub at"), "{err}");
        assert!(err.contains("Nothing was changed"), "{err}");
    }
    // No hub anywhere: `sync` alone asks for a sub-command or a hub.
    let out = sync(&a).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a sub-command"));
    // The URL from FIELDBOOK_HUB, and from the config file.
    let out = sync(&a)
        .arg("push")
        .env("FIELDBOOK_HUB", &nowhere)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot reach the hub"));
    let config = dir.path().join("config");
    fs::create_dir_all(config.join("fieldbook")).unwrap();
    fs::write(
        config.join("fieldbook/config.toml"),
        format!("hub = \"{nowhere}\"\n"),
    )
    .unwrap();
    let out = sync(&a)
        .arg("pull")
        .env("XDG_CONFIG_HOME", &config)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot reach the hub"));
    assert_eq!((json(&a), ok(sync(&a).arg("status"))), before);
}

#[test]
fn the_schema_is_versioned_and_the_audit_opens_bundles_with_the_passphrase() {
    let Some(pg) =
        Pg::start("the_schema_is_versioned_and_the_audit_opens_bundles_with_the_passphrase")
    else {
        return;
    };
    let url = pg.create_db("hub");
    let dir = tempfile::tempdir().unwrap();
    let a = desk_with_records(dir.path(), "nairobi.db", &["Kibera Youth"]);
    // No hub schema yet: one line, nothing sent.
    let out = sync(&a).args(["push", "--hub", &url]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("has no fieldbook schema") && err.contains("hub init"),
        "{err}"
    );
    let out = hub_output(&["migrate", "--hub", &url]);
    assert!(!out.status.success(), "migrate does not create a hub");
    hub_init(&url);
    let out = hub_output(&["migrate", "--hub", &url]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing to do"));
    ok(sync(&a).args(["push", "--hub", &url]));
    let out = hub_output(&["audit", "--hub", &url]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("1 bundles, 3 changes, 0 bundles not opened"),
        "{said}"
    );
    // Another passphrase opens nothing; a changed changeset is found.
    let out = fieldbook(Path::new("/nonexistent/unused.db"))
        .env("FIELDBOOK_SYNC_PASSPHRASE", "not the offices' one")
        .args(["hub", "audit", "--hub", &url])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 bundles not opened"));
    pg.client("postgres", "hub")
        .batch_execute("UPDATE hub.changesets SET hash = '\\x00' WHERE seq = 2")
        .unwrap();
    let out = hub_output(&["audit", "--hub", &url]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 changes not as sent"));
    // A hub from a newer fieldbook is refused, naming the version.
    pg.client("postgres", "hub")
        .batch_execute("UPDATE hub.meta SET version = 99")
        .unwrap();
    let out = sync(&a).args(["pull", "--hub", &url]).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("schema version 99") && err.contains("upgrade fieldbook"),
        "{err}"
    );
}

#[test]
fn an_attached_file_travels_through_the_hub_once() {
    let Some(pg) = Pg::start("an_attached_file_travels_through_the_hub_once") else {
        return;
    };
    let url = pg.create_db("hub");
    hub_init(&url);
    let dir = tempfile::tempdir().unwrap();
    let a = desk_with_records(dir.path(), "nairobi.db", &["Kibera Youth"]);
    let b = desk_with_records(dir.path(), "kisumu.db", &["Kisumu Fisherfolk"]);
    let letter = dir.path().join("letter.pdf");
    let bytes: Vec<u8> = (0..40_000u32).map(|i| (i * 7 % 251) as u8).collect();
    fs::write(&letter, &bytes).unwrap();
    ok(fieldbook(&a)
        .args(["attach", "--org", "Kibera Youth"])
        .arg(&letter));
    ok(sync(&a).args(["push", "--hub", &url]));
    let out = ok(sync(&b).args(["--hub", &url]));
    assert!(out.contains("held 0,"), "nothing waits for its file: {out}");
    ok(sync(&a).args(["pull", "--hub", &url]));
    assert!(json(&a) == json(&b), "the two desks differ after the hub");
    // Stored once at the hub, and whole on B.
    let mut c = pg.client("postgres", "hub");
    let files: i64 = c
        .query_one("SELECT count(*) FROM hub.files", &[])
        .unwrap()
        .get(0);
    assert_eq!(files, 1);
    let attachment = ok(fieldbook(&b).args(["attachments", "--org", "Kibera Youth"]));
    let id = attachment
        .split_whitespace()
        .find(|w| w.parse::<Id>().is_ok())
        .unwrap_or_else(|| panic!("no id in: {attachment}"))
        .to_string();
    let saved = dir.path().join("saved.pdf");
    ok(fieldbook(&b)
        .args(["attachment", "save", &id, "--out"])
        .arg(&saved));
    assert_eq!(fs::read(&saved).unwrap(), bytes);
}

/// The hub derives a project's status from its merged history as the desks
/// do: the latest change by date, not the one with the highest clock.
#[test]
fn the_hub_takes_a_projects_status_from_its_history_as_the_desks_do() {
    let Some(pg) = Pg::start("the_hub_takes_a_projects_status_from_its_history_as_the_desks_do")
    else {
        return;
    };
    let url = pg.create_db("hub");
    hub_init(&url);
    let dir = tempfile::tempdir().unwrap();
    let a = desk_with_records(dir.path(), "nairobi.db", &["Kibera Youth"]);
    let b = dir.path().join("kisumu.db");
    ok(sync(&a).args(["--hub", &url]));
    ok(sync(&b).args(["--hub", &url]));
    // Kisumu's clock has run an hour ahead (a bundle from a fast desk): its
    // change carries the higher clock, though Nairobi's is the later by date.
    let ahead = rusqlite::Connection::open(&b).unwrap();
    ahead
        .execute(
            "UPDATE sync_self SET clock = (CAST(strftime('%s', 'now') AS INTEGER) * 1000 + 3600000) * 65536",
            [],
        )
        .unwrap();
    drop(ahead);
    let status = |db: &Path, to: &str| {
        ok(fieldbook(db).args(["status", "--project", "Wells of nairobi.db", "--to", to]));
    };
    status(&b, "suspended");
    status(&a, "proposal");
    for desk in [&a, &b, &a] {
        ok(sync(desk).args(["--hub", &url]));
    }
    assert!(json(&a) == json(&b), "the two desks differ");
    let project = Store::open(&a)
        .unwrap()
        .read()
        .projects_matching("Wells of nairobi.db")
        .unwrap()[0]
        .clone();
    assert_eq!(project.status.key(), "proposal");
    let mut c = pg.client("postgres", "hub");
    let row = c
        .query_one(
            "SELECT status, status_rank FROM hub.projects WHERE id = $1",
            &[&project.meta.id],
        )
        .unwrap();
    assert_eq!(row.get::<_, Option<String>>(0).as_deref(), Some("proposal"));
    assert_eq!(
        row.get::<_, Option<i64>>(1),
        Some(2),
        "proposal is third in the pipeline"
    );
}
