//! `log-visit`, `note` and `status` on the real binary: they do what they
//! say, and bad input names the problem and writes nothing.

use std::path::Path;

use predicates::prelude::*;
use predicates::str::contains;
use rusqlite::Connection;

mod common;
use common::cli::fieldbook;

fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let run = |args: &[&str]| {
        fieldbook(&db).args(args).assert().success();
    };
    run(&["add", "org", "--name", "PLAS", "--kind", "donor_ngo"]);
    run(&["add", "contact", "--name", "Wanjiru Kamau", "--org", "PLAS"]);
    run(&[
        "add",
        "contact",
        "--name",
        "Doi Kenichi",
        "--native-name",
        "土居健市",
        "--org",
        "PLAS",
    ]);
    // Two people share a name.
    run(&[
        "add",
        "contact",
        "--name",
        "Amani Mushi",
        "--city",
        "Arusha",
    ]);
    run(&["add", "contact", "--name", "Amani Mushi", "--city", "Moshi"]);
    run(&[
        "add",
        "project",
        "--title",
        "Farmers' field school",
        "--ref",
        "FB-2026-0001",
        "--org",
        "PLAS",
        "--status",
        "proposal",
    ]);
    (dir, db)
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn log_a_visit_with_people_and_follow_ups() {
    let (_dir, db) = setup();
    fieldbook(&db)
        .args([
            "log-visit",
            "--date",
            "2026-11-27",
            "--project",
            "FB-2026-0001",
        ])
        .args([
            "--with",
            "Wanjiru Kamau",
            "--with",
            "土居健市",
            "--place",
            "Kisumu",
            "--purpose",
            "monitoring",
        ])
        .args([
            "--observations",
            "34 farmers attended",
            "--issues",
            "Seeds late",
        ])
        .args([
            "--follow-up",
            "Send training manual;owner=Wanjiru Kamau;due=2026-12-05",
        ])
        .args(["--follow-up", "Call the county office;owner=me"])
        .assert()
        .success();
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM visits WHERE place = 'Kisumu' AND date = '2026-11-27'"
        ),
        1
    );
    assert_eq!(count(&db, "SELECT count(*) FROM visit_participants"), 2);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM follow_ups WHERE visit_id IS NOT NULL AND project_id IS NOT NULL"
        ),
        2
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM follow_ups WHERE owner_contact_id IS NOT NULL AND due_date = '2026-12-05'"
        ),
        1
    );
    // The next visit to the project is at the same place unless told otherwise.
    fieldbook(&db)
        .args([
            "log-visit",
            "--project",
            "farmers' field school",
            "--with",
            "Doi Kenichi",
            "--observations",
            "Follow-up visit",
        ])
        .assert()
        .success();
    assert_eq!(
        count(&db, "SELECT count(*) FROM visits WHERE place = 'Kisumu'"),
        2
    );
}

#[test]
fn log_visit_refuses_bad_input_and_writes_nothing() {
    let (_dir, db) = setup();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--with", "Amani Mushi"],
            "'Amani Mushi' matches 2 contacts",
        ),
        (
            &["--with", "Nobody Here"],
            "--with: no contact is named 'Nobody Here'",
        ),
        (
            &["--project", "FB-9999"],
            "--project: no project has the reference or title 'FB-9999'",
        ),
        (
            &["--date", "2026-02-30"],
            "--date: '2026-02-30' is not a date",
        ),
        (
            &["--purpose", "holiday"],
            "--purpose: 'holiday' is not a visit purpose",
        ),
        (
            &["--follow-up", "Send it;due=soon"],
            "--follow-up #1: due: 'soon' is not a date",
        ),
        (
            &["--follow-up", "Send it;owner=Nobody"],
            "no contact is named 'Nobody'",
        ),
        (
            &["--follow-up", ";owner=me"],
            "--follow-up #1: the text is empty",
        ),
    ];
    for (args, expected) in cases {
        fieldbook(&db)
            .arg("log-visit")
            .args(["--with", "Wanjiru Kamau"])
            .args(*args)
            .assert()
            .failure()
            .stderr(contains(*expected));
    }
    assert_eq!(count(&db, "SELECT count(*) FROM visits"), 0);
    assert_eq!(count(&db, "SELECT count(*) FROM follow_ups"), 0);
    // The candidates are listed, with what tells them apart.
    fieldbook(&db)
        .args(["log-visit", "--with", "amani mushi"])
        .assert()
        .failure()
        .stderr(contains("Amani Mushi (").and(contains("use the id instead")));
}

#[test]
fn notes_on_each_kind_and_refusals() {
    let (_dir, db) = setup();
    fieldbook(&db)
        .args(["note", "--contact", "Wanjiru Kamau", "Prefers WhatsApp"])
        .assert()
        .success();
    fieldbook(&db)
        .args(["note", "--org", "plas", "Annual report due in March"])
        .assert()
        .success();
    fieldbook(&db)
        .args(["note", "--project", "FB-2026-0001", "Budget revised"])
        .assert()
        .success();
    assert_eq!(count(&db, "SELECT count(*) FROM notes"), 3);
    fieldbook(&db)
        .args(["note", "--contact", "Amani Mushi", "x"])
        .assert()
        .failure()
        .stderr(contains("matches 2 contacts"));
    fieldbook(&db)
        .args(["note", "--contact", "Wanjiru Kamau", "   "])
        .assert()
        .failure()
        .stderr(contains("text: is required"));
    fieldbook(&db)
        .args(["note", "no target"])
        .assert()
        .failure();
    assert_eq!(count(&db, "SELECT count(*) FROM notes"), 3);
    // Found by search right away: the index moved with the write.
    fieldbook(&db)
        .args(["search", "whatsapp", "--json"])
        .assert()
        .success()
        .stdout(contains("\"kind\":\"note\""));
}

#[test]
fn status_changes_are_kept_with_their_reason() {
    let (_dir, db) = setup();
    fieldbook(&db)
        .args([
            "status",
            "--project",
            "FB-2026-0001",
            "--to",
            "under review",
            "--reason",
            "Sent to head office",
        ])
        .assert()
        .success()
        .stdout(contains("FB-2026-0001: Proposal -> Under review"));
    fieldbook(&db)
        .args(["status", "--project", "FB-2026-0001", "--to", "finished"])
        .assert()
        .failure()
        .stderr(contains("--to: 'finished' is not a project status"));
    fieldbook(&db)
        .args(["status", "--project", "nope", "--to", "approved"])
        .assert()
        .failure()
        .stderr(contains("no project has the reference or title 'nope'"));
    assert_eq!(count(&db, "SELECT count(*) FROM project_status_history"), 2);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM project_status_history WHERE reason = 'Sent to head office' AND from_status = 'proposal'"
        ),
        1
    );
}

#[test]
fn the_monthly_report_tells_the_month() {
    let (_dir, db) = setup();
    fieldbook(&db)
        .args([
            "log-visit",
            "--date",
            "2026-11-27",
            "--project",
            "FB-2026-0001",
            "--with",
            "Wanjiru Kamau",
        ])
        .args([
            "--place",
            "Kisumu",
            "--observations",
            "Pump \u{1b}[31mrepaired",
            "--issues",
            "Seeds late",
        ])
        .args([
            "--follow-up",
            "Send training manual;owner=Wanjiru Kamau;due=2026-12-05",
        ])
        .assert()
        .success();
    fieldbook(&db)
        .args([
            "log-visit",
            "--date",
            "2026-10-30",
            "--with",
            "Wanjiru Kamau",
            "--observations",
            "October visit",
        ])
        .assert()
        .success();
    fieldbook(&db)
        .args([
            "status",
            "--project",
            "FB-2026-0001",
            "--to",
            "approved",
            "--reason",
            "Committee met",
        ])
        .assert()
        .success();
    let out = fieldbook(&db)
        .args(["report", "--month", "2026-11"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("# Monthly report: November 2026"),
        "{text}"
    );
    assert!(
        text.contains("### 2026-11-27, Kisumu (Monitoring)"),
        "{text}"
    );
    assert!(text.contains("People met: Wanjiru Kamau"), "{text}");
    assert!(
        text.contains("> Pump ?[31mrepaired"),
        "escape neutralised:\n{text}"
    );
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("> Seeds late"));
    assert!(!text.contains("October visit"), "only the month");
    assert!(
        text.contains("| FB-2026-0001 Farmers' field school | 1 |"),
        "{text}"
    );
    // A status change is stamped with the real time: it is in the report of
    // the month it was stamped in (UTC, as the report counts), read from the
    // book rather than from the test's clock.
    let stamped_month: String = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT strftime('%Y-%m', max(changed_at) / 1000, 'unixepoch')
             FROM project_status_history WHERE reason = 'Committee met'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let out = fieldbook(&db)
        .args(["report", "--month", &stamped_month])
        .output()
        .unwrap();
    let this_month = String::from_utf8(out.stdout).unwrap();
    assert!(
        this_month.contains("Proposal -> Approved: Committee met"),
        "{this_month}"
    );
    fieldbook(&db)
        .args(["report", "--month", "November"])
        .assert()
        .failure()
        .stderr(contains("'November' is not a month"));
}
