//! Issue 12 part 7: what SQLite says raw (CHECK constraint failed ... Error
//! code 275, database or disk is full: Error code 13...) reaches the person as
//! one sentence that names the field or the file and says nothing changed.

use std::path::Path;
use std::process::Output;

mod common;
use common::cli::{fieldbook, stats};

/// A small demo book in a fresh folder.
fn demo_book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    fieldbook(&db)
        .args(["demo", "--scale", "30", "--today", "2026-11-28"])
        .assert()
        .success();
    (dir, db)
}

/// Exit 1, one line on stderr containing every one of `expected`, and none
/// of SQLite's raw words.
fn assert_one_clear_line(out: &Output, expected: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    for word in expected {
        assert!(stderr.contains(word), "'{word}' missing from: {stderr}");
    }
    for raw in ["Error code", "constraint failed", "memory allocation"] {
        assert!(
            !stderr.contains(raw),
            "raw SQLite words '{raw}' in: {stderr}"
        );
    }
}

#[test]
fn dates_far_out_of_range_are_refused_naming_the_flag() {
    let (_dir, db) = demo_book();
    let before = stats(&db);
    let cases: &[(&[&str], &str)] = &[
        (&["log-visit", "--date", "-99999y"], "--date"),
        (&["log-visit", "--date", "+99999y"], "--date"),
        (&["log-visit", "--date", "0001-01-01"], "--date"),
        (&["demo", "--force", "--today", "9999-12-31"], "--today"),
        (&["demo", "--force", "--today", "0001-01-01"], "--today"),
        (
            &["add", "project", "--title", "Far", "--start", "1066-10-14"],
            "--start",
        ),
        (
            &["log-visit", "--follow-up", "Call back;due=+99999y"],
            "due",
        ),
    ];
    for (args, flag) in cases {
        let out = fieldbook(&db).args(*args).output().unwrap();
        assert_one_clear_line(&out, &[flag, "1900-01-01 to 2200-12-31"]);
    }
    assert_eq!(stats(&db), before, "nothing was changed");
}

#[test]
fn a_huge_demo_scale_is_a_message_not_an_abort() {
    let (_dir, db) = demo_book();
    let before = stats(&db);
    let out = fieldbook(&db)
        .args(["demo", "--force", "--scale", "1000000000000"])
        .output()
        .unwrap();
    assert_one_clear_line(&out, &["--scale", "10000000", "Nothing was changed"]);
    assert_eq!(stats(&db), before);
}

/// Runs `script` (sh) in a private mount namespace with a 600 KiB tmpfs at
/// `mnt`: a real full disk, without root. `None` when the system does not
/// allow unprivileged user namespaces.
fn on_a_small_disk(mnt: &Path, script: &str) -> Option<Output> {
    let probe = std::process::Command::new("unshare")
        .args(["-Urm", "true"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        // CI (which sets FIELDBOOK_REQUIRE_TMUX) never skips a test.
        if std::env::var_os("FIELDBOOK_REQUIRE_TMUX").is_some() {
            panic!(
                "unshare -Urm is required in CI (FIELDBOOK_REQUIRE_TMUX is set) for the full-disk test"
            );
        }
        eprintln!(
            "\n*** SKIPPED: unshare -Urm is not allowed here: the full-disk test did not run ***\n"
        );
        return None;
    }
    let full = format!(
        "mount -t tmpfs -o size=700k none '{}' && {script}",
        mnt.display()
    );
    Some(
        std::process::Command::new("unshare")
            .args(["-Urm", "sh", "-c", &full])
            .env_remove("FIELDBOOK_DB")
            .output()
            .unwrap(),
    )
}

#[test]
fn a_full_disk_is_one_sentence_naming_the_file() {
    let (dir, db) = demo_book();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("fieldbook");
    let on_disk = mnt.join("book.db");
    // The book on the small disk grows past it (demo); then, with the disk
    // filled up, exports of the book (kept on the big disk) are written to it.
    let script = format!(
        "cp '{db}' '{book}' && \
         '{bin}' --db '{book}' stats --json > '{dir}/before.json' && \
         '{bin}' --db '{book}' demo --force --scale 2000 --today 2026-11-28 2> '{dir}/demo.err'; \
         echo $? > '{dir}/demo.rc'; \
         '{bin}' --db '{book}' stats --json > '{dir}/after.json'; \
         head -c 10000000 /dev/zero > '{mnt}/filler' 2>/dev/null; \
         '{bin}' --db '{db}' export --format json --out '{mnt}/out.json' 2> '{dir}/json.err'; \
         echo $? > '{dir}/json.rc'; \
         '{bin}' --db '{db}' export --format vcard --out '{mnt}/out.vcf' 2> '{dir}/vcf.err'; \
         echo $? > '{dir}/vcf.rc'; \
         ls '{mnt}' > '{dir}/ls.txt'",
        db = db.display(),
        book = on_disk.display(),
        bin = bin.display(),
        dir = dir.path().display(),
        mnt = mnt.display(),
    );
    let Some(out) = on_a_small_disk(&mnt, &script) else {
        return;
    };
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap_or_default();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let book = on_disk.display().to_string();
    for (step, file) in [
        ("demo", book.as_str()),
        ("json", "out.json"),
        ("vcf", "out.vcf"),
    ] {
        let stderr = read(&format!("{step}.err"));
        assert_eq!(read(&format!("{step}.rc")).trim(), "1", "{step}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{step}: {stderr}");
        assert!(stderr.contains(file), "{step} names {file}: {stderr}");
        assert!(
            stderr.contains("full"),
            "{step} says the disk is full: {stderr}"
        );
        assert!(stderr.contains("nothing was"), "{step}: {stderr}");
        assert!(!stderr.contains("Error code"), "{step}: {stderr}");
    }
    assert_eq!(
        read("before.json"),
        read("after.json"),
        "nothing was changed"
    );
    let left = read("ls.txt");
    assert!(!left.contains("out."), "no export file left behind: {left}");
}

#[test]
fn an_imported_date_the_book_cannot_hold_is_named() {
    let (dir, db) = demo_book();
    let json = dir.path().join("book.json");
    fieldbook(&db)
        .args(["export", "--format", "json", "--out"])
        .arg(&json)
        .assert()
        .success();
    let mut book: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    book["visits"][0]["date"] = "+10000-01-01".into();
    std::fs::write(&json, serde_json::to_string(&book).unwrap()).unwrap();
    let other = dir.path().join("other.db");
    fieldbook(&other).arg("stats").assert().success();
    let before = stats(&other);
    let out = fieldbook(&other).arg("import").arg(&json).output().unwrap();
    assert_one_clear_line(&out, &["book.json", "visit", "date", "+10000-01-01"]);
    assert_eq!(stats(&other), before);
}
