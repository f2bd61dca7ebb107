//! The terminal UI. `state` is what is on screen, `update` the only place it
//! changes, `effects` the only place that reads the database, `view` (with
//! `panes/` and `popups/`) draws it, `keymap` turns keys into actions.

pub mod action;
pub mod backups;
pub mod editor;
pub mod effects;
pub mod form;
pub mod keymap;
pub mod panes;
pub mod popups;
pub mod search_worker;
pub mod state;
pub mod text;
pub mod theme;
pub mod update;
pub mod view;

use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::config::Config;
use crate::domain::date::local_today;
use crate::store::Store;
use keymap::Chord;
use state::{App, Message};
use theme::Theme;
use update::Msg;
use view::ViewContext;

/// How often the UI looks for changes made by another process.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// How often an open editor's changes are kept as a draft (at the latest).
const DRAFT_EVERY: Duration = Duration::from_secs(1);

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
pub fn run(mut store: Store, config: Config, config_error: Option<String>) -> anyhow::Result<()> {
    let theme = Theme::resolve(config.theme, Theme::no_color_requested());
    let mut terminal = ratatui::try_init()?;
    let _guard = TerminalGuard;
    let size = terminal.size()?;
    let mut app = App::new(local_today(), (size.width, size.height));
    let cmds = update::init(&app);
    effects::settle(&mut app, &mut store, cmds, None);
    if let Some(text) = config_error {
        app.message = Some(Message {
            text,
            is_error: true,
        });
    }
    let cx = ViewContext {
        theme: &theme,
        keymap: &config.keymap,
    };
    let mut worker = search_worker::SearchWorker::spawn(store.path())?;
    let (backup, backup_thread) =
        backups::spawn_daily(store.path(), backups::Settings::from_config(&config));
    let result = event_loop(
        &mut terminal,
        &mut app,
        &mut store,
        &mut worker,
        &backup,
        &cx,
    );
    finish_backup(&mut terminal, backup_thread);
    result
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
    app: &mut App,
    store: &mut Store,
    worker: &mut search_worker::SearchWorker,
    backup: &std::sync::mpsc::Receiver<backups::Report>,
    cx: &ViewContext,
) -> anyhow::Result<()> {
    let mut last_draft = std::time::Instant::now();
    let mut last_watch = std::time::Instant::now();
    let mut seen_version = store.others_version()?;
    while !app.quit {
        // A new day (overdue follow-ups, the day `t` means in a form) is
        // noticed at once, even while keys keep coming.
        let today = local_today();
        if today != app.today {
            app.today = today;
            let cmds = update::update(app, Msg::Action(action::Action::Reload));
            effects::settle(app, store, cmds, Some(worker));
        }
        terminal.draw(|frame| view::render(frame, app, cx))?;
        // A failed backup must not go unnoticed.
        if let Ok(report) = backup.try_recv() {
            app.backup_notice = report.notice;
            if !report.problems.is_empty() {
                app.message = Some(Message {
                    text: report.problems.join("; "),
                    is_error: true,
                });
            }
            terminal.draw(|frame| view::render(frame, app, cx))?;
        }
        // Search results arrive from the worker between keys.
        while let Ok(msg) = worker.results.try_recv() {
            worker.pending = false;
            let cmds = update::update(app, msg);
            effects::settle(app, store, cmds, Some(worker));
            terminal.draw(|frame| view::render(frame, app, cx))?;
        }
        // Block until something happens: a key, or (while a search runs)
        // soon, to show its results; otherwise wake now and then so a new
        // day (overdue follow-ups) is noticed by a long-open app.
        let wait = if worker.pending {
            Duration::from_millis(10)
        } else if app.editor.is_some() {
            DRAFT_EVERY
        } else {
            WATCH_EVERY
        };
        // Another fieldbook (or the command line) changed the file: show it,
        // keeping the selection and any open editor.
        if last_watch.elapsed() >= WATCH_EVERY {
            last_watch = std::time::Instant::now();
            let version = store.others_version()?;
            if version != seen_version {
                seen_version = version;
                let cmds = update::update(app, Msg::ChangedElsewhere);
                effects::settle(app, store, cmds, Some(worker));
                terminal.draw(|frame| view::render(frame, app, cx))?;
            }
        }
        // Keep the draft of an open editor: after a pause, or every so often
        // while typing goes on.
        if app.draft_dirty && last_draft.elapsed() >= DRAFT_EVERY {
            last_draft = std::time::Instant::now();
            let cmds = update::update(app, Msg::Tick);
            effects::settle(app, store, cmds, Some(worker));
        }
        if !event::poll(wait)? {
            if app.draft_dirty {
                last_draft = std::time::Instant::now();
                let cmds = update::update(app, Msg::Tick);
                effects::settle(app, store, cmds, Some(worker));
            }
            continue;
        }
        let msg = match event::read()? {
            Event::Key(key) if key.kind != KeyEventKind::Release => match key_to_msg(app, cx, &key)
            {
                Some(msg) => msg,
                None => continue,
            },
            Event::Resize(w, h) => Msg::Resize(w, h),
            _ => continue,
        };
        let cmds = update::update(app, msg);
        effects::settle(app, store, cmds, Some(worker));
    }
    Ok(())
}

/// What a key means here: a command from the keymap, or text while typing.
pub fn key_to_msg(app: &App, cx: &ViewContext, key: &crossterm::event::KeyEvent) -> Option<Msg> {
    use crossterm::event::{KeyCode, KeyModifiers};
    let contexts = view::contexts(app);
    if let Some(action) = cx.keymap.action_for(Chord::from_event(key), &contexts) {
        return Some(Msg::Action(action));
    }
    if app.overlay == state::Overlay::Editor {
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
