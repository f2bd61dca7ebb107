//! Saving organizations, and their names remembered for the contacts saved
//! in the same transaction (a contact is found by its organization's name).

use rusqlite::{OptionalExtension, params};

use crate::domain::text::fold;
use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{json_list, millis};
use crate::store::search;

use super::Tx;

impl Tx<'_> {
    /// Inserts the organization, or updates it if its id exists.
    pub fn save_organization(&self, o: &Organization) -> Result<()> {
        o.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Organization, e))?;
        self.tx
            .prepare_cached(
                "INSERT INTO organizations (id, name, sort_key, kind, country, city, website, tags,
                                            created_at, updated_at, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET
                    name = excluded.name, sort_key = excluded.sort_key, kind = excluded.kind,
                    country = excluded.country, city = excluded.city, website = excluded.website,
                    tags = excluded.tags, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at",
            )?
            .execute(params![
                o.meta.id,
                o.name.trim(),
                fold(o.name.trim()),
                o.kind.key(),
                o.country,
                o.city,
                o.website,
                json_list(&o.tags),
                millis(o.meta.created_at),
                self.updated_stamp(&o.meta),
                o.meta.deleted_at.map(millis),
            ])?;
        if o.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Organization, o.meta.id);
        }
        self.org_names
            .borrow_mut()
            .insert(o.meta.id, o.name.trim().to_string());
        self.index_as_saved(RecordKind::Organization, o.meta.id, false, &o.meta, || {
            search::organization_docs(o)
        });
        // Its people are found by its name too.
        let members: Vec<Id> = self
            .tx
            .prepare_cached(
                "SELECT id FROM contacts WHERE organization_id = ?1 AND deleted_at IS NULL",
            )?
            .query_map([o.meta.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for member in members {
            self.mark_for_index(RecordKind::Contact, member, false);
        }
        Ok(())
    }

    /// An organization's name, remembered for the rest of the transaction.
    pub(super) fn organization_name(&self, id: Option<Id>) -> Result<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        if let Some(name) = self.org_names.borrow().get(&id) {
            return Ok(Some(name.clone()));
        }
        let name: Option<String> = self
            .tx
            .prepare_cached("SELECT name FROM organizations WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(name) = &name {
            self.org_names.borrow_mut().insert(id, name.clone());
        }
        Ok(name)
    }
}
