//! The terminal UI without a terminal: a real demo database, keys pressed
//! by name through the default keymap, commands settled at once (no search
//! thread), screens drawn into ratatui's `TestBackend`.

// Each test file uses part of this.
#![allow(dead_code)]

use std::ops::{Deref, DerefMut};

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use fieldbook::demo::{DemoOptions, generate};
use fieldbook::store::Store;
use fieldbook::ui::keymap::{Chord, Keymap};
use fieldbook::ui::runtime::Runtime;
use fieldbook::ui::theme::Theme;
use fieldbook::ui::view::{ViewContext, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

/// The day every UI test runs on (never the wall clock).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

/// The real runtime (`h.app`, `h.store`, `h.keymap` reach through), on a
/// book in a temp dir that lives as long as the harness.
pub struct Harness {
    pub dir: TempDir,
    pub rt: Runtime,
}

impl Deref for Harness {
    type Target = Runtime;
    fn deref(&self) -> &Runtime {
        &self.rt
    }
}

impl DerefMut for Harness {
    fn deref_mut(&mut self) -> &mut Runtime {
        &mut self.rt
    }
}

impl Harness {
    pub fn new(scale: usize, size: (u16, u16)) -> Harness {
        Harness::with_keymap(scale, size, Keymap::default())
    }

    /// As `new`, with the keys of a config file.
    pub fn with_keymap(scale: usize, size: (u16, u16), keymap: Keymap) -> Harness {
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
        let rt = Runtime::start(store, today(), size, keymap, None);
        Harness { dir, rt }
    }

    /// Presses keys by name (`"j"`, `"enter"`, `"shift-tab"`), through the
    /// runtime's real key path (keymap, then text while typing).
    pub fn press(&mut self, keys: &[&str]) {
        for k in keys {
            let chord = Chord::parse(k).unwrap();
            self.rt.key(KeyEvent::new(chord.code, chord.mods));
        }
    }

    /// Types text as keys, one character at a time.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let code = crossterm::event::KeyCode::Char(c);
            self.rt
                .key(KeyEvent::new(code, crossterm::event::KeyModifiers::NONE));
        }
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
