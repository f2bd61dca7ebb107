//! "Sync when online": with `sync_when_online = true` the app pushes to and
//! pulls from the head-office hub by itself, at start, every
//! `sync_every_minutes`, and shortly after the desk saves something (a
//! burst of edits is one push). Each sync runs on a thread of its own with
//! its own connection (`Store::open`, as `long_work` does), through the
//! same `hub::push::push` and `hub::pull::pull` as `fieldbook sync --hub`:
//! the screen never waits on the network. One sync at a time.
//!
//! Without `sync_when_online = true` nothing here exists (`HubSync::new`
//! gives `None`): the app makes no network access at all.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use chrono::NaiveTime;

use crate::config::{Background, HubSettings};
use crate::hub::{self, HubError, pull, push};
use crate::ops::progress::Silent;
use crate::store::Store;

/// How long after the desk's last save its changes are pushed: long
/// enough that a burst of edits is one push.
pub const AFTER_SAVE: Duration = Duration::from_secs(30);

/// What the background sync can do, for the screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum HubMode {
    /// `sync_when_online` is not on.
    #[default]
    Off,
    /// On, but a setting is missing (what, and which key).
    Missing(String),
    On,
}

impl HubMode {
    pub fn of(settings: &HubSettings) -> HubMode {
        match settings.background() {
            Background::Off => HubMode::Off,
            Background::Missing(why) => HubMode::Missing(why),
            Background::On => HubMode::On,
        }
    }
}

/// What the screen knows of the background sync.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HubStatus {
    pub mode: HubMode,
    /// The quiet line: the last sync, or why it did not happen, and when
    /// the next one is.
    pub note: Option<String>,
    pub running: bool,
    /// The sync running was asked for with the key: its result goes to
    /// the message line, whatever it is.
    pub manual: bool,
    /// "Sync now" was asked for; the runtime starts it (`update` starts
    /// no threads).
    pub wanted: bool,
    /// The refusal last put in the message line: a background sync that
    /// meets it again says it only in the quiet line.
    pub shown_error: Option<String>,
}

/// The quiet note for the status line, if there is one.
pub fn note(status: &HubStatus) -> Option<String> {
    match (&status.note, status.running) {
        (Some(note), true) => Some(format!("{note} (syncing...)")),
        (None, true) => Some("hub: syncing...".into()),
        (note, false) => note.clone(),
    }
}

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// When it ended, and when the next sync is due (wall clock).
    pub at: NaiveTime,
    pub next: NaiveTime,
    pub result: Result<Synced, Failure>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synced {
    /// Changes the hub lacked and was sent.
    pub sent: usize,
    /// Changes received from the hub and applied.
    pub received: usize,
    /// Changes fetched from the hub (applied, skipped or held).
    pub fetched: usize,
    pub conflicts: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The hub cannot be reached or the connection broke: normal when
    /// offline, tried again later.
    Offline(String),
    /// The hub or the book refused (schema version, permission, a forked
    /// copy, a bad address): a person must act.
    Refused(String),
}

impl Outcome {
    /// Whether the book may have changed (the screen must be reloaded).
    pub fn pulled(&self) -> bool {
        self.result.as_ref().is_ok_and(|s| s.fetched > 0)
    }
}

/// When to sync: at start, every `every`, and `after_save` after the last
/// of a burst of the desk's own changes. Pure, so that it can be tested
/// with made-up instants.
#[derive(Debug, Clone)]
pub struct Schedule {
    every: Duration,
    after_save: Duration,
    next: Instant,
    /// The last of the desk's changes not yet pushed was seen then.
    saved_at: Option<Instant>,
    /// The book's next sequence number for its own changes, last seen.
    seen_seq: Option<i64>,
}

impl Schedule {
    pub fn new(now: Instant, every: Duration, after_save: Duration) -> Schedule {
        Schedule {
            every,
            after_save,
            next: now,
            saved_at: None,
            seen_seq: None,
        }
    }

    /// The book's next sequence number now: a change means the desk saved
    /// something since the last look.
    pub fn look(&mut self, next_seq: i64, now: Instant) {
        if self.seen_seq.is_some_and(|seen| seen != next_seq) {
            self.saved_at = Some(now);
        }
        self.seen_seq = Some(next_seq);
    }

    pub fn due(&self, now: Instant) -> bool {
        now >= self.next || self.saved_at.is_some_and(|t| now >= t + self.after_save)
    }

    /// A sync starts now: it pushes what was saved until now.
    pub fn started(&mut self, now: Instant) {
        self.next = now + self.every;
        self.saved_at = None;
    }

    pub fn every(&self) -> Duration {
        self.every
    }
}

/// Where to sync to.
#[derive(Clone)]
struct Target {
    url: String,
    ca: Option<PathBuf>,
    passphrase: String,
}

pub struct HubSync {
    db: PathBuf,
    target: Target,
    pub schedule: Schedule,
    running: Option<Receiver<Outcome>>,
}

impl HubSync {
    /// The background sync of the book at `db`, when `sync_when_online`
    /// is on and the hub and passphrase are set; else `None` (no network).
    pub fn new(db: &Path, settings: &HubSettings, now: Instant) -> Option<HubSync> {
        if settings.background() != Background::On {
            return None;
        }
        Some(HubSync {
            db: db.to_path_buf(),
            target: Target {
                url: settings.url.clone()?,
                ca: settings.ca.clone(),
                passphrase: settings.passphrase.clone()?,
            },
            schedule: Schedule::new(now, settings.every, AFTER_SAVE),
            running: None,
        })
    }

    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts a sync on a thread of its own (one at a time).
    pub fn start(&mut self, now: Instant) -> Result<(), String> {
        if self.running.is_some() {
            return Err("a sync with the hub is already running".into());
        }
        self.schedule.started(now);
        let (outbox, result) = mpsc::channel();
        // The next periodic sync counts from this start, not from the end.
        let next = chrono::Local::now().time() + self.schedule.every();
        let (db, target) = (self.db.clone(), self.target.clone());
        thread::Builder::new()
            .name("hub sync".into())
            .spawn(move || {
                let outcome = sync_once(&db, &target, next);
                // The UI may have quit meanwhile: then nobody waits for it.
                let _ = outbox.send(outcome);
            })
            .map_err(|e| format!("the sync with the hub could not start: {e}"))?;
        self.running = Some(result);
        Ok(())
    }

    /// The sync's outcome, if it is over.
    pub fn finished(&mut self) -> Option<Outcome> {
        let outcome = match self.running.as_ref()?.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => {
                let now = chrono::Local::now().time();
                Outcome {
                    at: now,
                    next: now + self.schedule.every(),
                    result: Err(Failure::Refused("the sync stopped unexpectedly".into())),
                }
            }
        };
        self.running = None;
        Some(outcome)
    }
}

/// Push, then pull, as `fieldbook sync --hub` does.
fn sync_once(db: &Path, target: &Target, next: NaiveTime) -> Outcome {
    let result = exchange(db, target).map_err(failure);
    Outcome {
        at: chrono::Local::now().time(),
        next,
        result,
    }
}

/// Offline is normal and passes; a refusal (a login refused, a schema of
/// another version, a forked copy) needs a person.
fn failure(e: HubError) -> Failure {
    match e {
        HubError::Unreachable(..) | HubError::Dropped(..) => Failure::Offline(e.to_string()),
        e => Failure::Refused(e.to_string()),
    }
}

fn exchange(db: &Path, target: &Target) -> hub::Result<Synced> {
    // The network first: offline, the book is not even opened.
    let mut hub = hub::connect_with(&target.url, target.ca.as_deref())?;
    let mut store = Store::open(db)?;
    let opts = push::PushOptions {
        passphrase: Some(&target.passphrase),
        batch: push::BATCH,
        pause: Duration::ZERO,
    };
    let pushed = push::push(&store, &mut hub, &opts, &Silent)?;
    let pulled = pull::pull(&mut store, &mut hub, push::BATCH, &Silent)?;
    Ok(Synced {
        sent: pushed.sent,
        received: pulled.report.applied,
        fetched: pulled.fetched,
        conflicts: pulled.report.conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn a_refused_login_needs_a_person_and_a_network_down_passes() {
        let hub = || "desk_ke@hub.example.org/fieldbook".to_string();
        let down = HubError::Unreachable(hub(), "connection refused".into());
        assert!(matches!(failure(down), Failure::Offline(_)));
        let login = HubError::LoginRefused(hub(), "password authentication failed".into());
        assert!(matches!(failure(login), Failure::Refused(_)));
    }

    #[test]
    fn syncs_at_start_then_every_period() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, 15 * MIN, AFTER_SAVE);
        assert!(s.due(t0), "a sync at start");
        s.started(t0);
        assert!(!s.due(t0 + 14 * MIN));
        assert!(s.due(t0 + 15 * MIN));
    }

    #[test]
    fn a_burst_of_saves_is_one_push_after_the_last() {
        let t0 = Instant::now();
        let mut s = Schedule::new(t0, 15 * MIN, AFTER_SAVE);
        s.started(t0);
        s.look(7, t0);
        assert!(!s.due(t0 + AFTER_SAVE), "nothing saved yet");
        let secs = Duration::from_secs;
        s.look(8, t0 + secs(10));
        s.look(9, t0 + secs(25));
        assert!(!s.due(t0 + secs(50)), "the last save was 25 s ago");
        assert!(s.due(t0 + secs(55)));
        s.started(t0 + secs(55));
        s.look(9, t0 + secs(60));
        assert!(!s.due(t0 + 10 * MIN), "nothing saved since the push");
    }

    #[test]
    fn no_background_sync_without_sync_when_online() {
        let file = crate::config::parse(
            "hub = \"postgresql:///hub?host=/nowhere\"\nsync_passphrase = \"p\"\n",
        )
        .unwrap();
        let settings = HubSettings::resolve(&file.hub, |_| None);
        let db = Path::new("/nowhere/book.db");
        assert!(HubSync::new(db, &settings, Instant::now()).is_none());
        let on = HubSettings {
            when_online: true,
            ..settings
        };
        assert!(HubSync::new(db, &on, Instant::now()).is_some());
    }
}
