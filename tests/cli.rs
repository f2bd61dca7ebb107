//! The real `fieldbook` binary on real files.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::cli::{fieldbook, stats};

fn live(db: &Path, kind: &str) -> i64 {
    stats(db)[kind]["live"].as_i64().unwrap()
}

#[test]
fn help_lists_every_command() {
    let mut cmd = Command::cargo_bin("fieldbook").unwrap();
    cmd.arg("--help")
        .assert()
        .success()
        .stdout(
            contains("demo")
                .and(contains("add"))
                .and(contains("stats"))
                .and(contains("check")),
        )
        .stdout(contains("FIELDBOOK_DB"));
}

#[test]
fn add_contact_creates_its_organization_and_prints_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let out = fieldbook(&db)
        .args([
            "add",
            "contact",
            "--name",
            "Doi Kenichi",
            "--native-name",
            "土居健市",
        ])
        .args([
            "--reading",
            "ドイ ケンイチ",
            "--org",
            "PLAS",
            "--email",
            "doi@example.org",
        ])
        .args([
            "--phone",
            "+254 700 000001",
            "--phone",
            "office:+254 20 000 0001",
            "--country",
            "KE",
        ])
        .args(["--tag", "key-partner"])
        .assert()
        .success()
        .stderr(contains("created organization 'PLAS'"))
        .get_output()
        .stdout
        .clone();
    let id = String::from_utf8(out).unwrap();
    assert!(
        uuid::Uuid::parse_str(id.trim()).is_ok(),
        "prints an id: {id}"
    );
    // A second contact at the same organization (typed differently) links to it.
    fieldbook(&db)
        .args(["add", "contact", "--name", "Wanjiru Kamau", "--org", "plas"])
        .assert()
        .success()
        .stderr(contains("created").not());
    assert_eq!(live(&db, "organizations"), 1);
    assert_eq!(live(&db, "contacts"), 2);
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "add",
                "contact",
                "--name",
                "Fatou Sow",
                "--email",
                "fatou.example.org",
                "--org",
                "New Org",
            ],
            "email[1]",
        ),
        (&["add", "contact", "--name", "  "], "name: is required"),
        (
            &[
                "add",
                "contact",
                "--name",
                "Fatou Sow",
                "--phone",
                "call me",
            ],
            "phone[1]",
        ),
        (
            &["add", "org", "--name", "X", "--kind", "charity"],
            "--kind: 'charity' is not a kind of organization",
        ),
        (
            &["add", "project", "--title", "X", "--start", "2026-02-30"],
            "--start: '2026-02-30' is not a date",
        ),
        (
            &[
                "add",
                "project",
                "--title",
                "X",
                "--start",
                "2026-05-01",
                "--end",
                "2026-04-01",
            ],
            "end: 2026-04-01 is before",
        ),
        (
            &["add", "project", "--title", "X", "--budget", "-5 JPY"],
            "--budget: '-5' is negative",
        ),
        (
            &["add", "project", "--title", "X", "--budget", "5 YENS"],
            "--budget",
        ),
        (
            &["add", "project", "--title", "X", "--status", "done"],
            "--status: 'done' is not a project status",
        ),
        (
            &[
                "add",
                "project",
                "--title",
                "X",
                "--org",
                "New Org",
                "--partner",
                "Nobody",
            ],
            "--partner: no organization is named 'Nobody'",
        ),
    ];
    for (args, expected) in cases {
        fieldbook(&db)
            .args(*args)
            .assert()
            .failure()
            .stdout(predicate::str::is_empty())
            .stderr(contains(*expected));
    }
    let s = stats(&db);
    for kind in ["organizations", "contacts", "projects"] {
        assert_eq!(s[kind]["live"], 0, "{kind} written by a refused command");
    }
}

#[test]
fn ambiguous_organization_is_refused_with_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    for city in ["Kisumu", "Nairobi"] {
        fieldbook(&db)
            .args(["add", "org", "--name", "Red Cross", "--city", city])
            .assert()
            .success();
    }
    fieldbook(&db)
        .args([
            "add",
            "contact",
            "--name",
            "Amani Mushi",
            "--org",
            "red cross",
        ])
        .assert()
        .failure()
        .stderr(
            contains("matches 2 organizations")
                .and(contains("Kisumu"))
                .and(contains("Nairobi")),
        );
    assert_eq!(live(&db, "contacts"), 0);
}

#[test]
fn add_project_records_its_first_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    fieldbook(&db)
        .args([
            "add",
            "project",
            "--title",
            "Farmers' field school",
            "--ref",
            "FB-2026-0001",
        ])
        .args([
            "--org",
            "PLAS",
            "--country",
            "SN",
            "--site",
            "Thiès",
            "--sector",
            "agriculture",
        ])
        .args([
            "--type",
            "partner",
            "--status",
            "under review",
            "--start",
            "2026-04-01",
        ])
        .args(["--end", "2028-03-31", "--budget", "12000000 JPY"])
        .assert()
        .success();
    fieldbook(&db)
        .args([
            "add",
            "project",
            "--title",
            "Other",
            "--ref",
            "FB-2026-0001",
        ])
        .assert()
        .failure()
        .stderr(contains("ref: 'FB-2026-0001' is already used"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (status, to): (String, String) = conn
        .query_row(
            "SELECT p.status, h.to_status FROM projects p JOIN project_status_history h ON h.project_id = p.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), to.as_str()),
        ("under_review", "under_review")
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.csv");
    fs::write(&path, "name,phone\nWanjiru,0700000001\n").unwrap();
    let before = fs::read(&path).unwrap();
    fieldbook(&path)
        .args(["add", "org", "--name", "PLAS"])
        .assert()
        .failure()
        .stderr(contains("is not a fieldbook database").and(contains("left unchanged")));
    assert_eq!(fs::read(&path).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no -wal or -shm left beside it: {names:?}");
}

#[test]
fn another_applications_database_is_refused_and_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photos.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, file TEXT);")
            .unwrap();
    }
    let before = fs::read(&path).unwrap();
    fieldbook(&path)
        .arg("stats")
        .assert()
        .failure()
        .stderr(contains("another application's SQLite database"));
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fieldbook(dir.path())
        .arg("stats")
        .assert()
        .failure()
        .stderr(contains("is a directory, not a database file"));
}

#[test]
fn the_environment_variable_chooses_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("from-env.db");
    Command::cargo_bin("fieldbook")
        .unwrap()
        .env("FIELDBOOK_DB", &db)
        .args([
            "add",
            "org",
            "--name",
            "Kisumu County Government",
            "--kind",
            "local government",
        ])
        .assert()
        .success();
    assert_eq!(live(&db, "organizations"), 1);
}

#[test]
fn demo_then_check_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    fieldbook(&db)
        .args([
            "demo",
            "--scale",
            "100",
            "--seed",
            "3",
            "--today",
            "2026-11-28",
        ])
        .assert()
        .success()
        .stdout(contains("100 contacts"));
    fieldbook(&db)
        .args(["demo"])
        .assert()
        .failure()
        .stderr(contains("already has records").and(contains("--force")));
    fieldbook(&db)
        .arg("check")
        .assert()
        .success()
        .stdout(contains("ok"));
    assert_eq!(live(&db, "contacts"), 100);
}

#[test]
fn check_reports_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    fieldbook(&db)
        .args(["demo", "--scale", "200"])
        .assert()
        .success();
    fieldbook(&db).arg("backup").assert().success();
    // Overwrite a page in the middle with garbage (the header stays intact).
    let mut bytes = fs::read(&db).unwrap();
    assert!(bytes.len() > 16 * 4096);
    for b in &mut bytes[8 * 4096..9 * 4096] {
        *b = 0xA5;
    }
    fs::write(&db, &bytes).unwrap();
    let out = fieldbook(&db).arg("check").output().unwrap();
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("damaged") || all.contains("problems found"),
        "{all}"
    );
    // It points the way back.
    if all.contains("problems found") {
        assert!(all.contains("to go back to the latest backup"), "{all}");
        assert!(all.contains("restore"), "{all}");
    }
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    fieldbook(&db)
        .args(["add", "org", "--name", "Before"])
        .assert()
        .success();
    let out = fieldbook(&db)
        .arg("backup")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let backup = std::path::PathBuf::from(String::from_utf8(out).unwrap().trim());
    assert!(
        backup.starts_with(dir.path().join("backups")),
        "{}",
        backup.display()
    );
    fieldbook(&db)
        .args(["add", "org", "--name", "After"])
        .assert()
        .success();
    let text = dir.path().join("x.txt");
    fs::write(&text, "hello").unwrap();
    fieldbook(&db)
        .arg("restore")
        .arg(&text)
        .assert()
        .failure()
        .stderr(contains("is not a fieldbook database"));
    assert_eq!(
        live(&db, "organizations"),
        2,
        "a refused restore changes nothing"
    );
    fieldbook(&db)
        .arg("restore")
        .arg(&backup)
        .assert()
        .success()
        .stdout(contains("kept at"));
    assert_eq!(live(&db, "organizations"), 1);
}

/// Demo data into an empty book is written with a rollback journal (pages
/// go into the file once instead of through the WAL). While that runs, the
/// book is closed to everyone else: another instance is told at once that
/// it is locked, and changes nothing; afterwards it is a WAL book
/// again and opens as usual.
#[test]
fn another_instance_during_a_bulk_write_is_told_the_book_is_locked() {
    use fieldbook::domain::{OrgKind, Organization};
    use fieldbook::store::{Store, StoreError};
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let mut store = Store::open(&db).unwrap();
    store
        .write_bulk(|tx| {
            tx.save_organization(&Organization::new("PLAS", OrgKind::DonorNgo))?;
            let journal = dir.path().join("book.db-journal");
            let mode = fs::metadata(&journal).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "the journal is as private as the book");
            let out = fieldbook(&db).arg("stats").output().unwrap();
            assert_eq!(out.status.code(), Some(1));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("is locked by another program"), "{stderr}");
            assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
            Ok::<_, StoreError>(())
        })
        .unwrap();
    drop(store);
    assert_eq!(live(&db, "organizations"), 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

/// FIELDBOOK_TODAY pins the day for everything that reads "today": dates
/// such as `t` and `-1y`, the report's default month, the demo's dates.
#[test]
fn fieldbook_today_pins_the_day_and_a_bad_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let on = |day: &str| {
        let mut cmd = fieldbook(&db);
        cmd.env("FIELDBOOK_TODAY", day);
        cmd
    };
    on("2028-02-29")
        .args(["add", "contact", "--name", "Wanjiru Kamau"])
        .assert()
        .success();
    for date in ["t", "-1y"] {
        on("2028-02-29")
            .args(["log-visit", "--date", date, "--with", "Wanjiru Kamau"])
            .args(["--observations", &format!("visit dated {date}")])
            .assert()
            .success();
    }
    let report = on("2028-02-29").arg("report").output().unwrap();
    let text = String::from_utf8(report.stdout).unwrap();
    assert!(
        text.starts_with("# Monthly report: February 2028"),
        "{text}"
    );
    assert!(text.contains("### 2028-02-29"), "{text}");
    let last_year = on("2028-02-29")
        .args(["report", "--month", "2027-02"])
        .output()
        .unwrap();
    let text = String::from_utf8(last_year.stdout).unwrap();
    assert!(
        text.contains("### 2027-02-28"),
        "-1y from 29 February: {text}"
    );
    on("2026-02-30")
        .arg("stats")
        .assert()
        .code(1)
        .stderr(contains(
            "FIELDBOOK_TODAY='2026-02-30' is not a date; use YYYY-MM-DD",
        ));
}
