//! Events as tables for the CSV and XLSX exports: the events themselves,
//! and their guest lists as a table of their own (one row per invitee),
//! which a spreadsheet can count and filter.

use super::tables::{Cell, Names};
use crate::domain::*;
use crate::store::{Reader, Result};

pub const EVENT_HEADERS: &[&str] = &[
    "id",
    "title",
    "kind",
    "start",
    "end",
    "start_time",
    "end_time",
    "place",
    "online",
    "organizer",
    "organizer_id",
    "project",
    "project_id",
    "agenda",
    "invited",
    "attended",
    "created",
    "updated",
    "deleted",
];

/// The file and sheet name of the guest lists.
pub const INVITEES_TABLE: &str = "event_invitees";

pub const INVITEE_HEADERS: &[&str] = &[
    "event_id",
    "event",
    "date",
    "invitee",
    "invitee_kind",
    "invitee_id",
    "organization",
    "status",
    "role",
    "updated",
];

fn id(id: Option<Id>) -> Cell {
    id.map_or(Cell::Empty, |id| Cell::Text(id.to_string()))
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn opt(s: &Option<String>) -> Cell {
    s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
}

pub fn event_rows(
    reader: &Reader<'_>,
    names: &Names,
    mut f: impl FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    reader.each_event(|e| {
        let attended = e
            .invitees
            .iter()
            .filter(|i| i.status == InviteeStatus::Attended)
            .count();
        let row = vec![
            id(Some(e.meta.id)),
            text(&e.title),
            text(e.kind.key()),
            Cell::Date(e.start_date),
            e.end_date.map_or(Cell::Empty, Cell::Date),
            opt(&e.start_time),
            opt(&e.end_time),
            opt(&e.place),
            text(if e.online { "yes" } else { "no" }),
            names.name(RecordKind::Organization, e.organizer_org_id),
            id(e.organizer_org_id),
            names.name(RecordKind::Project, e.project_id),
            id(e.project_id),
            text(&e.agenda),
            Cell::Number(e.invitees.len() as f64),
            Cell::Number(attended as f64),
            Cell::Instant(e.meta.created_at),
            Cell::Instant(e.meta.updated_at),
            e.meta.deleted_at.map_or(Cell::Empty, Cell::Instant),
        ];
        f(row)
    })
}

pub fn invitee_rows(
    reader: &Reader<'_>,
    names: &Names,
    mut f: impl FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    reader.each_event(|e| {
        for i in &e.invitees {
            let (kind, org) = match i.who {
                InviteeRef::Contact(c) => (RecordKind::Contact, names.organization_of(c)),
                InviteeRef::Organization(o) => (RecordKind::Organization, Some(o)),
            };
            f(vec![
                id(Some(e.meta.id)),
                text(&e.title),
                Cell::Date(e.start_date),
                names.name(kind, Some(i.who.id())),
                text(kind.label()),
                id(Some(i.who.id())),
                names.name(RecordKind::Organization, org),
                text(i.status.key()),
                text(i.role.key()),
                Cell::Instant(i.updated_at),
            ])?;
        }
        Ok(())
    })
}
