//! Deliverables on the screens (issue 16, section 3): the dashboard's
//! overdue deliverables beside the overdue follow-ups and its 30 days of
//! deadlines, Enter on one, `x` to move it on; the Deliverables tab and a
//! deliverable's details (snapshots). A real demo book, the real key path.

use fieldbook::domain::*;
use fieldbook::ui::state::Tab;
use fieldbook::ui::theme::Theme;

mod common;
use common::ui_harness::{Harness, today};

#[test]
fn the_dashboard_lists_overdue_deliverables_and_x_submits_one() {
    let mut h = Harness::new(300, (120, 40));
    let d = h.app.dashboard.clone().unwrap();
    let s = &d.deliverables;
    assert!(s.overdue_total > 0, "the demo has late reports: {s:?}");
    assert!(s.overdue.iter().all(|l| l.overdue && l.due < today()));
    assert!(s.upcoming.iter().all(|l| l.due >= today()));
    let screen = h.screen(Theme::dark());
    let title = format!(
        "Deliverables: {} OVERDUE, {} due in 30 days",
        s.overdue_total, s.upcoming_total
    );
    assert!(screen.contains(&title), "{title}:\n{screen}");
    let first = &s.overdue[0];
    let row = format!("{} {}", first.due.format("%Y-%m-%d"), first.project);
    assert!(screen.contains(&row), "{row}:\n{screen}");
    // The cursor goes through the overdue follow-ups, then the deliverables.
    for _ in 0..d.overdue.len() {
        h.press(&["j"]);
    }
    h.press(&["x"]);
    let said = h.app.message.clone().unwrap().text;
    assert!(said.contains("submitted on 2026-11-28"), "{said}");
    let after = h.app.dashboard.clone().unwrap();
    assert_eq!(after.deliverables.overdue_total, s.overdue_total - 1);
    h.press(&["u"]);
    let undone = h.app.dashboard.clone().unwrap();
    assert_eq!(undone.deliverables.overdue_total, s.overdue_total);
    // Enter opens it (the cursor stayed on its row), with its project
    // linked and OVERDUE said.
    h.press(&["enter"]);
    let screen = h.screen(Theme::dark());
    assert!(
        screen.contains("OVERDUE") && screen.contains("Project"),
        "{screen}"
    );
    assert!(screen.contains(&first.title), "{screen}");
}

#[test]
fn deliverables_tab_and_details() {
    for size in [(80u16, 24u16), (120, 40)] {
        let mut h = Harness::new(300, size);
        h.press(&["9"]);
        assert_eq!(h.app.tab, Tab::Deliverables);
        let name = format!("deliverables_{}x{}", size.0, size.1);
        insta::assert_snapshot!(name, h.screen(Theme::dark()));
    }
}

#[test]
fn a_projects_details_show_its_calendar() {
    let mut h = Harness::new(300, (120, 40));
    let project = {
        let d = h.app.dashboard.clone().unwrap();
        d.deliverables.overdue[0].project.clone()
    };
    h.press(&["4", "/"]);
    h.type_text(&project);
    h.press(&["enter"]);
    let detail = h.app.record.detail.clone().unwrap();
    let fieldbook::store::views::DetailBody::Project(p) = &detail.body else {
        panic!("{detail:?}");
    };
    assert!(!p.calendar.is_empty());
    assert!(p.calendar.windows(2).all(|w| w[0].due <= w[1].due));
    assert!(p.calendar.iter().any(|l| l.overdue));
    assert!(
        p.calendar
            .iter()
            .any(|l| l.status == DeliverableStatus::Accepted)
    );
}
