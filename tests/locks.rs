//! A running fieldbook never drops its own SQLite locks.
//!
//! On Linux and macOS, closing *any* descriptor of a file releases *all* of
//! the process's POSIX locks on it. A fieldbook that opened the book with
//! `std::fs` while it held a connection lost its locks; the next outside
//! SQLite client (the `sqlite3` shell, a script) then believed it was the
//! last user, checkpointed and deleted the `-wal` under the running UI, and
//! the notes the UI then showed as saved were gone after it quit.
//!
//! The tmux test NEEDS tmux and the `sqlite3` shell: without them it prints
//! a loud SKIPPED line and passes, unless FIELDBOOK_REQUIRE_TMUX is set (CI
//! sets it, and installs both).

use std::path::{Path, PathBuf};
use std::process::Command;

use fieldbook::demo::{DemoOptions, generate};
use fieldbook::store::Store;

mod common;
use common::cli::fieldbook;
use common::tmux::{Tmux, tmux_available, wait_until};

/// Whether this process holds a POSIX lock on the file with inode `inode`,
/// as the kernel lists it in /proc/locks
/// (`1: POSIX  ADVISORY  READ 12345 08:01:1234567 128 128`).
#[cfg(target_os = "linux")]
fn holds_lock_on(inode: u64) -> bool {
    let pid = std::process::id().to_string();
    let locks = std::fs::read_to_string("/proc/locks").unwrap();
    locks.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let posix = fields.get(1) == Some(&"POSIX");
        let ours = fields.get(4) == Some(&pid.as_str());
        let on_inode = fields
            .get(5)
            .and_then(|id| id.rsplit(':').next())
            .is_some_and(|ino| ino == inode.to_string());
        posix && ours && on_inode
    })
}

#[cfg(target_os = "linux")]
#[test]
fn a_second_open_keeps_the_lock_of_the_first() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    let first = Store::open(&path).unwrap();
    first.read().counts().unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();
    assert!(
        holds_lock_on(inode),
        "after a read, the connection holds a lock on the book"
    );
    // The search worker and the daily backup open the book like this.
    let second = Store::open(&path).unwrap();
    assert!(
        holds_lock_on(inode),
        "opening the book a second time dropped the first connection's lock"
    );
    second.read().counts().unwrap();
    drop(second);
    assert!(
        holds_lock_on(inode),
        "closing the second kept the first's lock"
    );
    first.read().counts().unwrap();
}

/// The `sqlite3` shell, or a loud SKIPPED line (a panic under
/// FIELDBOOK_REQUIRE_TMUX, which CI sets: it installs sqlite3).
fn sqlite3_available() -> bool {
    let ok = Command::new("sqlite3")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var_os("FIELDBOOK_REQUIRE_TMUX").is_some() {
            panic!(
                "the sqlite3 shell is required (FIELDBOOK_REQUIRE_TMUX is set) but not installed"
            );
        }
        eprintln!(
            "\n*** SKIPPED: the sqlite3 shell is not installed; the outside-client test did not run ***\n"
        );
    }
    ok
}

fn demo_book(dir: &Path) -> PathBuf {
    let path = dir.join("book.db");
    let mut store = Store::open(&path).unwrap();
    generate(
        &mut store,
        &DemoOptions {
            scale: 50,
            seed: 12,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            force: false,
        },
    )
    .unwrap();
    path
}

/// What `fieldbook search` prints for `word` in notes.
fn search_notes(db: &Path, word: &str) -> String {
    let out = fieldbook(db)
        .args(["search", "--kind", "note", word])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_note_saved_after_an_outside_sqlite3_read_is_kept() {
    if !tmux_available() || !sqlite3_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("OVERDUE follow-ups");
    // The UI opens the book three times: its own connection, the search
    // worker's, and the daily backup's (in the background; there is no
    // backup yet, so it makes one). Once the backup is there, all three
    // opens have happened.
    let backups = dir.path().join("backups");
    wait_until("the daily backup", || {
        fieldbook::store::backup::list_backups(&backups)
            .iter()
            .any(|p| p.metadata().is_ok_and(|m| m.len() > 0))
    });
    tmux.send(&["2"]);
    tmux.wait_text("Contacts (50)");

    // An outside client reads the book once, and closes it.
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("select count(*) from notes")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");

    let word = "Lockkeeper";
    tmux.send(&["a"]);
    tmux.wait_text("Note on");
    tmux.send(&["-l", &format!("{word} met at the ministry")]);
    tmux.wait_text(word);
    tmux.send(&["C-s"]);
    tmux.wait_text("note saved");

    assert!(
        search_notes(&db, word).contains(word),
        "the saved note is found while the UI runs"
    );
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
    assert!(
        search_notes(&db, word).contains(word),
        "the saved note is still there after the UI quit"
    );
}

/// Importing the open book (or its journal) by mistake would read it with
/// `std::fs`, and closing that descriptor dropped the process's locks.
#[cfg(target_os = "linux")]
#[test]
fn importing_the_open_book_itself_is_refused_and_keeps_the_locks() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.db");
    let store = Store::open(&path).unwrap();
    store.read().counts().unwrap();
    let side = |suffix: &str| PathBuf::from(format!("{}{suffix}", path.display()));
    let inodes: Vec<u64> = ["", "-shm"]
        .iter()
        .map(|s| std::fs::metadata(side(s)).unwrap().ino())
        .collect();
    for suffix in ["", "-wal", "-shm"] {
        let err = fieldbook::exchange::files::read_utf8(&side(suffix)).unwrap_err();
        assert!(
            err.to_string().contains("the fieldbook database itself"),
            "{suffix}: {err}"
        );
        for inode in &inodes {
            assert!(holds_lock_on(*inode), "{suffix}: a lock was dropped");
        }
    }
    store.read().counts().unwrap();
}
