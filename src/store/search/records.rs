//! The records behind a page of hits, read in one query per kind: the
//! page's ids go in as one JSON array and each row comes back with the
//! title, the context (organization, city, role) and the values of the
//! fields a merged doc is made of. A query per hit cost more than
//! everything else a hit needs (statement, locks, page lookups, each time).

use std::collections::HashMap;

use rusqlite::Connection;

use super::index::Class;
use crate::domain::{Id, RecordKind};
use crate::store::error::Result;

/// Which of a record's merged docs a field belongs to, as the index merges
/// them (`index::merge`): names, long text, the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Name,
    Text,
    Other,
}

/// The group whose fields a doc of `class` is made of, for `kind`.
fn group_of(kind: RecordKind, class: Class) -> Group {
    match (kind, class) {
        (RecordKind::Contact | RecordKind::Organization | RecordKind::Project, Class::Name) => {
            Group::Name
        }
        (RecordKind::Project | RecordKind::Visit, Class::Text) => Group::Text,
        (RecordKind::Event, Class::Name) => Group::Name,
        (RecordKind::Event, Class::Text) => Group::Text,
        (RecordKind::Deliverable, Class::Name) => Group::Name,
        (RecordKind::Deliverable, Class::Text) => Group::Text,
        (RecordKind::Registration | RecordKind::Attachment, Class::Name) => Group::Name,
        (RecordKind::Registration, Class::Text) => Group::Text,
        (RecordKind::Consultation, Class::Text) => Group::Text,
        _ => Group::Other,
    }
}

/// A record as its hits show it.
#[derive(Debug, Default)]
pub(super) struct Record {
    pub title: String,
    pub organization: Option<String>,
    pub city: Option<String>,
    pub role: Option<String>,
    /// Every searchable field's label, group and value as written.
    fields: Vec<(&'static str, Group, Option<String>)>,
}

impl Record {
    /// The non-empty fields of the doc of `class` that matched, as the
    /// index saw them (a country with its name, tags as a list).
    pub fn fields_of(&self, kind: RecordKind, class: Class) -> Vec<(&'static str, String)> {
        let group = group_of(kind, class);
        self.fields
            .iter()
            .filter(|(_, g, _)| *g == group)
            .filter_map(|(label, _, value)| {
                value
                    .as_ref()
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| as_indexed(label, v.clone()))
            })
            .collect()
    }
}

/// A stored value as the index saw it: a country code with its name
/// (`Kenya (KE)`, found by `kenya`), tags as a list rather than JSON.
fn as_indexed(label: &'static str, value: String) -> (&'static str, String) {
    match label {
        "country" => ("place", crate::domain::country::display(&value)),
        "tags" => (
            label,
            serde_json::from_str::<Vec<String>>(&value).map_or(value, |t| t.join(", ")),
        ),
        "topic" => (
            label,
            crate::domain::Topic::parse(&value).map_or(value, |t| t.label().into()),
        ),
        "channel" => (
            label,
            crate::domain::Channel::parse(&value).map_or(value, |c| c.label().into()),
        ),
        _ => (label, value),
    }
}

/// The fields each kind's query returns after its four context columns,
/// in column order.
fn field_columns(kind: RecordKind) -> &'static [(&'static str, Group)] {
    use Group::*;
    match kind {
        RecordKind::Contact => &[
            ("name", Name),
            ("native_name", Name),
            ("reading", Name),
            ("nickname", Name),
            ("organization", Other),
            ("role", Other),
            ("place", Other),
            ("country", Other),
            ("email", Other),
            ("tags", Other),
        ],
        RecordKind::Organization => &[
            ("name", Name),
            ("place", Other),
            ("country", Other),
            ("website", Other),
            ("tags", Other),
        ],
        RecordKind::Project => &[
            ("title", Name),
            ("ref", Name),
            ("summary", Text),
            ("place", Other),
            ("country", Other),
            ("sector", Other),
        ],
        RecordKind::Visit => &[("observations", Text), ("issues", Text), ("place", Other)],
        RecordKind::FollowUp | RecordKind::Note => &[("text", Other)],
        RecordKind::Event => &[("title", Name), ("place", Other), ("agenda", Text)],
        RecordKind::Deliverable => &[("title", Name), ("kind", Other), ("note", Text)],

        RecordKind::Registration => &[
            ("number", Name),
            ("kind", Other),
            ("authority", Other),
            ("note", Text),
        ],
        RecordKind::Attachment => &[("name", Name)],
        RecordKind::Consultation => &[
            ("summary", Text),
            ("advice", Text),
            ("topic", Other),
            ("channel", Other),
        ],
    }
}

/// One kind's query: id, title, organization, city, role, then the fields
/// of `field_columns`, for the ids in the JSON array `?1` of hex strings
/// (a contact's e-mails only when `?2`: phone and name hits do not need
/// them). CROSS JOIN keeps the array as the outer loop: one primary-key
/// lookup per id.
fn sql(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Contact => {
            "SELECT c.id, c.display_name || coalesce(' (' || c.native_name || ')', ''), o.name, c.city, c.role,
                    c.display_name, c.native_name, c.reading, c.nickname, o.name, c.role, c.city, c.country,
                    CASE WHEN ?2 THEN (SELECT group_concat(value, ' ') FROM contact_emails
                                       WHERE contact_id = c.id) END,
                    c.tags
             FROM json_each(?1) j CROSS JOIN contacts c ON c.id = unhex(j.value)
             LEFT JOIN organizations o ON o.id = c.organization_id"
        }
        RecordKind::Organization => {
            "SELECT o.id, o.name, NULL, o.city, NULL, o.name, o.city, o.country, o.website, o.tags
             FROM json_each(?1) j CROSS JOIN organizations o ON o.id = unhex(j.value)"
        }
        RecordKind::Project => {
            "SELECT p.id, coalesce(p.ref_code || ' ', '') || p.title, o.name, p.site, NULL,
                    p.title, p.ref_code, p.summary, p.site, p.host_country, p.sector
             FROM json_each(?1) j CROSS JOIN projects p ON p.id = unhex(j.value)
             LEFT JOIN organizations o ON o.id = p.implementing_org_id"
        }
        RecordKind::Visit => {
            "SELECT v.id, v.date || coalesce(' ' || v.place, ''), NULL, NULL, NULL,
                    v.observations, v.issues, v.place
             FROM json_each(?1) j CROSS JOIN visits v ON v.id = unhex(j.value)"
        }
        RecordKind::FollowUp | RecordKind::Note => {
            "SELECT f.id, f.text, NULL, NULL, NULL, f.text
             FROM json_each(?1) j CROSS JOIN follow_ups f ON f.id = unhex(j.value)"
        }
        RecordKind::Event => {
            "SELECT e.id, e.start_date || ' ' || e.title, o.name, e.place, NULL,
                    e.title, e.place, e.agenda
             FROM json_each(?1) j CROSS JOIN events e ON e.id = unhex(j.value)
             LEFT JOIN organizations o ON o.id = e.organizer_org_id"
        }
        // The kind's label is its key with spaces, capitalised (as the
        // domain's labels are).
        RecordKind::Deliverable => {
            "SELECT d.id, coalesce(p.ref_code || ' ', '')
                    || coalesce(d.title, upper(substr(d.kind, 1, 1)) || replace(substr(d.kind, 2), '_', ' '))
                    || ' due ' || d.due_date, NULL, NULL, NULL,
                    d.title, upper(substr(d.kind, 1, 1)) || replace(substr(d.kind, 2), '_', ' '), d.note
             FROM json_each(?1) j CROSS JOIN deliverables d ON d.id = unhex(j.value)
             LEFT JOIN projects p ON p.id = d.project_id"
        }

        RecordKind::Registration => {
            "SELECT r.id, replace(r.kind, '_', ' ') || coalesce(' ' || r.number, ''),
                    coalesce(o.name, coalesce(p.ref_code || ' ', '') || p.title), NULL, NULL,
                    r.number, replace(r.kind, '_', ' '), r.authority, r.note
             FROM json_each(?1) j CROSS JOIN registrations r ON r.id = unhex(j.value)
             LEFT JOIN organizations o ON o.id = r.organization_id
             LEFT JOIN projects p ON p.id = r.project_id"
        }
        RecordKind::Attachment => {
            "SELECT a.id, a.name, NULL, NULL, NULL, a.name
             FROM json_each(?1) j CROSS JOIN attachments a ON a.id = unhex(j.value)"
        }
        RecordKind::Consultation => {
            "SELECT c.id, c.date || coalesce(' ' || o.name, '') || ': '
                        || substr(replace(c.summary, char(10), ' '), 1, 60),
                    o.name, NULL, NULL, c.summary, c.advice, c.topic, c.channel
             FROM json_each(?1) j CROSS JOIN consultations c ON c.id = unhex(j.value)
             LEFT JOIN organizations o ON o.id = c.organization_id"
        }
    }
}

/// The ids as one JSON array of hex strings, for `json_each`.
pub(super) fn id_array<'a>(ids: impl Iterator<Item = &'a Id>) -> String {
    let mut out = String::from("[");
    for (i, id) in ids.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(&id.simple().to_string());
        out.push('"');
    }
    out.push(']');
    out
}

/// The records of one kind (not notes) with these ids, sorted (ids are
/// time-ordered, as the rows were written: sorted lookups walk the table
/// in order and find their pages cached); a missing id is not in the map.
/// `fields`: some hit needs the fields of a merged doc (a phone hit or a
/// hit by sorted name does not); `details`: of a details doc.
pub(super) fn records(
    conn: &Connection,
    kind: RecordKind,
    ids: &[Id],
    fields: bool,
    details: bool,
) -> Result<HashMap<Id, Record>> {
    let columns = if fields { field_columns(kind) } else { &[] };
    let mut stmt = conn.prepare_cached(sql(kind))?;
    let ids = id_array(ids.iter());
    let params: &[&dyn rusqlite::ToSql] = if kind == RecordKind::Contact {
        &[&ids, &(fields && details)]
    } else {
        &[&ids]
    };
    let rows = stmt.query_map(params, |r| {
        let fields = columns
            .iter()
            .enumerate()
            .map(|(i, (label, group))| Ok((*label, *group, r.get(5 + i)?)))
            .collect::<rusqlite::Result<_>>()?;
        Ok((
            r.get::<_, Id>(0)?,
            Record {
                title: r.get(1)?,
                organization: r.get(2)?,
                city: r.get(3)?,
                role: r.get(4)?,
                fields,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A note as its hit shows it: the body and the record it is on.
pub(super) struct NoteRecord {
    pub body: String,
    pub owner: Option<super::Owner>,
}

/// The notes with these ids, each with its owner's kind, id, title and
/// (for a contact or project) organization, in one query.
pub(super) fn notes(conn: &Connection, ids: &[Id]) -> Result<HashMap<Id, NoteRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n.id, n.body,
                CASE WHEN n.organization_id IS NOT NULL THEN 'organization'
                     WHEN n.contact_id IS NOT NULL THEN 'contact'
                     WHEN n.project_id IS NOT NULL THEN 'project' ELSE 'visit' END,
                coalesce(n.organization_id, n.contact_id, n.project_id, n.visit_id),
                CASE WHEN n.organization_id IS NOT NULL THEN o.name
                     WHEN n.contact_id IS NOT NULL
                       THEN c.display_name || coalesce(' (' || c.native_name || ')', '')
                     WHEN n.project_id IS NOT NULL
                       THEN coalesce(p.ref_code || ' ', '') || p.title
                     ELSE v.date || coalesce(' ' || v.place, '') END,
                CASE WHEN n.organization_id IS NOT NULL THEN NULL
                     WHEN n.contact_id IS NOT NULL THEN co.name
                     WHEN n.project_id IS NOT NULL THEN po.name END
         FROM json_each(?1) j CROSS JOIN notes n ON n.id = unhex(j.value)
         LEFT JOIN organizations o ON o.id = n.organization_id
         LEFT JOIN contacts c ON c.id = n.contact_id
         LEFT JOIN organizations co ON co.id = c.organization_id
         LEFT JOIN projects p ON p.id = n.project_id
         LEFT JOIN organizations po ON po.id = p.implementing_org_id
         LEFT JOIN visits v ON v.id = n.visit_id",
    )?;
    let rows = stmt.query_map([id_array(ids.iter())], |r| {
        let owner_kind: String = r.get(2)?;
        let owner_id: Id = r.get(3)?;
        let title: Option<String> = r.get(4)?;
        let organization: Option<String> = r.get(5)?;
        let owner = super::kind_from_key(&owner_kind).map(|kind| super::Owner {
            kind,
            id: owner_id,
            title: title.unwrap_or_default(),
            organization,
        });
        Ok((
            r.get::<_, Id>(0)?,
            NoteRecord {
                body: r.get(1)?,
                owner,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
