//! Two desks from one origin, driven through the real binary as a person
//! would: `add`, a copy given its own identity (`sync reset-id`), `edit`,
//! and plain bundles exchanged with `sync export --plain` / `sync import`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use super::cli::fieldbook;

/// The passphrase the offices share, for encrypted bundles.
pub const PASS: &str = "shared by the offices";

/// `fieldbook --db db sync ...` with the offices' passphrase and no hub
/// from the environment (set the sub-command and flags on it).
pub fn sync(db: &Path) -> assert_cmd::Command {
    let mut cmd = fieldbook(db);
    cmd.env("FIELDBOOK_SYNC_PASSPHRASE", PASS)
        .env_remove("FIELDBOOK_HUB")
        .arg("sync");
    cmd
}

/// Runs `fieldbook --db db ARGS`, which must succeed; its stdout.
pub fn run(db: &Path, args: &[&str]) -> String {
    let out = fieldbook(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "fieldbook {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A book with one organization, and a copy given its own identity: the
/// Nairobi desk and the Kisumu desk.
pub fn two_desks(dir: &Path, org: &str) -> (PathBuf, PathBuf) {
    let a = dir.join("nairobi.db");
    let b = dir.join("kisumu.db");
    run(&a, &["add", "org", "--name", org]);
    std::fs::copy(&a, &b).unwrap();
    run(&b, &["sync", "reset-id"]);
    (a, b)
}

/// Sends everything `from` holds to `to` (a plain bundle in `dir`).
pub fn send(dir: &Path, from: &Path, to: &Path) -> String {
    let name = format!(
        "{}-to-{}.fbsync",
        from.file_stem().unwrap().to_string_lossy(),
        to.file_stem().unwrap().to_string_lossy()
    );
    let bundle = dir.join(name);
    let out = bundle.to_str().unwrap();
    run(from, &["sync", "export", "--plain", "--out", out]);
    run(to, &["sync", "import", out])
}

/// Each book sends the other everything it has.
pub fn exchange(dir: &Path, a: &Path, b: &Path) {
    send(dir, a, b);
    send(dir, b, a);
}

/// Both desks change one field of the organization without seeing each
/// other's change (`b` second, so its value wins), then exchange.
pub fn race(dir: &Path, (a, b): (&Path, &Path), org: &str, flag: &str, values: (&str, &str)) {
    run(a, &["edit", "org", org, flag, values.0]);
    run(b, &["edit", "org", org, flag, values.1]);
    exchange(dir, a, b);
}

/// `sync conflicts`, one line each.
pub fn conflicts(db: &Path) -> Vec<String> {
    run(db, &["sync", "conflicts"])
        .lines()
        .filter(|l| *l != "no conflicts to review")
        .map(str::to_string)
        .collect()
}

/// `export --format json`, to compare two books.
pub fn json(db: &Path) -> Vec<u8> {
    let file = db.with_extension("export.json");
    run(
        db,
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    std::fs::read(file).unwrap()
}
