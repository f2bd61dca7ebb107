//! Registrations and approvals (issue 16, section 4): the store round
//! trip, validation naming the field, the CLI with bad input, the
//! dashboard's watch lists, search, the trash, the exports and the demo.

use std::path::Path;

use chrono::NaiveDate;
use fieldbook::domain::*;
use fieldbook::store::Store;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

mod common;
use common::cli::{fieldbook, stats};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn org(store: &mut Store, name: &str) -> Id {
    let o = Organization::new(name, OrgKind::LocalNgo);
    store.write(|tx| tx.save_organization(&o)).unwrap();
    o.meta.id
}

fn project(store: &mut Store, title: &str, status: ProjectStatus, implementer: Option<Id>) -> Id {
    let mut p = Project::new(title);
    p.status = status;
    p.implementing_org_id = implementer;
    store.write(|tx| tx.save_project(&p)).unwrap();
    p.meta.id
}

fn registration(
    holder: Holder,
    kind: RegistrationKind,
    number: &str,
    expires: &str,
) -> Registration {
    let mut r = Registration::new(holder, kind);
    r.number = Some(number.into());
    r.authority = Some("NGO Coordination Board".into());
    r.issued_on = Some(d("2022-01-10"));
    r.expires_on = Some(d(expires));
    r
}

fn count(db: &Path, table: &str) -> i64 {
    let s = stats(db);
    s[table]["live"].as_i64().unwrap() + s[table]["deleted"].as_i64().unwrap()
}

#[test]
fn saved_registrations_read_back_and_bad_ones_are_refused_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("r.db")).unwrap();
    let plas = org(&mut store, "PLAS Kenya");
    let mut r = registration(
        Holder::Organization(plas),
        RegistrationKind::NgoRegistration,
        "OP.218/051",
        "2027-01-31",
    );
    r.note = "Renewed every five years.".into();
    store.write(|tx| tx.save_registration(&r)).unwrap();
    let back = store.read().registration(r.meta.id).unwrap().unwrap();
    assert_eq!(back.number, r.number);
    assert_eq!(back.expires_on, r.expires_on);
    assert_eq!(back.holder, r.holder);
    assert_eq!(back.note, r.note);
    assert_eq!(
        store
            .read()
            .registrations_of(Holder::Organization(plas))
            .unwrap()
            .len(),
        1
    );

    let mut bad = r.clone();
    bad.meta = Meta::new();
    bad.expires_on = Some(d("2021-12-31"));
    let e = store
        .write(|tx| tx.save_registration(&bad))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("expires: 2021-12-31 is before the date it was issued (2022-01-10)"),
        "{e}"
    );
    let mut orphan = r.clone();
    orphan.meta = Meta::new();
    orphan.holder = Holder::Project(new_id());
    let e = store
        .write(|tx| tx.save_registration(&orphan))
        .unwrap_err()
        .to_string();
    assert!(e.contains("project: no project with id"), "{e}");
    assert_eq!(
        store
            .read()
            .registrations_of(Holder::Organization(plas))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_watch_lists_expiring_soon_and_lapsed_on_a_running_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    let today = d("2026-11-28");
    let plas = org(&mut store, "PLAS Kenya");
    let idle = org(&mut store, "Idle Group");
    let running = project(
        &mut store,
        "Water points in Kisumu",
        ProjectStatus::InProgress,
        Some(plas),
    );
    let done = project(
        &mut store,
        "Finished school",
        ProjectStatus::Completed,
        None,
    );
    let regs = [
        registration(
            Holder::Organization(plas),
            RegistrationKind::NgoRegistration,
            "SOON-1",
            "2027-01-15",
        ),
        registration(
            Holder::Project(running),
            RegistrationKind::GovernmentApproval,
            "LAPSED-1",
            "2026-11-01",
        ),
        registration(
            Holder::Project(done),
            RegistrationKind::Mou,
            "LAPSED-DONE",
            "2026-10-01",
        ),
        registration(
            Holder::Organization(idle),
            RegistrationKind::TaxExemption,
            "LAPSED-IDLE",
            "2026-10-01",
        ),
        registration(
            Holder::Organization(plas),
            RegistrationKind::WorkPermit,
            "LAPSED-IMPL",
            "2026-11-20",
        ),
        registration(
            Holder::Organization(plas),
            RegistrationKind::Mou,
            "LATER",
            "2027-06-01",
        ),
    ];
    store
        .write(|tx| regs.iter().try_for_each(|r| tx.save_registration(r)))
        .unwrap();
    let w = store.read().dashboard(today).unwrap().registrations;
    let numbers = |lines: &[fieldbook::store::views::RegistrationLine]| -> Vec<String> {
        lines
            .iter()
            .map(|l| l.registration.number.clone().unwrap())
            .collect()
    };
    assert_eq!(numbers(&w.expiring), ["SOON-1"]);
    assert_eq!(w.expiring_total, 1);
    // Its own running project's approval, and the implementer's permit;
    // not a finished project's MoU nor an organization with no running project.
    assert_eq!(numbers(&w.expired_running), ["LAPSED-1", "LAPSED-IMPL"]);
    assert_eq!(
        w.expired_running[0].project.as_deref(),
        Some("Water points in Kisumu")
    );
    // For the report: a date range.
    let range = store
        .read()
        .registrations_expiring(d("2027-01-01"), d("2027-12-31"), 100)
        .unwrap();
    assert_eq!(numbers(&range), ["SOON-1", "LATER"]);
}

#[test]
fn cli_adds_lists_and_refuses_bad_input_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    fieldbook(&db)
        .args(["add", "org", "--name", "PLAS Kenya", "--kind", "local_ngo"])
        .assert()
        .success();
    fieldbook(&db)
        .args([
            "add",
            "project",
            "--title",
            "Water points",
            "--ref",
            "KE-2026-001",
            "--org",
            "PLAS Kenya",
            "--status",
            "in_progress",
        ])
        .assert()
        .success();
    let bad: [(&[&str], &str); 5] = [
        (
            &[
                "--org",
                "PLAS Kenya",
                "--kind",
                "mou",
                "--issued",
                "2026-05-01",
                "--expires",
                "2026-04-01",
            ],
            "--expires: 2026-04-01 is before the date it was issued (2026-05-01); nothing was written",
        ),
        (
            &["--org", "PLAS Kenya", "--kind", "visa"],
            "--kind: 'visa' is not a registration kind; use one of: ngo_registration",
        ),
        (
            &["--org", "Nobody", "--kind", "mou"],
            "--org: no organization",
        ),
        (&["--project", "KE-0000", "--kind", "mou"], "--project:"),
        (
            &[
                "--org",
                "PLAS Kenya",
                "--kind",
                "mou",
                "--expires",
                "2026-02-30",
            ],
            "--expires: '2026-02-30' is not a date",
        ),
    ];
    for (args, message) in bad {
        fieldbook(&db)
            .args(["add", "registration"])
            .args(args)
            .assert()
            .failure()
            .stderr(contains(message));
    }
    assert_eq!(count(&db, "registrations"), 0, "nothing was written");
    fieldbook(&db)
        .args([
            "add",
            "registration",
            "--org",
            "PLAS Kenya",
            "--kind",
            "NGO registration",
            "--number",
            "OP.218/051",
            "--authority",
            "NGO Coordination Board",
            "--issued",
            "2022-02-01",
            "--expires",
            "2027-01-31",
        ])
        .assert()
        .success();
    fieldbook(&db)
        .args([
            "add",
            "registration",
            "--project",
            "KE-2026-001",
            "--kind",
            "government_approval",
            "--number",
            "CG/77",
            "--expires",
            "-10d",
            "--note",
            "renewal applied for",
        ])
        .assert()
        .success();
    fieldbook(&db)
        .args([
            "add",
            "registration",
            "--org",
            "PLAS Kenya",
            "--kind",
            "tax_exemption",
            "--expires",
            "2029-01-01",
        ])
        .assert()
        .success();
    fieldbook(&db)
        .args(["registrations", "--expiring-within", "90"])
        .assert()
        .success()
        .stdout(contains("2026-11-18  EXPIRED 10 days ago  Counterpart government approval CG/77"))
        .stdout(contains("(project still running: KE-2026-001 Water points)"))
        .stdout(contains("2027-01-31  in 64 days  NGO registration OP.218/051 (NGO Coordination Board)  PLAS Kenya"))
        .stdout(contains("Tax exemption").not());
    fieldbook(&db)
        .args(["registrations", "--org", "PLAS Kenya"])
        .assert()
        .success()
        .stdout(contains("Tax exemption"))
        .stdout(contains("CG/77").not());
}

#[test]
fn search_finds_them_by_number_authority_and_kind_and_the_trash_hides_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let mut store = Store::open(&db).unwrap();
    let plas = org(&mut store, "PLAS Kenya");
    let mut r = registration(
        Holder::Organization(plas),
        RegistrationKind::TaxExemption,
        "KRA-PIN-7731",
        "2027-03-01",
    );
    r.authority = Some("Kenya Revenue Authority".into());
    store.write(|tx| tx.save_registration(&r)).unwrap();
    let found = |store: &Store, q: &str| -> bool {
        store
            .read()
            .search(q, None, 20)
            .unwrap()
            .iter()
            .any(|h| h.kind == RecordKind::Registration && h.id == r.meta.id)
    };
    for q in ["KRA-PIN-7731", "revenue authority", "tax exemption"] {
        assert!(found(&store, q), "{q}");
    }
    store
        .write(|tx| tx.set_deleted(RecordKind::Registration, r.meta.id, true))
        .unwrap();
    assert!(!found(&store, "KRA-PIN-7731"));
    assert!(
        store
            .read()
            .registrations_of(Holder::Organization(plas))
            .unwrap()
            .is_empty()
    );
    let trash = store.read().trash(10).unwrap();
    assert_eq!(trash[0].kind, RecordKind::Registration);
    assert_eq!(trash[0].title, "tax_exemption KRA-PIN-7731");
    store
        .write(|tx| tx.set_deleted(RecordKind::Registration, r.meta.id, false))
        .unwrap();
    assert!(found(&store, "KRA-PIN-7731"));
    assert_eq!(
        store
            .read()
            .registrations_of(Holder::Organization(plas))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_demo_has_registrations_some_expiring_and_one_lapsed_on_a_running_project() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("d.db");
    fieldbook(&db)
        .args(["demo", "--scale", "300", "--today", common::cli::TODAY])
        .assert()
        .success()
        .stdout(contains("registrations and approvals"));
    let store = Store::open(&db).unwrap();
    let w = store
        .read()
        .registration_watch(d(common::cli::TODAY))
        .unwrap();
    assert!(w.expiring_total >= 3, "{}", w.expiring_total);
    assert_eq!(w.expired_running_total, 1);
    assert_eq!(
        w.expired_running[0].registration.note,
        "Renewal applied for; awaiting the county's letter."
    );
}

#[test]
fn csv_and_xlsx_exports_have_a_registrations_table() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    fieldbook(&db)
        .args(["demo", "--scale", "60"])
        .assert()
        .success();
    let registrations = count(&db, "registrations");
    assert!(registrations > 0);
    let csv = dir.path().join("csv");
    fieldbook(&db)
        .args(["export", "--format", "csv", "--out"])
        .arg(&csv)
        .assert()
        .success();
    let text = std::fs::read_to_string(csv.join("registrations.csv")).unwrap();
    assert!(
        text.starts_with(
            "id,holder,holder_kind,holder_id,kind,number,authority,issued,expires,note,"
        )
    );
    assert_eq!(text.lines().count() as i64, registrations + 1);
    let book = dir.path().join("b.xlsx");
    fieldbook(&db)
        .args(["export", "--format", "xlsx", "--out"])
        .arg(&book)
        .assert()
        .success();
    let mut workbook: Xlsx<_> = open_workbook(&book).unwrap();
    let range = workbook.worksheet_range("registrations").unwrap();
    assert_eq!(range.height() as i64, registrations + 1);
}
