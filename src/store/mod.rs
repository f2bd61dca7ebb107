//! The only module that speaks SQL. Everything above it works with the
//! domain's types; every write runs in one `BEGIN IMMEDIATE` transaction.

pub mod backup;
mod books;
pub mod calendar;
pub mod cipher;
mod country_codes;
mod dump;
pub mod duplicates;
mod error;
pub mod full_text;
mod imports;
mod list_item_ids;
pub mod merge;
pub mod migrations;
pub mod offsite;
mod open;
pub mod purge;
mod read;
pub mod report;
pub mod report_desk;
mod rows;
mod schema_check;
pub mod search;
pub mod views;
pub mod who;
mod write;

pub use books::is_open_book_file;
pub use dump::{ContactKey, ContactKeys, OrgKey};
pub use error::{Result, StoreError};
pub use imports::{ImportUndone, LastImport, UndoImport};
pub use read::{CheckReport, KindCount, Reader};
pub use write::Tx;

pub use write::Invited;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, TransactionBehavior};

/// `fieldbook` in ASCII: marks a SQLite file as ours, so another
/// application's database is recognised and left alone.
pub const APPLICATION_ID: i32 = 0x6662_6B31; // "fbk1"

/// An open fieldbook database.
pub struct Store {
    conn: Connection,
    /// After `conn`: fields drop in order, and the lease must outlive the
    /// connection (see `books`).
    _lease: books::Lease,
    path: PathBuf,
    /// Transactions this connection committed (SQLite's `data_version` only
    /// counts other connections' commits).
    commits: u64,
}

/// Whether a write transaction's changes go into the sync log.
#[derive(Clone, Copy)]
enum Capture {
    On,
    Off,
}

/// Changes whenever the database does, by this process or another; screens
/// compare stamps to skip reloading what has not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeStamp {
    data_version: i64,
    commits: u64,
}

impl Store {
    /// Opens the database at `path`, creating it (mode 0600) if it does not
    /// exist, and migrates it to the current schema. Refuses, without
    /// touching the file, a directory, a non-SQLite file, another
    /// application's database and one from a newer fieldbook.
    pub fn open(path: &Path) -> Result<Store> {
        let (conn, lease) = open::open_connection(path)?;
        Ok(Store {
            conn,
            _lease: lease,
            path: path.to_path_buf(),
            commits: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one IMMEDIATE transaction: it takes the write lock at the
    /// start (waiting up to the busy timeout for another instance), so a
    /// read-then-write never fails half-way with SQLITE_BUSY. Commits when
    /// `f` returns `Ok`, rolls back otherwise.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.write_with(Capture::On, f)
    }

    /// Like `write`, without logging the changes for other books: for
    /// applying what other books sent (logged as theirs) and demo data.
    pub fn write_uncaptured<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.write_with(Capture::Off, f)
    }

    fn write_with<T, E: From<StoreError>>(
        &mut self,
        capture: Capture,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let wrapped = Tx::new(tx);
        // Sync: what this transaction changes goes into the change log, in
        // the same transaction (see `sync::capture`).
        let value = {
            let session = match capture {
                Capture::On => Some(crate::sync::capture::Capture::start(wrapped.sql())?),
                Capture::Off => None,
            };
            let value = f(&wrapped)?;
            if let Some(session) = session {
                session.finish(wrapped.sql())?;
            }
            value
        };
        wrapped.commit()?;
        self.commits += 1;
        Ok(value)
    }

    /// Like `write`, for filling a book in bulk (demo data): when no other
    /// connection has the file open, the transaction runs with a rollback
    /// journal instead of the WAL, so its pages are written once, into the
    /// file, instead of into the WAL and then again at the checkpoint (the
    /// demo's 450 MiB: the commit takes about half the time). Just as
    /// atomic: a crash leaves a journal that the next open rolls back. With
    /// another connection open (the UI's search thread, another instance)
    /// SQLite refuses to leave WAL at once, and the WAL is used as always.
    pub fn write_bulk<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let direct = self.set_journal_mode("delete");
        // Demo data is local: never sent to other books.
        let result = self.write_uncaptured(f);
        if direct {
            // The data is committed whatever happens here, and every open
            // sets WAL again: a failure now costs nothing but the speed of
            // this connection's later writes.
            self.set_journal_mode("wal");
        }
        result
    }

    /// Whether the journal mode is now `mode`.
    fn set_journal_mode(&self, mode: &str) -> bool {
        self.conn
            .pragma_update_and_check(None, "journal_mode", mode, |r| r.get::<_, String>(0))
            .is_ok_and(|now| now.eq_ignore_ascii_case(mode))
    }

    /// Sets SQLite's page cache for this connection. Bulk writes (demo data,
    /// imports) run several times faster when the pages they touch stay in
    /// memory instead of spilling to the WAL mid-transaction.
    pub fn set_cache_mib(&self, mib: u32) -> Result<()> {
        self.conn
            .pragma_update(None, "cache_size", -(i64::from(mib) * 1024))?;
        Ok(())
    }

    /// Reads through a memory map instead of a read() and a copy per page,
    /// for a long read such as all hits of a broad search (most of the
    /// contacts table): 15-25% less time there. Not the default: for a
    /// short command, mapping and unmapping cost more (about 0.8 ms of a
    /// 50-hit search) than the copies saved. `bytes` is address space, not
    /// memory (the pages are the OS's file cache). SQLCipher ignores it.
    pub fn map_for_long_reads(&self, bytes: i64) -> Result<()> {
        self.conn.pragma_update(None, "mmap_size", bytes)?;
        Ok(())
    }

    pub fn change_stamp(&self) -> Result<ChangeStamp> {
        let data_version = self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?;
        Ok(ChangeStamp {
            data_version,
            commits: self.commits,
        })
    }

    /// Changes whenever another connection (another fieldbook, the CLI)
    /// commits to the file; this connection's own commits leave it alone.
    pub fn others_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Reads outside any write transaction.
    /// Caps the file at its current size plus `extra_pages`: a write that
    /// needs more fails as it would on a full disk (SQLITE_FULL). For tests
    /// of what a full disk does; `None` lifts the cap.
    #[doc(hidden)]
    pub fn simulate_full_disk(&self, extra_pages: Option<i64>) -> Result<()> {
        let pages: i64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let cap = extra_pages.map_or(i64::from(u32::MAX) - 1, |extra| pages + extra);
        self.conn.pragma_update(None, "max_page_count", cap)?;
        Ok(())
    }

    /// The connection, for `sync`'s reads outside a write.
    pub(crate) fn sync_conn(&self) -> &Connection {
        &self.conn
    }

    pub fn read(&self) -> read::Reader<'_> {
        read::Reader::new(&self.conn)
    }
}
