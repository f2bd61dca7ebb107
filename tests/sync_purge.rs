//! Erasure across books (issue 17): `fieldbook purge` on one desk erases a
//! trashed person, with their phones, e-mails, notes and files, and the
//! next bundle carries the erasure to the other desk. Afterwards none of
//! the values is anywhere in either book: not in the tables, not in the
//! change log (read through SQL), not in the file's pages (a copy made
//! with SQLite's backup API, searched byte by byte), not in the search
//! index. A racing edit from a desk that had not seen the purge does not
//! bring the person back. And the edit-vs-trash race, in both orders.

use std::fs;
use std::path::{Path, PathBuf};

use fieldbook::domain::{Id, RecordKind};
use fieldbook::store::Store;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::cli::fieldbook;
use common::desks::{run, sync};

/// What the person asked to be erased: each must be gone from both books.
/// (Searched as written and lower-cased, as the search index folds them.)
const SECRETS: [&str; 6] = [
    "Wanjiku",
    "711 482 937",
    "711482937",
    "wanjiku.kamau.private",
    "Mamboleo",
    "29417733",
];

fn id_of(stdout: &str) -> Id {
    stdout.trim().parse().unwrap()
}

/// Sends everything `from` has to `to` as a bundle file.
fn deliver(from: &Path, to: &Path, dir: &Path) -> String {
    let bundle = dir.join(format!(
        "{}-{}.fbsync",
        from.file_stem().unwrap().to_string_lossy(),
        fs::read_dir(dir).unwrap().count()
    ));
    sync(from)
        .args(["export", "--out"])
        .arg(&bundle)
        .assert()
        .success();
    let out = sync(to).arg("import").arg(&bundle).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Two desks from one origin holding an organization.
fn two_desks(dir: &Path) -> (PathBuf, PathBuf, Id) {
    let a = dir.join("nairobi.db");
    let b = dir.join("kisumu.db");
    let org = id_of(&run(&a, &["add", "org", "--name", "Lake Basin Health"]));
    fs::copy(&a, &b).unwrap();
    sync(&b).arg("reset-id").assert().success();
    (a, b, org)
}

/// The person, with a phone, an e-mail, a note and a scanned document.
fn add_person(db: &Path, dir: &Path) -> Id {
    let id = id_of(&run(
        db,
        &[
            "add",
            "contact",
            "--name",
            "Wanjiku Kamau",
            "--org",
            "Lake Basin Health",
            "--phone",
            "+254 711 482 937",
            "--email",
            "wanjiku.kamau.private@example.org",
            "--city",
            "Kisumu",
        ],
    ));
    run(
        db,
        &[
            "note",
            "--contact",
            "Wanjiku Kamau",
            "Lives behind the Mamboleo dispensary",
        ],
    );
    let scan = dir.join("id-card.txt");
    fs::write(&scan, "Scan of a national ID card, number 29417733").unwrap();
    run(
        db,
        &[
            "attach",
            "--contact",
            "Wanjiku Kamau",
            scan.to_str().unwrap(),
        ],
    );
    id
}

fn trash(db: &Path, kind: RecordKind, id: Id) {
    let mut store = Store::open(db).unwrap();
    assert!(store.write(|tx| tx.set_deleted(kind, id, true)).unwrap());
}

/// Every secret found in `bytes`.
fn found_in(bytes: &[u8]) -> Vec<&'static str> {
    SECRETS
        .iter()
        .copied()
        .filter(|s| {
            let lower = s.to_lowercase();
            bytes
                .windows(s.len())
                .any(|w| w == s.as_bytes() || w == lower.as_bytes())
        })
        .collect()
}

/// The change log's bytes, read through SQL (changesets, field versions,
/// held changesets, conflicts' values).
fn log_bytes(db: &Path) -> Vec<u8> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT changeset, bases FROM sync_log",
        "SELECT changeset, bases FROM sync_held",
        "SELECT kept_value, lost_value FROM sync_conflicts",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..2 {
                match row.get::<_, rusqlite::types::Value>(i).unwrap() {
                    rusqlite::types::Value::Blob(b) => out.extend(b),
                    rusqlite::types::Value::Text(t) => out.extend(t.into_bytes()),
                    _ => {}
                }
            }
        }
    }
    out
}

/// The book's pages, as copied by SQLite's backup API (`fieldbook
/// backup`): never the live file read while a connection may be open.
fn page_bytes(db: &Path, dir: &Path, name: &str) -> Vec<u8> {
    let stem = db.file_stem().unwrap().to_string_lossy();
    let copy = dir.join(format!("{stem}-{name}.copy.db"));
    fieldbook(db).arg("backup").arg(&copy).assert().success();
    fs::read(&copy).unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_purge_travels_and_no_value_survives_on_either_book() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, org) = two_desks(dir.path());
    let person = add_person(&a, dir.path());
    deliver(&a, &b, dir.path());
    // Before: the values are on both books, in tables, log and pages.
    for db in [&a, &b] {
        // The file's contents are stored once, outside the change log
        // (bundles carry them): the ID number is in the log only if a
        // field holds it.
        assert_eq!(
            found_in(&log_bytes(db)),
            SECRETS
                .iter()
                .copied()
                .filter(|s| *s != "29417733")
                .collect::<Vec<_>>()
        );
        assert_eq!(
            found_in(&page_bytes(db, dir.path(), "before")).len(),
            SECRETS.len()
        );
        assert_eq!(count(db, "SELECT count(*) FROM attachment_blobs"), 1);
    }
    trash(&a, RecordKind::Contact, person);

    // Refusals: no confirmation without a terminal, a live record named.
    fieldbook(&a)
        .args(["purge", "contact", &person.to_string()])
        .assert()
        .failure()
        .stderr(contains("--yes"));
    fieldbook(&a)
        .args(["purge", "org", &org.to_string(), "--yes"])
        .assert()
        .failure()
        .stderr(contains("Lake Basin Health").and(contains("not in the trash")));
    assert!(
        Store::open(&a)
            .unwrap()
            .read()
            .contact(person)
            .unwrap()
            .is_some()
    );

    let out = run(&a, &["purge", "contact", &person.to_string(), "--yes"]);
    assert!(
        out.contains("Wanjiku Kamau") && out.contains("erased 1 records"),
        "{out}"
    );
    deliver(&a, &b, dir.path());

    for (db, name) in [(&a, "a"), (&b, "b")] {
        let store = Store::open(db).unwrap();
        assert!(store.read().contact(person).unwrap().is_none(), "{name}");
        assert!(store.read().organization(org).unwrap().is_some(), "{name}");
        drop(store);
        for table in [
            "contact_phones",
            "contact_emails",
            "notes",
            "attachments",
            "attachment_blobs",
        ] {
            assert_eq!(
                count(db, &format!("SELECT count(*) FROM {table}")),
                0,
                "{name}: {table}"
            );
        }
        assert!(count(db, "SELECT count(*) FROM tombstones WHERE tbl = 'contacts'") == 1);
        assert_eq!(
            found_in(&log_bytes(db)),
            Vec::<&str>::new(),
            "{name}: change log"
        );
        assert_eq!(
            found_in(&page_bytes(db, dir.path(), name)),
            Vec::<&str>::new(),
            "{name}: the file's pages"
        );
        let hits = run(db, &["search", "Wanjiku"]);
        assert!(!hits.contains("Wanjiku"), "{name}: {hits}");
        fieldbook(db).arg("check").assert().success();
    }
}

#[test]
fn a_racing_edit_does_not_bring_a_purged_record_back() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, _) = two_desks(dir.path());
    let person = add_person(&a, dir.path());
    deliver(&a, &b, dir.path());
    // Desk b edits the person (and adds a note) without having seen the purge.
    run(
        &b,
        &["edit", "contact", &person.to_string(), "--city", "Mamboleo"],
    );
    run(
        &b,
        &[
            "note",
            "--contact",
            &person.to_string(),
            "Called again about 29417733",
        ],
    );
    trash(&a, RecordKind::Contact, person);
    run(&a, &["purge", "--yes"]);
    // Both orders of arrival.
    deliver(&b, &a, dir.path());
    deliver(&a, &b, dir.path());
    deliver(&b, &a, dir.path());
    for (db, name) in [(&a, "a"), (&b, "b")] {
        assert!(
            Store::open(db)
                .unwrap()
                .read()
                .contact(person)
                .unwrap()
                .is_none(),
            "{name}: the purged person came back"
        );
        assert_eq!(count(db, "SELECT count(*) FROM notes"), 0, "{name}");
        assert_eq!(
            found_in(&log_bytes(db)),
            Vec::<&str>::new(),
            "{name}: change log"
        );
        fieldbook(db).arg("check").assert().success();
    }
    // Later bundles between them still apply (the scrubbed log is no fork).
    run(&b, &["add", "org", "--name", "Kondele Youth"]);
    let out = deliver(&b, &a, dir.path());
    assert!(out.contains("applied 1"), "{out}");
}

/// One desk trashes an organization, the other edits it without having
/// seen that: after the exchange, in either order, both books have it in
/// the trash with the edit, and `sync conflicts` lists the race.
fn edit_races_trash(trash_first: bool) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, org) = two_desks(dir.path());
    trash(&a, RecordKind::Organization, org);
    run(&b, &["edit", "org", &org.to_string(), "--city", "Kisumu"]);
    if trash_first {
        deliver(&a, &b, dir.path());
        deliver(&b, &a, dir.path());
    } else {
        deliver(&b, &a, dir.path());
        deliver(&a, &b, dir.path());
    }
    for (db, name) in [(&a, "a"), (&b, "b")] {
        let o = Store::open(db)
            .unwrap()
            .read()
            .organization(org)
            .unwrap()
            .unwrap();
        assert!(o.meta.deleted_at.is_some(), "{name}: not in the trash");
        assert_eq!(
            o.city.as_deref(),
            Some("Kisumu"),
            "{name}: the edit was lost"
        );
        let listed = String::from_utf8(sync(db).arg("conflicts").output().unwrap().stdout).unwrap();
        assert!(
            listed.contains("edited on") && listed.contains("while trashed on"),
            "{name}: {listed}"
        );
    }
    // A later edit by a desk that had seen the trash is no race.
    {
        let mut store = Store::open(&a).unwrap();
        let mut o = store.read().organization(org).unwrap().unwrap();
        o.city = Some("Kisii".into());
        store.write(|tx| tx.save_organization(&o)).unwrap();
    }
    let out = deliver(&a, &b, dir.path());
    assert!(out.contains("conflicts 0"), "{out}");
}

#[test]
fn an_edit_racing_a_trash_is_a_conflict_when_the_trash_arrives_first() {
    edit_races_trash(true);
}

#[test]
fn an_edit_racing_a_trash_is_a_conflict_when_the_edit_arrives_first() {
    edit_races_trash(false);
}
