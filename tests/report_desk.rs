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

/// Every desk section from records made with the real commands: the
/// numbers, the labels (not the stored keys), what falls in which list.
#[test]
fn consultations_events_deliverables_and_registrations_are_reported() {
    let (_dir, db) = book();
    ok(
        &db,
        &["add", "org", "--name", "PLAS Kenya", "--kind", "local_ngo"],
    );
    ok(
        &db,
        &[
            "add",
            "contact",
            "--name",
            "Doi Kenichi",
            "--org",
            "PLAS Kenya",
        ],
    );
    for (date, topic, channel, minutes) in [
        ("2026-11-04", "registration", "phone", "20"),
        ("2026-11-12", "registration", "office", "1h10"),
        ("2026-11-19", "jpp", "email", "15"),
        ("2026-10-30", "jpp", "phone", "30"),
    ] {
        ok(
            &db,
            &[
                "log-consultation",
                "--date",
                date,
                "--with",
                "Doi Kenichi",
                "--topic",
                topic,
                "--channel",
                channel,
                "--minutes",
                minutes,
                "--summary",
                "How to renew?",
            ],
        );
    }
    ok(
        &db,
        &[
            "add",
            "event",
            "--title",
            "JPP application seminar",
            "--kind",
            "seminar",
            "--date",
            "2026-11-20",
            "--place",
            "Nairobi",
        ],
    );
    ok(
        &db,
        &[
            "event",
            "invite",
            "JPP application seminar",
            "--contact",
            "Doi Kenichi",
            "--contact",
            "Zawadi Achieng",
        ],
    );
    ok(
        &db,
        &[
            "event",
            "attend",
            "JPP application seminar",
            "--contact",
            "Doi Kenichi",
        ],
    );
    let deliverable = |kind: &str, due: &str| {
        ok(
            &db,
            &[
                "add",
                "deliverable",
                "--project",
                "FB-2026-0002",
                "--kind",
                kind,
                "--due",
                due,
            ],
        )
        .trim()
        .to_string()
    };
    let late = deliverable("quarterly_report", "2026-11-15");
    let submitted = deliverable("quarterly_expenditure_report", "2026-11-15");
    ok(
        &db,
        &["deliverable", "submit", &submitted, "--on", "2026-11-14"],
    );
    deliverable("completion_report", "2026-12-20");
    // Due in December: not overdue at the end of November.
    deliverable("annual_report", "2026-12-01");
    ok(
        &db,
        &[
            "add",
            "registration",
            "--org",
            "PLAS Kenya",
            "--kind",
            "ngo_registration",
            "--number",
            "OP.218/051",
            "--issued",
            "2021-02-01",
            "--expires",
            "2027-01-31",
        ],
    );
    ok(
        &db,
        &[
            "add",
            "registration",
            "--org",
            "PLAS Kenya",
            "--kind",
            "tax_exemption",
            "--expires",
            "2028-06-30",
        ],
    );
    let report = ok(&db, &["report", "--month", "2026-11"]);

    assert!(
        report.contains("- Consultations: 3 (1 h 45 min)"),
        "{report}"
    );
    let consultations = section(&report, "## Consultations").join("\n");
    assert!(
        consultations.contains("| NGO registration and permits | 2 | 1 h 30 min |"),
        "{consultations}"
    );
    assert!(
        consultations.contains("| JPP application | 1 | 15 min |"),
        "{consultations}"
    );
    assert!(
        !consultations.contains("2026-10-30"),
        "October's is not in November's"
    );
    assert!(
        !consultations.contains("| registration |"),
        "labels, not keys"
    );

    let events = section(&report, "## Events").join("\n");
    assert!(
        events.contains("### 2026-11-20 JPP application seminar (Seminar, Nairobi)"),
        "{events}"
    );
    assert!(events.contains("Invitees: 2 ("), "{events}");
    assert!(events.contains("Attended 1"), "{events}");
    assert!(
        events.contains("Attended, by kind of organization: Local NGO"),
        "{events}"
    );

    let overdue = section(&report, "### Overdue at the end of the month");
    assert_eq!(overdue.len(), 1, "{overdue:?}");
    assert!(
        overdue[0].contains("Quarterly report, due 2026-11-15"),
        "{overdue:?} ({late})"
    );
    let submitted_list = section(&report, "### Submitted this month");
    assert_eq!(submitted_list.len(), 1, "{submitted_list:?}");
    assert!(
        submitted_list[0].contains("submitted 2026-11-14"),
        "{submitted_list:?}"
    );
    let next = section(&report, "### Due next month");
    assert_eq!(next.len(), 2, "{next:?}");

    let expiring = section(&report, "## Registrations and approvals expiring");
    assert_eq!(
        expiring.len(),
        1,
        "within 90 days of the month's end only: {expiring:?}"
    );
    assert!(expiring[0].contains("2027-01-31 PLAS Kenya: NGO registration OP.218/051"));

    let late_projects = section(&report, "### Late projects").join("\n");
    assert!(
        late_projects.contains("| FB-2026-0002 Clinic in Kisumu | 1 | 0 |"),
        "{late_projects}"
    );
    let charts = section(&report, "## Charts").join("\n");
    assert!(
        charts.contains("  NGO registration and permits |"),
        "{charts}"
    );
}
