//! Attachments: one by id, those on a record, every one (exports), and the
//! stored contents by SHA-256.

use rusqlite::{OptionalExtension, Row};

use crate::domain::attachment::sha256_bytes;
use crate::domain::*;
use crate::store::error::Result;
use crate::store::read::Reader;
use crate::store::rows::meta;

/// SQL is built from literals only (`.ci/run` checks), so the column list
/// is a macro joined by `concat!`.
macro_rules! columns {
    () => {
        "id, created_at, updated_at, deleted_at, hex(sha256), name, media_type, \
         size, organization_id, contact_id, project_id, visit_id, consultation_id, event_id, \
         deliverable_id"
    };
}

/// The files on a record, by the column that points at it.
macro_rules! on {
    ($column:literal) => {
        concat!(
            "SELECT ",
            columns!(),
            " FROM attachments WHERE ",
            $column,
            " = ?1 AND deleted_at IS NULL ORDER BY created_at, id"
        )
    };
}

const TARGET_KEYS: [&str; 7] = [
    "organization",
    "contact",
    "project",
    "visit",
    "consultation",
    "event",
    "deliverable",
];

fn attachment(row: &Row) -> rusqlite::Result<Attachment> {
    let mut target = None;
    for (i, key) in TARGET_KEYS.iter().enumerate() {
        if let Some(id) = row.get::<_, Option<Id>>(8 + i)? {
            target = AttachedTo::from_key(key, id);
            break;
        }
    }
    let Some(target) = target else {
        return Err(rusqlite::Error::InvalidColumnType(
            8,
            "organization_id".into(),
            rusqlite::types::Type::Null,
        ));
    };
    Ok(Attachment {
        meta: meta(row, 0)?,
        target,
        sha256: row.get::<_, String>(4)?.to_ascii_lowercase(),
        name: row.get(5)?,
        media_type: row.get(6)?,
        size: row.get::<_, i64>(7)? as u64,
    })
}

impl Reader<'_> {
    /// The attachment with this id, in the trash or not.
    pub fn attachment(&self, id: Id) -> Result<Option<Attachment>> {
        let sql = concat!("SELECT ", columns!(), " FROM attachments WHERE id = ?1");
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([id], attachment)
            .optional()?)
    }

    /// The files on a record, not in the trash, oldest first.
    pub fn attachments_on(&self, target: AttachedTo) -> Result<Vec<Attachment>> {
        let sql = match target {
            AttachedTo::Organization(_) => on!("organization_id"),
            AttachedTo::Contact(_) => on!("contact_id"),
            AttachedTo::Project(_) => on!("project_id"),
            AttachedTo::Visit(_) => on!("visit_id"),
            AttachedTo::Consultation(_) => on!("consultation_id"),
            AttachedTo::Event(_) => on!("event_id"),
            AttachedTo::Deliverable(_) => on!("deliverable_id"),
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_map([target.id()], attachment)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every attachment, trash included, in id order (exports).
    pub fn each_attachment(&self, mut f: impl FnMut(Attachment) -> Result<()>) -> Result<()> {
        let sql = concat!("SELECT ", columns!(), " FROM attachments ORDER BY id");
        let mut stmt = self.conn().prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(attachment(row)?)?;
        }
        Ok(())
    }

    /// Every stored file's SHA-256 (hex) and contents, in hash order, one
    /// at a time (a book may hold hundreds of megabytes of them).
    pub fn each_attachment_blob(
        &self,
        mut f: impl FnMut(String, Vec<u8>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self
            .conn()
            .prepare("SELECT lower(hex(sha256)), data FROM attachment_blobs ORDER BY sha256")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(row.get(0)?, row.get(1)?)?;
        }
        Ok(())
    }

    /// The contents stored under `sha256` (hex), if any.
    pub fn attachment_data(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let Some(key) = sha256_bytes(sha256) else {
            return Ok(None);
        };
        Ok(self
            .conn()
            .prepare_cached("SELECT data FROM attachment_blobs WHERE sha256 = ?1")?
            .query_row([&key[..]], |r| r.get(0))
            .optional()?)
    }

    /// Whether contents with this SHA-256 (hex) are stored (without reading them).
    pub fn attachment_stored(&self, sha256: &str) -> Result<bool> {
        let Some(key) = sha256_bytes(sha256) else {
            return Ok(false);
        };
        Ok(self
            .conn()
            .prepare_cached("SELECT 1 FROM attachment_blobs WHERE sha256 = ?1")?
            .query_row([&key[..]], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The book's size in bytes as SQLite sees it (pages in the WAL
    /// included, free pages too): what a backup of it would weigh.
    pub fn book_bytes(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT p.page_count * s.page_size FROM pragma_page_count p, pragma_page_size s",
            [],
            |r| r.get(0),
        )?)
    }

    /// How many bytes of file contents the book holds (each stored once).
    pub fn attachment_bytes(&self) -> Result<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(sum(size), 0) FROM attachment_blobs",
            [],
            |r| r.get(0),
        )?)
    }
}

impl Reader<'_> {
    /// The files a record's details list.
    pub(super) fn attachments_for_detail(
        &self,
        kind: RecordKind,
        id: Id,
    ) -> Result<Vec<Attachment>> {
        let target = match kind {
            RecordKind::Organization => AttachedTo::Organization(id),
            RecordKind::Contact => AttachedTo::Contact(id),
            RecordKind::Project => AttachedTo::Project(id),
            RecordKind::Visit => AttachedTo::Visit(id),
            _ => return Ok(Vec::new()),
        };
        self.attachments_on(target)
    }
}
