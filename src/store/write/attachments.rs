//! Attaching files: the contents go into `attachment_blobs` once per
//! SHA-256, the attachment row names the record, the file's name and type.

use rusqlite::{OptionalExtension, params};

use crate::domain::attachment::{sha256_bytes, sha256_hex};
use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::millis;
use crate::store::search;

use super::Tx;

/// SQL is built from literals only (`.ci/run` checks): one statement per
/// column an attachment can point through.
macro_rules! insert {
    ($column:literal) => {
        concat!(
            "INSERT INTO attachments (id, sha256, name, media_type, size, ",
            $column,
            ", created_at, updated_at, deleted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, media_type = excluded.media_type,
                updated_at = excluded.updated_at, deleted_at = excluded.deleted_at"
        )
    };
}

/// Whether the record in `$table` with id ?1 is live (none: no such record).
macro_rules! live {
    ($table:literal) => {
        concat!("SELECT deleted_at IS NULL FROM ", $table, " WHERE id = ?1")
    };
}

impl Tx<'_> {
    /// Stores `data` (if no file with its SHA-256 is stored yet) and the
    /// attachment naming it. `a` must describe `data` (`Attachment::of`).
    pub fn attach(&self, a: &Attachment, data: &[u8]) -> Result<()> {
        if sha256_hex(data) != a.sha256 || data.len() as u64 != a.size {
            let mut errors = Invalid::default();
            errors.push("sha256", "does not match the file's contents");
            return Err(StoreError::invalid(RecordKind::Attachment, errors));
        }
        self.save_blob(&a.sha256, data)?;
        self.save_attachment(a)
    }

    /// Stores a file's contents under its SHA-256, unless already there.
    /// Refuses contents whose hash is not `sha256` (a damaged export).
    pub fn save_blob(&self, sha256: &str, data: &[u8]) -> Result<()> {
        let Some(key) = sha256_bytes(sha256).filter(|_| sha256_hex(data) == sha256) else {
            let mut errors = Invalid::default();
            errors.push(
                "sha256",
                format!("{sha256} is not the SHA-256 of the file's contents"),
            );
            return Err(StoreError::invalid(RecordKind::Attachment, errors));
        };
        self.tx
            .prepare_cached(
                "INSERT INTO attachment_blobs (sha256, size, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT (sha256) DO NOTHING",
            )?
            .execute(params![&key[..], data.len() as i64, data])?;
        Ok(())
    }

    /// Inserts or updates an attachment whose contents are already stored.
    pub fn save_attachment(&self, a: &Attachment) -> Result<()> {
        a.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Attachment, e))?;
        let key = sha256_bytes(&a.sha256).unwrap_or_default();
        let stored: Option<i64> = self
            .tx
            .prepare_cached("SELECT size FROM attachment_blobs WHERE sha256 = ?1")?
            .query_row([&key[..]], |r| r.get(0))
            .optional()?;
        if stored != Some(a.size as i64) {
            let mut errors = Invalid::default();
            errors.push("sha256", format!("no stored file has SHA-256 {}", a.sha256));
            return Err(StoreError::invalid(RecordKind::Attachment, errors));
        }
        self.ensure_target_live(a.target)?;
        let insert = match a.target {
            AttachedTo::Organization(_) => insert!("organization_id"),
            AttachedTo::Contact(_) => insert!("contact_id"),
            AttachedTo::Project(_) => insert!("project_id"),
            AttachedTo::Visit(_) => insert!("visit_id"),
            AttachedTo::Consultation(_) => insert!("consultation_id"),
            AttachedTo::Event(_) => insert!("event_id"),
            AttachedTo::Deliverable(_) => insert!("deliverable_id"),
        };
        self.tx.prepare_cached(insert)?.execute(params![
            a.meta.id,
            &key[..],
            a.name,
            a.media_type,
            a.size as i64,
            a.target.id(),
            millis(a.meta.created_at),
            self.updated_stamp(&a.meta),
            a.meta.deleted_at.map(millis),
        ])?;
        if a.meta.deleted_at.is_none() {
            self.mark_live(RecordKind::Attachment, a.meta.id);
        }
        self.index_as_saved(RecordKind::Attachment, a.meta.id, false, &a.meta, || {
            search::attachment_docs(a)
        });
        Ok(())
    }

    /// The record a file goes on must exist and (outside a verbatim
    /// restore) not be in the trash. Read from its table directly: the
    /// consultation, event and deliverable kinds need nothing else here.
    fn ensure_target_live(&self, target: AttachedTo) -> Result<()> {
        let sql = match target {
            AttachedTo::Organization(_) => live!("organizations"),
            AttachedTo::Contact(_) => live!("contacts"),
            AttachedTo::Project(_) => live!("projects"),
            AttachedTo::Visit(_) => live!("visits"),
            AttachedTo::Consultation(_) => live!("consultations"),
            AttachedTo::Event(_) => live!("events"),
            AttachedTo::Deliverable(_) => live!("deliverables"),
        };
        let live: Option<bool> = self
            .tx
            .prepare_cached(sql)?
            .query_row([target.id()], |r| r.get(0))
            .optional()?;
        match live {
            Some(true) => Ok(()),
            Some(false) if self.verbatim.get() => Ok(()),
            _ => {
                let mut errors = Invalid::default();
                errors.push(
                    target.key(),
                    format!(
                        "no {} with id {} (it may be in the trash)",
                        target.key(),
                        target.id()
                    ),
                );
                Err(StoreError::invalid(RecordKind::Attachment, errors))
            }
        }
    }
}
