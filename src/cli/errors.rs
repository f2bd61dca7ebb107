//! What SQLite says, turned into one sentence for the person at the keyboard.
//! SQLite's own words repeat themselves ("database or disk is full: Error
//! code 13: database or disk is full") and never say which file.

use std::path::Path;

use rusqlite::ErrorCode;

use crate::store::StoreError;

/// `e` reworded when it is one of SQLite's raw failures on the book at
/// `path`; any other error is returned unchanged.
pub fn explain_store_error(e: anyhow::Error, path: &Path) -> anyhow::Error {
    let sqlite = e.chain().find_map(|cause| {
        if let Some(store) = cause.downcast_ref::<StoreError>() {
            if store.is_damage() {
                return Some((ErrorCode::DatabaseCorrupt, 0));
            }
            if let StoreError::Sqlite(inner) = store {
                return codes(inner);
            }
        }
        cause.downcast_ref::<rusqlite::Error>().and_then(codes)
    });
    let file = path.display();
    let sentence = match sqlite.map(|(code, _)| code) {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => format!(
            "{file} is damaged (a page of it cannot be read); nothing was changed. \
             Run `fieldbook check` for details, then `fieldbook restore` with a backup"
        ),
        Some(ErrorCode::DiskFull) => format!(
            "the disk holding {file} is full; nothing was changed. Free some space and try again"
        ),
        Some(ErrorCode::SystemIoFailure) => format!(
            "{file} could not be written (the disk reported an error); nothing was changed. \
             Check the disk, then run `fieldbook check`"
        ),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            format!("{file} cannot be written (read-only or no permission); nothing was changed")
        }
        Some(ErrorCode::ConstraintViolation)
            if sqlite.is_some_and(|(_, extended)| {
                extended == rusqlite::ffi::SQLITE_CONSTRAINT_CHECK
            }) =>
        {
            format!(
                "{file} refused a value its own checks do not allow (a date or amount out of range?); \
             nothing was changed"
            )
        }
        _ => return e,
    };
    anyhow::anyhow!(sentence)
}

/// As `explain_store_error`, but only for SQLite's raw words: opening the
/// book already says what is wrong with a file that is not a book, a newer
/// schema or a wrong passphrase, more precisely than a general sentence.
pub fn explain_raw_sqlite(e: anyhow::Error, path: &Path) -> anyhow::Error {
    let worded = e.chain().any(|cause| {
        cause
            .downcast_ref::<StoreError>()
            .is_some_and(|s| !matches!(s, StoreError::Sqlite(_)))
    });
    if worded {
        e
    } else {
        explain_store_error(e, path)
    }
}

/// SQLite's primary and extended result codes, when `e` comes from SQLite.
fn codes(e: &rusqlite::Error) -> Option<(ErrorCode, std::ffi::c_int)> {
    match e {
        rusqlite::Error::SqliteFailure(inner, _) => Some((inner.code, inner.extended_code)),
        _ => None,
    }
}
