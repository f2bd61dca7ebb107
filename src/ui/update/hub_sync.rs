//! The background sync with the hub, as the screen sees it: the "sync now"
//! key, and what each sync did. Offline is normal: a quiet note in the
//! status line, never a red error each time; a refusal that needs a person
//! is an error in the message line, once. Nothing here opens a screen: an
//! editor or form being typed in stays as it is.

use crate::ui::hub_sync::{Failure, HubMode, Outcome, Synced};
use crate::ui::state::{App, Message};

use super::{Cmd, reload_all};

/// News of the background sync, from the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubEvent {
    /// What the settings allow, at start.
    Mode(HubMode),
    /// A sync started (`manual`: with the key).
    Started {
        manual: bool,
    },
    Done(Outcome),
}

pub(super) fn on_event(app: &mut App, event: HubEvent) -> Vec<Cmd> {
    match event {
        HubEvent::Mode(mode) => {
            if let HubMode::Missing(why) = &mode {
                say(app, why.clone(), true);
                app.hub.note = Some("hub: not syncing (see config.toml)".into());
            }
            app.hub.mode = mode;
            vec![]
        }
        HubEvent::Started { manual } => {
            app.hub.running = true;
            app.hub.manual = manual;
            if manual {
                say(app, "syncing with the hub...".into(), false);
            }
            vec![]
        }
        HubEvent::Done(outcome) => done(app, outcome),
    }
}

/// The "sync now" key.
pub(super) fn sync_now(app: &mut App) -> Vec<Cmd> {
    match &app.hub.mode {
        HubMode::Off => say(
            app,
            "sync with the hub is off: put sync_when_online = true, hub and sync_passphrase in config.toml (or run fieldbook sync --hub URL)".into(),
            false,
        ),
        HubMode::Missing(why) => say(app, why.clone(), true),
        HubMode::On if app.hub.running => {
            say(app, "a sync with the hub is already running".into(), false)
        }
        HubMode::On => app.hub.wanted = true,
    }
    vec![]
}

fn done(app: &mut App, outcome: Outcome) -> Vec<Cmd> {
    let manual = std::mem::take(&mut app.hub.manual);
    app.hub.running = false;
    let at = outcome.at.format("%H:%M");
    let next = outcome.next.format("%H:%M");
    let mut cmds = Vec::new();
    match &outcome.result {
        Ok(synced) => {
            app.hub.shown_error = None;
            let line = synced_line(&at.to_string(), synced);
            app.hub.note = Some(line.clone());
            if outcome.pulled() {
                // What was received is on screen at once, as another
                // fieldbook's changes are.
                cmds = reload_all(app);
            }
            if manual || synced.received > 0 {
                say(app, line, false);
            }
        }
        Err(Failure::Offline(why)) => {
            app.hub.note = Some(format!("hub: not reachable ({at}), next try {next}"));
            if manual {
                say(app, format!("hub: not reachable: {why}"), false);
            }
        }
        Err(Failure::Refused(why)) => {
            app.hub.note = Some(format!("hub: sync failed ({at}), next try {next}"));
            if manual || app.hub.shown_error.as_ref() != Some(why) {
                say(app, format!("hub: {why}"), true);
                app.hub.shown_error = Some(why.clone());
            }
        }
    }
    cmds
}

/// "synced with the hub at 10:42: sent 3, received 5".
fn synced_line(at: &str, s: &Synced) -> String {
    let mut line = format!(
        "synced with the hub at {at}: sent {}, received {}",
        s.sent, s.received
    );
    if s.conflicts > 0 {
        line.push_str(&format!(", {} conflicts to review", s.conflicts));
    }
    line
}

fn say(app: &mut App, text: String, is_error: bool) {
    app.message = Some(Message { text, is_error });
}
