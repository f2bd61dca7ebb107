//! Putting a backup in the book's place: whole or not at all, and never
//! under a fieldbook (or any SQLite client) that has the book open.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{io, remove_temp, verify_backup};
use crate::durable;
use crate::store::error::{Result, StoreError};

/// Replaces the database at `db` with the backup at `from`, after checking
/// the backup. The backup is copied beside the book under a temporary
/// name, synced and checked, and renamed over the book while this process
/// holds the book's only lock; the book as it was is kept beside it as
/// `<name>.before-restore-<time>` (returned, when there was one). At every
/// moment the path holds either the whole old book or the whole backup.
pub fn restore(db: &Path, from: &Path) -> Result<Option<PathBuf>> {
    refuse_same_file(db, from)?;
    verify_backup(from)?;
    let temp = durable::temp_sibling(db);
    remove_temp(&temp);
    let result = copy_checked(from, &temp)
        .map_err(|e| match e {
            // A full disk, say: name the book, not the temporary file.
            StoreError::Io { source, .. } => StoreError::Replace {
                what: "copying the backup beside the book",
                path: db.to_path_buf(),
                kept: "nothing was changed".into(),
                source,
            },
            other => other,
        })
        .and_then(|()| swap_in(db, &temp));
    if result.is_err() {
        remove_temp(&temp);
    }
    result
}

/// `restore X` onto X would put the book aside and copy nothing useful.
fn refuse_same_file(db: &Path, from: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(a), Ok(b)) = (fs::metadata(db), fs::metadata(from))
            && a.dev() == b.dev()
            && a.ino() == b.ino()
        {
            return Err(StoreError::RestoreOntoItself {
                path: from.to_path_buf(),
            });
        }
    }
    if db
        .canonicalize()
        .ok()
        .is_some_and(|a| from.canonicalize().ok() == Some(a))
    {
        return Err(StoreError::RestoreOntoItself {
            path: from.to_path_buf(),
        });
    }
    Ok(())
}

/// Copies the backup to `temp` (owner-only), syncs it and checks the copy.
fn copy_checked(from: &Path, temp: &Path) -> Result<()> {
    let mut source = fs::File::open(from).map_err(io(from))?;
    let mut target = durable::create_private_file(temp).map_err(io(temp))?;
    std::io::copy(&mut source, &mut target).map_err(io(temp))?;
    target.sync_all().map_err(io(temp))?;
    drop(target);
    verify_backup(temp)
}

/// Renames the checked copy over the book, holding the book exclusively.
fn swap_in(db: &Path, temp: &Path) -> Result<Option<PathBuf>> {
    if fs::symlink_metadata(db).is_err() {
        durable::rename_into_place(temp, db).map_err(io(db))?;
        return Ok(None);
    }
    let guard = ExclusiveBook::take(db)?;
    let aside = durable::aside_name(db, "before-restore");
    keep_aside(db, &aside)?;
    let swapped = durable::rename_into_place(temp, db).map_err(|source| StoreError::Replace {
        what: "putting the backup in place",
        path: db.to_path_buf(),
        kept: format!("a copy of it is also at {}", aside.display()),
        source,
    });
    drop(guard);
    swapped?;
    Ok(Some(aside))
}

/// A second name for the book (a hard link, so the book never leaves its
/// path); where the filesystem has no hard links (FAT), the book is moved
/// there and the backup follows at once.
fn keep_aside(db: &Path, aside: &Path) -> Result<()> {
    let fail = |source| StoreError::Replace {
        what: "keeping the book aside",
        path: db.to_path_buf(),
        kept: "nothing was moved".into(),
        source,
    };
    if fs::hard_link(db, aside).is_err() {
        fs::rename(db, aside).map_err(fail)?;
    }
    durable::sync_dir(durable::parent_of(db)).map_err(fail)
}

/// This process's lock on a book that nobody else has open, held until
/// dropped: no other connection can read or write it meanwhile.
pub(crate) struct ExclusiveBook {
    _conn: Connection,
}

impl ExclusiveBook {
    /// Refuses when another connection (another fieldbook, the sqlite3
    /// shell) has the book open: SQLite leaves WAL mode only when it is the
    /// file's only user, the same test `Store::write_bulk` relies on. The
    /// WAL is folded into the file on the way, so the file alone is the
    /// whole book.
    pub(crate) fn take(db: &Path) -> Result<ExclusiveBook> {
        let conn = Connection::open_with_flags(
            db,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        crate::store::cipher::key_if_needed(&conn, db)?;
        // A damaged book (the usual reason to restore) may not answer at
        // all: it is replaced without the check.
        lock_exclusively(&conn, db)?;
        Ok(ExclusiveBook { _conn: conn })
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Lock {
    Held,
    Damaged,
}

/// Takes `conn`'s book for itself until `conn` closes, or refuses with
/// `InUse` when another connection has it open.
fn lock_exclusively(conn: &Connection, db: &Path) -> Result<Lock> {
    let in_use = || StoreError::InUse {
        path: db.to_path_buf(),
    };
    match conn.pragma_update_and_check(None, "journal_mode", "delete", |r| r.get::<_, String>(0)) {
        Ok(mode) if mode.eq_ignore_ascii_case("delete") => {}
        Ok(_) => return Err(in_use()),
        Err(e) if is_damage(&e) => return Ok(Lock::Damaged),
        Err(e) if is_busy(&e) => return Err(in_use()),
        Err(e) => return Err(e.into()),
    }
    // Exclusive locking mode keeps the lock BEGIN EXCLUSIVE takes until
    // the connection closes.
    conn.pragma_update(None, "locking_mode", "exclusive")?;
    conn.execute_batch("BEGIN EXCLUSIVE; COMMIT;")
        .map_err(|e| if is_busy(&e) { in_use() } else { e.into() })?;
    Ok(Lock::Held)
}

impl crate::store::Store {
    /// Holds the book against every other connection until this store is
    /// dropped (encrypt and decrypt rewrite it), or refuses with `InUse`.
    pub(crate) fn hold_exclusively(&self) -> Result<()> {
        lock_exclusively(&self.conn, &self.path).map(|_| ())
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::domain::{OrgKind, Organization};
    use crate::store::Store;

    fn book(path: &Path, org: &str) {
        let mut store = Store::open(path).unwrap();
        let o = Organization::new(org, OrgKind::Other);
        store.write(|tx| tx.save_organization(&o)).unwrap();
    }

    /// A fieldbook that starts while a restore holds the book waits, and
    /// then opens the restored book, not the old one now kept aside (its
    /// writes would land there, out of sight).
    #[test]
    fn an_open_waiting_on_a_restore_opens_the_restored_book() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("f.db");
        let backup = dir.path().join("b.db");
        book(&db, "Old");
        book(&backup, "New");
        let old = fs::metadata(&db).unwrap();
        let temp = durable::temp_sibling(&db);
        copy_checked(&backup, &temp).unwrap();
        let guard = ExclusiveBook::take(&db).unwrap();
        let opener = {
            let db = db.clone();
            std::thread::spawn(move || Store::open(&db).unwrap())
        };
        // Wait until the opener has looked at the old file (its lease).
        while !crate::store::is_open_book_file(&old) {
            std::thread::yield_now();
        }
        keep_aside(&db, &durable::aside_name(&db, "before-restore")).unwrap();
        durable::rename_into_place(&temp, &db).unwrap();
        drop(guard);
        let store = opener.join().unwrap();
        let names = store.read().organizations_named("new").unwrap();
        assert_eq!(names.len(), 1, "the opener has the restored book");
    }
}
