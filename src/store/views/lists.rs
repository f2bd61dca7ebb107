//! Virtualized lists: the ordered keys of every row, and the rows of the
//! visible window only.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;
use crate::store::rows::date_text;

/// Which follow-ups a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FollowUpFilter {
    #[default]
    Open,
    Done,
    All,
}

impl FollowUpFilter {
    pub fn next(self) -> FollowUpFilter {
        match self {
            FollowUpFilter::Open => FollowUpFilter::Done,
            FollowUpFilter::Done => FollowUpFilter::All,
            FollowUpFilter::All => FollowUpFilter::Open,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FollowUpFilter::Open => "open",
            FollowUpFilter::Done => "done",
            FollowUpFilter::All => "all",
        }
    }
}

/// One line of a list: up to three columns and what to highlight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub key: i64,
    pub id: Id,
    pub columns: [String; 3],
    pub overdue: bool,
    pub done: bool,
}

impl Reader<'_> {
    /// True when any record exists, deleted or not (cheap at any size).
    /// Deliverables, registrations and attachments hang on a record that
    /// the other tables already count; an event may stand alone.
    pub fn has_records(&self) -> Result<bool> {
        let found: i64 = self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM organizations) OR EXISTS (SELECT 1 FROM contacts)
                 OR EXISTS (SELECT 1 FROM projects) OR EXISTS (SELECT 1 FROM visits)
                 OR EXISTS (SELECT 1 FROM follow_ups) OR EXISTS (SELECT 1 FROM notes)
                 OR EXISTS (SELECT 1 FROM consultations) OR EXISTS (SELECT 1 FROM events)",
            [],
            |r| r.get(0),
        )?;
        Ok(found != 0)
    }

    /// The keys of every row a list shows, in display order. Keys are SQLite
    /// rowids (8 bytes each: 100,000 contacts cost under 1 MiB).
    pub fn list_keys(&self, kind: RecordKind, filter: FollowUpFilter) -> Result<Vec<i64>> {
        let sql = match (kind, filter) {
            (RecordKind::Contact, _) => {
                "SELECT rowid FROM contacts WHERE deleted_at IS NULL ORDER BY sort_key, rowid"
            }
            (RecordKind::Organization, _) => {
                "SELECT rowid FROM organizations WHERE deleted_at IS NULL ORDER BY sort_key, rowid"
            }
            (RecordKind::Project, _) => {
                "SELECT rowid FROM projects WHERE deleted_at IS NULL
                 ORDER BY status_rank, sort_key, rowid"
            }
            (RecordKind::Visit, _) => {
                "SELECT rowid FROM visits WHERE deleted_at IS NULL
                 ORDER BY date DESC, created_at DESC"
            }
            (RecordKind::FollowUp, FollowUpFilter::Open) => {
                "SELECT rowid FROM follow_ups WHERE deleted_at IS NULL AND done_at IS NULL
                 ORDER BY due_date IS NULL, due_date, rowid"
            }
            (RecordKind::FollowUp, FollowUpFilter::Done) => {
                "SELECT rowid FROM follow_ups WHERE deleted_at IS NULL AND done_at IS NOT NULL
                 ORDER BY done_at DESC"
            }
            // Open ones first, then done ones: two index scans, no sort.
            (RecordKind::FollowUp, FollowUpFilter::All) => {
                let mut keys = self.list_keys(kind, FollowUpFilter::Open)?;
                keys.extend(self.list_keys(kind, FollowUpFilter::Done)?);
                return Ok(keys);
            }
            (RecordKind::Note, _) => {
                "SELECT rowid FROM notes WHERE deleted_at IS NULL ORDER BY created_at DESC"
            }
            (RecordKind::Event, _) => {
                "SELECT rowid FROM events WHERE deleted_at IS NULL
                 ORDER BY start_date DESC, created_at DESC"
            }
            // Open ones (due, returned) by due date, then the rest.
            (RecordKind::Deliverable, _) => {
                "SELECT rowid FROM deliverables WHERE deleted_at IS NULL
                 ORDER BY status NOT IN ('due', 'returned'), due_date, kind, rowid"
            }

            (RecordKind::Registration, _) => {
                "SELECT rowid FROM registrations WHERE deleted_at IS NULL
                 ORDER BY expires_on IS NULL, expires_on, rowid"
            }
            (RecordKind::Attachment, _) => {
                "SELECT rowid FROM attachments WHERE deleted_at IS NULL ORDER BY created_at DESC"
            }
            (RecordKind::Consultation, _) => {
                "SELECT rowid FROM consultations WHERE deleted_at IS NULL
                 ORDER BY date DESC, created_at DESC"
            }
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The list key of a record, if it is in its list.
    pub fn list_key_of(&self, kind: RecordKind, id: Id) -> Result<Option<i64>> {
        let sql = match kind {
            RecordKind::Contact => "SELECT rowid FROM contacts WHERE id = ?1",
            RecordKind::Organization => "SELECT rowid FROM organizations WHERE id = ?1",
            RecordKind::Project => "SELECT rowid FROM projects WHERE id = ?1",
            RecordKind::Visit => "SELECT rowid FROM visits WHERE id = ?1",
            RecordKind::FollowUp => "SELECT rowid FROM follow_ups WHERE id = ?1",
            RecordKind::Note => "SELECT rowid FROM notes WHERE id = ?1",
            RecordKind::Event => "SELECT rowid FROM events WHERE id = ?1",
            RecordKind::Deliverable => "SELECT rowid FROM deliverables WHERE id = ?1",

            RecordKind::Registration => "SELECT rowid FROM registrations WHERE id = ?1",
            RecordKind::Attachment => "SELECT rowid FROM attachments WHERE id = ?1",
            RecordKind::Consultation => "SELECT rowid FROM consultations WHERE id = ?1",
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// The rows for `keys`, in the same order (only the visible window).
    pub fn list_rows(
        &self,
        kind: RecordKind,
        keys: &[i64],
        today: NaiveDate,
    ) -> Result<Vec<ListRow>> {
        let sql = match kind {
            RecordKind::Contact => {
                "SELECT c.id, c.display_name, coalesce(c.native_name, ''), coalesce(o.name, ''), 0, 0
                 FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
                 WHERE c.rowid = ?1"
            }
            RecordKind::Organization => {
                "SELECT id, name, kind, coalesce(city, '') || coalesce(' ' || country, ''), 0, 0
                 FROM organizations WHERE rowid = ?1"
            }
            RecordKind::Project => {
                "SELECT id, status, coalesce(ref_code, ''), title, 0, 0 FROM projects WHERE rowid = ?1"
            }
            RecordKind::Visit => {
                "SELECT v.id, v.date, coalesce(v.place, ''), coalesce(p.title, ''), 0, 0
                 FROM visits v LEFT JOIN projects p ON p.id = v.project_id WHERE v.rowid = ?1"
            }
            RecordKind::FollowUp => {
                "SELECT f.id, coalesce(f.due_date, ''), f.text, coalesce(c.display_name, 'me'),
                        coalesce(f.done_at IS NULL AND f.due_date < ?2, 0), f.done_at IS NOT NULL
                 FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
                 WHERE f.rowid = ?1"
            }
            RecordKind::Note => {
                "SELECT id, date(created_at / 1000, 'unixepoch'), body, '', 0, 0
                 FROM notes WHERE rowid = ?1"
            }
            RecordKind::Event => {
                "SELECT e.id, e.start_date, e.title,
                        (SELECT count(*) FROM event_invitees i WHERE i.event_id = e.id AND i.status = 'attended')
                        || '/' || (SELECT count(*) FROM event_invitees i WHERE i.event_id = e.id),
                        0, 0
                 FROM events e WHERE e.rowid = ?1"
            }
            // Due date, what (the status in column 2, turned into its label
            // below), the project.
            RecordKind::Deliverable => {
                "SELECT d.id, d.due_date,
                        coalesce(d.title, upper(substr(d.kind, 1, 1)) || replace(substr(d.kind, 2), '_', ' '))
                        || coalesce(' to ' || d.period_end, '') || char(31) || d.status,
                        coalesce(p.ref_code, p.title, ''),
                        d.status IN ('due', 'returned') AND d.due_date < ?2,
                        d.status NOT IN ('due', 'returned')
                 FROM deliverables d LEFT JOIN projects p ON p.id = d.project_id WHERE d.rowid = ?1"
            }

            RecordKind::Registration => {
                "SELECT id, coalesce(expires_on, ''), kind,
                        trim(coalesce(number, '') || ' ' || coalesce(authority, '')), 0, 0
                 FROM registrations WHERE rowid = ?1"
            }
            RecordKind::Attachment => {
                "SELECT id, date(created_at / 1000, 'unixepoch'), name, media_type, 0, 0
                 FROM attachments WHERE rowid = ?1"
            }
            // Date, topic (its label below), organization and the question.
            RecordKind::Consultation => {
                "SELECT c.id, c.date, c.topic,
                        coalesce(o.name || ': ', '') || replace(c.summary, char(10), ' '), 0, 0
                 FROM consultations c LEFT JOIN organizations o ON o.id = c.organization_id
                 WHERE c.rowid = ?1"
            }
        };
        let mut stmt = self.conn().prepare_cached(sql)?;
        let today = date_text(today);
        let mut out = Vec::with_capacity(keys.len());
        for &key in keys {
            let bind_today = matches!(kind, RecordKind::FollowUp | RecordKind::Deliverable);
            let mut rows = if bind_today {
                stmt.query(params![key, today])?
            } else {
                stmt.query(params![key])?
            };
            if let Some(r) = rows.next()? {
                let mut columns = [r.get::<_, String>(1)?, r.get(2)?, r.get(3)?];
                match kind {
                    RecordKind::Project => {
                        columns[0] = ProjectStatus::parse(&columns[0])
                            .map(|s| s.label().to_string())
                            .unwrap_or_else(|_| columns[0].clone());
                    }
                    RecordKind::Organization => {
                        columns[1] = OrgKind::parse(&columns[1])
                            .map(|k| k.label().to_string())
                            .unwrap_or_else(|_| columns[1].clone());
                    }
                    RecordKind::Deliverable => {
                        columns[1] = super::deliverables::list_column(&columns[1]);
                    }
                    RecordKind::Consultation => {
                        columns[1] = Topic::parse(&columns[1])
                            .map(|k| k.label().to_string())
                            .unwrap_or_else(|_| columns[1].clone());
                    }
                    _ => {}
                }
                out.push(ListRow {
                    key,
                    id: r.get(0)?,
                    columns,
                    overdue: r.get(4)?,
                    done: r.get(5)?,
                });
            }
        }
        Ok(out)
    }
}
