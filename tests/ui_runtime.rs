//! The runtime the terminal loop drives: the day is passed in (never read
//! from the clock), the backup thread's report and a bad config file become
//! messages, other processes' changes are shown, drafts are kept as time
//! passes.

use std::time::{Duration, Instant};

use chrono::Days;
use fieldbook::domain::OrgKind;
use fieldbook::domain::Organization;
use fieldbook::store::Store;
use fieldbook::ui::backups::Report;
use fieldbook::ui::state::{Message, Overlay};
use fieldbook::ui::theme::Theme;
use fieldbook::ui::update::Msg;

mod common;
use common::ui_harness::{Harness, today};

#[test]
fn the_day_is_passed_in_and_a_new_one_reloads_the_dashboard() {
    let mut h = Harness::new(100, (120, 40));
    let overdue_today = h.app.dashboard.as_ref().unwrap().overdue_total;
    // The same day changes nothing, whatever the wall clock says.
    h.tick(today(), Instant::now()).unwrap();
    assert_eq!(h.app.today, today());
    let later = today().checked_add_days(Days::new(60)).unwrap();
    h.tick(later, Instant::now()).unwrap();
    assert_eq!(h.app.today, later);
    let dashboard = h.app.dashboard.as_ref().unwrap();
    assert_eq!(dashboard.today, later, "the dashboard is read again");
    assert!(
        dashboard.overdue_total > overdue_today,
        "follow-ups due in the next two months are overdue then: {} vs {overdue_today}",
        dashboard.overdue_total
    );
}

#[test]
fn the_backup_report_and_a_config_error_are_messages() {
    let mut h = Harness::new(50, (120, 40));
    h.send(Msg::Backup(Report {
        problems: vec!["the daily backup failed: disk full".into()],
        notice: Some(Message {
            text: "No backup on another disk yet".into(),
            is_error: true,
        }),
    }));
    let screen = h.screen(Theme::mono());
    assert!(
        screen.contains("the daily backup failed: disk full"),
        "{screen}"
    );
    assert!(screen.contains("No backup on another disk yet"), "{screen}");
    h.send(Msg::Error(
        "config.toml: line 3: 'dance' is not an action".into(),
    ));
    let screen = h.screen(Theme::mono());
    assert!(screen.contains("config.toml: line 3"), "{screen}");
}

#[test]
fn a_change_by_another_process_shows_on_the_next_tick() {
    let mut h = Harness::new(50, (120, 40));
    let start = Instant::now();
    h.tick(today(), start).unwrap();
    let mut other = Store::open(&h.dir.path().join("ui.db")).unwrap();
    let org = Organization::new("Kisumu Water Trust", OrgKind::LocalNgo);
    other.write(|tx| tx.save_organization(&org)).unwrap();
    h.tick(today(), start + Duration::from_secs(2)).unwrap();
    let message = h.app.message.as_ref().map(|m| m.text.as_str());
    assert_eq!(
        message,
        Some("updated: the data was changed by another fieldbook")
    );
}

#[test]
fn an_editors_draft_is_kept_as_time_passes() {
    let mut h = Harness::new(50, (120, 40));
    h.press(&["2", "a"]);
    assert_eq!(h.app.overlay, Overlay::Editor);
    h.type_text("Met at the well");
    assert!(h.app.draft_dirty);
    let start = Instant::now();
    // Less than a second after the last keep: not yet.
    h.tick(today(), start).unwrap();
    h.keep_draft(start);
    assert!(!h.app.draft_dirty);
    let drafts = h.store.read().drafts().unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].1.contains("Met at the well"), "{:?}", drafts[0]);
    h.type_text("!");
    h.tick(today(), start + Duration::from_millis(10)).unwrap();
    assert!(h.app.draft_dirty, "typing goes on: the draft waits");
    h.tick(today(), start + Duration::from_secs(2)).unwrap();
    assert!(!h.app.draft_dirty);
    let drafts = h.store.read().drafts().unwrap();
    assert!(drafts[0].1.contains("Met at the well!"), "{:?}", drafts[0]);
}
