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
