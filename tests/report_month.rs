//! `fieldbook report` without `--month`: the month before during the first
//! 7 days of a month (the one being reported on), else this month; the day
//! is the pinned one (FIELDBOOK_TODAY), never the clock.

mod common;

use common::cli::fieldbook;

fn report_heading(today: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let out = fieldbook(&db)
        .env("FIELDBOOK_TODAY", today)
        .arg("report")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_first_days_of_a_month_report_on_the_month_before() {
    let heading = report_heading("2026-12-01");
    assert_eq!(heading, "# Monthly report: November 2026");
    let heading = report_heading("2027-01-07");
    assert_eq!(heading, "# Monthly report: December 2026");
}

#[test]
fn mid_month_reports_on_this_month() {
    let heading = report_heading("2026-11-15");
    assert_eq!(heading, "# Monthly report: November 2026");
    let heading = report_heading("2026-12-08");
    assert_eq!(heading, "# Monthly report: December 2026");
}
