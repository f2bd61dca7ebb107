//! Erasing records for good (`fieldbook purge`): the trash, or one record
//! in it. The erasing itself, and the tombstones that carry it to the
//! other books, are `sync::tombstones`'; this is the store's side: which
//! records, one transaction, and the space they leave behind.

use rusqlite::OptionalExtension;

use crate::domain::{Id, RecordKind};
use crate::store::views::TrashItem;
use crate::store::{Result, Store};
use crate::sync::{capture, identity, tombstones};

/// What a purge erased.
#[derive(Debug, Default)]
pub struct Purged {
    /// The records asked for.
    pub records: Vec<TrashItem>,
    /// Every row erased with them (phones, notes, links, file contents...).
    pub rows: usize,
}

/// Why one record cannot be purged.
#[derive(Debug, thiserror::Error)]
pub enum PurgeRefusal {
    #[error("no {} has the id {id}", kind.label())]
    Missing { kind: RecordKind, id: Id },
    #[error(
        "{kind} '{title}' ({id}) is not in the trash: only trashed records are purged; trash it first"
    )]
    NotInTrash {
        kind: &'static str,
        title: String,
        id: Id,
    },
}

/// A record's title as the trash shows it, whether or not it is there.
fn title_sql(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Organization => "SELECT name, deleted_at FROM organizations WHERE id = ?1",
        RecordKind::Contact => "SELECT display_name, deleted_at FROM contacts WHERE id = ?1",
        RecordKind::Project => {
            "SELECT coalesce(ref_code || ' ', '') || title, deleted_at FROM projects WHERE id = ?1"
        }
        RecordKind::Visit => {
            "SELECT date || coalesce(' ' || place, ''), deleted_at FROM visits WHERE id = ?1"
        }
        RecordKind::FollowUp => "SELECT text, deleted_at FROM follow_ups WHERE id = ?1",
        RecordKind::Note => {
            "SELECT substr(replace(body, char(10), ' '), 1, 80), deleted_at FROM notes WHERE id = ?1"
        }
        RecordKind::Event => {
            "SELECT start_date || ' ' || title, deleted_at FROM events WHERE id = ?1"
        }
        RecordKind::Deliverable => {
            "SELECT coalesce(title, kind) || ' due ' || due_date, deleted_at FROM deliverables WHERE id = ?1"
        }
        RecordKind::Registration => {
            "SELECT kind || coalesce(' ' || number, ''), deleted_at FROM registrations WHERE id = ?1"
        }
        RecordKind::Attachment => "SELECT name, deleted_at FROM attachments WHERE id = ?1",
        RecordKind::Consultation => {
            "SELECT date || ' ' || substr(replace(summary, char(10), ' '), 1, 70), deleted_at FROM consultations WHERE id = ?1"
        }
    }
}

impl Store {
    /// The records a purge would erase: the whole trash, or one record,
    /// which must be in it.
    pub fn purge_plan(
        &self,
        one: Option<(RecordKind, Id)>,
    ) -> Result<std::result::Result<Vec<TrashItem>, PurgeRefusal>> {
        let Some((kind, id)) = one else {
            return Ok(Ok(self.read().trash(usize::MAX >> 1)?));
        };
        let found: Option<(String, Option<i64>)> = self
            .sync_conn()
            .query_row(title_sql(kind), [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(match found {
            None => Err(PurgeRefusal::Missing { kind, id }),
            Some((title, None)) => Err(PurgeRefusal::NotInTrash {
                kind: kind.label(),
                title,
                id,
            }),
            Some((title, Some(at))) => Ok(vec![TrashItem {
                kind,
                id,
                title,
                deleted_at: chrono::DateTime::from_timestamp_millis(at).unwrap_or_default(),
            }]),
        })
    }

    /// Erases the records for good, in one transaction, leaving tombstones
    /// that travel to the other books; then clears the space they used
    /// (the WAL's old pages) as far as no other connection holds it.
    pub fn purge(&mut self, records: Vec<TrashItem>) -> Result<Purged> {
        let rows = self.write_uncaptured(|tx| -> Result<usize> {
            let conn = tx.sync_conn();
            let me = identity::replica(conn)?;
            let at = tx.now().timestamp_millis();
            let roots: Vec<tombstones::RowRef> = records
                .iter()
                .map(|r| {
                    (
                        tombstones::table_of(r.kind).to_string(),
                        vec![rusqlite::types::Value::Blob(r.id.as_bytes().to_vec())],
                    )
                })
                .collect();
            let erased = tombstones::erase(conn, &roots, me, at)?;
            tombstones::finish(conn)?;
            let changeset = tombstones::tombstone_changeset(conn, &erased.rows)?;
            capture::log_local(conn, &changeset)?;
            for (kind, id) in &erased.relinked {
                tx.reindex_synced(*kind, *id);
            }
            Ok(erased.rows.len())
        })?;
        self.erase_leftovers();
        Ok(Purged { records, rows })
    }

    /// How many rows were ever erased here (tombstones): `sync import`
    /// compares it before and after to know whether it erased anything.
    pub fn tombstone_count(&self) -> Result<i64> {
        Ok(self
            .sync_conn()
            .query_row("SELECT count(*) FROM tombstones", [], |r| r.get(0))?)
    }

    /// After an erasure: rebuilds the file (VACUUM) so that no erased value
    /// stays in free space that was freed before `secure_delete` was on
    /// (an edit or a trash moves a row and leaves its old bytes behind),
    /// then empties and truncates the WAL, which holds old page images.
    /// Best effort: another connection reading keeps the WAL, and the next
    /// checkpoint does it; a failed VACUUM leaves the book as it was.
    pub fn erase_leftovers(&self) {
        let _ = self.sync_conn().execute_batch("VACUUM");
        let _ = self
            .sync_conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
}
