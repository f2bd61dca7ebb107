//! Screens drawn over the main one, one file each.

pub mod confirm;
pub mod damaged;
pub mod editor;
pub mod help;
pub mod import;
pub mod reader;
pub mod search;
pub mod status;
pub mod too_small;
pub mod trash;
pub mod welcome;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::ui::text::truncate;
use crate::ui::view::{ViewContext, pane_block};

/// A rectangle of at most `w`x`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// A one-line answer being typed: a hint, then `> text_`, in a titled box
/// `width` cells wide (the status reason, the import path).
pub fn prompt(
    frame: &mut Frame,
    area: Rect,
    width: u16,
    title: String,
    hint: &str,
    input: &str,
    cx: &ViewContext,
) {
    let popup = centered(area, width, 5);
    frame.render_widget(Clear, popup);
    let room = usize::from(popup.width.saturating_sub(6));
    let lines = vec![
        Line::from(Span::styled(hint.to_string(), cx.theme.dim)),
        Line::from(vec![
            Span::styled("> ", cx.theme.key),
            Span::styled(truncate(input, room), cx.theme.title),
            Span::styled("_", cx.theme.key),
        ]),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(title, true, cx.theme)),
        popup,
    );
}
