//! Registrations and attachments as tables (the file contents stay in the
//! book and the JSON export; a sheet lists them with their SHA-256).

use super::{Cell, Names, id, meta};
use crate::domain::*;
use crate::store::{Reader, Result};

pub(super) const REGISTRATION_HEADERS: &[&str] = &[
    "id",
    "holder",
    "holder_kind",
    "holder_id",
    "kind",
    "number",
    "authority",
    "issued",
    "expires",
    "note",
    "created",
    "updated",
    "deleted",
];

pub(super) const ATTACHMENT_HEADERS: &[&str] = &[
    "id",
    "name",
    "media_type",
    "size",
    "sha256",
    "on",
    "on_kind",
    "on_id",
    "created",
    "updated",
    "deleted",
];

pub(super) fn registration_rows(
    reader: &Reader<'_>,
    names: &Names,
    mut f: impl FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    reader.each_registration(|r| {
        let holder = match r.holder {
            Holder::Organization(o) => Names::of(&names.organizations, Some(o)),
            Holder::Project(p) => Names::of(&names.projects, Some(p)),
        };
        let mut row = vec![
            id(Some(r.meta.id)),
            holder,
            Cell::text(r.holder.kind().label()),
            id(Some(r.holder.id())),
            Cell::text(r.kind.key()),
            Cell::opt(&r.number),
            Cell::opt(&r.authority),
            Cell::date(r.issued_on),
            Cell::date(r.expires_on),
            Cell::text(r.note.clone()),
        ];
        row.extend(meta(&r.meta));
        f(row)
    })
}

pub(super) fn attachment_rows(
    reader: &Reader<'_>,
    names: &Names,
    mut f: impl FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    reader.each_attachment(|a| {
        let target = Some(a.target.id());
        let on = match a.target {
            AttachedTo::Organization(_) => Names::of(&names.organizations, target),
            AttachedTo::Contact(_) => Names::of(&names.contacts, target),
            AttachedTo::Project(_) => Names::of(&names.projects, target),
            AttachedTo::Visit(_) => Names::of(&names.visits, target),
            // Their names are in their own sheets; the id joins them.
            _ => Cell::Empty,
        };
        let mut row = vec![
            id(Some(a.meta.id)),
            Cell::text(a.name.clone()),
            Cell::text(a.media_type.clone()),
            Cell::Number(a.size as f64),
            Cell::text(a.sha256.clone()),
            on,
            Cell::text(a.target.key()),
            id(target),
        ];
        row.extend(meta(&a.meta));
        f(row)
    })
}
