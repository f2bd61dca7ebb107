//! What applying other books' changes (`sync import`) needs of a
//! transaction: its connection, to write the received rows as they are,
//! and the search index, to reindex the records they touched.

use rusqlite::Connection;

use super::Tx;
use crate::domain::{Id, RecordKind};

impl Tx<'_> {
    /// The transaction's connection, for `sync`'s SQL.
    pub(crate) fn sync_conn(&self) -> &Connection {
        &self.tx
    }

    /// Reindexes a record changed by a received change, at the commit.
    pub(crate) fn reindex_synced(&self, kind: RecordKind, id: Id) {
        self.mark_for_index(kind, id, false);
    }
}
