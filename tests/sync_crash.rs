//! A kill during `sync import` leaves the book as it was before the bundle
//! (issue 17): the bundle applies in one transaction.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fieldbook::domain::{OrgKind, Organization};
use fieldbook::store::Store;
use rusqlite::Connection;

mod common;
use common::rng::Rng;

const CHANGES: usize = 1500;

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

fn import(bin: &str, db: &Path, bundle: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.arg("--db")
        .arg(db)
        .args(["sync", "import"])
        .arg(bundle)
        .env("FIELDBOOK_SYNC_PASSPHRASE", "p")
        .env_remove("FIELDBOOK_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[test]
fn sigkill_during_sync_import_leaves_the_book_whole() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_fieldbook");
    let (a, b0, bundle) = (
        dir.path().join("a.db"),
        dir.path().join("b0.db"),
        dir.path().join("a.fbsync"),
    );
    {
        let mut store = Store::open(&a).unwrap();
        let org = Organization::new("Origin", OrgKind::Other);
        store.write(|tx| tx.save_organization(&org)).unwrap();
    }
    std::fs::copy(&a, &b0).unwrap();
    let out = Command::new(bin)
        .arg("--db")
        .arg(&b0)
        .args(["sync", "reset-id"])
        .output()
        .unwrap();
    assert!(out.status.success());
    {
        let mut store = Store::open(&a).unwrap();
        for i in 0..CHANGES {
            let org = Organization::new(format!("Sent {i}"), OrgKind::Other);
            store.write(|tx| tx.save_organization(&org)).unwrap();
        }
    }
    let out = Command::new(bin)
        .arg("--db")
        .arg(&a)
        .args(["sync", "export", "--plain", "--out"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(out.status.success());
    // How long a whole import takes here, so kills land inside it.
    let whole = dir.path().join("whole.db");
    std::fs::copy(&b0, &whole).unwrap();
    let started = Instant::now();
    assert!(import(bin, &whole, &bundle).status().unwrap().success());
    let window_ms = (started.elapsed().as_millis() as u64 * 12 / 10).max(50);
    assert_eq!(
        count(&whole, "SELECT count(*) FROM organizations"),
        1 + CHANGES as i64
    );
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut killed, mut whole_runs) = (0, 0);
    for round in 0..12 {
        let b = dir.path().join(format!("try{round}.db"));
        std::fs::copy(&b0, &b).unwrap();
        let mut child = import(bin, &b, &bundle).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.next(window_ms)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            whole_runs += 1;
        } else {
            killed += 1;
        }
        let orgs = count(&b, "SELECT count(*) FROM organizations");
        let logged = count(&b, "SELECT count(*) FROM sync_log");
        let indexed = count(&b, "SELECT count(*) FROM search_docs");
        assert!(
            (orgs, logged) == (1, 1) || (orgs, logged) == (1 + CHANGES as i64, 1 + CHANGES as i64),
            "round {round}: {orgs} organizations and {logged} logged changes: half a bundle"
        );
        let expected = if orgs == 1 { &b0 } else { &whole };
        assert_eq!(
            indexed,
            count(expected, "SELECT count(*) FROM search_docs"),
            "round {round}: the search index does not match the records"
        );
        let ok: String = Connection::open(&b)
            .unwrap()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        // Whatever happened, importing again completes the book.
        assert!(import(bin, &b, &bundle).status().unwrap().success());
        assert_eq!(
            count(&b, "SELECT count(*) FROM organizations"),
            1 + CHANGES as i64
        );
        std::fs::remove_file(&b).unwrap();
    }
    assert!(
        killed >= 6,
        "only {killed} kills landed ({whole_runs} imports finished first)"
    );
}
