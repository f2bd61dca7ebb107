//! The people to call: those the desk has not been in touch with (visit,
//! consultation, event attended) for longer than their period, longest
//! silence first. Enter opens the person.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, centered, step};
use crate::domain::{RecordKind, TouchRules};
use crate::store::views::NotInTouch;
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::App;
use crate::ui::text::{fit, truncate};
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq)]
pub struct NotInTouchScreen {
    pub rules: TouchRules,
    /// `None` until read.
    pub people: Option<Vec<NotInTouch>>,
    pub cursor: usize,
}

impl NotInTouchScreen {
    pub fn new(rules: TouchRules) -> NotInTouchScreen {
        NotInTouchScreen {
            rules,
            people: None,
            cursor: 0,
        }
    }

    pub fn loaded(&mut self, people: Vec<NotInTouch>) {
        self.cursor = self.cursor.min(people.len().saturating_sub(1));
        self.people = Some(people);
    }

    fn len(&self) -> usize {
        self.people.as_ref().map_or(0, Vec::len)
    }

    /// "412 days  Wanjiru Kamau  (Kisumu Water Trust)  last 2025-10-12 visit".
    fn line(p: &NotInTouch) -> String {
        let silence = match p.days {
            Some(d) => format!("{d} days"),
            None => "never".to_string(),
        };
        let org = p
            .organization
            .as_ref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        let last = match p.last {
            Some((d, kind)) => format!("last {} {}", d.format("%Y-%m-%d"), kind.label()),
            None => "no contact on record".to_string(),
        };
        let every = match &p.tag {
            Some(tag) => format!("every {} d, {tag}", p.every),
            None => format!("every {} d", p.every),
        };
        format!("{} {}{org}  {last}  [{every}]", fit(&silence, 10), p.name)
    }
}

impl Screen for NotInTouchScreen {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Picker]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Down | Action::Up | Action::Top | Action::Bottom => {
                self.cursor = step(self.cursor, action, self.len());
                Outcome::stay()
            }
            Action::Confirm => match self.people.as_ref().and_then(|p| p.get(self.cursor)) {
                Some(p) => Outcome::Show(RecordKind::Contact, p.contact),
                None => Outcome::stay(),
            },
            Action::Close => Outcome::close(),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 100, area.height.saturating_sub(2));
        frame.render_widget(Clear, popup);
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let tags: Vec<String> = self
            .rules
            .by_tag
            .iter()
            .map(|(t, d)| format!("{t} {d}"))
            .collect();
        let rules = if tags.is_empty() {
            format!("every {} days", self.rules.default_days)
        } else {
            format!(
                "every {} days; {}",
                self.rules.default_days,
                tags.join(", ")
            )
        };
        let count = self
            .people
            .as_ref()
            .map_or("...".to_string(), |p| p.len().to_string());
        let block = pane_block(
            format!(
                "People to call ({count}, not in touch: {rules}): {} opens, {} closes",
                key(Action::Confirm),
                key(Action::Close)
            ),
            true,
            cx.theme,
        );
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let width = usize::from(inner.width);
        let height = usize::from(inner.height).max(1);
        let Some(people) = &self.people else {
            frame.render_widget(
                Paragraph::new(Span::styled("Reading...", cx.theme.dim)),
                inner,
            );
            return;
        };
        if people.is_empty() {
            let text = "Everyone is in touch: nobody has gone longer than their period.";
            frame.render_widget(Paragraph::new(Span::styled(text, cx.theme.dim)), inner);
            return;
        }
        let first = self.cursor.saturating_sub(height - 1);
        let lines: Vec<Line> = people
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, p)| {
                let style = if i == self.cursor {
                    cx.theme.selected
                } else {
                    cx.theme.base
                };
                Line::from(Span::styled(
                    fit(&truncate(&Self::line(p), width), width),
                    style,
                ))
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
