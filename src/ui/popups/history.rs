//! A record's history: who (which desk) changed which field, when, from
//! what to what; newest first, its creation last. Read from the change log
//! (`sync::history`).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::sync::history::HistoryEntry;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::screens::{Outcome, Screen};
use crate::ui::state::App;
use crate::ui::text::{fit, truncate};
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// "organization \"Kibera Youth\"".
    pub title: String,
    pub entries: Vec<HistoryEntry>,
    /// The first line shown.
    pub scroll: usize,
}

/// Lines a page moves.
const PAGE: usize = 10;

impl History {
    pub fn new(title: String, entries: Vec<HistoryEntry>) -> History {
        History {
            title,
            entries,
            scroll: 0,
        }
    }

    /// "2026-12-07 07:18  kisumu.db (01a24f5e)  city: "Nairobi" -> "Kisumu"".
    fn line(e: &HistoryEntry, desk_cells: usize) -> String {
        let change = match (e.from.is_empty(), e.to.is_empty()) {
            (true, true) => e.what.clone(),
            (true, false) => format!("{}: {}", e.what, e.to),
            (false, true) => format!("{}: {}", e.what, e.from),
            (false, false) => format!("{}: {} -> {}", e.what, e.from, e.to),
        };
        format!("{}  {}  {change}", fit(&e.at, 16), fit(&e.desk, desk_cells))
    }
}

impl Screen for History {
    fn contexts(&self) -> &'static [Context] {
        &[Context::History]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        let last = self.entries.len().saturating_sub(1);
        self.scroll = match action {
            Action::Down => (self.scroll + 1).min(last),
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown => (self.scroll + PAGE).min(last),
            Action::PageUp => self.scroll.saturating_sub(PAGE),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Close => return Outcome::close(),
            Action::Quit => return Outcome::Quit,
            _ => self.scroll,
        };
        Outcome::stay()
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 110, area.height.saturating_sub(2));
        frame.render_widget(Clear, popup);
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let block = pane_block(
            format!(
                "History of {} ({} changes, newest first): {} closes",
                self.title,
                self.entries.len(),
                key(Action::Close)
            ),
            true,
            cx.theme,
        );
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let width = usize::from(inner.width);
        if self.entries.is_empty() {
            let text = "No change of this record is in the change log.";
            frame.render_widget(Paragraph::new(Span::styled(text, cx.theme.dim)), inner);
            return;
        }
        let desk_cells = self
            .entries
            .iter()
            .map(|e| crate::ui::text::width(&e.desk))
            .max()
            .unwrap_or(0)
            .min(28);
        let lines: Vec<Line> = self
            .entries
            .iter()
            .skip(self.scroll)
            .take(usize::from(inner.height))
            .map(|e| {
                let text = truncate(&Self::line(e, desk_cells), width);
                let style = if e.what == "created" {
                    cx.theme.dim
                } else {
                    cx.theme.base
                };
                Line::from(Span::styled(fit(&text, width), style))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
