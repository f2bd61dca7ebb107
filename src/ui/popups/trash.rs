//! Deleted records, newest first; `r` or enter restores the selected one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::store::views::TrashItem;
use crate::ui::text::{fit, truncate};
use crate::ui::view::{ViewContext, pane_block};

pub fn render(frame: &mut Frame, area: Rect, items: &[TrashItem], cursor: usize, cx: &ViewContext) {
    let popup = centered(area, 90, area.height.saturating_sub(2));
    frame.render_widget(Clear, popup);
    let block = pane_block(
        format!("Trash ({}): r restores, esc closes", items.len()),
        true,
        cx.theme,
    );
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height).max(1);
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled("The trash is empty.", cx.theme.dim)),
            inner,
        );
        return;
    }
    let first = cursor.saturating_sub(height - 1);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, item)| {
            let style = if i == cursor {
                cx.theme.selected
            } else {
                cx.theme.base
            };
            let head = format!(
                "{} {} ",
                item.deleted_at.format("%Y-%m-%d %H:%M"),
                fit(item.kind.label(), 12)
            );
            let text = format!(
                "{head}{}",
                truncate(&item.title, width.saturating_sub(head.len()))
            );
            Line::from(Span::styled(fit(&text, width), style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
