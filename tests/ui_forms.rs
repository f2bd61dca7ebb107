//! Snapshots of forms and pickers at 80x24 and 120x40 (issue 13 parts 3
//! and 6): the record form, the visit form, a pick list open, a picker
//! showing who is who, and an editor wrapping a long line.

use fieldbook::domain::*;
use fieldbook::ui::theme::Theme;

mod common;
use common::ui_harness::Harness;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// A small book with two people of the same name at different places.
fn harness(size: (u16, u16)) -> Harness {
    let mut h = Harness::new(0, size);
    let jica = Organization::new("JICA Kenya", OrgKind::Government);
    let nagoya = Organization::new("Nagoya University", OrgKind::University);
    let mut first = Contact::new("Doi Kenichi");
    first.organization_id = Some(jica.meta.id);
    first.role = Some("Programme officer".into());
    first.city = Some("Nairobi".into());
    let mut second = Contact::new("Doi Kenichi");
    second.native_name = Some("土居健市".into());
    second.organization_id = Some(nagoya.meta.id);
    second.role = Some("Researcher".into());
    second.city = Some("Nagoya".into());
    let mut project = Project::new("Kendu Bay water point");
    project.site = Some("Kendu Bay".into());
    project.ref_code = Some("JPP-KE-2026-01".into());
    h.store
        .write(|tx| {
            tx.save_organization(&jica)?;
            tx.save_organization(&nagoya)?;
            tx.save_contact(&first)?;
            tx.save_contact(&second)?;
            tx.save_project(&project)
        })
        .unwrap();
    // Past the welcome screen, and the lists read again.
    h.press(&["esc", "1"]);
    h
}

fn name(what: &str, (w, h): (u16, u16)) -> String {
    format!("{what}_{w}x{h}")
}

#[test]
fn the_record_form_with_a_pick_list_open() {
    for size in SIZES {
        let mut h = harness(size);
        h.press(&["4", "n"]);
        h.type_text("Borehole rehabilitation");
        h.press(&["tab"]);
        h.type_text("JPP-KE-2026-02");
        let screen = h.screen(Theme::dark());
        insta::assert_snapshot!(name("record_form", size), screen);
        // To the status (the ninth field) and open its list, narrowed.
        for _ in 0..7 {
            h.press(&["tab"]);
        }
        h.type_text("pro");
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("In progress"), "{screen}");
        insta::assert_snapshot!(name("pick_list_open", size), screen);
    }
}

#[test]
fn the_visit_form_and_a_picker_showing_who_is_who() {
    for size in SIZES {
        let mut h = harness(size);
        h.press(&["4", "v"]);
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("Kendu Bay"), "{screen}");
        insta::assert_snapshot!(name("visit_form", size), screen);
        h.type_text("doi kenichi");
        h.press(&["down"]);
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("JICA Kenya, Programme officer"), "{screen}");
        assert!(screen.contains("Nagoya University, Researcher"), "{screen}");
        insta::assert_snapshot!(name("picker_who_is_who", size), screen);
    }
}

#[test]
fn a_note_editor_wraps_a_long_line() {
    for size in SIZES {
        let mut h = harness(size);
        h.press(&["4", "a"]);
        h.type_text("The county water officer came with the chairman of the users' committee; ");
        h.type_text(&format!("{}終", "土居健市さんへ連絡".repeat(12)));
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("The county water officer"), "{screen}");
        assert!(screen.contains('終'), "{screen}");
        insta::assert_snapshot!(name("note_wrapped", size), screen);
    }
}
