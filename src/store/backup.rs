//! Backups with SQLite's online backup (a consistent copy even while
//! another fieldbook writes), and restoring one after checking it.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError};
use super::migrations::latest_version;
use super::{APPLICATION_ID, Store};
use crate::durable;

mod restore;
pub use restore::restore;

/// Where automatic backups go: `backups/` beside the database.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

/// `fieldbook-20261128-093000-123.db` (UTC, to the millisecond): sorts by time.
pub fn backup_name(at: DateTime<Utc>) -> String {
    format!("fieldbook-{}.db", at.format("%Y%m%d-%H%M%S-%3f"))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A new, empty file readable by its owner only (SQLite keeps the mode it
/// finds).
fn create_private(path: &Path) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(|_| ()).map_err(io(path))
}

/// Removes a temporary file and the journal SQLite may have left beside it.
fn remove_temp(temp: &Path) {
    let _ = fs::remove_file(temp);
    let _ = fs::remove_file(PathBuf::from(format!("{}-journal", temp.display())));
}

impl Store {
    /// Copies the database to `to` (which must not exist), consistently,
    /// while other connections may go on writing. The copy is made under a
    /// temporary name, checked, and only then given its name: a kill, a
    /// full disk or a quit half-way leaves no file that looks like a backup.
    pub fn backup_to(&self, to: &Path) -> Result<()> {
        if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::paths::create_private_dir(dir).map_err(|e| StoreError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            })?;
        }
        if fs::symlink_metadata(to).is_ok() {
            return Err(StoreError::Io {
                path: to.to_path_buf(),
                source: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a file of that name exists; nothing was written",
                ),
            });
        }
        let temp = durable::temp_sibling(to);
        remove_temp(&temp);
        create_private(&temp)?;
        let result = self
            .copy_pages_to(&temp)
            .and_then(|()| verify_backup(&temp))
            .and_then(|()| durable::sync_file(&temp).map_err(io(to)))
            .and_then(|()| durable::link_into_place(&temp, to).map_err(io(to)));
        if result.is_err() {
            remove_temp(&temp);
        }
        result
    }

    /// SQLite's online backup of this connection's database into the empty
    /// file at `to`.
    fn copy_pages_to(&self, to: &Path) -> Result<()> {
        let mut dest = Connection::open_with_flags(
            to,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // An encrypted book's backup is encrypted with the same passphrase.
        super::cipher::key_if_needed(&dest, to)?;
        let backup = Backup::new(&self.conn, &mut dest)?;
        // All pages in one step: one consistent snapshot of the source.
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
        drop(backup);
        // The copy carries the book's WAL flag; a backup is a single file
        // that nobody writes, so it is marked as one (opening it then
        // creates no -wal beside it; fieldbook sets WAL again on a restore).
        dest.pragma_update(None, "journal_mode", "delete")?;
        Ok(())
    }

    /// Makes a backup in `backups/` beside the database if the newest good
    /// one is older than `max_age` (or there is none), and keeps the newest
    /// `keep` good ones. Returns the new backup's path, if one was made.
    pub fn backup_if_older_than(
        &self,
        max_age: chrono::Duration,
        keep: usize,
    ) -> Result<Option<PathBuf>> {
        self.backup_in_dir_if_older_than(&backup_dir(&self.path), max_age, keep, Utc::now())
    }

    /// `backup_if_older_than` for any folder, at the time `now`. Age is read
    /// from the backups' names (made from `now`), not from modification
    /// times, which a copy may change and the clock of a test cannot.
    pub fn backup_in_dir_if_older_than(
        &self,
        dir: &Path,
        max_age: chrono::Duration,
        keep: usize,
        now: DateTime<Utc>,
    ) -> Result<Option<PathBuf>> {
        remove_stale_temps(dir);
        let fresh = latest_good_backup(dir)
            .and_then(|p| backup_time(&p))
            .is_some_and(|made| now.signed_duration_since(made) < max_age);
        if fresh {
            return Ok(None);
        }
        let path = dir.join(backup_name(now));
        self.backup_to(&path)?;
        prune_backups(dir, keep);
        Ok(Some(path))
    }
}

/// The time in a backup's name, `fieldbook-20261128-093000-123.db`.
pub fn backup_time(path: &Path) -> Option<DateTime<Utc>> {
    let name = path.file_name()?.to_str()?;
    let stamp = name.strip_prefix("fieldbook-")?.strip_suffix(".db")?;
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S-%3f")
        .ok()
        .map(|t| t.and_utc())
}

/// Temporary files of backups that never finished (the process was
/// killed); an hour is far longer than any backup takes.
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let temp = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(durable::is_temp_name);
        let old = fs::metadata(&path)
            .and_then(|m| m.modified())
            .is_ok_and(|m| m.elapsed().is_ok_and(|age| age.as_secs() > 3600));
        if temp && old {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Keeps the newest `keep` backups that pass the check; removes older ones
/// and any that fail it (a copy cut short by an older fieldbook).
fn prune_backups(dir: &Path, keep: usize) {
    let mut kept = 0;
    for path in list_backups(dir).into_iter().rev() {
        if kept < keep && looks_complete(&path) {
            kept += 1;
        } else {
            let _ = fs::remove_file(&path);
        }
    }
}

/// The newest backup in `dir` that passes the check: the one to count as
/// "the latest backup" and to name in advice.
pub fn latest_good_backup(dir: &Path) -> Option<PathBuf> {
    list_backups(dir)
        .into_iter()
        .rev()
        .find(|path| looks_complete(path))
}

/// A backup whose pages are all there and sound (`quick_check`: every page
/// read, without the slower index cross-checks `verify_backup` adds).
fn looks_complete(path: &Path) -> bool {
    check_backup(path, "PRAGMA quick_check").is_ok()
}

/// `file:PATH?immutable=1`, with the characters a URI gives meaning to
/// escaped.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The automatic backups in `dir`, oldest first.
pub fn list_backups(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("fieldbook-") && n.ends_with(".db"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Checks that `path` is a healthy fieldbook database this version can open,
/// without changing it.
pub fn verify_backup(path: &Path) -> Result<()> {
    check_backup(path, "PRAGMA integrity_check")
}

fn check_backup(path: &Path, check: &str) -> Result<()> {
    let refuse = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let meta = fs::metadata(path).map_err(io(path))?;
    if meta.is_dir() {
        return Err(StoreError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    // A FIFO would block the open forever; a device is no backup.
    if let Some(what) = crate::paths::special_kind(&meta) {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            what,
        });
    }
    // Immutable: the file alone is checked (a restore copies the file
    // alone), and checking it creates no -wal or -shm beside it.
    let conn = Connection::open_with_flags(
        immutable_uri(path),
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )?;
    super::cipher::key_if_needed(&conn, path)?;
    let read = |sql: &str| -> Result<i64> {
        conn.query_row(sql, [], |r| r.get(0))
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase) => StoreError::NotSqlite {
                    path: path.to_path_buf(),
                },
                _ => refuse(e.to_string()),
            })
    };
    if read("PRAGMA application_id")? != i64::from(APPLICATION_ID) {
        return Err(StoreError::ForeignDatabase {
            path: path.to_path_buf(),
            detail: "not a fieldbook backup".into(),
        });
    }
    let version = read("PRAGMA user_version")?;
    if version > latest_version() {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: latest_version(),
        });
    }
    let verdict: String = conn
        .query_row(check, [], |r| r.get(0))
        .map_err(|e| refuse(e.to_string()))?;
    if verdict != "ok" {
        return Err(refuse(format!("integrity check: {verdict}")));
    }
    // A backup whose header claims another schema version than its tables
    // have would run the wrong migrations once restored.
    super::schema_check::verify(&conn, path)?;
    Ok(())
}
