//! The search index, kept in step with the records: each save queues its
//! record here, and the commit writes all the index changes at once, in the
//! same transaction as the records.

use crate::domain::*;
use crate::store::error::Result;
use crate::store::search;

use super::Tx;

/// From how many new notes in one transaction they are indexed in bulk.
const BULK_NOTES: usize = 1000;

/// A search-index update waiting for the commit.
pub(super) enum Pending {
    Record {
        kind: RecordKind,
        id: Id,
        fresh: bool,
        /// The docs, built from the record as it was saved; `None` when it
        /// must be read back at the commit (changed again, or in the trash).
        docs: Option<Vec<search::Doc>>,
    },
    /// Notes (nine rows in ten) are indexed by their rowid, without a doc row.
    Note { rowid: i64, fresh: bool },
}

impl Tx<'_> {
    /// Brings the search index up to date, then commits: the index changes
    /// with the records, in the same transaction.
    pub(in crate::store) fn commit(self) -> Result<()> {
        self.recreate_indexes()?;
        let mut pending = self.to_index.take();
        // Many new notes (demo data, imports): one statement for all of them.
        let fresh_notes: Vec<i64> = pending
            .iter()
            .filter_map(|p| match p {
                Pending::Note { rowid, fresh: true } => Some(*rowid),
                _ => None,
            })
            .collect();
        if fresh_notes.len() >= BULK_NOTES {
            let first = fresh_notes.iter().copied().min().unwrap_or(i64::MAX);
            if search::notes_from(&self.tx, first)? == fresh_notes.len() as i64 {
                search::index_new_notes_from(&self.tx, first)?;
                pending.retain(|p| !matches!(p, Pending::Note { fresh: true, .. }));
            }
        }
        let mut batch = search::IndexBatch::default();
        for pending in pending {
            match pending {
                Pending::Record {
                    kind,
                    id,
                    fresh,
                    docs,
                } => search::reindex(&self.tx, kind, id, fresh, docs, &mut batch)?,
                Pending::Note { rowid, fresh } => search::reindex_note(&self.tx, rowid, fresh)?,
            }
        }
        batch.write(&self.tx)?;
        Ok(self.tx.commit()?)
    }

    pub(super) fn mark_for_index(&self, kind: RecordKind, id: Id, fresh: bool) {
        if kind == RecordKind::Note {
            // Notes are indexed by rowid; find it.
            if let Ok(Some(rowid)) = self.reader().list_key_of(kind, id) {
                self.queue_index(Pending::Note { rowid, fresh }, id);
            }
            return;
        }
        self.queue_index(
            Pending::Record {
                kind,
                id,
                fresh,
                docs: None,
            },
            id,
        );
    }

    /// Queues a record for the index with its docs built from the record
    /// as saved, so the commit need not read it back (bulk writes save
    /// hundreds of thousands). A record in the trash is only unindexed.
    pub(super) fn index_as_saved(
        &self,
        kind: RecordKind,
        id: Id,
        fresh: bool,
        meta: &Meta,
        docs: impl FnOnce() -> Vec<search::Doc>,
    ) {
        if meta.deleted_at.is_some() {
            self.mark_for_index(kind, id, fresh);
            return;
        }
        let docs = Some(docs());
        self.queue_index(
            Pending::Record {
                kind,
                id,
                fresh,
                docs,
            },
            id,
        );
    }

    pub(super) fn queue_index(&self, pending: Pending, id: Id) {
        if self.queued.borrow_mut().insert(id) {
            self.to_index.borrow_mut().push(pending);
            return;
        }
        // Saved twice in one transaction: it is no longer fresh.
        for entry in self.to_index.borrow_mut().iter_mut() {
            match entry {
                Pending::Record {
                    id: other,
                    fresh,
                    docs,
                    ..
                } if *other == id => {
                    // Saved again: read it back at the commit, as it is then.
                    *fresh = false;
                    *docs = None;
                }
                Pending::Note { rowid, fresh } if matches!(pending, Pending::Note { rowid: r, .. } if r == *rowid) => {
                    *fresh = false
                }
                _ => {}
            }
        }
    }
}
