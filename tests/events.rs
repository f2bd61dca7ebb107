//! Events (issue 16, section 2): the store's round trips and guest-list
//! writes, the CLI's commands and their refusals, search, trash with undo,
//! timelines, and the JSON / CSV / XLSX exports, on real files and the real
//! binary.

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::store::Store;
use fieldbook::store::views::InvitePick;
use predicates::str::contains;

mod common;
use common::book::{contact_named, empty_book};
use common::cli::fieldbook;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn run(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a command that must fail; returns its message.
fn refused(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).args(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} was accepted");
    String::from_utf8(out.stderr).unwrap()
}

/// Two organizations, four people (three tagged through KAIPPG's tag), one
/// project.
fn small_book(db: &Path) {
    run(
        db,
        &[
            "add",
            "org",
            "--name",
            "KAIPPG",
            "--kind",
            "local_ngo",
            "--country",
            "KE",
            "--tag",
            "kenya-ngo",
        ],
    );
    run(
        db,
        &[
            "add",
            "org",
            "--name",
            "PLAS",
            "--kind",
            "donor_ngo",
            "--country",
            "JP",
        ],
    );
    for name in ["Wanjiru Kamau", "Otieno Ouma", "Achieng Odhiambo"] {
        run(db, &["add", "contact", "--name", name, "--org", "KAIPPG"]);
    }
    run(
        db,
        &["add", "contact", "--name", "Doi Kenichi", "--org", "PLAS"],
    );
    run(
        db,
        &[
            "add",
            "project",
            "--title",
            "Clean water for Kisumu",
            "--ref",
            "FB-1",
            "--org",
            "PLAS",
        ],
    );
}

fn seminar(db: &Path) -> Id {
    let id = run(
        db,
        &[
            "add",
            "event",
            "--title",
            "JPP application seminar",
            "--kind",
            "seminar",
            "--date",
            "2027-01-20",
            "--time",
            "9:30",
            "--end-time",
            "16:00",
            "--place",
            "Nairobi",
            "--project",
            "FB-1",
        ],
    );
    id.trim().parse().unwrap()
}

fn event(db: &Path, id: Id) -> Event {
    Store::open(db).unwrap().read().event(id).unwrap().unwrap()
}

#[test]
fn an_event_round_trips_through_the_store_with_its_guest_list() {
    let (_dir, db) = empty_book();
    small_book(&db);
    let wanjiru = contact_named(&db, "Wanjiru Kamau").meta.id;
    let doi = contact_named(&db, "Doi Kenichi").meta.id;
    let mut store = Store::open(&db).unwrap();
    let mut e = Event::new("NGO forum", EventKind::Forum, day("2027-02-01"));
    e.end_date = Some(day("2027-02-02"));
    e.start_time = Some("09:00".into());
    e.end_time = Some("17:00".into());
    e.place = Some("Kisumu".into());
    e.online = true;
    e.agenda = "Opening\nPanel".into();
    let mut speaker = Invitee::new(InviteeRef::Contact(doi), InviteeRole::Speaker);
    speaker.status = InviteeStatus::Registered;
    e.invitees = vec![
        Invitee::new(InviteeRef::Contact(wanjiru), InviteeRole::Participant),
        speaker,
    ];
    store.write(|tx| tx.save_event(&e)).unwrap();
    let back = store.read().event(e.meta.id).unwrap().unwrap();
    assert_eq!(back.title, e.title);
    assert_eq!(back.end_date, e.end_date);
    assert_eq!(back.start_time.as_deref(), Some("09:00"));
    assert_eq!(back.agenda, e.agenda);
    assert!(back.online);
    let who: Vec<_> = back
        .invitees
        .iter()
        .map(|i| (i.who, i.status, i.role))
        .collect();
    assert_eq!(
        who,
        vec![
            (
                InviteeRef::Contact(wanjiru),
                InviteeStatus::Invited,
                InviteeRole::Participant
            ),
            (
                InviteeRef::Contact(doi),
                InviteeStatus::Registered,
                InviteeRole::Speaker
            ),
        ]
    );
    // Found for a date range that overlaps its second day only.
    let found = store
        .read()
        .events_between(day("2027-02-02"), day("2027-02-28"))
        .unwrap();
    assert_eq!(found.len(), 1);
    assert!(
        store
            .read()
            .events_between(day("2027-02-03"), day("2027-02-28"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_store_refuses_a_bad_event_naming_the_field_and_writes_nothing() {
    let (_dir, db) = empty_book();
    let mut store = Store::open(&db).unwrap();
    let mut e = Event::new("Forum", EventKind::Forum, day("2027-02-01"));
    e.end_date = Some(day("2027-01-31"));
    let err = store.write(|tx| tx.save_event(&e)).unwrap_err().to_string();
    assert!(
        err.contains("end date: 2027-01-31 is before the start date 2027-02-01"),
        "{err}"
    );
    e.end_date = None;
    e.organizer_org_id = Some(new_id());
    let err = store.write(|tx| tx.save_event(&e)).unwrap_err().to_string();
    assert!(err.contains("organizer: no organization with id"), "{err}");
    assert!(store.read().event(e.meta.id).unwrap().is_none());
}

#[test]
fn inviting_many_skips_those_already_invited_and_says_how_many() {
    let (_dir, db) = empty_book();
    small_book(&db);
    let id = seminar(&db);
    let out = run(
        &db,
        &[
            "event",
            "invite",
            "JPP application seminar",
            "--tag",
            "kenya-ngo",
        ],
    );
    assert_eq!(out, "invited 3 to JPP application seminar\n");
    let out = run(
        &db,
        &[
            "event",
            "invite",
            "jpp",
            "--org",
            "KAIPPG",
            "--contact",
            "Doi Kenichi",
            "--role",
            "speaker",
        ],
    );
    assert_eq!(
        out,
        "invited 1 to JPP application seminar (3 already invited, left as they were)\n"
    );
    let e = event(&db, id);
    assert_eq!(e.invitees.len(), 4);
    let doi = contact_named(&db, "Doi Kenichi").meta.id;
    assert_eq!(
        e.invitee(InviteeRef::Contact(doi)).unwrap().role,
        InviteeRole::Speaker
    );
    // By country (the organization's) and by search reach the same people.
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store
            .read()
            .invite_targets(&InvitePick::Country("KE".into()))
            .unwrap()
            .len(),
        3
    );
    let found = store
        .read()
        .invite_targets(&InvitePick::Search("Otieno".into()))
        .unwrap();
    assert_eq!(
        found,
        vec![InviteeRef::Contact(
            contact_named(&db, "Otieno Ouma").meta.id
        )]
    );
    drop(store);
    let out = run(
        &db,
        &[
            "event",
            "invite",
            "jpp",
            "--country",
            "Kenya",
            "--search",
            "Doi",
        ],
    );
    assert_eq!(
        out,
        "invited 0 to JPP application seminar (4 already invited, left as they were)\n"
    );
}

#[test]
fn attendance_is_counted_by_status_and_by_kind_of_organization() {
    let (_dir, db) = empty_book();
    small_book(&db);
    seminar(&db);
    run(
        &db,
        &[
            "event",
            "invite",
            "jpp",
            "--tag",
            "kenya-ngo",
            "--contact",
            "Doi Kenichi",
        ],
    );
    let out = run(
        &db,
        &[
            "event",
            "attend",
            "jpp",
            "--contact",
            "Wanjiru Kamau",
            "Doi Kenichi",
        ],
    );
    assert_eq!(out, "marked 2 attended at JPP application seminar\n");
    run(
        &db,
        &[
            "event",
            "attend",
            "jpp",
            "--contact",
            "Otieno Ouma",
            "--absent",
        ],
    );
    let show = run(&db, &["event", "show", "JPP application seminar"]);
    for line in [
        "date: 2027-01-20 09:30-16:00",
        "place: Nairobi",
        "organizer: the desk",
        "project: FB-1 Clean water for Kisumu",
        "invitees: 4",
        "  invited     1",
        "  attended    2",
        "  absent      1",
        "  donor_ngo         1 of 1",
        "  local_ngo         1 of 3",
        "  attended   participant Wanjiru Kamau (KAIPPG)",
    ] {
        assert!(show.contains(line), "no '{line}' in:\n{show}");
    }
}

#[test]
fn someone_who_came_uninvited_is_added_as_attended() {
    let (_dir, db) = empty_book();
    small_book(&db);
    let id = seminar(&db);
    let out = run(
        &db,
        &["event", "attend", "jpp", "--contact", "Achieng Odhiambo"],
    );
    assert_eq!(
        out,
        "marked 1 attended at JPP application seminar (1 not on the guest list, added)\n"
    );
    assert_eq!(event(&db, id).invitees[0].status, InviteeStatus::Attended);
}

#[test]
fn people_who_attended_have_the_event_on_their_timeline() {
    let (_dir, db) = empty_book();
    small_book(&db);
    let id = seminar(&db);
    run(&db, &["event", "invite", "jpp", "--tag", "kenya-ngo"]);
    run(
        &db,
        &["event", "attend", "jpp", "--contact", "Wanjiru Kamau"],
    );
    let store = Store::open(&db).unwrap();
    let on = |name: &str| -> bool {
        let c = contact_named(&db, name).meta.id;
        store
            .read()
            .timeline(RecordKind::Contact, c)
            .unwrap()
            .iter()
            .any(|t| t.label == "event" && t.link.is_some_and(|l| l.id == id))
    };
    assert!(on("Wanjiru Kamau"));
    assert!(
        !on("Otieno Ouma"),
        "invited but not there: not on the timeline"
    );
}

#[test]
fn an_organization_timeline_has_the_events_it_ran_and_those_its_people_attended() {
    let (_dir, db) = empty_book();
    small_book(&db);
    let seminar = seminar(&db);
    let forum: Id = run(
        &db,
        &[
            "add",
            "event",
            "--title",
            "Donor forum",
            "--kind",
            "forum",
            "--date",
            "2027-02-03",
            "--organizer",
            "PLAS",
        ],
    )
    .trim()
    .parse()
    .unwrap();
    run(&db, &["event", "invite", "jpp", "--org", "KAIPPG"]);
    let store = Store::open(&db).unwrap();
    let events_of = |name: &str| -> Vec<Id> {
        let org = store.read().organizations_named(name).unwrap()[0].meta.id;
        store
            .read()
            .timeline(RecordKind::Organization, org)
            .unwrap()
            .iter()
            .filter(|t| t.label == "event")
            .filter_map(|t| t.link.map(|l| l.id))
            .collect()
    };
    assert_eq!(events_of("PLAS"), vec![forum], "the event it ran");
    assert!(
        events_of("KAIPPG").is_empty(),
        "its people invited but not there: not on its timeline"
    );
    run(
        &db,
        &["event", "attend", "jpp", "--contact", "Wanjiru Kamau"],
    );
    assert_eq!(events_of("KAIPPG"), vec![seminar], "one of its people came");
    assert_eq!(events_of("PLAS"), vec![forum]);
}

#[test]
fn bad_input_is_refused_naming_the_flag_and_changes_nothing() {
    let (_dir, db) = empty_book();
    small_book(&db);
    seminar(&db);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "add",
                "event",
                "--title",
                "X",
                "--kind",
                "party",
                "--date",
                "2027-01-01",
            ],
            "--kind: 'party' is not a kind of event; use one of: seminar, forum, training, workshop, meeting",
        ),
        (
            &["add", "event", "--title", "X", "--kind", "forum"],
            "--date: is required",
        ),
        (
            &[
                "add",
                "event",
                "--title",
                "X",
                "--kind",
                "forum",
                "--date",
                "2027-01-05",
                "--end-date",
                "2027-01-04",
            ],
            "--end-date: 2027-01-04 is before the start date 2027-01-05",
        ),
        (
            &[
                "add",
                "event",
                "--title",
                "X",
                "--kind",
                "forum",
                "--date",
                "2027-01-05",
                "--time",
                "25:00",
            ],
            "--time: '25:00' is not a time; use HH:MM",
        ),
        (
            &[
                "add",
                "event",
                "--title",
                "X",
                "--kind",
                "forum",
                "--date",
                "2027-01-05",
                "--time",
                "14:00",
                "--end-time",
                "09:00",
            ],
            "--end-time: 09:00 is before the start time 14:00",
        ),
        (
            &[
                "add",
                "event",
                "--title",
                " ",
                "--kind",
                "forum",
                "--date",
                "2027-01-05",
            ],
            "--title: is required",
        ),
        (
            &[
                "add",
                "event",
                "--title",
                "X",
                "--kind",
                "forum",
                "--date",
                "2027-01-05",
                "--organizer",
                "Nobody",
            ],
            "--organizer: no organization is named 'Nobody'",
        ),
        (
            &["event", "invite", "jpp", "--tag", "nobody"],
            "--tag: nobody in the book has the tag 'nobody'",
        ),
        (
            &["event", "invite", "jpp", "--contact", "Ghost"],
            "--contact: no contact is named 'Ghost'",
        ),
        (
            &["event", "invite", "jpp", "--country", "Atlantis"],
            "--country:",
        ),
        (
            &[
                "event",
                "invite",
                "jpp",
                "--tag",
                "kenya-ngo",
                "--role",
                "host",
            ],
            "--role: 'host' is not a role for an invitee",
        ),
        (&["event", "invite", "jpp"], "say whom to invite"),
        (
            &["event", "invite", "no such event", "--tag", "kenya-ngo"],
            "event: no event has a title like 'no such event'",
        ),
        (
            &[
                "event",
                "attend",
                "jpp",
                "--contact",
                "Wanjiru Kamau",
                "--status",
                "here",
            ],
            "--status: 'here' is not a status for an invitee",
        ),
    ];
    let before = fieldbook::store::Store::open(&db)
        .unwrap()
        .read()
        .counts()
        .unwrap();
    for (args, message) in cases {
        let err = refused(&db, args);
        assert!(
            err.contains(message),
            "{args:?}: wanted '{message}', got: {err}"
        );
    }
    let after = fieldbook::store::Store::open(&db)
        .unwrap()
        .read()
        .counts()
        .unwrap();
    assert_eq!(before, after);
    assert!(event(&db, seminar_id(&db)).invitees.is_empty());
}

fn seminar_id(db: &Path) -> Id {
    let out = run(db, &["event", "list"]);
    out.lines()
        .next()
        .unwrap()
        .rsplit('\t')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn an_ambiguous_event_is_refused_with_the_candidates() {
    let (_dir, db) = empty_book();
    small_book(&db);
    let first = seminar(&db);
    let second = run(
        &db,
        &[
            "add",
            "event",
            "--title",
            "JPP seminar, second round",
            "--kind",
            "seminar",
            "--date",
            "2027-03-01",
        ],
    );
    let err = refused(&db, &["event", "show", "seminar"]);
    assert!(err.contains("'seminar' matches 2 events"), "{err}");
    assert!(
        err.contains(&first.to_string()) && err.contains(second.trim()),
        "{err}"
    );
    // A whole title is not ambiguous though another title contains it.
    run(&db, &["event", "show", "JPP application seminar"]);
    run(&db, &["event", "show", second.trim()]);
}

#[test]
fn events_are_found_by_title_place_and_agenda_and_leave_search_with_the_trash() {
    let (_dir, db) = empty_book();
    small_book(&db);
    let id = seminar(&db);
    run(
        &db,
        &[
            "event",
            "edit",
            &id.to_string(),
            "--agenda",
            "Budget templates and logframes",
        ],
    );
    for q in ["application seminar", "Nairobi", "logframes"] {
        let out = run(&db, &["search", q]);
        assert!(out.contains("JPP application seminar"), "{q}: {out}");
    }
    let mut store = Store::open(&db).unwrap();
    store
        .write(|tx| tx.set_deleted(RecordKind::Event, id, true))
        .unwrap();
    assert!(
        store
            .read()
            .search("logframes", None, 10)
            .unwrap()
            .is_empty()
    );
    let trash = store.read().trash(10).unwrap();
    assert_eq!(trash[0].kind, RecordKind::Event);
    assert_eq!(trash[0].title, "2027-01-20 JPP application seminar");
    // Undo: back, and found again.
    store
        .write(|tx| tx.set_deleted(RecordKind::Event, id, false))
        .unwrap();
    assert_eq!(store.read().search("logframes", None, 10).unwrap().len(), 1);
}

#[test]
fn json_export_import_export_is_identical_with_events_and_invitees() {
    let (dir, a) = empty_book();
    let b = dir.path().join("b.db");
    run(&a, &["demo", "--scale", "200", "--today", "2027-01-10"]);
    let seminar: Id = run(&a, &["event", "list"])
        .lines()
        .find(|l| l.contains("\tJPP application seminar\t28/40\t"))
        .and_then(|l| l.rsplit('\t').next())
        .unwrap()
        .parse()
        .unwrap();
    let mut store = Store::open(&a).unwrap();
    // One in the trash, flagged.
    store
        .write(|tx| tx.set_deleted(RecordKind::Event, seminar, true))
        .unwrap();
    drop(store);
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    run(
        &a,
        &[
            "export",
            "--format",
            "json",
            "--out",
            first.to_str().unwrap(),
        ],
    );
    let text = fs::read_to_string(&first).unwrap();
    assert!(text.contains("\"events\": ["));
    assert!(text.contains("\"status\":\"attended\",\"role\":\"speaker\""));
    run(&b, &["import", first.to_str().unwrap()]);
    run(
        &b,
        &[
            "export",
            "--format",
            "json",
            "--out",
            second.to_str().unwrap(),
        ],
    );
    assert!(
        fs::read(&first).unwrap() == fs::read(&second).unwrap(),
        "exports differ"
    );
    let seminar_b = Store::open(&b)
        .unwrap()
        .read()
        .event(seminar)
        .unwrap()
        .unwrap();
    assert!(seminar_b.meta.deleted_at.is_some());
}

#[test]
fn an_export_from_before_events_still_imports() {
    let (dir, db) = empty_book();
    let old = dir.path().join("old.json");
    fs::write(
        &old,
        r#"{"format":"fieldbook","version":1,"organizations":[],"contacts":[],"projects":[],
            "status_history":[],"visits":[],"follow_ups":[],"notes":[]}"#,
    )
    .unwrap();
    fieldbook(&db).arg("import").arg(&old).assert().success();
}

#[test]
fn csv_and_xlsx_exports_have_events_and_their_invitees() {
    let (dir, db) = empty_book();
    small_book(&db);
    seminar(&db);
    run(&db, &["event", "invite", "jpp", "--tag", "kenya-ngo"]);
    run(
        &db,
        &["event", "attend", "jpp", "--contact", "Wanjiru Kamau"],
    );
    let out = dir.path().join("csv");
    run(
        &db,
        &["export", "--format", "csv", "--out", out.to_str().unwrap()],
    );
    let events = fs::read_to_string(out.join("events.csv")).unwrap();
    assert!(
        events.starts_with("id,title,kind,start,end,start_time,end_time,place,online,organizer")
    );
    assert!(events.contains(",JPP application seminar,seminar,2027-01-20,,09:30,16:00,Nairobi,no,,,FB-1 Clean water for Kisumu,"), "{events}");
    let invitees = fs::read_to_string(out.join("event_invitees.csv")).unwrap();
    assert_eq!(invitees.lines().count(), 4, "{invitees}");
    assert!(invitees.contains(",JPP application seminar,2027-01-20,Wanjiru Kamau,contact,"));
    assert!(
        invitees.contains(",KAIPPG,attended,participant,"),
        "{invitees}"
    );
    // Only events, as one file.
    let one = dir.path().join("events.csv");
    run(
        &db,
        &[
            "export",
            "--format",
            "csv",
            "--kind",
            "events",
            "--out",
            one.to_str().unwrap(),
        ],
    );
    assert_eq!(fs::read_to_string(&one).unwrap(), events);
    let xlsx = dir.path().join("book.xlsx");
    run(
        &db,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    use calamine::Reader;
    let names = book.sheet_names().to_vec();
    assert!(
        names.contains(&"events".to_string()) && names.contains(&"event_invitees".to_string()),
        "{names:?}"
    );
    let sheet = book.worksheet_range("event_invitees").unwrap();
    assert_eq!(sheet.height(), 4);
}

#[test]
fn event_edit_changes_only_the_fields_given() {
    let (_dir, db) = empty_book();
    small_book(&db);
    let id = seminar(&db);
    run(
        &db,
        &[
            "event",
            "edit",
            "jpp",
            "--online",
            "--end-date",
            "2027-01-21",
            "--organizer",
            "PLAS",
        ],
    );
    let e = event(&db, id);
    assert!(e.online);
    assert_eq!(e.end_date, Some(day("2027-01-21")));
    assert_eq!(e.place.as_deref(), Some("Nairobi"));
    assert_eq!(e.start_time.as_deref(), Some("09:30"));
    assert!(e.organizer_org_id.is_some());
    let err = refused(&db, &["event", "edit", "jpp", "--end-date", "2027-01-01"]);
    assert!(
        err.contains("--end-date: 2027-01-01 is before the start date 2027-01-20"),
        "{err}"
    );
    fieldbook(&db)
        .args(["event", "show", "jpp"])
        .assert()
        .success()
        .stdout(contains("2027-01-20 to 2027-01-21"));
}

#[test]
fn a_book_with_only_an_event_is_not_shown_as_empty() {
    let (_dir, db) = empty_book();
    run(
        &db,
        &[
            "add",
            "event",
            "--title",
            "Open day",
            "--kind",
            "forum",
            "--date",
            "2027-02-03",
        ],
    );
    let store = Store::open(&db).unwrap();
    assert!(
        store.read().has_records().unwrap(),
        "the welcome screen would hide the event"
    );
}
