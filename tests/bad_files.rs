//! Every kind of bad database file, given to the real binary both as a
//! command (`stats`) and as the terminal UI (bare `fieldbook`): one line that
//! says what is wrong and what to do, exit 1, no panic, and the file (and
//! its folder) left byte for byte as it was.
//!
//! The UI opens the file before it takes the terminal over, so its message
//! lands on a clean screen; a page found damaged later gets a screen of its
//! own (tests/ui.rs, `a_damaged_page_shows_a_screen_that_says_what_to_do`).

use std::fs;
use std::path::{Path, PathBuf};

use fieldbook::store::Store;

mod common;
use common::cli::fieldbook;

/// Every file in the folder with its bytes, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

fn real_database(path: &Path) {
    let mut store = Store::open(path).unwrap();
    fieldbook::demo::generate(
        &mut store,
        &fieldbook::demo::DemoOptions {
            scale: 20,
            seed: 1,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
            force: false,
        },
    )
    .unwrap();
    // Closing the last connection moves everything into the main file and
    // removes the -wal and -shm files.
    drop(store);
    assert!(!PathBuf::from(format!("{}-wal", path.display())).exists());
}

/// Runs `stats` and the bare UI on `db`: both refuse in one line that
/// contains `expect`, and nothing in `dir` changes.
fn refused(dir: &Path, db: &Path, expect: &str) {
    let before = snapshot(dir);
    for args in [&["stats"][..], &[][..]] {
        let out = fieldbook(db).args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains(expect),
            "{args:?}: expected '{expect}' in: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(
            out.stdout.is_empty(),
            "nothing on the screen but the message"
        );
    }
    assert!(snapshot(dir) == before, "the files were changed");
}

#[test]
fn a_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    fs::write(&db, "Meeting notes, not a database\n").unwrap();
    refused(
        dir.path(),
        &db,
        "not a fieldbook database (not a SQLite file)",
    );
}

#[test]
fn another_applications_sqlite_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
        .unwrap();
    drop(conn);
    refused(dir.path(), &db, "another application's SQLite database");
}

#[test]
fn a_database_from_a_newer_fieldbook() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("newer.db");
    real_database(&db);
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    refused(dir.path(), &db, "written by a newer fieldbook");
}

#[test]
fn a_truncated_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cut.db");
    real_database(&db);
    let bytes = fs::read(&db).unwrap();
    fs::write(&db, &bytes[..bytes.len() / 3]).unwrap();
    refused(dir.path(), &db, "looks damaged");
}

#[test]
fn a_database_with_a_corrupted_page_is_explained_by_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corrupt.db");
    real_database(&db);
    let root: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'contacts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = fs::read(&db).unwrap();
    let page = (root as usize - 1) * 4096;
    bytes[page..page + 4096].fill(0xEE);
    fs::write(&db, &bytes).unwrap();
    let before = snapshot(dir.path());
    let out = fieldbook(&db).arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("problems found") && stdout.contains("fieldbook restore"),
        "{stdout}"
    );
    // Reading the damaged contacts stops with one line, too.
    let out = fieldbook(&db).args(["search", "a"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("fieldbook check"), "{stderr}");
    assert!(snapshot(dir.path()) == before, "the files were changed");
}

#[cfg(unix)]
#[test]
fn a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("locked.db");
    real_database(&db);
    fs::set_permissions(&db, fs::Permissions::from_mode(0o400)).unwrap();
    refused(dir.path(), &db, "the file is read-only; make it writable");
}

#[cfg(unix)]
#[test]
fn a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("readonly");
    fs::create_dir(&folder).unwrap();
    let db = folder.join("book.db");
    real_database(&db);
    let missing = folder.join("new.db");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o555)).unwrap();
    refused(
        &folder,
        &db,
        "is read-only and fieldbook keeps a journal beside the file",
    );
    refused(&folder, &missing, "is read-only");
    assert!(!missing.exists(), "no file created");
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("folder.db");
    fs::create_dir(&db).unwrap();
    refused(dir.path(), &db, "is a directory, not a database file");
}

#[cfg(unix)]
#[test]
fn the_journal_files_are_private_too() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let store = Store::open(&db).unwrap();
    // While it is open, SQLite keeps the write-ahead log and shared memory
    // beside it, with the database's own permissions.
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", db.display()));
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
    drop(store);
}

/// Writes `version` into the header's schema version (`user_version`,
/// offset 60, big-endian), as one damaged byte or bit would.
fn damage_schema_version(db: &Path, version: i32) {
    let mut bytes = fs::read(db).unwrap();
    bytes[60..64].copy_from_slice(&version.to_be_bytes());
    fs::write(db, &bytes).unwrap();
}

fn damaged_message(db: &Path, says: i64, has: i64) -> String {
    format!(
        "{} looks damaged: its schema version says {says} but it has the schema of {has}; \
         nothing was changed; see `fieldbook check`",
        db.display()
    )
}

#[test]
fn a_damaged_schema_version_is_refused_not_migrated() {
    use fieldbook::store::migrations::{Leaves, MIGRATIONS};
    // The latest version the schema shows: a data migration at the end that
    // nothing in the file shows (`Leaves::Nothing`) cannot be told apart.
    let shown = MIGRATIONS
        .iter()
        .rev()
        .find(|m| !matches!(m.leaves, Leaves::Nothing))
        .map_or(0, |m| m.version);
    // Every earlier version, and two damaged values no fieldbook writes:
    // all bits set, and the top bit flipped.
    let claims = (0..shown).chain([-1, i64::from(0x8000_0005_u32 as i32)]);
    for says in claims {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("book.db");
        real_database(&db);
        damage_schema_version(&db, says as i32);
        refused(dir.path(), &db, &damaged_message(&db, says, shown));
    }
}

#[test]
fn a_schema_version_ahead_of_the_schema_is_refused_too() {
    use fieldbook::store::APPLICATION_ID;
    use fieldbook::store::migrations::{latest_version, migrate_to};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let mut raw = rusqlite::Connection::open(&db).unwrap();
        raw.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        migrate_to(&mut raw, 2).unwrap();
    }
    damage_schema_version(&db, latest_version() as i32);
    refused(dir.path(), &db, &damaged_message(&db, latest_version(), 2));
}

#[test]
fn check_explains_a_damaged_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    real_database(&db);
    damage_schema_version(&db, 3);
    let before = snapshot(dir.path());
    let out = fieldbook(&db).arg("check").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stdout.contains("problems found")
            && stdout.contains("schema version says 3")
            && stdout.contains("nothing was changed"),
        "{stdout}"
    );
    assert!(snapshot(dir.path()) == before, "the files were changed");
}
