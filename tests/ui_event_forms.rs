//! The event and deliverable forms without a terminal (the real runtime,
//! keys by name): `n` on the Events and Deliverables tabs, `e` on one,
//! snapshots of each form new and filled at 80x24 and 120x40; a new event
//! and a new deliverable typed and found in the book; a bad date refused
//! at its field with nothing written; an edit that changes only what was
//! changed (the guest list too stays as it was).

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::ui::state::{Overlay, Tab};
use fieldbook::ui::theme::Theme;

mod common;
use common::ui_harness::{Harness, today};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Book {
    plas: Id,
    project: Id,
    wanjiru: Id,
}

/// Two organizations, a person, a project that started in 2026.
fn book(h: &mut Harness) -> Book {
    let plas = Organization::new("PLAS", OrgKind::DonorNgo);
    let homa = Organization::new("Homa Bay County", OrgKind::LocalGovernment);
    let mut wanjiru = Contact::new("Wanjiru Kamau");
    wanjiru.organization_id = Some(homa.meta.id);
    let mut project = Project::new("Kendu Bay water point");
    project.ref_code = Some("JPP-KE-2026-01".into());
    project.start_date = Some(day("2026-04-01"));
    h.store
        .write(|tx| {
            tx.save_organization(&plas)?;
            tx.save_organization(&homa)?;
            tx.save_contact(&wanjiru)?;
            tx.save_project(&project)
        })
        .unwrap();
    Book {
        plas: plas.meta.id,
        project: project.meta.id,
        wanjiru: wanjiru.meta.id,
    }
}

fn harness(size: (u16, u16)) -> (Harness, Book) {
    harness_with(size, |_, _| {})
}

/// As `harness`, with more written to the book before the lists are read.
fn harness_with(size: (u16, u16), more: impl FnOnce(&mut Harness, &Book)) -> (Harness, Book) {
    let mut h = Harness::new(0, size);
    let b = book(&mut h);
    more(&mut h, &b);
    // Past the welcome screen, and the lists read again.
    h.press(&["esc", "1"]);
    (h, b)
}

fn snap(name: &str, size: (u16, u16), h: &Harness) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", size.0, size.1),
        h.screen(Theme::dark())
    );
}

fn said(h: &Harness) -> String {
    h.app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// Types a new event into the form `n` opens on the Events tab, field by
/// field, and leaves it open (not saved).
fn type_event(h: &mut Harness, start: &str) {
    h.press(&["8"]);
    assert_eq!(h.app.tab, Tab::Events);
    h.press(&["n"]);
    h.type_text("Partners' forum on water");
    h.press(&["tab"]);
    h.type_text("for");
    h.press(&["tab"]);
    h.type_text(start);
    h.press(&["tab", "tab"]);
    h.type_text("9:30");
    h.press(&["tab"]);
    h.type_text("1700");
    h.press(&["tab"]);
    h.type_text("Kisumu, Acacia hotel");
    h.press(&["tab"]);
    h.type_text("yes");
    h.press(&["tab"]);
    h.type_text("PLAS");
    h.press(&["tab"]);
    h.type_text("Kendu Bay");
    h.press(&["enter", "tab"]);
    h.type_text("Water committees report; site visit plans");
}

fn the_events(h: &Harness) -> Vec<Event> {
    h.store
        .read()
        .events_between(day("2000-01-01"), day("2100-01-01"))
        .unwrap()
}

#[test]
fn a_new_event_typed_is_in_the_book_with_its_fields() {
    let (mut h, b) = harness((120, 40));
    type_event(&mut h, "+3d");
    h.press(&["ctrl-s"]);
    assert_eq!(said(&h), "event saved");
    assert!(h.app.editor.is_none());
    let events = the_events(&h);
    let [e] = events.as_slice() else {
        panic!("{events:?}");
    };
    assert_eq!(e.title, "Partners' forum on water");
    assert_eq!(e.kind, EventKind::Forum);
    assert_eq!(e.start_date, today() + chrono::Days::new(3));
    assert_eq!(e.end_date, None);
    assert_eq!(
        (e.start_time.as_deref(), e.end_time.as_deref()),
        (Some("09:30"), Some("17:00"))
    );
    assert_eq!(e.place.as_deref(), Some("Kisumu, Acacia hotel"));
    assert!(e.online);
    assert_eq!(e.organizer_org_id, Some(b.plas));
    assert_eq!(e.project_id, Some(b.project));
    assert_eq!(e.agenda, "Water committees report; site visit plans");
    // `u` takes the new event back out.
    h.press(&["u"]);
    assert!(the_events(&h).iter().all(|e| e.meta.deleted_at.is_some()));
}

#[test]
fn a_bad_date_is_refused_at_its_field_and_kept_as_typed() {
    let (mut h, _) = harness((120, 40));
    type_event(&mut h, "32/13");
    h.press(&["ctrl-s"]);
    let message = said(&h);
    assert!(message.starts_with("not saved: start date: "), "{message}");
    let Some(fieldbook::ui::editor::Editor::Record(form)) = &h.app.editor else {
        panic!("the form closed");
    };
    assert!(form.error_for("start date").is_some(), "{:?}", form.errors);
    let start = form.fields.iter().find(|f| f.key == "start date").unwrap();
    assert_eq!(start.display(), "32/13");
    let screen = h.screen(Theme::dark());
    assert!(screen.contains("32/13"), "{screen}");
    assert!(the_events(&h).is_empty(), "nothing written");
    // Put right, it saves.
    let field = form.fields.iter().position(|f| f.key == "start date");
    let Some(fieldbook::ui::editor::Editor::Record(form)) = &mut h.app.editor else {
        unreachable!()
    };
    form.fields[field.unwrap()].value = fieldbook::ui::form::Value::Text("t".into());
    h.press(&["ctrl-s"]);
    assert_eq!(said(&h), "event saved");
}

/// An event with everything set, and two guests, in the book.
fn a_full_event(h: &mut Harness, b: &Book) -> Event {
    let mut e = Event::new(
        "JPP application seminar",
        EventKind::Seminar,
        day("2027-01-20"),
    );
    e.end_date = Some(day("2027-01-21"));
    e.start_time = Some("09:00".into());
    e.end_time = Some("16:30".into());
    e.place = Some("JICA Kenya office".into());
    e.organizer_org_id = Some(b.plas);
    e.project_id = Some(b.project);
    e.agenda = "How to apply; budget rules".into();
    e.invitees.push(Invitee::new(
        InviteeRef::Contact(b.wanjiru),
        InviteeRole::Speaker,
    ));
    e.invitees.push(Invitee::new(
        InviteeRef::Organization(b.plas),
        InviteeRole::Participant,
    ));
    h.store.write(|tx| tx.save_event(&e)).unwrap();
    e
}

/// The one event of the Events tab selected, its details shown.
fn select_the_event(h: &mut Harness) {
    h.press(&["8"]);
    for _ in 0..3 {
        if h.app
            .record
            .detail
            .as_ref()
            .is_some_and(|d| d.kind == RecordKind::Event)
        {
            return;
        }
        h.press(&["j"]);
    }
    panic!("no event selected:\n{}", h.screen(Theme::dark()));
}

#[test]
fn editing_an_event_changes_only_what_was_changed() {
    let mut before = None;
    let (mut h, _) = harness_with((120, 40), |h, b| before = Some(a_full_event(h, b)));
    let before = before.unwrap();
    select_the_event(&mut h);
    h.press(&["e"]);
    assert!(matches!(h.app.overlay, Overlay::Editor));
    // A guest marked attended while the form is open (another fieldbook,
    // a sync): the form does not show guests, so saving keeps the mark.
    let mut marked = before.clone();
    marked.invitees[0].status = InviteeStatus::Attended;
    h.store.write(|tx| tx.save_event(&marked)).unwrap();
    let before = h.store.read().event(before.meta.id).unwrap().unwrap();
    // To the place (the seventh field): cleared and typed again.
    for _ in 0..6 {
        h.press(&["tab"]);
    }
    h.press(&["ctrl-u"]);
    h.type_text("Kisumu");
    h.press(&["ctrl-s"]);
    assert_eq!(said(&h), "event saved");
    let after = h.store.read().event(before.meta.id).unwrap().unwrap();
    let mut expected = before.clone();
    expected.place = Some("Kisumu".into());
    expected.meta.updated_at = after.meta.updated_at;
    assert_eq!(after, expected);
    assert_eq!(after.invitees[0].status, InviteeStatus::Attended);
    // Undo says what it put back.
    h.press(&["u"]);
    assert_eq!(said(&h), "undid: place of JPP application seminar");
    let back = h.store.read().event(before.meta.id).unwrap().unwrap();
    assert_eq!(back.place.as_deref(), Some("JICA Kenya office"));
    assert_eq!(back.invitees, before.invitees);
}

#[test]
fn a_new_deliverable_typed_is_in_the_book_and_one_due_too_early_is_refused() {
    let (mut h, b) = harness((120, 40));
    h.press(&["9"]);
    assert_eq!(h.app.tab, Tab::Deliverables);
    h.press(&["n"]);
    assert!(said(&h).contains("reporting schedule"), "{}", said(&h));
    // The list shows the project with its code: Enter takes it.
    h.type_text("Kendu Bay");
    h.press(&["enter", "tab"]);
    h.type_text("quarterly report");
    h.press(&["tab", "tab"]);
    h.type_text("2026-12-31");
    h.press(&["tab"]);
    // Before the project's start: the store's rule, said at the due date.
    h.type_text("2026-03-01");
    h.press(&["tab", "tab"]);
    h.type_text("Homa Bay County");
    h.press(&["tab"]);
    h.type_text("Wanjiru Kamau");
    h.press(&["tab"]);
    h.type_text("The first one under the new format");
    h.press(&["ctrl-s"]);
    let message = said(&h);
    assert!(
        message.contains("due") && message.contains("before the project's start date 2026-04-01"),
        "{message}"
    );
    assert!(h.app.editor.is_some(), "the form stays open");
    let listed = || h.store.read().deliverables_of_project(b.project).unwrap();
    assert!(listed().is_empty(), "nothing written");
    // The due date fixed (the fifth field): saved.
    h.press(&["shift-tab"; 4]);
    h.press(&["ctrl-u"]);
    h.type_text("+2w");
    h.press(&["ctrl-s"]);
    assert_eq!(said(&h), "deliverable saved");
    let found = h.store.read().deliverables_of_project(b.project).unwrap();
    let [d] = found.as_slice() else {
        panic!("{found:?}");
    };
    assert_eq!(d.kind, DeliverableKind::QuarterlyReport);
    assert_eq!(d.title, None);
    assert_eq!(d.period_end, Some(day("2026-12-31")));
    assert_eq!(d.due_date, today() + chrono::Days::new(14));
    assert_eq!(d.status, DeliverableStatus::Due);
    let homa = h
        .store
        .read()
        .search_ids("Homa Bay County", RecordKind::Organization, 1);
    assert_eq!(d.submitter_org_id, homa.unwrap().first().copied());
    assert_eq!(d.submitter_contact_id, Some(b.wanjiru));
    assert_eq!(d.note, "The first one under the new format");
}

#[test]
fn snapshots_of_the_event_form_new_and_filled() {
    for size in SIZES {
        let (mut h, _) = harness(size);
        h.press(&["8", "n"]);
        snap("event_form_new", size, &h);
        let (mut h, _) = harness_with(size, |h, b| {
            a_full_event(h, b);
        });
        select_the_event(&mut h);
        h.press(&["e"]);
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("Edit event"), "{screen}");
        assert!(screen.contains("2027-01-21"), "{screen}");
        snap("event_form_filled", size, &h);
    }
}

#[test]
fn snapshots_of_the_deliverable_form_new_and_filled() {
    for size in SIZES {
        let (mut h, _) = harness(size);
        h.press(&["9", "n"]);
        snap("deliverable_form_new", size, &h);
        let (mut h, _) = harness_with(size, save_a_submitted_report);
        h.press(&["9", "e"]);
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("Edit deliverable"), "{screen}");
        assert!(screen.contains("Kendu Bay water point"), "{screen}");
        snap("deliverable_form_filled", size, &h);
    }
}

fn save_a_submitted_report(h: &mut Harness, b: &Book) {
    let mut d = Deliverable::new(b.project, DeliverableKind::AnnualReport, day("2027-04-30"));
    d.period_end = Some(day("2027-03-31"));
    d.submitter_org_id = Some(b.plas);
    d.submitter_contact_id = Some(b.wanjiru);
    d.note = "With the audited accounts".into();
    d.set_status(DeliverableStatus::Submitted, day("2026-11-20"));
    h.store.write(|tx| tx.save_deliverable(&d)).unwrap();
}
