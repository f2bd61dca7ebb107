//! Saving follow-ups, checking what each one links to (owner, visit,
//! project, contact).

use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{date_text, millis};
use crate::store::search;
use rusqlite::params;

use super::Tx;

impl Tx<'_> {
    pub fn save_follow_up(&self, f: &FollowUp) -> Result<()> {
        f.validate()
            .map_err(|e| StoreError::invalid(RecordKind::FollowUp, e))?;
        let owner = match f.owner {
            Owner::Officer => None,
            Owner::Contact(id) => {
                self.ensure_live(RecordKind::FollowUp, "owner", RecordKind::Contact, id)?;
                Some(id)
            }
        };
        if let Some(id) = f.visit_id {
            self.ensure_live(RecordKind::FollowUp, "visit", RecordKind::Visit, id)?;
        }
        if let Some(id) = f.project_id {
            self.ensure_live(RecordKind::FollowUp, "project", RecordKind::Project, id)?;
        }
        if let Some(id) = f.contact_id {
            self.ensure_live(RecordKind::FollowUp, "contact", RecordKind::Contact, id)?;
        }
        if let Some(id) = f.consultation_id {
            let kind = RecordKind::Consultation;
            self.ensure_live(RecordKind::FollowUp, "consultation", kind, id)?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO follow_ups (id, text, owner_contact_id, due_date, done_at, visit_id,
                                         project_id, contact_id, created_at, updated_at, deleted_at,
                                         consultation_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (id) DO UPDATE SET
                    text = excluded.text, owner_contact_id = excluded.owner_contact_id,
                    due_date = excluded.due_date, done_at = excluded.done_at,
                    visit_id = excluded.visit_id, project_id = excluded.project_id,
                    contact_id = excluded.contact_id, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
                    consultation_id = excluded.consultation_id",
            )?
            .execute(params![
                f.meta.id,
                f.text.trim(),
                owner,
                f.due_date.map(date_text),
                f.done_at.map(millis),
                f.visit_id,
                f.project_id,
                f.contact_id,
                millis(f.meta.created_at),
                self.updated_stamp(&f.meta),
                f.meta.deleted_at.map(millis),
                f.consultation_id,
            ])?;
        self.index_as_saved(RecordKind::FollowUp, f.meta.id, false, &f.meta, || {
            search::follow_up_docs(f)
        });
        Ok(())
    }
}
