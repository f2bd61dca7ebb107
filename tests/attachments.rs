//! Attachments (issue 16, section 5): files stored inside the book once
//! per SHA-256, refused whole (naming the file) when they cannot be kept,
//! listed, opened and saved, in the trash with undo, and carried
//! byte-identical by the JSON export and by backups.

use std::fs;
use std::path::{Path, PathBuf};

use fieldbook::domain::attachment::{MAX_SIZE, sha256_hex};
use fieldbook::domain::*;
use fieldbook::store::Store;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

mod common;
use common::cli::{fieldbook, stats};

/// A JPEG-looking file of `len` bytes (its first bytes say JPEG).
fn photo(dir: &Path, name: &str, len: usize, seed: u8) -> PathBuf {
    let mut data: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect();
    data[..3].copy_from_slice(b"\xFF\xD8\xFF");
    let path = dir.join(name);
    fs::write(&path, data).unwrap();
    path
}

fn counts(db: &Path) -> (i64, i64) {
    let store = Store::open(db).unwrap();
    let r = store.read();
    let attachments = r
        .counts()
        .unwrap()
        .into_iter()
        .find(|c| c.kind == RecordKind::Attachment)
        .unwrap();
    let blobs = r.attachment_bytes().unwrap();
    (attachments.live + attachments.deleted, blobs)
}

fn book_with_org(dir: &Path) -> PathBuf {
    let db = dir.join("a.db");
    fieldbook(&db)
        .args(["add", "org", "--name", "PLAS Kenya"])
        .assert()
        .success();
    db
}

#[test]
fn the_same_file_attached_twice_is_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_org(dir.path());
    let a = photo(dir.path(), "site.jpg", 300_000, 1);
    let copy = dir.path().join("copy-of-site.jpg");
    fs::copy(&a, &copy).unwrap();
    fieldbook(&db)
        .args(["attach", "--org", "PLAS Kenya"])
        .arg(&a)
        .assert()
        .success()
        .stdout(contains("site.jpg  image/jpeg  293 KiB"));
    fieldbook(&db)
        .args(["attach", "--org", "PLAS Kenya"])
        .arg(&copy)
        .assert()
        .success()
        .stdout(contains("contents already in the book: stored once"));
    assert_eq!(
        counts(&db),
        (2, 300_000),
        "two attachments, one stored file"
    );
    fieldbook(&db)
        .args(["attachments", "--org", "PLAS Kenya"])
        .assert()
        .success()
        .stdout(contains("site.jpg  image/jpeg  293 KiB"))
        .stdout(contains("copy-of-site.jpg"));
}

#[test]
fn files_that_cannot_be_attached_are_refused_naming_them_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_org(dir.path());
    let good = photo(dir.path(), "good.jpg", 1000, 2);
    let empty = dir.path().join("empty.pdf");
    fs::write(&empty, b"").unwrap();
    // Sparse: over the limit without writing 25 MiB.
    let huge = dir.path().join("video.mp4");
    fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_SIZE + 1)
        .unwrap();
    let missing = dir.path().join("gone.jpg");
    let folder = dir.path().join("scans");
    fs::create_dir(&folder).unwrap();
    let cases: [(&Path, &str); 4] = [
        (
            &empty,
            "empty.pdf is empty (0 bytes); there is nothing to attach; nothing was attached",
        ),
        (
            &huge,
            "video.mp4 is 25.0 MiB and fieldbook keeps files up to 25.0 MiB (see README, Attachments); nothing was attached",
        ),
        (&missing, "gone.jpg: no such file; nothing was attached"),
        (
            &folder,
            "scans is a directory, not a file; nothing was attached",
        ),
    ];
    for (bad, message) in cases {
        // With a good file first: all or nothing.
        fieldbook(&db)
            .args(["attach", "--org", "PLAS Kenya"])
            .arg(&good)
            .arg(bad)
            .assert()
            .failure()
            .stderr(contains(message));
    }
    fieldbook(&db)
        .args(["attach", "--visit", "not-an-id"])
        .arg(&good)
        .assert()
        .failure()
        .stderr(contains("--visit: 'not-an-id' is not a visit id"));
    fieldbook(&db)
        .args([
            "attach",
            "--consultation",
            "01a24ebf-fc09-7332-9c21-9b2b97db0c05",
        ])
        .arg(&good)
        .assert()
        .failure()
        .stderr(contains(
            "consultation: no consultation with id 01a24ebf-fc09-7332-9c21-9b2b97db0c05",
        ));
    assert_eq!(counts(&db), (0, 0), "nothing was written");
}

fn only_attachment(db: &Path) -> Attachment {
    let store = Store::open(db).unwrap();
    let mut all = Vec::new();
    store
        .read()
        .each_attachment(|a| {
            all.push(a);
            Ok(())
        })
        .unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

#[test]
fn save_and_open_write_the_same_bytes_and_never_replace_a_file_silently() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_org(dir.path());
    let original = photo(dir.path(), "letter.jpg", 50_000, 3);
    fieldbook(&db)
        .args(["attach", "--org", "PLAS Kenya"])
        .arg(&original)
        .assert()
        .success();
    let a = only_attachment(&db);
    let id = a.meta.id.to_string();
    let out = dir.path().join("out.jpg");
    fieldbook(&db)
        .args(["attachment", "save", &id, "--out"])
        .arg(&out)
        .assert()
        .success();
    assert_eq!(fs::read(&out).unwrap(), fs::read(&original).unwrap());
    fieldbook(&db)
        .args(["attachment", "save", &id, "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(contains(
            "out.jpg already exists; nothing was written (--force replaces it",
        ));
    fieldbook(&db)
        .args(["attachment", "save", &id, "--force", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(contains("(replaced the file that was there)"));
    // No viewer: written out, and said where.
    let tmp = dir.path().join("tmp");
    fs::create_dir(&tmp).unwrap();
    let said = fieldbook(&db)
        .args(["attachment", "open", &id])
        .env("FIELDBOOK_OPENER", "")
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    let said = String::from_utf8(said.stdout).unwrap();
    assert!(
        said.starts_with("no viewer (xdg-open or open) found; letter.jpg was written to "),
        "{said}"
    );
    let written = PathBuf::from(said.trim().rsplit(" written to ").next().unwrap());
    assert!(written.starts_with(&tmp));
    assert_eq!(fs::read(&written).unwrap(), fs::read(&original).unwrap());
    // A viewer (here `true`) is run with the file.
    fieldbook(&db)
        .args(["attachment", "open", &id])
        .env("FIELDBOOK_OPENER", "true")
        .env("TMPDIR", &tmp)
        .assert()
        .success()
        .stdout(contains("opened letter.jpg with true"));
    fieldbook(&db)
        .args(["attachment", "open", "01a24ebf-fc09-7332-9c21-9b2b97db0c05"])
        .assert()
        .failure()
        .stderr(contains(
            "no attachment has the id 01a24ebf-fc09-7332-9c21-9b2b97db0c05",
        ));
}

#[test]
fn an_attachment_goes_to_the_trash_and_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_org(dir.path());
    let file = photo(dir.path(), "site.jpg", 4000, 4);
    fieldbook(&db)
        .args(["attach", "--org", "PLAS Kenya"])
        .arg(&file)
        .assert()
        .success();
    let a = only_attachment(&db);
    let mut store = Store::open(&db).unwrap();
    let on = |store: &Store| store.read().attachments_on(a.target).unwrap().len();
    assert_eq!(on(&store), 1);
    store
        .write(|tx| tx.set_deleted(RecordKind::Attachment, a.meta.id, true))
        .unwrap();
    assert_eq!(on(&store), 0);
    let trash = store.read().trash(10).unwrap();
    assert_eq!(
        (trash[0].kind, trash[0].title.as_str()),
        (RecordKind::Attachment, "site.jpg")
    );
    store
        .write(|tx| tx.set_deleted(RecordKind::Attachment, a.meta.id, false))
        .unwrap();
    assert_eq!(on(&store), 1);
    // The contents stayed for the undo.
    assert_eq!(
        store.read().attachment_data(&a.sha256).unwrap().unwrap(),
        fs::read(&file).unwrap()
    );
}

/// A demo book with files on a visit, a project and a contact, one in the
/// trash, and the same file twice.
fn demo_with_files(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    fieldbook(&db)
        .args(["demo", "--scale", "60"])
        .assert()
        .success();
    let store = Store::open(&db).unwrap();
    let mut visit = None;
    store
        .read()
        .each_visit(|v| {
            visit.get_or_insert(v.meta.id);
            Ok(())
        })
        .unwrap();
    drop(store);
    let visit = visit.unwrap().to_string();
    let one = photo(dir, "site.jpg", 200_000, 5);
    let two = dir.join("report.pdf");
    fs::write(&two, b"%PDF-1.4 the quarterly report").unwrap();
    fieldbook(&db)
        .args(["attach", "--visit", &visit])
        .arg(&one)
        .arg(&two)
        .assert()
        .success();
    fieldbook(&db)
        .args(["attach", "--visit", &visit])
        .arg(&one)
        .assert()
        .success();
    let mut store = Store::open(&db).unwrap();
    let mut first = None;
    store
        .read()
        .each_attachment(|a| {
            first.get_or_insert(a.meta.id);
            Ok(())
        })
        .unwrap();
    store
        .write(|tx| tx.set_deleted(RecordKind::Attachment, first.unwrap(), true))
        .unwrap();
    db
}

#[test]
fn json_export_carries_the_files_and_restores_them_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_with_files(dir.path());
    let first = dir.path().join("first.json");
    fieldbook(&a)
        .args(["export", "--format", "json", "--out"])
        .arg(&first)
        .assert()
        .success();
    let text = fs::read_to_string(&first).unwrap();
    assert!(text.contains("\"attachments\": [") && text.contains("\"files\": ["));
    assert!(text.contains("\"registrations\": ["));
    let b = dir.path().join("b.db");
    fieldbook(&b).arg("import").arg(&first).assert().success();
    let second = dir.path().join("second.json");
    fieldbook(&b)
        .args(["export", "--format", "json", "--out"])
        .arg(&second)
        .assert()
        .success();
    assert!(
        fs::read(&first).unwrap() == fs::read(&second).unwrap(),
        "exports differ"
    );
    // Each file, saved out of the restored book, has the SHA-256 it went in with.
    let store = Store::open(&b).unwrap();
    let mut seen = 0;
    store
        .read()
        .each_attachment(|att| {
            let data = store.read().attachment_data(&att.sha256)?.unwrap();
            assert_eq!(sha256_hex(&data), att.sha256);
            seen += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(seen, 3);
    let site = sha256_hex(&fs::read(dir.path().join("site.jpg")).unwrap());
    assert!(store.read().attachment_data(&site).unwrap().is_some());
    assert_eq!(
        stats(&b)["attachments"]["deleted"],
        1,
        "the trash came along"
    );
}

#[test]
fn a_damaged_file_in_an_export_is_refused_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_with_files(dir.path());
    let export = dir.path().join("e.json");
    fieldbook(&a)
        .args(["export", "--format", "json", "--out"])
        .arg(&export)
        .assert()
        .success();
    let text = fs::read_to_string(&export).unwrap();
    // One character of a file's contents changed: its SHA-256 no longer matches.
    let at = text.find("\"base64\":\"").unwrap() + 20;
    let mut bytes = text.into_bytes();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    fs::write(&export, bytes).unwrap();
    let b = dir.path().join("b.db");
    fieldbook(&b)
        .arg("import")
        .arg(&export)
        .assert()
        .failure()
        .stderr(contains("is not the SHA-256 of the file's contents"));
    assert_eq!(stats(&b)["contacts"]["live"], 0);
}

#[test]
fn a_backup_restored_brings_the_files_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = book_with_org(dir.path());
    let file = photo(dir.path(), "site.jpg", 100_000, 6);
    fieldbook(&db)
        .args(["attach", "--org", "PLAS Kenya"])
        .arg(&file)
        .assert()
        .success();
    let backup = dir.path().join("backup.db");
    Store::open(&db).unwrap().backup_to(&backup).unwrap();
    // Gone from the book, then the backup put back.
    let a = only_attachment(&db);
    {
        let mut store = Store::open(&db).unwrap();
        store
            .write(|tx| tx.set_deleted(RecordKind::Attachment, a.meta.id, true))
            .unwrap();
    }
    fieldbook(&db)
        .arg("restore")
        .arg(&backup)
        .assert()
        .success();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.read().attachments_on(a.target).unwrap().len(), 1);
    assert_eq!(
        store.read().attachment_data(&a.sha256).unwrap().unwrap(),
        fs::read(&file).unwrap()
    );
}

#[test]
fn bench_attach_says_time_and_growth() {
    let dir = tempfile::tempdir().unwrap();
    fieldbook(&dir.path().join("x.db"))
        .args(["bench", "attach", "--mib", "1", "--rounds", "1"])
        .assert()
        .success()
        .stdout(contains("round 1: attach "))
        // The file once: its contents are not in sync's change log (bundles
        // carry them from attachment_blobs; README).
        .stdout(contains("book grew 1.0 MiB"))
        .stdout(contains("same SHA-256"))
        .stdout(contains("DIFFER").not());
    fieldbook(&dir.path().join("x.db"))
        .args(["bench", "attach", "--mib", "26"])
        .assert()
        .failure()
        .stderr(contains(
            "--mib: from 1 to 25 (the largest file fieldbook keeps)",
        ));
}
