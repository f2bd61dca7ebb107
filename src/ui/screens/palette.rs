//! The command palette (`:`, as in vim and k9s): every command of the screen
//! it was opened from, by name with its key, narrowed as you type; Enter
//! runs the highlighted one as if its key had been pressed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, TextEdit, centered, step};
use crate::ui::action::Action;
use crate::ui::keymap::{Context, Keymap};
use crate::ui::state::App;
use crate::ui::text::{fit, truncate};
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    /// The contexts of the screen below, whose commands are offered.
    pub under: Vec<Context>,
    /// Each command once: its action and what it does.
    pub commands: Vec<(Action, &'static str)>,
    pub input: String,
    /// Index into `matching()`.
    pub cursor: usize,
}

impl Palette {
    /// The commands of `under` (the descriptions do not depend on which keys
    /// the user chose, so the default table lists them).
    pub fn new(under: Vec<Context>) -> Palette {
        let mut commands: Vec<(Action, &'static str)> = Vec::new();
        for b in Keymap::default().active(&under) {
            let useless = matches!(b.action, Action::Palette | Action::Close);
            if !useless && !commands.iter().any(|(a, _)| *a == b.action) {
                commands.push((b.action, b.description));
            }
        }
        Palette {
            under,
            commands,
            input: String::new(),
            cursor: 0,
        }
    }

    /// The commands whose description or name holds every typed word, the
    /// closest first: the description is what was typed, then begins with
    /// it, then has a word that does, then the rest (in the table's order).
    pub fn matching(&self) -> Vec<(Action, &'static str)> {
        let typed = self.input.trim().to_lowercase();
        let words: Vec<&str> = typed.split_whitespace().collect();
        let mut found: Vec<(usize, (Action, &'static str))> = self
            .commands
            .iter()
            .filter_map(|&(action, description)| {
                let haystack = format!("{description} {}", action.name().replace('_', " "));
                let haystack = haystack.to_lowercase();
                if !words.iter().all(|w| haystack.contains(w)) {
                    return None;
                }
                let lower = description.to_lowercase();
                let rank = if lower == typed {
                    0
                } else if lower.starts_with(&typed) {
                    1
                } else if haystack.split_whitespace().any(|w| w.starts_with(&typed)) {
                    2
                } else {
                    3
                };
                Some((rank, (action, description)))
            })
            .collect();
        found.sort_by_key(|(rank, _)| *rank);
        found.into_iter().map(|(_, c)| c).collect()
    }
}

impl Screen for Palette {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Palette]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Close => Outcome::close(),
            Action::Quit => Outcome::Quit,
            Action::ClearInput => {
                self.input.clear();
                self.cursor = 0;
                Outcome::stay()
            }
            Action::Down | Action::Up => {
                self.cursor = step(self.cursor, action, self.matching().len());
                Outcome::stay()
            }
            Action::Confirm => match self.matching().get(self.cursor) {
                Some((action, _)) => Outcome::Run(vec![*action]),
                None => Outcome::stay(),
            },
            _ => Outcome::stay(),
        }
    }

    fn edit(&mut self, edit: TextEdit) -> Vec<Cmd> {
        edit.apply(&mut self.input);
        self.cursor = 0;
        Vec::new()
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 72, area.height.saturating_sub(4));
        frame.render_widget(Clear, popup);
        let matching = self.matching();
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let title = format!(
            "Commands: {} ({} runs, {} closes)",
            matching.len(),
            key(Action::Confirm),
            key(Action::Close)
        );
        let block = pane_block(title, true, cx.theme);
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let width = usize::from(inner.width);
        let mut lines = vec![Line::from(vec![
            Span::styled(": ", cx.theme.key),
            Span::styled(
                truncate(&self.input, width.saturating_sub(3)),
                cx.theme.title,
            ),
            Span::styled("_", cx.theme.key),
        ])];
        if matching.is_empty() {
            lines.push(Line::from(Span::styled(
                "No command by that name.",
                cx.theme.dim,
            )));
        }
        let height = usize::from(inner.height).saturating_sub(1).max(1);
        let first = self.cursor.saturating_sub(height - 1);
        for (i, (action, description)) in matching.iter().enumerate().skip(first).take(height) {
            let style = if i == self.cursor {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            let keys = cx.keymap.key_for(*action, &self.under);
            lines.push(Line::from(vec![
                Span::styled(format!(" {} ", fit(&keys, 10)), cx.theme.key),
                Span::styled(fit(description, width.saturating_sub(12)), style),
            ]));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
