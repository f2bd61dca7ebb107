//! iCalendar (RFC 5545) out: visits and events as VEVENTs, follow-ups and
//! deliverables as VTODOs, for a phone or desktop calendar.
//!
//! Each entry's UID is made from its record's id, and DTSTAMP and
//! LAST-MODIFIED from the record's last change, so exporting again and
//! re-importing into the same calendar updates its entries instead of
//! adding copies, and an unchanged book gives the same bytes.
//! Times of day are floating (no time zone): an event at 09:30 is at 09:30
//! wherever the office is, which is what the officer typed.
//! The text is written by calcard, which escapes and folds lines.

use std::io::Write;

use calcard::common::PartialDateTime;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarParameter,
    ICalendarParameterName, ICalendarParameterValue, ICalendarProperty, ICalendarStatus,
    ICalendarValue, ICalendarValueType,
};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Timelike, Utc};

use super::ExchangeError;
use crate::store::calendar::{CalendarEntry, EntryShape};

/// The product named in every file (RFC 5545 PRODID).
const PRODID: &str = "-//fieldbook//fieldbook calendar export//EN";

/// Writes `entries` as one VCALENDAR.
pub fn write(entries: &[CalendarEntry], out: &mut impl Write) -> Result<(), ExchangeError> {
    let text = calendar(entries).to_string();
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// The UID of a record's calendar entry.
pub fn uid(entry: &CalendarEntry) -> String {
    format!("{}@fieldbook", entry.id)
}

fn calendar(entries: &[CalendarEntry]) -> ICalendar {
    let mut components = vec![ICalendarComponent {
        component_type: ICalendarComponentType::VCalendar,
        entries: vec![
            text(ICalendarProperty::Version, "2.0"),
            text(ICalendarProperty::Prodid, PRODID),
        ],
        component_ids: (1..=entries.len() as u32).collect(),
    }];
    components.extend(entries.iter().map(component));
    ICalendar { components }
}

fn component(entry: &CalendarEntry) -> ICalendarComponent {
    let mut lines = vec![
        text(ICalendarProperty::Uid, &uid(entry)),
        instant(ICalendarProperty::Dtstamp, entry.updated_at),
        instant(ICalendarProperty::LastModified, entry.updated_at),
        text(ICalendarProperty::Summary, &entry.summary),
    ];
    if !entry.description.trim().is_empty() {
        lines.push(text(ICalendarProperty::Description, &entry.description));
    }
    if let Some(place) = entry.location.as_deref().filter(|p| !p.trim().is_empty()) {
        lines.push(text(ICalendarProperty::Location, place));
    }
    let component_type = match entry.shape {
        EntryShape::Happening => {
            lines.extend(happening_times(entry));
            ICalendarComponentType::VEvent
        }
        EntryShape::Task { done, cancelled } => {
            lines.push(day(ICalendarProperty::Due, entry.start));
            let status = if cancelled {
                ICalendarStatus::Cancelled
            } else if done {
                ICalendarStatus::Completed
            } else {
                ICalendarStatus::NeedsAction
            };
            lines.push(ICalendarEntry {
                name: ICalendarProperty::Status,
                params: vec![],
                values: vec![ICalendarValue::Status(status)],
            });
            ICalendarComponentType::VTodo
        }
    };
    ICalendarComponent {
        component_type,
        entries: lines,
        component_ids: vec![],
    }
}

/// DTSTART and DTEND: whole days (DTEND is the day after the last, as RFC
/// 5545 wants), or local times of day when the start time is known.
fn happening_times(entry: &CalendarEntry) -> Vec<ICalendarEntry> {
    let last = entry.end.unwrap_or(entry.start);
    match entry.start_time {
        None => vec![
            day(ICalendarProperty::Dtstart, entry.start),
            day(ICalendarProperty::Dtend, last.succ_opt().unwrap_or(last)),
        ],
        Some(start) => {
            let mut lines = vec![local(ICalendarProperty::Dtstart, entry.start, start)];
            if let Some(end) = entry.end_time {
                lines.push(local(ICalendarProperty::Dtend, last, end));
            }
            lines
        }
    }
}

fn text(name: ICalendarProperty, value: &str) -> ICalendarEntry {
    ICalendarEntry {
        name,
        params: vec![],
        values: vec![ICalendarValue::Text(value.to_string())],
    }
}

fn day(name: ICalendarProperty, date: NaiveDate) -> ICalendarEntry {
    ICalendarEntry {
        name,
        params: vec![ICalendarParameter {
            name: ICalendarParameterName::Value,
            value: ICalendarParameterValue::Value(ICalendarValueType::Date),
        }],
        values: vec![ICalendarValue::PartialDateTime(Box::new(PartialDateTime {
            year: Some(date.year() as u16),
            month: Some(date.month() as u8),
            day: Some(date.day() as u8),
            ..PartialDateTime::default()
        }))],
    }
}

/// A floating local date-time (no `Z`, no TZID).
fn local(name: ICalendarProperty, date: NaiveDate, time: NaiveTime) -> ICalendarEntry {
    ICalendarEntry {
        name,
        params: vec![],
        values: vec![ICalendarValue::PartialDateTime(Box::new(PartialDateTime {
            year: Some(date.year() as u16),
            month: Some(date.month() as u8),
            day: Some(date.day() as u8),
            hour: Some(time.hour() as u8),
            minute: Some(time.minute() as u8),
            second: Some(0),
            ..PartialDateTime::default()
        }))],
    }
}

/// A UTC instant (`...Z`), as DTSTAMP and LAST-MODIFIED must be.
fn instant(name: ICalendarProperty, at: DateTime<Utc>) -> ICalendarEntry {
    ICalendarEntry {
        name,
        params: vec![],
        values: vec![ICalendarValue::PartialDateTime(Box::new(PartialDateTime {
            year: Some(at.year() as u16),
            month: Some(at.month() as u8),
            day: Some(at.day() as u8),
            hour: Some(at.hour() as u8),
            minute: Some(at.minute() as u8),
            second: Some(at.second() as u8),
            tz_hour: Some(0),
            tz_minute: Some(0),
            tz_minus: false,
        }))],
    }
}
