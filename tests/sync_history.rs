//! A record's history, read from the change log (issue 17): the record's
//! own fields and its list rows (phones), who made each change and from
//! what to what, newest first, its creation last; other records' changes
//! (even ones that link to it) left out. And how long it takes on a book
//! with a few thousand logged changesets.

use std::time::Instant;

use fieldbook::domain::{Contact, OrgKind, Organization, Phone, RecordKind};
use fieldbook::store::Store;
use fieldbook::sync::history::{self, HistoryEntry};

fn phone(value: &str) -> Phone {
    Phone {
        label: "mobile".into(),
        value: value.into(),
    }
}

/// (what, from, to) of each entry, for comparing.
fn changes(entries: &[HistoryEntry]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .map(|e| (e.what.clone(), e.from.clone(), e.to.clone()))
        .collect()
}

fn owned(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn a_contacts_history_has_its_fields_and_phones_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("nairobi.db")).unwrap();
    let org = Organization::new("Kisumu Youth Health Network", OrgKind::LocalNgo);
    store.write(|tx| tx.save_organization(&org)).unwrap();
    let mut zawadi = Contact::new("Zawadi Achieng");
    store.write(|tx| tx.save_contact(&zawadi)).unwrap();
    zawadi.role = Some("Programme officer".into());
    zawadi.phones = vec![phone("+254 700 000 001")];
    store.write(|tx| tx.save_contact(&zawadi)).unwrap();
    zawadi.role = Some("Director".into());
    zawadi.organization_id = Some(org.meta.id);
    zawadi.phones = vec![phone("+254 700 000 002")];
    store.write(|tx| tx.save_contact(&zawadi)).unwrap();
    // Someone else, and the organization: not in her history.
    let mut other = Contact::new("Baraka Otieno");
    other.organization_id = Some(org.meta.id);
    store.write(|tx| tx.save_contact(&other)).unwrap();

    let entries = history::of_record(&store, RecordKind::Contact, zawadi.meta.id).unwrap();
    assert!(entries.iter().all(|e| e.desk == "this book"));
    assert!(entries.windows(2).all(|w| w[0].clock >= w[1].clock));
    assert_eq!(
        changes(&entries),
        owned(&[
            ("organization", "(empty)", "Kisumu Youth Health Network"),
            ("role", "\"Programme officer\"", "\"Director\""),
            // A phone's id is its number (issue 17's content ids): a new
            // number is another item, the old one removed.
            ("removed phone", "\"mobile\", \"+254 700 000 001\"", ""),
            ("added phone", "", "\"mobile\", \"+254 700 000 002\""),
            ("role", "(empty)", "\"Programme officer\""),
            ("added phone", "", "\"mobile\", \"+254 700 000 001\""),
            ("created", "", ""),
        ])
    );
}

#[test]
fn reading_a_history_among_thousands_of_logged_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("big.db")).unwrap();
    let mut orgs: Vec<Organization> = (0..100)
        .map(|i| Organization::new(format!("Organization {i}"), OrgKind::Other))
        .collect();
    store
        .write(|tx| orgs.iter().try_for_each(|o| tx.save_organization(o)))
        .unwrap();
    // 3,000 logged changesets, 30 of them the first organization's.
    for round in 0..30 {
        for org in orgs.iter_mut() {
            org.city = Some(format!("City {round}"));
            store.write(|tx| tx.save_organization(org)).unwrap();
        }
    }
    let started = Instant::now();
    let entries = history::of_record(&store, RecordKind::Organization, orgs[0].meta.id).unwrap();
    let took = started.elapsed();
    eprintln!("history of one record among 3,001 logged changesets: {took:?}");
    assert_eq!(entries.len(), 31, "30 edits and the creation");
    assert_eq!(entries[0].to, "\"City 29\"");
    assert_eq!(entries[30].what, "created");
}
