//! A record's timeline: notes, visits and status changes about it, newest
//! first.

use chrono::{DateTime, NaiveDate, Utc};

use super::Link;
use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;

pub(super) const TIMELINE_LIMIT: i64 = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    /// "note", "visit", "status"...
    pub label: &'static str,
    pub text: String,
    pub link: Option<Link>,
}

impl Reader<'_> {
    /// Notes, visits and status changes about a record, newest first.
    pub fn timeline(&self, kind: RecordKind, id: Id) -> Result<Vec<TimelineEntry>> {
        let mut out: Vec<TimelineEntry> = Vec::new();
        let target = match kind {
            RecordKind::Organization => Some(NoteTarget::Organization(id)),
            RecordKind::Contact => Some(NoteTarget::Contact(id)),
            RecordKind::Project => Some(NoteTarget::Project(id)),
            RecordKind::Visit => Some(NoteTarget::Visit(id)),
            _ => None,
        };
        if let Some(target) = target {
            for n in self
                .notes_on(target)?
                .into_iter()
                .take(TIMELINE_LIMIT as usize)
            {
                out.push(TimelineEntry {
                    at: n.meta.created_at,
                    label: "note",
                    text: n.body,
                    // Enter on a note edits it; d deletes it.
                    link: Some(Link {
                        kind: RecordKind::Note,
                        id: n.meta.id,
                    }),
                });
            }
        }
        let visit_sql = match kind {
            RecordKind::Contact => Some(
                "SELECT v.id, v.date, coalesce(v.place, ''), v.observations FROM visits v
                 JOIN visit_participants vp ON vp.visit_id = v.id
                 WHERE vp.contact_id = ?1 AND v.deleted_at IS NULL ORDER BY v.date DESC LIMIT 200",
            ),
            RecordKind::Project => Some(
                "SELECT id, date, coalesce(place, ''), observations FROM visits
                 WHERE project_id = ?1 AND deleted_at IS NULL ORDER BY date DESC LIMIT 200",
            ),
            RecordKind::Organization => Some(
                "SELECT v.id, v.date, coalesce(v.place, ''), v.observations FROM visits v
                 JOIN projects p ON p.id = v.project_id
                 WHERE p.implementing_org_id = ?1 AND v.deleted_at IS NULL
                 ORDER BY v.date DESC LIMIT 200",
            ),
            _ => None,
        };
        if let Some(sql) = visit_sql {
            let visits: Vec<(Id, String, String, String)> = self
                .conn()
                .prepare_cached(sql)?
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (vid, date, place, obs) in visits {
                let at = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .ok()
                    .and_then(|d| d.and_hms_opt(12, 0, 0))
                    .map(|d| d.and_utc())
                    .unwrap_or_default();
                let first = obs.lines().next().unwrap_or("").to_string();
                out.push(TimelineEntry {
                    at,
                    label: "visit",
                    text: format!("{place}: {first}"),
                    link: Some(Link {
                        kind: RecordKind::Visit,
                        id: vid,
                    }),
                });
            }
        }
        out.extend(self.consultation_entries(kind, id)?);
        if kind == RecordKind::Project {
            for h in self.status_history(id)? {
                let reason = h.reason.map(|r| format!(" ({r})")).unwrap_or_default();
                out.push(TimelineEntry {
                    at: h.changed_at,
                    label: "status",
                    text: format!("{}{reason}", h.to.label()),
                    link: None,
                });
            }
        }
        out.extend(self.event_timeline(kind, id)?);
        out.sort_by_key(|e| std::cmp::Reverse(e.at));
        out.truncate(TIMELINE_LIMIT as usize);
        Ok(out)
    }
}
