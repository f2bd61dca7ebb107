//! "Needs review": what the merge of other desks' changes left for a
//! person to decide, each kind a variant of `ReviewItem` with its own
//! section:
//! - conflicts (a field changed on two desks at once: the value kept and
//!   the one that lost): keep mine, keep theirs, or edit the record (its
//!   form, prefilled; saving it resolves the conflict);
//! - records entered twice (`store::duplicates`: the same organization,
//!   the same person's UID or e-mail): merge the second into the first,
//!   after the confirm popup.
//!
//! Each choice is a normal edit that travels.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, centered, step};
use crate::store::duplicates::Duplicate;
use crate::sync::review::{Choice, Conflict, Side};
use crate::ui::action::Action;
use crate::ui::keymap::Context;
use crate::ui::state::{App, Confirm, Write, Yes};
use crate::ui::text::{fit, truncate};
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

/// One thing to review.
#[derive(Debug, Clone, PartialEq)]
pub enum ReviewItem {
    /// A field changed on two desks without either seeing the other's change.
    Conflict(Box<Conflict>),
    /// One organization or person entered twice (on two desks, or twice here).
    Duplicate(Box<Duplicate>),
}

impl ReviewItem {
    /// The section it is listed under.
    fn section(&self) -> &'static str {
        match self {
            ReviewItem::Conflict(_) => "Changed on two desks at once",
            ReviewItem::Duplicate(_) => "Entered twice",
        }
    }

    /// Its lines: a head, then details.
    fn lines(&self) -> Vec<(String, bool)> {
        match self {
            ReviewItem::Conflict(c) => {
                // Who and when first: a long value is what gets cut.
                let side = |who: &str, s: &Side, kept: bool| {
                    let state = if kept { "kept" } else { "lost" };
                    format!(
                        "    {} {}, {}, {state}: {}",
                        fit(who, 7),
                        s.desk,
                        s.at,
                        s.shown
                    )
                };
                let mine_kept = c.mine() == &c.kept;
                vec![
                    (format!("{}: {}", c.record_name, c.field), true),
                    (side("mine:", c.mine(), mine_kept), false),
                    (side("theirs:", c.theirs(), !mine_kept), false),
                ]
            }
            ReviewItem::Duplicate(d) => vec![
                (
                    format!("{} {:?} and {:?}", d.kind.label(), d.a_title, d.b_title),
                    true,
                ),
                (format!("    {}", d.reason), false),
            ],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeedsReview {
    /// `None` until read.
    pub items: Option<Vec<ReviewItem>>,
    pub cursor: usize,
}

impl NeedsReview {
    pub fn loaded(&mut self, items: Vec<ReviewItem>) {
        self.cursor = self.cursor.min(items.len().saturating_sub(1));
        self.items = Some(items);
    }

    fn len(&self) -> usize {
        self.items.as_ref().map_or(0, Vec::len)
    }

    fn current(&self) -> Option<&ReviewItem> {
        self.items.as_ref()?.get(self.cursor)
    }

    fn choose(&self, choice: Choice) -> Outcome {
        match self.current() {
            Some(ReviewItem::Conflict(c)) => Outcome::Stay(vec![
                Cmd::Write(Write::Resolve {
                    key: c.key.clone(),
                    choice,
                }),
                Cmd::LoadReview { duplicates: false },
            ]),
            Some(ReviewItem::Duplicate(_)) => {
                Outcome::Tell("entered twice: merge them, or leave them be".into())
            }
            None => Outcome::stay(),
        }
    }

    /// Merging asks first: the second record goes to the trash.
    fn merge(&self) -> Outcome {
        let Some(ReviewItem::Duplicate(d)) = self.current() else {
            return Outcome::Tell("only records entered twice are merged".into());
        };
        Outcome::Open(crate::ui::screens::Overlay::Confirm(Confirm {
            question: format!(
                "Merge {} {:?} into {:?}? Its links, phones, e-mails and UID move to the first; the second goes to the trash.",
                d.kind.label(),
                d.b_title,
                d.a_title
            ),
            on_yes: Yes::Write(Write::Merge {
                kind: d.kind,
                keep: d.a,
                gone: d.b,
            }),
            on_no: None,
        }))
    }

    /// The record an item is about (a duplicate: the first of the two).
    fn record(&self) -> Option<(crate::domain::RecordKind, crate::domain::Id)> {
        match self.current()? {
            ReviewItem::Conflict(c) => c.record,
            ReviewItem::Duplicate(d) => Some((d.kind, d.a)),
        }
    }
}

impl Screen for NeedsReview {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Review]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Down | Action::Up | Action::Top | Action::Bottom => {
                self.cursor = step(self.cursor, action, self.len());
                Outcome::stay()
            }
            Action::KeepMine => self.choose(Choice::Mine),
            Action::KeepTheirs => self.choose(Choice::Theirs),
            Action::Merge => self.merge(),
            Action::Edit => match self.current() {
                Some(ReviewItem::Conflict(c)) => match c.record {
                    Some((kind, id)) => Outcome::Close(vec![Cmd::PrepareEditToResolve {
                        kind,
                        id,
                        key: c.key.clone(),
                    }]),
                    None => Outcome::Tell("this field has no form: keep mine or theirs".into()),
                },
                Some(ReviewItem::Duplicate(_)) => {
                    Outcome::Tell("entered twice: merge them, or open one to edit it".into())
                }
                None => Outcome::stay(),
            },
            Action::Open => match self.record() {
                Some((kind, id)) => Outcome::Show(kind, id),
                None => Outcome::stay(),
            },
            Action::Close => Outcome::close(),
            Action::Quit => Outcome::Quit,
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 110, area.height.saturating_sub(2));
        frame.render_widget(Clear, popup);
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let count = self
            .items
            .as_ref()
            .map_or("...".to_string(), |i| i.len().to_string());
        let block = pane_block(
            format!(
                "Needs review ({count}): {} keeps mine, {} keeps theirs, {} edits, {} merges, {} closes",
                key(Action::KeepMine),
                key(Action::KeepTheirs),
                key(Action::Edit),
                key(Action::Merge),
                key(Action::Close)
            ),
            true,
            cx.theme,
        );
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let width = usize::from(inner.width);
        let Some(items) = &self.items else {
            let reading = Paragraph::new(Span::styled("Reading...", cx.theme.dim));
            frame.render_widget(reading, inner);
            return;
        };
        if items.is_empty() {
            let text = "Nothing to review: every change from other desks merged on its own.";
            frame.render_widget(Paragraph::new(Span::styled(text, cx.theme.dim)), inner);
            return;
        }
        let mut lines: Vec<Line> = Vec::new();
        let mut cursor_line = 0;
        let mut section = "";
        for (i, item) in items.iter().enumerate() {
            if item.section() != section {
                section = item.section();
                let n = items.iter().filter(|x| x.section() == section).count();
                lines.push(Line::from(Span::styled(
                    format!("{section} ({n})"),
                    cx.theme.heading,
                )));
            }
            if i == self.cursor {
                cursor_line = lines.len();
            }
            for (text, head) in item.lines() {
                let style: Style = match (i == self.cursor, head) {
                    (true, _) => cx.theme.selected,
                    (false, true) => cx.theme.title,
                    (false, false) => cx.theme.base,
                };
                let text = format!("  {text}");
                lines.push(Line::from(Span::styled(
                    fit(&truncate(&text, width), width),
                    style,
                )));
            }
        }
        // Keep the selected item (its three lines) in view.
        let height = usize::from(inner.height).max(1);
        let first = (cursor_line + 3).saturating_sub(height);
        let shown: Vec<Line> = lines.into_iter().skip(first).take(height).collect();
        frame.render_widget(Paragraph::new(shown), inner);
    }
}
