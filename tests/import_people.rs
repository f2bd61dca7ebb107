//! Issue 14 part 4 (a person is whatever names them: cards with only an
//! organization, an e-mail or a nickname are named from it and said;
//! group cards skipped with a count; a second ORG kept as a note) and
//! part 6 (readings from SOUND;X-IRMC-N, SORT-AS and X-PHONETIC-*, the
//! nickname kept, searchable, exported and read back).

use std::path::Path;

use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::book::{
    contact_named as contact, empty_book as book, live_contacts as contacts, notes_of,
    organization_of as org_name,
};
use common::cli::fieldbook;

fn import(db: &Path, file: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    common::book::import(db, &format!("people/{file}"), extra)
}

#[test]
fn cards_with_only_an_organization_an_email_or_a_nickname_are_named_and_said() {
    let (_dir, db) = book();
    import(&db, "nameless-cards.vcf", &["--dry-run"])
        .success()
        .stdout(
            contains("new contacts: 4")
                .and(contains(
                    "card 1, line 1: name: no name on the record; named \
                     'Nairobi Water Kiosk Cooperative' from its organization",
                ))
                .and(contains(
                    "card 2, line 8: name: no name on the record; named 'amina.diop' \
                     from its e-mail address",
                ))
                .and(contains(
                    "card 3, line 12: name: no name on the record; named 'Mama Wanjiku' \
                     from its nickname",
                ))
                .and(contains("problems").not()),
        );
    import(&db, "nameless-cards.vcf", &[]).success();
    assert_eq!(contacts(&db).len(), 4, "the file is not refused");
    let kiosk = contact(&db, "Nairobi Water Kiosk Cooperative");
    assert_eq!(
        org_name(&db, &kiosk).as_deref(),
        Some("Nairobi Water Kiosk Cooperative")
    );
    assert_eq!(kiosk.phones[0].value, "+254 20 555 0100");
    let amina = contact(&db, "amina.diop");
    assert_eq!(amina.emails[0].value, "amina.diop@example.org");
    let mama = contact(&db, "Mama Wanjiku");
    assert_eq!(mama.nickname.as_deref(), Some("Mama Wanjiku"));
    assert_eq!(mama.phones[0].label, "mobile");
    assert_eq!(
        contact(&db, "Baraka Otieno").emails[0].value,
        "baraka@example.org"
    );
}

#[test]
fn group_cards_are_skipped_with_a_count_and_their_names() {
    let (_dir, db) = book();
    import(&db, "groups.vcf", &[]).success().stdout(
        contains("groups.vcf: 2 record(s)")
            .and(contains(
                "2 group card(s) skipped (KIND:group: a list of people, not a person): \
                 'Water partners', 'Board'",
            ))
            .and(contains("Imported: 2 new contact(s)")),
    );
    let names: Vec<String> = contacts(&db).into_iter().map(|c| c.display_name).collect();
    assert_eq!(names, ["Esther Njeri", "Samuel Kiprop"]);
    assert_eq!(
        contact(&db, "Esther Njeri").uid.as_deref(),
        Some("urn:uuid:0b0c2a2e-0000-4000-8000-000000000001")
    );
}

#[test]
fn a_second_org_is_kept_as_a_note_and_said() {
    let (_dir, db) = book();
    import(&db, "two-orgs.vcf", &[]).success().stdout(contains(
        "card 1, line 1: ORG: a second organization, 'Université Cheikh Anta Diop': \
         kept as a note on the contact",
    ));
    let f = contact(&db, "Fatima Sall");
    assert_eq!(org_name(&db, &f).as_deref(), Some("Enda Graf Sahel"));
    assert_eq!(f.role.as_deref(), Some("Researcher"));
    assert_eq!(notes_of(&db, &f), ["Also at: Université Cheikh Anta Diop"]);
}

#[test]
fn readings_come_from_sound_sort_as_and_phonetic_names_with_spaces() {
    let (_dir, db) = book();
    import(&db, "readings-and-nicknames.vcf", &[]).success();
    let ando = contact(&db, "安藤 ロイド");
    assert_eq!(
        ando.reading.as_deref(),
        Some("あんどう ろいど"),
        "SOUND;X-IRMC-N"
    );
    assert_eq!(ando.native_name.as_deref(), Some("安藤 ロイド"));
    assert_eq!(ando.phones[0].value, "090-1234-5678");
    let doi = contact(&db, "土居 健市");
    assert_eq!(doi.reading.as_deref(), Some("どい けんいち"), "SORT-AS");
    let sato = contact(&db, "佐藤 花子");
    assert_eq!(
        sato.reading.as_deref(),
        Some("さとう はなこ"),
        "X-PHONETIC-*"
    );
    let kasia = contact(&db, "Katarzyna Nowak");
    assert_eq!(kasia.nickname.as_deref(), Some("Kasia"));
    assert_eq!(kasia.reading, None);
}

#[test]
fn the_nickname_is_searchable_exported_and_read_back() {
    let (dir, db) = book();
    import(&db, "readings-and-nicknames.vcf", &[]).success();
    fieldbook(&db)
        .args(["search", "Kasia"])
        .assert()
        .success()
        .stdout(contains("Katarzyna Nowak").and(contains("nickname")));

    // vCard out and in again.
    let cards = dir.path().join("out.vcf");
    fieldbook(&db)
        .args(["export", "--format", "vcard", "--out"])
        .arg(&cards)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&cards)
            .unwrap()
            .contains("NICKNAME:Kasia")
    );
    let from_vcard = dir.path().join("from-vcard.db");
    fieldbook(&from_vcard)
        .arg("import")
        .arg(&cards)
        .assert()
        .success();
    let k = contact(&from_vcard, "Katarzyna Nowak");
    assert_eq!(k.nickname.as_deref(), Some("Kasia"));
    assert_eq!(
        contact(&from_vcard, "安藤 ロイド").reading.as_deref(),
        Some("あんどう ろいど")
    );

    // CSV out and in again (fieldbook's own contacts.csv).
    let csv_dir = dir.path().join("csv");
    fieldbook(&db)
        .args(["export", "--format", "csv", "--out"])
        .arg(&csv_dir)
        .assert()
        .success();
    let from_csv = dir.path().join("from-csv.db");
    fieldbook(&from_csv)
        .arg("import")
        .arg(csv_dir.join("contacts.csv"))
        .assert()
        .success()
        // New ids and dates: the lossless round trip is the JSON export's.
        .stdout(contains("not imported: 'id', 'created', 'updated'"));
    assert_eq!(
        contact(&from_csv, "Katarzyna Nowak").nickname.as_deref(),
        Some("Kasia")
    );

    // JSON out and in again.
    let json = dir.path().join("book.json");
    fieldbook(&db)
        .args(["export", "--format", "json", "--out"])
        .arg(&json)
        .assert()
        .success();
    let from_json = dir.path().join("from-json.db");
    fieldbook(&from_json)
        .arg("import")
        .arg(&json)
        .assert()
        .success();
    assert_eq!(
        contact(&from_json, "Katarzyna Nowak").nickname.as_deref(),
        Some("Kasia")
    );

    // XLSX: a nickname column on the contacts sheet.
    use calamine::{Reader, Xlsx, open_workbook};
    let xlsx = dir.path().join("book.xlsx");
    fieldbook(&db)
        .args(["export", "--format", "xlsx", "--out"])
        .arg(&xlsx)
        .assert()
        .success();
    let mut workbook: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = workbook.worksheet_range("contacts").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let at = header
        .iter()
        .position(|h| h == "nickname")
        .expect("a nickname column");
    assert!(
        sheet.rows().skip(1).any(|r| r[at] == "Kasia"),
        "Kasia in the nickname column"
    );
}
