//! The one yes/no question every destructive action goes through.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{Outcome, Screen, centered};
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::{App, Write};
use crate::ui::text::clean;
use crate::ui::view::{ViewContext, pane_block};

/// A question waiting for yes or no, and what each answer does. The
/// question may name keys with `keymap::key` markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub question: String,
    pub on_yes: Yes,
    pub on_no: Option<Write>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Yes {
    Write(Write),
    /// Reopen an editor from its draft.
    OpenDraft(String),
    /// Close the editor, dropping what was typed (and its draft).
    DiscardEditor,
}

impl Screen for Confirm {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Confirm]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Confirm => Outcome::Answer(self.clone(), true),
            Action::Close => Outcome::Answer(self.clone(), false),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 64, 7);
        frame.render_widget(Clear, popup);
        let ctx = self.contexts();
        let question = cx.keymap.fill(&self.question, &[Context::Global]);
        let lines = vec![
            Line::from(Span::styled(clean(&question), cx.theme.base)),
            Line::from(""),
            Line::from(vec![
                Span::styled(
                    format!(" {} ", cx.keymap.key_for(Action::Confirm, ctx)),
                    cx.theme.key,
                ),
                Span::raw("yes   "),
                Span::styled(
                    format!(" {} ", cx.keymap.key_for(Action::Close, ctx)),
                    cx.theme.key,
                ),
                Span::raw("no"),
            ]),
        ];
        let block = pane_block("Are you sure?".into(), true, cx.theme);
        frame.render_widget(
            Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
            popup,
        );
    }
}
