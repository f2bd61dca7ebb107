//! Duplicates made on two desks and merging them (issue 17), with the real
//! binary on real book files: two desks enter the same NGO and the same
//! person; after a sync `fieldbook duplicates` lists both pairs; `fieldbook
//! merge` moves every link onto the record kept, keeps both vCard UIDs,
//! fills its empty fields, unions tags, phones and e-mails, and leaves the
//! other in the trash as a redirect; an edit of the merged record made on
//! the other desk without seeing the merge lands on the kept one; both
//! books end the same.

use std::fs;
use std::path::{Path, PathBuf};

use fieldbook::domain::Id;
use fieldbook::store::Store;
use predicates::str::contains;

mod common;
use common::cli::fieldbook;
use common::desks::{run, sync};

fn id_of(stdout: &str) -> Id {
    stdout.trim().parse().unwrap()
}

fn deliver(from: &Path, to: &Path, dir: &Path) -> String {
    let bundle = dir.join(format!(
        "bundle-{}.fbsync",
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

/// The book's lossless export, written beside it (never in the working
/// directory).
fn json(db: &Path) -> Vec<String> {
    let out = db.with_extension(format!(
        "{}.json",
        fs::read_dir(db.parent().unwrap()).unwrap().count()
    ));
    run(
        db,
        &["export", "--format", "json", "--out", out.to_str().unwrap()],
    );
    fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The two books' exports are the same, line by line (a record a line).
fn same_books(a: &Path, b: &Path, what: &str) {
    let (a, b) = (json(a), json(b));
    let differ: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).collect();
    assert!(
        differ.is_empty() && a.len() == b.len(),
        "{what}: {differ:#?}"
    );
}

fn set_uid(db: &Path, id: Id, uid: &str) {
    let mut store = Store::open(db).unwrap();
    let mut c = store.read().contact(id).unwrap().unwrap();
    c.uid = Some(uid.into());
    store.write(|tx| tx.save_contact(&c)).unwrap();
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

struct Desks {
    a: PathBuf,
    b: PathBuf,
    org_a: Id,
    org_b: Id,
    person_a: Id,
    person_b: Id,
    visit_b: Id,
}

/// Desk a and desk b (copies of one book) each enter the Kibera Youth
/// Network and its coordinator; b also a project with it as partner and a
/// visit where the coordinator was met. Then they exchange.
fn the_same_ngo_on_two_desks(dir: &Path) -> Desks {
    let a = dir.join("nairobi.db");
    let b = dir.join("kisumu.db");
    run(&a, &["add", "org", "--name", "Lake Basin Health"]);
    fs::copy(&a, &b).unwrap();
    sync(&b).arg("reset-id").assert().success();

    let org_a = id_of(&run(
        &a,
        &[
            "add",
            "org",
            "--name",
            "Kibera Youth Network",
            "--country",
            "KE",
            "--tag",
            "youth",
        ],
    ));
    let person_a = id_of(&run(
        &a,
        &[
            "add",
            "contact",
            "--name",
            "Achieng Otieno",
            "--org",
            "Kibera Youth Network",
            "--email",
            "achieng@kyn.example",
            "--phone",
            "+254 700 000 111",
        ],
    ));
    set_uid(&a, person_a, "urn:uuid:desk-a-achieng");
    run(
        &a,
        &[
            "note",
            "--org",
            "Kibera Youth Network",
            "Met at the county forum",
        ],
    );

    let org_b = id_of(&run(
        &b,
        &[
            "add",
            "org",
            "--name",
            "KIBERA youth  network",
            "--country",
            "KE",
            "--website",
            "https://kyn.example",
            "--tag",
            "sports",
        ],
    ));
    let person_b = id_of(&run(
        &b,
        &[
            "add",
            "contact",
            "--name",
            "A. Otieno",
            "--org",
            &org_b.to_string(),
            "--email",
            "ACHIENG@kyn.example",
            "--phone",
            "+254 722 333 444",
            "--role",
            "Coordinator",
        ],
    ));
    set_uid(&b, person_b, "urn:uuid:desk-b-achieng");
    run(
        &b,
        &[
            "add",
            "project",
            "--title",
            "Football for girls",
            "--partner",
            "KIBERA youth  network",
        ],
    );
    let visit_b = id_of(&run(
        &b,
        &[
            "log-visit",
            "--date",
            "2026-11-20",
            "--with",
            &person_b.to_string(),
            "--place",
            "Kibera",
        ],
    ));
    deliver(&a, &b, dir);
    deliver(&b, &a, dir);
    Desks {
        a,
        b,
        org_a,
        org_b,
        person_a,
        person_b,
        visit_b,
    }
}

#[test]
fn duplicates_entered_on_two_desks_are_listed_after_a_sync() {
    let dir = tempfile::tempdir().unwrap();
    let d = the_same_ngo_on_two_desks(dir.path());
    for db in [&d.a, &d.b] {
        let out = run(db, &["duplicates"]);
        assert!(
            out.contains(&format!("'Kibera Youth Network' ({})", d.org_a))
                && out.contains(&d.org_b.to_string())
                && out.contains("same name in KE"),
            "{out}"
        );
        assert!(
            out.contains(&d.person_a.to_string())
                && out.contains(&d.person_b.to_string())
                && out.contains("same e-mail achieng@kyn.example"),
            "{out}"
        );
        assert!(!out.contains("Lake Basin Health"), "{out}");
    }
}

#[test]
fn a_merge_moves_every_link_keeps_both_uids_and_syncs_as_edits() {
    let dir = tempfile::tempdir().unwrap();
    let d = the_same_ngo_on_two_desks(dir.path());
    let out = run(
        &d.a,
        &["merge", "org", &d.org_a.to_string(), &d.org_b.to_string()],
    );
    assert!(
        out.contains("merged organization") && out.contains("filled: website"),
        "{out}"
    );
    let out = run(
        &d.a,
        &[
            "merge",
            "contact",
            "Achieng Otieno",
            &d.person_b.to_string(),
        ],
    );
    assert!(
        out.contains("answers to vCard UID urn:uuid:desk-b-achieng"),
        "{out}"
    );
    // Merging into a record in the trash, or by an unknown name, is refused.
    fieldbook(&d.a)
        .args(["merge", "org", &d.org_b.to_string(), &d.org_a.to_string()])
        .assert()
        .failure()
        .stderr(contains(d.org_b.to_string()));
    deliver(&d.a, &d.b, dir.path());
    deliver(&d.b, &d.a, dir.path());

    for (db, name) in [(&d.a, "a"), (&d.b, "b")] {
        let store = Store::open(db).unwrap();
        let r = store.read();
        let org = r.organization(d.org_a).unwrap().unwrap();
        assert_eq!(
            org.website.as_deref(),
            Some("https://kyn.example"),
            "{name}"
        );
        assert!(
            org.tags.contains(&"youth".into()) && org.tags.contains(&"sports".into()),
            "{name}"
        );
        assert!(
            r.organization(d.org_b)
                .unwrap()
                .unwrap()
                .meta
                .deleted_at
                .is_some(),
            "{name}"
        );
        let person = r.contact(d.person_a).unwrap().unwrap();
        assert_eq!(person.organization_id, Some(d.org_a), "{name}");
        assert_eq!(
            person.role.as_deref(),
            Some("Coordinator"),
            "{name}: filled from B"
        );
        assert_eq!(person.phones.len(), 2, "{name}: phones {:?}", person.phones);
        assert_eq!(person.emails.len(), 1, "{name}: the same address once");
        assert_eq!(
            person.uid.as_deref(),
            Some("urn:uuid:desk-a-achieng"),
            "{name}"
        );
        assert!(
            r.contact(d.person_b)
                .unwrap()
                .unwrap()
                .meta
                .deleted_at
                .is_some()
        );
        drop(store);
        assert_eq!(
            count(
                db,
                "SELECT count(*) FROM contact_uid_aliases WHERE uid = 'urn:uuid:desk-b-achieng'"
            ),
            1,
            "{name}: B's UID kept"
        );
        let partners = format!(
            "SELECT count(*) FROM project_partners WHERE organization_id = x'{}'",
            d.org_a.simple()
        );
        assert_eq!(count(db, &partners), 1, "{name}: partner repointed");
        let met = format!(
            "SELECT count(*) FROM visit_participants WHERE visit_id = x'{}' AND contact_id = x'{}'",
            d.visit_b.simple(),
            d.person_a.simple()
        );
        assert_eq!(count(db, &met), 1, "{name}: participant repointed");
        assert_eq!(count(db, "SELECT count(*) FROM redirects"), 2, "{name}");
        let dups = run(db, &["duplicates"]);
        assert!(dups.contains("no possible duplicates"), "{name}: {dups}");
        fieldbook(db).arg("check").assert().success();
    }
    same_books(&d.a, &d.b, "after the merge");
}

#[test]
fn a_later_edit_of_the_merged_record_from_another_desk_lands_on_the_kept_one() {
    for merge_arrives_first in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let d = the_same_ngo_on_two_desks(dir.path());
        run(
            &d.a,
            &["merge", "org", &d.org_a.to_string(), &d.org_b.to_string()],
        );
        // Desk b, not having seen the merge, edits its copy and adds a note.
        run(
            &d.b,
            &["edit", "org", &d.org_b.to_string(), "--city", "Nairobi"],
        );
        run(
            &d.b,
            &["note", "--org", &d.org_b.to_string(), "Moved offices"],
        );
        if merge_arrives_first {
            deliver(&d.a, &d.b, dir.path());
            deliver(&d.b, &d.a, dir.path());
        } else {
            deliver(&d.b, &d.a, dir.path());
            deliver(&d.a, &d.b, dir.path());
        }
        for (db, name) in [(&d.a, "a"), (&d.b, "b")] {
            let store = Store::open(db).unwrap();
            let kept = store.read().organization(d.org_a).unwrap().unwrap();
            assert_eq!(
                kept.city.as_deref(),
                Some("Nairobi"),
                "{name} ({merge_arrives_first})"
            );
            drop(store);
            let notes = format!(
                "SELECT count(*) FROM notes WHERE organization_id = x'{}'",
                d.org_a.simple()
            );
            assert_eq!(
                count(db, &notes),
                2,
                "{name} ({merge_arrives_first}): notes on A"
            );
        }
        same_books(
            &d.a,
            &d.b,
            &format!("merge arrives first: {merge_arrives_first}"),
        );
    }
}

/// After `merge`, the card of the contact merged away still finds someone:
/// its own UID (now an alias) and the `urn:uuid:` an export gave it both
/// name the contact kept, so re-importing it adds no one.
#[test]
fn a_merged_contacts_card_imported_again_finds_the_contact_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nairobi.db");
    let cards = dir.path().join("two.vcf");
    fs::write(
        &cards,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a-card-1@phone\r\nFN:Achieng Otieno\r\nN:Otieno;Achieng;;;\r\nEND:VCARD\r\n\
         BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b-card-7@phone\r\nFN:A. Otieno\r\nN:Otieno;A.;;;\r\nEND:VCARD\r\n",
    )
    .unwrap();
    let first = run(&db, &["import", cards.to_str().unwrap()]);
    assert!(first.contains("2 new contact(s)"), "{first}");
    let named = |name: &str| {
        Store::open(&db)
            .unwrap()
            .read()
            .contacts_named(name)
            .unwrap()[0]
            .meta
            .id
    };
    let (keep, gone) = (named("Achieng Otieno"), named("A. Otieno"));
    run(
        &db,
        &["merge", "contact", &keep.to_string(), &gone.to_string()],
    );
    // Both had a UID: the one merged away answers as an alias.
    let again = run(&db, &["import", cards.to_str().unwrap()]);
    assert!(again.contains("0 new contact(s)"), "{again}");
    assert!(
        again.contains("'A. Otieno' is 'Achieng Otieno' in the book (same UID b-card-7@phone)"),
        "{again}"
    );
    // A card exported before the merge names the contact by its id.
    let exported = dir.path().join("exported.vcf");
    fs::write(
        &exported,
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:urn:uuid:{gone}\r\nFN:A. Otieno\r\nEND:VCARD\r\n"
        ),
    )
    .unwrap();
    let again = run(&db, &["import", exported.to_str().unwrap()]);
    assert!(again.contains("0 new contact(s)"), "{again}");
    assert!(again.contains("is 'Achieng Otieno' in the book"), "{again}");
}
