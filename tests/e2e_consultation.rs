//! End to end in tmux: a phone consultation logged from a selected contact
//! with `c`, counting every key that is not the question's text.
//!
//! NEEDS tmux (see tests/common/tmux.rs).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fieldbook::demo::{DemoOptions, generate};
use fieldbook::domain::RecordKind;
use fieldbook::store::Store;
use fieldbook::store::views::FollowUpFilter;

mod common;
use common::tmux::{Tmux, tmux_available};

fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("e2e.db");
    let mut store = Store::open(&path).unwrap();
    let today = NaiveDate::parse_from_str(common::cli::TODAY, "%Y-%m-%d").unwrap();
    let options = DemoOptions {
        scale: 300,
        seed: 5,
        today,
        force: false,
    };
    generate(&mut store, &options).unwrap();
    path
}

/// The first contact of the list, selected when the tab opens.
fn first_contact(db: &Path) -> (String, fieldbook::domain::Id) {
    let store = Store::open(db).unwrap();
    let r = store.read();
    let keys = r
        .list_keys(RecordKind::Contact, FollowUpFilter::Open)
        .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let row = r
        .list_rows(RecordKind::Contact, &keys[..1], today)
        .unwrap()
        .remove(0);
    (row.columns[0].clone(), row.id)
}

#[test]
fn a_phone_consultation_with_a_topic_one_person_and_a_summary_in_eight_keys() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (name, contact) = first_contact(&db);
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("OVERDUE follow-ups");
    // The selection: the contacts tab, its first person (not counted).
    tmux.send(&["2"]);
    tmux.wait_for("the first contact's details", |s| {
        s.contains("Contacts (") && s.contains("Last contact")
    });
    let mut keystrokes = 0;
    let mut key = |keys: &[&str]| {
        keystrokes += 1;
        tmux.send(keys);
    };
    key(&["c"]);
    tmux.wait_for("the form, with the person", |s| {
        s.contains("New consultation") && s.contains(&name)
    });
    // Channel: "ph" narrows the list to Phone, Enter takes it.
    key(&["p"]);
    key(&["h"]);
    tmux.wait_for("Phone offered alone", |s| s.contains("Phone"));
    key(&["Enter"]);
    // Topic: "r" puts NGO registration first, Enter takes it.
    key(&["r"]);
    tmux.wait_text("NGO registration and permits");
    key(&["Enter"]);
    let text = "Asked how long registration renewal takes";
    tmux.send(&["-l", text]);
    tmux.wait_text(text);
    key(&["C-s"]);
    tmux.wait_text("consultation saved");
    assert!(keystrokes <= 8, "{keystrokes} keystrokes besides the text");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");

    let conn = rusqlite::Connection::open(&db).unwrap();
    let (channel, topic, person, org_matches): (String, String, fieldbook::domain::Id, bool) = conn
        .query_row(
            "SELECT c.channel, c.topic, p.contact_id,
                    c.organization_id IS (SELECT organization_id FROM contacts WHERE id = p.contact_id)
             FROM consultations c JOIN consultation_people p ON p.consultation_id = c.id
             WHERE c.summary = ?1",
            [text],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (channel.as_str(), topic.as_str()),
        ("phone", "registration")
    );
    assert_eq!(person, contact);
    assert!(org_matches, "the organization comes from the person");
}
