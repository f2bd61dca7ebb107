//! Saving deliverables (a project's reporting calendar), changing their
//! status, and writing a proposed schedule.

use chrono::NaiveDate;
use rusqlite::params;

use crate::domain::schedule::Proposal;
use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{date_text, millis};
use crate::store::search;

use super::Tx;

impl Tx<'_> {
    /// Inserts the deliverable, or updates it. Its due date may not be
    /// before its project's start (except when reading back an export,
    /// which keeps what was written).
    pub fn save_deliverable(&self, d: &Deliverable) -> Result<()> {
        let invalid = |e| StoreError::invalid(RecordKind::Deliverable, e);
        self.ensure_live(
            RecordKind::Deliverable,
            "project",
            RecordKind::Project,
            d.project_id,
        )?;
        let start = if self.verbatim.get() {
            None
        } else {
            self.reader()
                .project(d.project_id)?
                .and_then(|p| p.start_date)
        };
        d.validate(start).map_err(invalid)?;
        if let Some(org) = d.submitter_org_id {
            self.ensure_live(
                RecordKind::Deliverable,
                "submitter_org",
                RecordKind::Organization,
                org,
            )?;
        }
        if let Some(contact) = d.submitter_contact_id {
            self.ensure_live(
                RecordKind::Deliverable,
                "submitter_contact",
                RecordKind::Contact,
                contact,
            )?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO deliverables (id, project_id, kind, title, period_end, due_date,
                        submitter_org_id, submitter_contact_id, status, submitted_on, accepted_on,
                        note, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                 ON CONFLICT (id) DO UPDATE SET
                    project_id = excluded.project_id, kind = excluded.kind, title = excluded.title,
                    period_end = excluded.period_end, due_date = excluded.due_date,
                    submitter_org_id = excluded.submitter_org_id,
                    submitter_contact_id = excluded.submitter_contact_id,
                    status = excluded.status, submitted_on = excluded.submitted_on,
                    accepted_on = excluded.accepted_on, note = excluded.note,
                    updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                d.meta.id,
                d.project_id,
                d.kind.key(),
                d.title.as_deref().map(str::trim),
                d.period_end.map(date_text),
                date_text(d.due_date),
                d.submitter_org_id,
                d.submitter_contact_id,
                d.status.key(),
                d.submitted_on.map(date_text),
                d.accepted_on.map(date_text),
                d.note,
                millis(d.meta.created_at),
                self.updated_stamp(&d.meta),
                d.meta.deleted_at.map(millis),
            ])?;
        if d.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Deliverable, d.meta.id);
        }
        self.index_as_saved(RecordKind::Deliverable, d.meta.id, false, &d.meta, || {
            search::deliverable_docs(d)
        });
        Ok(())
    }

    /// Moves a deliverable (not in the trash) to `status` on the day `on`,
    /// and returns it as saved.
    pub fn set_deliverable_status(
        &self,
        id: Id,
        status: DeliverableStatus,
        on: NaiveDate,
    ) -> Result<Deliverable> {
        let mut d = self
            .reader()
            .deliverable(id)?
            .filter(|d| d.meta.deleted_at.is_none())
            .ok_or_else(|| StoreError::NotFound {
                kind: RecordKind::Deliverable,
                id,
            })?;
        d.set_status(status, on);
        self.save_deliverable(&d)?;
        Ok(d)
    }

    /// Writes a proposed schedule for `project` (each proposal a deliverable
    /// due, for its period); returns the new deliverables.
    pub fn add_schedule(&self, project: Id, proposals: &[Proposal]) -> Result<Vec<Deliverable>> {
        let mut added = Vec::with_capacity(proposals.len());
        for p in proposals {
            let mut d = Deliverable::new(project, p.kind, p.due_date);
            d.period_end = Some(p.period_end);
            self.save_deliverable(&d)?;
            added.push(d);
        }
        Ok(added)
    }
}
