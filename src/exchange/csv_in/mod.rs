//! Contacts from CSV: the layouts `csv_layout` knows (Google, Outlook in
//! four languages, Thunderbird, LinkedIn, fieldbook's own contacts.csv)
//! are read by their header row, other headers by their words, and
//! `--map COLUMN=field` decides the rest. Every column with data that is
//! not imported is named in the preview.
//!
//! This file holds the fields a column can fill, `--map`, the errors and
//! `parse`; `header` finds the header row and what each column fills,
//! `row` reads one row into a contact, `notices` says what the preview
//! tells about the file.

use super::csv_layout::{self, Part, Place};
use super::incoming::Records;

mod header;
mod notices;
mod row;

use header::{Layout, header_row, layout, names_someone};
use notices::notices;
use row::read_row;

/// A field of ours that a column can fill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Name,
    GivenName,
    MiddleName,
    FamilyName,
    NativeName,
    Reading,
    ReadingGiven,
    ReadingFamily,
    Organization,
    Role,
    /// An e-mail with this label.
    Email(String),
    /// The label / value columns of Google's numbered e-mails and phones.
    EmailLabel(u32),
    EmailValue(u32),
    Phone(String),
    PhoneLabel(u32),
    PhoneValue(u32),
    /// Several `label: value` pairs in one cell (fieldbook's own export).
    Phones,
    Emails,
    City,
    Country,
    Note,
    Tags,
    Languages,
    Nickname,
    /// A part of the work, home or other address.
    Address(Place, Part),
    /// Kept as a note on the contact, `Department: Sales`.
    Labelled(&'static str),
    /// Read with the columns beside it (Google's `Address 1 - Label`).
    Covered,
    Ignore,
}

/// The names `--map` accepts, with what they fill.
pub const MAP_FIELDS: &[(&str, &str)] = &[
    ("name", "display name"),
    ("given_name", "given name (joined with family name)"),
    ("family_name", "family name"),
    ("native_name", "name in its own script"),
    ("reading", "reading / romanization"),
    ("nickname", "nickname (searchable)"),
    ("org", "organization (linked or created by name)"),
    ("role", "role or title"),
    ("email", "an e-mail address"),
    ("phone", "a phone number"),
    ("city", "city"),
    ("country", "country"),
    ("note", "becomes a note on the contact"),
    ("tags", "tags, separated by ; or ,"),
    ("ignore", "leave the column out"),
];

pub fn parse_map_field(name: &str) -> Option<Field> {
    Some(match name.trim().to_ascii_lowercase().as_str() {
        "name" => Field::Name,
        "given_name" => Field::GivenName,
        "family_name" => Field::FamilyName,
        "native_name" => Field::NativeName,
        "reading" => Field::Reading,
        "nickname" => Field::Nickname,
        "org" | "organization" => Field::Organization,
        "role" | "title" => Field::Role,
        "email" => Field::Email(String::new()),
        "phone" => Field::Phone(String::new()),
        "city" => Field::City,
        "country" => Field::Country,
        "note" | "notes" => Field::Note,
        "tags" => Field::Tags,
        "ignore" => Field::Ignore,
        _ => return None,
    })
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CsvError {
    #[error(
        "line 1: no column of this CSV says who the contact is (no name column recognised: {headers}); name the columns with --map, e.g. --map \"Full name=name\" --map \"Mail=email\""
    )]
    Unrecognised { headers: String },
    #[error("--map {0}: expected COLUMN=field")]
    BadMap(String),
    #[error("--map {column}={field}: unknown field; fields are {known}")]
    UnknownField {
        column: String,
        field: String,
        known: String,
    },
    #[error("--map {0}: no column with that name in the header row")]
    NoSuchColumn(String),
    #[error("line {line}: {message}")]
    Malformed { line: u64, message: String },
}

/// The header row, for a mapping screen.
pub fn headers(text: &str) -> Result<Vec<String>, CsvError> {
    let rows = rows(text)?;
    Ok(rows
        .get(header_row(&rows, &[]))
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default())
}

/// Every row of the file, the separator found by `csv_layout`.
fn rows(text: &str) -> Result<Vec<csv::StringRecord>, CsvError> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(csv_layout::separator(text))
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.map_err(|e| malformed(&e)))
        .collect()
}

/// Reads the CSV (already UTF-8 text). `maps` are `COLUMN=field` pairs that
/// override or complete the recognised headers.
pub fn parse(text: &str, maps: &[String]) -> Result<Records, CsvError> {
    let rows = rows(text)?;
    let at = header_row(&rows, maps);
    let headers: Vec<String> = rows
        .get(at)
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default();
    let Layout {
        mut fields,
        mut guessed,
    } = layout(&headers);
    // fieldbook's own contacts.csv: its cells were defused against formulas
    // on the way out (`'+254...`) and are restored on the way in. Exports
    // from before the nickname column are ours too.
    let ours_now = super::tables::headers(crate::domain::RecordKind::Contact);
    let trimmed: Vec<&str> = headers.iter().map(|h| h.trim()).collect();
    let ours = trimmed == ours_now
        || trimmed
            == ours_now
                .iter()
                .copied()
                .filter(|h| *h != "nickname")
                .collect::<Vec<_>>();
    for map in maps {
        let (column, field) = map
            .rsplit_once('=')
            .ok_or_else(|| CsvError::BadMap(map.clone()))?;
        let target = parse_map_field(field).ok_or_else(|| CsvError::UnknownField {
            column: column.to_string(),
            field: field.to_string(),
            known: MAP_FIELDS
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        let at = headers
            .iter()
            .position(|h| h.trim() == column.trim())
            .ok_or_else(|| CsvError::NoSuchColumn(column.to_string()))?;
        fields[at] = target;
        guessed[at] = false;
    }
    if !names_someone(&fields) {
        return Err(CsvError::Unrecognised {
            headers: headers
                .iter()
                .map(|h| format!("'{h}'"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let data = &rows[(at + 1).min(rows.len())..];
    let mut records = Records::default();
    let mut lines = LineCounter::default();
    for record in data {
        let line = lines.line_at(text, record.position().map_or(0, |p| p.byte()));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        records.records.push(read_row(&fields, record, line, ours));
    }
    records.notices = notices(text, at, &headers, &fields, &guessed, data);
    Ok(records)
}

/// Line numbers counted from byte offsets: the csv crate's own count is
/// one short in a file with CRLF line ends (Excel's, Outlook's), which
/// would name the row above the one at fault.
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u64,
}

impl LineCounter {
    /// The 1-based line of `byte` (offsets asked in increasing order).
    fn line_at(&mut self, text: &str, byte: u64) -> u64 {
        // The record's position may be the line end before it (the `\n`
        // of a CRLF, or blank lines the reader skipped): its first
        // character comes after them.
        let bytes = text.as_bytes();
        let mut byte = (byte as usize).min(text.len());
        while byte < bytes.len() && matches!(bytes[byte], b'\r' | b'\n') {
            byte += 1;
        }
        if byte >= self.byte {
            let newlines = bytes[self.byte..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.line += newlines as u64;
            self.byte = byte;
        }
        self.line + 1
    }
}

fn malformed(e: &csv::Error) -> CsvError {
    CsvError::Malformed {
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    }
}
