//! `fieldbook export --format ics`: the calendar file is read back with a
//! real iCalendar parser (calcard), its entries carry stable UIDs, and an
//! unchanged book gives the same bytes.

mod common;

use std::path::Path;

use calcard::common::IanaString;
use calcard::icalendar::{ICalendar, ICalendarComponentType, ICalendarProperty};
use common::cli::fieldbook;
use fieldbook::domain::{FollowUp, RecordKind};
use fieldbook::store::Store;
use predicates::str::contains;

fn ok(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn export(db: &Path, out: &Path) -> (String, ICalendar) {
    ok(
        db,
        &["export", "--format", "ics", "--out", out.to_str().unwrap()],
    );
    let text = std::fs::read_to_string(out).unwrap();
    let calendar = ICalendar::parse(&text).unwrap_or_else(|e| panic!("{e:?}\n{text}"));
    (text, calendar)
}

/// The text of `property` in the component with `uid`.
fn value(calendar: &ICalendar, uid: &str, property: ICalendarProperty) -> Option<String> {
    let component = calendar.components.iter().find(|c| {
        c.entries.iter().any(|e| {
            e.name == ICalendarProperty::Uid
                && e.values.first().and_then(|v| v.as_text()) == Some(uid)
        })
    })?;
    let entry = component.entries.iter().find(|e| e.name == property)?;
    Some(match entry.values.first()? {
        calcard::icalendar::ICalendarValue::Text(t) => t.clone(),
        calcard::icalendar::ICalendarValue::PartialDateTime(d) => {
            format!("{:04}-{:02}-{:02}", d.year?, d.month?, d.day?)
        }
        calcard::icalendar::ICalendarValue::Status(s) => s.as_str().to_string(),
        other => format!("{other:?}"),
    })
}

fn kind_of(calendar: &ICalendar, uid: &str) -> ICalendarComponentType {
    calendar
        .components
        .iter()
        .find(|c| {
            c.entries
                .iter()
                .any(|e| e.values.first().and_then(|v| v.as_text()) == Some(uid))
        })
        .map(|c| c.component_type.clone())
        .unwrap()
}

#[test]
fn visits_and_follow_ups_become_events_and_tasks_with_stable_uids() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    ok(&db, &["add", "contact", "--name", "Zawadi Achieng"]);
    let observations = "Met the water committee; fees collected, records kept.\n\
                        Second paragraph, with a comma, a backslash \\ and ünïcödé 土居 健市 \
                        long enough to be folded over more than one line of the file.";
    let visit = ok(
        &db,
        &[
            "log-visit",
            "--date",
            "2026-11-20",
            "--place",
            "Kondele, Kisumu",
            "--with",
            "Zawadi Achieng",
            "--observations",
            observations,
            "--follow-up",
            "Send the budget template;owner=Zawadi Achieng;due=2026-12-04",
        ],
    );
    let visit_uid = format!("{visit}@fieldbook");
    let follow_up = {
        let store = Store::open(&db).unwrap();
        let mut found = None;
        store
            .read()
            .each_follow_up(|f| {
                found = Some(f);
                Ok(())
            })
            .unwrap();
        found.unwrap()
    };
    let task_uid = format!("{}@fieldbook", follow_up.meta.id);

    let out = dir.path().join("desk.ics");
    let (first, calendar) = export(&db, &out);
    assert!(first.contains("\r\n"), "RFC 5545 lines end in CRLF");
    assert!(
        first.lines().all(|l| l.trim_end_matches('\r').len() <= 75),
        "lines are folded to 75 octets:\n{first}"
    );

    assert_eq!(
        kind_of(&calendar, &visit_uid),
        ICalendarComponentType::VEvent
    );
    assert_eq!(
        value(&calendar, &visit_uid, ICalendarProperty::Dtstart).as_deref(),
        Some("2026-11-20")
    );
    assert_eq!(
        value(&calendar, &visit_uid, ICalendarProperty::Dtend).as_deref(),
        Some("2026-11-21"),
        "an all-day DTEND is the day after"
    );
    assert_eq!(
        value(&calendar, &visit_uid, ICalendarProperty::Description).as_deref(),
        Some(observations),
        "text comes back exactly, escaped and unfolded"
    );
    assert_eq!(
        value(&calendar, &visit_uid, ICalendarProperty::Location).as_deref(),
        Some("Kondele, Kisumu")
    );
    assert_eq!(kind_of(&calendar, &task_uid), ICalendarComponentType::VTodo);
    assert_eq!(
        value(&calendar, &task_uid, ICalendarProperty::Due).as_deref(),
        Some("2026-12-04")
    );
    assert_eq!(
        value(&calendar, &task_uid, ICalendarProperty::Status).as_deref(),
        Some("NEEDS-ACTION")
    );
    assert_eq!(
        value(&calendar, &task_uid, ICalendarProperty::Summary).as_deref(),
        Some("Send the budget template")
    );

    // Nothing changed: the same bytes (a calendar sees nothing new).
    let (again, _) = export(&db, &out);
    assert_eq!(first, again);

    // Done: the same UID, now COMPLETED. In the trash: gone.
    {
        let mut store = Store::open(&db).unwrap();
        let done = FollowUp {
            done_at: chrono::DateTime::from_timestamp(1_764_300_000, 0),
            ..follow_up.clone()
        };
        store.write(|tx| tx.save_follow_up(&done)).unwrap();
    }
    let (_, calendar) = export(&db, &out);
    assert_eq!(
        value(&calendar, &task_uid, ICalendarProperty::Status).as_deref(),
        Some("COMPLETED")
    );
    {
        let mut store = Store::open(&db).unwrap();
        let id = visit.parse().unwrap();
        store
            .write(|tx| tx.set_deleted(RecordKind::Visit, id, true))
            .unwrap();
    }
    let (text, _) = export(&db, &out);
    assert!(!text.contains(&visit_uid), "{text}");
}

#[test]
fn an_empty_book_gives_an_empty_calendar_and_a_bad_path_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let out = dir.path().join("empty.ics");
    let (text, calendar) = export(&db, &out);
    assert_eq!(calendar.components.len(), 1, "{text}");
    let missing = dir.path().join("no-such-folder/desk.ics");
    fieldbook(&db)
        .args(["export", "--format", "ics", "--out"])
        .arg(&missing)
        .assert()
        .failure()
        .stderr(contains("no-such-folder"));
    assert!(!missing.exists());
}

/// Events keep their local times (floating: no time zone) and their place;
/// deliverables are tasks named with their project, done once submitted,
/// cancelled when waived.
#[test]
fn events_at_their_times_and_deliverables_as_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let event = ok(
        &db,
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
            "09:30",
            "--end-time",
            "16:00",
            "--place",
            "Nairobi",
        ],
    );
    let event_uid = format!("{event}@fieldbook");
    ok(
        &db,
        &[
            "add",
            "project",
            "--title",
            "Water for Kibera",
            "--ref",
            "FB-2026-0001",
            "--start",
            "2026-01-01",
            "--end",
            "2027-12-31",
        ],
    );
    let add = |kind: &str, due: &str| {
        ok(
            &db,
            &[
                "add",
                "deliverable",
                "--project",
                "FB-2026-0001",
                "--kind",
                kind,
                "--due",
                due,
            ],
        )
    };
    let report = add("quarterly_report", "2027-01-15");
    let waived = add("completion_report", "2028-01-31");
    ok(&db, &["deliverable", "waive", &waived]);

    let out = dir.path().join("desk.ics");
    let (text, calendar) = export(&db, &out);
    assert_eq!(
        kind_of(&calendar, &event_uid),
        ICalendarComponentType::VEvent
    );
    assert!(
        text.contains("DTSTART:20270120T093000\r\n"),
        "floating local time:\n{text}"
    );
    assert!(text.contains("DTEND:20270120T160000\r\n"), "{text}");
    assert_eq!(
        value(&calendar, &event_uid, ICalendarProperty::Summary).as_deref(),
        Some("JPP application seminar (Seminar)")
    );
    assert_eq!(
        value(&calendar, &event_uid, ICalendarProperty::Location).as_deref(),
        Some("Nairobi")
    );
    let report_uid = format!("{report}@fieldbook");
    assert_eq!(
        kind_of(&calendar, &report_uid),
        ICalendarComponentType::VTodo
    );
    assert_eq!(
        value(&calendar, &report_uid, ICalendarProperty::Summary).as_deref(),
        Some("Quarterly report - FB-2026-0001 Water for Kibera")
    );
    assert_eq!(
        value(&calendar, &report_uid, ICalendarProperty::Due).as_deref(),
        Some("2027-01-15")
    );
    assert_eq!(
        value(&calendar, &report_uid, ICalendarProperty::Status).as_deref(),
        Some("NEEDS-ACTION")
    );
    assert_eq!(
        value(
            &calendar,
            &format!("{waived}@fieldbook"),
            ICalendarProperty::Status
        )
        .as_deref(),
        Some("CANCELLED")
    );
    ok(
        &db,
        &["deliverable", "submit", &report, "--on", "2027-01-10"],
    );
    let (_, calendar) = export(&db, &out);
    assert_eq!(
        value(&calendar, &report_uid, ICalendarProperty::Status).as_deref(),
        Some("COMPLETED"),
        "the same UID, now done"
    );
}
