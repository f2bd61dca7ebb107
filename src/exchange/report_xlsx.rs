//! The desk's sheets of the monthly report workbook, and the charts head
//! office would rather look at than read: visits per month over 12 months,
//! consultations by topic, projects by status (rust_xlsxwriter's charts,
//! drawn by Excel or LibreOffice from the data on the "charts" sheet).

use std::collections::BTreeMap;

use rust_xlsxwriter::{Chart, ChartType, Workbook, XlsxError};

use super::report_labels as label;
use super::tables::Cell;
use super::xlsx::{Formats, sheet};
use crate::store::report_desk::{DeskReport, ReportDeliverable};

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn number(n: i64) -> Cell {
    Cell::Number(n as f64)
}

pub(super) fn desk_sheets(
    book: &mut Workbook,
    d: &DeskReport,
    f: &Formats,
) -> Result<(), XlsxError> {
    let consultations: Vec<Vec<Cell>> = d
        .consultations
        .iter()
        .map(|c| {
            vec![
                Cell::Date(c.date),
                text(&c.organization),
                text(&label::topic(&c.topic)),
                text(&label::channel(&c.channel)),
                c.minutes.map_or(Cell::Empty, number),
                text(&c.summary),
            ]
        })
        .collect();
    sheet(
        book,
        "consultations",
        &[
            "date",
            "organization",
            "topic",
            "channel",
            "minutes",
            "summary",
        ],
        &consultations,
        f,
    )?;
    let events: Vec<Vec<Cell>> = d
        .events
        .iter()
        .map(|e| {
            let n = |s: &str| number(e.by_status.get(s).copied().unwrap_or(0));
            vec![
                Cell::Date(e.date),
                text(&e.title),
                text(&label::event_kind(&e.kind)),
                text(&e.place),
                number(e.by_status.values().sum()),
                n("registered"),
                n("attended"),
                n("absent"),
                n("cancelled"),
            ]
        })
        .collect();
    sheet(
        book,
        "events",
        &[
            "date",
            "title",
            "kind",
            "place",
            "invitees",
            "registered",
            "attended",
            "absent",
            "cancelled",
        ],
        &events,
        f,
    )?;
    let deliverables: Vec<Vec<Cell>> = [
        ("submitted this month", &d.submitted),
        ("overdue at the end of the month", &d.overdue),
        ("due next month", &d.due_next_month),
    ]
    .into_iter()
    .flat_map(|(what, items)| items.iter().map(move |i| deliverable_row(what, i)))
    .collect();
    sheet(
        book,
        "deliverables",
        &[
            "list",
            "project",
            "kind",
            "title",
            "due",
            "status",
            "submitted",
        ],
        &deliverables,
        f,
    )?;
    let expiring: Vec<Vec<Cell>> = d
        .expiring
        .iter()
        .map(|r| {
            vec![
                Cell::Date(r.expires),
                text(&r.holder),
                text(&label::registration_kind(&r.kind)),
                text(&r.number),
            ]
        })
        .collect();
    sheet(
        book,
        "registrations expiring",
        &["expires", "organization or project", "kind", "number"],
        &expiring,
        f,
    )?;
    let late: Vec<Vec<Cell>> = d
        .late_projects
        .iter()
        .map(|p| {
            vec![
                text(&p.project),
                number(p.overdue_deliverables),
                number(p.overdue_follow_ups),
            ]
        })
        .collect();
    sheet(
        book,
        "late projects",
        &["project", "overdue deliverables", "overdue follow-ups"],
        &late,
        f,
    )?;
    charts(book, d, f)
}

fn deliverable_row(list: &str, i: &ReportDeliverable) -> Vec<Cell> {
    vec![
        text(list),
        text(&i.project),
        text(&label::deliverable_kind(&i.kind)),
        text(&i.title),
        Cell::Date(i.due),
        text(&label::deliverable_status(&i.status)),
        i.submitted_on.map_or(Cell::Empty, Cell::Date),
    ]
}

/// The "charts" sheet: three small tables side by side (columns A-B, D-E,
/// G-H) and a chart drawn from each below them.
fn charts(book: &mut Workbook, d: &DeskReport, f: &Formats) -> Result<(), XlsxError> {
    let months: Vec<(String, i64)> = d
        .visits_by_month
        .iter()
        .map(|(m, n)| (m.format("%Y-%m").to_string(), *n))
        .collect();
    let mut topics: BTreeMap<String, i64> = BTreeMap::new();
    for c in &d.consultations {
        *topics.entry(label::topic(&c.topic)).or_default() += 1;
    }
    let topics: Vec<(String, i64)> = topics.into_iter().collect();
    let statuses: Vec<(String, i64)> = d
        .portfolio
        .iter()
        .map(|(s, n)| (label::project_status(s), *n))
        .collect();
    let tables = [
        (
            "month",
            "visits",
            &months,
            "Visits per month",
            ChartType::Column,
        ),
        (
            "topic",
            "consultations",
            &topics,
            "Consultations by topic",
            ChartType::Bar,
        ),
        (
            "status",
            "projects",
            &statuses,
            "Projects by status",
            ChartType::Bar,
        ),
    ];
    let most_rows = tables.iter().map(|t| t.2.len()).max().unwrap_or(0) as u32;
    let sheet = book.add_worksheet();
    sheet.set_name("charts")?;
    for (i, (what, count, rows, title, chart_type)) in tables.into_iter().enumerate() {
        let col = (i * 3) as u16;
        sheet.write_string_with_format(0, col, what, &f.header)?;
        sheet.write_string_with_format(0, col + 1, count, &f.header)?;
        sheet.set_column_width(col, 18)?;
        for (r, (name, n)) in rows.iter().enumerate() {
            sheet.write_string(r as u32 + 1, col, name)?;
            sheet.write_number(r as u32 + 1, col + 1, *n as f64)?;
        }
        let mut chart = Chart::new(chart_type);
        chart.title().set_name(title);
        chart.legend().set_hidden();
        let last = rows.len().max(1) as u32;
        chart
            .add_series()
            .set_name(title)
            .set_categories(("charts", 1, col, last, col))
            .set_values(("charts", 1, col + 1, last, col + 1));
        sheet.insert_chart(most_rows + 3 + (i as u32) * 18, 0, &chart)?;
    }
    Ok(())
}
