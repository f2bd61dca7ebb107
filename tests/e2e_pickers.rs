//! Names typed into a picker field survive Tab: taken when they name one
//! record, created where the field creates (organizations), otherwise the
//! field stays and says why. The real binary in tmux.
//!
//! NEEDS tmux (SKIPPED loudly without it, unless FIELDBOOK_REQUIRE_TMUX).

use std::path::{Path, PathBuf};

use fieldbook::domain::*;
use fieldbook::store::Store;

mod common;
use common::tmux::{Tmux, tmux_available};

fn book(dir: &Path) -> PathBuf {
    let db = dir.join("pickers.db");
    let mut store = Store::open(&db).unwrap();
    let near = Organization::new("Homa Bay County Health Office", OrgKind::LocalGovernment);
    store.write(|tx| tx.save_organization(&near)).unwrap();
    let mut wanjiru = Contact::new("Wanjiru Kamau");
    wanjiru.organization_id = Some(near.meta.id);
    store.write(|tx| tx.save_contact(&wanjiru)).unwrap();
    let project = Project::new("Farmers' field school");
    store.write(|tx| tx.save_project(&project)).unwrap();
    db
}

fn start(tmux: &Tmux, db: &Path) {
    tmux.run_fieldbook(db);
    tmux.wait_text("Dashboard");
}

/// The organization a contact was saved with.
fn organization_of(db: &Path, contact: &str) -> Option<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(
        "SELECT o.name FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id \
         WHERE c.display_name = ?1",
        [contact],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn tab_in_the_organization_field_keeps_what_was_typed() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let tmux = Tmux::start(120, 40, dir.path());
    start(&tmux, &db);
    tmux.send(&["2", "n"]);
    tmux.wait_text("New contact");
    tmux.send(&["-l", "Achieng Otieno"]);
    tmux.send(&["Tab", "Tab", "Tab"]);
    // The name of an organization nobody has yet (one begins so): created
    // with her, and shown as new before saving.
    tmux.send(&["-l", "Homa Bay County"]);
    tmux.wait_text("  Homa Bay County Health Office");
    tmux.send(&["Tab"]);
    tmux.wait_text("Homa Bay County (new)");
    tmux.send(&["C-s"]);
    tmux.wait_text("contact saved");
    assert_eq!(
        organization_of(&db, "Achieng Otieno").as_deref(),
        Some("Homa Bay County")
    );
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}

#[test]
fn tab_in_the_visit_form_takes_a_whole_name() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let tmux = Tmux::start(120, 40, dir.path());
    start(&tmux, &db);
    tmux.send(&["4", "v"]);
    tmux.wait_text("Log a visit");
    // Only the start of her name: Tab stays and says so.
    tmux.send(&["-l", "wanjiru"]);
    tmux.wait_text("  Wanjiru Kamau");
    tmux.send(&["Tab"]);
    tmux.wait_text("'wanjiru' begins 1 contact");
    tmux.send(&["-l", " kamau"]);
    tmux.wait_text("  Wanjiru Kamau");
    tmux.send(&["Tab"]);
    tmux.send(&["-l", "Seeds arrived late"]);
    tmux.wait_text("Seeds arrived late");
    tmux.send(&["C-s"]);
    tmux.wait_text("logged");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let met: i64 = conn
        .query_row(
            "SELECT count(*) FROM visit_participants p JOIN contacts c ON c.id = p.contact_id \
             WHERE c.display_name = 'Wanjiru Kamau'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(met, 1, "the person typed before Tab is in the visit");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}
