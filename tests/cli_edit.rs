//! `fieldbook edit`: each kind changed from flags, what changed printed,
//! bad input refused naming the field with nothing written, an ambiguous
//! name refused with the candidates, and an edit that changes nothing
//! writing nothing.

use std::path::Path;

use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::cli::fieldbook;

/// Runs the binary and returns its standard output, trimmed.
fn run(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// The whole book, as `export --format json` writes it: equal bytes, nothing written.
fn everything(db: &Path) -> Vec<u8> {
    let out = db.with_extension("json");
    run(
        db,
        &["export", "--format", "json", "--out", out.to_str().unwrap()],
    );
    let bytes = std::fs::read(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    bytes
}

fn book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    (dir, db)
}

#[test]
fn a_contact_is_changed_and_the_changes_are_printed() {
    let (_dir, db) = book();
    run(
        &db,
        &[
            "add",
            "contact",
            "--name",
            "Zawadi Achieng",
            "--role",
            "Programme officer",
            "--org",
            "PLAS",
            "--city",
            "Kisumu",
        ],
    );
    let out = run(
        &db,
        &[
            "edit",
            "contact",
            "zawadi achieng",
            "--role",
            "Director",
            "--city",
            "",
            "--country",
            "Kenya",
            "--phone",
            "mobile:+254 700 123456",
            "--org",
            "Kisumu Youth Health Network",
        ],
    );
    assert!(out.contains("role: Programme officer -> Director"), "{out}");
    assert!(out.contains("city: Kisumu -> (none)"), "{out}");
    assert!(out.contains("country: (none) -> KE"), "{out}");
    assert!(
        out.contains("phones: (none) -> mobile:+254 700 123456"),
        "{out}"
    );
    assert!(
        out.contains("organization: PLAS -> Kisumu Youth Health Network"),
        "{out}"
    );
    // A repeatable flag replaces the list; given only empty, it clears it.
    run(
        &db,
        &[
            "edit",
            "contact",
            "Zawadi Achieng",
            "--tag",
            "a",
            "--tag",
            "b",
        ],
    );
    let out = run(&db, &["edit", "contact", "Zawadi Achieng", "--tag", "c"]);
    assert!(out.contains("tags: a, b -> c"), "{out}");
    let out = run(&db, &["edit", "contact", "Zawadi Achieng", "--tag", ""]);
    assert!(out.contains("tags: c -> (none)"), "{out}");
    // The book holds the new values: search finds her by the new number
    // and shows the new organization and role.
    let found = run(&db, &["search", "0700123456"]);
    assert!(found.contains("Kisumu Youth Health Network"), "{found}");
    assert!(found.contains("Director"), "{found}");
}

#[test]
fn an_organization_a_project_a_visit_and_a_follow_up_are_changed() {
    let (_dir, db) = book();
    let org = run(
        &db,
        &["add", "org", "--name", "PLAS", "--kind", "donor_ngo"],
    );
    let out = run(
        &db,
        &[
            "edit",
            "org",
            &org,
            "--kind",
            "local_ngo",
            "--city",
            "Nairobi",
        ],
    );
    assert!(out.contains("kind: donor_ngo -> local_ngo"), "{out}");
    assert!(out.contains("city: (none) -> Nairobi"), "{out}");

    run(
        &db,
        &["add", "project", "--title", "Clean water", "--ref", "FB-1"],
    );
    let out = run(
        &db,
        &[
            "edit",
            "project",
            "FB-1",
            "--title",
            "Clean water for Kisumu",
            "--budget",
            "1500000 JPY",
            "--start",
            "2026-01-05",
            "--org",
            "plas",
        ],
    );
    assert!(
        out.contains("title: Clean water -> Clean water for Kisumu"),
        "{out}"
    );
    assert!(out.contains("budget: (none) -> 1,500,000 JPY"), "{out}");
    assert!(out.contains("start: (none) -> 2026-01-05"), "{out}");
    assert!(out.contains("organization: (none) -> PLAS"), "{out}");

    run(&db, &["add", "contact", "--name", "Wanjiru Kamau"]);
    let visit = run(
        &db,
        &[
            "log-visit",
            "--project",
            "FB-1",
            "--date",
            "2026-11-20",
            "--follow-up",
            "send the report;due=2026-12-01",
        ],
    );
    let out = run(
        &db,
        &[
            "edit",
            "visit",
            &visit,
            "--place",
            "Kisumu",
            "--purpose",
            "forum",
            "--with",
            "Wanjiru Kamau",
        ],
    );
    assert!(out.contains("purpose: monitoring -> forum"), "{out}");
    assert!(out.contains("place: (none) -> Kisumu"), "{out}");
    assert!(out.contains("people met: (none) -> Wanjiru Kamau"), "{out}");

    let listed = run(&db, &["search", "send the report", "--json"]);
    let line = listed.lines().find(|l| l.contains("follow_up")).unwrap();
    let follow_up: serde_json::Value = serde_json::from_str(line).unwrap();
    let id = follow_up["id"].as_str().unwrap().to_string();
    let out = run(
        &db,
        &[
            "edit",
            "follow-up",
            &id,
            "--due",
            "2026-12-15",
            "--owner",
            "Wanjiru Kamau",
            "--text",
            "Send the final report",
        ],
    );
    assert!(out.contains("due: 2026-12-01 -> 2026-12-15"), "{out}");
    assert!(out.contains("owner: me -> Wanjiru Kamau"), "{out}");
    assert!(
        out.contains("text: send the report -> Send the final report"),
        "{out}"
    );
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let (_dir, db) = book();
    run(&db, &["add", "contact", "--name", "Zawadi Achieng"]);
    run(
        &db,
        &["add", "project", "--title", "Clean water", "--ref", "FB-1"],
    );
    let before = everything(&db);
    // Each with a good flag beside the bad one: the good one is not written either.
    for (args, field) in [
        (
            &[
                "contact",
                "Zawadi Achieng",
                "--role",
                "Director",
                "--country",
                "Narnia",
            ][..],
            "--country",
        ),
        (
            &[
                "contact",
                "Zawadi Achieng",
                "--role",
                "Director",
                "--email",
                "not an address",
            ][..],
            "email",
        ),
        (
            &[
                "project", "FB-1", "--sector", "water", "--budget", "1,5 EUR",
            ][..],
            "--budget",
        ),
        (
            &[
                "project",
                "FB-1",
                "--sector",
                "water",
                "--start",
                "2026-13-01",
            ][..],
            "--start",
        ),
        (
            &["project", "FB-1", "--sector", "water", "--type", "mega"][..],
            "--type",
        ),
        (
            &["project", "FB-1", "--partner", "Nobody Known"][..],
            "--partner",
        ),
        (
            &["project", "FB-1", "--status", "approved"][..],
            "fieldbook status",
        ),
        (
            &["contact", "Nobody", "--role", "X"][..],
            "no contact is named 'Nobody'",
        ),
        (&["visit", "Kisumu", "--place", "X"][..], "not a visit id"),
    ] {
        fieldbook(&db)
            .arg("edit")
            .args(args)
            .assert()
            .failure()
            .stderr(contains(field));
    }
    assert!(before == everything(&db), "a refused edit wrote something");
}

#[test]
fn an_ambiguous_name_is_refused_with_the_candidates() {
    let (_dir, db) = book();
    let first = run(
        &db,
        &["add", "contact", "--name", "Amina Diop", "--org", "PLAS"],
    );
    let second = run(&db, &["add", "contact", "--name", "Amina Diop"]);
    let before = everything(&db);
    fieldbook(&db)
        .args(["edit", "contact", "amina diop", "--role", "Director"])
        .assert()
        .failure()
        .stderr(
            contains("matches 2 contacts")
                .and(contains(first.as_str()))
                .and(contains(second.as_str()))
                .and(contains("PLAS"))
                .and(contains("use the id")),
        );
    assert!(before == everything(&db));
    // By id, the one meant.
    let out = run(&db, &["edit", "contact", &second, "--role", "Director"]);
    assert!(out.contains("role: (none) -> Director"), "{out}");
}

#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    let (_dir, db) = book();
    run(
        &db,
        &[
            "add",
            "contact",
            "--name",
            "Zawadi Achieng",
            "--role",
            "Director",
            "--org",
            "PLAS",
            "--country",
            "KE",
        ],
    );
    let before = everything(&db);
    // The same values, typed differently where `add` accepts that.
    fieldbook(&db)
        .args([
            "edit",
            "contact",
            "Zawadi Achieng",
            "--role",
            "Director",
            "--org",
            "plas",
            "--country",
            "Kenya",
        ])
        .assert()
        .success()
        .stdout(contains("nothing to change").and(contains("->").not()));
    assert!(before == everything(&db), "a no-op edit wrote something");
}
