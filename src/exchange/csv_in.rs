//! Contacts from CSV: the layouts `csv_layout` knows (Google, Outlook in
//! four languages, Thunderbird, LinkedIn, fieldbook's own contacts.csv)
//! are read by their header row, other headers by their words, and
//! `--map COLUMN=field` decides the rest. Every column with data that is
//! not imported is named in the preview.

use std::collections::HashMap;

use super::Problem;
use super::csv_layout::{self, Part, Place};
use super::incoming::{Incoming, Records, is_cjk};
use crate::domain::{Email, Phone};

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

/// Which row holds the column names: the first, unless it and the rows
/// after it are one-cell notes (LinkedIn's `Notes:` lines) above a row
/// whose names say who the contact is.
fn header_row(rows: &[csv::StringRecord], maps: &[String]) -> usize {
    for (at, row) in rows.iter().enumerate().take(10) {
        let headers: Vec<String> = row.iter().map(str::to_string).collect();
        let mapped = maps.iter().any(|m| {
            m.rsplit_once('=')
                .is_some_and(|(column, _)| headers.iter().any(|h| h.trim() == column.trim()))
        });
        let cells = row.iter().filter(|c| !c.trim().is_empty()).count();
        // A one-cell note is never the header row below it.
        if (at == 0 || cells > 1) && (mapped || names_someone(&layout(&headers).fields)) {
            return at;
        }
        if cells > 1 {
            break;
        }
    }
    0
}

/// What each column fills, and which were guessed from their words.
struct Layout {
    fields: Vec<Field>,
    guessed: Vec<bool>,
}

/// Known headers by name; when at most half are known or none says who
/// the contact is (a sheet of the user's own), the others by their words,
/// each single field (a name, an organization, a city) filled by one
/// column only.
fn layout(headers: &[String]) -> Layout {
    let known: Vec<Option<Field>> = headers.iter().map(|h| csv_layout::known_field(h)).collect();
    let known_count = known.iter().filter(|k| k.is_some()).count();
    let mut fields: Vec<Field> = Vec::with_capacity(headers.len());
    let mut guessed = vec![false; headers.len()];
    for field in known {
        fields.push(field.unwrap_or(Field::Ignore));
    }
    // A sheet of the user's own: few names known, or none saying who.
    if known_count * 2 <= headers.len() || !names_someone(&fields) {
        for (at, header) in headers.iter().enumerate() {
            if fields[at] != Field::Ignore {
                continue;
            }
            let Some(field) = csv_layout::guessed_field(header) else {
                continue;
            };
            if is_single(&field) && fields.contains(&field) {
                continue;
            }
            fields[at] = field;
            guessed[at] = true;
        }
    }
    csv_layout::honorifics(headers, &mut fields);
    Layout { fields, guessed }
}

/// Fields one column fills (a second would overwrite the first).
fn is_single(field: &Field) -> bool {
    matches!(
        field,
        Field::Name
            | Field::GivenName
            | Field::FamilyName
            | Field::MiddleName
            | Field::NativeName
            | Field::Reading
            | Field::Organization
            | Field::Role
            | Field::City
            | Field::Country
            | Field::Nickname
    )
}

fn names_someone(fields: &[Field]) -> bool {
    fields.iter().any(|f| {
        matches!(
            f,
            Field::Name | Field::GivenName | Field::FamilyName | Field::NativeName
        )
    })
}

/// The field in a few words, for the preview.
fn field_words(field: &Field) -> String {
    match field {
        Field::Name => "name".into(),
        Field::GivenName => "given name".into(),
        Field::MiddleName => "middle name".into(),
        Field::FamilyName => "family name".into(),
        Field::Organization => "organization".into(),
        Field::Role => "role".into(),
        Field::Email(_) => "e-mail".into(),
        Field::Phone(label) if label.is_empty() => "phone".into(),
        Field::Phone(label) => format!("phone ({label})"),
        Field::City => "city".into(),
        Field::Country => "country".into(),
        Field::Note => "note".into(),
        Field::Tags => "tags".into(),
        Field::Languages => "languages".into(),
        Field::Nickname => "nickname".into(),
        other => format!("{other:?}").to_lowercase(),
    }
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

/// What the preview says about the file: the note rows above the header,
/// the separator when it is not a comma, the columns read by a guess, and
/// every column with data that is not imported.
fn notices(
    text: &str,
    header_at: usize,
    headers: &[String],
    fields: &[Field],
    guessed: &[bool],
    data: &[csv::StringRecord],
) -> Vec<String> {
    let mut out = Vec::new();
    if header_at > 0 {
        out.push(format!(
            "{header_at} row(s) of notes above the column names skipped"
        ));
    }
    match csv_layout::separator(text) {
        b';' => out.push("columns separated by ';'".into()),
        b'\t' => out.push("columns separated by tabs".into()),
        _ => {}
    }
    let guesses: Vec<String> = headers
        .iter()
        .zip(fields)
        .zip(guessed)
        .filter(|(_, g)| **g)
        .map(|((h, f), _)| format!("'{}' as {}", h.trim(), field_words(f)))
        .collect();
    if !guesses.is_empty() {
        out.push(format!(
            "columns read by their name: {}",
            guesses.join(", ")
        ));
    }
    let mut unused = Vec::new();
    let mut empty = 0;
    for (at, (header, field)) in headers.iter().zip(fields).enumerate() {
        if *field != Field::Ignore {
            continue;
        }
        let has_data = data
            .iter()
            .any(|r| r.get(at).is_some_and(|c| !c.trim().is_empty()));
        if has_data {
            unused.push(format!("'{}'", header.trim()));
        } else {
            empty += 1;
        }
    }
    // Cells past the last named column are data nobody named.
    let beyond = data
        .iter()
        .any(|r| r.iter().skip(headers.len()).any(|c| !c.trim().is_empty()));
    if beyond {
        unused.push("cells beyond the last column".into());
    }
    if !unused.is_empty() {
        out.push(format!(
            "not imported: {}{}",
            unused.join(", "),
            if empty > 0 {
                format!(" (and {empty} empty column(s))")
            } else {
                String::new()
            }
        ));
    } else if empty > 0 {
        out.push(format!("{empty} empty column(s) with nothing to import"));
    }
    out
}

fn malformed(e: &csv::Error) -> CsvError {
    CsvError::Malformed {
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    }
}

fn read_row(
    fields: &[Field],
    record: &csv::StringRecord,
    line: u64,
    ours: bool,
) -> Result<Incoming, Vec<Problem>> {
    let mut incoming = Incoming::new(format!("line {line}"));
    let mut given = String::new();
    let mut middle = String::new();
    let mut family = String::new();
    let mut reading_given = String::new();
    let mut reading_family = String::new();
    let mut numbered_emails: HashMap<u32, (String, String)> = HashMap::new();
    let mut numbered_phones: HashMap<u32, (String, String)> = HashMap::new();
    let mut addresses: Vec<(Place, Part, String)> = Vec::new();
    let c = &mut incoming.contact;
    for (field, cell) in fields.iter().zip(record.iter()) {
        let cell = match cell.trim() {
            defused if ours => super::formula::undo(defused),
            cell => cell,
        };
        if cell.is_empty() {
            continue;
        }
        let value = cell.to_string();
        match field {
            Field::Name => c.display_name = value,
            Field::GivenName => given = value,
            Field::MiddleName => middle = value,
            Field::FamilyName => family = value,
            Field::NativeName => c.native_name = Some(value),
            Field::Reading => c.reading = Some(value),
            Field::ReadingGiven => reading_given = value,
            Field::ReadingFamily => reading_family = value,
            Field::Organization => incoming.org_name = Some(value),
            Field::Role => c.role = Some(value),
            Field::Email(label) => c.emails.extend(split_values(cell).map(|v| Email {
                label: label.clone(),
                value: v,
            })),
            Field::Phone(label) => c.phones.extend(split_values(cell).map(|v| Phone {
                label: label.clone(),
                value: v,
            })),
            Field::EmailLabel(n) => numbered_emails.entry(*n).or_default().0 = google_label(cell),
            Field::EmailValue(n) => numbered_emails.entry(*n).or_default().1 = value,
            Field::PhoneLabel(n) => numbered_phones.entry(*n).or_default().0 = google_label(cell),
            Field::PhoneValue(n) => numbered_phones.entry(*n).or_default().1 = value,
            Field::Phones => c
                .phones
                .extend(labelled(cell).map(|(label, value)| Phone { label, value })),
            Field::Emails => c
                .emails
                .extend(labelled(cell).map(|(label, value)| Email { label, value })),
            Field::City => c.city = Some(value),
            Field::Country => c.country = Some(value),
            Field::Note => incoming.notes.push(value),
            Field::Tags => c.tags.extend(
                cell.split([';', ','])
                    .flat_map(|t| t.split(" ::: "))
                    .map(|t| t.trim().trim_start_matches('*').trim().to_string())
                    .filter(|t| !t.is_empty() && t != "myContacts"),
            ),
            Field::Languages => c
                .languages
                .extend(cell.split([';', ',']).map(|l| l.trim().to_string())),
            Field::Nickname => c.nickname = Some(value),
            Field::Address(place, part) => addresses.push((*place, *part, value)),
            Field::Labelled(label) => incoming.notes.push(format!("{label}: {value}")),
            Field::Covered | Field::Ignore => {}
        }
    }
    super::csv_address::apply(&mut incoming, &addresses);
    let c = &mut incoming.contact;
    let mut emails: Vec<_> = numbered_emails.into_iter().collect();
    emails.sort_by_key(|(n, _)| *n);
    for (_, (label, value)) in emails {
        // Google joins several addresses of one label with " ::: ".
        c.emails.extend(split_values(&value).map(|v| Email {
            label: label.clone(),
            value: v,
        }));
    }
    let mut phones: Vec<_> = numbered_phones.into_iter().collect();
    phones.sort_by_key(|(n, _)| *n);
    for (_, (label, value)) in phones {
        c.phones.extend(split_values(&value).map(|v| Phone {
            label: label.clone(),
            value: v,
        }));
    }
    if c.display_name.is_empty() {
        c.display_name = join_name(&given, &middle, &family);
    }
    if c.reading.is_none() {
        let r = [reading_family.as_str(), reading_given.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        c.reading = (!r.is_empty()).then_some(r);
    }
    if c.native_name.is_none() && is_cjk(&c.display_name) {
        c.native_name = Some(c.display_name.clone());
    }
    incoming.finish()
}

/// Japanese names are family name first; others given first. Both parts
/// given means the person wrote them apart (`土居 健市`: a name typed
/// without a space comes whole in one column), so the space stays.
fn join_name(given: &str, middle: &str, family: &str) -> String {
    if is_cjk(family) || is_cjk(given) {
        return [family, given]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    [given, middle, family]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn split_values(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split(" ::: ")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// `* Mobile` → `mobile`: Google stars the primary entry.
fn google_label(cell: &str) -> String {
    cell.trim().trim_start_matches('*').trim().to_lowercase()
}

/// `mobile: +254 700; work: +254 20` (fieldbook's own export).
fn labelled(cell: &str) -> impl Iterator<Item = (String, String)> + '_ {
    cell.split("; ")
        .map(crate::domain::contact::split_labelled)
        .filter(|(_, v)| !v.is_empty())
}
