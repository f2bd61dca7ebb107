//! Backups on another disk (the `backup_dir` setting: a USB stick, a synced
//! folder), so a stolen or dead laptop does not take every copy with it: the
//! daily backup made there too, and how old the newest one there is.
//!
//! Built on `backup.rs`: a copy is made under a name `list_backups` never
//! counts, checked, and only then renamed to its final name, so a
//! half-written file is never "the newest backup".

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::Store;
use super::backup::{backup_time, list_backups};
use super::error::{Result, StoreError};

/// What the backup folder says about backups away from the book's disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offsite {
    /// No `backup_dir` set: backups live only beside the book.
    Unset,
    /// The folder is not there (a stick not plugged in) or cannot be read.
    Unreachable(PathBuf),
    /// The folder is on the same disk as the book: it does not count.
    SameDisk(PathBuf),
    /// On another disk, with the time of its newest backup (if any).
    Elsewhere(PathBuf, Option<DateTime<Utc>>),
}

impl Offsite {
    /// Looks at `dir` (if set) beside the book at `db`: two `stat`s and a
    /// folder listing, no file opened.
    pub fn of(db: &Path, dir: Option<&Path>) -> Offsite {
        let Some(dir) = dir else {
            return Offsite::Unset;
        };
        let dir_buf = dir.to_path_buf();
        match same_disk(db, dir) {
            Ok(true) => Offsite::SameDisk(dir_buf),
            Ok(false) => Offsite::Elsewhere(dir_buf, newest_backup_time(dir)),
            Err(_) => Offsite::Unreachable(dir_buf),
        }
    }
}

/// True when `dir` is on the disk (the file system, `st_dev`) that holds the
/// book's folder.
#[cfg(unix)]
pub fn same_disk(db: &Path, dir: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let book_folder = db.parent().filter(|p| !p.as_os_str().is_empty());
    let book = fs::metadata(book_folder.unwrap_or(Path::new(".")))?;
    let folder = fs::metadata(dir)?;
    if !folder.is_dir() {
        return Err(std::io::Error::other("not a folder"));
    }
    Ok(book.dev() == folder.dev())
}

/// Without `st_dev`, a folder only counts when it is not the book's own.
#[cfg(not(unix))]
pub fn same_disk(db: &Path, dir: &Path) -> std::io::Result<bool> {
    let folder = fs::metadata(dir)?;
    if !folder.is_dir() {
        return Err(std::io::Error::other("not a folder"));
    }
    let book_folder = db.parent().unwrap_or(Path::new("."));
    Ok(fs::canonicalize(book_folder)? == fs::canonicalize(dir)?)
}

/// When the newest backup in `dir` was made, read from its name (the name
/// carries the time in UTC; a copied file's modification time may not).
pub fn newest_backup_time(dir: &Path) -> Option<DateTime<Utc>> {
    list_backups(dir).iter().rev().find_map(|p| backup_time(p))
}

/// Why a backup folder cannot take a backup, in words for the person.
fn unusable(dir: &Path, why: &str) -> StoreError {
    StoreError::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::other(why.to_string()),
    }
}

impl Store {
    /// Makes a backup in `dir` when its newest (by the time in its name) is
    /// older than `max_age` at `now`, or there is none, and keeps the newest
    /// `keep` there. `dir` must exist: a stick that is not plugged in leaves
    /// an empty mount point, and a backup written there would sit on the
    /// laptop's own disk. Returns the new backup's path, if one was made.
    pub fn backup_offsite_if_older_than(
        &self,
        dir: &Path,
        max_age: chrono::Duration,
        keep: usize,
        now: DateTime<Utc>,
    ) -> Result<Option<PathBuf>> {
        match fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(unusable(dir, "not a folder")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(unusable(dir, "not there (not plugged in?)"));
            }
            Err(e) => return Err(unusable(dir, &e.to_string())),
        }
        // Made under a temporary name, checked, then renamed and the folder
        // synced (a stick pulled right after keeps it): see `backup_to`.
        self.backup_in_dir_if_older_than(dir, max_age, keep, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_comes_from_the_name() {
        let t = backup_time(Path::new("/x/fieldbook-20261128-093000-123.db")).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-28T09:30:00.123+00:00");
        assert_eq!(backup_time(Path::new("fieldbook-2026.db")), None);
        assert_eq!(
            backup_time(Path::new(".partial-fieldbook-20261128-093000-123.db")),
            None
        );
    }

    #[test]
    fn a_folder_beside_the_book_is_on_the_same_disk() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("book.db");
        let beside = dir.path().join("copies");
        fs::create_dir(&beside).unwrap();
        assert_eq!(
            Offsite::of(&db, Some(&beside)),
            Offsite::SameDisk(beside.clone())
        );
        assert_eq!(Offsite::of(&db, None), Offsite::Unset);
        let gone = dir.path().join("stick");
        assert_eq!(
            Offsite::of(&db, Some(&gone)),
            Offsite::Unreachable(gone.clone())
        );
    }
}
