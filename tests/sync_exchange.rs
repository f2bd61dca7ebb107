//! Offline exchange between books (issue 17), on real book files and the
//! real binary: two books from one origin exchange bundles and converge;
//! races on one field are listed as conflicts, edits of different fields
//! both survive; importing twice changes nothing; bad bundles are refused
//! with nothing applied.

use std::fs;
use std::path::{Path, PathBuf};

use fieldbook::domain::{Id, Organization};
use fieldbook::store::Store;
use fieldbook::sync::bundle::Bundle;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::cli::fieldbook;

const PASS: &str = "shared by the offices";

fn sync(db: &Path) -> assert_cmd::Command {
    let mut cmd = fieldbook(db);
    cmd.env("FIELDBOOK_SYNC_PASSPHRASE", PASS).arg("sync");
    cmd
}

fn add_org(db: &Path, name: &str) -> Id {
    let out = fieldbook(db)
        .args(["add", "org", "--name", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Edits an organization as the UI's form does (one write transaction).
fn edit_org(db: &Path, id: Id, change: impl FnOnce(&mut Organization)) {
    let mut store = Store::open(db).unwrap();
    let mut org = store.read().organization(id).unwrap().unwrap();
    change(&mut org);
    store.write(|tx| tx.save_organization(&org)).unwrap();
}

fn org(db: &Path, id: Id) -> Organization {
    Store::open(db)
        .unwrap()
        .read()
        .organization(id)
        .unwrap()
        .unwrap()
}

/// A book with two organizations, and a copy of it made with cp and given
/// its own identity, as a second desk would start.
fn two_desks(dir: &Path) -> (PathBuf, PathBuf, Id, Id) {
    let a = dir.join("nairobi.db");
    let b = dir.join("kisumu.db");
    let kibera = add_org(&a, "Kibera Youth");
    let mathare = add_org(&a, "Mathare Women");
    fs::copy(&a, &b).unwrap();
    sync(&b).arg("reset-id").assert().success();
    (a, b, kibera, mathare)
}

fn export(db: &Path, out: &Path) {
    sync(db)
        .args(["export", "--out"])
        .arg(out)
        .assert()
        .success();
}

fn import(db: &Path, bundle: &Path) -> String {
    let out = sync(db).arg("import").arg(bundle).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Each book sends the other everything it has.
fn exchange(dir: &Path, a: &Path, b: &Path) {
    let (ab, ba) = (dir.join("a-to-b.fbsync"), dir.join("b-to-a.fbsync"));
    export(a, &ab);
    export(b, &ba);
    import(b, &ab);
    import(a, &ba);
}

fn json(db: &Path) -> Vec<u8> {
    let file = db.with_extension("export.json");
    fieldbook(db)
        .args(["export", "--format", "json", "--out"])
        .arg(&file)
        .assert()
        .success();
    fs::read(file).unwrap()
}

fn conflicts(db: &Path) -> String {
    String::from_utf8(sync(db).arg("conflicts").output().unwrap().stdout).unwrap()
}

#[test]
fn two_books_from_one_origin_converge_to_the_same_export() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, kibera, mathare) = two_desks(dir.path());
    let only_a = add_org(&a, "Turkana Water Trust");
    let only_b = add_org(&b, "Kisumu Fisherfolk");
    edit_org(&a, kibera, |o| o.city = Some("Nairobi".into()));
    edit_org(&b, mathare, |o| {
        o.website = Some("https://mathare.example".into())
    });
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b), "the two books differ after exchanging");
    assert_eq!(org(&b, only_a).name, "Turkana Water Trust");
    assert_eq!(org(&a, only_b).name, "Kisumu Fisherfolk");
    assert_eq!(org(&b, kibera).city.as_deref(), Some("Nairobi"));
    assert_eq!(
        org(&a, mathare).website.as_deref(),
        Some("https://mathare.example")
    );
    // The received records are in the search index, in the same transaction.
    fieldbook(&b)
        .args(["search", "Turkana"])
        .assert()
        .success()
        .stdout(contains("Turkana Water Trust"));
    assert_eq!(conflicts(&a).trim(), "no conflicts to review");
}

#[test]
fn a_race_on_one_field_is_a_conflict_and_edits_of_different_fields_both_survive() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, kibera, _) = two_desks(dir.path());
    edit_org(&a, kibera, |o| {
        o.city = Some("Nairobi".into());
        o.country = Some("KE".into());
    });
    edit_org(&b, kibera, |o| {
        o.city = Some("Kisumu".into());
        o.website = Some("https://kibera.example".into());
    });
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b));
    let merged = org(&a, kibera);
    assert_eq!(
        merged.country.as_deref(),
        Some("KE"),
        "A's own field survives"
    );
    assert_eq!(
        merged.website.as_deref(),
        Some("https://kibera.example"),
        "B's own field survives"
    );
    // B edited last: its city wins on both books, and both list the race.
    assert_eq!(merged.city.as_deref(), Some("Kisumu"));
    for book in [&a, &b] {
        let listed = conflicts(book);
        assert_eq!(listed.lines().count(), 1, "{listed}");
        assert!(
            listed.contains("organization \"Kibera Youth\"") && listed.contains(" city: "),
            "{listed}"
        );
        assert!(
            listed.contains("kept \"Kisumu\"") && listed.contains("lost \"Nairobi\""),
            "{listed}"
        );
    }
    // A later edit after seeing the other's is not a race.
    edit_org(&a, kibera, |o| o.city = Some("Eldoret".into()));
    exchange(dir.path(), &a, &b);
    assert_eq!(org(&b, kibera).city.as_deref(), Some("Eldoret"));
    assert_eq!(conflicts(&b).lines().count(), 1);
}

#[test]
fn importing_the_same_bundle_twice_changes_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, kibera, _) = two_desks(dir.path());
    add_org(&a, "Turkana Water Trust");
    edit_org(&a, kibera, |o| o.city = Some("Nairobi".into()));
    let bundle = dir.path().join("a.fbsync");
    export(&a, &bundle);
    let first = import(&b, &bundle);
    assert!(first.contains("applied 2"), "{first}");
    let after_first = json(&b);
    let second = import(&b, &bundle);
    assert!(
        second.contains("applied 0 (0 changes), skipped 4"),
        "{second}"
    );
    assert_eq!(json(&b), after_first);
}

#[test]
fn changes_arriving_before_their_predecessors_are_held_then_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, kibera, _) = two_desks(dir.path());
    let c = dir.path().join("mombasa.db");
    fs::copy(&b, &c).unwrap();
    sync(&c).arg("reset-id").assert().success();
    edit_org(&a, kibera, |o| o.city = Some("Nairobi".into()));
    let early = dir.path().join("early.fbsync");
    export(&a, &early);
    edit_org(&a, kibera, |o| {
        o.website = Some("https://kibera.example".into())
    });
    // C gets only A's newer change first (through B, which got both but
    // sends only what C lacks: here, a bundle cut down to the last one).
    let all = dir.path().join("all.fbsync");
    export(&a, &all);
    let mut late = Bundle::read(&fs::read(&all).unwrap(), Some(PASS)).unwrap();
    late.entries.retain(|e| e.meta.seq == 4);
    assert_eq!(late.entries.len(), 1);
    let late_file = dir.path().join("late.fbsync");
    fs::write(&late_file, late.to_plain()).unwrap();
    let out = import(&c, &late_file);
    assert!(out.contains("applied 0") && out.contains("held 1"), "{out}");
    sync(&c)
        .arg("status")
        .assert()
        .success()
        .stdout(contains("held: 1 changes 4-4"));
    let out = import(&c, &early);
    assert!(out.contains("applied 2"), "{out}");
    let now = org(&c, kibera);
    assert_eq!(now.city.as_deref(), Some("Nairobi"));
    assert_eq!(now.website.as_deref(), Some("https://kibera.example"));
    sync(&c)
        .arg("status")
        .assert()
        .success()
        .stdout(predicates::str::contains("held").not());
}

/// Every bad bundle is refused with a message naming it, and nothing of
/// it (nor of the good ones given with it) is applied.
#[test]
fn bad_bundles_are_refused_with_nothing_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, kibera, _) = two_desks(dir.path());
    edit_org(&a, kibera, |o| o.city = Some("Nairobi".into()));
    let good = dir.path().join("good.fbsync");
    export(&a, &good);
    let plain = dir.path().join("plain.fbsync");
    sync(&a)
        .args(["export", "--plain", "--out"])
        .arg(&plain)
        .assert()
        .success();
    let bundle = Bundle::read(&fs::read(&plain).unwrap(), None).unwrap();
    let before = json(&b);
    let refused = |file: &Path, words: &str| {
        sync(&b)
            .arg("import")
            .arg(&good)
            .arg(file)
            .assert()
            .failure()
            .stderr(contains(file.display().to_string()))
            .stderr(contains(words));
        assert_eq!(json(&b), before, "{} changed the book", file.display());
    };
    let write = |name: &str, bytes: Vec<u8>| {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        path
    };
    let bytes = fs::read(&good).unwrap();
    refused(
        &write("cut.fbsync", bytes[..bytes.len() - 40].to_vec()),
        "damaged",
    );
    let bytes = fs::read(&plain).unwrap();
    refused(
        &write("cut-plain.fbsync", bytes[..bytes.len() / 2].to_vec()),
        "damaged",
    );
    let mut flipped = bytes.clone();
    let at = flipped.len() - 60;
    flipped[at] ^= 0x20;
    refused(&write("flipped.fbsync", flipped), "damaged");
    let mut future = bundle.clone();
    future.header.schema = 99;
    refused(
        &write("future.fbsync", future.to_plain()),
        "newer fieldbook (schema 99)",
    );
    let mut ahead = bundle.clone();
    let two_days = 2 * 24 * 3600 * 1000 * 65536_i64;
    ahead.entries.last_mut().unwrap().meta.clock += two_days;
    refused(
        &write("ahead.fbsync", ahead.to_plain()),
        "24 h ahead of this machine (desk nairobi.db",
    );
    let own = dir.path().join("own.fbsync");
    export(&b, &own);
    refused(&own, "written by this same book");
    sync(&b)
        .env("FIELDBOOK_SYNC_PASSPHRASE", "not the offices' one")
        .arg("import")
        .arg(&good)
        .assert()
        .failure()
        .stderr(contains("wrong passphrase"));
    assert_eq!(json(&b), before);
    refused(
        &write("stranger.fbsync", b"hello".to_vec()),
        "not a fieldbook sync bundle",
    );
}

#[test]
fn a_copy_made_with_cp_and_not_given_a_new_identity_is_refused_as_forked() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, kibera, mathare) = two_desks(dir.path());
    let twin = dir.path().join("twin.db");
    fs::copy(&a, &twin).unwrap();
    edit_org(&a, kibera, |o| o.city = Some("Nairobi".into()));
    edit_org(&twin, mathare, |o| o.city = Some("Mombasa".into()));
    let (from_a, from_twin) = (dir.path().join("a.fbsync"), dir.path().join("twin.fbsync"));
    export(&a, &from_a);
    export(&twin, &from_twin);
    import(&b, &from_a);
    let before = json(&b);
    sync(&b)
        .arg("import")
        .arg(&from_twin)
        .assert()
        .failure()
        .stderr(contains("a forked book: twin.db"))
        .stderr(contains("fieldbook sync reset-id"));
    assert_eq!(json(&b), before);
}

#[test]
fn export_needs_a_passphrase_unless_plain_on_purpose() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _, _, _) = two_desks(dir.path());
    let out = dir.path().join("x.fbsync");
    fieldbook(&a)
        .env_remove("FIELDBOOK_SYNC_PASSPHRASE")
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .args(["sync", "export", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(contains("no sync passphrase"));
    assert!(!out.exists());
    fieldbook(&a)
        .env_remove("FIELDBOOK_SYNC_PASSPHRASE")
        .args(["sync", "export", "--plain", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("NOT encrypted"));
    // The passphrase from the config file: a bundle the other desk opens
    // with the same passphrase.
    let config = dir.path().join("config");
    fs::create_dir_all(config.join("fieldbook")).unwrap();
    fs::write(
        config.join("fieldbook/config.toml"),
        format!("sync_passphrase = \"{PASS}\"\n"),
    )
    .unwrap();
    fs::remove_file(&out).unwrap();
    fieldbook(&a)
        .env_remove("FIELDBOOK_SYNC_PASSPHRASE")
        .env("XDG_CONFIG_HOME", &config)
        .args(["sync", "export", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("NOT encrypted").not());
    assert!(
        Bundle::read(&fs::read(&out).unwrap(), None).is_err(),
        "not encrypted"
    );
    assert!(Bundle::read(&fs::read(&out).unwrap(), Some(PASS)).is_ok());
}

/// Issue 16's kinds travel too, and a received one is found by search
/// (its record is reindexed in the import's transaction).
#[test]
fn a_received_consultation_and_event_are_found_by_search() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, _, _) = two_desks(dir.path());
    fieldbook(&a)
        .args([
            "log-consultation",
            "--date",
            "2026-11-20",
            "--org",
            "Kibera Youth",
        ])
        .args([
            "--topic",
            "registration",
            "--summary",
            "Renewing the borehole permit",
        ])
        .assert()
        .success();
    fieldbook(&a)
        .args([
            "add",
            "event",
            "--title",
            "Turkana partners forum",
            "--kind",
            "forum",
        ])
        .args(["--date", "2027-01-20"])
        .assert()
        .success();
    exchange(dir.path(), &a, &b);
    assert_eq!(json(&a), json(&b), "the two books differ after exchanging");
    for (query, found) in [
        ("borehole", "Renewing the borehole permit"),
        ("Turkana", "Turkana partners forum"),
    ] {
        fieldbook(&b)
            .args(["search", query])
            .assert()
            .success()
            .stdout(contains(found));
    }
}
