//! Saving consultations, with the people who asked. Their follow-ups are
//! ordinary follow-ups whose `consultation_id` points here.

use rusqlite::params;

use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{date_text, millis};
use crate::store::search;

use super::Tx;

impl Tx<'_> {
    /// Inserts the consultation, or updates it (people replaced).
    pub fn save_consultation(&self, c: &Consultation) -> Result<()> {
        c.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Consultation, e))?;
        let kind = RecordKind::Consultation;
        if let Some(org) = c.organization_id {
            self.ensure_live(kind, "organization", RecordKind::Organization, org)?;
        }
        if let Some(project) = c.project_id {
            self.ensure_live(kind, "project", RecordKind::Project, project)?;
        }
        for contact in &c.people_ids {
            self.ensure_live(kind, "people", RecordKind::Contact, *contact)?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO consultations (id, date, channel, topic, organization_id, project_id,
                                            summary, advice, minutes, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (id) DO UPDATE SET
                    date = excluded.date, channel = excluded.channel, topic = excluded.topic,
                    organization_id = excluded.organization_id, project_id = excluded.project_id,
                    summary = excluded.summary, advice = excluded.advice, minutes = excluded.minutes,
                    updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                c.meta.id,
                date_text(c.date),
                c.channel.key(),
                c.topic.key(),
                c.organization_id,
                c.project_id,
                c.summary,
                c.advice,
                c.minutes,
                millis(c.meta.created_at),
                self.updated_stamp(&c.meta),
                c.meta.deleted_at.map(millis),
            ])?;
        self.tx
            .prepare_cached("DELETE FROM consultation_people WHERE consultation_id = ?1")?
            .execute([c.meta.id])?;
        let mut person = self.tx.prepare_cached(
            "INSERT INTO consultation_people (consultation_id, contact_id, position) VALUES (?1, ?2, ?3)",
        )?;
        for (i, contact) in c.people_ids.iter().enumerate() {
            person.execute(params![c.meta.id, contact, i as i64])?;
        }
        if c.meta.deleted_at.is_none() {
            self.mark_live(kind, c.meta.id);
        }
        self.index_as_saved(kind, c.meta.id, false, &c.meta, || {
            search::consultation_docs(c)
        });
        Ok(())
    }
}
