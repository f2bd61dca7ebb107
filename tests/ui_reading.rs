//! Reading: the reader (a timeline entry in full), lists whose columns fit
//! what they hold, and empty lists that name the key that adds a record.
//! Screens drawn into ratatui's `TestBackend`, compared with insta
//! snapshots (tests/snapshots/ui_reading__*.snap).

use chrono::{NaiveDate, TimeZone, Utc};
use fieldbook::domain::*;
use fieldbook::ui::action::Action;
use fieldbook::ui::keymap::{Chord, Keymap};
use fieldbook::ui::state::Overlay;
use fieldbook::ui::theme::Theme;

mod common;
use common::ui_harness::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The text of the first box on each row (the list, or the reader), rows
/// joined by spaces: what a person reads, however it wrapped.
fn text_of(screen: &str) -> String {
    let rows: Vec<&str> = screen
        .lines()
        .filter_map(|l| l.split('│').nth(1))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    rows.join(" ")
}

/// An empty book, past its welcome screen.
fn empty_book(size: (u16, u16)) -> Harness {
    let mut h = Harness::new(0, size);
    h.press(&["esc"]);
    h
}

/// Two projects whose codes differ only at the end, people with Japanese
/// names (family and given name in the native column) and long Latin ones.
fn book_to_list(size: (u16, u16)) -> Harness {
    let mut h = empty_book(size);
    let org = Organization::new("Japan Platform for Partnership", OrgKind::DonorNgo);
    h.store.write(|tx| tx.save_organization(&org)).unwrap();
    for (name, native) in [
        ("Doi Kenichi", Some("土居 健市")),
        ("Yamamoto Sakura", Some("山本 さくら")),
        ("Nakamura Misaki", Some("中村 美咲")),
        ("Abdoulaye Diallo-Ndiaye", None),
        ("Wanjiru Achieng", None),
    ] {
        let mut c = Contact::new(name);
        c.native_name = native.map(str::to_string);
        c.organization_id = Some(org.meta.id);
        h.store.write(|tx| tx.save_contact(&c)).unwrap();
    }
    for (code, title) in [
        ("JPP-KE-2026-01", "Community water management in Homa Bay"),
        ("JPP-KE-2026-02", "Community water management in Migori"),
        ("JPP-SN-2025-11", "Farmers' field schools"),
    ] {
        let mut p = Project::new(title);
        // Its first status is stamped with this, not with the clock.
        p.meta.created_at = Utc.with_ymd_and_hms(2026, 1, 12, 8, 0, 0).unwrap();
        p.ref_code = Some(code.into());
        p.implementing_org_id = Some(org.meta.id);
        h.store.write(|tx| tx.save_project(&p)).unwrap();
    }
    h
}

#[test]
fn lists_keep_codes_and_native_names_whole() {
    for size @ (w, hgt) in SIZES {
        let mut h = book_to_list(size);
        h.press(&["4"]);
        let screen = h.screen(Theme::dark());
        for code in ["JPP-KE-2026-01", "JPP-KE-2026-02", "JPP-SN-2025-11"] {
            assert!(screen.contains(code), "{code} cut at {w}x{hgt}:\n{screen}");
        }
        insta::assert_snapshot!(format!("projects_{w}x{hgt}"), screen);
        h.press(&["2"]);
        let screen = h.screen(Theme::dark());
        for name in ["Doi Kenichi", "土居 健市", "山本 さくら", "中村 美咲"] {
            assert!(screen.contains(name), "{name} cut at {w}x{hgt}:\n{screen}");
        }
        insta::assert_snapshot!(format!("contacts_{w}x{hgt}"), screen);
    }
}

#[test]
fn empty_lists_name_the_key_that_adds_a_record() {
    let mut h = empty_book((80, 24));
    h.press(&["4"]);
    let screen = h.screen(Theme::dark());
    assert!(
        text_of(&screen).contains("No projects yet. Press n to add one."),
        "{screen}"
    );
    insta::assert_snapshot!("empty_projects_80x24", screen);
    h.press(&["6"]);
    let screen = h.screen(Theme::dark());
    assert!(
        text_of(&screen)
            .contains("No open follow-ups here. Press o to change the filter. Press n to add one."),
        "{screen}"
    );
    // The key named is the one bound now, not a word written by hand.
    let mut keymap = Keymap::default();
    keymap.rebind(Action::New, vec![Chord::parse("N").unwrap()]);
    let mut h = Harness::with_keymap(0, (80, 24), keymap);
    h.press(&["esc", "3"]);
    let screen = h.screen(Theme::dark());
    assert!(
        text_of(&screen).contains("No organizations yet. Press N to add one."),
        "{screen}"
    );
}

/// A contact with one visit: a long observation in English and unspaced
/// Japanese, issues, and follow-ups.
fn book_with_a_visit(size: (u16, u16)) -> Harness {
    let mut h = empty_book(size);
    let doi = Contact::new("Doi Kenichi");
    h.store.write(|tx| tx.save_contact(&doi)).unwrap();
    let mut visit = Visit::new(day(2026, 11, 20), Purpose::Monitoring);
    visit.place = Some("Homa Bay Town, Homa Bay County".into());
    visit.participant_ids = vec![doi.meta.id];
    visit.observations = format!(
        "{}\n\n{}",
        "The farmers' field school met under the mango tree as planned; \
         twenty-three members came, seven of them new since the last visit. \
         The demonstration plot of drought-tolerant sorghum is two weeks \
         behind because the borehole pump failed in October and was only \
         repaired last week by the county water office.",
        "土居さんによると、ポンプの部品は来月ナイロビから届く予定で、それまでは手で水を運んでいる。"
    );
    visit.issues = "The pump's spare parts are not in the budget.".into();
    h.store.write(|tx| tx.save_visit(&visit)).unwrap();
    let mut follow_up = FollowUp::new("Ask the county for a quote for a spare pump");
    follow_up.visit_id = Some(visit.meta.id);
    follow_up.due_date = Some(day(2026, 12, 4));
    h.store.write(|tx| tx.save_follow_up(&follow_up)).unwrap();
    h
}

#[test]
fn the_reader_shows_a_visit_whole() {
    for size @ (w, hgt) in SIZES {
        let mut h = book_with_a_visit(size);
        // The contact's timeline, then Enter on the visit.
        h.press(&["2", "tab", "tab", "enter"]);
        assert!(matches!(h.app.overlay, Overlay::Reader(_)));
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("borehole"), "{screen}");
        insta::assert_snapshot!(format!("reader_visit_{w}x{hgt}"), screen);
        // Esc goes back to the timeline, as it was.
        h.press(&["esc"]);
        assert_eq!(h.app.overlay, Overlay::None);
    }
}

#[test]
fn the_reader_shows_a_status_change_with_its_whole_reason() {
    let mut h = empty_book((80, 24));
    let mut p = Project::new("Community water management in Homa Bay");
    p.meta.created_at = Utc.with_ymd_and_hms(2026, 1, 12, 8, 0, 0).unwrap();
    h.store.write(|tx| tx.save_project(&p)).unwrap();
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap();
    let reason = "The county asked for a second proposal round: the first \
                  budget left out the pump's spare parts, and the partner \
                  NGO wants the water committee trained before work starts.";
    h.store
        .write(|tx| tx.set_project_status_at(p.meta.id, ProjectStatus::Proposal, Some(reason), at))
        .unwrap();
    h.press(&["4", "tab", "tab", "enter"]);
    let screen = h.screen(Theme::dark());
    assert!(
        text_of(&screen).contains("committee trained before work starts."),
        "{screen}"
    );
    insta::assert_snapshot!("reader_status_80x24", screen);
    // A status change is history: e says so and changes nothing.
    h.press(&["e"]);
    assert!(matches!(h.app.overlay, Overlay::Reader(_)));
    assert!(
        h.app
            .message
            .as_ref()
            .is_some_and(|m| m.text.contains("not edited")),
        "{:?}",
        h.app.message
    );
}
