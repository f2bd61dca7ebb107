//! Opening a database file safely: recognise what the file is before any byte
//! of it can change, then set the connection up for a laptop that loses power.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, MAIN_DB, OpenFlags};

use super::APPLICATION_ID;
use super::books::{self, Lease};
use super::error::{Result, StoreError};
use super::migrations::{self, latest_version};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How long a write waits for another fieldbook (a second window, a backup)
/// to finish its transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const STATEMENT_CACHE: usize = 128;

/// Opens a connection to the book at `path`, with the lease it holds on the
/// file for as long as it exists (see `books`: this process never opens the
/// file with `std::fs` while it has a connection to it).
pub(super) fn open_connection(path: &Path) -> Result<(Connection, Lease)> {
    // A restore from another process may rename a new file over the book
    // while this open waits for its lock; then open what is there now.
    for _ in 0..3 {
        if let Some(opened) = open_once(path)? {
            return Ok(opened);
        }
    }
    Err(StoreError::Busy {
        path: path.to_path_buf(),
    })
}

/// One try; `None` when the file at `path` was replaced while it opened.
fn open_once(path: &Path) -> Result<Option<(Connection, Lease)>> {
    let meta = existing_or_created(path)?;
    let is_new = meta.len() == 0;
    // The header is read only when no connection of ours has the file open.
    let lease = books::enter(path, &meta, || first_look(path, &meta))?;
    check_folder_writable(path)?;
    check_mode_writable(path, &meta)?;
    let key = super::cipher::passphrase().filter(|_| lease.encrypted());
    if lease.encrypted() && key.is_none() {
        return Err(StoreError::Encrypted {
            path: path.to_path_buf(),
        });
    }

    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    // SQLite falls back to read-only silently when it may not write the
    // file; say so before the first write fails.
    if conn.is_readonly(MAIN_DB)? {
        return Err(StoreError::NotWritable {
            path: path.to_path_buf(),
            reason: "permission denied".into(),
        });
    }
    if let Some(key) = &key {
        super::cipher::apply(&conn, key)?;
        if !is_new {
            super::cipher::verify(&conn, path)?;
        }
    }
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // rusqlite keeps 16 prepared statements by default; the store has more
    // distinct queries than that, and re-preparing them dominated bulk writes.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    if !is_new {
        // The first read waits while another process holds the file
        // (`fieldbook restore` does, until its copy is renamed into place):
        // make sure the file read is still the one at `path`.
        check_identity(&conn, path)?;
        if !lease.is_at(path) {
            return Ok(None);
        }
    } else {
        // Before WAL, so the id lands in the main file's header at once and
        // the header check above recognises the file from its first second.
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| classify(path, e))?;
    }
    configure(&conn).map_err(|e| classify(path, e))?;
    migrations::migrate(&mut conn).map_err(|e| match e {
        StoreError::Sqlite(e) => classify(path, e),
        other => other,
    })?;
    Ok(Some((conn, lease)))
}

/// The file's `stat`, after creating it (empty, private) if it is missing.
/// Anything but a regular file is refused by what it is, without opening
/// it: opening a FIFO waits for a writer, forever.
fn existing_or_created(path: &Path) -> Result<fs::Metadata> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = match fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            check_folder_writable(path)?;
            create_private_file(path)?;
            fs::metadata(path).map_err(io)?
        }
        Err(e) => return Err(io(e)),
    };
    match crate::paths::special_kind(&meta) {
        None => Ok(meta),
        Some(_) if meta.is_dir() => Err(StoreError::IsDirectory {
            path: path.to_path_buf(),
        }),
        Some(what) => Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            what,
        }),
    }
}

/// Whether the book is (or, still empty, will be) encrypted, from its
/// header. Run only while this process has no connection to the file.
fn first_look(path: &Path, meta: &fs::Metadata) -> Result<bool> {
    if meta.len() == 0 {
        // A new file is encrypted when the process has a passphrase (a
        // backup of an encrypted book, `fieldbook encrypt`).
        return Ok(super::cipher::passphrase().is_some());
    }
    Ok(check_header(path, meta.len())? == Header::Encrypted)
}

/// WAL: readers never block the writer, and a crash cannot corrupt the file.
/// synchronous=FULL: every commit is fsynced before it is reported, so a
/// record the officer saw saved survives a power cut. NORMAL would be faster
/// but may lose the last commits on power loss; our writes are a person
/// typing, so the fsync cost is invisible. foreign_keys is off by default in
/// SQLite and must be turned on per connection.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "journal_mode stayed {mode}"
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Statement journals (one per multi-row statement inside a transaction)
    // went to a temp file by default: millions of tiny writes in bulk loads.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    super::search::register_functions(conn)?;
    Ok(())
}

/// Reads the 100-byte SQLite header without opening the file for writing.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    Plain,
    /// Not SQLite's plain header, but shaped like a SQLCipher file (whole
    /// pages of what looks like noise), and this build can read those.
    Encrypted,
}

fn check_header(path: &Path, len: u64) -> Result<Header> {
    let mut header = [0u8; 100];
    let mut file = fs::File::open(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(source) => {
                return Err(StoreError::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        }
    }
    if read < 16 || &header[..16] != SQLITE_MAGIC {
        if super::cipher::AVAILABLE && len >= 1024 && len.is_multiple_of(512) {
            return Ok(Header::Encrypted);
        }
        return Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        });
    }
    if read < header.len() {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: "the file is shorter than a SQLite header; it was probably truncated".into(),
        });
    }
    let app_id = i32::from_be_bytes([header[68], header[69], header[70], header[71]]);
    if app_id != 0 && app_id != APPLICATION_ID {
        return Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
            detail: format!("application id {app_id:#010x}"),
        });
    }
    Ok(Header::Plain)
}

/// The authoritative check, through SQLite (it sees a not yet checkpointed
/// WAL too). Only reads.
fn check_identity(conn: &Connection, path: &Path) -> Result<()> {
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| classify(path, e))
    };
    let app_id = read("PRAGMA application_id")?;
    let version = read("PRAGMA user_version")?;
    let objects = read("SELECT count(*) FROM sqlite_schema")?;
    if app_id != i64::from(APPLICATION_ID) && (app_id != 0 || objects > 0) {
        let detail = if app_id == 0 {
            format!("it has {objects} tables and indexes of its own")
        } else {
            format!("application id {app_id:#010x}")
        };
        return Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
            detail,
        });
    }
    if version > latest_version() {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: latest_version(),
        });
    }
    // Before anything migrates: a damaged version must not re-run old
    // migrations on a newer schema.
    super::schema_check::verify(conn, path).map_err(|e| match e {
        StoreError::Sqlite(e) => classify(path, e),
        other => other,
    })?;
    if app_id == 0 {
        // An empty SQLite file (no tables): claim it.
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

/// An administrator (root) may open any file for writing, but a file
/// marked read-only was meant to stay as it is: the mode bits decide, read
/// with `stat` (opening the file would drop this process's locks on it).
fn check_mode_writable(path: &Path, meta: &fs::Metadata) -> Result<()> {
    if meta.permissions().readonly() {
        return Err(StoreError::NotWritable {
            path: path.to_path_buf(),
            reason: "the file is read-only; make it writable (chmod u+w) or copy it".into(),
        });
    }
    Ok(())
}

/// The folder must take new files: SQLite keeps its write-ahead log
/// (`<name>-wal`) and shared-memory file beside the database.
fn check_folder_writable(path: &Path) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if fs::metadata(folder).is_ok_and(|m| m.permissions().readonly()) {
        return Err(StoreError::NotWritable {
            path: path.to_path_buf(),
            reason: format!(
                "its folder {} is read-only and fieldbook keeps a journal beside the file; \
                 make the folder writable or pass another --db path",
                folder.display()
            ),
        });
    }
    Ok(())
}

/// Owner-only permissions for a file SQLite wrote.
pub(super) fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    }
    let _ = path;
    Ok(())
}

/// Creates the file readable by its owner only: it holds partners' personal data.
fn create_private_file(path: &Path) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        // Another process created it a moment ago: use theirs.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Err(StoreError::NotWritable {
            path: path.to_path_buf(),
            reason: "cannot create a file there".into(),
        }),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Turns SQLite's terse codes into the errors people can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::*;
    match e.sqlite_error_code() {
        Some(NotADatabase) => StoreError::NotSqlite {
            path: path.to_path_buf(),
        },
        Some(DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
        },
        // Only a bulk write holds the file against every other connection:
        // it runs with a rollback journal (see `Store::write_bulk`).
        Some(DatabaseBusy) | Some(DatabaseLocked) => StoreError::Busy {
            path: path.to_path_buf(),
        },
        Some(ReadOnly) | Some(CannotOpen) | Some(PermissionDenied) => StoreError::NotWritable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        },
        _ => StoreError::Sqlite(e),
    }
}
