//! The real `fieldbook` binary on a given database file.

// Each test file uses part of this.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// The day the real binary believes it is in tests (FIELDBOOK_TODAY): no
/// test depends on the day it runs.
pub const TODAY: &str = "2026-11-28";

/// `fieldbook --db <db>`, with no FIELDBOOK_DB from the environment to
/// point it elsewhere, on the day `TODAY`.
pub fn fieldbook(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("fieldbook").unwrap();
    cmd.arg("--db")
        .arg(db)
        .env_remove("FIELDBOOK_DB")
        .env("FIELDBOOK_TODAY", TODAY);
    cmd
}

/// `stats --json` as a value, for checking what a command wrote (or did not).
pub fn stats(db: &Path) -> serde_json::Value {
    let out = fieldbook(db).args(["stats", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
