//! Encryption at rest (cargo feature `encryption`: SQLCipher in place of
//! SQLite). A process works on one book, so the passphrase is kept once for
//! the process and every connection the store opens — the UI's, the search
//! thread's, a backup's — uses it: backups of an encrypted book are
//! encrypted with the same passphrase.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::Connection;

use super::error::{Result, StoreError};

/// Whether this build can read and write encrypted books.
pub const AVAILABLE: bool = cfg!(feature = "encryption");

static PASSPHRASE: Mutex<Option<String>> = Mutex::new(None);

/// Sets (or forgets) the passphrase for every connection opened from now on.
pub fn set_passphrase(passphrase: Option<String>) {
    if let Ok(mut slot) = PASSPHRASE.lock() {
        *slot = passphrase;
    }
}

pub(super) fn passphrase() -> Option<String> {
    PASSPHRASE.lock().ok().and_then(|slot| slot.clone())
}

/// Keys a fresh connection, before anything else reads the file.
pub(super) fn apply(conn: &Connection, passphrase: &str) -> rusqlite::Result<()> {
    // PRAGMA takes no bound parameters; rusqlite quotes the value as a literal.
    conn.pragma_update(None, "key", passphrase)
}

/// After `apply`: a wrong passphrase shows as "not a database" at the first read.
pub(super) fn verify(conn: &Connection, path: &Path) -> Result<()> {
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(()),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            Err(StoreError::WrongPassphrase {
                path: path.to_path_buf(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Rewrites the book at `path` encrypted with `new` (or in plain text with
/// `None`), through a temporary file renamed into place. The book must be
/// open in this process with its current passphrase (if any) set.
pub fn rewrite(path: &Path, new: Option<&str>) -> Result<()> {
    if !AVAILABLE {
        return Err(StoreError::NoEncryption);
    }
    let store = super::Store::open(path)?;
    // Nobody may write the old file while it is copied, nor keep it open
    // once the new one is renamed over it.
    store.hold_exclusively()?;
    let temp = path.with_extension("rekey-part");
    let _ = std::fs::remove_file(&temp);
    let io = |source| StoreError::Io {
        path: temp.clone(),
        source,
    };
    // The connection may not create files (it opens without CREATE, so a
    // mistyped path is never made into a new book): make the empty target.
    std::fs::File::create(&temp).map_err(io)?;
    super::open::make_private(&temp).map_err(io)?;
    let conn = &store.conn;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let target = temp.to_string_lossy().to_string();
    conn.execute(
        "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
        rusqlite::params![target, new.unwrap_or("")],
    )?;
    let result = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        conn.pragma_update(Some("rekeyed"), "user_version", version)?;
        conn.pragma_update(Some("rekeyed"), "application_id", app_id)?;
        Ok(())
    })();
    conn.execute("DETACH DATABASE rekeyed", [])?;
    drop(store);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    std::fs::rename(&temp, path).map_err(io)?;
    set_passphrase(new.map(str::to_string));
    // A copy made by fieldbook: a new sync identity (the old file may live
    // on in backups and send its own changes under the old one).
    crate::sync::identity::reset_book_id(&mut super::Store::open(path)?)?;
    Ok(())
}

/// Keys a connection to `path` when the file is (or, still empty, will be)
/// encrypted and the process has a passphrase: backups and their checks.
/// Call it right after opening `conn`, before its first read.
///
/// The file is never read with `std::fs` while this process may hold a lock
/// on it (closing the descriptor would drop them all, see `books`): a book
/// this process has open is known to the registry; any other file is read
/// here only while `conn`, just opened, holds no lock yet.
pub(super) fn key_if_needed(conn: &Connection, path: &Path) -> rusqlite::Result<()> {
    let Some(passphrase) = passphrase() else {
        return Ok(());
    };
    let encrypted = match std::fs::metadata(path) {
        Ok(meta) => match super::books::known_encrypted(&meta) {
            Some(known) => known,
            // Never open a FIFO (it waits for a writer): SQLite refuses it.
            None if !meta.is_file() => return Ok(()),
            None => !has_plain_header(path),
        },
        Err(_) => true,
    };
    if encrypted {
        apply(conn, &passphrase)
    } else {
        Ok(())
    }
}

/// Whether the file starts with SQLite's plain (unencrypted) header.
fn has_plain_header(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .is_ok_and(|n| n == 16 && &head == b"SQLite format 3\0")
}

/// Whether the process has a passphrase (the open book is encrypted).
pub fn is_set() -> bool {
    passphrase().is_some()
}
