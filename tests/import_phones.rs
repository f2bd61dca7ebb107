//! Issue 14 part 5: phones kept as people write them. Extensions, USSD
//! codes, pauses, full-width digits, vanity letters and a `(WhatsApp)`
//! before the number are imported; only a value with no digit is refused,
//! naming card, line and field, and only that record under --skip-invalid.

use fieldbook::domain::*;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::book::{fixture, live_contacts as contacts};
use common::cli::fieldbook;

fn phone_of(all: &[Contact], name: &str) -> (String, String) {
    let c = all
        .iter()
        .find(|c| c.display_name == name)
        .unwrap_or_else(|| panic!("no contact {name}"));
    assert_eq!(c.phones.len(), 1, "{name}: {:?}", c.phones);
    (c.phones[0].label.clone(), c.phones[0].value.clone())
}

#[test]
fn a_number_with_no_digit_is_the_only_refusal_and_names_card_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    fieldbook(&db)
        .arg("import")
        .arg(fixture("phones-as-written.vcf"))
        .assert()
        .failure()
        .stdout(contains("new contacts: 7"))
        .stdout(contains(
            "card 8, line 36: phone[1]: 'call me' is not a phone number (it has no digits)",
        ))
        .stdout(contains("card 1,").not());
    assert!(
        contacts(&db).is_empty(),
        "nothing written without --skip-invalid"
    );
}

#[test]
fn phones_are_kept_as_people_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    fieldbook(&db)
        .arg("import")
        .arg(fixture("phones-as-written.vcf"))
        .arg("--skip-invalid")
        .assert()
        .success()
        .stdout(contains("7 new contact(s)"))
        .stdout(contains("1 invalid record(s) left out"));
    let all = contacts(&db);
    assert_eq!(all.len(), 7);
    let expect = [
        ("Simon Perreault", "work", "+1-418-656-9254 ext. 102"),
        ("Nairobi Office", "work", "+254 20 123 4567 ext. 12"),
        ("Safaricom Balance", "", "*144#"),
        ("Voicemail PIN", "", "+254 700 000001,,1234"),
        ("Doi Kenichi", "mobile", "123-4567-8901"),
        ("Flower Shop", "", "1-800-3569377"),
        ("Wanjiru Kamau", "mobile whatsapp", "+254 711 000 222"),
    ];
    for (name, label, value) in expect {
        assert_eq!(
            phone_of(&all, name),
            (label.to_string(), value.to_string()),
            "{name}"
        );
    }
}
