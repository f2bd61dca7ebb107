//! The monthly report's desk sections (issue 16, section 8): the portfolio,
//! late projects, visits per month as a text chart and in the workbook,
//! project reference codes on visits, paragraphs kept, and "overdue"
//! counted at the end of the reported month, not today.

mod common;

use std::path::Path;

use common::cli::fieldbook;

fn ok(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of the section that starts with `heading`, up to the next
/// heading of the same or a higher level.
fn section<'a>(report: &'a str, heading: &str) -> Vec<&'a str> {
    let level = heading.chars().take_while(|c| *c == '#').count();
    let mut lines = report.lines().skip_while(|l| *l != heading);
    lines
        .next()
        .unwrap_or_else(|| panic!("no {heading} in:\n{report}"));
    lines
        .take_while(|l| {
            let hashes = l.chars().take_while(|c| *c == '#').count();
            hashes == 0 || hashes > level
        })
        .filter(|l| !l.is_empty())
        .collect()
}

fn book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    for (title, code, status) in [
        ("Water for Kibera", "FB-2026-0001", "in_progress"),
        ("Clinic in Kisumu", "FB-2026-0002", "in_progress"),
        ("School meals", "FB-2026-0003", "proposal"),
    ] {
        ok(
            &db,
            &[
                "add", "project", "--title", title, "--ref", code, "--status", status,
            ],
        );
    }
    ok(&db, &["add", "contact", "--name", "Zawadi Achieng"]);
    (dir, db)
}

#[test]
fn portfolio_late_projects_and_the_visits_chart() {
    let (_dir, db) = book();
    let observations = "First paragraph of what we saw.\n\nSecond paragraph, after a blank line.";
    for date in ["2026-09-10", "2026-11-03", "2026-11-17"] {
        ok(
            &db,
            &[
                "log-visit",
                "--date",
                date,
                "--project",
                "FB-2026-0001",
                "--with",
                "Zawadi Achieng",
                "--observations",
                observations,
                // Due inside November: overdue at its end. Due in December:
                // not overdue in November's report, whatever today is.
                "--follow-up",
                &format!("Check the pump after {date};due=2026-11-25"),
                "--follow-up",
                "Send the December plan;due=2026-12-10",
            ],
        );
    }
    let report = ok(&db, &["report", "--month", "2026-11"]);

    let portfolio = section(&report, "## Portfolio");
    assert!(portfolio.contains(&"| In progress | 2 |"), "{portfolio:?}");
    assert!(portfolio.contains(&"| Proposal | 1 |"), "{portfolio:?}");
    let late = section(&report, "### Late projects");
    assert_eq!(
        late,
        [
            "| Project | Overdue deliverables | Overdue follow-ups |",
            "|---|---|---|",
            "| FB-2026-0001 Water for Kibera | 0 | 3 |",
        ],
        "only what was due before 1 December counts"
    );
    assert!(report.contains("- Late projects: 1"), "{report}");

    let charts = section(&report, "## Charts").join("\n");
    assert!(
        charts.contains("  2026-11 |############################## 2"),
        "{charts}"
    );
    assert!(
        charts.contains("  2026-09 |###############                1"),
        "{charts}"
    );
    assert!(
        charts.contains("  2025-12 |                               0"),
        "{charts}"
    );
    assert!(
        !charts.contains("2026-12"),
        "twelve months ending with November: {charts}"
    );

    // The visit names its project by reference code, and its observation
    // keeps both paragraphs (a blank quoted line between them).
    assert!(
        report.contains("Project: FB-2026-0001 Water for Kibera"),
        "{report}"
    );
    assert!(
        report.contains("> First paragraph of what we saw.\n> \n> Second paragraph"),
        "{report}"
    );

    // In October nothing was late yet: the same book, an earlier month.
    let october = ok(&db, &["report", "--month", "2026-10"]);
    assert_eq!(section(&october, "### Late projects"), ["None."]);
}

#[test]
fn the_workbook_carries_the_desk_sheets_and_three_charts() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let (dir, db) = book();
    ok(
        &db,
        &[
            "log-visit",
            "--date",
            "2026-11-03",
            "--with",
            "Zawadi Achieng",
        ],
    );
    let path = dir.path().join("report.xlsx");
    ok(
        &db,
        &[
            "report",
            "--month",
            "2026-11",
            "--format",
            "xlsx",
            "--out",
            path.to_str().unwrap(),
        ],
    );
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let names = workbook.sheet_names();
    for sheet in [
        "consultations",
        "events",
        "deliverables",
        "registrations expiring",
        "late projects",
        "charts",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let charts = workbook.worksheet_range("charts").unwrap();
    let row = |r: usize| -> Vec<Data> {
        (0..2)
            .map(|c| charts.get((r, c)).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    assert_eq!(
        row(0),
        [Data::String("month".into()), Data::String("visits".into())]
    );
    assert_eq!(row(12), [Data::String("2026-11".into()), Data::Float(1.0)]);
    drop(workbook);
    let zip = std::fs::File::open(&path).unwrap();
    let archive = zip::ZipArchive::new(zip).unwrap();
    let drawn: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().to_string())
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    assert_eq!(drawn.len(), 3, "{drawn:?}");
}
