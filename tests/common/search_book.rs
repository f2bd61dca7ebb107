//! A book where one word ("zanzibar") finds records of six kinds, for the
//! tests that move to each search result and open it; and the README's
//! example config, for the tests of keys in the search box.

// Each test file uses part of this.
#![allow(dead_code)]

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::store::Store;

/// The word every record below is found by.
pub const QUERY: &str = "zanzibar";

/// One search result to open: the title the popup shows for it, and the
/// record Enter must open (a note opens the record it is on).
pub struct Expected {
    pub title: &'static str,
    pub opens: RecordKind,
    pub id: Id,
    /// What the details pane shows once it is open.
    pub detail: &'static str,
}

/// Writes the records; returns what each result must open. No title
/// contains another, and each is longer than the screen shows beside the
/// popup, so a title on screen is the popup's row.
pub fn several_kinds(store: &mut Store) -> Vec<Expected> {
    let org = Organization::new("Zanzibar Seaweed Cooperative", OrgKind::LocalNgo);
    store.write(|tx| tx.save_organization(&org)).unwrap();
    let contact = Contact::new("Amina Zanzibar Said");
    store.write(|tx| tx.save_contact(&contact)).unwrap();
    let project = Project::new("Zanzibar seaweed farming school");
    store.write(|tx| tx.save_project(&project)).unwrap();
    // The note is on a record the word does not find by itself.
    let clinic = Project::new("Coastal maternity clinic");
    store.write(|tx| tx.save_project(&clinic)).unwrap();
    let date = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let mut visit = Visit::new(date, Purpose::Monitoring);
    visit.place = Some("Zanzibar Stone Town".into());
    store.write(|tx| tx.save_visit(&visit)).unwrap();
    let follow_up = FollowUp::new("Call the Zanzibar port office");
    store.write(|tx| tx.save_follow_up(&follow_up)).unwrap();
    let note = Note::new(
        NoteTarget::Project(clinic.meta.id),
        "Ferry times to Zanzibar change in March",
    );
    store.write(|tx| tx.save_note(&note)).unwrap();
    vec![
        Expected {
            title: "Amina Zanzibar Said",
            opens: RecordKind::Contact,
            id: contact.meta.id,
            detail: "Amina Zanzibar Said",
        },
        Expected {
            title: "Zanzibar Seaweed Cooperative",
            opens: RecordKind::Organization,
            id: org.meta.id,
            detail: "Zanzibar Seaweed Cooperative",
        },
        Expected {
            title: "Zanzibar seaweed farming school",
            opens: RecordKind::Project,
            id: project.meta.id,
            detail: "Zanzibar seaweed farming school",
        },
        Expected {
            title: "2026-11-20 Zanzibar Stone Town",
            opens: RecordKind::Visit,
            id: visit.meta.id,
            detail: "Zanzibar Stone Town",
        },
        Expected {
            title: "Call the Zanzibar port office",
            opens: RecordKind::FollowUp,
            id: follow_up.meta.id,
            detail: "Call the Zanzibar port office",
        },
        Expected {
            title: "Ferry times to Zanzibar change in March",
            opens: RecordKind::Project,
            id: clinic.meta.id,
            detail: "Coastal maternity clinic",
        },
    ]
}

/// The rows of the search popup that show one of `titles`, in the order
/// they are drawn (top to bottom): the number of Downs that reaches each.
pub fn drawn_order<'a>(screen: &str, titles: &[&'a str]) -> Vec<&'a str> {
    let mut found: Vec<(usize, &str)> = titles
        .iter()
        .filter_map(|t| screen.lines().position(|l| l.contains(t)).map(|i| (i, *t)))
        .collect();
    found.sort();
    found.into_iter().map(|(_, t)| t).collect()
}

/// The README's example config, exactly as the README shows it.
pub fn readme_config() -> String {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("```toml\ntheme =")
        .expect("the README's config example");
    let body = &readme[start + "```toml\n".len()..];
    body[..body.find("```").unwrap()].to_string()
}
