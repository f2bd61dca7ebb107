//! Issue 14 part 3: every column used, or said to be ignored. Thunderbird,
//! plain `Name,Email` and `Name,Company,Title,Email,Phone` sheets,
//! LinkedIn's Connections.csv (with its `Notes:` lines), Outlook's home
//! address and extra phones, Outlook in French (`;`), Spanish and
//! Japanese, and a sheet read by its column names (tab separated), each
//! checked field by field; the preview names every column not imported.

use std::path::Path;

use fieldbook::domain::*;
use predicates::prelude::*;
use predicates::str::contains;

mod common;
use common::book::{
    contact_named as contact, empty_book as book, live_contacts as contacts, notes_of,
    organization_of as org_name,
};
use common::cli::fieldbook;

fn import(db: &Path, file: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    common::book::import(db, &format!("layouts/{file}"), extra)
}

fn phones(c: &Contact) -> Vec<(&str, &str)> {
    c.phones
        .iter()
        .map(|p| (p.label.as_str(), p.value.as_str()))
        .collect()
}

fn emails(c: &Contact) -> Vec<&str> {
    c.emails.iter().map(|e| e.value.as_str()).collect()
}

#[test]
fn thunderbird_csv_keeps_both_emails_phones_nickname_and_addresses() {
    let (_dir, db) = book();
    import(&db, "thunderbird.csv", &["--dry-run"])
        .success()
        .stdout(contains(
            "not imported: 'Screen Name' (and 7 empty column(s))",
        ));
    import(&db, "thunderbird.csv", &[]).success();
    let w = contact(&db, "Wanjiru Kamau");
    assert_eq!(emails(&w), ["wanjiru@example.or.ke", "shiru@example.com"]);
    assert_eq!(
        phones(&w),
        [("work", "+254 20 765 4321"), ("mobile", "+254 722 100 200")]
    );
    assert_eq!(w.nickname.as_deref(), Some("Shiru"));
    assert_eq!(w.role.as_deref(), Some("Field Officer"));
    assert_eq!(org_name(&db, &w).as_deref(), Some("Maji Safi Trust"));
    // The work address gives the city; the home one is kept as a note.
    assert_eq!(w.city.as_deref(), Some("Nairobi"));
    assert_eq!(w.country.as_deref(), Some("KE"));
    assert_eq!(
        notes_of(&db, &w),
        [
            "Department: Water",
            "Home address: Nakuru, Kenya",
            "Prefers calls after 4pm"
        ]
    );
    let o = contact(&db, "Ousmane Faye");
    assert_eq!(phones(&o), [("home", "+221 33 800 1111")]);
    assert_eq!(o.city.as_deref(), Some("Dakar"));
    assert_eq!(o.country.as_deref(), Some("SN"));
    assert_eq!(
        notes_of(&db, &o),
        ["Home address: 12 Rue Carnot, 10200 Dakar, Senegal"]
    );
}

#[test]
fn plain_name_email_and_name_company_title_sheets_need_no_map() {
    let (_dir, db) = book();
    import(&db, "name-email.csv", &[]).success();
    let h = contact(&db, "Halima Yusuf");
    assert_eq!(emails(&h), ["halima@example.org"]);
    assert_eq!(emails(&contact(&db, "Juma Otieno")), ["juma@example.org"]);

    import(&db, "name-company-title.csv", &["--dry-run"])
        .success()
        .stdout(contains("not imported").not());
    import(&db, "name-company-title.csv", &[]).success();
    let g = contact(&db, "Grace Achieng");
    assert_eq!(org_name(&db, &g).as_deref(), Some("Kisumu Youth Network"));
    assert_eq!(g.role.as_deref(), Some("Coordinator"));
    assert_eq!(emails(&g), ["grace@example.org"]);
    assert_eq!(phones(&g), [("", "+254 733 000 111")]);
}

#[test]
fn linkedin_connections_skip_the_notes_above_the_header() {
    let (_dir, db) = book();
    import(&db, "linkedin-connections.csv", &["--dry-run"])
        .success()
        .stdout(
            contains("2 record(s)")
                .and(contains("2 row(s) of notes above the column names skipped"))
                .and(contains("not imported: 'Connected On'")),
        );
    import(&db, "linkedin-connections.csv", &[]).success();
    let m = contact(&db, "Mamadou Diallo");
    assert_eq!(emails(&m), ["mamadou@example.sn"]);
    assert_eq!(org_name(&db, &m).as_deref(), Some("Enda Graf Sahel"));
    assert_eq!(m.role.as_deref(), Some("Programme Manager"));
    assert_eq!(
        notes_of(&db, &m),
        ["Web page: https://www.linkedin.com/in/mamadou-diallo-example"]
    );
    let a = contact(&db, "Aiko Tanaka");
    assert!(a.emails.is_empty());
    assert_eq!(a.role.as_deref(), Some("Volunteer Coordinator"));
    assert_eq!(org_name(&db, &a).as_deref(), Some("JICA"));
}

#[test]
fn outlook_home_address_and_extra_phones_are_kept() {
    let (_dir, db) = book();
    import(&db, "outlook-home.csv", &["--dry-run"])
        .success()
        .stdout(contains(
            "not imported: 'Title', 'Spouse', 'Gender' (and 1 empty column(s))",
        ));
    import(&db, "outlook-home.csv", &[]).success();
    let p = contact(&db, "Peter Mwangi");
    assert_eq!(
        phones(&p),
        [
            ("work", "+254 20 111 2222"),
            ("mobile", "+254 711 222 333"),
            ("pager", "+254 20 111 2299"),
            ("car", "+254 711 222 334"),
            ("home fax", "+254 20 333 4444"),
            ("assistant", "+254 20 111 2223"),
        ]
    );
    assert_eq!(
        p.role.as_deref(),
        Some("Lecturer"),
        "not the honorific 'Dr.'"
    );
    assert_eq!(org_name(&db, &p).as_deref(), Some("University of Nairobi"));
    assert_eq!(p.city.as_deref(), Some("Nairobi"));
    assert_eq!(p.country.as_deref(), Some("KE"));
    assert_eq!(
        notes_of(&db, &p),
        ["Home address: Plot 7, Ngong Road, 00100 Nairobi, Kenya"]
    );
}

#[test]
fn outlook_in_french_with_semicolons_spanish_and_japanese() {
    let (_dir, db) = book();
    import(&db, "outlook-fr.csv", &["--dry-run"])
        .success()
        .stdout(
            contains("columns separated by ';'")
                .and(contains("not imported: 'Titre' (and 1 empty column(s))")),
        );
    import(&db, "outlook-fr.csv", &[]).success();
    let a = contact(&db, "Aminata Ndiaye");
    assert_eq!(org_name(&db, &a).as_deref(), Some("Mairie de Thiès"));
    assert_eq!(a.role.as_deref(), Some("Chargée de mission"));
    assert_eq!(emails(&a), ["aminata@example.sn"]);
    assert_eq!(
        phones(&a),
        [("work", "+221 33 951 0000"), ("mobile", "+221 77 555 0101")]
    );
    assert_eq!(a.city.as_deref(), Some("Thiès"));
    assert_eq!(a.country.as_deref(), Some("SN"));
    assert_eq!(a.tags, ["Partenaires"]);
    assert_eq!(
        notes_of(&db, &a),
        [
            "Department: Coopération",
            "Home address: Dakar, Sénégal",
            "Rencontrée au forum",
            "Work address: Avenue Léopold Sédar Senghor, 21000 Thiès, Sénégal",
        ]
    );

    import(&db, "outlook-es.csv", &["--dry-run"])
        .success()
        .stdout(contains("not imported: 'Tratamiento'"));
    import(&db, "outlook-es.csv", &[]).success();
    let c = contact(&db, "Carlos Mendoza Ruiz");
    assert_eq!(org_name(&db, &c).as_deref(), Some("Fundación Agua Viva"));
    assert_eq!(c.role.as_deref(), Some("Director"));
    assert_eq!(emails(&c), ["carlos@example.org"]);
    assert_eq!(
        phones(&c),
        [("work", "+258 21 000 111"), ("mobile", "+258 84 000 2222")]
    );
    assert_eq!(c.city.as_deref(), Some("Maputo"));
    assert_eq!(c.country.as_deref(), Some("MZ"));
    assert_eq!(c.tags, ["Socios"]);
    assert_eq!(notes_of(&db, &c), ["Socio del proyecto de pozos"]);

    import(&db, "outlook-ja.csv", &[]).success();
    let s = contact(&db, "佐藤 花子");
    assert_eq!(s.native_name.as_deref(), Some("佐藤 花子"));
    assert_eq!(s.reading.as_deref(), Some("サトウ ハナコ"));
    assert_eq!(org_name(&db, &s).as_deref(), Some("国際協力機構"));
    assert_eq!(s.role.as_deref(), Some("企画調査員"));
    assert_eq!(emails(&s), ["sato.hanako@example.jp"]);
    assert_eq!(
        phones(&s),
        [("work", "+254 20 000 3333"), ("mobile", "+254 700 000 444")]
    );
    assert_eq!(s.city.as_deref(), Some("Nairobi"));
    assert_eq!(
        s.country.as_deref(),
        Some("ケニア"),
        "kept as written, and said"
    );
    assert_eq!(s.tags, ["JICA"]);
    assert_eq!(
        notes_of(&db, &s),
        ["Department: ナイロビ事務所", "NGOデスク担当"]
    );
}

#[test]
fn a_sheet_of_ones_own_is_read_by_its_column_names_and_says_so() {
    let (_dir, db) = book();
    import(&db, "guessed-columns.csv", &["--dry-run"])
        .success()
        .stdout(
            contains("columns separated by tabs")
                .and(contains(
                    "columns read by their name: 'Contact name' as name, 'Town' as city",
                ))
                .and(contains("not imported: 'Shoe size'")),
        );
    import(&db, "guessed-columns.csv", &[]).success();
    let i = contact(&db, "Ivan Petrov");
    assert_eq!(emails(&i), ["ivan@example.org"]);
    assert_eq!(phones(&i), [("", "+7 495 000 0000")]);
    assert_eq!(org_name(&db, &i).as_deref(), Some("Red Cross Moscow"));
    assert_eq!(i.city.as_deref(), Some("Moscow"));
}

#[test]
fn columns_that_say_nothing_are_refused_and_nothing_is_written() {
    let (_dir, db) = book();
    import(&db, "../columns-unnamed.csv", &[])
        .failure()
        .stderr(contains("no column of this CSV says who the contact is").and(contains("--map")));
    assert!(contacts(&db).is_empty());
}

#[test]
fn a_family_and_given_name_in_cjk_keep_the_space_between_them() {
    let (_dir, db) = book();
    import(&db, "google-cjk-names.csv", &[]).success();
    let doi = contact(&db, "土居 健市");
    assert_eq!(doi.native_name.as_deref(), Some("土居 健市"));
    assert_eq!(doi.reading.as_deref(), Some("どい けんいち"));
    // Typed whole, without a space: kept whole.
    let ando = contact(&db, "安藤ロイド");
    assert_eq!(ando.nickname.as_deref(), Some("ロイ"));
    assert_eq!(emails(&ando), ["roid@example.jp"]);
}

#[test]
fn a_crlf_file_names_the_line_of_the_bad_row() {
    let (_dir, db) = book();
    let file = _dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "Name,Email\r\nA,a@example.org\r\nB,not-an-address\r\n",
    )
    .unwrap();
    fieldbook(&db)
        .arg("import")
        .arg(&file)
        .assert()
        .failure()
        .stdout(contains("line 3: email[1]: 'not-an-address'"));
    assert!(contacts(&db).is_empty());
}

#[test]
fn the_ui_preview_names_the_columns_not_imported_as_the_cli_does() {
    use common::ui_harness::Harness;
    use fieldbook::ui::action::Action;
    use fieldbook::ui::state::Overlay;
    use fieldbook::ui::theme::Theme;
    use fieldbook::ui::update::Msg;
    let mut h = Harness::new(0, (160, 40));
    h.send(Msg::Action(Action::Close));
    let file = common::book::fixture("layouts/outlook-home.csv");
    h.press(&["I"]);
    for c in file.display().to_string().chars() {
        h.send(Msg::Type(c));
    }
    h.press(&["enter"]);
    assert!(
        matches!(h.app.overlay, Overlay::ImportPreview { .. }),
        "{:?}",
        h.app.message
    );
    let screen = h.screen(Theme::dark());
    assert!(
        screen.contains("not imported: 'Title', 'Spouse', 'Gender' (and 1 empty column(s))"),
        "{screen}"
    );
}

#[test]
fn googles_address_label_is_read_with_its_address_not_listed_as_lost() {
    let (_dir, db) = book();
    common::book::import(&db, "google.csv", &["--dry-run"])
        .success()
        .stdout(contains("not imported").not());
}
