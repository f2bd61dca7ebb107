//! The books this process has open, so that it never opens one of them with
//! `std::fs` while it holds a SQLite connection to it.
//!
//! Why: on Linux and macOS, closing *any* descriptor of a file releases
//! *all* of the process's POSIX advisory locks on that file, SQLite's
//! included. A fieldbook that read the header of a book it already had open
//! (the UI opens it three times: its own connection, the search worker's,
//! the daily backup's) lost its locks; an outside client (the `sqlite3`
//! shell) then believed it was the last user, checkpointed and deleted the
//! write-ahead log under the running UI, and what the UI saved next was lost.
//!
//! So every connection to a book holds a [`Lease`] on the file (keyed by
//! device and inode, read with `stat`, which opens no descriptor). The
//! header is read with `std::fs` only by the first lease, when no connection
//! of this process exists; later ones reuse what it found. A book replaced
//! on disk (a restore from another process) is a new inode: it gets a fresh
//! look, which is safe, since no descriptor of ours refers to it.

use std::fs::Metadata;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::error::Result;

/// A file, as the kernel knows it: the same for every name (a link, a
/// relative path) and different for a file that replaced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    #[cfg(unix)]
    fn of(meta: &Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }

    /// Without POSIX locks there is nothing to drop: every file is its own.
    #[cfg(not(unix))]
    fn of(_meta: &Metadata) -> FileId {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        FileId {
            dev: 0,
            ino: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}

struct OpenBook {
    id: FileId,
    /// The name it was opened by, to recognise its `-wal` and `-shm`.
    path: PathBuf,
    /// Connections of this process holding a lease on it.
    users: usize,
    /// What the first look found: the file is (or, new, will be) encrypted.
    encrypted: bool,
}

/// A short list: a process has one book open, two while it makes a backup.
static OPEN: Mutex<Vec<OpenBook>> = Mutex::new(Vec::new());

fn open_books() -> std::sync::MutexGuard<'static, Vec<OpenBook>> {
    // A panic elsewhere while holding the lock leaves the list consistent
    // (every change to it is one statement).
    OPEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Held by every connection this process has to a book, for as long as the
/// connection exists: declare it after the connection in a struct, so the
/// connection closes first.
#[derive(Debug)]
pub(super) struct Lease {
    id: FileId,
    encrypted: bool,
}

impl Lease {
    /// Whether the book is (or, new, will be) encrypted.
    pub(super) fn encrypted(&self) -> bool {
        self.encrypted
    }

    /// Whether `path` still names the file this lease is on (`stat` only).
    #[cfg(unix)]
    pub(super) fn is_at(&self, path: &Path) -> bool {
        std::fs::metadata(path).is_ok_and(|meta| FileId::of(&meta) == self.id)
    }

    /// Without inodes to compare, the name is taken for the file.
    #[cfg(not(unix))]
    pub(super) fn is_at(&self, _path: &Path) -> bool {
        true
    }
}

/// Takes a lease on the book `meta` describes (from `stat` of `path`).
/// `first_look` reads what it must from the file (its header) and says
/// whether it is encrypted; it runs only when this process holds no
/// connection to the file, and under the registry's lock, so no other thread
/// connects while it has the file open.
pub(super) fn enter(
    path: &Path,
    meta: &Metadata,
    first_look: impl FnOnce() -> Result<bool>,
) -> Result<Lease> {
    let id = FileId::of(meta);
    let mut books = open_books();
    if let Some(book) = books.iter_mut().find(|b| b.id == id) {
        book.users += 1;
        return Ok(Lease {
            id,
            encrypted: book.encrypted,
        });
    }
    let encrypted = first_look()?;
    books.push(OpenBook {
        id,
        path: path.to_path_buf(),
        users: 1,
        encrypted,
    });
    Ok(Lease { id, encrypted })
}

impl Drop for Lease {
    fn drop(&mut self) {
        let mut books = open_books();
        if let Some(at) = books.iter().position(|b| b.id == self.id) {
            books[at].users -= 1;
            if books[at].users == 0 {
                books.swap_remove(at);
            }
        }
    }
}

/// What the first look at the book `meta` describes found, if this process
/// has it open: then its header must not be read with `std::fs`.
pub(super) fn known_encrypted(meta: &Metadata) -> Option<bool> {
    let id = FileId::of(meta);
    open_books()
        .iter()
        .find(|b| b.id == id)
        .map(|b| b.encrypted)
}

/// Whether `meta` (from `stat`) is a book this process has open, or its
/// write-ahead log or shared memory: reading such a file with `std::fs` (an
/// import of the wrong path) would drop the process's locks on it.
pub fn is_open_book_file(meta: &Metadata) -> bool {
    let id = FileId::of(meta);
    open_books().iter().any(|book| {
        book.id == id
            || ["-wal", "-shm"].iter().any(|suffix| {
                let mut side = book.path.clone().into_os_string();
                side.push(suffix);
                std::fs::metadata(&side).is_ok_and(|m| FileId::of(&m) == id)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_look_runs_once_while_the_book_is_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.db");
        std::fs::write(&path, b"x").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let first = enter(&path, &meta, || Ok(true)).unwrap();
        let second = enter(&path, &meta, || panic!("looked again")).unwrap();
        assert!(second.encrypted());
        assert!(is_open_book_file(&meta));
        drop(first);
        drop(second);
        assert!(!is_open_book_file(&meta));
        assert_eq!(known_encrypted(&meta), None);
        // Closed by everyone: the next open looks again.
        let again = enter(&path, &meta, || Ok(false)).unwrap();
        assert!(!again.encrypted());
    }
}
