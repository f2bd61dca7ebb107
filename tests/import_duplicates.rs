//! Issue 14 part 1: importing with the defaults never drops a distinct
//! person. Duplicates are judged on evidence (UID, e-mail, the whole phone
//! number in E.164); a name alone makes a listed possible duplicate; a
//! shared switchboard is no evidence; merging again adds nothing twice.
//! The real binary on real files, with its own config directory.

use std::fs;
use std::path::PathBuf;

use fieldbook::domain::*;
use fieldbook::store::Store;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::book::{fixture, live_contacts};

/// A book in a temp dir, with a config directory of its own (so the
/// user's config.toml never leaks in); `desk` is its `default_country`.
struct Book {
    dir: tempfile::TempDir,
}

impl Book {
    fn new(desk: Option<&str>) -> Book {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config/fieldbook");
        fs::create_dir_all(&config).unwrap();
        if let Some(code) = desk {
            fs::write(
                config.join("config.toml"),
                format!("default_country = \"{code}\"\n"),
            )
            .unwrap();
        }
        Book { dir }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("book.db")
    }

    fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        common::cli::fieldbook(&self.db())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .args(args)
            .assert()
    }

    fn import(&self, file: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
        let path = fixture(file);
        let mut args = vec!["import", path.to_str().unwrap()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Every live contact, by display name.
    fn contacts(&self) -> Vec<Contact> {
        live_contacts(&self.db())
    }

    fn names(&self) -> Vec<String> {
        self.contacts()
            .into_iter()
            .map(|c| c.display_name)
            .collect()
    }

    fn notes_of(&self, c: &Contact) -> Vec<String> {
        let store = Store::open(&self.db()).unwrap();
        let notes = store
            .read()
            .notes_on(NoteTarget::Contact(c.meta.id))
            .unwrap();
        notes.into_iter().map(|n| n.body).collect()
    }
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).to_string()
}

#[test]
fn colleagues_sharing_a_switchboard_are_all_imported() {
    let book = Book::new(None);
    let out = book.import("dup-switchboard.vcf", &[]).success();
    assert!(
        stdout(&out).contains("3 new contact(s)"),
        "{}",
        stdout(&out)
    );
    assert_eq!(
        book.names(),
        ["Achieng Odhiambo", "Chidi Okafor", "Wanjiru Kamau"]
    );
    // A colleague imported later, from another file, is not matched either.
    let achieng = &book.contacts()[0];
    assert_eq!(achieng.phones[0].value, "(057) 202-3000");
    assert_eq!(achieng.country.as_deref(), Some("KE"));
}

#[test]
fn the_same_last_digits_in_korea_and_japan_are_two_people() {
    let book = Book::new(None);
    book.import("dup-korea-japan.vcf", &[])
        .success()
        .stdout(contains("2 new contact(s)"))
        .stdout(contains("duplicates").not());
    let people = book.contacts();
    assert_eq!(book.names(), ["Kim Minjun", "Tanaka Sota"]);
    assert_eq!(people[0].phones[0].value, "010-1234-5678");
    assert_eq!(people[0].country.as_deref(), Some("KR"));
    assert_eq!(people[1].phones[0].value, "+81 90-1234-5678");
    assert_eq!(people[1].country.as_deref(), Some("JP"));
}

#[test]
fn a_common_name_at_one_organization_is_never_skipped_and_a_name_only_match_is_listed() {
    let book = Book::new(None);
    let out = book.import("dup-common-name.vcf", &[]).success();
    let text = stdout(&out);
    assert!(text.contains("3 new contact(s)"), "{text}");
    assert!(text.contains("0 skipped"), "{text}");
    // Two e-mails that differ say two people; the third card has nothing
    // to tell it apart: imported, and named as a possible duplicate.
    assert!(
        text.contains("possible duplicates, imported as new contacts (1):"),
        "{text}"
    );
    assert!(
        text.contains("card 3, line 13: 'Amina Sow' may be the record at card 1, line 1"),
        "{text}"
    );
    let people = book.contacts();
    assert_eq!(people.len(), 3);
    let emails: Vec<Vec<String>> = people
        .iter()
        .map(|c| c.emails.iter().map(|e| e.value.clone()).collect())
        .collect();
    assert!(emails.contains(&vec!["amina.sow@dwt.example".to_string()]));
    assert!(emails.contains(&vec!["a.sow@dwt.example".to_string()]));
    assert!(people.iter().any(|c| c.role.as_deref() == Some("Driver")));
    // Importing the same file again: the e-mails are evidence, the driver
    // has none (possible again, and imported again: never dropped).
    let again = book.import("dup-common-name.vcf", &["--quiet"]).success();
    let text = stdout(&again);
    assert!(text.contains("2 skipped"), "{text}");
    assert!(!text.contains("card 1"), "--quiet lists nothing: {text}");
}

#[test]
fn re_importing_a_file_and_an_export_changes_nothing() {
    let book = Book::new(None);
    book.import("dup-reimport.vcf", &[])
        .success()
        .stdout(contains("3 new contact(s)"));
    let first = book.contacts();
    assert_eq!(
        book.names(),
        ["Fatou Ndiaye", "Jose Goncalves", "Lukasz Kowalski"]
    );
    // The same file again: each card is found by its UID (or, with none,
    // its e-mail), named with the contact it matched, and skipped.
    let out = book.import("dup-reimport.vcf", &[]).success();
    let text = stdout(&out);
    assert!(text.contains("0 new contact(s)"), "{text}");
    assert!(
        text.contains(
            "skipped card 1, line 1: 'Fatou Ndiaye' is 'Fatou Ndiaye' in the book (same UID 4f1c2a7e-0001@android)"
        ),
        "{text}"
    );
    assert!(
        text.contains("skipped card 3, line 12: 'Jose Goncalves' is 'Jose Goncalves' in the book (same e-mail jose@example.org)"),
        "{text}"
    );
    // The book's own export, imported back: matched by the UIDs it wrote
    // (the kept ones, `urn:uuid:<id>` for the card that had none).
    let export = book.dir.path().join("out.vcf");
    book.run(&[
        "export",
        "--format",
        "vcard",
        "--out",
        export.to_str().unwrap(),
    ])
    .success();
    let written = fs::read_to_string(&export).unwrap();
    assert!(written.contains("UID:4f1c2a7e-0001@android"), "{written}");
    let jose = first
        .iter()
        .find(|c| c.display_name == "Jose Goncalves")
        .unwrap();
    assert!(
        written.contains(&format!("UID:urn:uuid:{}", jose.meta.id)),
        "{written}"
    );
    book.run(&["import", export.to_str().unwrap(), "--duplicates", "merge"])
        .success()
        .stdout(contains("0 new contact(s), 3 merged"));
    assert_eq!(
        book.contacts(),
        first,
        "a merge of the same cards changes nothing"
    );
}

#[test]
fn merging_the_same_card_twice_adds_no_second_note_nor_second_copy_of_a_number() {
    let book = Book::new(Some("KE"));
    book.import("dup-merge-base.vcf", &[]).success();
    for _ in 0..2 {
        book.import("dup-merge-again.vcf", &["--duplicates", "merge"])
            .success()
            .stdout(contains("1 merged"))
            .stdout(contains(
                "merged card 1, line 1: 'Grace Otieno' is 'Grace Otieno' in the book (same e-mail grace@kisumu.example)",
            ));
    }
    let grace = &book.contacts()[0];
    assert_eq!(book.contacts().len(), 1);
    let phones: Vec<&str> = grace.phones.iter().map(|p| p.value.as_str()).collect();
    // `0700000001` in Kenya is `+254 700 000001`: kept once, as first written.
    assert_eq!(phones, ["+254 700 000001", "0733 000 002"]);
    assert_eq!(book.notes_of(grace), ["Asked for the budget template."]);
}

#[test]
fn a_national_number_matches_its_international_form_in_the_desks_country() {
    // No e-mail to go by: the phone, read in the desk's country, is the evidence.
    let book = Book::new(Some("KE"));
    let dir = book.dir.path();
    let first = dir.join("first.vcf");
    let second = dir.join("second.vcf");
    fs::write(
        &first,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Baraka Mutua\r\nTEL:+254 711 000 123\r\nEND:VCARD\r\n",
    )
    .unwrap();
    fs::write(
        &second,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:B. Mutua\r\nTEL:０７１１－０００－１２３\r\nEND:VCARD\r\n",
    )
    .unwrap();
    book.run(&["import", first.to_str().unwrap()]).success();
    book.run(&["import", second.to_str().unwrap()])
        .success()
        .stdout(contains(
            "'B. Mutua' is 'Baraka Mutua' in the book (same phone 0711-000-123 = +254711000123)",
        ));
    assert_eq!(book.names(), ["Baraka Mutua"]);
}

#[test]
fn generated_distinct_people_with_common_names_and_shared_organizations_are_all_kept() {
    // The benchmark's cards, as the demo's people: a hundred names that
    // repeat, 300 organizations with one switchboard each, and every card
    // its own UID, e-mail and mobile. With the defaults none is dropped.
    let book = Book::new(None);
    book.run(&["bench", "import", "--count", "3000"])
        .success()
        .stdout(contains(
            "import vCard 3.0: 3000 of 3000 cards kept as contacts (0 skipped, 0 listed as possible duplicates)",
        ))
        .stdout(contains(
            "import Google CSV: 3000 of 3000 cards kept as contacts (0 skipped",
        ));
}
