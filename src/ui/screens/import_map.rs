//! Importing a CSV whose header row was not recognised: saying which field
//! each column fills.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, centered, step};
use crate::exchange::csv_in::MAP_FIELDS;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::{App, ImportMap};
use crate::ui::text::truncate;
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    pub map: Box<ImportMap>,
    pub cursor: usize,
}

impl Screen for ColumnMap {
    fn contexts(&self) -> &'static [Context] {
        &[Context::ImportMap]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Down | Action::Up => {
                self.cursor = step(self.cursor, action, self.map.columns.len());
                Outcome::stay()
            }
            Action::ToggleDone => {
                if let Some((_, field)) = self.map.columns.get_mut(self.cursor) {
                    *field = (*field + 1) % MAP_FIELDS.len();
                }
                Outcome::stay()
            }
            Action::Confirm => {
                let maps = self
                    .map
                    .columns
                    .iter()
                    .map(|(column, field)| format!("{column}={}", MAP_FIELDS[*field].0))
                    .collect();
                Outcome::Close(vec![Cmd::PlanImport {
                    path: self.map.path.clone(),
                    maps,
                }])
            }
            Action::Close => Outcome::Say("nothing imported".into()),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let (map, cursor) = (&self.map, self.cursor);
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let height = (map.columns.len() as u16 + 5).min(area.height.saturating_sub(2));
        let popup = centered(area, area.width.saturating_sub(8).clamp(20, 90), height);
        frame.render_widget(Clear, popup);
        let room = usize::from(popup.width.saturating_sub(4));
        let visible = usize::from(popup.height.saturating_sub(5)).max(1);
        let skip = cursor.saturating_sub(visible.saturating_sub(1));
        let mut lines = vec![Line::from(Span::styled(
            truncate(
                &format!(
                    "Which field does each column fill? ({} changes it)",
                    key(Action::ToggleDone)
                ),
                room,
            ),
            cx.theme.dim,
        ))];
        for (i, (column, field)) in map.columns.iter().enumerate().skip(skip).take(visible) {
            let (name, what) = MAP_FIELDS[*field];
            let style = if i == cursor {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            let text = format!("{:<24} -> {name} ({what})", truncate(column, 24));
            lines.push(Line::from(Span::styled(truncate(&text, room), style)));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            truncate(
                &format!(
                    "{}: read the file with these columns   {}: cancel",
                    key(Action::Confirm),
                    key(Action::Close)
                ),
                room,
            ),
            cx.theme.key,
        )));
        let block = pane_block("Import: name the CSV's columns".into(), true, cx.theme);
        frame.render_widget(Paragraph::new(lines).block(block), popup);
    }
}
