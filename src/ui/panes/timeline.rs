//! Notes, visits and status changes about the selected record, newest
//! first: one row each, cut at the pane's edge; the whole of the selected
//! one is one key away, in the reader (the pane says which key).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::ui::action::Action;
use crate::ui::panes::list::key_for;
use crate::ui::state::{App, Pane};
use crate::ui::text::{fit, truncate, width};
use crate::ui::view::{ViewContext, is_focused, pane_block};

pub fn render(frame: &mut Frame, area: Rect, app: &App, cx: &ViewContext) {
    let theme = cx.theme;
    let focused = is_focused(app, Pane::Timeline);
    let entries = &app.record.timeline;
    let mut block = pane_block(
        format!("Notes and timeline ({})", entries.len()),
        focused,
        theme,
    );
    if focused
        && !entries.is_empty()
        && let Some(key) = key_for(cx.keymap, Action::Open, app)
    {
        let hint = format!(" {key} reads it whole ");
        if width(&hint) + 4 <= usize::from(area.width) {
            block = block.title_bottom(Line::from(Span::styled(hint, theme.dim)).right_aligned());
        }
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let height = usize::from(inner.height);
    if height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let cursor = app.record.timeline_cursor;
    let first = cursor.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, e)| {
            let head = format!("{} {} ", e.at.format("%Y-%m-%d"), fit(e.label, 6));
            let room = width.saturating_sub(head.len());
            let mut style = if e.link.is_some() {
                theme.link
            } else {
                theme.base
            };
            if focused && i == cursor {
                style = style.patch(theme.selected);
            }
            Line::from(vec![
                Span::styled(head, theme.dim),
                Span::styled(truncate(&e.text, room), style),
            ])
        })
        .collect();
    if lines.is_empty() && app.record.detail.is_some() {
        // Consultations take no notes (their question and advice are text).
        let takes_notes = app
            .record
            .detail
            .as_ref()
            .is_some_and(|d| d.kind != crate::domain::RecordKind::Consultation);
        let add = key_for(cx.keymap, Action::AddNote, app)
            .filter(|_| takes_notes)
            .map(|k| format!("; {k} adds one"))
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(Span::styled(format!("no notes yet{add}"), theme.dim)),
            inner,
        );
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
