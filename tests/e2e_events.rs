//! End to end, the real binary in tmux: inviting everyone with a tag from
//! the invite screen, then marking 10 of the 12 attended on the checklist
//! (space marks and moves down), checked in the book and through the CLI.
//!
//! NEEDS tmux. Without it this prints a loud SKIPPED line and passes,
//! unless FIELDBOOK_REQUIRE_TMUX is set (CI sets it, and installs tmux).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::store::Store;

mod common;
use common::tmux::{Tmux, tmux_available};

/// A local NGO tagged `kenya-ngo` with twelve people, and one seminar with
/// nobody invited yet.
fn book(dir: &Path) -> (PathBuf, Id, Vec<Id>) {
    let path = dir.join("events.db");
    let mut store = Store::open(&path).unwrap();
    let mut org = Organization::new("Kisumu Women Farmers Group", OrgKind::LocalNgo);
    org.tags = vec!["kenya-ngo".into()];
    let mut people = Vec::new();
    let mut seminar = Event::new(
        "JPP application seminar",
        EventKind::Seminar,
        NaiveDate::from_ymd_opt(2026, 12, 10).unwrap(),
    );
    seminar.place = Some("Kisumu".into());
    store
        .write(|tx| {
            tx.save_organization(&org)?;
            for i in 1..=12 {
                let mut c = Contact::new(format!("Member {i:02} Atieno"));
                c.organization_id = Some(org.meta.id);
                tx.save_contact(&c)?;
                people.push(c.meta.id);
            }
            tx.save_event(&seminar)
        })
        .unwrap();
    (path, seminar.meta.id, people)
}

#[test]
fn inviting_by_tag_then_marking_ten_attended_lands_in_the_book() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (db, event, people) = book(dir.path());
    let tmux = Tmux::start(100, 30, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Dashboard");
    tmux.send(&["8"]);
    tmux.wait_for("the seminar's details", |s| {
        s.contains("JPP application seminar") && s.contains("Invitees")
    });
    // Invite by tag: tab from "organization" to "tag", type it, enter.
    tmux.send(&["i"]);
    tmux.wait_text("Invite to");
    tmux.send(&["Tab"]);
    tmux.wait_text("[tag]");
    tmux.type_line("kenya-ngo");
    tmux.wait_text("invited 12 to JPP application seminar");

    // The checklist: space ten times, each marking and moving down.
    tmux.send(&["m"]);
    tmux.wait_text("Attended 0 of 12");
    for n in 1..=10 {
        tmux.send(&["Space"]);
        tmux.wait_text(&format!("Attended {n} of 12"));
    }
    // Each mark is its own write: wait for the last to be said.
    tmux.wait_text("Member 10 Atieno: attended");
    tmux.send(&["Escape"]);
    tmux.wait_for("the details with the count", |s| {
        s.contains("10 attended, 2 invited of 12")
    });
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");

    // In the book: the first ten in invitation (name) order came.
    let e = Store::open(&db)
        .unwrap()
        .read()
        .event(event)
        .unwrap()
        .unwrap();
    let attended: Vec<Id> = e
        .invitees
        .iter()
        .filter(|i| i.status == InviteeStatus::Attended)
        .map(|i| i.who.id())
        .collect();
    assert_eq!(attended, people[..10].to_vec());
    // And through the CLI.
    let out = common::cli::fieldbook(&db)
        .args(["event", "show", "JPP application seminar"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("  attended    10"), "{out}");
    assert!(out.contains("  local_ngo         10 of 12"), "{out}");
}
