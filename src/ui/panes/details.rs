//! The details pane: every field of the selected record and its links; the
//! link under the cursor is what Enter opens.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::store::views::DetailItem;
use crate::ui::state::{App, Pane};
use crate::ui::text::{fit, truncate};
use crate::ui::theme::Theme;
use crate::ui::view::{is_focused, pane_block};

const LABEL_CELLS: usize = 13;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = is_focused(app, Pane::Details);
    let Some(detail) = &app.record.detail else {
        let block = pane_block("Details".into(), focused, theme);
        frame.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let block = pane_block(
        truncate(&detail.title, usize::from(area.width.saturating_sub(6))),
        focused,
        theme,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0usize;
    let mut link_index = 0usize;
    let mut item_line = |item: &DetailItem, prefix: String, lines: &mut Vec<Line>| {
        let mut style = if item.overdue {
            theme.overdue
        } else if item.link.is_some() {
            theme.link
        } else {
            theme.base
        };
        if item.link.is_some() {
            if focused && link_index == app.record.link_cursor {
                style = style.patch(theme.selected);
                cursor_line = lines.len();
            }
            link_index += 1;
        }
        let room = width.saturating_sub(crate::ui::text::width(&prefix));
        lines.push(Line::from(vec![
            Span::styled(prefix, theme.dim),
            Span::styled(truncate(&item.text, room), style),
        ]));
    };
    if detail.deleted {
        lines.push(Line::from(Span::styled("in the trash", theme.error)));
    }
    if let Some(sub) = &detail.subtitle {
        lines.push(Line::from(Span::styled(truncate(sub, width), theme.title)));
    }
    for (label, item) in &detail.fields {
        item_line(item, format!("{} ", fit(label, LABEL_CELLS)), &mut lines);
    }
    for section in &detail.sections {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            truncate(&section.heading, width),
            theme.heading,
        )));
        if section.items.is_empty() {
            lines.push(Line::from(Span::styled("  none", theme.dim)));
        }
        for item in &section.items {
            item_line(item, "  ".into(), &mut lines);
        }
    }
    // Scroll so the selected link stays visible.
    let height = usize::from(inner.height);
    let scroll = cursor_line.saturating_sub(height.saturating_sub(1));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible).style(Style::default()), inner);
}
