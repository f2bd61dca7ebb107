//! The terminal UI without a terminal: a real demo database, keys pressed
//! by name through the default keymap, commands settled at once (no search
//! thread), screens drawn into ratatui's `TestBackend`.

// Each test file uses part of this.
#![allow(dead_code)]

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use fieldbook::demo::{DemoOptions, generate};
use fieldbook::store::Store;
use fieldbook::ui::effects::settle;
use fieldbook::ui::keymap::{Chord, Keymap};
use fieldbook::ui::state::App;
use fieldbook::ui::theme::Theme;
use fieldbook::ui::update::{Msg, init, update};
use fieldbook::ui::view::{ViewContext, contexts, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

/// The day every UI test runs on (never the wall clock).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

pub struct Harness {
    pub dir: TempDir,
    pub store: Store,
    pub app: App,
    pub keymap: Keymap,
}

impl Harness {
    pub fn new(scale: usize, size: (u16, u16)) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("ui.db")).unwrap();
        if scale > 0 {
            generate(
                &mut store,
                &DemoOptions {
                    scale,
                    seed: 1,
                    today: today(),
                    force: false,
                },
            )
            .unwrap();
        }
        let mut app = App::new(today(), size);
        let cmds = init(&app);
        settle(&mut app, &mut store, cmds, None);
        Harness {
            dir,
            store,
            app,
            keymap: Keymap::default(),
        }
    }

    /// Presses keys by name (`"j"`, `"enter"`, `"shift-tab"`), as the loop does.
    pub fn press(&mut self, keys: &[&str]) {
        for k in keys {
            let chord = Chord::parse(k).unwrap();
            let event = KeyEvent::new(chord.code, chord.mods);
            if let Some(action) = self
                .keymap
                .action_for(Chord::from_event(&event), &contexts(&self.app))
            {
                self.send(Msg::Action(action));
            }
        }
    }

    pub fn send(&mut self, msg: Msg) {
        let cmds = update(&mut self.app, msg);
        settle(&mut self.app, &mut self.store, cmds, None);
    }

    pub fn selected_name(&self) -> String {
        self.app
            .list()
            .and_then(|l| l.selected_row())
            .map(|r| r.columns[0].clone())
            .unwrap_or_default()
    }

    pub fn screen(&self, theme: Theme) -> String {
        let (w, h) = self.app.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let cx = ViewContext {
            theme: &theme,
            keymap: &self.keymap,
        };
        terminal.draw(|f| render(f, &self.app, &cx)).unwrap();
        terminal.backend().to_string()
    }
}
