//! Workbooks for head office: the export (one sheet per record kind) and
//! the monthly report. Headers are bold and frozen, dates are real dates.
//! Rows are streamed to a temporary file (rust_xlsxwriter's constant-memory
//! mode), so a million notes do not sit in memory.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::ExchangeError;
use super::tables::{self, Cell, Names};
use crate::domain::RecordKind;
use crate::store::Reader;
use crate::store::report::MonthReport;

/// Excel's limit; a longer sheet would not open.
const MAX_ROWS: u32 = 1_048_576;

pub(super) struct Formats {
    pub(super) header: Format,
    date: Format,
    instant: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        Formats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            instant: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
        }
    }
}

pub(super) fn xlsx_error(path: &Path) -> impl Fn(XlsxError) -> ExchangeError + '_ {
    move |e| ExchangeError::file(path, e.to_string())
}

/// The export: a sheet per kind (or only `kinds`), rows in id order.
pub fn export(reader: &Reader<'_>, kinds: &[RecordKind], path: &Path) -> Result<(), ExchangeError> {
    let formats = Formats::new();
    let names = Names::read(reader)?;
    let mut book = Workbook::new();
    for &kind in kinds {
        let own = |f: &mut dyn FnMut(Vec<Cell>) -> crate::store::Result<()>| {
            tables::rows(reader, &names, kind, f)
        };
        write_sheet(
            &mut book,
            tables::table_name(kind),
            tables::headers(kind),
            own,
            &formats,
            path,
        )?;
        for c in tables::companions(kind) {
            let rows = |f: &mut dyn FnMut(Vec<Cell>) -> crate::store::Result<()>| {
                (c.rows)(reader, &names, f)
            };
            write_sheet(&mut book, c.name, c.headers, rows, &formats, path)?;
        }
    }
    save(book, path)
}

/// One sheet: `rows` calls its argument once per row.
fn write_sheet(
    book: &mut Workbook,
    name: &str,
    headers: &[&str],
    rows: impl FnOnce(&mut dyn FnMut(Vec<Cell>) -> crate::store::Result<()>) -> crate::store::Result<()>,
    formats: &Formats,
    path: &Path,
) -> Result<(), ExchangeError> {
    let err = xlsx_error(path);
    {
        let sheet = book.add_worksheet_with_constant_memory().map_err(&err)?;
        sheet.set_name(name).map_err(&err)?;
        header_row(sheet, headers, formats).map_err(&err)?;
        let mut row = 1u32;
        let mut failure: Option<XlsxError> = None;
        rows(&mut |cells| {
            if failure.is_some() || row >= MAX_ROWS {
                return Ok(());
            }
            if let Err(e) = write_row(sheet, row, &cells, formats) {
                failure = Some(e);
            }
            row += 1;
            Ok(())
        })?;
        if let Some(e) = failure {
            return Err(err(e));
        }
        if row >= MAX_ROWS {
            return Err(ExchangeError::file(
                path,
                format!(
                    "{name} has more rows than a sheet can hold ({}); export it as CSV",
                    MAX_ROWS - 1
                ),
            ));
        }
    }
    Ok(())
}

fn save(mut book: Workbook, path: &Path) -> Result<(), ExchangeError> {
    crate::durable::write_file(path, |temp| {
        let file = crate::durable::create_private_file(temp)
            .map_err(|e| ExchangeError::file(path, e.to_string()))?;
        book.save_to_writer(file).map_err(xlsx_error(path))
    })
}

fn header_row(sheet: &mut Worksheet, headers: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *h, &f.header)?;
        sheet.set_column_width(col as u16, 16)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, cell) in cells.iter().enumerate() {
        let col = col as u16;
        match cell {
            Cell::Text(s) => {
                sheet.write_string(row, col, s.as_str())?;
            }
            Cell::Number(n) => {
                sheet.write_number(row, col, *n)?;
            }
            Cell::Date(d) => {
                let at = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                sheet.write_datetime_with_format(row, col, &at, &f.date)?;
            }
            Cell::Instant(t) => {
                let at = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?
                    .and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64)?;
                sheet.write_datetime_with_format(row, col, &at, &f.instant)?;
            }
            Cell::Empty => {}
        }
    }
    Ok(())
}

/// The monthly report as a workbook: visits, follow-ups opened / closed /
/// overdue, status changes, counts by project and purpose, then the desk's
/// sheets and charts (`report_xlsx.rs`).
pub fn report(r: &MonthReport, path: &Path) -> Result<(), ExchangeError> {
    let err = xlsx_error(path);
    let f = Formats::new();
    let mut book = Workbook::new();
    let text = |s: &str| Cell::Text(s.to_string());

    let visits: Vec<Vec<Cell>> = r
        .visits
        .iter()
        .map(|v| {
            vec![
                Cell::Date(v.date),
                text(&v.place),
                text(&v.project),
                text(&v.purpose),
                text(&v.people.join("; ")),
                text(&v.observations),
                text(&v.issues),
            ]
        })
        .collect();
    sheet(
        &mut book,
        "visits",
        &[
            "date",
            "place",
            "project",
            "purpose",
            "people met",
            "observations",
            "issues",
        ],
        &visits,
        &f,
    )
    .map_err(&err)?;
    for (name, items) in [
        ("follow-ups opened", &r.opened),
        ("follow-ups closed", &r.closed),
        ("follow-ups overdue", &r.overdue),
    ] {
        let rows: Vec<Vec<Cell>> = items
            .iter()
            .map(|u| {
                vec![
                    text(&u.text),
                    text(&u.owner),
                    u.due.map_or(Cell::Empty, Cell::Date),
                    text(&u.project),
                ]
            })
            .collect();
        sheet(
            &mut book,
            name,
            &["what", "who", "due", "project"],
            &rows,
            &f,
        )
        .map_err(&err)?;
    }
    let changes: Vec<Vec<Cell>> = r
        .status_changes
        .iter()
        .map(|c| {
            vec![
                Cell::Instant(c.at),
                text(&c.project),
                c.from.as_deref().map_or(Cell::Empty, text),
                text(&c.to),
                c.reason.as_deref().map_or(Cell::Empty, text),
            ]
        })
        .collect();
    sheet(
        &mut book,
        "status changes",
        &["when", "project", "from", "to", "reason"],
        &changes,
        &f,
    )
    .map_err(&err)?;
    let mut by_project: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_purpose: BTreeMap<&str, usize> = BTreeMap::new();
    for v in &r.visits {
        let project = if v.project.is_empty() {
            "(no project)"
        } else {
            &v.project
        };
        *by_project.entry(project).or_default() += 1;
        *by_purpose.entry(&v.purpose).or_default() += 1;
    }
    let mut counts: Vec<Vec<Cell>> = Vec::new();
    for (what, map) in [("project", &by_project), ("purpose", &by_purpose)] {
        for (name, n) in map {
            counts.push(vec![text(what), text(name), Cell::Number(*n as f64)]);
        }
    }
    sheet(&mut book, "counts", &["by", "name", "visits"], &counts, &f).map_err(&err)?;
    super::report_xlsx::desk_sheets(&mut book, &r.desk, &f).map_err(&err)?;
    save(book, path)
}

pub(super) fn sheet(
    book: &mut Workbook,
    name: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
    f: &Formats,
) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    header_row(sheet, headers, f)?;
    for (i, cells) in rows.iter().enumerate() {
        write_row(sheet, i as u32 + 1, cells, f)?;
    }
    Ok(())
}
