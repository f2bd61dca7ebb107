//! Writes. A `Tx` exists only inside `Store::write`, which opened it with
//! `BEGIN IMMEDIATE`; each method validates with the domain's rules first, so
//! a bad record is refused with the field named and nothing is written.
//!
//! This file holds the transaction itself and what every kind of record
//! shares (the `updated_at` stamp, the check that a link points at a live
//! record). Each record kind's writes are in their own file:
//! `organizations`, `contacts`, `projects` (with status history), `visits`,
//! `follow_ups`, `notes`; `trash` moves records in and out of the trash,
//! `drafts` keeps what editors hold; `search_index` queues the index
//! updates and commits; `bulk_load` defers secondary indexes for big loads.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::Transaction;

use super::error::{Result, StoreError};
use super::rows::millis;
use crate::domain::*;

mod bulk_load;
mod consultations;
mod contacts;
mod drafts;
mod follow_ups;
mod notes;
mod organizations;
mod projects;
mod search_index;
mod synced;
mod trash;
mod visits;

mod events;
pub use events::Invited;

mod deliverables;

mod attachments;
mod registrations;

use search_index::Pending;

/// Ids are local data, not an attacker's: a fast hash instead of SipHash,
/// which showed in profiles of bulk writes (a lookup per row).
type FastHash = foldhash::fast::RandomState;
type FastSet<T> = HashSet<T, FastHash>;

pub struct Tx<'c> {
    tx: Transaction<'c>,
    now: DateTime<Utc>,
    /// Records known to exist and not be in the trash, as of this transaction.
    /// Nobody else can write while we hold the IMMEDIATE lock, so a record
    /// saved or checked once stays live until this transaction deletes it;
    /// bulk writes (demo data, imports) skip a lookup per link this way.
    known_live: RefCell<FastSet<(RecordKind, Id)>>,
    /// Records whose search docs must be rewritten before the commit, with
    /// whether each is new. Indexing is batched at the end: FTS5 flushes its
    /// pending terms at every statement savepoint, and interleaving index
    /// writes with ordinary ones made bulk writes twenty times slower.
    to_index: RefCell<Vec<Pending>>,
    queued: RefCell<FastSet<Id>>,
    /// Indexes dropped for a bulk load: the SQL that creates them again.
    deferred_indexes: RefCell<Vec<String>>,
    /// Records are written exactly as given: their own `updated_at`, no
    /// automatic status history, links to records in the trash allowed.
    /// For reading back an export (`fieldbook import` of JSON).
    verbatim: std::cell::Cell<bool>,
    /// Organization names looked up or saved in this transaction.
    org_names: RefCell<HashMap<Id, String, FastHash>>,
}

impl<'c> Tx<'c> {
    pub(super) fn new(tx: Transaction<'c>) -> Tx<'c> {
        Tx {
            tx,
            now: Utc::now(),
            known_live: RefCell::default(),
            to_index: RefCell::new(Vec::new()),
            queued: RefCell::default(),
            deferred_indexes: RefCell::new(Vec::new()),
            verbatim: std::cell::Cell::new(false),
            org_names: RefCell::default(),
        }
    }

    /// From now on in this transaction, write records exactly as given (see
    /// `verbatim`); status history comes through `insert_status_change`.
    pub fn write_verbatim(&self) {
        self.verbatim.set(true);
    }

    fn updated_stamp(&self, meta: &Meta) -> i64 {
        if self.verbatim.get() {
            millis(meta.updated_at)
        } else {
            millis(self.now)
        }
    }

    /// The instant this transaction stamps on what it writes.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Refuses a link to a record that does not exist or is in the trash,
    /// naming the field, instead of SQLite's bare "FOREIGN KEY constraint failed".
    fn ensure_live(
        &self,
        owner: RecordKind,
        field: &str,
        target: RecordKind,
        id: Id,
    ) -> Result<()> {
        if self.known_live.borrow().contains(&(target, id)) {
            return Ok(());
        }
        if self.reader().is_live(target, id)? {
            self.mark_live(target, id);
            return Ok(());
        }
        if self.verbatim.get() && self.reader().exists(target, id)? {
            return Ok(());
        }
        let mut errors = Invalid::default();
        errors.push(
            field,
            format!(
                "no {} with id {id} (it may be in the trash)",
                target.label()
            ),
        );
        Err(StoreError::invalid(owner, errors))
    }

    fn mark_live(&self, kind: RecordKind, id: Id) {
        self.known_live.borrow_mut().insert((kind, id));
    }

    /// Reads within the transaction (for read-then-write logic in callers).
    pub fn reader(&self) -> super::read::Reader<'_> {
        super::read::Reader::new(&self.tx)
    }

    /// The open transaction, for the store's other modules (`imports`).
    pub(super) fn sql(&self) -> &Transaction<'c> {
        &self.tx
    }
}
