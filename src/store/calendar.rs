//! What goes into a calendar (`fieldbook export --format ics`): the dated
//! records of the book, as entries a calendar file can hold. Live records
//! only: a calendar shows what is planned and what happened, not the trash.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::error::Result;
use super::read::Reader;
use crate::domain::{DeliverableKind, DeliverableStatus, EventKind, Id, Purpose};

/// Whether an entry is something that happens (an event in the calendar)
/// or something to do by a date (a task).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryShape {
    /// Happens on `start` (to `end`, inclusive), at `start_time` if known.
    Happening,
    /// Due on `start`; `done` once it is no longer to do.
    Task { done: bool, cancelled: bool },
}

/// One dated record, ready to be written as a calendar entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEntry {
    /// The record's id: a calendar entry's UID is made from it, so that a
    /// calendar re-importing the file updates its entries.
    pub id: Id,
    pub shape: EntryShape,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    pub start: NaiveDate,
    /// The last day, inclusive; `None` for a one-day entry.
    pub end: Option<NaiveDate>,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    pub updated_at: DateTime<Utc>,
}

impl Reader<'_> {
    /// Every live visit, follow-up with a due date (open or done), event
    /// and deliverable, in date order.
    pub fn calendar_entries(&self) -> Result<Vec<CalendarEntry>> {
        let mut entries = self.visit_entries()?;
        entries.extend(self.follow_up_entries()?);
        entries.extend(self.event_entries()?);
        entries.extend(self.deliverable_entries()?);
        entries.sort_by_key(|e| (e.start, e.id));
        Ok(entries)
    }

    fn visit_entries(&self) -> Result<Vec<CalendarEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT v.id, v.date, v.place, v.purpose, p.ref_code, p.title, v.observations,
                    v.updated_at
             FROM visits v LEFT JOIN projects p ON p.id = v.project_id
             WHERE v.deleted_at IS NULL",
        )?;
        let entries = stmt
            .query_map([], |r| {
                let purpose: String = r.get(3)?;
                let purpose = Purpose::parse(&purpose).map_or(purpose, |p| p.label().to_string());
                let project = project_label(r.get(4)?, r.get(5)?);
                let place: Option<String> = r.get(2)?;
                let summary = match (&project, &place) {
                    (Some(p), _) => format!("Visit ({purpose}): {p}"),
                    (None, Some(place)) => format!("Visit ({purpose}): {place}"),
                    (None, None) => format!("Visit ({purpose})"),
                };
                Ok(CalendarEntry {
                    id: r.get(0)?,
                    shape: EntryShape::Happening,
                    summary,
                    description: r.get(6)?,
                    location: place,
                    start: date(&r.get::<_, String>(1)?, 1)?,
                    end: None,
                    start_time: None,
                    end_time: None,
                    updated_at: instant(r.get(7)?, 7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }

    fn follow_up_entries(&self) -> Result<Vec<CalendarEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT f.id, f.due_date, f.text, f.done_at IS NOT NULL, c.display_name, f.updated_at
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE f.deleted_at IS NULL AND f.due_date IS NOT NULL",
        )?;
        let entries = stmt
            .query_map([], |r| {
                let owner: Option<String> = r.get(4)?;
                Ok(CalendarEntry {
                    id: r.get(0)?,
                    shape: EntryShape::Task {
                        done: r.get(3)?,
                        cancelled: false,
                    },
                    summary: r.get(2)?,
                    description: owner.map_or_else(String::new, |o| format!("Owner: {o}")),
                    location: None,
                    start: date(&r.get::<_, String>(1)?, 1)?,
                    end: None,
                    start_time: None,
                    end_time: None,
                    updated_at: instant(r.get(5)?, 5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }
}

impl Reader<'_> {
    /// Events: whole days, or from their start time to their end time.
    fn event_entries(&self) -> Result<Vec<CalendarEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.id, e.start_date, e.end_date, e.start_time, e.end_time, e.title, e.kind,
                    e.place, e.online, e.agenda, e.updated_at
             FROM events e WHERE e.deleted_at IS NULL",
        )?;
        let entries = stmt
            .query_map([], |r| {
                let kind: String = r.get(6)?;
                let kind = EventKind::parse(&kind).map_or(kind, |k| k.label().to_string());
                let place: Option<String> = r.get(7)?;
                let online: bool = r.get(8)?;
                let location = match (place, online) {
                    (Some(p), true) => Some(format!("{p} and online")),
                    (Some(p), false) => Some(p),
                    (None, true) => Some("Online".to_string()),
                    (None, false) => None,
                };
                Ok(CalendarEntry {
                    id: r.get(0)?,
                    shape: EntryShape::Happening,
                    summary: format!("{} ({kind})", r.get::<_, String>(5)?),
                    description: r.get(9)?,
                    location,
                    start: date(&r.get::<_, String>(1)?, 1)?,
                    end: r
                        .get::<_, Option<String>>(2)?
                        .map(|d| date(&d, 2))
                        .transpose()?,
                    start_time: time(r.get(3)?),
                    end_time: time(r.get(4)?),
                    updated_at: instant(r.get(10)?, 10)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }

    /// Deliverables of live projects, as tasks due on their date: done
    /// once submitted or accepted, cancelled when waived.
    fn deliverable_entries(&self) -> Result<Vec<CalendarEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT d.id, d.due_date, d.kind, d.title, d.status, p.ref_code, p.title, d.note,
                    d.updated_at
             FROM deliverables d JOIN projects p ON p.id = d.project_id
             WHERE d.deleted_at IS NULL AND p.deleted_at IS NULL",
        )?;
        let entries = stmt
            .query_map([], |r| {
                let kind: String = r.get(2)?;
                let kind = DeliverableKind::parse(&kind).map_or(kind, |k| k.label().to_string());
                let what = match r.get::<_, Option<String>>(3)? {
                    Some(title) if !title.trim().is_empty() => format!("{kind}: {title}"),
                    _ => kind,
                };
                let project = project_label(r.get(5)?, r.get(6)?).unwrap_or_default();
                let status = DeliverableStatus::parse(&r.get::<_, String>(4)?).ok();
                Ok(CalendarEntry {
                    id: r.get(0)?,
                    shape: EntryShape::Task {
                        done: matches!(
                            status,
                            Some(DeliverableStatus::Submitted | DeliverableStatus::Accepted)
                        ),
                        cancelled: status == Some(DeliverableStatus::Waived),
                    },
                    summary: format!("{what} - {project}"),
                    description: r.get(7)?,
                    location: None,
                    start: date(&r.get::<_, String>(1)?, 1)?,
                    end: None,
                    start_time: None,
                    end_time: None,
                    updated_at: instant(r.get(8)?, 8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }
}

/// A stored `HH:MM`; anything else (there is a CHECK) as no time.
fn time(text: Option<String>) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text.as_deref()?, "%H:%M").ok()
}

/// "PLAS-2026 Water for Kibera", or whichever part there is.
fn project_label(ref_code: Option<String>, title: Option<String>) -> Option<String> {
    match (ref_code, title) {
        (Some(r), Some(t)) => Some(format!("{r} {t}")),
        (r, t) => r.or(t),
    }
}

fn date(text: &str, col: usize) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(col, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn instant(ms: i64, col: usize) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| rusqlite::Error::IntegralValueOutOfRange(col, ms))
}
