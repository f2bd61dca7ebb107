//! Saving notes one by one, and inserting many at once (the bulk path for
//! demo data, imports and restores).

use std::borrow::Borrow;

use rusqlite::{OptionalExtension, params};

use crate::domain::*;
use crate::store::error::{Result, StoreError};
use crate::store::rows::millis;

use super::Tx;
use super::search_index::Pending;

impl Tx<'_> {
    /// Inserts the note, or updates it if its id exists.
    pub fn save_note(&self, n: &Note) -> Result<()> {
        let existing: Option<i64> = self
            .tx
            .prepare_cached("SELECT rowid FROM notes WHERE id = ?1")?
            .query_row([n.meta.id], |r| r.get(0))
            .optional()?;
        self.write_note(n, existing)
    }

    /// Inserts a new note (a note with this id must not exist).
    pub fn insert_note(&self, n: &Note) -> Result<()> {
        self.insert_notes([n]).map(|_| ())
    }

    /// Inserts new notes (none of these ids may exist) through one prepared
    /// statement, without the lookup `save_note` makes: the bulk path for
    /// demo data, imports and restores, where it counts a million times.
    pub fn insert_notes<N: Borrow<Note>>(
        &self,
        notes: impl IntoIterator<Item = N>,
    ) -> Result<usize> {
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO notes (id, organization_id, contact_id, project_id, visit_id, body,
                                created_at, updated_at, deleted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut count = 0;
        for n in notes {
            let n = n.borrow();
            self.execute_note(&mut stmt, n)?;
            // Not remembered in `queued`: the primary key refuses this id a
            // second time, and a later `save_note` of it queues it again.
            self.to_index.borrow_mut().push(Pending::Note {
                rowid: self.tx.last_insert_rowid(),
                fresh: true,
            });
            count += 1;
        }
        Ok(count)
    }

    fn write_note(&self, n: &Note, existing: Option<i64>) -> Result<()> {
        let sql = if existing.is_some() {
            "UPDATE notes SET organization_id = ?2, contact_id = ?3, project_id = ?4,
                visit_id = ?5, body = ?6, updated_at = ?8, deleted_at = ?9
             WHERE id = ?1"
        } else {
            "INSERT INTO notes (id, organization_id, contact_id, project_id, visit_id, body,
                                created_at, updated_at, deleted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        };
        let mut stmt = self.tx.prepare_cached(sql)?;
        self.execute_note(&mut stmt, n)?;
        let rowid = existing.unwrap_or_else(|| self.tx.last_insert_rowid());
        self.queue_index(
            Pending::Note {
                rowid,
                fresh: existing.is_none(),
            },
            n.meta.id,
        );
        Ok(())
    }

    /// Validates the note and runs `stmt` (an INSERT or UPDATE numbering its
    /// parameters as `write_note` does) with its values.
    fn execute_note(&self, stmt: &mut rusqlite::Statement<'_>, n: &Note) -> Result<()> {
        n.validate()
            .map_err(|e| StoreError::invalid(RecordKind::Note, e))?;
        self.ensure_live(
            RecordKind::Note,
            n.target.kind().label(),
            n.target.kind(),
            n.target.id(),
        )?;
        let (org, contact, project, visit) = match n.target {
            NoteTarget::Organization(id) => (Some(id), None, None, None),
            NoteTarget::Contact(id) => (None, Some(id), None, None),
            NoteTarget::Project(id) => (None, None, Some(id), None),
            NoteTarget::Visit(id) => (None, None, None, Some(id)),
        };
        stmt.execute(params![
            n.meta.id,
            org,
            contact,
            project,
            visit,
            n.body,
            millis(n.meta.created_at),
            self.updated_stamp(&n.meta),
            n.meta.deleted_at.map(millis),
        ])?;
        Ok(())
    }
}
