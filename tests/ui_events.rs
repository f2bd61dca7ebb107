//! The event screens (insta snapshots at 80x24 and 120x40): the Events tab
//! with a seminar's details, the invite screen, the attendance checklist;
//! and the checklist's keys: space marks and moves down, undo takes a mark
//! back.

mod common;

use common::ui_harness::Harness;
use fieldbook::domain::InviteeStatus;
use fieldbook::ui::state::{Overlay, Tab};
use fieldbook::ui::theme::Theme;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, size: (u16, u16), h: &Harness) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", size.0, size.1),
        h.screen(Theme::dark())
    );
}

/// The demo's JPP application seminar (40 invited, 28 came), selected.
fn on_the_seminar(h: &mut Harness) {
    h.press(&["8"]);
    assert_eq!(h.app.tab, Tab::Events);
    for _ in 0..10 {
        if h.selected_name().ends_with("JPP application seminar")
            || h.app
                .record
                .detail
                .as_ref()
                .is_some_and(|d| d.title.ends_with(" JPP application seminar"))
        {
            return;
        }
        h.press(&["j"]);
    }
    panic!("no JPP application seminar in the Events tab");
}

#[test]
fn snapshots_of_the_event_screens() {
    for size in SIZES {
        let mut h = Harness::new(300, size);
        on_the_seminar(&mut h);
        snap("events_seminar", size, &h);
        h.press(&["i"]);
        h.press(&["tab"]);
        h.type_text("kenya");
        snap("events_invite", size, &h);
        h.press(&["esc", "m"]);
        snap("events_attendance", size, &h);
    }
}

#[test]
fn space_marks_attended_and_moves_down_and_undo_takes_it_back() {
    let mut h = Harness::new(300, (120, 40));
    on_the_seminar(&mut h);
    h.press(&["m"]);
    let first_absent = match &h.app.overlay {
        Overlay::Attendance(a) => {
            assert_eq!(a.attended(), 28);
            a.lines
                .iter()
                .position(|l| l.status != InviteeStatus::Attended)
                .unwrap()
        }
        other => panic!("not the checklist: {other:?}"),
    };
    for _ in 0..first_absent {
        h.press(&["j"]);
    }
    h.press(&["space"]);
    let Overlay::Attendance(a) = &h.app.overlay else {
        panic!()
    };
    assert_eq!(a.attended(), 29);
    assert_eq!(a.cursor, first_absent + 1, "moved down");
    let event = a.event;
    let attended = |h: &Harness| {
        h.store
            .read()
            .event(event)
            .unwrap()
            .unwrap()
            .invitees
            .iter()
            .filter(|i| i.status == InviteeStatus::Attended)
            .count()
    };
    assert_eq!(attended(&h), 29, "written to the book");
    h.press(&["esc", "u"]);
    assert_eq!(attended(&h), 28, "undone");
}
