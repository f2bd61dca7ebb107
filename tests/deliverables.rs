//! Issue 16 section 3: deliverables (a project's reporting calendar), the
//! proposed schedule, and the programme type's new name. Real binary, real
//! SQLite files, the day pinned (FIELDBOOK_TODAY is 2026-11-28).

use std::fs;
use std::path::Path;

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::store::{APPLICATION_ID, Store, migrations};
use predicates::str::contains;

mod common;
use common::cli::fieldbook;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Runs the binary; its stdout, or a panic with its stderr.
fn ok(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the binary expecting a refusal; its stderr.
fn refused(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).args(args).output().unwrap();
    assert!(!out.status.success(), "{args:?} was accepted");
    String::from_utf8(out.stderr).unwrap()
}

/// A book with one running project, 2026-01-10 to 2026-12-31.
fn book_with_project(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("book.db");
    ok(
        &db,
        &[
            "add",
            "project",
            "--title",
            "Farmers' school",
            "--ref",
            "JPP-KE-01",
            "--start",
            "2026-01-10",
            "--end",
            "2026-12-31",
            "--status",
            "in_progress",
        ],
    );
    db
}

fn deliverables(db: &Path) -> Vec<Deliverable> {
    let store = Store::open(db).unwrap();
    let mut all = Vec::new();
    store
        .read()
        .each_deliverable(|d| {
            all.push(d);
            Ok(())
        })
        .unwrap();
    all
}

#[test]
fn store_round_trip_status_changes_and_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_project(dir.path());
    let mut store = Store::open(&db).unwrap();
    let project = store.read().projects_matching("JPP-KE-01").unwrap()[0]
        .meta
        .id;
    let mut d = Deliverable::new(project, DeliverableKind::QuarterlyReport, day("2026-04-15"));
    d.period_end = Some(day("2026-03-31"));
    d.note = "Second copy to the county office".into();
    d.title = Some("Q1 narrative".into());
    d.set_status(DeliverableStatus::Returned, day("2026-04-14"));
    store.write(|tx| tx.save_deliverable(&d)).unwrap();
    // Every field back as saved, after reopening (times to the millisecond).
    drop(store);
    let mut store = Store::open(&db).unwrap();
    let mut back = store.read().deliverable(d.meta.id).unwrap().unwrap();
    back.meta.updated_at = d.meta.updated_at;
    let mut expected = d.clone();
    expected.meta.created_at =
        chrono::DateTime::from_timestamp_millis(d.meta.created_at.timestamp_millis()).unwrap();
    back.meta.updated_at = expected.meta.updated_at;
    assert_eq!(back, expected);
    d.set_status(DeliverableStatus::Due, day("2026-04-14"));
    store.write(|tx| tx.save_deliverable(&d)).unwrap();
    let overdue = store
        .read()
        .overdue_deliverables(day("2026-04-16"))
        .unwrap();
    assert_eq!(overdue.len(), 1);
    assert!(
        store
            .read()
            .overdue_deliverables(day("2026-04-15"))
            .unwrap()
            .is_empty()
    );
    store
        .write(|tx| {
            tx.set_deliverable_status(d.meta.id, DeliverableStatus::Accepted, day("2026-04-20"))
        })
        .unwrap();
    let back = store.read().deliverable(d.meta.id).unwrap().unwrap();
    assert_eq!(back.status, DeliverableStatus::Accepted);
    assert_eq!(back.submitted_on, Some(day("2026-04-20")));
    assert!(
        store
            .read()
            .overdue_deliverables(day("2026-05-01"))
            .unwrap()
            .is_empty()
    );
    // The range the calendar export and the monthly report read.
    let april = store
        .read()
        .deliverables_due_between(day("2026-04-01"), day("2026-04-30"), false)
        .unwrap();
    assert_eq!(april.len(), 1);
    assert!(
        store
            .read()
            .deliverables_due_between(day("2026-04-01"), day("2026-04-30"), true)
            .unwrap()
            .is_empty()
    );
    // A due date before the project's start is refused by the store too.
    let early = Deliverable::new(project, DeliverableKind::Contract, day("2025-12-01"));
    let err = store.write(|tx| tx.save_deliverable(&early)).unwrap_err();
    assert!(
        err.to_string()
            .contains("due: 2025-12-01 is before the project's start"),
        "{err}"
    );
}

#[test]
fn trash_and_undo_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_project(dir.path());
    let id = ok(
        &db,
        &[
            "add",
            "deliverable",
            "--project",
            "JPP-KE-01",
            "--kind",
            "other",
            "--title",
            "Borehole survey",
            "--due",
            "2026-06-30",
            "--note",
            "hydrogeologist from Kisumu",
        ],
    );
    let id: Id = id.trim().parse().unwrap();
    for query in ["borehole", "hydrogeologist", "Other"] {
        let out = ok(&db, &["search", query]);
        assert!(out.contains("Borehole survey"), "{query}: {out}");
    }
    let out = ok(&db, &["search", "quarterly"]);
    assert!(!out.contains("Borehole"), "{out}");
    let mut store = Store::open(&db).unwrap();
    store
        .write(|tx| tx.set_deleted(RecordKind::Deliverable, id, true))
        .unwrap();
    let trash = store.read().trash(10).unwrap();
    assert_eq!(trash[0].kind, RecordKind::Deliverable);
    assert!(
        trash[0].title.starts_with("Borehole survey"),
        "{:?}",
        trash[0]
    );
    drop(store);
    assert!(!ok(&db, &["search", "borehole"]).contains("Borehole"));
    let mut store = Store::open(&db).unwrap();
    store
        .write(|tx| tx.set_deleted(RecordKind::Deliverable, id, false))
        .unwrap();
    // A project in the trash takes its overdue deliverables off the
    // dashboard and the overdue list; restored, they are back.
    let project = store.read().projects_matching("JPP-KE-01").unwrap()[0]
        .meta
        .id;
    let late = |store: &Store| {
        let r = store.read();
        (
            r.deliverable_section(day("2026-07-01"))
                .unwrap()
                .overdue_total,
            r.overdue_deliverables(day("2026-07-01")).unwrap().len(),
        )
    };
    assert_eq!(late(&store), (1, 1));
    store
        .write(|tx| tx.set_deleted(RecordKind::Project, project, true))
        .unwrap();
    assert_eq!(late(&store), (0, 0));
    store
        .write(|tx| tx.set_deleted(RecordKind::Project, project, false))
        .unwrap();
    assert_eq!(late(&store), (1, 1));
    drop(store);
    assert!(ok(&db, &["search", "borehole"]).contains("Borehole survey"));
}

#[test]
fn add_refuses_bad_input_naming_the_flag_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_project(dir.path());
    let base = ["add", "deliverable", "--project", "JPP-KE-01"];
    let cases: &[(&[&str], &str)] = &[
        (
            &["--kind", "quarterly_report", "--due", "2025-12-31"],
            "--due: 2025-12-31 is before the project's start date 2026-01-10",
        ),
        (
            &["--kind", "weekly_report", "--due", "2026-04-15"],
            "--kind: 'weekly_report' is not a deliverable kind",
        ),
        (
            &["--kind", "other", "--due", "2026-04-15"],
            "--title: is required for a deliverable of kind 'other'",
        ),
        (&["--kind", "contract", "--due", "someday"], "--due:"),
        (
            &[
                "--kind",
                "contract",
                "--due",
                "2026-04-15",
                "--submitter-org",
                "Nobody",
            ],
            "--submitter-org: no organization",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let err = refused(&db, &args);
        assert!(err.contains(expected), "{extra:?}: {err}");
    }
    let err = refused(
        &db,
        &[
            "add",
            "deliverable",
            "--project",
            "JPP-XX",
            "--kind",
            "contract",
            "--due",
            "2026-04-15",
        ],
    );
    assert!(err.contains("--project"), "{err}");
    assert!(deliverables(&db).is_empty());
}

#[test]
fn status_commands_record_the_days() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_project(dir.path());
    let id = ok(
        &db,
        &[
            "add",
            "deliverable",
            "--project",
            "JPP-KE-01",
            "--kind",
            "quarterly_report",
            "--due",
            "2026-04-15",
            "--period-end",
            "2026-03-31",
        ],
    );
    let id = id.trim();
    let list = ok(&db, &["deliverable", "list", "--overdue"]);
    assert!(list.contains(id) && list.contains("OVERDUE"), "{list}");
    ok(&db, &["deliverable", "submit", id, "--on", "2026-04-14"]);
    ok(
        &db,
        &[
            "deliverable",
            "return",
            id,
            "--on",
            "2026-04-20",
            "--note",
            "budget table missing",
        ],
    );
    let d = &deliverables(&db)[0];
    assert_eq!(d.status, DeliverableStatus::Returned);
    assert_eq!(d.submitted_on, Some(day("2026-04-14")));
    assert_eq!(d.note, "budget table missing");
    // Returned for revision is open again, so overdue.
    assert!(ok(&db, &["deliverable", "list", "--overdue"]).contains(id));
    ok(&db, &["deliverable", "submit", id, "--on", "2026-04-25"]);
    let err = refused(&db, &["deliverable", "submit", id]);
    assert!(err.contains("already submitted"), "{err}");
    // Accepted before it was submitted: refused, named.
    let err = refused(&db, &["deliverable", "accept", id, "--on", "2026-04-24"]);
    assert!(
        err.contains("--on: 2026-04-24 is before the day it was submitted, 2026-04-25"),
        "{err}"
    );
    ok(&db, &["deliverable", "accept", id, "--on", "2026-05-02"]);
    let d = &deliverables(&db)[0];
    assert_eq!(
        (d.status, d.accepted_on),
        (DeliverableStatus::Accepted, Some(day("2026-05-02")))
    );
    let err = refused(&db, &["deliverable", "waive", "not-an-id"]);
    assert!(err.contains("'not-an-id' is not a deliverable id"), "{err}");
    let err = refused(
        &db,
        &[
            "deliverable",
            "waive",
            "01a24ebe-0799-7158-8674-8fa607bfecb8",
        ],
    );
    assert!(err.contains("no deliverable has the id"), "{err}");
}

#[test]
fn schedule_proposes_writes_and_skips_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_project(dir.path());
    let config = dir.path().join("config");
    fs::create_dir_all(config.join("fieldbook")).unwrap();
    let run = |args: &[&str]| {
        let out = fieldbook(&db)
            .env("XDG_CONFIG_HOME", &config)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (good, out, _) = run(&["schedule", "--project", "JPP-KE-01", "--dry-run"]);
    assert!(good);
    assert!(
        out.contains("would add: Quarterly report due 2026-04-15 (period to 2026-03-31)"),
        "{out}"
    );
    assert!(
        out.contains("would add: Completion report due 2027-01-30 (period to 2026-12-31)"),
        "{out}"
    );
    assert!(
        out.contains("would add 7, 0 already there (dry run: nothing written)"),
        "{out}"
    );
    assert!(deliverables(&db).is_empty(), "a dry run writes nothing");
    // The offsets are settings.
    fs::write(
        config.join("fieldbook/config.toml"),
        "[schedule]\nquarterly_report_days = 30\nexpenditure_report_days = 45\n",
    )
    .unwrap();
    let (good, out, _) = run(&["schedule", "--project", "JPP-KE-01"]);
    assert!(good);
    assert!(
        out.contains("added: Quarterly report due 2026-04-30"),
        "{out}"
    );
    assert!(
        out.contains("added: Quarterly expenditure report due 2026-05-15"),
        "{out}"
    );
    assert_eq!(deliverables(&db).len(), 7);
    let (good, out, _) = run(&[
        "schedule",
        "--project",
        "JPP-KE-01",
        "--quarterly",
        "--monthly",
    ]);
    assert!(good);
    assert!(out.contains("already there: Quarterly report due"), "{out}");
    // 11 month ends before the end; 6 quarterly and 1 completion already there.
    assert!(out.contains("added 11, 7 already there"), "{out}");
    assert_eq!(deliverables(&db).len(), 18);
    // A bad setting is refused with its line, before anything is written.
    fs::write(
        config.join("fieldbook/config.toml"),
        "[schedule]\nmonthly_report_days = -1\n",
    )
    .unwrap();
    let (good, _, err) = run(&["schedule", "--project", "JPP-KE-01"]);
    assert!(!good);
    assert!(
        err.contains("line 2: schedule.monthly_report_days"),
        "{err}"
    );
}

#[test]
fn schedule_refuses_a_project_without_an_end_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    ok(
        &db,
        &[
            "add",
            "project",
            "--title",
            "Open-ended",
            "--ref",
            "OE-1",
            "--start",
            "2026-01-01",
        ],
    );
    let err = refused(&db, &["schedule", "--project", "OE-1"]);
    assert!(err.contains("OE-1: the project has no end date"), "{err}");
    assert!(deliverables(&db).is_empty());
}

/// Deliverables in every state (trash included) survive export -> import
/// into an empty book -> export, byte for byte; the CSV and XLSX exports
/// carry them.
#[test]
fn json_round_trip_is_byte_identical_and_tables_carry_them() {
    let dir = tempfile::tempdir().unwrap();
    let a = book_with_project(dir.path());
    ok(
        &a,
        &[
            "add",
            "org",
            "--name",
            "Kisumu Farmers Network",
            "--kind",
            "local_ngo",
        ],
    );
    ok(
        &a,
        &[
            "add",
            "contact",
            "--name",
            "Achieng Otieno",
            "--org",
            "Kisumu Farmers Network",
        ],
    );
    ok(&a, &["schedule", "--project", "JPP-KE-01"]);
    let id = ok(
        &a,
        &[
            "add",
            "deliverable",
            "--project",
            "JPP-KE-01",
            "--kind",
            "evaluation",
            "--due",
            "2026-12-20",
            "--title",
            "Mid-term review",
            "--submitter-org",
            "Kisumu Farmers Network",
            "--submitter",
            "Achieng Otieno",
            "--note",
            "two lines\nof note",
        ],
    );
    ok(
        &a,
        &["deliverable", "accept", id.trim(), "--on", "2026-11-01"],
    );
    let first_id = deliverables(&a)[0].meta.id.to_string();
    ok(&a, &["deliverable", "waive", &first_id]);
    let mut store = Store::open(&a).unwrap();
    let trashed = deliverables(&a)[1].meta.id;
    store
        .write(|tx| tx.set_deleted(RecordKind::Deliverable, trashed, true))
        .unwrap();
    drop(store);
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    ok(
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
    assert!(text.contains("\"deliverables\": ["), "{text}");
    assert!(text.contains("Mid-term review") && text.contains("\"waived\""));
    let b = dir.path().join("b.db");
    ok(&b, &["import", first.to_str().unwrap()]);
    ok(
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
    // CSV: a deliverables.csv with the project and the submitter by name.
    let csv_dir = dir.path().join("csv");
    ok(
        &a,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            csv_dir.to_str().unwrap(),
        ],
    );
    let csv = fs::read_to_string(csv_dir.join("deliverables.csv")).unwrap();
    assert!(
        csv.starts_with("id,project,project_id,kind,title,period_end,due,status"),
        "{csv}"
    );
    assert!(
        csv.contains("JPP-KE-01 Farmers' school") && csv.contains("Achieng Otieno"),
        "{csv}"
    );
    assert_eq!(
        csv.lines()
            .filter(|l| l.contains("quarterly_report"))
            .count(),
        3
    );
    let xlsx = dir.path().join("book.xlsx");
    ok(
        &a,
        &[
            "export",
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    );
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    use calamine::Reader;
    let sheet = workbook.worksheet_range("deliverables").unwrap();
    assert_eq!(sheet.rows().count(), 1 + 8);
}

/// A book at schema 10 whose project has the old "local-government type":
/// opening it migrates the project to local_activation, while an
/// organization of kind local_government keeps its kind.
#[test]
fn schema_10_local_government_projects_become_local_activation() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let mut raw = rusqlite::Connection::open(&db).unwrap();
        raw.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        migrations::migrate_to(&mut raw, 10).unwrap();
        raw.execute_batch(
            "INSERT INTO organizations (id, name, sort_key, kind, created_at, updated_at)
                 VALUES (X'0190000000007000800000000000000a', 'Kisumu County Government',
                         'kisumu county government', 'local_government', 0, 0);
             INSERT INTO projects (id, title, sort_key, programme_type, status, status_rank,
                                   created_at, updated_at)
                 VALUES (X'0190000000007000800000000000000b', 'Wells', 'wells',
                         'local_government', 'in_progress', 5, 0, 0),
                        (X'0190000000007000800000000000000c', 'School', 'school',
                         'partner', 'idea', 0, 0, 0);",
        )
        .unwrap();
    }
    // A backup of that book, restored by this version, is renamed too.
    let backup = dir.path().join("old-backup.db");
    fs::copy(&db, &backup).unwrap();
    let restored = dir.path().join("restored.db");
    ok(&restored, &["stats"]);
    ok(&restored, &["restore", backup.to_str().unwrap()]);
    let json = dir.path().join("restored.json");
    ok(
        &restored,
        &[
            "export",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
        ],
    );
    let out = fs::read_to_string(&json).unwrap();
    assert!(
        out.contains("\"programme_type\":\"local_activation\""),
        "{out}"
    );
    assert!(out.contains("\"kind\":\"local_government\""), "{out}");
    let store = Store::open(&db).unwrap();
    let r = store.read();
    let wells = r.projects_matching("Wells").unwrap().remove(0);
    assert_eq!(wells.programme_type, Some(ProgrammeType::LocalActivation));
    let school = r.projects_matching("School").unwrap().remove(0);
    assert_eq!(school.programme_type, Some(ProgrammeType::Partner));
    let county = r
        .organizations_named("Kisumu County Government")
        .unwrap()
        .remove(0);
    assert_eq!(county.kind, OrgKind::LocalGovernment);
    drop(store);
    // The stored values, not only what the reader makes of them (it reads
    // the old key as an alias).
    let raw = rusqlite::Connection::open(&db).unwrap();
    let stored: String = raw
        .query_row("SELECT kind FROM organizations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, "local_government");
    let stored: String = raw
        .query_row(
            "SELECT programme_type FROM projects WHERE title = 'Wells'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "local_activation");
}

#[test]
fn local_government_is_still_accepted_on_the_command_line_and_in_old_exports() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    ok(
        &db,
        &[
            "add",
            "project",
            "--title",
            "Wells",
            "--ref",
            "W-1",
            "--type",
            "local_government",
        ],
    );
    let json = dir.path().join("now.json");
    ok(
        &db,
        &[
            "export",
            "--format",
            "json",
            "--out",
            json.to_str().unwrap(),
        ],
    );
    let text = fs::read_to_string(&json).unwrap();
    assert!(
        text.contains("\"programme_type\":\"local_activation\""),
        "{text}"
    );
    // An export written by an older version: the old key, no deliverables.
    let old = text
        .replace(
            "\"programme_type\":\"local_activation\"",
            "\"programme_type\":\"local_government\"",
        )
        .replace("\"deliverables\": [\n\n],\n", "");
    assert!(!old.contains("deliverables") && old.contains("local_government"));
    let old_file = dir.path().join("old.json");
    fs::write(&old_file, old).unwrap();
    let b = dir.path().join("b.db");
    ok(&b, &["import", old_file.to_str().unwrap()]);
    let store = Store::open(&b).unwrap();
    let p = store.read().projects_matching("W-1").unwrap().remove(0);
    assert_eq!(p.programme_type, Some(ProgrammeType::LocalActivation));
    // The help names the new key and the old one it replaced.
    fieldbook(&db)
        .args(["add", "project", "--help"])
        .assert()
        .success()
        .stdout(contains("local_activation (once local_government)"));
}
