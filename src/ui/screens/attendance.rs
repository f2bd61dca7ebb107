//! The attendance checklist, on the day: the guest list with a mark for
//! each person who came. Space marks the person under the cursor attended
//! (or not) and moves to the next, so a list is ticked off top to bottom;
//! the count of those who came is at the top.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{Outcome, Screen, centered, step};
use crate::domain::{Id, InviteeStatus};
use crate::store::views::{EventDetail, InviteeLine};
use crate::ui::action::Action;
use crate::ui::event_writes::EventWrite;
use crate::ui::keymap::Context;
use crate::ui::state::{App, Write};
use crate::ui::text::{fit, truncate};
use crate::ui::update::Cmd;
use crate::ui::view::{ViewContext, pane_block};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceList {
    pub event: Id,
    pub title: String,
    pub lines: Vec<InviteeLine>,
    /// Each line's status when the list was read: where un-marking returns.
    before: Vec<InviteeStatus>,
    pub cursor: usize,
    /// False until the guest list has been read.
    pub loaded: bool,
}

impl AttendanceList {
    pub fn new(event: Id, title: String) -> AttendanceList {
        AttendanceList {
            event,
            title,
            lines: Vec::new(),
            before: Vec::new(),
            cursor: 0,
            loaded: false,
        }
    }

    /// The guest list as read from the book.
    pub fn loaded(&mut self, detail: &EventDetail) {
        if detail.event.meta.id != self.event {
            return;
        }
        self.title = detail.event.title.clone();
        self.lines = detail.invitees.clone();
        self.before = self.lines.iter().map(|l| l.status).collect();
        self.cursor = self.cursor.min(self.lines.len().saturating_sub(1));
        self.loaded = true;
    }

    pub fn attended(&self) -> usize {
        self.lines
            .iter()
            .filter(|l| l.status == InviteeStatus::Attended)
            .count()
    }

    /// Marks the person under the cursor attended, or back to what they
    /// were (invited, if they were marked attended before the list opened);
    /// then moves down.
    fn toggle(&mut self) -> Vec<Cmd> {
        let Some(line) = self.lines.get_mut(self.cursor) else {
            return Vec::new();
        };
        line.status = if line.status == InviteeStatus::Attended {
            match self.before.get(self.cursor) {
                Some(InviteeStatus::Attended) | None => InviteeStatus::Invited,
                Some(s) => *s,
            }
        } else {
            InviteeStatus::Attended
        };
        let write = Write::Event(EventWrite::SetStatus {
            event: self.event,
            who: line.who,
            status: line.status,
            name: line.name.clone().unwrap_or_default(),
        });
        self.cursor = step(self.cursor, Action::Down, self.lines.len());
        vec![Cmd::Write(write)]
    }
}

impl Screen for AttendanceList {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Attendance]
    }

    fn handle(&mut self, action: Action) -> Outcome {
        match action {
            Action::Down | Action::Up | Action::Top | Action::Bottom => {
                self.cursor = step(self.cursor, action, self.lines.len());
                Outcome::stay()
            }
            Action::ToggleDone => Outcome::Stay(self.toggle()),
            Action::Close => Outcome::close(),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, _app: &App, cx: &ViewContext) {
        let popup = centered(area, 80, area.height.saturating_sub(2));
        frame.render_widget(Clear, popup);
        let key = |a| cx.keymap.key_for(a, self.contexts());
        let block = pane_block(
            format!(
                "Attendance: {}: {} marks, {} when done",
                self.title,
                key(Action::ToggleDone),
                key(Action::Close)
            ),
            true,
            cx.theme,
        );
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let width = usize::from(inner.width);
        let count = if self.loaded {
            format!("Attended {} of {}", self.attended(), self.lines.len())
        } else {
            "reading the guest list...".into()
        };
        let mut lines = vec![Line::from(Span::styled(count, cx.theme.title))];
        if self.loaded && self.lines.is_empty() {
            lines.push(Line::from(Span::styled(
                "Nobody is invited yet.",
                cx.theme.dim,
            )));
        }
        let height = usize::from(inner.height).saturating_sub(1).max(1);
        let first = self.cursor.saturating_sub(height - 1);
        for (i, l) in self.lines.iter().enumerate().skip(first).take(height) {
            let style = if i == self.cursor {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            let mark = match l.status {
                InviteeStatus::Attended => "[x]",
                InviteeStatus::Absent | InviteeStatus::Cancelled => "[-]",
                _ => "[ ]",
            };
            let org = l
                .organization
                .as_deref()
                .filter(|_| l.link().kind == crate::domain::RecordKind::Contact)
                .map(|o| format!(" ({o})"))
                .unwrap_or_default();
            let name = l.name.as_deref().unwrap_or("(missing)");
            let text = format!("{mark} {name}{org}");
            lines.push(Line::from(Span::styled(
                fit(&truncate(&text, width), width),
                style,
            )));
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
