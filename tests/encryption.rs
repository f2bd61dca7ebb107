//! Encryption at rest (built with `--features encryption`; `.ci/run` runs
//! this file with the feature on). The real binary on real files.
#![cfg(feature = "encryption")]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::tmux::{Tmux, tmux_available};

fn fieldbook(db: &Path) -> Command {
    let mut cmd = common::cli::fieldbook(db);
    cmd.env_remove("FIELDBOOK_PASSPHRASE");
    cmd
}

const PASS: &str = "correct horse battery staple";

fn encrypted_book(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("book.db");
    fieldbook(&db)
        .args(["demo", "--scale", "30"])
        .assert()
        .success();
    fieldbook(&db)
        .arg("encrypt")
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success()
        .stdout(contains("is encrypted"));
    db
}

/// Text that is in the demo data in plain sight.
fn shows_names(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    text.contains("SQLite format 3") || text.contains("N'Diaye") || text.contains("Nairobi")
}

#[test]
fn encrypt_then_open_with_the_passphrase_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_book(dir.path());
    let bytes = fs::read(&db).unwrap();
    assert!(!shows_names(&bytes), "the file still shows its contents");

    fieldbook(&db)
        .args(["stats", "--json"])
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success()
        .stdout(contains("\"contacts\""));

    let before = fs::read(&db).unwrap();
    fieldbook(&db)
        .arg("stats")
        .env("FIELDBOOK_PASSPHRASE", "not the passphrase")
        .assert()
        .code(1)
        .stderr(contains("wrong passphrase").and(contains("not a database").not()));
    fieldbook(&db)
        .arg("stats")
        .assert()
        .code(1)
        .stderr(contains("is encrypted; give its passphrase"));
    assert!(
        fs::read(&db).unwrap() == before,
        "a refused open changed the file"
    );
}

#[test]
fn backups_of_an_encrypted_book_are_encrypted_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_book(dir.path());
    let copy = dir.path().join("copy.db");
    fieldbook(&db)
        .arg("backup")
        .arg(&copy)
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success();
    assert!(
        !shows_names(&fs::read(&copy).unwrap()),
        "the backup is readable"
    );
    fieldbook(&copy)
        .arg("check")
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success();
    fieldbook(&db)
        .arg("restore")
        .arg(&copy)
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success();
    fieldbook(&db)
        .arg("stats")
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success();
}

#[test]
fn decrypt_gives_a_plain_book_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_book(dir.path());
    fieldbook(&db)
        .arg("decrypt")
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success();
    assert!(fs::read(&db).unwrap().starts_with(b"SQLite format 3\0"));
    fieldbook(&db).args(["stats"]).assert().success();
    fieldbook(&db).arg("check").assert().success();
}

/// The UI asks before it starts: three tries, nothing echoed, then it gives
/// up with one line; the right passphrase opens the book. NEEDS tmux.
#[test]
fn the_ui_asks_for_the_passphrase_three_times() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_book(dir.path());
    let tmux = Tmux::start(110, 30, dir.path());
    let run = format!(
        "{} --db {}; echo FIELDBOOK-EXITED-$?",
        env!("CARGO_BIN_EXE_fieldbook"),
        db.display()
    );
    tmux.wait_text("test-prompt$");
    tmux.type_line(&run);
    for tries in 1..=3 {
        tmux.wait_for(&format!("prompt {tries}"), |s| {
            s.matches("Passphrase for").count() == tries
        });
        tmux.type_line("hunter2-wrong");
    }
    let screen = tmux.wait_text("FIELDBOOK-EXITED-1");
    assert!(screen.contains("wrong passphrase for"), "{screen}");
    assert!(
        !screen.contains("hunter2"),
        "the passphrase was echoed: {screen}"
    );

    tmux.type_line("clear");
    tmux.wait_for("a clear screen", |s| !s.contains("FIELDBOOK-EXITED"));
    tmux.type_line(&run);
    tmux.wait_text("Passphrase for");
    tmux.type_line("wrong once");
    tmux.wait_for("the second prompt", |s| {
        s.matches("Passphrase for").count() == 2
    });
    tmux.type_line(PASS);
    tmux.wait_text("Dashboard");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
}

/// `encrypt` and `decrypt` replace the file: never while another program
/// (here a second connection, as a running fieldbook holds) has it open.
#[test]
fn encrypt_and_decrypt_are_refused_while_the_book_is_open_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    fieldbook(&db)
        .args(["add", "org", "--name", "PLAS"])
        .assert()
        .success();
    let open = fieldbook::store::Store::open(&db).unwrap();
    let before = fs::read(&db).unwrap();
    fieldbook(&db)
        .arg("encrypt")
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .code(1)
        .stderr(contains("is open in another program"));
    assert_eq!(fs::read(&db).unwrap(), before, "the book was not touched");
    drop(open);
    fieldbook(&db)
        .arg("encrypt")
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success();
    let open = {
        fieldbook::store::cipher::set_passphrase(Some(PASS.into()));
        fieldbook::store::Store::open(&db).unwrap()
    };
    fieldbook(&db)
        .arg("decrypt")
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .code(1)
        .stderr(contains("is open in another program"));
    drop(open);
}

/// The UI's daily backup into `backup_dir` is encrypted like the book (and
/// opens with its passphrase). NEEDS tmux.
#[test]
fn the_daily_backup_in_backup_dir_is_encrypted() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = encrypted_book(dir.path());
    let stick = dir.path().join("stick");
    fs::create_dir(&stick).unwrap();
    let config = dir.path().join("config").join("fieldbook");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("config.toml"),
        format!("backup_dir = \"{}\"\n", stick.display()),
    )
    .unwrap();
    let tmux = Tmux::start(110, 30, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Passphrase for");
    tmux.type_line(PASS);
    // The stick is on the book's disk here: the dashboard says it does not
    // count, once the backup is made.
    tmux.wait_text("on the book's own disk");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
    let copies = fieldbook::store::backup::list_backups(&stick);
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        !shows_names(&fs::read(&copies[0]).unwrap()),
        "the backup in backup_dir is readable"
    );
    fieldbook(&copies[0])
        .arg("check")
        .env("FIELDBOOK_PASSPHRASE", PASS)
        .assert()
        .success();
}
