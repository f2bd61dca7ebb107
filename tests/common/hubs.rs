//! The hub tests' shared steps: a command that must succeed, `fieldbook
//! hub ...` with the offices' passphrase, a hub made ready, a desk with
//! records of its own.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use super::cli::fieldbook;
use super::desks::PASS;

/// Runs the command, which must succeed; its stdout.
pub fn ok(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `fieldbook hub ARGS` (no book), with the offices' passphrase.
pub fn hub_output(args: &[&str]) -> std::process::Output {
    fieldbook(Path::new("/nonexistent/unused.db"))
        .env("FIELDBOOK_SYNC_PASSPHRASE", PASS)
        .arg("hub")
        .args(args)
        .output()
        .unwrap()
}

/// `fieldbook hub ARGS`, which must succeed; its stdout.
pub fn hub_ok(args: &[&str]) -> String {
    let out = hub_output(args);
    assert!(
        out.status.success(),
        "hub {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Creates the hub schema at `url`.
pub fn hub_init(url: &str) {
    hub_ok(&["init", "--hub", url]);
}

pub fn add_org(db: &Path, name: &str) -> fieldbook::domain::Id {
    ok(fieldbook(db).args(["add", "org", "--name", name]))
        .trim()
        .parse()
        .unwrap()
}

/// A desk with organizations, contacts and a project of its own.
pub fn desk_with_records(dir: &Path, name: &str, orgs: &[&str]) -> PathBuf {
    let db = dir.join(name);
    for org in orgs {
        add_org(&db, org);
        ok(fieldbook(&db).args([
            "add",
            "contact",
            "--name",
            &format!("Officer of {org}"),
            "--org",
            org,
            "--country",
            "KE",
        ]));
    }
    ok(fieldbook(&db).args([
        "add",
        "project",
        "--title",
        &format!("Wells of {name}"),
        "--org",
        orgs[0],
        "--country",
        "KE",
    ]));
    db
}

/// A book's rows of one table as the hub's JSON.
pub fn desk_rows(db: &Path, table: &str) -> Vec<serde_json::Value> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
    let names: Vec<String> = stmt.column_names().map(|s| s.to_string()).collect();
    stmt.query_map([], |r| {
        let mut row = serde_json::Map::new();
        for (i, name) in names.iter().enumerate() {
            let v: rusqlite::types::Value = r.get(i)?;
            row.insert(name.clone(), fieldbook::hub::operations::to_json(name, &v));
        }
        Ok(serde_json::Value::Object(row))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// A hub read table's rows and the book's rows of the same table, each as
/// sorted JSON arrays of the hub's columns (a newer book may have more; the
/// link tables' row_key is the hub's own name of a row).
pub fn read_table_and_book(
    hub: &mut postgres::Client,
    db: &Path,
    table: &str,
) -> (Vec<String>, Vec<String>) {
    let at_hub: Vec<serde_json::Value> = hub
        .query(&format!("SELECT to_jsonb(t) FROM hub.{table} t"), &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let columns: Vec<String> = hub
        .query(
            "SELECT attname::text FROM pg_attribute WHERE attrelid = ('hub.' || $1)::regclass \
             AND attnum > 0 AND NOT attisdropped AND attname <> 'row_key' ORDER BY attnum",
            &[&table],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let project = |rows: &[serde_json::Value]| -> Vec<String> {
        let mut out: Vec<String> = rows
            .iter()
            .map(|r| {
                let values: Vec<serde_json::Value> = columns.iter().map(|k| r[k].clone()).collect();
                serde_json::Value::Array(values).to_string()
            })
            .collect();
        out.sort();
        out
    };
    (project(&at_hub), project(&desk_rows(db, table)))
}
