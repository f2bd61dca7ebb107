//! Data in and out: vCard and CSV imports from the fixtures, duplicates,
//! bad files, the JSON / vCard round trips and the XLSX workbooks, on the
//! real binary and real files.

use std::fs;
use std::path::Path;

use fieldbook::domain::*;
use fieldbook::store::Store;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::book::{import, live_contacts as contacts};
use common::cli::fieldbook;

fn contact(db: &Path, name: &str) -> Contact {
    contacts(db)
        .into_iter()
        .find(|c| c.display_name == name)
        .unwrap_or_else(|| panic!("no contact {name}"))
}

fn org_name(db: &Path, c: &Contact) -> Option<String> {
    let store = Store::open(db).unwrap();
    let id = c.organization_id?;
    store.read().organization(id).unwrap().map(|o| o.name)
}

fn notes_of(db: &Path, c: &Contact) -> Vec<String> {
    let store = Store::open(db).unwrap();
    let notes = store
        .read()
        .notes_on(NoteTarget::Contact(c.meta.id))
        .unwrap();
    notes.into_iter().map(|n| n.body).collect()
}

#[test]
fn vcard_2_1_with_quoted_printable_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(&db, "phone-2.1.vcf", &[]).success();
    let doi = contact(&db, "土居 健市");
    assert_eq!(doi.native_name.as_deref(), Some("土居 健市"));
    assert_eq!(doi.reading.as_deref(), Some("ドイ ケンイチ"));
    assert_eq!(doi.role.as_deref(), Some("Country Director"));
    let phones: Vec<(&str, &str)> = doi
        .phones
        .iter()
        .map(|p| (p.label.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        phones,
        [("mobile", "+254 700 000001"), ("work", "+254 20 000 0002")]
    );
    assert_eq!(doi.emails[0].value, "doi@example.org");
    assert_eq!(org_name(&db, &doi).as_deref(), Some("PLAS"));
    assert_eq!(notes_of(&db, &doi), ["ナイロビで会った。"]);
    let grace = contact(&db, "Grace Wanjiru");
    assert_eq!(org_name(&db, &grace).as_deref(), Some("Kenya Red Cross"));
    assert_eq!(grace.phones[0].label, "home");
}

#[test]
fn vcard_3_0_with_folded_lines_and_several_phones() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(&db, "google-3.0.vcf", &[]).success();
    let amina = contact(&db, "Amina N'Diaye");
    assert_eq!(
        amina.role.as_deref(),
        Some("Coordinatrice des programmes et du suivi-évaluation pour la région de Thiès")
    );
    assert_eq!(amina.phones.len(), 3);
    assert_eq!(amina.phones[0].label, "mobile");
    assert_eq!(amina.phones[1].label, "work");
    assert_eq!(amina.emails.len(), 2);
    assert_eq!(amina.city.as_deref(), Some("Thiès"));
    assert_eq!(
        amina.country.as_deref(),
        Some("SN"),
        "imported as its ISO code"
    );
    assert_eq!(
        org_name(&db, &amina).as_deref(),
        Some("Association Sénégalaise pour l'Eau")
    );
    assert_eq!(
        notes_of(&db, &amina),
        ["Met at the water forum, wants a follow-up on the borehole study."]
    );
}

#[test]
fn vcard_4_0_with_uri_phones_and_categories() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(&db, "contacts-4.0.vcf", &[]).success();
    let lukasz = contact(&db, "Łukasz Kowalski");
    assert_eq!(lukasz.phones[0].value, "+48-600-000-001");
    assert_eq!(lukasz.tags, ["wash", "partners"]);
    let minjun = contact(&db, "김민준");
    assert_eq!(minjun.native_name.as_deref(), Some("김민준"));
}

#[test]
fn google_and_outlook_csv_need_no_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(&db, "google.csv", &[]).success();
    let doi = contact(&db, "土居 健市");
    assert_eq!(doi.reading.as_deref(), Some("ドイ ケンイチ"));
    assert_eq!(doi.role.as_deref(), Some("Country Director"));
    assert_eq!(doi.phones.len(), 2);
    assert_eq!(doi.phones[0].label, "mobile");
    assert_eq!(doi.emails[0].label, "work");
    assert_eq!(doi.tags, ["Partners"]);
    assert_eq!(doi.city.as_deref(), Some("Nairobi"));
    assert_eq!(notes_of(&db, &doi), ["Met in Nairobi"]);
    let grace = contact(&db, "Grace Wanjiru");
    assert_eq!(grace.phones.len(), 2, "Google's ' ::: ' holds two numbers");

    let db2 = dir.path().join("outlook.db");
    import(&db2, "outlook.csv", &[]).success();
    let amina = contact(&db2, "Amina N'Diaye");
    let labels: Vec<&str> = amina.phones.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["work", "mobile"]);
    assert_eq!(amina.role.as_deref(), Some("Programme Coordinator"));
    assert_eq!(
        amina.country.as_deref(),
        Some("SN"),
        "imported as its ISO code"
    );
    assert_eq!(amina.tags, ["Partners", "WASH"]);
    assert_eq!(
        notes_of(&db2, &amina),
        ["Met at the forum.\nAsked for the report."]
    );
}

#[test]
fn csv_with_a_bom_imports_and_latin1_is_refused_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(&db, "bom.csv", &[]).success();
    let lukasz = contact(&db, "Łukasz Kowalski");
    assert_eq!(lukasz.emails[0].label, "work");
    assert_eq!(lukasz.phones[0].value, "+48 600 000 001");

    import(&db, "latin1.csv", &[])
        .failure()
        .stderr(contains("latin1.csv: line 2: not UTF-8").and(contains("Nothing was imported")));
    assert_eq!(contacts(&db).len(), 1, "nothing more was imported");
}

#[test]
fn other_csv_is_read_by_its_column_names_and_a_map_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    // Column names guessed from their words, and said; `Where` says
    // nothing a guess can read, so it is named as not imported.
    import(&db, "custom.csv", &["--dry-run"]).success().stdout(
        contains("columns read by their name: 'Full name' as name, 'Mail' as e-mail")
            .and(contains("not imported: 'Where'")),
    );
    import(&db, "custom.csv", &["--map", "Full name=nom"])
        .failure()
        .stderr(contains("unknown field"));
    import(&db, "custom.csv", &["--map", "Where=city"]).success();
    let fatou = contact(&db, "Fatou Sow");
    assert_eq!(fatou.emails[0].value, "fatou@example.sn");
    assert_eq!(fatou.phones[0].value, "+221 77 111 2222");
    assert_eq!(fatou.city.as_deref(), Some("Dakar"));
}

#[test]
fn a_malformed_vcard_imports_nothing_and_names_card_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    fieldbook(&db).arg("stats").assert().success();
    import(&db, "malformed.vcf", &[])
        .failure()
        .stdout(
            contains("card 2, line 6: email[1]: 'not-an-address' is not an e-mail address")
                .and(contains("line 11: vcard:")),
        )
        .stderr(contains("nothing was imported"));
    assert!(contacts(&db).is_empty());
    import(&db, "malformed.vcf", &["--skip-invalid"])
        .success()
        .stdout(contains("2 invalid record(s) left out"));
    let names: Vec<String> = contacts(&db).into_iter().map(|c| c.display_name).collect();
    assert_eq!(names, ["Cut Short", "Good Person"]);
}

#[test]
fn duplicates_are_found_shown_and_skipped_or_merged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    import(&db, "phone-2.1.vcf", &[]).success();
    // Google's CSV has the same two people: Doi by e-mail, Grace by phone
    // (0722 000 003 in both, once written with a Kenyan prefix elsewhere).
    import(&db, "google.csv", &["--dry-run"]).success().stdout(
        contains("likely duplicates (2)")
            .and(contains(
                "'土居 健市' in the book (same e-mail doi@example.org) -> skip",
            ))
            .and(contains(
                "'Grace Wanjiru' in the book (same phone 0722 000 003) -> skip",
            )),
    );
    import(&db, "google.csv", &[])
        .success()
        .stdout(contains("0 new contact(s), 0 merged, 2 skipped"));
    assert_eq!(contacts(&db).len(), 2);

    import(&db, "google.csv", &["--duplicates", "merge"])
        .success()
        .stdout(contains("0 new contact(s), 2 merged"));
    let all = contacts(&db);
    assert_eq!(all.len(), 2, "merged, not added");
    let grace = contact(&db, "Grace Wanjiru");
    let numbers: Vec<&str> = grace.phones.iter().map(|p| p.value.as_str()).collect();
    assert_eq!(numbers, ["0722 000 003", "+254 733 000 004"]);
    let doi = contact(&db, "土居 健市");
    assert_eq!(doi.tags, ["Partners"], "the merge adds what was missing");
    assert_eq!(doi.role.as_deref(), Some("Country Director"));
    assert_eq!(
        notes_of(&db, &doi).len(),
        2,
        "the vCard's note and the CSV's note"
    );
}

#[test]
fn hostile_text_in_an_import_is_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let file = dir.path().join("evil.vcf");
    fs::write(
        &file,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}Evil\r\nNOTE:ring\u{7}\u{1b}[2J\r\nEND:VCARD\r\n"
            .replace("\\u{1b}", "\u{1b}")
            .replace("\\u{7}", "\u{7}"),
    )
    .unwrap();
    fieldbook(&db).arg("import").arg(&file).assert().success();
    let eve = contacts(&db).remove(0);
    assert!(
        !eve.display_name.chars().any(char::is_control),
        "{:?}",
        eve.display_name
    );
    assert!(
        notes_of(&db, &eve)
            .iter()
            .all(|n| !n.chars().any(|c| c.is_control() && c != '\n'))
    );
}

fn demo_with_history(db: &Path) {
    fieldbook(db)
        .args(["demo", "--scale", "60"])
        .assert()
        .success();
    // Something in the trash, so the export has to keep it flagged.
    let store = Store::open(db).unwrap();
    let victim = contacts(db)[0].meta.id;
    let mut store = store;
    store
        .write(|tx| {
            tx.set_deleted(RecordKind::Contact, victim, true)
                .map(|_| ())
        })
        .unwrap();
}

#[test]
fn json_export_import_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    demo_with_history(&a);
    let first = dir.path().join("first.json");
    let second = dir.path().join("second.json");
    fieldbook(&a)
        .args(["export", "--format", "json", "--out"])
        .arg(&first)
        .assert()
        .success();
    let text = fs::read_to_string(&first).unwrap();
    assert!(text.contains("\"status_history\""));
    assert!(
        text.contains("\"deleted_at\":\"20"),
        "trash is exported, flagged"
    );
    fieldbook(&b).arg("import").arg(&first).assert().success();
    fieldbook(&b)
        .args(["export", "--format", "json", "--out"])
        .arg(&second)
        .assert()
        .success();
    assert!(
        fs::read(&first).unwrap() == fs::read(&second).unwrap(),
        "exports differ"
    );
    // Importing it again changes nothing: every id is already there.
    fieldbook(&b)
        .arg("import")
        .arg(&first)
        .assert()
        .success()
        .stdout(contains("Imported 0 record(s)"));
}

#[test]
fn vcard_export_reads_back_with_the_fields_that_matter() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    fieldbook(&a)
        .args([
            "add",
            "contact",
            "--name",
            "Doi Kenichi",
            "--native-name",
            "土居健市",
            "--reading",
            "ドイ ケンイチ",
            "--org",
            "PLAS",
            "--role",
            "Country Director",
            "--email",
            "work:doi@example.org",
            "--phone",
            "mobile:+254 700 000001",
            "--phone",
            "+254 20 000 0002",
        ])
        .assert()
        .success();
    let cards = dir.path().join("contacts.vcf");
    fieldbook(&a)
        .args(["export", "--format", "vcard", "--out"])
        .arg(&cards)
        .assert()
        .success();
    assert!(fs::read_to_string(&cards).unwrap().contains("VERSION:4.0"));
    fieldbook(&b).arg("import").arg(&cards).assert().success();
    let before = contact(&a, "Doi Kenichi");
    let after = contact(&b, "Doi Kenichi");
    assert_eq!(after.native_name, before.native_name);
    assert_eq!(after.reading, before.reading);
    assert_eq!(after.role, before.role);
    assert_eq!(after.phones, before.phones);
    assert_eq!(after.emails, before.emails);
    assert_eq!(org_name(&b, &after).as_deref(), Some("PLAS"));
}

#[test]
fn xlsx_export_has_a_sheet_per_kind_with_every_row() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    demo_with_history(&db);
    let book = dir.path().join("book.xlsx");
    fieldbook(&db)
        .args(["export", "--format", "xlsx", "--out"])
        .arg(&book)
        .assert()
        .success();
    let stats: serde_json::Value = serde_json::from_slice(
        &fieldbook(&db)
            .args(["stats", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let mut workbook: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "organizations",
            "contacts",
            "projects",
            "visits",
            "follow_ups",
            "notes",
            "events",
            "event_invitees",
            "deliverables",
            "registrations",
            "attachments",
            "consultations",
        ]
    );
    for (sheet, kind) in [
        ("organizations", "organizations"),
        ("contacts", "contacts"),
        ("projects", "projects"),
        ("visits", "visits"),
        ("follow_ups", "follow_ups"),
        ("notes", "notes"),
        ("events", "events"),
        ("registrations", "registrations"),
        ("attachments", "attachments"),
        ("consultations", "consultations"),
    ] {
        let range = workbook.worksheet_range(sheet).unwrap();
        let expected =
            stats[kind]["live"].as_u64().unwrap() + stats[kind]["deleted"].as_u64().unwrap();
        assert_eq!(
            range.height() as u64,
            expected + 1,
            "{sheet}: header + one row per record"
        );
    }
    let visits = workbook.worksheet_range("visits").unwrap();
    assert!(
        matches!(visits.get((1, 1)), Some(calamine::Data::DateTime(_))),
        "dates are dates: {:?}",
        visits.get((1, 1))
    );
}

#[test]
fn csv_export_writes_a_file_per_kind_and_exports_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    demo_with_history(&db);
    let out = dir.path().join("csv");
    fieldbook(&db)
        .args(["export", "--format", "csv", "--out"])
        .arg(&out)
        .assert()
        .success();
    for kind in [
        "organizations",
        "contacts",
        "projects",
        "visits",
        "follow_ups",
        "notes",
    ] {
        let path = out.join(format!("{kind}.csv"));
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("id,"), "{kind}: header row");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
    // Our own contacts.csv imports back (recognised without a mapping).
    let b = dir.path().join("b.db");
    fieldbook(&b)
        .arg("import")
        .arg(out.join("contacts.csv"))
        .assert()
        .success();
    assert!(contacts(&b).len() >= contacts(&db).len());
}

#[test]
fn monthly_report_as_a_workbook() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    // The demo's visits are dated back from --today: its month has some.
    fieldbook(&db)
        .args(["demo", "--scale", "300", "--today", "2026-11-28"])
        .assert()
        .success();
    let path = dir.path().join("report.xlsx");
    fieldbook(&db)
        .args(["report", "--month", "2026-11", "--format", "xlsx", "--out"])
        .arg(&path)
        .assert()
        .success();
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        [
            "visits",
            "follow-ups opened",
            "follow-ups closed",
            "follow-ups overdue",
            "status changes",
            "counts",
            "consultations",
            "events",
            "deliverables",
            "registrations expiring",
            "late projects",
            "charts"
        ]
    );
    let visits = workbook.worksheet_range("visits").unwrap();
    assert!(visits.height() > 1, "the demo has visits this month");
}
