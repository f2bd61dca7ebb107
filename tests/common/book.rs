//! Reading back what a command wrote to a book, and the fixtures it read.

// Each test file uses part of this.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use fieldbook::domain::Contact;
use fieldbook::store::Store;

/// A file in `tests/fixtures/` (`sub/name` for a file in a sub-folder).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `fieldbook import FIXTURE EXTRA...` on `db`, to assert on.
pub fn import(db: &Path, file: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    super::cli::fieldbook(db)
        .arg("import")
        .arg(fixture(file))
        .args(extra)
        .assert()
}

/// Every contact not in the trash, by display name.
pub fn live_contacts(db: &Path) -> Vec<Contact> {
    let store = Store::open(db).unwrap();
    let mut out = Vec::new();
    store
        .read()
        .each_contact(|c| {
            if c.meta.deleted_at.is_none() {
                out.push(c);
            }
            Ok(())
        })
        .unwrap();
    out.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    out
}
