//! Which month a report is for (`R`): this month and the twelve before,
//! newest first, starting on the month `default_report_month` picks.

use chrono::{Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, centered, step};
use crate::domain::date::{default_report_month, first_of_month};
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::App;
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

/// Months offered, counting this one.
const MONTHS: u32 = 13;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthPicker {
    /// First days of the months offered, newest first.
    pub months: Vec<NaiveDate>,
    pub cursor: usize,
}

impl MonthPicker {
    pub fn new(today: NaiveDate) -> MonthPicker {
        let this = first_of_month(today);
        let months: Vec<NaiveDate> = (0..MONTHS)
            .filter_map(|n| this.checked_sub_months(Months::new(n)))
            .collect();
        let wanted = default_report_month(today);
        let cursor = months.iter().position(|m| *m == wanted).unwrap_or(0);
        MonthPicker { months, cursor }
    }

    pub fn selected(&self) -> Option<NaiveDate> {
        self.months.get(self.cursor).copied()
    }
}

impl Screen for MonthPicker {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Month]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Down | Action::Up => {
                self.cursor = step(self.cursor, action, self.months.len());
                Outcome::stay()
            }
            Action::Confirm => match self.selected() {
                Some(month) => Outcome::Close(vec![Cmd::WriteReport { month }]),
                None => Outcome::close(),
            },
            Action::Close => Outcome::Say("no report written".into()),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 40, (self.months.len() as u16 + 3).min(area.height));
        frame.render_widget(Clear, popup);
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(
            format!(
                " {} writes it, {} cancels",
                key(Action::Confirm),
                key(Action::Close)
            ),
            cx.theme.dim,
        ))];
        let height = usize::from(popup.height.saturating_sub(3)).max(1);
        let first = self.cursor.saturating_sub(height - 1);
        for (i, month) in self.months.iter().enumerate().skip(first).take(height) {
            let style = if i == self.cursor {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            let label = format!(" {:<36}", month.format("%Y-%m  %B"));
            lines.push(Line::from(Span::styled(label, style)));
        }
        let block = pane_block("Report for which month?".into(), true, cx.theme);
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}
