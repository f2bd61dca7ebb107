//! Saving registrations and approvals (of an organization or a project).

use rusqlite::params;

use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{date_text, millis};
use crate::store::search;

use super::Tx;

impl Tx<'_> {
    /// Inserts the registration, or updates it.
    pub fn save_registration(&self, r: &Registration) -> Result<()> {
        r.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Registration, e))?;
        let (organization, project) = match r.holder {
            Holder::Organization(id) => (Some(id), None),
            Holder::Project(id) => (None, Some(id)),
        };
        let field = r.holder.kind().label();
        self.ensure_live(
            RecordKind::Registration,
            field,
            r.holder.kind(),
            r.holder.id(),
        )?;
        self.tx
            .prepare_cached(
                "INSERT INTO registrations (id, organization_id, project_id, kind, number, authority,
                                            issued_on, expires_on, note, created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (id) DO UPDATE SET
                    organization_id = excluded.organization_id, project_id = excluded.project_id,
                    kind = excluded.kind, number = excluded.number, authority = excluded.authority,
                    issued_on = excluded.issued_on, expires_on = excluded.expires_on,
                    note = excluded.note, updated_at = excluded.updated_at,
                    deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                r.meta.id,
                organization,
                project,
                r.kind.key(),
                r.number,
                r.authority,
                r.issued_on.map(date_text),
                r.expires_on.map(date_text),
                r.note,
                millis(r.meta.created_at),
                self.updated_stamp(&r.meta),
                r.meta.deleted_at.map(millis),
            ])?;
        if r.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Registration, r.meta.id);
        }
        self.index_as_saved(RecordKind::Registration, r.meta.id, false, &r.meta, || {
            search::registration_docs(r)
        });
        Ok(())
    }
}
