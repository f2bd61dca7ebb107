//! The consultation screens without a terminal (the real runtime, keys by
//! name): the form `c` opens from a contact, the Consultations tab with a
//! consultation's details, and the people to call (`K`), at 80x24 and
//! 120x40.

mod common;
use common::ui_harness::Harness;
use fieldbook::domain::TouchRules;
use fieldbook::ui::state::Tab;
use fieldbook::ui::theme::Theme;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, size: (u16, u16), h: &Harness) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", size.0, size.1),
        h.screen(Theme::dark())
    );
}

#[test]
fn the_consultation_form_tab_details_and_people_to_call() {
    for size in SIZES {
        let mut h = Harness::new(300, size);
        h.press(&["2"]);
        let person = h.selected_name();
        h.press(&["c"]);
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("New consultation"), "{screen}");
        assert!(
            screen.contains(&person),
            "prefilled with {person}: {screen}"
        );
        h.type_text("ph");
        h.press(&["enter"]);
        h.type_text("r");
        snap("consultation_topic_list", size, &h);
        h.press(&["enter"]);
        h.type_text("How long does registration renewal take?");
        h.press(&["ctrl-s"]);
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("consultation saved"), "{screen}");
        // The person's timeline has it; the tab lists it first (newest).
        let screen = h.screen(Theme::dark());
        assert!(screen.contains("asked"), "{screen}");
        h.press(&["7"]);
        assert_eq!(h.app.tab, Tab::Consultations);
        snap("consultation_details", size, &h);
        let mut rules = TouchRules::default();
        rules.by_tag.insert("partner".into(), 60);
        h.app.touch_rules = rules;
        h.press(&["K"]);
        snap("people_to_call", size, &h);
        // Enter opens the person at the top of the list.
        h.press(&["enter"]);
        assert_eq!(h.app.tab, Tab::Contacts);
    }
}
