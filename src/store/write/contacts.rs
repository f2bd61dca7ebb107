//! Saving contacts, with their phones and e-mails.

use rusqlite::{OptionalExtension, params};

use crate::domain::item_id::{email_id, phone_id};
use crate::domain::text::{fold, phone_digits};
use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::{json_list, millis};
use crate::store::search;

use super::Tx;

impl Tx<'_> {
    /// Inserts the contact, or updates it (phones and e-mails replaced).
    pub fn save_contact(&self, c: &Contact) -> Result<()> {
        c.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Contact, e))?;
        if let Some(org) = c.organization_id {
            self.ensure_live(RecordKind::Contact, "org", RecordKind::Organization, org)?;
        }
        // A new contact has no phones or e-mails to replace: skip two deletes
        // (a third of the statements when loading many contacts).
        let existed = self
            .tx
            .prepare_cached("SELECT 1 FROM contacts WHERE id = ?1")?
            .query_row([c.meta.id], |_| Ok(()))
            .optional()?
            .is_some();
        self.tx
            .prepare_cached(
                "INSERT INTO contacts (id, display_name, sort_key, native_name, reading,
                                       organization_id, role, languages, country, city, tags,
                                       created_at, updated_at, deleted_at, uid, nickname)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                 ON CONFLICT (id) DO UPDATE SET
                    display_name = excluded.display_name, sort_key = excluded.sort_key,
                    native_name = excluded.native_name, reading = excluded.reading,
                    organization_id = excluded.organization_id, role = excluded.role,
                    languages = excluded.languages, country = excluded.country,
                    city = excluded.city, tags = excluded.tags, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at,
                    uid = excluded.uid, nickname = excluded.nickname",
            )?
            .execute(params![
                c.meta.id,
                c.display_name.trim(),
                fold(c.display_name.trim()),
                c.native_name,
                c.reading,
                c.organization_id,
                c.role,
                json_list(&c.languages),
                c.country,
                c.city,
                json_list(&c.tags),
                millis(c.meta.created_at),
                self.updated_stamp(&c.meta),
                c.meta.deleted_at.map(millis),
                c.uid,
                c.nickname,
            ])?;
        if existed {
            self.tx
                .prepare_cached("DELETE FROM contact_phones WHERE contact_id = ?1")?
                .execute([c.meta.id])?;
        }
        // Ids from the content (domain::item_id): a second phone with the
        // same number, or e-mail with the same address, is the same item and
        // is merged into the first (its label kept).
        let mut phone = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO contact_phones (id, contact_id, position, label, value, digits)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, p) in c.phones.iter().enumerate() {
            phone.execute(params![
                phone_id(c.meta.id, &p.value, c.country.as_deref()).as_slice(),
                c.meta.id,
                i as i64,
                p.label,
                p.value.trim(),
                phone_digits(&p.value)
            ])?;
        }
        if existed {
            self.tx
                .prepare_cached("DELETE FROM contact_emails WHERE contact_id = ?1")?
                .execute([c.meta.id])?;
        }
        let mut email = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO contact_emails (id, contact_id, position, label, value)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, e) in c.emails.iter().enumerate() {
            email.execute(params![
                email_id(c.meta.id, &e.value).as_slice(),
                c.meta.id,
                i as i64,
                e.label,
                e.value.trim()
            ])?;
        }
        if c.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Contact, c.meta.id);
        }
        let org = match c.meta.deleted_at {
            None => self.organization_name(c.organization_id)?,
            Some(_) => None,
        };
        self.index_as_saved(RecordKind::Contact, c.meta.id, !existed, &c.meta, || {
            search::contact_docs(c, org.as_deref())
        });
        Ok(())
    }
}
