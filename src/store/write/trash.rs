//! Moving a record of any kind to the trash, or back out of it.

use rusqlite::params;

use crate::domain::*;
use crate::store::error::Result;
use crate::store::rows::millis;

use super::Tx;

impl Tx<'_> {
    /// Moves a record to the trash (or back out of it with `deleted = false`).
    /// Returns false when there was no such record.
    pub fn set_deleted(&self, kind: RecordKind, id: Id, deleted: bool) -> Result<bool> {
        let sql = match kind {
            RecordKind::Organization => {
                "UPDATE organizations SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Contact => {
                "UPDATE contacts SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Project => {
                "UPDATE projects SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Visit => "UPDATE visits SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1",
            RecordKind::FollowUp => {
                "UPDATE follow_ups SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Note => "UPDATE notes SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1",
            RecordKind::Event => "UPDATE events SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1",
            RecordKind::Deliverable => {
                "UPDATE deliverables SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }

            RecordKind::Registration => {
                "UPDATE registrations SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Attachment => {
                "UPDATE attachments SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
            RecordKind::Consultation => {
                "UPDATE consultations SET deleted_at = ?2, updated_at = ?3 WHERE id = ?1"
            }
        };
        let stamp = deleted.then(|| millis(self.now));
        self.known_live.borrow_mut().remove(&(kind, id));
        let changed = self
            .tx
            .prepare_cached(sql)?
            .execute(params![id, stamp, millis(self.now)])?;
        if changed == 1 {
            self.mark_for_index(kind, id, false);
        }
        Ok(changed == 1)
    }
}
