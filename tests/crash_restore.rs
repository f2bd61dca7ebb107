//! Killing `fieldbook restore` or `fieldbook backup` with SIGKILL at random
//! moments: the book at its path always passes its check and holds either
//! all its old records or all the restored ones, and no file in `backups/`
//! fails its check.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fieldbook::store::backup::{list_backups, verify_backup};

mod common;
use common::rng::Rng;

const KILLS: usize = 20;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_fieldbook")
}

fn run(db: &Path, args: &[&str]) {
    let out = Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FIELDBOOK_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A book of demo data (big enough that copying and checking it takes a
/// while) with one organization whose name says which book it is.
fn book(dir: &Path, name: &str, seed: &str) -> PathBuf {
    let db = dir.join(name);
    run(
        &db,
        &[
            "demo",
            "--scale",
            "300",
            "--seed",
            seed,
            "--today",
            "2026-11-15",
        ],
    );
    run(&db, &["add", "org", "--name", &format!("Book {name}")]);
    db
}

fn integrity(db: &Path) -> String {
    rusqlite::Connection::open(db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Which book's marker organization the file holds, and how many contacts.
fn identity(db: &Path) -> (String, i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let marker = conn
        .query_row(
            "SELECT name FROM organizations WHERE name LIKE 'Book %'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let contacts = conn
        .query_row("SELECT count(*) FROM contacts", [], |r| r.get(0))
        .unwrap();
    (marker, contacts)
}

/// Starts the command and SIGKILLs it after a random moment within
/// `window`, unless it finished first. Returns whether it was killed.
fn kill_at_random(db: &Path, args: &[&str], window: Duration, rng: &mut Rng) -> bool {
    let mut child = Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("FIELDBOOK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_micros(rng.next(window.as_micros() as u64));
    // Polling until a random moment is the point here: the kill time is
    // what is random. Everything after waits on the process itself.
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    let killed = child.try_wait().unwrap().is_none();
    if killed {
        child.kill().unwrap();
    }
    child.wait().unwrap();
    killed
}

fn timed(db: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    run(db, args);
    start.elapsed()
}

#[test]
fn sigkill_during_restore_leaves_the_old_book_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path(), "a.db", "1");
    let other = book(dir.path(), "b.db", "2");
    let copies = dir.path().join("copies");
    std::fs::create_dir(&copies).unwrap();
    let (copy_a, copy_b) = (copies.join("a.db"), copies.join("b.db"));
    run(&db, &["backup", &copy_a.display().to_string()]);
    run(&other, &["backup", &copy_b.display().to_string()]);
    let state_a = identity(&db);
    let state_b = identity(&other);
    assert_ne!(state_a, state_b);

    // Always restore the book the file does not hold now.
    let mut holds_a = true;
    let window = timed(&db, &["restore", &copy_b.display().to_string()]) * 13 / 10;
    holds_a = !holds_a;
    let mut rng = Rng(0xA076_1D64_78BD_642F);
    let (mut kills, mut rounds) = (0, 0);
    while kills < KILLS {
        rounds += 1;
        assert!(
            rounds < 4 * KILLS,
            "restore too quick to kill: {kills} kills"
        );
        let from = if holds_a { &copy_b } else { &copy_a };
        if kill_at_random(
            &db,
            &["restore", &from.display().to_string()],
            window,
            &mut rng,
        ) {
            kills += 1;
        }
        assert_eq!(integrity(&db), "ok", "round {rounds}");
        let now = identity(&db);
        assert!(
            now == state_a || now == state_b,
            "round {rounds}: {now:?} is neither book"
        );
        holds_a = now == state_a;
    }
    // And the book still opens in fieldbook and passes its own check.
    run(&db, &["check"]);
}

#[test]
fn sigkill_during_backup_never_leaves_a_backup_that_fails_its_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = book(dir.path(), "a.db", "1");
    let window = timed(&db, &["backup"]) * 13 / 10;
    let mut rng = Rng(0xE703_7ED1_A0B4_28DB);
    let (mut kills, mut rounds) = (0, 0);
    while kills < KILLS {
        rounds += 1;
        assert!(
            rounds < 4 * KILLS,
            "backup too quick to kill: {kills} kills"
        );
        if kill_at_random(&db, &["backup"], window, &mut rng) {
            kills += 1;
        }
        // Checked once, then removed: the next round's check stays short.
        for backup in list_backups(&dir.path().join("backups")) {
            verify_backup(&backup)
                .unwrap_or_else(|e| panic!("round {rounds}: {}: {e}", backup.display()));
            std::fs::remove_file(&backup).unwrap();
        }
        assert_eq!(integrity(&db), "ok", "round {rounds}");
    }
    run(&db, &["check"]);
}
