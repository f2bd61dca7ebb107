//! Offline exchange between books (issue 17): each committed write's
//! changes, recorded by SQLite's session extension, go into a log; bundles
//! of the log travel as files; a book applies what it receives field by
//! field and lists the races as conflicts.
//!
//! `session` wraps the extension, `tables` says what travels, `identity`
//! holds the replica id and clock, `capture` logs each write transaction,
//! `versions` keeps each field's version.

pub mod apply;
pub mod blobs;
pub mod bundle;
pub mod capture;
pub mod export;
pub mod identity;
pub mod import;
pub mod report;
pub mod row_key;
pub mod session;
pub mod sim;
pub mod tables;
pub mod versions;

pub mod history;
pub mod review;
mod review_row;
pub mod review_words;
mod review_write;

pub mod sets;
pub mod status_merge;

pub mod changeset_write;
pub mod lifecycle;
pub mod redirects;
pub mod scrub;
pub mod tombstones;
pub mod trash_race;

use uuid::Uuid;

use crate::store::{Result, Store};

/// A bundle of this book's log for `peer` (`None`: everything).
pub fn build_bundle(store: &Store, peer: Option<Uuid>) -> Result<bundle::Bundle> {
    let desk = store
        .path()
        .file_name()
        .map_or_else(|| "book".into(), |n| n.to_string_lossy().into_owned());
    export::build(store.sync_conn(), &desk, peer)
}

/// Checks a bundle against this book, changing nothing.
pub fn check_bundle(
    store: &Store,
    bundle: &bundle::Bundle,
) -> std::result::Result<(), import::Refusal> {
    import::check(store.sync_conn(), bundle)
}

/// A recorded conflict: table, row key, column, the kept and the lost
/// versions (clock, replica).
pub type ConflictVersions = (
    String,
    Vec<u8>,
    String,
    versions::Version,
    versions::Version,
);

/// Every unresolved conflict, by versions (for tests and the review list).
pub fn conflict_versions(store: &Store) -> Result<Vec<ConflictVersions>> {
    conflict_rows(
        store,
        "SELECT tbl, row_key, col, kept_clock, kept_replica, lost_clock, lost_replica \
         FROM sync_conflicts WHERE resolved_at IS NULL AND kind IS NULL",
    )
}

/// Conflicts by versions, as a statement selecting them reads them.
pub(crate) fn conflict_rows(store: &Store, sql: &str) -> Result<Vec<ConflictVersions>> {
    let mut stmt = store.sync_conn().prepare(sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            (r.get(3)?, r.get(4)?),
            (r.get(5)?, r.get(6)?),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The version of one field (`None`: as its row was created).
pub fn field_version(
    store: &Store,
    table: &str,
    id: Uuid,
    col: &str,
) -> Result<Option<versions::Version>> {
    Ok(versions::current(store.sync_conn(), table, id.as_bytes(), col)?.map(|f| f.version))
}
