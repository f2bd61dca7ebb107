//! The terminal UI. `state` is what is on screen, `update` the only place it
//! changes, `effects` the only place that reads the database, `view` (with
//! `panes/` and `popups/`) draws it, `keymap` turns keys into actions,
//! `runtime` drives them all (the terminal loop, the bench and the tests).

pub mod action;
pub mod backups;
pub mod editor;
pub mod effects;
pub mod form;
pub mod keymap;
pub mod long_work;
pub mod panes;
pub mod popups;
pub mod runtime;
pub mod screens;
pub mod search_worker;
pub mod state;
pub mod text;
pub mod theme;
pub mod update;
pub mod view;
pub mod visit_form;

pub mod event_writes;

pub mod hub_sync;

use std::time::{Duration, Instant};

use crossterm::event::{self, Event};
use ratatui::DefaultTerminal;

use crate::config::Config;
use crate::domain::date::local_today;
use crate::store::Store;
use runtime::{DRAFT_EVERY, Runtime, WATCH_EVERY};
use theme::Theme;
use update::Msg;
use view::ViewContext;

/// Gives the terminal back however the UI ends: normal return, `?` error, or
/// panic (ratatui's panic hook restores too; restoring twice is harmless).
/// fieldbook turns on neither mouse capture nor bracketed paste, so raw mode,
/// the alternate screen and the cursor are all there is to restore.
struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

/// Runs the UI until the person quits. `config_error` (a bad config file) is
/// shown in the message line at start.
pub fn run(store: Store, config: Config, config_error: Option<String>) -> anyhow::Result<()> {
    let theme = Theme::resolve(config.theme, Theme::no_color_requested());
    let hub = crate::config::HubSettings::of(&config);
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    let size = terminal.size()?;
    let worker = search_worker::SearchWorker::spawn(store.path())?;
    let (backup, backup_thread) =
        backups::spawn_daily(store.path(), backups::Settings::from_config(&config));
    let mut rt = Runtime::start(
        store,
        local_today(),
        (size.width, size.height),
        config.keymap,
        Some(worker),
    );
    rt.long_work = Some(long_work::LongWork::new(rt.store.path()));
    rt.app.touch_rules = (*config.keep_in_touch).clone();
    start_hub_sync(&mut rt, &hub);
    if let Some(text) = config_error {
        rt.send(Msg::Error(text));
    }
    let result = event_loop(&mut terminal, &mut rt, &backup, &theme);
    finish_long_work(&mut terminal, &mut rt);
    finish_backup(&mut terminal, backup_thread);
    result
}

/// "Sync when online": what the settings allow said on screen, and the
/// background sync set up when they allow it (else no network at all).
fn start_hub_sync(rt: &mut Runtime, settings: &crate::config::HubSettings) {
    rt.send(Msg::Hub(update::hub_sync::HubEvent::Mode(
        hub_sync::HubMode::of(settings),
    )));
    rt.hub_sync = hub_sync::HubSync::new(rt.store.path(), settings, Instant::now());
}

/// An import being written when the officer quits is finished, not cut
/// off (it would be rolled back, unsaid), and so are the changes waiting
/// for it.
fn finish_long_work(terminal: &mut DefaultTerminal, rt: &mut Runtime) {
    if let Some(what) = rt.long_work.as_ref().and_then(long_work::LongWork::what) {
        let _ = terminal.draw(|frame| {
            let text = ratatui::widgets::Paragraph::new(format!("Finishing {what}..."));
            frame.render_widget(text, frame.area());
        });
        while !rt.wait_long_work(Duration::from_millis(200)) {}
    }
}

/// A backup still being written when the officer quits is finished, not cut
/// off (the process ending would kill its thread mid-copy).
fn finish_backup(terminal: &mut DefaultTerminal, thread: std::thread::JoinHandle<()>) {
    if !thread.is_finished() {
        let _ = terminal.draw(|frame| {
            let text = ratatui::widgets::Paragraph::new("Finishing the daily backup...");
            frame.render_widget(text, frame.area());
        });
    }
    let _ = thread.join();
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    rt: &mut Runtime,
    backup: &std::sync::mpsc::Receiver<backups::Report>,
    theme: &Theme,
) -> anyhow::Result<()> {
    while !rt.app.quit {
        // A new day (overdue follow-ups) is noticed at once, even while keys
        // keep coming; another fieldbook's changes are shown; drafts kept.
        rt.tick(local_today(), Instant::now())?;
        // A failed backup must not go unnoticed.
        if let Ok(report) = backup.try_recv() {
            rt.send(Msg::Backup(report));
        }
        // Search results arrive from the worker between keys.
        rt.poll_worker();
        // An import or a report: its progress, then its result.
        rt.poll_long_work();
        // The hub: a sync's result, and the next one when it is due.
        rt.poll_hub_sync(Instant::now());
        let cx = ViewContext {
            theme,
            keymap: &rt.keymap,
        };
        terminal.draw(|frame| view::render(frame, &rt.app, &cx))?;
        // Block until something happens: a key, or (while a search runs)
        // soon, to show its results; otherwise wake now and then so a new
        // day and other processes' changes are noticed by a long-open app.
        let wait = if rt.searching() {
            Duration::from_millis(10)
        } else if rt.working() {
            Duration::from_millis(100)
        } else if rt.app.editor.is_some() {
            DRAFT_EVERY
        } else {
            WATCH_EVERY
        };
        if !event::poll(wait)? {
            // Typing paused: keep the draft now.
            rt.keep_draft(Instant::now());
            continue;
        }
        match event::read()? {
            Event::Key(key) => rt.key(key),
            Event::Resize(w, h) => rt.send(Msg::Resize(w, h)),
            _ => {}
        }
    }
    Ok(())
}
