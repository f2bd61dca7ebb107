//! Deleted records, newest first; restoring the selected one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, centered, step};
use crate::store::views::TrashItem;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::{App, Write};
use crate::ui::text::{fit, truncate};
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trash {
    pub items: Vec<TrashItem>,
    pub cursor: usize,
}

impl Trash {
    /// The trash as read again (after a restore, or on opening).
    pub fn loaded(&mut self, items: Vec<TrashItem>) {
        self.items = items;
        self.cursor = self.cursor.min(self.items.len().saturating_sub(1));
    }
}

impl Screen for Trash {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Picker]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Down | Action::Up => {
                self.cursor = step(self.cursor, action, self.items.len());
                Outcome::stay()
            }
            Action::Restore | Action::Confirm => match self.items.get(self.cursor) {
                Some(item) => Outcome::Stay(vec![
                    Cmd::Write(Write::SetDeleted {
                        kind: item.kind,
                        id: item.id,
                        deleted: false,
                    }),
                    Cmd::LoadTrash,
                ]),
                None => Outcome::stay(),
            },
            Action::Close => Outcome::close(),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 90, area.height.saturating_sub(2));
        frame.render_widget(Clear, popup);
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let block = pane_block(
            format!(
                "Trash ({}): {} restores, {} closes",
                self.items.len(),
                key(Action::Restore),
                key(Action::Close)
            ),
            true,
            cx.theme,
        );
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let width = usize::from(inner.width);
        let height = usize::from(inner.height).max(1);
        if self.items.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled("The trash is empty.", cx.theme.dim)),
                inner,
            );
            return;
        }
        let first = self.cursor.saturating_sub(height - 1);
        let lines: Vec<Line> = self
            .items
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, item)| {
                let style = if i == self.cursor {
                    cx.theme.selected
                } else {
                    cx.theme.base
                };
                let head = format!(
                    "{} {} ",
                    item.deleted_at.format("%Y-%m-%d %H:%M"),
                    fit(item.kind.label(), 12)
                );
                let text = format!(
                    "{head}{}",
                    truncate(&item.title, width.saturating_sub(head.len()))
                );
                Line::from(Span::styled(fit(&text, width), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
