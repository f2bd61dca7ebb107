//! `Reader::full_text`: every kind of timeline entry read whole from a real
//! book, with the names of what it points to; an entry deleted meanwhile
//! reads as gone.

use chrono::{NaiveDate, TimeZone, Utc};
use fieldbook::domain::*;
use fieldbook::store::Store;
use fieldbook::store::full_text::{Entry, FullText};

fn long_text(words: usize) -> String {
    (1..=words)
        .map(|i| format!("word{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn each_kind_of_entry_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("full.db")).unwrap();
    let doi = Contact::new("Doi Kenichi");
    let project = Project::new("Farmers' field schools");
    let mut visit = Visit::new(
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        Purpose::Monitoring,
    );
    visit.project_id = Some(project.meta.id);
    visit.participant_ids = vec![doi.meta.id];
    visit.observations = long_text(500);
    let mut follow_up = FollowUp::new(long_text(60));
    follow_up.visit_id = Some(visit.meta.id);
    follow_up.owner = Owner::Contact(doi.meta.id);
    let note = Note::new(NoteTarget::Contact(doi.meta.id), long_text(300));
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap();
    store
        .write(|tx| {
            tx.save_contact(&doi)?;
            tx.save_project(&project)?;
            tx.save_visit(&visit)?;
            tx.save_follow_up(&follow_up)?;
            tx.save_note(&note)?;
            tx.set_project_status_at(project.meta.id, ProjectStatus::Proposal, Some("why"), at)?;
            Ok::<_, fieldbook::store::StoreError>(())
        })
        .unwrap();
    let r = store.read();
    match r.full_text(Entry::Visit(visit.meta.id)).unwrap() {
        Some(FullText::Visit {
            visit: v,
            project: p,
            people,
            follow_ups,
        }) => {
            assert_eq!(v.observations, long_text(500), "not cut to a line");
            assert_eq!(p.as_deref(), Some("Farmers' field schools"));
            assert_eq!(people, ["Doi Kenichi"]);
            assert_eq!(follow_ups.len(), 1);
            assert_eq!(follow_ups[0].owner.as_deref(), Some("Doi Kenichi"));
        }
        other => panic!("{other:?}"),
    }
    match r.full_text(Entry::Note(note.meta.id)).unwrap() {
        Some(FullText::Note { note: n, on }) => {
            assert_eq!(n.body, long_text(300));
            assert_eq!(on, "Doi Kenichi");
        }
        other => panic!("{other:?}"),
    }
    match r.full_text(Entry::FollowUp(follow_up.meta.id)).unwrap() {
        Some(FullText::FollowUp {
            follow_up: f,
            owner,
        }) => {
            assert_eq!(f.text, long_text(60));
            assert_eq!(owner.as_deref(), Some("Doi Kenichi"));
        }
        other => panic!("{other:?}"),
    }
    let change = Entry::StatusChange {
        project: project.meta.id,
        at,
    };
    match r.full_text(change).unwrap() {
        Some(FullText::StatusChange { change, project: p }) => {
            assert_eq!(change.to, ProjectStatus::Proposal);
            assert_eq!(change.reason.as_deref(), Some("why"));
            assert_eq!(p, "Farmers' field schools");
        }
        other => panic!("{other:?}"),
    }
    let elsewhere = Entry::StatusChange {
        project: project.meta.id,
        at: at + chrono::Duration::seconds(1),
    };
    assert_eq!(r.full_text(elsewhere).unwrap(), None);
    assert_eq!(r.full_text(Entry::Note(Id::nil())).unwrap(), None);
}
