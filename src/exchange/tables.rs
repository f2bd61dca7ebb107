//! Each record kind as a table (a header row, then one row per record),
//! for the CSV and XLSX exports. Links are shown by name for people who
//! read the sheet, and by id for tools that join tables.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::*;
use crate::store::{Reader, Result};

mod deliverables;

mod desk;

mod consultations;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
    Instant(DateTime<Utc>),
    Number(f64),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn opt(s: &Option<String>) -> Cell {
        s.as_ref().map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }

    fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    fn instant(t: Option<DateTime<Utc>>) -> Cell {
        t.map_or(Cell::Empty, Cell::Instant)
    }

    /// As text (CSV): dates ISO 8601, instants in UTC.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Instant(t) => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// The kinds, in the order files and sheets are written.
pub const KINDS: [RecordKind; RecordKind::ALL.len()] = RecordKind::ALL;

/// `contacts`, `follow_ups`...: file and sheet names.
pub fn table_name(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Organization => "organizations",
        RecordKind::Contact => "contacts",
        RecordKind::Project => "projects",
        RecordKind::Visit => "visits",
        RecordKind::FollowUp => "follow_ups",
        RecordKind::Note => "notes",
        RecordKind::Event => "events",
        RecordKind::Deliverable => "deliverables",

        RecordKind::Registration => "registrations",
        RecordKind::Attachment => "attachments",
        RecordKind::Consultation => "consultations",
    }
}

pub fn headers(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Organization => &[
            "id", "name", "kind", "country", "city", "website", "tags", "created", "updated",
            "deleted",
        ],
        RecordKind::Contact => &[
            "id",
            "name",
            "native_name",
            "reading",
            "organization",
            "organization_id",
            "role",
            "phones",
            "emails",
            "languages",
            "country",
            "city",
            "tags",
            "nickname",
            "created",
            "updated",
            "deleted",
        ],
        RecordKind::Project => &[
            "id",
            "ref",
            "title",
            "status",
            "organization",
            "organization_id",
            "partners",
            "country",
            "site",
            "sector",
            "type",
            "start",
            "end",
            "budget",
            "currency",
            "summary",
            "created",
            "updated",
            "deleted",
        ],
        RecordKind::Visit => &[
            "id",
            "date",
            "place",
            "purpose",
            "project",
            "project_id",
            "participants",
            "observations",
            "issues",
            "created",
            "updated",
            "deleted",
        ],
        RecordKind::FollowUp => &[
            "id",
            "text",
            "owner",
            "due",
            "done",
            "visit_id",
            "project",
            "project_id",
            "contact",
            "contact_id",
            "consultation_id",
            "created",
            "updated",
            "deleted",
        ],
        RecordKind::Note => &[
            "id", "on", "on_kind", "on_id", "text", "created", "updated", "deleted",
        ],
        RecordKind::Event => super::event_tables::EVENT_HEADERS,
        RecordKind::Deliverable => deliverables::HEADERS,
        RecordKind::Registration => desk::REGISTRATION_HEADERS,
        RecordKind::Attachment => desk::ATTACHMENT_HEADERS,
        RecordKind::Consultation => consultations::HEADERS,
    }
}

/// A table written beside a kind's own: its name, headers and rows.
pub struct Companion {
    pub name: &'static str,
    pub headers: &'static [&'static str],
    pub rows: CompanionRows,
}

/// Streams a companion table's rows into the callback.
pub type CompanionRows =
    fn(&Reader<'_>, &Names, &mut dyn FnMut(Vec<Cell>) -> Result<()>) -> Result<()>;

/// The tables that go with a kind's own (an event's guest lists).
pub fn companions(kind: RecordKind) -> &'static [Companion] {
    match kind {
        RecordKind::Event => &[Companion {
            name: super::event_tables::INVITEES_TABLE,
            headers: super::event_tables::INVITEE_HEADERS,
            rows: |reader, names, f| super::event_tables::invitee_rows(reader, names, f),
        }],
        _ => &[],
    }
}

/// Names to show for linked records, read once.
pub struct Names {
    organizations: HashMap<Id, String>,
    contacts: HashMap<Id, String>,
    projects: HashMap<Id, String>,
    visits: HashMap<Id, String>,
    /// Each contact's organization (an event's invitee sheet shows it).
    contact_orgs: HashMap<Id, Id>,
}

impl Names {
    pub fn read(reader: &Reader<'_>) -> Result<Names> {
        let mut names = Names {
            organizations: HashMap::new(),
            contacts: HashMap::new(),
            projects: HashMap::new(),
            visits: HashMap::new(),
            contact_orgs: HashMap::new(),
        };
        reader.each_organization(|o| {
            names.organizations.insert(o.meta.id, o.name);
            Ok(())
        })?;
        reader.each_contact(|c| {
            if let Some(org) = c.organization_id {
                names.contact_orgs.insert(c.meta.id, org);
            }
            names.contacts.insert(c.meta.id, c.display_name);
            Ok(())
        })?;
        reader.each_project(|p| {
            let name = match &p.ref_code {
                Some(code) => format!("{code} {}", p.title),
                None => p.title,
            };
            names.projects.insert(p.meta.id, name);
            Ok(())
        })?;
        reader.each_visit(|v| {
            let name = match &v.place {
                Some(place) => format!("{} {place}", v.date),
                None => v.date.to_string(),
            };
            names.visits.insert(v.meta.id, name);
            Ok(())
        })?;
        Ok(names)
    }

    /// The name of a linked record of `kind` (organizations, contacts,
    /// projects, visits), empty when there is none.
    pub fn name(&self, kind: RecordKind, id: Option<Id>) -> Cell {
        match kind {
            RecordKind::Organization => Names::of(&self.organizations, id),
            RecordKind::Contact => Names::of(&self.contacts, id),
            RecordKind::Project => Names::of(&self.projects, id),
            RecordKind::Visit => Names::of(&self.visits, id),
            _ => Cell::Empty,
        }
    }

    pub fn organization_of(&self, contact: Id) -> Option<Id> {
        self.contact_orgs.get(&contact).copied()
    }

    fn of(map: &HashMap<Id, String>, id: Option<Id>) -> Cell {
        id.and_then(|id| map.get(&id))
            .map_or(Cell::Empty, |n| Cell::Text(n.clone()))
    }
}

fn id(id: Option<Id>) -> Cell {
    id.map_or(Cell::Empty, |id| Cell::Text(id.to_string()))
}

fn list(items: &[String]) -> Cell {
    if items.is_empty() {
        Cell::Empty
    } else {
        Cell::text(items.join("; "))
    }
}

fn meta(m: &Meta) -> [Cell; 3] {
    [
        Cell::Instant(m.created_at),
        Cell::Instant(m.updated_at),
        Cell::instant(m.deleted_at),
    ]
}

/// Streams the rows of one kind, in id order.
pub fn rows(
    reader: &Reader<'_>,
    names: &Names,
    kind: RecordKind,
    mut f: impl FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    match kind {
        RecordKind::Organization => reader.each_organization(|o| {
            let mut row = vec![
                id(Some(o.meta.id)),
                Cell::text(o.name),
                Cell::text(o.kind.key()),
                Cell::opt(&o.country),
                Cell::opt(&o.city),
                Cell::opt(&o.website),
                list(&o.tags),
            ];
            row.extend(meta(&o.meta));
            f(row)
        }),
        RecordKind::Contact => reader.each_contact(|c| {
            let labelled = |pairs: Vec<(String, String)>| {
                list(
                    &pairs
                        .into_iter()
                        .map(|(l, v)| if l.is_empty() { v } else { format!("{l}: {v}") })
                        .collect::<Vec<_>>(),
                )
            };
            let mut row = vec![
                id(Some(c.meta.id)),
                Cell::text(c.display_name.clone()),
                Cell::opt(&c.native_name),
                Cell::opt(&c.reading),
                Names::of(&names.organizations, c.organization_id),
                id(c.organization_id),
                Cell::opt(&c.role),
                labelled(
                    c.phones
                        .iter()
                        .map(|p| (p.label.clone(), p.value.clone()))
                        .collect(),
                ),
                labelled(
                    c.emails
                        .iter()
                        .map(|e| (e.label.clone(), e.value.clone()))
                        .collect(),
                ),
                list(&c.languages),
                Cell::opt(&c.country),
                Cell::opt(&c.city),
                list(&c.tags),
                // Added after the first exports: last of the contact's own
                // columns, so the others keep their places.
                Cell::opt(&c.nickname),
            ];
            row.extend(meta(&c.meta));
            f(row)
        }),
        RecordKind::Project => reader.each_project(|p| {
            let partners: Vec<String> = p
                .partner_org_ids
                .iter()
                .filter_map(|o| names.organizations.get(o).cloned())
                .collect();
            let mut row = vec![
                id(Some(p.meta.id)),
                Cell::opt(&p.ref_code),
                Cell::text(p.title.clone()),
                Cell::text(p.status.key()),
                Names::of(&names.organizations, p.implementing_org_id),
                id(p.implementing_org_id),
                list(&partners),
                Cell::opt(&p.host_country),
                Cell::opt(&p.site),
                Cell::opt(&p.sector),
                p.programme_type
                    .map_or(Cell::Empty, |t| Cell::text(t.key())),
                Cell::date(p.start_date),
                Cell::date(p.end_date),
                p.budget
                    .map_or(Cell::Empty, |b| Cell::Number(b.hundredths as f64 / 100.0)),
                p.budget
                    .map_or(Cell::Empty, |b| Cell::text(b.currency.to_string())),
                Cell::opt(&p.summary),
            ];
            row.extend(meta(&p.meta));
            f(row)
        }),
        RecordKind::Visit => reader.each_visit(|v| {
            let people: Vec<String> = v
                .participant_ids
                .iter()
                .filter_map(|c| names.contacts.get(c).cloned())
                .collect();
            let mut row = vec![
                id(Some(v.meta.id)),
                Cell::Date(v.date),
                Cell::opt(&v.place),
                Cell::text(v.purpose.key()),
                Names::of(&names.projects, v.project_id),
                id(v.project_id),
                list(&people),
                Cell::text(v.observations.clone()),
                Cell::text(v.issues.clone()),
            ];
            row.extend(meta(&v.meta));
            f(row)
        }),
        RecordKind::FollowUp => reader.each_follow_up(|u| {
            let owner = match u.owner {
                Owner::Officer => Cell::text("me"),
                Owner::Contact(c) => Names::of(&names.contacts, Some(c)),
            };
            let mut row = vec![
                id(Some(u.meta.id)),
                Cell::text(u.text.clone()),
                owner,
                Cell::date(u.due_date),
                Cell::instant(u.done_at),
                id(u.visit_id),
                Names::of(&names.projects, u.project_id),
                id(u.project_id),
                Names::of(&names.contacts, u.contact_id),
                id(u.contact_id),
                // Added with consultations: last of the own columns.
                id(u.consultation_id),
            ];
            row.extend(meta(&u.meta));
            f(row)
        }),
        RecordKind::Note => reader.each_note(|n| {
            let target = n.target.id();
            let on = match n.target {
                NoteTarget::Organization(_) => Names::of(&names.organizations, Some(target)),
                NoteTarget::Contact(_) => Names::of(&names.contacts, Some(target)),
                NoteTarget::Project(_) => Names::of(&names.projects, Some(target)),
                NoteTarget::Visit(_) => Names::of(&names.visits, Some(target)),
            };
            let mut row = vec![
                id(Some(n.meta.id)),
                on,
                Cell::text(n.target.kind().label()),
                id(Some(target)),
                Cell::text(n.body.clone()),
            ];
            row.extend(meta(&n.meta));
            f(row)
        }),
        RecordKind::Event => super::event_tables::event_rows(reader, names, f),
        RecordKind::Deliverable => deliverables::rows(reader, names, f),

        RecordKind::Registration => desk::registration_rows(reader, names, f),
        RecordKind::Attachment => desk::attachment_rows(reader, names, f),
        RecordKind::Consultation => consultations::rows(reader, names, f),
    }
}
