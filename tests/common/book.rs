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

/// A temp dir and the path of a book in it (not created yet).
pub fn empty_book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    (dir, db)
}

/// The live contact named `name`, or a panic listing who is there.
pub fn contact_named(db: &Path, name: &str) -> Contact {
    let all = live_contacts(db);
    all.iter()
        .find(|c| c.display_name == name)
        .cloned()
        .unwrap_or_else(|| {
            panic!(
                "no contact {name}: {:?}",
                all.iter().map(|c| &c.display_name).collect::<Vec<_>>()
            )
        })
}

/// The name of a contact's organization.
pub fn organization_of(db: &Path, c: &Contact) -> Option<String> {
    let store = Store::open(db).unwrap();
    store
        .read()
        .organization(c.organization_id?)
        .unwrap()
        .map(|o| o.name)
}

/// The bodies of the notes on a contact, sorted.
pub fn notes_of(db: &Path, c: &Contact) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let mut notes: Vec<String> = store
        .read()
        .notes_on(fieldbook::domain::NoteTarget::Contact(c.meta.id))
        .unwrap()
        .into_iter()
        .map(|n| n.body)
        .collect();
    notes.sort();
    notes
}
