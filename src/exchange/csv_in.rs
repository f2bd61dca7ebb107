//! Contacts from CSV: Google Contacts' and Outlook's exports (old and new
//! headers) and fieldbook's own contacts.csv are recognised by their
//! header row; any other CSV needs `--map COLUMN=field`.

use std::collections::HashMap;

use super::Problem;
use super::incoming::{Incoming, is_cjk};
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
    Ignore,
}

/// The names `--map` accepts, with what they fill.
pub const MAP_FIELDS: &[(&str, &str)] = &[
    ("name", "display name"),
    ("given_name", "given name (joined with family name)"),
    ("family_name", "family name"),
    ("native_name", "name in its own script"),
    ("reading", "reading / romanization"),
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

/// The field a well-known header fills (Google old and new, Outlook, ours).
fn known_header(header: &str) -> Option<Field> {
    let h = header.trim();
    // Google: "E-mail 1 - Value", "Phone 2 - Label" / "Phone 2 - Type".
    for (prefix, is_email) in [("E-mail ", true), ("Phone ", false)] {
        if let Some(rest) = h.strip_prefix(prefix)
            && let Some((n, what)) = rest.split_once(" - ")
            && let Ok(n) = n.trim().parse::<u32>()
        {
            return Some(match (is_email, what.trim()) {
                (true, "Value") => Field::EmailValue(n),
                (true, "Label" | "Type") => Field::EmailLabel(n),
                (false, "Value") => Field::PhoneValue(n),
                (false, "Label" | "Type") => Field::PhoneLabel(n),
                _ => Field::Ignore,
            });
        }
    }
    Some(match h {
        // fieldbook's own contacts.csv
        "name" | "Name" | "Display Name" => Field::Name,
        "native_name" => Field::NativeName,
        "reading" | "Yomi Name" => Field::Reading,
        "organization" => Field::Organization,
        "role" => Field::Role,
        "phones" => Field::Phones,
        "emails" => Field::Emails,
        "city" => Field::City,
        "country" => Field::Country,
        "tags" => Field::Tags,
        "languages" => Field::Languages,
        // Google (old: Given Name / Family Name; new: First Name / Last Name)
        "Given Name" | "First Name" => Field::GivenName,
        "Additional Name" | "Middle Name" => Field::MiddleName,
        "Family Name" | "Last Name" => Field::FamilyName,
        "Given Name Yomi" | "Phonetic First Name" | "Given Yomi" => Field::ReadingGiven,
        "Family Name Yomi" | "Phonetic Last Name" | "Surname Yomi" => Field::ReadingFamily,
        "Organization 1 - Name" | "Organization Name" | "Company" => Field::Organization,
        "Organization 1 - Title" | "Organization Title" | "Job Title" => Field::Role,
        "Address 1 - City" | "Business City" => Field::City,
        "Address 1 - Country" | "Business Country/Region" => Field::Country,
        "Notes" => Field::Note,
        "Group Membership" | "Labels" | "Categories" => Field::Tags,
        // Outlook
        "E-mail Address" => Field::Email(String::new()),
        "E-mail 2 Address" | "E-mail 3 Address" => Field::Email(String::new()),
        "Mobile Phone" => Field::Phone("mobile".into()),
        "Business Phone" | "Business Phone 2" | "Company Main Phone" => Field::Phone("work".into()),
        "Home Phone" | "Home Phone 2" => Field::Phone("home".into()),
        "Other Phone" | "Primary Phone" => Field::Phone(String::new()),
        "Business Fax" => Field::Phone("fax".into()),
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
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    Ok(reader
        .headers()
        .map_err(|e| malformed(&e))?
        .iter()
        .map(str::to_string)
        .collect())
}

/// Reads the CSV (already UTF-8 text). `maps` are `COLUMN=field` pairs that
/// override or complete the recognised headers.
pub fn parse(text: &str, maps: &[String]) -> Result<Vec<Result<Incoming, Vec<Problem>>>, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| malformed(&e))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut fields: Vec<Field> = headers
        .iter()
        .map(|h| known_header(h).unwrap_or(Field::Ignore))
        .collect();
    // fieldbook's own contacts.csv: its cells were defused against formulas
    // on the way out (`'+254...`) and are restored on the way in.
    let ours = headers.iter().map(|h| h.trim()).eq(super::tables::headers(
        crate::domain::RecordKind::Contact,
    )
    .iter()
    .copied());
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
    }
    let names_someone = fields.iter().any(|f| {
        matches!(
            f,
            Field::Name | Field::GivenName | Field::FamilyName | Field::NativeName
        )
    });
    if !names_someone {
        return Err(CsvError::Unrecognised {
            headers: headers
                .iter()
                .map(|h| format!("'{h}'"))
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| malformed(&e))?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        out.push(read_row(&fields, &record, line, ours));
    }
    Ok(out)
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
            Field::Ignore => {}
        }
    }
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

/// Japanese names are family name first, without a space; others given first.
fn join_name(given: &str, middle: &str, family: &str) -> String {
    if is_cjk(family) || is_cjk(given) {
        return format!("{family}{given}");
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
