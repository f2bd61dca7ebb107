//! Choosing a project's next status, then saying why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::domain::ProjectStatus;
use crate::ui::view::{ViewContext, pane_block};

pub fn render_picker(frame: &mut Frame, area: Rect, cursor: usize, cx: &ViewContext) {
    let popup = centered(area, 34, ProjectStatus::ALL.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let lines: Vec<Line> = ProjectStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = if i == cursor {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            Line::from(Span::styled(format!(" {:<30}", s.label()), style))
        })
        .collect();
    let block = pane_block("New status (enter)".into(), true, cx.theme);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

pub fn render_reason(
    frame: &mut Frame,
    area: Rect,
    to: ProjectStatus,
    input: &str,
    cx: &ViewContext,
) {
    super::prompt(
        frame,
        area,
        70,
        format!("Status -> {}", to.label()),
        "Why? (optional; enter saves, esc cancels)",
        input,
        cx,
    );
}
