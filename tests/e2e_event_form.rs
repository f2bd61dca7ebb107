//! End to end, the real binary in tmux: a seminar planned with the keyboard
//! alone in the event form (`n` on the Events tab), then read back through
//! the CLI (`fieldbook event list`, `event show`).
//!
//! NEEDS tmux. Without it this prints a loud SKIPPED line and passes,
//! unless FIELDBOOK_REQUIRE_TMUX is set (CI sets it, and installs tmux).

use std::path::{Path, PathBuf};

use fieldbook::domain::*;
use fieldbook::store::Store;

mod common;
use common::tmux::{Tmux, tmux_available};

/// An organization and a project to pick in the form.
fn book(dir: &Path) -> PathBuf {
    let db = dir.join("event_form.db");
    let mut store = Store::open(&db).unwrap();
    let plas = Organization::new("PLAS", OrgKind::DonorNgo);
    let mut project = Project::new("Kendu Bay water point");
    project.ref_code = Some("JPP-KE-2026-01".into());
    store
        .write(|tx| {
            tx.save_organization(&plas)?;
            tx.save_project(&project)
        })
        .unwrap();
    db
}

fn cli(db: &Path, args: &[&str]) -> String {
    let out = common::cli::fieldbook(db).args(args).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_seminar_made_in_the_event_form_is_in_the_cli() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path());
    let tmux = Tmux::start(100, 30, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Dashboard");
    tmux.send(&["8"]);
    tmux.wait_text("Events (0)");
    tmux.send(&["n"]);
    tmux.wait_text("New event");
    // Title; kind from its list (typed, enter); dates and times as typed.
    tmux.type_line("JPP application seminar");
    tmux.type_line("sem");
    tmux.type_line("2027-01-20");
    tmux.type_line("2027-01-21");
    tmux.type_line("9:00");
    tmux.type_line("16:30");
    tmux.type_line("JICA Kenya office");
    // Online: left at "no".
    tmux.send(&["Tab"]);
    // The organizer and the project from their pickers: enter takes the hit.
    tmux.send(&["-l", "PLAS"]);
    tmux.wait_text("PLAS_");
    tmux.send(&["Tab"]);
    tmux.send(&["-l", "Kendu"]);
    tmux.wait_text("JPP-KE-2026-01 Kendu Bay water point");
    tmux.send(&["Enter", "Tab"]);
    tmux.send(&["-l", "How to apply; budget rules"]);
    tmux.wait_text("budget rules_");
    tmux.send(&["C-s"]);
    tmux.wait_text("event saved");
    tmux.wait_text("Events (1)");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");

    let list = cli(&db, &["event", "list"]);
    let fields: Vec<&str> = list.trim_end().split('\t').collect();
    assert_eq!(
        fields[..4],
        ["2027-01-20", "seminar", "JPP application seminar", "0/0"],
        "{list}"
    );
    let show = cli(&db, &["event", "show", fields[4]]);
    let expected = "JPP application seminar (seminar)\n\
         date: 2027-01-20 to 2027-01-21 09:00-16:30\n\
         place: JICA Kenya office\n\
         organizer: PLAS\n\
         project: JPP-KE-2026-01 Kendu Bay water point\n\
         invitees: 0\n";
    assert!(show.starts_with(expected), "{show}");
}
