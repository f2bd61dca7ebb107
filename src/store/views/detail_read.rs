//! Reading a record's details: the record, the names of what it links to,
//! and the lists that hang on it.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::Link;
use super::detail::*;
use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;
use crate::store::rows::opt_date;

/// How many records a list in the details holds at most.
const DETAIL_LIST_LIMIT: i64 = 100;

/// id, text, due date, owner's name, done.
type FollowUpRow = (Id, String, Option<NaiveDate>, Option<String>, bool);

impl Reader<'_> {
    /// The name other records give this one; `None` when it is missing.
    pub(super) fn name_of(&self, kind: RecordKind, id: Id) -> Result<Option<String>> {
        let sql = match kind {
            RecordKind::Organization => "SELECT name FROM organizations WHERE id = ?1",
            RecordKind::Contact => "SELECT display_name FROM contacts WHERE id = ?1",
            RecordKind::Project => {
                "SELECT coalesce(ref_code || ' ', '') || title FROM projects WHERE id = ?1"
            }
            RecordKind::Visit => {
                "SELECT date || coalesce(' ' || place, '') FROM visits WHERE id = ?1"
            }
            RecordKind::FollowUp => "SELECT text FROM follow_ups WHERE id = ?1",
            RecordKind::Note => "SELECT substr(body, 1, 60) FROM notes WHERE id = ?1",
            RecordKind::Event => "SELECT start_date || ' ' || title FROM events WHERE id = ?1",
            RecordKind::Deliverable => {
                "SELECT coalesce(d.title, upper(substr(d.kind, 1, 1)) || replace(substr(d.kind, 2), '_', ' '))
                        || ' due ' || d.due_date FROM deliverables d WHERE d.id = ?1"
            }

            RecordKind::Registration => {
                "SELECT replace(kind, '_', ' ') || coalesce(' ' || number, '') FROM registrations WHERE id = ?1"
            }
            RecordKind::Attachment => "SELECT name FROM attachments WHERE id = ?1",
            RecordKind::Consultation => {
                "SELECT c.date || coalesce(' ' || o.name, '') || ': '
                        || substr(replace(c.summary, char(10), ' '), 1, 60)
                 FROM consultations c LEFT JOIN organizations o ON o.id = c.organization_id
                 WHERE c.id = ?1"
            }
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    pub(super) fn named(&self, kind: RecordKind, id: Id) -> Result<NamedLink> {
        Ok(NamedLink {
            link: Link { kind, id },
            name: self.name_of(kind, id)?,
        })
    }

    pub(super) fn named_all(&self, kind: RecordKind, ids: &[Id]) -> Result<Vec<NamedLink>> {
        ids.iter().map(|id| self.named(kind, *id)).collect()
    }

    fn detail_ids(&self, sql: &str, id: Id) -> Result<Vec<Id>> {
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![id, DETAIL_LIST_LIMIT], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Follow-ups by `sql`, which takes the record's id as ?1 and selects
    /// id, text, due date, owner's name and whether it is done.
    pub(super) fn follow_up_items(
        &self,
        sql: &str,
        id: Id,
        today: NaiveDate,
    ) -> Result<Vec<FollowUpItem>> {
        let rows: Vec<FollowUpRow> = self
            .conn()
            .prepare_cached(sql)?
            .query_map(params![id, DETAIL_LIST_LIMIT], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    opt_date(r.get(2)?, 2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(id, text, due, owner, done)| FollowUpItem {
                id,
                text,
                owner,
                due,
                done,
                overdue: !done && due.is_some_and(|d| d < today),
            })
            .collect())
    }

    /// The details pane's content for one record.
    pub fn detail(&self, kind: RecordKind, id: Id, today: NaiveDate) -> Result<Option<Detail>> {
        let body = match kind {
            RecordKind::Contact => self.contact_detail(id, today)?,
            RecordKind::Organization => self.organization_detail(id)?,
            RecordKind::Project => self.project_detail(id, today)?,
            RecordKind::Visit => self.visit_detail(id, today)?,
            RecordKind::FollowUp => self.follow_up_detail(id, today)?,
            RecordKind::Note => None,
            RecordKind::Event => self.event_detail_body(id)?,
            RecordKind::Deliverable => self.deliverable_detail(id, today)?,

            RecordKind::Registration | RecordKind::Attachment => None,
            RecordKind::Consultation => self.consultation_detail(id, today)?,
        };
        let Some(body) = body else {
            return Ok(None);
        };
        let deleted = match &body {
            DetailBody::Contact(c) => c.contact.meta.deleted_at.is_some(),
            DetailBody::Organization(o) => o.organization.meta.deleted_at.is_some(),
            DetailBody::Project(p) => p.project.meta.deleted_at.is_some(),
            DetailBody::Visit(v) => v.visit.meta.deleted_at.is_some(),
            DetailBody::FollowUp(f) => f.follow_up.meta.deleted_at.is_some(),
            DetailBody::Event(e) => e.event.meta.deleted_at.is_some(),
            DetailBody::Deliverable(d) => d.deliverable.meta.deleted_at.is_some(),
            DetailBody::Consultation(c) => c.consultation.meta.deleted_at.is_some(),
        };
        Ok(Some(Detail {
            kind,
            id,
            title: self.name_of(kind, id)?.unwrap_or_default(),
            deleted,
            body,

            registrations: self.registrations_for_detail(kind, id, today)?,
            attachments: self.attachments_for_detail(kind, id)?,
        }))
    }

    fn contact_detail(&self, id: Id, today: NaiveDate) -> Result<Option<DetailBody>> {
        let Some(contact) = self.contact(id)? else {
            return Ok(None);
        };
        let organization = contact
            .organization_id
            .map(|o| self.named(RecordKind::Organization, o))
            .transpose()?;
        let projects = self.detail_ids(
            "SELECT DISTINCT v.project_id FROM visit_participants vp
             JOIN visits v ON v.id = vp.visit_id
             WHERE vp.contact_id = ?1 AND v.project_id IS NOT NULL AND v.deleted_at IS NULL
             LIMIT ?2",
            id,
        )?;
        let last_visit: Option<Id> = self
            .conn()
            .prepare_cached(
                "SELECT v.id FROM visit_participants vp JOIN visits v ON v.id = vp.visit_id
                 WHERE vp.contact_id = ?1 AND v.deleted_at IS NULL
                 ORDER BY v.date DESC, v.created_at DESC LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?;
        let open_follow_ups = self.follow_up_items(
            "SELECT f.id, f.text, f.due_date, c.display_name, f.done_at IS NOT NULL
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE (f.owner_contact_id = ?1 OR f.contact_id = ?1)
               AND f.done_at IS NULL AND f.deleted_at IS NULL
             ORDER BY f.due_date IS NULL, f.due_date LIMIT ?2",
            id,
            today,
        )?;
        Ok(Some(DetailBody::Contact(Box::new(ContactDetail {
            contact,
            organization,
            projects: self.named_all(RecordKind::Project, &projects)?,
            open_follow_ups,
            last_visit: last_visit
                .map(|v| self.named(RecordKind::Visit, v))
                .transpose()?,
            last_contact: self.last_contact(id)?,
        }))))
    }

    fn organization_detail(&self, id: Id) -> Result<Option<DetailBody>> {
        let Some(organization) = self.organization(id)? else {
            return Ok(None);
        };
        let people = self.detail_ids(
            "SELECT id FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL
             ORDER BY sort_key LIMIT ?2",
            id,
        )?;
        let projects = self.detail_ids(
            "SELECT id FROM projects WHERE deleted_at IS NULL AND (implementing_org_id = ?1
                OR id IN (SELECT project_id FROM project_partners WHERE organization_id = ?1))
             ORDER BY status_rank, sort_key LIMIT ?2",
            id,
        )?;
        Ok(Some(DetailBody::Organization(Box::new(
            OrganizationDetail {
                organization,
                people: self.named_all(RecordKind::Contact, &people)?,
                projects: self.named_all(RecordKind::Project, &projects)?,
            },
        ))))
    }

    fn project_detail(&self, id: Id, today: NaiveDate) -> Result<Option<DetailBody>> {
        let Some(project) = self.project(id)? else {
            return Ok(None);
        };
        let implementing = project
            .implementing_org_id
            .map(|o| self.named(RecordKind::Organization, o))
            .transpose()?;
        let partners = self.named_all(RecordKind::Organization, &project.partner_org_ids)?;
        let mut history = self.status_history(id)?;
        history.reverse();
        let visits = self.detail_ids(
            "SELECT id FROM visits WHERE project_id = ?1 AND deleted_at IS NULL
             ORDER BY date DESC LIMIT ?2",
            id,
        )?;
        let follow_ups = self.follow_up_items(
            "SELECT f.id, f.text, f.due_date, c.display_name, f.done_at IS NOT NULL
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE f.project_id = ?1 AND f.deleted_at IS NULL
             ORDER BY f.done_at IS NOT NULL, f.due_date LIMIT ?2",
            id,
            today,
        )?;
        Ok(Some(DetailBody::Project(Box::new(ProjectDetail {
            project,
            implementing,
            partners,
            history,
            visits: self.named_all(RecordKind::Visit, &visits)?,
            follow_ups,
            calendar: self.calendar_of(id, today)?,
        }))))
    }

    fn visit_detail(&self, id: Id, today: NaiveDate) -> Result<Option<DetailBody>> {
        let Some(visit) = self.visit(id)? else {
            return Ok(None);
        };
        let project = visit
            .project_id
            .map(|p| self.named(RecordKind::Project, p))
            .transpose()?;
        let participants = self.named_all(RecordKind::Contact, &visit.participant_ids)?;
        let follow_ups = self.follow_up_items(
            "SELECT f.id, f.text, f.due_date, c.display_name, f.done_at IS NOT NULL
             FROM follow_ups f LEFT JOIN contacts c ON c.id = f.owner_contact_id
             WHERE f.visit_id = ?1 AND f.deleted_at IS NULL
             ORDER BY f.done_at IS NOT NULL, f.due_date LIMIT ?2",
            id,
            today,
        )?;
        Ok(Some(DetailBody::Visit(Box::new(VisitDetail {
            visit,
            project,
            participants,
            follow_ups,
        }))))
    }

    fn follow_up_detail(&self, id: Id, today: NaiveDate) -> Result<Option<DetailBody>> {
        let Some(follow_up) = self.follow_up(id)? else {
            return Ok(None);
        };
        let link = |kind, id: Option<Id>| id.map(|id| self.named(kind, id)).transpose();
        let owner = match follow_up.owner {
            Owner::Officer => None,
            Owner::Contact(c) => Some(c),
        };
        Ok(Some(DetailBody::FollowUp(Box::new(FollowUpDetail {
            overdue: follow_up.is_overdue(today),
            owner: link(RecordKind::Contact, owner)?,
            visit: link(RecordKind::Visit, follow_up.visit_id)?,
            project: link(RecordKind::Project, follow_up.project_id)?,
            about: link(RecordKind::Contact, follow_up.contact_id)?,
            consultation: link(RecordKind::Consultation, follow_up.consultation_id)?,
            follow_up,
        }))))
    }
}
