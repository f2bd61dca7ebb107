//! Issue 14 part 2 (encodings: the right text or a clear refusal, never
//! mojibake) and part 7 (problems name the card and line they are on), on
//! the real binary with the byte-exact fixtures of tests/fixtures/encodings
//! (written by its make.py).

use std::path::{Path, PathBuf};

use fieldbook::domain::*;
use fieldbook::store::Store;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::book::live_contacts as contacts;
use common::cli::fieldbook;

fn import(db: &Path, file: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    common::book::import(db, &format!("encodings/{file}"), extra)
}

fn contact(db: &Path, name: &str) -> Contact {
    contacts(db)
        .into_iter()
        .find(|c| c.display_name == name)
        .unwrap_or_else(|| panic!("no contact {name}: {:?}", names(db)))
}

fn names(db: &Path) -> Vec<String> {
    contacts(db).into_iter().map(|c| c.display_name).collect()
}

fn org_name(db: &Path, c: &Contact) -> Option<String> {
    let store = Store::open(db).unwrap();
    let id = c.organization_id?;
    store.read().organization(id).unwrap().map(|o| o.name)
}

fn book() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    fieldbook(&db).arg("stats").assert().success();
    (dir, db)
}

#[test]
fn every_charset_a_vcard_2_1_names_is_decoded() {
    let (_dir, db) = book();
    import(&db, "charsets-2.1.vcf", &[]).success();
    let expected = [
        ("土居 健市", "国際協力機構", "person0@example.org"),
        ("安藤 ロイド", "東京大学", "person1@example.org"),
        ("佐藤 花子", "横浜市", "person2@example.org"),
        ("张伟", "北京大学", "person3@example.org"),
        ("王芳", "中国红十字会", "person4@example.org"),
        ("陳美玲", "台灣大學", "person5@example.org"),
        ("김민준", "서울대학교", "person6@example.org"),
        ("Иван Петров", "Красный Крест", "person7@example.org"),
        ("Łukasz Żółć", "Uniwersytet Łódzki", "person8@example.org"),
        ("Ndèye Fañ", "Société Œuvre", "person9@example.org"),
        ("Amélie Sène", "Université Thiès", "person10@example.org"),
        ("Tomáš Dvořák", "Město Brno", "person11@example.org"),
        ("Νίκος Παππάς", "Ερυθρός Σταυρός", "person12@example.org"),
    ];
    assert_eq!(contacts(&db).len(), expected.len(), "{:?}", names(&db));
    for (name, org, email) in expected {
        let c = contact(&db, name);
        assert_eq!(org_name(&db, &c).as_deref(), Some(org), "{name}");
        assert_eq!(c.emails[0].value, email, "{name}");
    }
}

#[test]
fn bytes_that_are_not_the_named_charset_refuse_the_card_by_line_and_field() {
    let (_dir, db) = book();
    import(&db, "bad-shift_jis-2.1.vcf", &[])
        .failure()
        .stdout(contains(
            "card 2, line 9: FN: cannot be decoded as SHIFT_JIS",
        ))
        .stderr(contains("nothing was imported"));
    assert!(contacts(&db).is_empty());
    import(&db, "bad-shift_jis-2.1.vcf", &["--skip-invalid"]).success();
    assert_eq!(names(&db), ["Good Card"]);
}

#[test]
fn the_bare_quoted_printable_parameter_is_decoded() {
    let (_dir, db) = book();
    import(&db, "bare-quoted-printable-2.1.vcf", &[]).success();
    let jose = contact(&db, "José García");
    assert_eq!(
        org_name(&db, &jose).as_deref(),
        Some("Asociación para el Desarrollo de las Comunidades Rurales")
    );
    assert_eq!(jose.role.as_deref(), Some("Coordinador de Programa"));
}

#[test]
fn utf8_folded_inside_a_character_unfolds_to_the_right_text() {
    let (_dir, db) = book();
    import(&db, "folded-mid-character.vcf", &[]).success();
    let doi = contact(&db, "土居 健市");
    assert_eq!(doi.native_name.as_deref(), Some("土居 健市"));
}

#[test]
fn utf16_files_are_read_and_say_so() {
    for file in ["utf16le-bom.vcf", "utf16be-bom.vcf"] {
        let (_dir, db) = book();
        let encoding = if file.contains("be") {
            "UTF-16BE"
        } else {
            "UTF-16LE"
        };
        import(&db, file, &[])
            .success()
            .stdout(contains(format!("read as {encoding} text")));
        let amelie = contact(&db, "Amélie Sène");
        assert_eq!(org_name(&db, &amelie).as_deref(), Some("Université Thiès"));
        assert_eq!(amelie.emails[0].value, "amelie@example.org");
    }
    // Excel's "Unicode text" has no BOM: told by its NUL bytes.
    let (_dir, db) = book();
    import(&db, "google-utf16le-no-bom.csv", &[])
        .success()
        .stdout(contains("read as UTF-16LE text"));
    let doi = contact(&db, "土居 健市");
    assert_eq!(doi.reading.as_deref(), Some("ドイ ケンイチ"));
    assert_eq!(doi.emails[0].value, "doi@example.org");
    assert_eq!(org_name(&db, &doi).as_deref(), Some("PLAS"));
}

#[test]
fn shift_jis_and_windows_1252_files_are_refused_naming_the_encoding() {
    let (_dir, db) = book();
    import(&db, "shift_jis.vcf", &[]).failure().stderr(
        contains("line 8: not UTF-8")
            .and(contains("looks like Shift_JIS (Japanese)"))
            .and(contains("Nothing was imported")),
    );
    import(&db, "windows-1252.vcf", &[]).failure().stderr(
        contains("line 3: not UTF-8")
            .and(contains("looks like Windows-1252"))
            .and(contains("Nothing was imported")),
    );
    assert!(contacts(&db).is_empty());
}

#[test]
fn a_card_without_end_is_named_by_its_own_number_and_line() {
    let (_dir, db) = book();
    import(&db, "missing-end.vcf", &[])
        .failure()
        .stdout(contains(
            "card 3, line 11: vcard: card 3 (line 11) has no END:VCARD",
        ));
    assert!(contacts(&db).is_empty());
    import(&db, "missing-end.vcf", &["--skip-invalid"])
        .success()
        .stdout(contains("1 invalid record(s) left out"));
    assert_eq!(names(&db), ["Person 1", "Person 2", "Person 4"]);
}

#[test]
fn a_nested_begin_is_named_by_its_own_lines() {
    let (_dir, db) = book();
    import(&db, "nested-begin.vcf", &[]).failure().stdout(
        contains("card 2, line 6: vcard: card 2 (line 6) has no END:VCARD: line 11")
            .and(contains("line 16: vcard: END:VCARD without a BEGIN:VCARD")),
    );
    assert!(contacts(&db).is_empty());
    import(&db, "nested-begin.vcf", &["--skip-invalid"]).success();
    assert_eq!(names(&db), ["Person 1", "Person 3", "Person 4"]);
}
