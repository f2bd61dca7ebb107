//! Importing from the UI, last step: what would happen, to confirm, with a
//! choice for each likely duplicate.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, centered, step};
use crate::exchange::plan::Choice;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::{App, PlannedImport};
use crate::ui::text::truncate;
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    pub planned: Box<PlannedImport>,
    /// Which likely duplicate is selected (its choice can be changed).
    pub cursor: usize,
}

impl Screen for ImportPreview {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Import]
    }

    /// Move among the likely duplicates, change what happens to the
    /// selected one, then import, or merge them all.
    fn handle(&mut self, action: Action) -> Outcome {
        let planned = &mut self.planned;
        match action {
            Action::Down | Action::Up => {
                let duplicates = planned.plan.duplicates().count();
                self.cursor = step(self.cursor, action, duplicates);
                Outcome::stay()
            }
            Action::ToggleDone => {
                if let Some(item) = planned
                    .plan
                    .items
                    .iter_mut()
                    // The listed ones: a possible duplicate is always imported.
                    .filter(|i| i.duplicate.as_ref().is_some_and(|d| !d.possible))
                    .nth(self.cursor)
                {
                    item.choice = match item.choice {
                        Choice::Skip => Choice::Merge,
                        Choice::Merge => Choice::Create,
                        Choice::Create => Choice::Skip,
                    };
                }
                planned.preview = crate::exchange::plan::preview(&planned.name, &planned.plan);
                Outcome::stay()
            }
            Action::Confirm | Action::Merge => {
                let mut plan = planned.plan.clone();
                if action == Action::Merge {
                    plan.choose_for_duplicates(Choice::Merge);
                }
                Outcome::Close(vec![Cmd::ApplyImport {
                    plan: Box::new(plan),
                }])
            }
            Action::Close => Outcome::Say("nothing imported".into()),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let (planned, cursor) = (&self.planned, self.cursor);
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let height = area.height.saturating_sub(4).max(3);
        let popup = centered(area, area.width.saturating_sub(8).clamp(20, 110), height);
        frame.render_widget(Clear, popup);
        let room = usize::from(popup.width.saturating_sub(4));
        // Duplicate lines are the indented "    place: 'name' = ..." ones after
        // the "likely duplicates" heading; the cursor picks one of them.
        let lines: Vec<&str> = planned.preview.lines().collect();
        let first_duplicate = lines
            .iter()
            .position(|l| l.trim_start().starts_with("likely duplicates"))
            .map(|i| i + 1);
        let selected = first_duplicate.map(|i| i + cursor);
        let visible = usize::from(popup.height.saturating_sub(4)).max(1);
        let skip = selected.map_or(0, |s| s.saturating_sub(visible.saturating_sub(1)));
        let mut shown: Vec<Line> = lines
            .iter()
            .enumerate()
            .skip(skip)
            .map(|(i, l)| {
                let style = if Some(i) == selected {
                    cx.theme.selected
                } else {
                    cx.theme.base
                };
                Line::from(Span::styled(truncate(l, room), style))
            })
            .collect();
        shown.truncate(visible);
        shown.push(Line::from(""));
        let question = if planned.plan.problems.is_empty() {
            format!(
                "{}: import as shown   {}: skip / merge / create the selected duplicate   {}: merge all   {}: cancel",
                key(Action::Confirm),
                key(Action::ToggleDone),
                key(Action::Merge),
                key(Action::Close)
            )
        } else {
            format!(
                "Some records cannot be imported (listed above): {} imports the rest   {}: cancel",
                key(Action::Confirm),
                key(Action::Close)
            )
        };
        shown.push(Line::from(Span::styled(
            truncate(&question, room),
            cx.theme.key,
        )));
        let block = pane_block(
            format!("Import {}", truncate(&planned.name, room / 2)),
            true,
            cx.theme,
        );
        frame.render_widget(Paragraph::new(shown).block(block), popup);
    }
}
