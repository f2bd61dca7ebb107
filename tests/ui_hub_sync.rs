//! "Sync when online" as the screen shows it, without a terminal or a hub
//! (the real runtime, keys by name; the sync's outcomes passed in as the
//! runtime passes them): the quiet note in the status line, offline never
//! an error, a refusal an error once, the key when sync is off or a
//! setting is missing. The sync itself, against a real PostgreSQL, is in
//! e2e_hub_sync.rs.

use std::time::{Duration, Instant};

use chrono::NaiveTime;

mod common;
use common::ui_harness::Harness;
use fieldbook::config::{HubConfig, HubSettings};
use fieldbook::ui::hub_sync::{Failure, HubMode, HubSync, Outcome, Synced};
use fieldbook::ui::theme::Theme;
use fieldbook::ui::update::Msg;
use fieldbook::ui::update::hub_sync::HubEvent;

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn done(result: Result<Synced, Failure>) -> Msg {
    Msg::Hub(HubEvent::Done(Outcome {
        at: time(10, 42),
        next: time(10, 57),
        result,
    }))
}

fn message(h: &Harness) -> Option<(String, bool)> {
    h.app.message.as_ref().map(|m| (m.text.clone(), m.is_error))
}

/// The footer's last line: the message, or the status line.
fn status(h: &Harness) -> String {
    let screen = h.screen(Theme::mono());
    screen.lines().last().unwrap_or_default().to_string()
}

fn on() -> Harness {
    let mut h = Harness::new(1, (100, 30));
    h.send(Msg::Hub(HubEvent::Mode(HubMode::On)));
    h
}

#[test]
fn a_sync_is_a_quiet_line_on_the_dashboard() {
    let mut h = on();
    h.send(Msg::Hub(HubEvent::Started { manual: false }));
    assert_eq!(message(&h), None, "a background sync says nothing");
    assert!(status(&h).contains("hub: syncing..."), "{}", status(&h));
    h.send(done(Ok(Synced {
        sent: 3,
        ..Synced::default()
    })));
    assert_eq!(message(&h), None, "nothing received: nothing to say");
    let line = status(&h);
    assert!(
        line.contains(
            "today is 2026-11-28 \u{b7} synced with the hub at 10:42: sent 3, received 0"
        ),
        "{line}"
    );
    insta::assert_snapshot!("dashboard_synced_100x30", h.screen(Theme::mono()));
}

#[test]
fn received_changes_reload_and_are_said() {
    let mut h = on();
    h.press(&["2"]);
    h.send(Msg::Hub(HubEvent::Started { manual: false }));
    h.send(done(Ok(Synced {
        sent: 0,
        received: 5,
        fetched: 5,
        conflicts: 1,
    })));
    assert_eq!(
        message(&h),
        Some((
            "synced with the hub at 10:42: sent 0, received 5, 1 conflicts to review".into(),
            false
        ))
    );
    // The list was loaded again (the harness settles commands at once).
    assert!(h.app.list().is_some_and(|l| l.loaded));
}

#[test]
fn offline_is_a_quiet_note_not_an_error() {
    let mut h = on();
    for _ in 0..3 {
        h.send(Msg::Hub(HubEvent::Started { manual: false }));
        h.send(done(Err(Failure::Offline(
            "cannot reach the hub at /tmp/x/hub: connection refused".into(),
        ))));
        assert_eq!(message(&h), None);
        let line = status(&h);
        assert!(
            line.contains("hub: not reachable (10:42), next try 10:57"),
            "{line}"
        );
    }
    // Asked for with the key, the reason is said (not as an error).
    h.press(&["Y"]);
    assert!(h.app.hub.wanted, "the runtime starts it");
    h.send(Msg::Hub(HubEvent::Started { manual: true }));
    assert_eq!(message(&h), Some(("syncing with the hub...".into(), false)));
    h.send(done(Err(Failure::Offline("connection refused".into()))));
    assert_eq!(
        message(&h),
        Some(("hub: not reachable: connection refused".into(), false))
    );
}

#[test]
fn a_refusal_is_an_error_once() {
    let mut h = on();
    let refusal = "the hub at postgres@/tmp/x/hub has schema version 9, newer than this fieldbook knows (2); upgrade fieldbook. Nothing was changed";
    h.send(done(Err(Failure::Refused(refusal.into()))));
    assert_eq!(message(&h), Some((format!("hub: {refusal}"), true)));
    h.press(&["j"]);
    assert_eq!(message(&h), None);
    h.send(done(Err(Failure::Refused(refusal.into()))));
    assert_eq!(message(&h), None, "the same refusal is not said again");
    assert!(status(&h).contains("hub: sync failed (10:42), next try 10:57"));
    // After a sync that worked, a refusal is news again.
    h.send(done(Ok(Synced::default())));
    h.send(done(Err(Failure::Refused(refusal.into()))));
    assert_eq!(message(&h), Some((format!("hub: {refusal}"), true)));
}

#[test]
fn the_key_says_when_sync_is_off_or_a_setting_is_missing() {
    let mut h = Harness::new(1, (100, 30));
    h.press(&["Y"]);
    assert!(!h.app.hub.wanted);
    let (text, is_error) = message(&h).unwrap();
    assert!(
        text.starts_with("sync with the hub is off: put sync_when_online = true"),
        "{text}"
    );
    assert!(!is_error);
    let missing = "sync_when_online is on but there is no hub: put hub = \"postgresql://...\" in config.toml (or set FIELDBOOK_HUB); not syncing";
    h.send(Msg::Hub(HubEvent::Mode(HubMode::Missing(missing.into()))));
    assert_eq!(message(&h), Some((missing.into(), true)), "said at start");
    h.press(&["j", "Y"]);
    assert!(!h.app.hub.wanted);
    assert_eq!(message(&h), Some((missing.into(), true)));
}

#[test]
fn the_key_is_in_the_help_and_the_keymap() {
    let km = fieldbook::ui::keymap::Keymap::default();
    let key = km.key_for(
        fieldbook::ui::action::Action::SyncNow,
        &[fieldbook::ui::keymap::Context::Global],
    );
    assert_eq!(key, "Y");
    let mut h = Harness::new(1, (120, 40));
    h.press(&["?", "/"]);
    h.type_text("hub");
    let screen = h.screen(Theme::mono());
    assert!(
        screen.contains("sync with the head-office hub now"),
        "{screen}"
    );
}

/// The runtime's schedule with made-up instants, against a socket folder
/// with no server in it (offline): a sync at start, then one 30 s after
/// the desk's last save, not before.
#[test]
fn a_save_is_pushed_thirty_seconds_later() {
    let mut h = on();
    let nowhere = tempfile::tempdir().unwrap();
    let file = HubConfig {
        hub: Some(format!(
            "postgresql:///hub?host={}",
            nowhere.path().display()
        )),
        sync_passphrase: Some("shared".into()),
        sync_when_online: true,
        ..HubConfig::default()
    };
    let settings = HubSettings::resolve(&file, |_| None);
    let t0 = Instant::now();
    let at = |secs| t0 + Duration::from_secs(secs);
    let db = h.rt.store.path().to_path_buf();
    h.rt.hub_sync = HubSync::new(&db, &settings, t0);
    h.rt.poll_hub_sync(t0);
    assert!(h.app.hub.running, "a sync at start");
    let waited = Instant::now();
    while h.app.hub.running {
        assert!(
            waited.elapsed() < Duration::from_secs(20),
            "the sync never ended"
        );
        std::thread::sleep(Duration::from_millis(10));
        h.rt.poll_hub_sync(at(1));
    }
    assert_eq!(message(&h), None, "offline is not an error");
    let note = h.app.hub.note.clone().unwrap_or_default();
    assert!(note.starts_with("hub: not reachable ("), "{note}");

    h.press(&["2", "n"]);
    h.type_text("Amina Odhiambo");
    h.press(&["ctrl-s"]);
    assert_eq!(message(&h).unwrap().0, "contact saved");
    h.rt.poll_hub_sync(at(2));
    h.rt.poll_hub_sync(at(31));
    assert!(!h.app.hub.running, "29 s after the save: not yet");
    h.rt.poll_hub_sync(at(33));
    assert!(h.app.hub.running, "31 s after the save: pushed");
}
