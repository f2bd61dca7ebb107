//! Choosing a project's next status, then saying why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Overlay, Screen, TextEdit, centered, step};
use crate::domain::{Id, ProjectStatus};
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::{App, Write};
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusPicker {
    pub project: Id,
    pub cursor: usize,
}

impl Screen for StatusPicker {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Picker]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        let n = ProjectStatus::ALL.len();
        match action {
            Action::Down | Action::Up => {
                self.cursor = step(self.cursor, action, n);
                Outcome::stay()
            }
            Action::Confirm => Outcome::Open(Overlay::Reason(Reason {
                project: self.project,
                to: ProjectStatus::ALL[self.cursor.min(n - 1)],
                input: String::new(),
            })),
            Action::Close => Outcome::close(),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 34, ProjectStatus::ALL.len() as u16 + 2);
        frame.render_widget(Clear, popup);
        let lines: Vec<Line> = ProjectStatus::ALL
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let style = if i == self.cursor {
                    cx.theme.selected
                } else {
                    cx.theme.base
                };
                Line::from(Span::styled(format!(" {:<30}", s.label()), style))
            })
            .collect();
        let title = format!(
            "New status ({})",
            cx.keymap.key_for(Action::Confirm, self.contexts())
        );
        let block = pane_block(title, true, cx.theme);
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}

/// Typing the reason for a status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub project: Id,
    pub to: ProjectStatus,
    pub input: String,
}

impl Screen for Reason {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Prompt]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Confirm => {
                let reason = Some(self.input.trim().to_string()).filter(|r| !r.is_empty());
                Outcome::Close(vec![Cmd::Write(Write::SetStatus {
                    project: self.project,
                    to: self.to,
                    reason,
                })])
            }
            Action::Close => Outcome::Say("status not changed".into()),
            Action::ClearInput => {
                self.input.clear();
                Outcome::stay()
            }
            _ => Outcome::stay(),
        }
    }

    fn edit(&mut self, edit: TextEdit) -> Vec<Cmd> {
        edit.apply(&mut self.input);
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let key = |a| cx.keymap.key_for(a, self.contexts());
        super::prompt(
            frame,
            area,
            70,
            format!("Status -> {}", self.to.label()),
            &format!(
                "Why? (optional; {} saves, {} cancels)",
                key(Action::Confirm),
                key(Action::Close)
            ),
            &self.input,
            cx,
        );
    }
}
