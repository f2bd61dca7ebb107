//! The store against real SQLite files in temporary directories.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::store::migrations::{self, latest_version};
use fieldbook::store::{APPLICATION_ID, Store, StoreError};
use rusqlite::Connection;
use tempfile::TempDir;

fn temp_db() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fieldbook.db");
    (dir, path)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Sample {
    org: Organization,
    partner: Organization,
    contact: Contact,
    project: Project,
    visit: Visit,
    follow_up: FollowUp,
    note: Note,
}

fn sample() -> Sample {
    let mut org = Organization::new("Association Sénégalaise N'Diaye", OrgKind::LocalNgo);
    org.country = Some("SN".into());
    org.city = Some("Thiès".into());
    org.website = Some("https://example.org/asn".into());
    org.tags = vec!["agriculture".into(), "forum-2026".into()];
    let partner = Organization::new("PLAS", OrgKind::DonorNgo);

    let mut contact = Contact::new("Doi Kenichi");
    contact.native_name = Some("土居健市".into());
    contact.reading = Some("ドイ ケンイチ".into());
    contact.organization_id = Some(org.meta.id);
    contact.role = Some("Project manager".into());
    contact.phones = vec![
        Phone {
            label: "mobile".into(),
            value: "+254 700 000001".into(),
        },
        Phone {
            label: "office".into(),
            value: "+254 20 123 4567".into(),
        },
    ];
    contact.emails = vec![Email {
        label: "work".into(),
        value: "doi@example.org".into(),
    }];
    contact.languages = vec!["ja".into(), "en".into(), "sw".into()];
    contact.country = Some("KE".into());
    contact.city = Some("Kisumu".into());
    contact.tags = vec!["key-partner".into()];

    let mut project = Project::new("Farmers' field school in Thiès");
    project.ref_code = Some("FB-2026-0001".into());
    project.implementing_org_id = Some(partner.meta.id);
    project.partner_org_ids = vec![org.meta.id];
    project.host_country = Some("SN".into());
    project.site = Some("Keur Mbaye, Thiès".into());
    project.sector = Some("agriculture".into());
    project.programme_type = Some(ProgrammeType::Partner);
    project.start_date = Some(date("2026-04-01"));
    project.end_date = Some(date("2028-03-31"));
    project.budget = Some(Money::parse("12000000 JPY").unwrap());
    project.summary = Some("Raises smallholder yields.".into());
    project.status = ProjectStatus::Proposal;

    let mut visit = Visit::new(date("2026-11-27"), Purpose::Monitoring);
    visit.place = Some("Keur Mbaye".into());
    visit.project_id = Some(project.meta.id);
    visit.participant_ids = vec![contact.meta.id];
    visit.observations = "34 farmers attended; plots well kept. 田んぼも確認。".into();
    visit.issues = "Seed delivery late.".into();

    let mut follow_up = FollowUp::new("Send training manual");
    follow_up.owner = Owner::Contact(contact.meta.id);
    follow_up.due_date = Some(date("2026-12-05"));
    follow_up.visit_id = Some(visit.meta.id);
    follow_up.project_id = Some(project.meta.id);

    let note = Note::new(
        NoteTarget::Contact(contact.meta.id),
        "Prefers WhatsApp. 朝は早い。",
    );
    Sample {
        org,
        partner,
        contact,
        project,
        visit,
        follow_up,
        note,
    }
}

fn save_all(store: &mut Store, s: &Sample) {
    store
        .write(|tx| {
            tx.save_organization(&s.org)?;
            tx.save_organization(&s.partner)?;
            tx.save_contact(&s.contact)?;
            tx.save_project(&s.project)?;
            tx.save_visit(&s.visit)?;
            tx.save_follow_up(&s.follow_up)?;
            tx.save_note(&s.note)
        })
        .unwrap();
}

/// Compares everything but `updated_at`, which the store sets.
fn same<T: Clone + PartialEq + std::fmt::Debug>(stored: &T, original: &T, strip: impl Fn(&mut T)) {
    let (mut a, mut b) = (stored.clone(), original.clone());
    strip(&mut a);
    strip(&mut b);
    assert_eq!(a, b);
}

fn ms(meta: &mut Meta) {
    meta.updated_at = meta.created_at;
    // SQLite keeps milliseconds.
    meta.created_at =
        chrono::DateTime::from_timestamp_millis(meta.created_at.timestamp_millis()).unwrap();
    meta.updated_at = meta.created_at;
}

#[test]
fn every_record_kind_round_trips_and_survives_reopening() {
    let (_dir, path) = temp_db();
    let s = sample();
    {
        let mut store = Store::open(&path).unwrap();
        save_all(&mut store, &s);
    }
    let store = Store::open(&path).unwrap();
    let r = store.read();
    same(
        &r.organization(s.org.meta.id).unwrap().unwrap(),
        &s.org,
        |o| ms(&mut o.meta),
    );
    same(
        &r.contact(s.contact.meta.id).unwrap().unwrap(),
        &s.contact,
        |c| ms(&mut c.meta),
    );
    same(
        &r.project(s.project.meta.id).unwrap().unwrap(),
        &s.project,
        |p| ms(&mut p.meta),
    );
    same(&r.visit(s.visit.meta.id).unwrap().unwrap(), &s.visit, |v| {
        ms(&mut v.meta)
    });
    same(
        &r.follow_up(s.follow_up.meta.id).unwrap().unwrap(),
        &s.follow_up,
        |f| ms(&mut f.meta),
    );
    same(&r.note(s.note.meta.id).unwrap().unwrap(), &s.note, |n| {
        ms(&mut n.meta)
    });
    let counts: Vec<(RecordKind, i64)> = r
        .counts()
        .unwrap()
        .iter()
        .map(|c| (c.kind, c.live))
        .collect();
    assert_eq!(
        counts,
        vec![
            (RecordKind::Organization, 2),
            (RecordKind::Contact, 1),
            (RecordKind::Project, 1),
            (RecordKind::Visit, 1),
            (RecordKind::FollowUp, 1),
            (RecordKind::Note, 1),
            (RecordKind::Event, 0),
            (RecordKind::Deliverable, 0),
            (RecordKind::Registration, 0),
            (RecordKind::Attachment, 0),
            (RecordKind::Consultation, 0),
        ]
    );
}

#[test]
fn names_are_found_however_they_are_typed() {
    let (_dir, path) = temp_db();
    let s = sample();
    let mut store = Store::open(&path).unwrap();
    save_all(&mut store, &s);
    let r = store.read();
    assert_eq!(
        r.organizations_named("association senegalaise n'diaye")
            .unwrap()
            .len(),
        1
    );
    assert_eq!(r.organizations_named("ＰＬＡＳ").unwrap().len(), 1);
    assert_eq!(
        r.contacts_named("doi kenichi").unwrap()[0].meta.id,
        s.contact.meta.id
    );
    assert_eq!(
        r.contacts_named("土居健市").unwrap()[0].meta.id,
        s.contact.meta.id
    );
    assert_eq!(r.projects_matching("FB-2026-0001").unwrap().len(), 1);
    assert_eq!(
        r.projects_matching("farmers' field school in thies")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn status_history_is_appended_and_never_rewritten() {
    let (_dir, path) = temp_db();
    let s = sample();
    let mut store = Store::open(&path).unwrap();
    save_all(&mut store, &s);
    let id = s.project.meta.id;
    let change = store
        .write(|tx| {
            tx.set_project_status(
                id,
                ProjectStatus::UnderReview,
                Some(" Sent to head office "),
            )
        })
        .unwrap()
        .expect("a change");
    assert_eq!(change.from, Some(ProjectStatus::Proposal));
    // The same status again records nothing.
    assert!(
        store
            .write(|tx| tx.set_project_status(id, ProjectStatus::UnderReview, None))
            .unwrap()
            .is_none()
    );
    // Saving the project with another status records that change too.
    let mut p = store.read().project(id).unwrap().unwrap();
    p.status = ProjectStatus::Approved;
    store.write(|tx| tx.save_project(&p)).unwrap();

    let history = store.read().status_history(id).unwrap();
    let steps: Vec<(Option<ProjectStatus>, ProjectStatus, Option<&str>)> = history
        .iter()
        .map(|h| (h.from, h.to, h.reason.as_deref()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (None, ProjectStatus::Proposal, None),
            (
                Some(ProjectStatus::Proposal),
                ProjectStatus::UnderReview,
                Some("Sent to head office")
            ),
            (
                Some(ProjectStatus::UnderReview),
                ProjectStatus::Approved,
                None
            ),
        ]
    );
    assert_eq!(
        store.read().project(id).unwrap().unwrap().status,
        ProjectStatus::Approved
    );

    drop(store);
    let raw = Connection::open(&path).unwrap();
    let err = raw
        .execute("UPDATE project_status_history SET reason = 'rewritten'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = raw
        .execute("DELETE FROM project_status_history", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
}

#[test]
fn soft_delete_hides_from_links_and_restore_brings_back() {
    let (_dir, path) = temp_db();
    let s = sample();
    let mut store = Store::open(&path).unwrap();
    save_all(&mut store, &s);
    let cid = s.contact.meta.id;
    assert!(
        store
            .write(|tx| tx.set_deleted(RecordKind::Contact, cid, true))
            .unwrap()
    );

    let deleted = store.read().contact(cid).unwrap().unwrap();
    assert!(
        deleted.meta.deleted_at.is_some(),
        "the row is kept, marked deleted"
    );
    assert!(
        store
            .read()
            .contacts_named("Doi Kenichi")
            .unwrap()
            .is_empty()
    );
    let counts = store.read().counts().unwrap();
    let c = counts
        .iter()
        .find(|c| c.kind == RecordKind::Contact)
        .unwrap();
    assert_eq!((c.live, c.deleted), (0, 1));

    // A new visit cannot name a contact in the trash.
    let mut visit = Visit::new(date("2026-11-28"), Purpose::Consultation);
    visit.participant_ids = vec![cid];
    let err = store.write(|tx| tx.save_visit(&visit)).unwrap_err();
    match &err {
        StoreError::Invalid {
            kind: RecordKind::Visit,
            errors,
        } => {
            assert!(
                errors.for_field("participants").unwrap().contains("trash"),
                "{err}"
            )
        }
        other => panic!("unexpected {other}"),
    }

    assert!(
        store
            .write(|tx| tx.set_deleted(RecordKind::Contact, cid, false))
            .unwrap()
    );
    assert!(
        store
            .read()
            .contact(cid)
            .unwrap()
            .unwrap()
            .meta
            .deleted_at
            .is_none()
    );
    store.write(|tx| tx.save_visit(&visit)).unwrap();
    assert!(
        !store
            .write(|tx| tx.set_deleted(RecordKind::Contact, new_id(), true))
            .unwrap()
    );
}

#[test]
fn invalid_record_rolls_back_the_whole_transaction() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let good = Organization::new("Kisumu Women's Group", OrgKind::LocalNgo);
    let mut bad = Contact::new("Wanjiru Kamau");
    bad.emails.push(Email {
        label: String::new(),
        value: "wanjiru.example.org".into(),
    });
    let err = store
        .write(|tx| {
            tx.save_organization(&good)?;
            tx.save_contact(&bad)
        })
        .unwrap_err();
    assert!(err.to_string().contains("email[1]"), "{err}");
    assert!(
        store.read().is_empty().unwrap(),
        "the organization saved first was rolled back"
    );
}

#[test]
fn links_to_missing_records_name_the_field() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let mut c = Contact::new("Fatou Sow");
    c.organization_id = Some(new_id());
    let err = store.write(|tx| tx.save_contact(&c)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid contact: org: no organization"),
        "{err}"
    );

    let mut p = Project::new("Borehole rehabilitation");
    p.ref_code = Some("FB-1".into());
    store.write(|tx| tx.save_project(&p)).unwrap();
    let mut q = Project::new("Another one");
    q.ref_code = Some("FB-1".into());
    let err = store.write(|tx| tx.save_project(&q)).unwrap_err();
    assert!(
        err.to_string().contains("ref: 'FB-1' is already used"),
        "{err}"
    );

    // The database itself refuses a dangling link, whatever the code above does.
    drop(store);
    let raw = Connection::open(&path).unwrap();
    raw.pragma_update(None, "foreign_keys", true).unwrap();
    let err = raw
        .execute(
            "INSERT INTO visit_participants (visit_id, contact_id, position) VALUES (?1, ?2, 0)",
            rusqlite::params![new_id(), new_id()],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn new_database_is_private_wal_and_marked_as_ours() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let raw = Connection::open(&path).unwrap();
    let app: i32 = raw
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(migrations::user_version(&raw).unwrap(), latest_version());
    // The header on disk carries the id too, so the file is recognised
    // without SQLite's help.
    let bytes = fs::read(&path).unwrap();
    assert_eq!(
        i32::from_be_bytes(bytes[68..72].try_into().unwrap()),
        APPLICATION_ID
    );
}

#[test]
fn opens_a_database_left_at_every_earlier_schema_version() {
    for version in 0..latest_version() {
        let (_dir, path) = temp_db();
        {
            let mut raw = Connection::open(&path).unwrap();
            raw.pragma_update(None, "application_id", APPLICATION_ID)
                .unwrap();
            migrations::migrate_to(&mut raw, version).unwrap();
            assert_eq!(migrations::user_version(&raw).unwrap(), version);
        }
        let mut store = Store::open(&path).unwrap();
        let s = sample();
        save_all(&mut store, &s);
        assert!(store.read().check().unwrap().is_ok());
    }
}

fn assert_refused_unchanged(path: &Path, expect: impl Fn(&StoreError) -> bool) {
    let before = fs::read(path).unwrap();
    let err = Store::open(path).err().expect("refused");
    assert!(expect(&err), "unexpected error: {err}");
    assert!(!err.to_string().contains('\n'), "one line: {err}");
    assert_eq!(
        fs::read(path).unwrap(),
        before,
        "file left byte-for-byte unchanged"
    );
}

#[test]
fn refuses_files_that_are_not_ours_without_touching_them() {
    let dir = tempfile::tempdir().unwrap();

    let text = dir.path().join("notes.txt");
    fs::write(&text, "Shopping list\nrice\nbeans\n").unwrap();
    assert_refused_unchanged(&text, |e| matches!(e, StoreError::NotSqlite { .. }));

    let other = dir.path().join("other.sqlite");
    {
        let raw = Connection::open(&other).unwrap();
        raw.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
            .unwrap();
    }
    assert_refused_unchanged(&other, |e| matches!(e, StoreError::ForeignDatabase { .. }));

    let tagged = dir.path().join("tagged.sqlite");
    {
        let raw = Connection::open(&tagged).unwrap();
        raw.pragma_update(None, "application_id", 0x1234_5678)
            .unwrap();
        raw.execute_batch("CREATE TABLE t (x);").unwrap();
    }
    assert_refused_unchanged(&tagged, |e| {
        matches!(e, StoreError::ForeignDatabase { .. }) && e.to_string().contains("0x12345678")
    });

    let newer = dir.path().join("newer.db");
    drop(Store::open(&newer).unwrap());
    {
        let raw = Connection::open(&newer).unwrap();
        raw.pragma_update(None, "user_version", latest_version() + 1)
            .unwrap();
        // Checkpoint so the file on disk is the whole story.
        raw.pragma_update(None, "journal_mode", "delete").unwrap();
    }
    assert_refused_unchanged(
        &newer,
        |e| matches!(e, StoreError::NewerSchema { found, .. } if *found == latest_version() + 1),
    );

    let short = dir.path().join("short.db");
    fs::write(&short, b"SQLite format 3\0 and then nothing").unwrap();
    assert_refused_unchanged(&short, |e| matches!(e, StoreError::Corrupt { .. }));

    let err = Store::open(dir.path())
        .err()
        .expect("a directory is refused");
    assert!(matches!(err, StoreError::IsDirectory { .. }), "{err}");
}

#[test]
fn an_empty_file_becomes_a_database() {
    let (_dir, path) = temp_db();
    fs::write(&path, b"").unwrap();
    let mut store = Store::open(&path).unwrap();
    let org = Organization::new("Lusaka City Council", OrgKind::LocalGovernment);
    store.write(|tx| tx.save_organization(&org)).unwrap();
    assert_eq!(
        store
            .read()
            .organizations_named("lusaka city council")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn two_connections_write_in_turn_without_busy_errors() {
    let (_dir, path) = temp_db();
    let mut a = Store::open(&path).unwrap();
    let mut b = Store::open(&path).unwrap();
    let handle = {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut c = Store::open(&path).unwrap();
            for i in 0..50 {
                let o = Organization::new(format!("Thread org {i}"), OrgKind::Other);
                c.write(|tx| tx.save_organization(&o)).unwrap();
            }
        })
    };
    for i in 0..50 {
        let o = Organization::new(format!("A org {i}"), OrgKind::Other);
        a.write(|tx| tx.save_organization(&o)).unwrap();
        let o = Organization::new(format!("B org {i}"), OrgKind::Other);
        b.write(|tx| tx.save_organization(&o)).unwrap();
    }
    handle.join().unwrap();
    let live = a.read().counts().unwrap()[0].live;
    assert_eq!(live, 150);
}

#[test]
fn saving_again_updates_in_place_and_replaces_lists() {
    let (_dir, path) = temp_db();
    let s = sample();
    let mut store = Store::open(&path).unwrap();
    save_all(&mut store, &s);
    let mut c = store.read().contact(s.contact.meta.id).unwrap().unwrap();
    c.phones = vec![Phone {
        label: "whatsapp".into(),
        value: "+254 711 222333".into(),
    }];
    c.emails.clear();
    c.role = Some("Country director".into());
    store.write(|tx| tx.save_contact(&c)).unwrap();
    let again = store.read().contact(c.meta.id).unwrap().unwrap();
    assert_eq!(again.phones, c.phones);
    assert!(again.emails.is_empty());
    assert_eq!(again.role.as_deref(), Some("Country director"));
    assert_eq!(
        again.meta.created_at.timestamp_millis(),
        s.contact.meta.created_at.timestamp_millis()
    );
    assert!(again.meta.updated_at >= again.meta.created_at);
    assert_eq!(
        store.read().counts().unwrap()[1].live,
        1,
        "updated, not duplicated"
    );
}
