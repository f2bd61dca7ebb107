//! Conflicts reviewed by a person, on the real binary (issue 17): `sync
//! conflicts` numbers them with the record, the field, both values, desks
//! and times; `sync resolve N` keeps mine, theirs or a new value as a
//! normal, synced edit, and the other book, once it receives that edit,
//! has the value and no conflict left.

use std::path::Path;

mod common;
use common::cli::fieldbook;
use common::desks::{conflicts, exchange, json, race, run, two_desks};

const ORG: &str = "Kibera Youth";

fn city(db: &Path) -> String {
    let shown = run(db, &["search", ORG]);
    shown.lines().next().unwrap_or_default().to_string()
}

#[test]
fn the_list_names_the_record_the_field_both_values_and_desks() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_desks(dir.path(), ORG);
    race(dir.path(), (&a, &b), ORG, "--city", ("Nairobi", "Kisumu"));
    let on_a = conflicts(&a);
    assert_eq!(on_a.len(), 1, "{on_a:?}");
    let line = &on_a[0];
    assert!(
        line.starts_with("1. organization \"Kibera Youth\": city: kept \"Kisumu\" (kisumu.db ("),
        "{line}"
    );
    assert!(line.contains("; lost \"Nairobi\" (this book, 20"), "{line}");
    let on_b = conflicts(&b);
    assert!(
        on_b[0].contains("kept \"Kisumu\" (this book, ") && on_b[0].contains("(nairobi.db ("),
        "{on_b:?}"
    );
}

#[test]
fn keep_theirs_writes_the_value_that_lost_and_the_other_book_follows() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_desks(dir.path(), ORG);
    race(dir.path(), (&a, &b), ORG, "--city", ("Nairobi", "Kisumu"));
    // On Kisumu the kept value is its own: theirs is Nairobi's.
    let said = run(&b, &["sync", "resolve", "1", "--keep", "theirs"]);
    assert_eq!(
        said.trim(),
        "organization \"Kibera Youth\": city: \"Kisumu\" -> \"Nairobi\"; the conflict is resolved"
    );
    assert!(conflicts(&b).is_empty());
    assert!(city(&b).contains("Nairobi"), "{}", city(&b));
    exchange(dir.path(), &a, &b);
    assert!(city(&a).contains("Nairobi"));
    assert!(conflicts(&a).is_empty(), "{:?}", conflicts(&a));
    assert!(conflicts(&b).is_empty());
    assert_eq!(json(&a), json(&b));
}

#[test]
fn keeping_the_value_that_won_still_travels_and_settles_the_other_book() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_desks(dir.path(), ORG);
    race(dir.path(), (&a, &b), ORG, "--city", ("Nairobi", "Kisumu"));
    let said = run(&b, &["sync", "resolve", "1", "--keep", "mine"]);
    assert_eq!(
        said.trim(),
        "organization \"Kibera Youth\": city: kept \"Kisumu\"; the conflict is resolved"
    );
    // No value changed, yet the choice is a change for the other books.
    let status = run(&b, &["sync", "status"]);
    assert!(status.contains("changes made here: 2"), "{status}");
    exchange(dir.path(), &a, &b);
    assert!(conflicts(&a).is_empty(), "{:?}", conflicts(&a));
    assert!(city(&a).contains("Kisumu"));
    assert_eq!(json(&a), json(&b));
}

#[test]
fn a_new_value_is_checked_by_the_records_rules_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_desks(dir.path(), ORG);
    race(
        dir.path(),
        (&a, &b),
        ORG,
        "--name",
        ("Kibera Youth Group", "Kibera Youth Trust"),
    );
    // An organization must have a name: refused, nothing changed.
    fieldbook(&a)
        .args(["sync", "resolve", "1", "--value", " "])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "name cannot be empty; nothing was changed",
        ));
    assert_eq!(conflicts(&a).len(), 1);
    let said = run(
        &a,
        &["sync", "resolve", "1", "--value", "Kibera Youth Network"],
    );
    assert!(
        said.contains("name: \"Kibera Youth Trust\" -> \"Kibera Youth Network\""),
        "{said}"
    );
    // Reindexed, and its sort key follows.
    assert!(run(&a, &["search", "Network"]).contains("Kibera Youth Network"));
    exchange(dir.path(), &a, &b);
    assert!(run(&b, &["search", "Network"]).contains("Kibera Youth Network"));
    assert!(conflicts(&b).is_empty());
    assert_eq!(json(&a), json(&b));
}

#[test]
fn a_number_not_listed_or_no_choice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_desks(dir.path(), ORG);
    race(dir.path(), (&a, &b), ORG, "--city", ("Nairobi", "Kisumu"));
    fieldbook(&a)
        .args(["sync", "resolve", "2", "--keep", "mine"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "there is no conflict number 2 to review",
        ));
    fieldbook(&a)
        .args(["sync", "resolve", "1"])
        .assert()
        .failure();
    assert_eq!(conflicts(&a).len(), 1);
}
