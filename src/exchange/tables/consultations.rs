//! Consultations as a table: topic and channel by their keys (as the
//! command line takes them), the organization and people by name and id.

use super::{Cell, Names, id, list, meta};
use crate::store::{Reader, Result};

pub(super) const HEADERS: &[&str] = &[
    "id",
    "date",
    "channel",
    "topic",
    "organization",
    "organization_id",
    "project",
    "project_id",
    "people",
    "minutes",
    "summary",
    "advice",
    "created",
    "updated",
    "deleted",
];

pub(super) fn rows(
    reader: &Reader<'_>,
    names: &Names,
    mut f: impl FnMut(Vec<Cell>) -> Result<()>,
) -> Result<()> {
    reader.each_consultation(|c| {
        let people: Vec<String> = c
            .people_ids
            .iter()
            .filter_map(|p| names.contacts.get(p).cloned())
            .collect();
        let mut row = vec![
            id(Some(c.meta.id)),
            Cell::Date(c.date),
            Cell::text(c.channel.key()),
            Cell::text(c.topic.key()),
            Names::of(&names.organizations, c.organization_id),
            id(c.organization_id),
            Names::of(&names.projects, c.project_id),
            id(c.project_id),
            list(&people),
            c.minutes.map_or(Cell::Empty, |m| Cell::Number(m as f64)),
            Cell::text(c.summary.clone()),
            Cell::text(c.advice.clone()),
        ];
        row.extend(meta(&c.meta));
        f(row)
    })
}
