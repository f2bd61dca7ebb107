//! The hub (issue 18) on a real PostgreSQL server: a desk's role may push
//! (its own and forwarded changes, recorded with the role) but never
//! change or delete what was pushed; a client killed mid-push loses and
//! duplicates nothing when the push is run again.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

mod common;
use common::cli::fieldbook;
use common::desks::{PASS, sync};
use common::hubs::{hub_ok as hub, ok};
use common::pg::Pg;

fn desk(dir: &Path, name: &str, orgs: usize) -> PathBuf {
    let db = dir.join(name);
    for i in 0..orgs {
        ok(fieldbook(&db).args(["add", "org", "--name", &format!("{name} partner {i}")]));
    }
    db
}

#[test]
fn a_desk_role_pushes_and_forwards_but_never_alters_or_deletes() {
    let Some(pg) = Pg::start("a_desk_role_pushes_and_forwards_but_never_alters_or_deletes") else {
        return;
    };
    let admin = pg.create_db("hub");
    hub(&["init", "--hub", &admin]);
    let granted = hub(&["grant", "desk_ke", "--hub", &admin]);
    assert!(granted.contains("desk_ke is a desk"), "{granted}");
    hub(&["grant", "desk_tz", "--hub", &admin]);
    let dir = tempfile::tempdir().unwrap();
    let ke = desk(dir.path(), "nairobi.db", 2);
    let tz = desk(dir.path(), "arusha.db", 1);
    // Nairobi's changes reach Arusha by file; Arusha forwards them first.
    let bundle = dir.path().join("ke.fbsync");
    ok(sync(&ke).args(["export", "--out"]).arg(&bundle));
    ok(sync(&tz).arg("import").arg(&bundle));
    ok(sync(&tz).args(["push", "--hub", &pg.url("desk_tz", "hub")]));
    ok(sync(&ke).args(["--hub", &pg.url("desk_ke", "hub")]));
    let mut su = pg.client("postgres", "hub");
    let by: Vec<(String, i64)> = su
        .query(
            "SELECT pushed_by::text, count(*) FROM hub.changesets GROUP BY 1 ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(
        by,
        vec![("desk_tz".to_string(), 3)],
        "Arusha pushed its own change and Nairobi's two; Nairobi found them there"
    );
    let ops_by: Vec<String> = su
        .query("SELECT DISTINCT pushed_by::text FROM hub.operations", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(ops_by, vec!["desk_tz".to_string()]);

    let mut desk_role = pg.client("desk_ke", "hub");
    for forbidden in [
        "UPDATE hub.operations SET value = '\"forged\"'",
        "DELETE FROM hub.operations",
        "UPDATE hub.changesets SET changeset = '\\x00'",
        "DELETE FROM hub.changesets",
        "DELETE FROM hub.bundles",
        "UPDATE hub.bundles SET bytes = '\\x00'",
        "TRUNCATE hub.operations",
        "UPDATE hub.organizations SET name = 'forged'",
        "DELETE FROM hub.organizations",
        "UPDATE hub.cursors SET seq = 0",
        "DELETE FROM hub.conflicts",
        // Nor may it say someone else pushed a change.
        "INSERT INTO hub.bundles (sender, desk, schema, encrypted, entries, bytes, pushed_by) \
         VALUES (gen_random_uuid(), 'x', 1, true, 0, '\\x00', 'desk_tz')",
    ] {
        let err = desk_role
            .batch_execute(forbidden)
            .expect_err(forbidden)
            .as_db_error()
            .map(|e| e.message().to_string())
            .unwrap_or_default();
        assert!(err.contains("permission denied"), "{forbidden}: {err}");
    }
    // It may read what head office reads.
    let names: i64 = desk_role
        .query_one("SELECT count(*) FROM hub.organizations", &[])
        .unwrap()
        .get(0);
    assert_eq!(names, 3);
}

/// Waits for `condition`, polling; fails after a generous timeout.
fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let start = Instant::now();
    while !condition() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_client_killed_mid_push_loses_and_duplicates_nothing_on_retry() {
    let Some(pg) = Pg::start("a_client_killed_mid_push_loses_and_duplicates_nothing_on_retry")
    else {
        return;
    };
    let url = pg.create_db("hub");
    let whole = pg.create_db("whole");
    hub(&["init", "--hub", &url]);
    hub(&["init", "--hub", &whole]);
    let dir = tempfile::tempdir().unwrap();
    let a = desk(dir.path(), "nairobi.db", 12);
    // Batches of 4, each waiting half a second before it commits (a
    // test-only setting): the real binary is killed while a batch after
    // the first is open.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("fieldbook"))
        .arg("--db")
        .arg(&a)
        .args(["sync", "push", "--hub", &url])
        .env("FIELDBOOK_SYNC_PASSPHRASE", PASS)
        .env("FIELDBOOK_HUB_BATCH", "4")
        .env("FIELDBOOK_HUB_TEST_PAUSE_MS", "500")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut su = pg.client("postgres", "hub");
    let mut count = |sql: &str| -> i64 { su.query_one(sql, &[]).unwrap().get(0) };
    wait_for("a batch after the first to be open", || {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the push finished before the test could kill it"
        );
        count("SELECT count(*) FROM hub.changesets") >= 4
            && count(
                "SELECT count(*) FROM pg_stat_activity \
                 WHERE application_name = 'fieldbook' AND state = 'idle in transaction'",
            ) == 1
    });
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    wait_for("the server to drop the killed client", || {
        count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fieldbook'") == 0
    });
    let kept = count("SELECT count(*) FROM hub.changesets");
    assert!(
        kept < 12 && kept % 4 == 0,
        "{kept}: the open batch is rolled back whole"
    );
    assert_eq!(count("SELECT count(*) FROM hub.bundles"), kept / 4);
    // Run again: the rest goes, nothing twice.
    let again = ok(sync(&a).args(["push", "--hub", &url]));
    assert!(
        again.contains(&format!("sent {} changes", 12 - kept)),
        "{again}"
    );
    ok(sync(&a).args(["push", "--hub", &whole]));
    let mut one_go = pg.client("postgres", "whole");
    let mut su = pg.client("postgres", "hub");
    for sql in [
        "SELECT count(*) FROM hub.changesets",
        "SELECT count(*) FROM hub.operations",
        "SELECT count(DISTINCT (replica, seq)) FROM hub.operations",
        "SELECT count(*) FROM hub.organizations",
    ] {
        let resumed: i64 = su.query_one(sql, &[]).unwrap().get(0);
        let whole: i64 = one_go.query_one(sql, &[]).unwrap().get(0);
        assert_eq!(resumed, whole, "{sql}");
    }
    let rows = |c: &mut postgres::Client| -> Vec<serde_json::Value> {
        c.query(
            "SELECT to_jsonb(t) FROM hub.organizations t ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    };
    assert_eq!(rows(&mut su), rows(&mut one_go));
    assert_eq!(rows(&mut su).len(), 12);
}

/// `sslmode=require` over TCP: the certificate is checked (a hub whose CA
/// the desk does not trust is refused in one line), and with head office's
/// CA given (FIELDBOOK_HUB_CA) the desk pushes over TLS; the server takes
/// TCP connections only over TLS (hostssl), so success proves it.
#[test]
fn sslmode_require_checks_the_certificate_and_a_desk_logs_in_from_its_password_file() {
    let Some((pg, port)) = Pg::start_tls(
        "sslmode_require_checks_the_certificate_and_a_desk_logs_in_from_its_password_file",
    ) else {
        return;
    };
    pg.create_db("hub");
    let url = format!("postgresql://postgres@localhost:{port}/hub?sslmode=require");
    let dir = tempfile::tempdir().unwrap();
    let a = desk(dir.path(), "nairobi.db", 2);
    let out = fieldbook(Path::new("/nonexistent/unused.db"))
        .env_remove("FIELDBOOK_HUB_CA")
        .args(["hub", "init", "--hub", &url])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("cannot reach the hub at postgres@localhost/hub"),
        "{err}"
    );
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    let ca = pg.ca_pem();
    ok(fieldbook(Path::new("/nonexistent/unused.db"))
        .env("FIELDBOOK_HUB_CA", &ca)
        .args(["hub", "init", "--hub", &url]));
    let pushed = ok(sync(&a)
        .env("FIELDBOOK_HUB_CA", &ca)
        .args(["push", "--hub", &url]));
    assert!(pushed.contains("sent 2 changes"), "{pushed}");
    // Without TLS the server says no: the push above went over TLS.
    let plain = format!("postgresql://postgres@localhost:{port}/hub?sslmode=disable");
    let out = sync(&a).args(["pull", "--hub", &plain]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_hba.conf"));
    // A desk role logs in with the password from its password file, as
    // psql would; a file others may read is refused, saying so.
    ok(fieldbook(Path::new("/nonexistent/unused.db"))
        .env("FIELDBOOK_HUB_CA", &ca)
        .args(["hub", "grant", "desk_ke", "--hub", &url]));
    pg.client("postgres", "hub")
        .batch_execute("ALTER ROLE desk_ke PASSWORD 'lake basin 2026'")
        .unwrap();
    let desk_url = format!("postgresql://desk_ke@localhost:{port}/hub?sslmode=require");
    let pgpass = dir.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!("localhost:{port}:hub:desk_ke:lake basin 2026\n"),
    )
    .unwrap();
    let push = |mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(mode)).unwrap();
        sync(&a)
            .env("FIELDBOOK_HUB_CA", &ca)
            .env("PGPASSFILE", &pgpass)
            .args(["push", "--hub", &desk_url])
            .output()
            .unwrap()
    };
    let out = push(0o644);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("refused the login") && err.contains("chmod 600"),
        "{err}"
    );
    let out = push(0o600);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A copy made with cp and never given its own identity writes changes
/// under the original's replica and sequence numbers: the hub refuses its
/// push (ON CONFLICT DO NOTHING would otherwise drop them silently).
#[test]
fn a_forked_copy_is_refused_by_the_hub_not_dropped() {
    let Some(pg) = Pg::start("a_forked_copy_is_refused_by_the_hub_not_dropped") else {
        return;
    };
    let url = pg.create_db("hub");
    hub(&["init", "--hub", &url]);
    let dir = tempfile::tempdir().unwrap();
    let a = desk(dir.path(), "nairobi.db", 2);
    ok(sync(&a).args(["push", "--hub", &url]));
    let twin = dir.path().join("twin.db");
    std::fs::copy(&a, &twin).unwrap();
    ok(fieldbook(&a).args(["add", "org", "--name", "Only on the original"]));
    ok(fieldbook(&twin).args(["add", "org", "--name", "Only on the copy"]));
    ok(sync(&a).args(["push", "--hub", &url]));
    let out = sync(&twin).args(["push", "--hub", &url]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("reset-id"), "{err}");
    // The hub keeps the original's change, and nothing of the copy's.
    let names: Vec<String> = pg
        .client("postgres", "hub")
        .query("SELECT name FROM hub.organizations ORDER BY name", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(
        names.contains(&"Only on the original".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Only on the copy".to_string()),
        "{names:?}"
    );
}

/// An analyst's role reads the merged records and the conflicts, and
/// nothing of what desks send; it writes nothing.
#[test]
fn a_reader_role_reads_the_records_and_nothing_desks_send() {
    let Some(pg) = Pg::start("a_reader_role_reads_the_records_and_nothing_desks_send") else {
        return;
    };
    let admin = pg.create_db("hub");
    hub(&["init", "--hub", &admin]);
    let said = hub(&["grant", "analyst", "--reader", "--hub", &admin]);
    assert!(said.contains("analyst is a reader"), "{said}");
    let dir = tempfile::tempdir().unwrap();
    let ke = desk(dir.path(), "nairobi.db", 2);
    ok(sync(&ke).args(["push", "--hub", &admin]));
    let mut analyst = pg.client("analyst", "hub");
    let orgs: i64 = analyst
        .query_one("SELECT count(*) FROM hub.organizations", &[])
        .unwrap()
        .get(0);
    assert_eq!(orgs, 2);
    analyst
        .query_one("SELECT count(*) FROM hub.conflicts", &[])
        .unwrap();
    for sql in [
        "SELECT count(*) FROM hub.operations",
        "SELECT count(*) FROM hub.changesets",
        "SELECT count(*) FROM hub.bundles",
        "SELECT count(*) FROM hub.files",
        "UPDATE hub.organizations SET name = 'x'",
        "DELETE FROM hub.contacts",
    ] {
        let err = analyst.batch_execute(sql).unwrap_err();
        assert!(
            err.to_string().contains("permission denied")
                || format!("{:?}", err.as_db_error()).contains("permission denied"),
            "{sql}: {err}"
        );
    }
}
