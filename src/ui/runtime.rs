//! The one thing that runs the UI: the state, the book, the search thread
//! and the keymap, driven by keys, messages and the passing of time. The
//! terminal loop (`ui::run`), `fieldbook bench ui`, the UI tests and the
//! fuzzer all drive this type, so the key path they test is the real one.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::store::Store;

use super::effects;
use super::hub_sync::HubSync;
use super::keymap::{Chord, Keymap};
use super::long_work::LongWork;
use super::search_worker::SearchWorker;
use super::state::{App, Overlay};
use super::update::hub_sync::HubEvent;
use super::update::{self, Msg};
use super::view;

/// How often the UI looks for changes made by another process.
pub const WATCH_EVERY: Duration = Duration::from_secs(1);

/// How often an open editor's changes are kept as a draft (at the latest).
pub const DRAFT_EVERY: Duration = Duration::from_secs(1);

pub struct Runtime {
    pub app: App,
    pub store: Store,
    /// Searches and list filters run here when there is one (the terminal,
    /// the bench); without one they run at once (tests).
    pub worker: Option<SearchWorker>,
    /// Imports and reports run here when there is one (the terminal); without
    /// one they run at once (tests).
    pub long_work: Option<LongWork>,
    /// The progress line last put in the message line.
    shown_progress: Option<String>,
    pub keymap: Keymap,
    /// When the draft of an open editor was last kept.
    last_draft: Instant,
    /// When another process's changes were last looked for, and what was seen.
    last_watch: Instant,
    seen_version: Option<i64>,
    /// The background sync with the hub, when `sync_when_online` is on.
    pub hub_sync: Option<HubSync>,
}

impl Runtime {
    /// The UI as it starts on `today`: the dashboard loaded, an empty book
    /// or a draft left over noticed.
    pub fn start(
        store: Store,
        today: NaiveDate,
        size: (u16, u16),
        keymap: Keymap,
        worker: Option<SearchWorker>,
    ) -> Runtime {
        let app = App::new(today, size);
        let cmds = update::init(&app);
        let now = Instant::now();
        let mut runtime = Runtime {
            app,
            store,
            worker,
            long_work: None,
            shown_progress: None,
            keymap,
            last_draft: now,
            last_watch: now,
            seen_version: None,
            hub_sync: None,
        };
        runtime.settle(cmds);
        runtime.seen_version = runtime.store.others_version().ok();
        runtime
    }

    /// A key as the terminal reports it: a command of the keymap, or text.
    pub fn key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if let Some(msg) = key_to_msg(&self.app, &self.keymap, &key) {
            self.send(msg);
        }
    }

    /// A message to `update`, and everything it asks for, done.
    pub fn send(&mut self, msg: Msg) {
        let cmds = update::update(&mut self.app, msg);
        self.settle(cmds);
    }

    /// Time passes: a new day (overdue follow-ups, the day `t` means in a
    /// form) is taken in, another process's changes are shown, and an open
    /// editor's draft is kept every `DRAFT_EVERY` while typing goes on.
    /// `today` comes from the caller: nothing in `update` reads the clock.
    pub fn tick(&mut self, today: NaiveDate, now: Instant) -> anyhow::Result<()> {
        if today != self.app.today {
            self.send(Msg::NewDay(today));
        }
        // While the hub sync writes what it received, its result (not the
        // watch) says so and reloads.
        if now.duration_since(self.last_watch) >= WATCH_EVERY && !self.hub_syncing() {
            self.last_watch = now;
            let version = Some(self.store.others_version()?);
            if version != self.seen_version {
                self.seen_version = version;
                self.send(Msg::ChangedElsewhere);
            }
        }
        if self.app.draft_dirty && now.duration_since(self.last_draft) >= DRAFT_EVERY {
            self.keep_draft(now);
        }
        Ok(())
    }

    /// Typing paused: keep the open editor's draft now, if it changed.
    pub fn keep_draft(&mut self, now: Instant) {
        if self.app.draft_dirty {
            self.last_draft = now;
            self.send(Msg::Tick);
        }
    }

    /// Takes in the answers the search thread has ready; true if any came.
    pub fn poll_worker(&mut self) -> bool {
        let mut any = false;
        loop {
            let Some(worker) = self.worker.as_mut() else {
                return any;
            };
            let Ok(msg) = worker.results.try_recv() else {
                return any;
            };
            worker.pending = false;
            any = true;
            self.send(msg);
        }
    }

    /// Waits for the search thread's next answer and takes it in; false when
    /// nothing was asked of it.
    pub fn wait_worker(&mut self) -> anyhow::Result<bool> {
        let Some(worker) = self.worker.as_mut().filter(|w| w.pending) else {
            return Ok(false);
        };
        let msg = worker.results.recv()?;
        worker.pending = false;
        self.send(msg);
        Ok(true)
    }

    /// Takes in the result of an import or report running off the UI thread
    /// when it is over, else shows how far it has got in the message line;
    /// true if anything changed.
    pub fn poll_long_work(&mut self) -> bool {
        let Some(long) = self.long_work.as_mut() else {
            return false;
        };
        match long.finished() {
            Some(msg) => {
                self.take_result(msg);
                true
            }
            None => self.show_progress(),
        }
    }

    /// Waits up to `timeout` for the import or report to end and takes its
    /// result in (showing progress if it has not ended); true when it ended.
    pub fn wait_long_work(&mut self, timeout: Duration) -> bool {
        let Some(long) = self.long_work.as_mut() else {
            return false;
        };
        match long.wait(timeout) {
            Some(msg) => {
                self.take_result(msg);
                true
            }
            None => {
                self.show_progress();
                false
            }
        }
    }

    /// True while an import or a report runs off the UI thread.
    pub fn working(&self) -> bool {
        self.long_work.as_ref().is_some_and(LongWork::busy)
    }

    /// The progress line, if it changed; true if it did.
    fn show_progress(&mut self) -> bool {
        let line = self.long_work.as_ref().and_then(LongWork::line);
        let on_screen = self.app.message.as_ref().map(|m| &m.text) == line.as_ref();
        // Drawn again after a key took the message line away.
        if line.is_none() || (line == self.shown_progress && on_screen) {
            return false;
        }
        self.shown_progress = line.clone();
        self.send(Msg::Progress(line));
        true
    }

    fn take_result(&mut self, msg: Msg) {
        // The line goes, unless something else was said meanwhile.
        let shown = self.shown_progress.take();
        if shown.is_some() && self.app.message.as_ref().map(|m| &m.text) == shown.as_ref() {
            self.send(Msg::Progress(None));
        }
        // What the work wrote was this UI's doing, not another fieldbook's:
        // its result reloads what it changed.
        self.seen_version = self.store.others_version().ok();
        self.send(msg);
        // Writes asked for while it wrote, now that the book is free.
        let later = self
            .long_work
            .as_mut()
            .map(LongWork::take_deferred)
            .unwrap_or_default();
        self.settle(later);
    }

    /// The background sync with the hub: takes in the result of one that
    /// ended, notices the desk's own saves, and starts one when it is due
    /// or was asked for with the key.
    pub fn poll_hub_sync(&mut self, now: Instant) {
        let Some(hub) = self.hub_sync.as_mut() else {
            return;
        };
        if let Some(outcome) = hub.finished() {
            if outcome.pulled() {
                // Its writes are shown by its result, not as another
                // fieldbook's changes.
                self.seen_version = self.store.others_version().ok();
            }
            self.send(Msg::Hub(HubEvent::Done(outcome)));
        }
        let Some(hub) = self.hub_sync.as_mut() else {
            return;
        };
        if let Ok((_, _, next_seq)) = crate::sync::identity::next_for_log(self.store.sync_conn()) {
            hub.schedule.look(next_seq, now);
        }
        let manual = std::mem::take(&mut self.app.hub.wanted);
        if hub.running() || !(manual || hub.schedule.due(now)) {
            return;
        }
        let msg = match hub.start(now) {
            Ok(()) => Msg::Hub(HubEvent::Started { manual }),
            Err(why) => Msg::Error(why),
        };
        self.send(msg);
    }

    /// True while a sync with the hub runs.
    pub fn hub_syncing(&self) -> bool {
        self.hub_sync.as_ref().is_some_and(HubSync::running)
    }

    /// True while a search or filter is running on the search thread.
    pub fn searching(&self) -> bool {
        self.worker.as_ref().is_some_and(|w| w.pending)
    }

    fn settle(&mut self, cmds: Vec<update::Cmd>) {
        effects::settle_with(
            &mut self.app,
            &mut self.store,
            cmds,
            self.worker.as_mut(),
            self.long_work.as_mut(),
        );
    }
}

/// What a key means here: a command from the keymap, or text while typing.
pub fn key_to_msg(app: &App, keymap: &Keymap, key: &KeyEvent) -> Option<Msg> {
    let contexts = view::contexts(app);
    if let Some(action) = keymap.action_for(Chord::from_event(key), &contexts) {
        return Some(Msg::Action(action));
    }
    if app.overlay == Overlay::Editor {
        return Some(Msg::EditorKey(*key));
    }
    if !app.typing() {
        return None;
    }
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Msg::Type(c))
        }
        KeyCode::Backspace => Some(Msg::Erase),
        _ => None,
    }
}
