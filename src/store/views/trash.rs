//! The trash, and what hangs on a record before it goes there.

use chrono::{DateTime, Utc};

use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;

/// A record in the trash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrashItem {
    pub kind: RecordKind,
    pub id: Id,
    pub title: String,
    pub deleted_at: DateTime<Utc>,
}

impl Reader<'_> {
    /// Deleted records, most recently deleted first.
    pub fn trash(&self, limit: usize) -> Result<Vec<TrashItem>> {
        let rows: Vec<(String, Id, String, i64)> = self
            .conn()
            .prepare_cached(
                "SELECT 'organization', id, name, deleted_at FROM organizations WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'contact', id, display_name, deleted_at FROM contacts WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'project', id, coalesce(ref_code || ' ', '') || title, deleted_at FROM projects WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'visit', id, date || coalesce(' ' || place, ''), deleted_at FROM visits WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'follow_up', id, text, deleted_at FROM follow_ups WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'note', id, substr(replace(body, char(10), ' '), 1, 80), deleted_at FROM notes WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'event', id, start_date || ' ' || title, deleted_at FROM events WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'deliverable', id, coalesce(title, upper(substr(kind, 1, 1)) || replace(substr(kind, 2), '_', ' ')) || ' due ' || due_date, deleted_at FROM deliverables WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'registration', id, kind || coalesce(' ' || number, ''), deleted_at FROM registrations WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'attachment', id, name, deleted_at FROM attachments WHERE deleted_at IS NOT NULL
                 UNION ALL SELECT 'consultation', id, date || ' ' || substr(replace(summary, char(10), ' '), 1, 70), deleted_at FROM consultations WHERE deleted_at IS NOT NULL
                 ORDER BY 4 DESC LIMIT ?1",
            )?
            .query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(kind, id, title, at)| {
                let kind = match kind.as_str() {
                    "organization" => RecordKind::Organization,
                    "contact" => RecordKind::Contact,
                    "project" => RecordKind::Project,
                    "visit" => RecordKind::Visit,
                    "follow_up" => RecordKind::FollowUp,
                    "event" => RecordKind::Event,
                    "deliverable" => RecordKind::Deliverable,
                    "registration" => RecordKind::Registration,
                    "attachment" => RecordKind::Attachment,
                    "consultation" => RecordKind::Consultation,
                    _ => RecordKind::Note,
                };
                Some(TrashItem {
                    kind,
                    id,
                    title,
                    deleted_at: DateTime::from_timestamp_millis(at)?,
                })
            })
            .collect())
    }

    /// What hangs on a record, for the question before deleting it:
    /// "in 3 visits, 12 notes, 2 open follow-ups".
    pub fn what_hangs_on(&self, kind: RecordKind, id: Id) -> Result<Vec<String>> {
        let count = |sql: &str| -> Result<i64> {
            Ok(self
                .conn()
                .prepare_cached(sql)?
                .query_row([id], |r| r.get(0))?)
        };
        let mut parts = Vec::new();
        let mut add = |n: i64, one: &str, many: &str| {
            if n > 0 {
                parts.push(format!("{n} {}", if n == 1 { one } else { many }));
            }
        };
        match kind {
            RecordKind::Contact => {
                add(
                    count(
                        "SELECT count(*) FROM visit_participants p JOIN visits v ON v.id = p.visit_id WHERE p.contact_id = ?1 AND v.deleted_at IS NULL",
                    )?,
                    "visit",
                    "visits",
                );
                add(
                    count(
                        "SELECT count(*) FROM consultation_people p JOIN consultations c ON c.id = p.consultation_id WHERE p.contact_id = ?1 AND c.deleted_at IS NULL",
                    )?,
                    "consultation",
                    "consultations",
                );
                add(
                    count(
                        "SELECT count(*) FROM notes WHERE contact_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "note",
                    "notes",
                );
                add(
                    count(
                        "SELECT count(*) FROM follow_ups WHERE (owner_contact_id = ?1 OR contact_id = ?1) AND done_at IS NULL AND deleted_at IS NULL",
                    )?,
                    "open follow-up",
                    "open follow-ups",
                );
            }
            RecordKind::Organization => {
                add(
                    count(
                        "SELECT count(*) FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "person",
                    "people",
                );
                add(
                    count(
                        "SELECT count(*) FROM consultations WHERE organization_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "consultation",
                    "consultations",
                );
                add(
                    count(
                        "SELECT count(*) FROM projects WHERE implementing_org_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "project",
                    "projects",
                );
                add(
                    count(
                        "SELECT count(*) FROM notes WHERE organization_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "note",
                    "notes",
                );
            }
            RecordKind::Project => {
                add(
                    count(
                        "SELECT count(*) FROM visits WHERE project_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "visit",
                    "visits",
                );
                add(
                    count(
                        "SELECT count(*) FROM follow_ups WHERE project_id = ?1 AND done_at IS NULL AND deleted_at IS NULL",
                    )?,
                    "open follow-up",
                    "open follow-ups",
                );
                add(
                    count(
                        "SELECT count(*) FROM deliverables WHERE project_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "deliverable",
                    "deliverables",
                );
                add(
                    count(
                        "SELECT count(*) FROM notes WHERE project_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "note",
                    "notes",
                );
            }
            RecordKind::Visit => {
                add(
                    count("SELECT count(*) FROM visit_participants WHERE visit_id = ?1")?,
                    "participant",
                    "participants",
                );
                add(
                    count(
                        "SELECT count(*) FROM follow_ups WHERE visit_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "follow-up",
                    "follow-ups",
                );
                add(
                    count("SELECT count(*) FROM notes WHERE visit_id = ?1 AND deleted_at IS NULL")?,
                    "note",
                    "notes",
                );
            }
            RecordKind::Consultation => {
                add(
                    count("SELECT count(*) FROM consultation_people WHERE consultation_id = ?1")?,
                    "person",
                    "people",
                );
                add(
                    count(
                        "SELECT count(*) FROM follow_ups WHERE consultation_id = ?1 AND deleted_at IS NULL",
                    )?,
                    "follow-up",
                    "follow-ups",
                );
            }
            RecordKind::FollowUp | RecordKind::Note => {}
            RecordKind::Event => self.event_hangs_on(id, &mut add)?,
            RecordKind::Deliverable => {}

            RecordKind::Registration | RecordKind::Attachment => {}
        }
        Ok(parts)
    }
}
