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

/// A new file readable by its owner only (SQLite keeps the mode it finds).
fn create_private(path: &Path) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(|_| ()).map_err(io(path))
}

impl Store {
    /// Copies the database to `to` (which must not exist), consistently,
    /// while other connections may go on writing.
    pub fn backup_to(&self, to: &Path) -> Result<()> {
        if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::paths::create_private_dir(dir).map_err(|e| StoreError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            })?;
        }
        create_private(to)?;
        let result = (|| -> rusqlite::Result<()> {
            let mut dest = Connection::open(to)?;
            // An encrypted book's backup is encrypted with the same passphrase.
            super::cipher::key_if_needed(&dest, to)?;
            let backup = Backup::new(&self.conn, &mut dest)?;
            // All pages in one step: one consistent snapshot of the source.
            loop {
                match backup.step(-1)? {
                    StepResult::Done => return Ok(()),
                    _ => std::thread::sleep(std::time::Duration::from_millis(20)),
                }
            }
        })();
        if let Err(e) = result {
            let _ = fs::remove_file(to);
            return Err(e.into());
        }
        Ok(())
    }

    /// Makes a backup in `backups/` beside the database if the newest is
    /// older than `max_age` (or there is none), and keeps the newest `keep`.
    /// Returns the new backup's path, if one was made.
    pub fn backup_if_older_than(
        &self,
        max_age: chrono::Duration,
        keep: usize,
    ) -> Result<Option<PathBuf>> {
        let dir = backup_dir(&self.path);
        let mut existing = list_backups(&dir);
        let now = Utc::now();
        let fresh = existing
            .last()
            .and_then(|p| fs::metadata(p).ok()?.modified().ok())
            .is_some_and(|m| now.signed_duration_since(DateTime::<Utc>::from(m)) < max_age);
        if fresh {
            return Ok(None);
        }
        let path = dir.join(backup_name(now));
        self.backup_to(&path)?;
        existing.push(path.clone());
        while existing.len() > keep {
            let old = existing.remove(0);
            let _ = fs::remove_file(old);
        }
        Ok(Some(path))
    }
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
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
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
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| refuse(e.to_string()))?;
    if verdict != "ok" {
        return Err(refuse(format!("integrity check: {verdict}")));
    }
    Ok(())
}

/// Replaces the database at `db` with the backup at `from`, after checking
/// the backup. The current database is kept beside it as
/// `<name>.before-restore-<time>`; returns that path. Close every fieldbook
/// on the database first.
pub fn restore(db: &Path, from: &Path) -> Result<PathBuf> {
    verify_backup(from)?;
    let aside = db.with_file_name(format!(
        "{}.before-restore-{}",
        db.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("fieldbook.db"),
        Utc::now().format("%Y%m%d-%H%M%S")
    ));
    if db.exists() {
        // Fold the WAL into the file, so moving the file moves everything.
        {
            let conn = Connection::open(db)?;
            super::cipher::key_if_needed(&conn, db)?;
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        fs::rename(db, &aside).map_err(io(db))?;
        for suffix in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{suffix}", db.display()));
            let _ = fs::remove_file(side);
        }
    }
    create_private(db)?;
    fs::copy(from, db).map_err(io(db))?;
    // fs::copy carries the source's mode over; the database stays private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(db, fs::Permissions::from_mode(0o600)).map_err(io(db))?;
    }
    Ok(aside)
}
