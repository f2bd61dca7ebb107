//! Saving visits, with their participants.

use rusqlite::params;

use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{date_text, millis};
use crate::store::search;

use super::Tx;

impl Tx<'_> {
    /// Inserts the visit, or updates it (participants replaced).
    pub fn save_visit(&self, v: &Visit) -> Result<()> {
        v.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Visit, e))?;
        if let Some(project) = v.project_id {
            self.ensure_live(RecordKind::Visit, "project", RecordKind::Project, project)?;
        }
        for contact in &v.participant_ids {
            self.ensure_live(
                RecordKind::Visit,
                "participants",
                RecordKind::Contact,
                *contact,
            )?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO visits (id, date, place, purpose, project_id, observations, issues,
                                     created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET
                    date = excluded.date, place = excluded.place, purpose = excluded.purpose,
                    project_id = excluded.project_id, observations = excluded.observations,
                    issues = excluded.issues, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                v.meta.id,
                date_text(v.date),
                v.place,
                v.purpose.key(),
                v.project_id,
                v.observations,
                v.issues,
                millis(v.meta.created_at),
                self.updated_stamp(&v.meta),
                v.meta.deleted_at.map(millis),
            ])?;
        self.tx
            .prepare_cached("DELETE FROM visit_participants WHERE visit_id = ?1")?
            .execute([v.meta.id])?;
        let mut participant = self.tx.prepare_cached(
            "INSERT INTO visit_participants (visit_id, contact_id, position) VALUES (?1, ?2, ?3)",
        )?;
        for (i, contact) in v.participant_ids.iter().enumerate() {
            participant.execute(params![v.meta.id, contact, i as i64])?;
        }
        if v.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Visit, v.meta.id);
        }
        self.index_as_saved(RecordKind::Visit, v.meta.id, false, &v.meta, || {
            search::visit_docs(v)
        });
        Ok(())
    }
}
