//! The whole screen when the database file turns out to be damaged: what
//! happened and what to do, instead of errors on every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Outcome, Screen};
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::App;
use crate::ui::text::clean;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    /// What SQLite said is wrong.
    pub detail: String,
}

impl Screen for Damaged {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Global]
    }

    /// Nothing but quitting: every other key would read or write a damaged file.
    fn handle(&mut self, action: Action) -> Outcome {
        if action == Action::Quit {
            Outcome::Quit
        } else {
            Outcome::stay()
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        frame.render_widget(Clear, area);
        let quit = cx.keymap.key_for(Action::Quit, self.contexts());
        let lines = vec![
            Line::from(Span::styled(
                "The database file is damaged.",
                cx.theme.title,
            )),
            Line::from(""),
            Line::from(Span::styled(clean(&self.detail), cx.theme.base)),
            Line::from(""),
            Line::from(Span::styled(
                format!(
                    "Nothing more will be read from or written to it. Quit with {quit}, copy the file somewhere safe, then:"
                ),
                cx.theme.base,
            )),
            Line::from(Span::styled(
                "  fieldbook check              says what is wrong and which backup is the latest",
                cx.theme.key,
            )),
            Line::from(Span::styled(
                "  fieldbook restore BACKUP     puts that backup in its place (the damaged file is kept aside)",
                cx.theme.key,
            )),
        ];
        let block = pane_block("Damaged database".into(), true, cx.theme);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}
