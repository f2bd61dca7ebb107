//! Deliverables as a table: each with its project, kind, status and dates.

use super::{Cell, Names, id, meta};
use crate::domain::Deliverable;
use crate::store::{Reader, Result};

pub(super) const HEADERS: &[&str] = &[
    "id",
    "project",
    "project_id",
    "kind",
    "title",
    "period_end",
    "due",
    "status",
    "submitted",
    "accepted",
    "submitter_org",
    "submitter_org_id",
    "submitter_contact",
    "submitter_contact_id",
    "note",
    "created",
    "updated",
    "deleted",
];

pub(super) fn rows(
    reader: &Reader<'_>,
    names: &Names,
    mut f: impl FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    reader.each_deliverable(|d: Deliverable| {
        let mut row = vec![
            id(Some(d.meta.id)),
            Names::of(&names.projects, Some(d.project_id)),
            id(Some(d.project_id)),
            Cell::text(d.kind.key()),
            Cell::opt(&d.title),
            Cell::date(d.period_end),
            Cell::Date(d.due_date),
            Cell::text(d.status.key()),
            Cell::date(d.submitted_on),
            Cell::date(d.accepted_on),
            Names::of(&names.organizations, d.submitter_org_id),
            id(d.submitter_org_id),
            Names::of(&names.contacts, d.submitter_contact_id),
            id(d.submitter_contact_id),
            Cell::text(d.note.clone()),
        ];
        row.extend(meta(&d.meta));
        f(row)
    })
}
