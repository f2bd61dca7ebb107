//! Killing a writer with SIGKILL in the middle of its transaction loses
//! nothing it reported as committed and leaves nothing half written.

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

mod common;
use common::rng::Rng;

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Contacts in one demo transaction.
const SCALE: i64 = 1000;

#[test]
fn sigkill_mid_transaction_thirty_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let bin = env!("CARGO_BIN_EXE_fieldbook");
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    // Kill times spread over the writer's own run time on this machine
    // (measured on one whole run, which commits), so most rounds kill it
    // mid-transaction instead of letting the book grow round after round.
    let started = Instant::now();
    let first = Command::new(bin)
        .args(["--db", &db.display().to_string(), "demo", "--scale", "1000"])
        .output()
        .unwrap();
    assert!(first.status.success());
    let window_ms = (started.elapsed().as_millis() as u64 * 13 / 10).max(50);
    let mut demos_committed = 1i64;
    let mut ids: Vec<String> = Vec::new();
    let mut kills = 0;
    let mut round = 0u64;
    while kills < 30 {
        round += 1;
        // A committed single write, whose printed id must survive everything after.
        let out = Command::new(bin)
            .args([
                "--db",
                &db.display().to_string(),
                "add",
                "org",
                "--name",
                &format!("Committed {round}"),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        ids.push(String::from_utf8(out.stdout).unwrap().trim().to_string());

        // A big transaction (demo data: 1,000 contacts, 10,000 notes, visits...),
        // killed at a random moment.
        let mut child = Command::new(bin)
            .args([
                "--db",
                &db.display().to_string(),
                "demo",
                "--scale",
                "1000",
                "--force",
            ])
            .args(["--seed", &round.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_millis(5 + rng.next(window_ms));
        while Instant::now() < deadline {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let killed = child.try_wait().unwrap().is_none();
        if killed {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        let output = child.wait_with_output().unwrap();
        if String::from_utf8_lossy(&output.stdout).contains("demo data added") {
            demos_committed += 1;
        }

        // After every round: the file is sound, every reported commit is
        // there, and the big transaction is all there or not at all.
        assert_eq!(
            Connection::open(&db)
                .unwrap()
                .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
                .unwrap(),
            "ok"
        );
        assert_eq!(
            count(&db, "SELECT count(*) FROM pragma_foreign_key_check"),
            0
        );
        let contacts = count(&db, "SELECT count(*) FROM contacts");
        assert!(
            contacts == demos_committed * SCALE
                || (contacts == (demos_committed + 1) * SCALE && killed),
            "round {round}: {contacts} contacts for {demos_committed} finished demos"
        );
        if contacts == (demos_committed + 1) * SCALE {
            // Killed after the commit, before it said so: committed all the same.
            demos_committed += 1;
        }
        let conn = Connection::open(&db).unwrap();
        for id in &ids {
            let uuid = uuid::Uuid::parse_str(id).unwrap();
            let found: i64 = conn
                .query_row(
                    "SELECT count(*) FROM organizations WHERE id = ?1",
                    [uuid],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(found, 1, "round {round}: committed org {id} lost");
        }
        // The search index moved with the data too.
        let indexed = count(
            &db,
            "SELECT count(DISTINCT record_id) FROM search_docs WHERE kind = 'contact'",
        );
        assert_eq!(
            indexed, contacts,
            "round {round}: index and records disagree"
        );
    }
    assert!(
        round < 60,
        "the writer was too quick to kill: {round} rounds for 30 kills"
    );
}
