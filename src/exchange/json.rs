//! The lossless export: every record of every kind (trash included, flagged
//! by `deleted_at`), links by id, status histories, notes. Versioned, and
//! written in id order without a time stamp, so the same book always gives
//! the same bytes: an export, imported into an empty book and exported
//! again, is identical.

use std::io::Write;

use serde::{Deserialize, Serialize};

use super::ExchangeError;
use crate::domain::*;
use crate::store::{Reader, Store, StoreError};

mod files;
pub use files::FileData;

pub const FORMAT: &str = "fieldbook";
pub const VERSION: u32 = 1;

/// The whole file, as read back.
#[derive(Debug, Serialize, Deserialize)]
pub struct Book {
    pub format: String,
    pub version: u32,
    pub organizations: Vec<Organization>,
    pub contacts: Vec<Contact>,
    pub projects: Vec<Project>,
    pub status_history: Vec<StatusChange>,
    pub visits: Vec<Visit>,
    /// Absent from exports made before consultations existed.
    #[serde(default)]
    pub consultations: Vec<Consultation>,
    pub follow_ups: Vec<FollowUp>,
    pub notes: Vec<Note>,
    /// Since issue 16; absent from older exports.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Absent from exports written before deliverables existed.
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,

    /// Absent from exports made before registrations and attachments.
    #[serde(default)]
    pub registrations: Vec<Registration>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The attached files' contents, base64 (see `json::files`).
    #[serde(default)]
    pub files: Vec<FileData>,
}

/// Streams the export: one record per line inside each array, so a million
/// notes never sit in memory and a diff of two exports reads well.
pub fn write(reader: &Reader<'_>, out: &mut impl Write) -> Result<(), ExchangeError> {
    writeln!(out, "{{")?;
    writeln!(out, "\"format\": \"{FORMAT}\",")?;
    writeln!(out, "\"version\": {VERSION},")?;
    section(out, "organizations", |each| reader.each_organization(each))?;
    section(out, "contacts", |each| reader.each_contact(each))?;
    section(out, "projects", |each| reader.each_project(each))?;
    section(out, "status_history", |each| {
        reader.each_status_change(each)
    })?;
    section(out, "visits", |each| reader.each_visit(each))?;
    section(out, "consultations", |each| reader.each_consultation(each))?;
    section(out, "follow_ups", |each| reader.each_follow_up(each))?;
    section(out, "events", |each| reader.each_event(each))?;
    section(out, "deliverables", |each| reader.each_deliverable(each))?;
    files::write(reader, out)?;
    writeln!(out, "\"notes\": [")?;
    let mut first = true;
    reader.each_note(|n| record(out, &n, &mut first))?;
    writeln!(out, "\n]")?;
    writeln!(out, "}}")?;
    Ok(())
}

fn section<W: Write, T: Serialize>(
    out: &mut W,
    name: &str,
    rows: impl FnOnce(&mut dyn FnMut(T) -> crate::store::Result<()>) -> crate::store::Result<()>,
) -> Result<(), ExchangeError> {
    writeln!(out, "\"{name}\": [")?;
    let mut first = true;
    rows(&mut |r: T| record(out, &r, &mut first))?;
    writeln!(out, "\n],")?;
    Ok(())
}

fn record<W: Write, T: Serialize>(
    out: &mut W,
    r: &T,
    first: &mut bool,
) -> crate::store::Result<()> {
    let io = |e: std::io::Error| StoreError::Io {
        path: "export".into(),
        source: e,
    };
    if !*first {
        out.write_all(b",\n").map_err(io)?;
    }
    *first = false;
    serde_json::to_writer(&mut *out, r).map_err(|e| io(e.into()))
}

/// Reads an export. Errors name the line and column and what was expected.
pub fn read(text: &str) -> Result<Book, String> {
    let book: Book = serde_json::from_str(text)
        .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
    if book.format != FORMAT {
        return Err(format!("not a fieldbook export (format '{}')", book.format));
    }
    if book.version > VERSION {
        return Err(format!(
            "export format version {} is newer than this fieldbook reads ({VERSION}); upgrade fieldbook",
            book.version
        ));
    }
    if let Some(problem) = unstorable_date(&book) {
        return Err(problem);
    }
    if let Some(problem) = files::unstorable_date(&book.registrations) {
        return Err(problem);
    }
    Ok(book)
}

/// A date SQLite's date functions cannot hold (before year 0 or after 9999,
/// which the book's own checks refuse), named with its record. A lossless
/// export keeps dates outside today's input range (1900 to 2200): they were
/// stored, so they come back.
fn unstorable_date(book: &Book) -> Option<String> {
    use chrono::{Datelike, NaiveDate};
    let bad = |d: &NaiveDate| !(0..=9999).contains(&d.year());
    let dated = book
        .visits
        .iter()
        .map(|v| ("visit", v.meta.id, "date", Some(v.date)))
        .chain(
            book.follow_ups
                .iter()
                .map(|f| ("follow-up", f.meta.id, "due", f.due_date)),
        )
        .chain(book.events.iter().flat_map(|e| {
            [
                ("event", e.meta.id, "start date", Some(e.start_date)),
                ("event", e.meta.id, "end date", e.end_date),
            ]
        }))
        .chain(
            book.deliverables
                .iter()
                .map(|d| ("deliverable", d.meta.id, "due", Some(d.due_date))),
        )
        .chain(
            book.consultations
                .iter()
                .map(|c| ("consultation", c.meta.id, "date", Some(c.date))),
        )
        .chain(book.projects.iter().flat_map(|p| {
            [
                ("project", p.meta.id, "start", p.start_date),
                ("project", p.meta.id, "end", p.end_date),
            ]
        }));
    for (kind, id, field, date) in dated {
        if let Some(d) = date.filter(bad) {
            return Some(format!(
                "{kind} {id}: {field}: {d} is outside the dates a book can hold (years 0 to 9999)"
            ));
        }
    }
    None
}

/// What a JSON import wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Restored {
    pub records: usize,
    /// Records whose id is already in the book: left as they are.
    pub already_there: usize,
}

/// Writes every record of the export with its own ids and times, in one
/// transaction. Records already in the book (same id) are left alone.
pub fn restore(store: &mut Store, book: &Book) -> Result<Restored, StoreError> {
    store.set_cache_mib(512)?;
    let result = store.write(|tx| {
        tx.write_verbatim();
        let mut done = Restored::default();
        let mut count = |exists: bool| {
            if exists {
                done.already_there += 1;
            } else {
                done.records += 1;
            }
            !exists
        };
        let reader = tx.reader();
        let was_empty = reader.is_empty()?;
        if was_empty {
            // The book becomes a copy of the exported one: a new identity.
            crate::sync::identity::reset_id(tx.sync_conn())?;
        }
        for o in &book.organizations {
            if count(reader.exists(RecordKind::Organization, o.meta.id)?) {
                tx.save_organization(o)?;
            }
        }
        for c in &book.contacts {
            if count(reader.exists(RecordKind::Contact, c.meta.id)?) {
                tx.save_contact(c)?;
            }
        }
        let mut new_projects = std::collections::HashSet::new();
        for p in &book.projects {
            if count(reader.exists(RecordKind::Project, p.meta.id)?) {
                tx.save_project(p)?;
                new_projects.insert(p.meta.id);
            }
        }
        for s in &book.status_history {
            // History belongs to the projects this import wrote.
            if new_projects.contains(&s.project_id) {
                tx.insert_status_change(s)?;
            }
        }
        for v in &book.visits {
            if count(reader.exists(RecordKind::Visit, v.meta.id)?) {
                tx.save_visit(v)?;
            }
        }
        // Before follow-ups, which may point at them.
        for c in &book.consultations {
            if count(reader.exists(RecordKind::Consultation, c.meta.id)?) {
                tx.save_consultation(c)?;
            }
        }
        for f in &book.follow_ups {
            if count(reader.exists(RecordKind::FollowUp, f.meta.id)?) {
                tx.save_follow_up(f)?;
            }
        }
        for e in &book.events {
            if count(reader.exists(RecordKind::Event, e.meta.id)?) {
                tx.save_event(e)?;
            }
        }
        for d in &book.deliverables {
            if count(reader.exists(RecordKind::Deliverable, d.meta.id)?) {
                tx.save_deliverable(d)?;
            }
        }
        if book.notes.len() > 10_000 && was_empty {
            tx.defer_indexes(&["notes"])?;
        }
        for n in &book.notes {
            if count(reader.exists(RecordKind::Note, n.meta.id)?) {
                tx.insert_note(n)?;
            }
        }
        let (written, there) =
            files::restore(tx, &book.registrations, &book.files, &book.attachments)?;
        done.records += written;
        done.already_there += there;
        Ok(done)
    });
    store.set_cache_mib(2)?;
    result
}
