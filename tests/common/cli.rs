//! The real `fieldbook` binary on a given database file.

// Each test file uses part of this.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// `fieldbook --db <db>`, with no FIELDBOOK_DB from the environment to
/// point it elsewhere.
pub fn fieldbook(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("fieldbook").unwrap();
    cmd.arg("--db").arg(db).env_remove("FIELDBOOK_DB");
    cmd
}
