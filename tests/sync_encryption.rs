//! Sync between encrypted books (built with `--features encryption`;
//! `.ci/run` runs this file with the feature on): a bundle from a book
//! encrypted with one passphrase applies to a book encrypted with another,
//! and encrypting a book gives it a new sync identity.
#![cfg(feature = "encryption")]

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

mod common;

const SYNC: &str = "the offices' sync passphrase";

fn fieldbook(db: &Path, book_passphrase: Option<&str>) -> Command {
    let mut cmd = common::cli::fieldbook(db);
    cmd.env_remove("FIELDBOOK_PASSPHRASE")
        .env("FIELDBOOK_SYNC_PASSPHRASE", SYNC);
    if let Some(p) = book_passphrase {
        cmd.env("FIELDBOOK_PASSPHRASE", p);
    }
    cmd
}

fn replica(db: &Path, pass: &str) -> String {
    let out = fieldbook(db, Some(pass))
        .args(["sync", "status"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn a_bundle_from_one_encrypted_book_applies_to_another_with_another_key() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("nairobi.db"), dir.path().join("kisumu.db"));
    fieldbook(&a, None)
        .args(["add", "org", "--name", "Kibera Youth"])
        .assert()
        .success();
    std::fs::copy(&a, &b).unwrap();
    let before = {
        let out = fieldbook(&a, None)
            .args(["sync", "status"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    for (db, pass) in [(&a, "first key"), (&b, "second key")] {
        fieldbook(db, Some(pass)).arg("encrypt").assert().success();
    }
    // Each encrypted copy is a new book to the others.
    let (ra, rb) = (replica(&a, "first key"), replica(&b, "second key"));
    assert_ne!(ra, before);
    assert_ne!(ra, rb);
    fieldbook(&a, Some("first key"))
        .args(["add", "org", "--name", "Turkana Water Trust"])
        .assert()
        .success();
    let bundle = dir.path().join("a.fbsync");
    fieldbook(&a, Some("first key"))
        .args(["sync", "export", "--out"])
        .arg(&bundle)
        .assert()
        .success();
    fieldbook(&b, Some("second key"))
        .args(["sync", "import"])
        .arg(&bundle)
        .assert()
        .success()
        .stdout(contains("applied 1"));
    fieldbook(&b, Some("second key"))
        .args(["search", "Turkana"])
        .assert()
        .success()
        .stdout(contains("Turkana Water Trust"));
}
