//! Restores, backups, exports and reports appear whole or not at all, never
//! replace what is not theirs to replace, and never swap a book out from
//! under a program that has it open.

#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use fieldbook::domain::*;
use fieldbook::store::Store;
use fieldbook::store::backup::{latest_good_backup, list_backups, restore};

mod common;
use common::cli::fieldbook;
use common::tmux::{Tmux, tmux_available};

fn book_with(dir: &Path, name: &str, orgs: &[&str]) -> PathBuf {
    let db = dir.join(name);
    let mut store = Store::open(&db).unwrap();
    for name in orgs {
        let o = Organization::new(*name, OrgKind::Other);
        store.write(|tx| tx.save_organization(&o)).unwrap();
    }
    db
}

fn org_names(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM organizations ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// Runs the command with a deadline, so a hang fails instead of blocking.
fn run_within(cmd: &mut assert_cmd::Command, secs: u64) -> std::process::Output {
    cmd.timeout(Duration::from_secs(secs));
    let out = cmd.output().unwrap();
    assert!(
        out.status.code().is_some(),
        "did not finish within {secs} s (or was killed): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn restore_is_refused_while_another_connection_has_the_book_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with(dir.path(), "f.db", &["Old"]);
    let backup = book_with(dir.path(), "b.db", &["New"]);
    let open = Store::open(&db).unwrap();
    let before = fs::read(&db).unwrap();
    let err = restore(&db, &backup).unwrap_err().to_string();
    assert!(err.contains("is open in another program"), "{err}");
    assert_eq!(fs::read(&db).unwrap(), before, "the book was not touched");
    drop(open);
    restore(&db, &backup).unwrap();
    assert_eq!(org_names(&db), ["New"]);
}

#[test]
fn restore_refuses_the_book_itself_and_a_fifo_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with(dir.path(), "f.db", &["Old"]);
    let before = fs::read(&db).unwrap();
    let out = run_within(fieldbook(&db).arg("restore").arg(&db), 30);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is the database itself"),
        "{}",
        stderr(&out)
    );
    let fifo = dir.path().join("pipe.db");
    mkfifo(&fifo);
    let out = run_within(fieldbook(&db).arg("restore").arg(&fifo), 30);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
    assert_eq!(fs::read(&db).unwrap(), before);
    assert_eq!(names_in(dir.path()), ["f.db", "pipe.db"]);
}

#[test]
fn restore_keeps_the_old_book_aside_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with(dir.path(), "f.db", &["Old"]);
    let backup = book_with(dir.path(), "b.db", &["New"]);
    let out = fieldbook(&db).arg("restore").arg(&backup).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(org_names(&db), ["New"]);
    let names = names_in(dir.path());
    let aside: Vec<&String> = names
        .iter()
        .filter(|n| n.starts_with("f.db.before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "{names:?}");
    assert_eq!(org_names(&dir.path().join(aside[0])), ["Old"]);
    assert!(!names.iter().any(|n| n.contains(".part")), "{names:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(aside[0].as_str()),
        "says where the old book is"
    );
}

#[test]
fn a_backup_cut_short_is_never_counted_kept_or_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with(dir.path(), "f.db", &["PLAS"]);
    let store = Store::open(&db).unwrap();
    let good = store
        .backup_if_older_than(chrono::Duration::days(1), 7)
        .unwrap()
        .unwrap();
    // What an older fieldbook left when killed mid-backup: a newer name
    // holding the first page only.
    let backups = dir.path().join("backups");
    let partial = backups.join("fieldbook-29991231-000000-000.db");
    let bytes = fs::read(&good).unwrap();
    fs::write(&partial, &bytes[..4096]).unwrap();
    assert_eq!(latest_good_backup(&backups), Some(good.clone()));
    fs::remove_file(&good).unwrap();
    assert_eq!(latest_good_backup(&backups), None);
    let made = store
        .backup_if_older_than(chrono::Duration::days(1), 7)
        .unwrap();
    assert!(made.is_some(), "the partial file does not count as fresh");
    assert_eq!(list_backups(&backups), vec![made.unwrap()], "and is pruned");
    // `check` names only a backup that passes its own check.
    fs::write(&partial, &bytes[..4096]).unwrap();
    let out = fieldbook(&db).arg("check").output().unwrap();
    assert!(out.status.success());
}

#[test]
fn export_and_report_refuse_a_fifo_a_link_or_a_folder_as_their_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with(dir.path(), "f.db", &["PLAS"]);
    let fifo = dir.path().join("out.json");
    mkfifo(&fifo);
    let target = dir.path().join("precious.txt");
    fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("link.vcf");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let folder = dir.path().join("folder.xlsx");
    fs::create_dir(&folder).unwrap();
    let cases: [(&[&str], &Path, &str); 5] = [
        (
            &["export", "--format", "json", "--out"],
            &db,
            "database in use",
        ),
        (
            &["export", "--format", "json", "--out"],
            &fifo,
            "named pipe",
        ),
        (
            &["export", "--format", "vcard", "--out"],
            &link,
            "symbolic link",
        ),
        (
            &["export", "--format", "xlsx", "--out"],
            &folder,
            "a directory",
        ),
        (
            &["report", "--month", "2026-11", "--out"],
            &fifo,
            "named pipe",
        ),
    ];
    for (args, path, what) in cases {
        let out = run_within(fieldbook(&db).args(args).arg(path), 30);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains(what) && err.contains("Nothing was written"),
            "{err}"
        );
        assert_eq!(org_names(&db), ["PLAS"], "the book is still the book");
    }
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
    assert!(
        !names_in(dir.path()).iter().any(|n| n.contains(".part")),
        "no temporary file left"
    );
}

#[test]
fn a_csv_export_folder_appears_whole_and_replaces_one_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with(dir.path(), "f.db", &["PLAS"]);
    let out_dir = dir.path().join("export");
    let export = |force: bool| {
        let mut cmd = fieldbook(&db);
        cmd.args(["export", "--format", "csv", "--out"])
            .arg(&out_dir);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    assert!(export(false).status.success());
    let files = names_in(&out_dir);
    assert!(
        files.contains(&"organizations.csv".to_string()),
        "{files:?}"
    );
    fs::write(out_dir.join("mine.txt"), "my own file").unwrap();
    let out = export(false);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(out_dir.join("mine.txt").exists(), "refused: nothing moved");
    let out = export(true);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(names_in(&out_dir), files);
    let aside: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("export.before-export-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(dir.path().join(&aside[0]).join("mine.txt").exists());
    assert!(
        stderr(&out).contains(&aside[0]),
        "says where the old folder went"
    );
}

/// The UI open on the book in a real terminal; `restore` from another shell
/// is refused and changes nothing.
#[test]
fn restore_is_refused_while_the_ui_has_the_book_open() {
    if !tmux_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = book_with(dir.path(), "f.db", &["Old Org"]);
    let backup = book_with(dir.path(), "b.db", &["New Org"]);
    let tmux = Tmux::start(120, 40, dir.path());
    tmux.run_fieldbook(&db);
    tmux.wait_text("Dashboard");
    let out = fieldbook(&db).arg("restore").arg(&backup).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is open in another program"),
        "{}",
        stderr(&out)
    );
    tmux.send(&["3"]);
    tmux.wait_text("Old Org");
    tmux.send(&["q"]);
    tmux.wait_text("FIELDBOOK-EXITED-0");
    assert_eq!(org_names(&db), ["Old Org"]);
    // The daily backup the UI started was finished before it exited, under
    // its final name only.
    let backups = dir.path().join("backups");
    let made = list_backups(&backups);
    assert_eq!(made.len(), 1, "{:?}", names_in(&backups));
    fieldbook::store::backup::verify_backup(&made[0]).unwrap();
    assert_eq!(names_in(&backups).len(), 1, "no temporary file left");
}
