//! "Needs review" and a record's history without a terminal (the real
//! runtime, keys by name): two desks from one origin race on two fields of
//! an organization; on the Kisumu desk the dashboard says so, `N` lists
//! both conflicts, `t` keeps theirs, `e` opens the form and saving it
//! resolves the other; `H` on the organization shows its history.
//! Times and replica ids come from the clock: they are masked in snapshots.

use std::path::{Path, PathBuf};

mod common;
use common::ui_harness::{Harness, today};
use fieldbook::domain::{Id, OrgKind, Organization};
use fieldbook::store::Store;
use fieldbook::sync;
use fieldbook::ui::keymap::Keymap;
use fieldbook::ui::runtime::Runtime;
use fieldbook::ui::theme::Theme;

fn edit(db: &Path, id: Id, change: impl FnOnce(&mut Organization)) {
    let mut store = Store::open(db).unwrap();
    let mut org = store.read().organization(id).unwrap().unwrap();
    change(&mut org);
    store.write(|tx| tx.save_organization(&org)).unwrap();
}

fn send(from: &Path, to: &Path) {
    let bundle = sync::build_bundle(&Store::open(from).unwrap(), None).unwrap();
    let mut store = Store::open(to).unwrap();
    sync::check_bundle(&store, &bundle).unwrap();
    sync::import::apply_bundle(&mut store, &bundle).unwrap();
}

/// Nairobi and Kisumu from one origin; both change the city and the
/// website of Kibera Youth, Kisumu second; then they exchange.
fn two_desks_racing(dir: &Path) -> (PathBuf, PathBuf, Id) {
    let a = dir.join("nairobi.db");
    let b = dir.join("kisumu.db");
    let org = Organization::new("Kibera Youth", OrgKind::LocalNgo);
    {
        let mut store = Store::open(&a).unwrap();
        store.write(|tx| tx.save_organization(&org)).unwrap();
    }
    std::fs::copy(&a, &b).unwrap();
    sync::identity::reset_book_id(&mut Store::open(&b).unwrap()).unwrap();
    edit(&a, org.meta.id, |o| {
        o.city = Some("Nairobi".into());
        o.website = Some("https://kibera.example".into());
    });
    edit(&b, org.meta.id, |o| {
        o.city = Some("Kisumu".into());
        o.website = Some("https://kiberayouth.example".into());
    });
    send(&a, &b);
    send(&b, &a);
    (a, b, org.meta.id)
}

/// The UI on `db`.
fn ui_on(dir: tempfile::TempDir, db: &Path, size: (u16, u16)) -> Harness {
    let store = Store::open(db).unwrap();
    let rt = Runtime::start(store, today(), size, Keymap::default(), None);
    Harness { dir, rt }
}

/// Masks what the clock decides: `2026-12-07 07:18` and `(01a24f5e)`.
fn masked(screen: &str) -> String {
    let chars: Vec<char> = screen.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let time_at = |i: usize| {
        let shape = "dddd-dd-dd dd:dd";
        i + shape.len() <= chars.len()
            && shape.chars().zip(&chars[i..]).all(|(s, c)| match s {
                'd' => c.is_ascii_digit(),
                s => s == *c,
            })
    };
    let short_id_at = |i: usize| {
        i + 10 <= chars.len()
            && chars[i] == '('
            && chars[i + 9] == ')'
            && chars[i + 1..i + 9].iter().all(|c| c.is_ascii_hexdigit())
    };
    while i < chars.len() {
        if time_at(i) {
            out.push_str("YYYY-MM-DD hh:mm");
            i += 16;
        } else if short_id_at(i) {
            out.push_str("(replica.)");
            i += 10;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn snap(name: &str, h: &Harness) {
    insta::assert_snapshot!(name, masked(&h.screen(Theme::dark())));
}

fn city(h: &Harness, id: Id) -> Option<String> {
    h.store.read().organization(id).unwrap().unwrap().city
}

#[test]
fn needs_review_lists_the_conflicts_and_keep_theirs_and_edit_resolve_them() {
    let dir = tempfile::tempdir().unwrap();
    let (_, b, id) = two_desks_racing(dir.path());
    let mut h = ui_on(dir, &b, (120, 40));
    snap("review_dashboard_120x40", &h);
    h.press(&["N"]);
    snap("review_list_120x40", &h);
    assert_eq!(city(&h, id).as_deref(), Some("Kisumu"));
    // The first conflict is the city: theirs is Nairobi's.
    h.press(&["t"]);
    assert_eq!(city(&h, id).as_deref(), Some("Nairobi"));
    assert_eq!(sync::review::list(&h.store).unwrap().len(), 1);
    snap("review_after_keep_theirs_120x40", &h);
    // Edit: the organization's form, prefilled; saving it resolves the
    // website's conflict with the value it holds then.
    h.press(&["e"]);
    let form = h.screen(Theme::dark());
    assert!(form.contains("https://kiberayouth.example"), "{form}");
    h.press(&["ctrl-s"]);
    assert!(sync::review::list(&h.store).unwrap().is_empty());
    h.press(&["1"]);
    let dashboard = h.screen(Theme::dark());
    assert!(!dashboard.contains("Needs review"), "{dashboard}");
}

#[test]
fn keep_mine_and_closing_an_edit_unsaved_leave_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let (_, b, id) = two_desks_racing(dir.path());
    let mut h = ui_on(dir, &b, (80, 24));
    h.press(&["N"]);
    snap("review_list_80x24", &h);
    // Opening the form and leaving it resolves nothing.
    h.press(&["e", "esc"]);
    assert_eq!(sync::review::list(&h.store).unwrap().len(), 2);
    h.press(&["N", "m"]);
    assert_eq!(city(&h, id).as_deref(), Some("Kisumu"));
    assert_eq!(sync::review::list(&h.store).unwrap().len(), 1);
}

#[test]
fn the_history_of_a_record_says_who_changed_what_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let (_, b, id) = two_desks_racing(dir.path());
    sync::review::resolve_nth(
        &mut Store::open(&b).unwrap(),
        1,
        &sync::review::Choice::Theirs,
    )
    .unwrap();
    let mut h = ui_on(dir, &b, (120, 30));
    h.press(&["3"]);
    assert_eq!(h.app.record.detail.as_ref().map(|d| d.id), Some(id));
    h.press(&["H"]);
    snap("history_120x30", &h);
    h.press(&["esc"]);
    assert!(!h.screen(Theme::dark()).contains("History of"));
}

/// Two desks each entered the same NGO; after they exchange, Needs review
/// lists it as entered twice, `M` asks, and yes merges the second into the
/// first (its contact moves; the second goes to the trash).
#[test]
fn an_organization_entered_on_two_desks_is_listed_and_merged_after_asking() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("nairobi.db");
    let b = dir.path().join("kisumu.db");
    Store::open(&a).unwrap();
    std::fs::copy(&a, &b).unwrap();
    sync::identity::reset_book_id(&mut Store::open(&b).unwrap()).unwrap();
    let first = Organization::new("Lake Basin Health", OrgKind::LocalNgo);
    let second = Organization::new("Lake  Basin health", OrgKind::LocalNgo);
    Store::open(&a)
        .unwrap()
        .write(|tx| tx.save_organization(&first))
        .unwrap();
    let mut officer = fieldbook::domain::Contact::new("Achieng Otieno");
    officer.organization_id = Some(second.meta.id);
    {
        let mut store = Store::open(&b).unwrap();
        store.write(|tx| tx.save_organization(&second)).unwrap();
        store.write(|tx| tx.save_contact(&officer)).unwrap();
    }
    send(&b, &a);
    let mut h = ui_on(dir, &a, (120, 40));
    h.press(&["N"]);
    let listed = h.screen(Theme::dark());
    assert!(listed.contains("Entered twice (1)"), "{listed}");
    assert!(listed.contains("same name"), "{listed}");
    snap("review_entered_twice_120x40", &h);
    h.press(&["M"]);
    let asked = h.screen(Theme::dark());
    assert!(asked.contains("Are you sure?"), "{asked}");
    assert!(
        h.store
            .read()
            .organization(second.meta.id)
            .unwrap()
            .unwrap()
            .meta
            .deleted_at
            .is_none(),
        "nothing merged before the answer"
    );
    h.press(&["y"]);
    let read = h.store.read();
    assert!(
        read.organization(second.meta.id)
            .unwrap()
            .unwrap()
            .meta
            .deleted_at
            .is_some()
    );
    let moved = read.contact(officer.meta.id).unwrap().unwrap();
    assert_eq!(
        moved.organization_id,
        Some(first.meta.id),
        "the contact moved to the one kept"
    );
    assert!(read.possible_duplicates().unwrap().is_empty());
}
